"""Engine, sessions and migrations.

SQLite gets the settings a small server needs: WAL, foreign keys, a busy timeout and
``BEGIN IMMEDIATE`` for every transaction (writers queue instead of failing half-way).
PostgreSQL uses psycopg 3 with a connection pool.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib.resources import files

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def make_engine(url: str, pool_size: int = 10) -> Engine:
    if is_sqlite(url):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # pragma: no cover - exercised on connect
            dbapi_conn.isolation_level = None  # let SQLAlchemy's "begin" event drive transactions
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn):  # pragma: no cover
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    return create_engine(url, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True)


def make_sessionmaker(engine: Engine, *, seal_on_commit: bool = False) -> sessionmaker[Session]:
    """Sessions; with ``seal_on_commit`` their audit entries are chained just before commit."""
    from . import audit

    factory = sessionmaker(engine, expire_on_commit=False)
    if seal_on_commit:
        event.listen(factory, "before_commit", audit.seal_on_commit)
        event.listen(factory, "after_rollback", audit.forget)
    return factory


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any exception."""
    with factory() as session, session.begin():
        yield session


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(files("offplatform") / "migrations"))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the schema at ``url`` up to ``revision`` (creating it on a fresh database)."""
    command.upgrade(alembic_config(url), revision)


def head_revisions(url: str) -> set[str]:
    """The newest revision(s) of the migration scripts."""
    from alembic.script import ScriptDirectory

    return set(ScriptDirectory.from_config(alembic_config(url)).get_heads())


def upgrade_unless_at_head(url: str) -> bool:
    """:func:`upgrade` to head unless the schema is there already (one read: what a restart, after
    a crash too, finds); returns whether it migrated."""
    engine = make_engine(url)
    try:
        current = current_revision(engine)
    finally:
        engine.dispose()
    if current is not None and {current} == head_revisions(url):
        return False
    upgrade(url)
    return True


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        try:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except Exception:  # noqa: BLE001 - no table yet
            return None


def ping(engine: Engine) -> None:
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))
