"""Fixtures for the web pages: a fresh app (``create_app`` + ``offplatform.web.install``) on a fresh
SQLite database, people and a conversation made through the service layer, and sign-in helpers.

The browser tests (``test_browser.py``) also serve the app with uvicorn on 127.0.0.1 in a thread.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import pytest
import uvicorn
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

    EMAILS: ClassVar[dict[str, str]] = {"client": "client@example.test", "freelancer": "freelancer@example.test",
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


# --- a live server and a real browser (test_browser_*.py) ------------------------------------------

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
#: axe-core (MPL-2.0, from the npm registry), for the accessibility audit of each page.
AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
#: Where screenshots go: a temporary directory, so a test run leaves the checkout clean (rendering
#: noise would change every PNG); ``OFFPLATFORM_SCREENSHOTS=docs/screenshots`` refreshes the ones
#: the docs show.
SCREENSHOTS = Path(os.environ.get("OFFPLATFORM_SCREENSHOTS") or Path(tempfile.gettempdir()) / "offplatform-screenshots")


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


@dataclass(frozen=True)
class Live:
    url: str
    world: World
    app: FastAPI


@pytest.fixture(scope="module")
def live(tmp_path_factory, web_template, web_scanner) -> Iterator[Live]:
    """The app served by uvicorn on 127.0.0.1 (a free port) in a thread, on a fresh SQLite
    database for this test module."""
    path = tmp_path_factory.mktemp("live") / "web.db"
    shutil.copyfile(web_template, path)
    app = make_web_app(str(path), web_scanner)
    world = seed(app)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield Live(f"http://127.0.0.1:{port}", world, app)
    finally:
        server.should_exit = True
        thread.join(15)
        sock.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Chromium through Playwright. Missing: a failure with CI=true, a skip (with the fix) otherwise."""
    executable = os.environ.get("OFFPLATFORM_CHROMIUM", "/usr/bin/chromium")
    how = ("install it with `apt-get update && apt-get install -y chromium chromium-driver` and "
           "`.venv/bin/pip install playwright` (set OFFPLATFORM_CHROMIUM for another path)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        (pytest.fail if _in_ci() else pytest.skip)(f"the browser tests need Playwright for Python: {how}")
    if not Path(executable).exists():
        (pytest.fail if _in_ci() else pytest.skip)(f"the browser tests need Chromium at {executable}: {how}")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


class Person:
    """One person in their own browser context (own cookies)."""

    def __init__(self, browser: Any, live: Live, email: str, javascript: bool = True) -> None:
        self.live = live
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=javascript)
        self.context.set_default_timeout(10_000)
        self.page = self.context.new_page()
        self.email = email

    def go(self, path: str) -> Any:
        self.page.goto(self.live.url + path)
        return self.page

    def sign_in(self) -> Person:
        page = self.go("/login")
        page.get_by_label("Email").fill(self.email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(lambda url: "/login" not in url)
        return self

    def shot(self, name: str) -> Path:
        """Save a screenshot to ``SCREENSHOTS``, after checking the page with axe-core."""
        violations = self.audit()
        assert not violations, f"{name}: accessibility violations:\n" + "\n".join(violations)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def audit(self) -> list[str]:
        """axe-core's WCAG 2 A/AA violations on the current page (one line each)."""
        self.page.add_script_tag(path=str(AXE))
        result = self.page.evaluate(
            "() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa']}})"
        )
        return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
                for v in result["violations"]]

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def person(browser, live) -> Iterator[Any]:
    """``person("client")`` -> a signed-in :class:`Person`; their contexts close after the test."""
    people: list[Person] = []

    def make(who: str, signed_in: bool = True, javascript: bool = True) -> Person:
        p = Person(browser, live, World.EMAILS[who], javascript)
        people.append(p)
        return p.sign_in() if signed_in else p

    yield make
    for p in people:
        p.close()
