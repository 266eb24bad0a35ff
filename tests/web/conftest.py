"""Fixtures for the web pages: a fresh app (``create_app`` + ``offplatform.web.install``) on a fresh
SQLite database, people and a conversation made through the service layer, and sign-in helpers.

The browser tests (``test_browser.py``) also serve the app with uvicorn on 127.0.0.1 in a thread.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI
from fastapi.testclient import TestClient

from offplatform import Scanner
from offplatform.service import Settings, accounts, create_app, marketplace
from offplatform.service.db import transaction, upgrade
from offplatform.service.models import Role
from offplatform.service.principal import Principal
from offplatform.service.security import Passwords
from offplatform.web import install

PASSWORD = "correct horse battery"
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture(scope="session")
def web_template(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("webtpl") / "template.db"
    upgrade(f"sqlite:///{path}")
    return str(path)


@pytest.fixture(scope="session")
def web_scanner() -> Scanner:
    return Scanner()


def make_web_app(database_path: str, scanner: Scanner, **overrides: Any) -> FastAPI:
    values: dict[str, Any] = {"database_url": f"sqlite:///{database_path}", "webhooks": False,
                              "secret_key": "web-test-secret", "rate_limit": "100000/minute",
                              "check_rate_limit": "100000/minute", "auto_migrate": False, "cookie_secure": False}
    values.update(overrides)
    settings = Settings(**values)
    app = create_app(settings, scanner=scanner)
    install(app, settings)
    app.state.runtime.passwords = Passwords(FAST_HASHER)
    return app


@dataclass(frozen=True)
class World:
    """Who exists in a fresh database: a client, two freelancers, a moderator, two conversations
    (the client with each freelancer; the first at the interview stage)."""

    client: int
    freelancer: int
    other_freelancer: int
    moderator: int
    conversation: int
    other_conversation: int

    EMAILS = {"client": "client@example.test", "freelancer": "freelancer@example.test",
              "other_freelancer": "other@example.test", "moderator": "moderator@example.test"}


def seed(app: FastAPI) -> World:
    rt = app.state.runtime
    ids: dict[str, int] = {}
    with transaction(rt.sessions) as s:
        for key, name, role in (("client", "Dana Client", Role.CLIENT),
                                ("freelancer", "Frank Freelancer", Role.FREELANCER),
                                ("other_freelancer", "Olga Other", Role.FREELANCER),
                                ("moderator", "Mo Moderator", Role.MODERATOR)):
            user = accounts.create_user(s, rt.passwords, email=World.EMAILS[key], name=name, role=role,
                                        password=PASSWORD, actor="test")
            ids[key] = user.id
        client = Principal(user_id=ids["client"], role=Role.CLIENT, via="session")
        job = marketplace.create_job(s, client, "Logo for a bakery", "Three concepts, vector files.")
        conv = marketplace.start_conversation(s, client, job.id, ids["freelancer"])
        marketplace.invite_to_interview(s, client, conv.id)
        other = marketplace.start_conversation(s, client, job.id, ids["other_freelancer"])
        return World(conversation=conv.id, other_conversation=other.id, **ids)


def csrf_of(html: str) -> str:
    match = CSRF_FIELD.search(html)
    assert match, "no CSRF field on the page"
    return match.group(1)


def sign_in(client: TestClient, email: str) -> str:
    """Sign in through the form; returns the session's CSRF token (from the next page)."""
    page = client.get("/login")
    r = client.post("/login", data={"email": email, "password": PASSWORD, "csrf_token": csrf_of(page.text)},
                    follow_redirects=False)
    assert r.status_code == 303, r.text
    landing = client.get(r.headers["location"])
    return csrf_of(landing.text)


@pytest.fixture
def web(tmp_path, web_template, web_scanner) -> Iterator[tuple[FastAPI, World]]:
    path = tmp_path / "web.db"
    shutil.copyfile(web_template, path)
    app = make_web_app(str(path), web_scanner)
    yield app, seed(app)


@pytest.fixture
def browser_client(web) -> Iterator[TestClient]:
    app, _ = web
    with TestClient(app, base_url="http://testserver") as client:
        yield client


@pytest.fixture
def other_client(web) -> Iterator[TestClient]:
    """A second browser (its own cookies) on the same app."""
    app, _ = web
    with TestClient(app, base_url="http://testserver") as client:
        yield client
