"""Everything one app instance holds (built by ``create_app``, never at import time)."""

from __future__ import annotations

import secrets
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from limits import RateLimitItem, parse
from limits.storage import MemoryStorage, storage_from_string
from limits.strategies import RateLimiter, SlidingWindowCounterRateLimiter
from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session, sessionmaker

from ..policy.guard import Guard
from ..policy.load import load_policy
from ..scanner import Scanner
from . import audit, posting
from .accounts import ApiKeyCache
from .db import make_engine, make_sessionmaker
from .errors import RateLimited
from .groupcommit import AsyncGroupCommit, GroupCommit
from .history import DbHistoryStore
from .observability import Metrics
from .pgread import AsyncReader, async_connector
from .posting import Draft, Stored
from .security import Csrf, Passwords
from .settings import Settings


@dataclass
class RateLimits:
    default: RateLimitItem
    check: RateLimitItem
    limiter: RateLimiter = field(default_factory=lambda: SlidingWindowCounterRateLimiter(MemoryStorage()))

    @property
    def in_memory(self) -> bool:
        """The counters live in this process (a hit needs no I/O)."""
        return isinstance(self.limiter.storage, MemoryStorage)

    def hit(self, item: RateLimitItem, key: str) -> None:
        if not self.limiter.hit(item, key):
            stats = self.limiter.get_window_stats(item, key)
            retry = max(1, int(stats.reset_time - time.time()))
            raise RateLimited(f"rate limit of {item} exceeded; retry in {retry}s", retry_after=retry)


def _write_messages(session: Session, drafts: Sequence[Draft]) -> list[Stored]:
    stored = posting.write(session.connection(), drafts)
    audit.mark_written(session)
    return stored


@dataclass
class Runtime:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    guard: Guard
    history: DbHistoryStore
    passwords: Passwords
    csrf: Csrf
    limits: RateLimits
    metrics: Metrics
    api_keys: ApiKeyCache
    #: message writes, committed in groups (see :mod:`offplatform.service.groupcommit`): on
    #: PostgreSQL by a task of the event loop, elsewhere (and with ``audit_chain="commit"``, which
    #: chains in the session's commit) by writer threads
    messages: GroupCommit[Draft, Stored] | AsyncGroupCommit[Draft, Stored] = field(init=False)
    #: PostgreSQL: the message path's reads, on the event loop (None on SQLite: a worker thread reads)
    reader: AsyncReader | None = field(init=False)

    def __post_init__(self) -> None:
        on_psycopg = self.engine.dialect.driver == "psycopg"
        self.reader = AsyncReader(self.engine, self.settings.pool_size) if on_psycopg else None
        if on_psycopg and self.settings.audit_chain == "background":
            self.messages = AsyncGroupCommit(async_connector(self.engine), posting.write_async,
                                            concurrency=self.settings.message_writers)
        else:
            self.messages = GroupCommit(self.sessions, _write_messages, writers=self.settings.message_writers)

    def read(self) -> Connection:
        """A connection for reads outside a transaction (PostgreSQL: autocommit, no BEGIN/ROLLBACK)."""
        conn = self.engine.connect()
        if self.engine.dialect.name == "postgresql":
            conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        return conn

    async def aclose(self) -> None:
        """Write what was submitted to the event loop's writer; close the loop's connections."""
        if isinstance(self.messages, AsyncGroupCommit):
            await self.messages.aclose()
        if self.reader is not None:
            await self.reader.aclose()

    def close(self) -> None:
        """Stop the writer thread (after what was submitted) and close the connections."""
        if isinstance(self.messages, GroupCommit):
            self.messages.close()
        self.engine.dispose()

    def warm_up(self) -> None:
        """Build the scanner's lazy tables now, once, rather than in the first requests (where
        every worker thread would race to build them)."""
        from ..policy.model import Context

        context = Context(conversation_id="0", stage="inquiry")
        self.guard.review_in_conversation(["hi there"], "call me at +44 20 7946 0958 or on whatsapp", context)

    def seal_audit(self) -> int:
        """Chain the audit rows committed so far (what the background loop does); returns how many."""
        with self.sessions() as s, s.begin():
            return audit.seal(s)

    @classmethod
    def build(cls, settings: Settings, scanner: Scanner | None = None) -> Runtime:
        engine = make_engine(settings.database_url, settings.pool_size)
        history = DbHistoryStore()
        policy = load_policy(settings.policy_path or None)
        return cls(
            settings=settings,
            engine=engine,
            sessions=make_sessionmaker(engine, seal_on_commit=settings.audit_chain == "commit"),
            guard=Guard(policy, scanner=scanner or Scanner(), store=history),
            history=history,
            passwords=Passwords(),
            csrf=Csrf(settings.secret_key or secrets.token_urlsafe(32)),
            limits=RateLimits(parse(settings.rate_limit), parse(settings.check_rate_limit),
                              SlidingWindowCounterRateLimiter(storage_from_string(settings.rate_limit_storage))),
            metrics=Metrics(),
            api_keys=ApiKeyCache(settings.api_key_cache_seconds),
        )
