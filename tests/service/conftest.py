"""Fixtures for the service: every test gets a fresh app on a fresh database, on SQLite and on
PostgreSQL.

- SQLite: a migrated template file is copied per test.
- PostgreSQL: a migrated template database is cloned per test (``CREATE DATABASE ... TEMPLATE``).
  The server is ``OFFPLATFORM_TEST_POSTGRES_URL`` (default: the local trust-auth server,
  ``postgresql+psycopg://postgres@127.0.0.1:5432/test``). With ``CI=true`` an unreachable server
  fails the run; otherwise those tests skip with a message saying how to enable them.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from offplatform import Scanner
from offplatform.service import Settings, create_app
from offplatform.service import accounts
from offplatform.service.db import transaction, upgrade
from offplatform.service.models import Base, Role
from offplatform.service.security import Passwords

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def _pg_base() -> str:
    return os.environ.get("OFFPLATFORM_TEST_POSTGRES_URL", DEFAULT_PG)


def _admin_engine(url: str):
    return create_engine(url, isolation_level="AUTOCOMMIT", pool_pre_ping=True)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("tpl") / "template.db"
    upgrade(f"sqlite:///{path}")
    return str(path)


@pytest.fixture(scope="session")
def pg_template() -> Iterator[tuple[str, str]]:
    base = _pg_base()
    try:
        admin = _admin_engine(base)
        with admin.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001
        msg = (f"PostgreSQL at {make_url(base).render_as_string(hide_password=True)} is unreachable "
               f"({type(exc).__name__}); set OFFPLATFORM_TEST_POSTGRES_URL=postgresql+psycopg://user@host:port/db")
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"CI=true requires PostgreSQL: {msg}")
        pytest.skip(msg)
    name = f"offp_tpl_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    upgrade(make_url(base).set(database=name).render_as_string(hide_password=False))
    try:
        yield base, name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="module")
def pg_module_database(request) -> Iterator[str]:
    """One database per test module, cloned from the migrated template."""
    yield from _pg_clone(request)


def _pg_clone(request) -> Iterator[str]:
    base, tpl = request.getfixturevalue("pg_template")
    name = f"offp_m_{uuid.uuid4().hex[:12]}"
    admin = _admin_engine(base)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{tpl}"'))
    try:
        yield make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _empty_all_tables(url: str) -> None:
    """A fresh state for the next test: every table emptied, every id sequence restarted."""
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    finally:
        engine.dispose()


@pytest.fixture(params=BACKENDS)
def database_url(request, tmp_path) -> Iterator[str]:
    """A fresh, migrated, empty database for each test (SQLite: a copied file; PostgreSQL: the
    module's database, emptied)."""
    if request.param == "sqlite":
        path = tmp_path / "service.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    url = request.getfixturevalue("pg_module_database")
    _empty_all_tables(url)
    yield url


#: Cheap argon2 parameters: the tests check behaviour, not hashing cost.
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def make_settings(database_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {"database_url": database_url, "webhooks": False, "secret_key": "test-secret",
                              "rate_limit": "10000/minute", "check_rate_limit": "10000/minute", "pool_size": 4}
    values.update(overrides)
    return Settings(**values)


@pytest.fixture
def settings_factory():
    """``make_settings`` for tests that build a second app (another worker of the same deployment)."""
    return make_settings


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    """Override in a test module to change the app's settings."""
    return {}


@pytest.fixture(scope="session")
def shared_scanner() -> Scanner:
    return Scanner()


def _serve(database_url: str, overrides: dict[str, Any], scanner: Scanner):
    app = create_app(make_settings(database_url, **overrides), scanner=scanner)
    app.state.runtime.passwords = Passwords(FAST_HASHER)
    with TestClient(app, base_url="https://testserver") as client:
        yield app, client


@pytest.fixture
def service(database_url, settings_overrides, shared_scanner):
    yield from _serve(database_url, settings_overrides, shared_scanner)


@pytest.fixture(scope="module", params=BACKENDS)
def module_service(request, tmp_path_factory, shared_scanner):
    """One app and database for a whole module, for tests that change nothing (e.g. 404 checks)."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("module") / "service.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        yield from _serve(f"sqlite:///{path}", {}, shared_scanner)
        return
    for url in _pg_clone(request):
        yield from _serve(url, {}, shared_scanner)


@dataclass
class Actor:
    """A user with an API key: ``actor.post(...)`` calls the API as them."""

    id: int
    name: str
    role: Role
    key: str
    client: TestClient

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.key}"}

    def _h(self, headers: dict[str, str] | None) -> dict[str, str]:
        return {**self.headers, **(headers or {})}

    def get(self, url: str, headers: dict[str, str] | None = None, **kw):
        return self.client.get(url, headers=self._h(headers), **kw)

    def post(self, url: str, headers: dict[str, str] | None = None, **kw):
        return self.client.post(url, headers=self._h(headers), **kw)

    def put(self, url: str, headers: dict[str, str] | None = None, **kw):
        return self.client.put(url, headers=self._h(headers), **kw)

    def delete(self, url: str, headers: dict[str, str] | None = None, **kw):
        return self.client.delete(url, headers=self._h(headers), **kw)


ALL_SCOPES = {
    Role.ADMIN: ["admin", "check", "conversations", "moderation"],
    Role.MODERATOR: ["check", "conversations", "moderation"],
    Role.CLIENT: ["check", "conversations"],
    Role.FREELANCER: ["check", "conversations"],
}


def add_actor(app, client, name: str, role: Role, scopes: list[str] | None = None,
              password: str | None = None, member_days: float = 365) -> Actor:
    """A user who joined ``member_days`` ago (the policy treats young accounts more strictly)."""
    rt = app.state.runtime
    with transaction(rt.sessions) as s:
        user = accounts.create_user(s, rt.passwords, email=f"{name}@example.test", name=name, role=role,
                                    password=password, actor="test")
        user.created_at = datetime.now(UTC) - timedelta(days=member_days)
        _, full = accounts.create_api_key(s, name=f"{name} key", owner_id=user.id,
                                          scopes=scopes or ALL_SCOPES[role], actor="test")
    return Actor(user.id, name, role, full, client)


@dataclass
class World:
    """Two clients, two freelancers, a moderator and an admin; one job and one conversation
    (client ``alice`` and freelancer ``frank``) at the interview stage."""

    app: Any
    client: TestClient
    alice: Actor
    frank: Actor
    carol: Actor  # another client
    fiona: Actor  # another freelancer
    mod: Actor
    admin: Actor
    job_id: int
    conv_id: int

    def send(self, who: Actor, text: str, conv_id: int | None = None, **extra: Any):
        return who.post(f"/v1/conversations/{conv_id or self.conv_id}/messages", json={"text": text, **extra})

    def offer(self, amount: int = 50_000):
        r = self.alice.post(f"/v1/conversations/{self.conv_id}/contracts", json={"amount_cents": amount})
        assert r.status_code == 201, r.text
        return r.json()["id"]


@pytest.fixture
def world(service) -> World:
    return build_world(*service)


@pytest.fixture(scope="module")
def module_world(module_service) -> World:
    """Like ``world``, shared by a module: only for tests that change nothing."""
    return build_world(*module_service)


def build_world(app, client) -> World:
    alice = add_actor(app, client, "alice", Role.CLIENT)
    frank = add_actor(app, client, "frank", Role.FREELANCER)
    carol = add_actor(app, client, "carol", Role.CLIENT)
    fiona = add_actor(app, client, "fiona", Role.FREELANCER)
    mod = add_actor(app, client, "mod", Role.MODERATOR)
    admin = add_actor(app, client, "admin", Role.ADMIN)
    job = alice.post("/v1/jobs", json={"title": "Logo design"}).json()["id"]
    conv = alice.post("/v1/conversations", json={"job_id": job, "freelancer_id": frank.id}).json()["id"]
    assert alice.post(f"/v1/conversations/{conv}/interview").status_code == 200
    return World(app, client, alice, frank, carol, fiona, mod, admin, job, conv)


@pytest.fixture
def make_actor(service):
    """``make_actor(name, role, scopes=None, password=None, member_days=365) -> Actor``."""
    app, client = service

    def make(name: str, role: Role, **kw: Any) -> Actor:
        return add_actor(app, client, name, role, **kw)

    return make
