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
from .pgread import AsyncReader, GroupRead, async_connector
from .posting import Draft, Stored
from .security import Csrf, Passwords
from .settings import Settings


#: PostgreSQL: how many group reads of the message POST's context may be in flight at once per
#: process (see :class:`~offplatform.service.pgread.GroupRead`): with one, a request that comes
#: while a group is out waits for it to return before its own leaves; with two it leaves at once
#: (in the benchmark: p99 21 / 29 ms against 26 / 32 ms, the same CPU a message).
CONTEXT_READS = 2

#: What :meth:`Runtime.warm_up` reviews: everyday talk (prices, dates, numbers, files) and each
#: kind of detail and off-platform ask, in a few languages; for speed only (no result is kept).
WARM_UP: tuple[str, ...] = (
    "Hi! I read the brief and can start on Monday.",
    "Happy to do two rounds of revisions within the fixed price.",
    "The budget of $1,500 works for me, for 3 concepts; first draft by Friday 14:00 UTC.",
    "What file formats do you need: SVG, PNG, PDF? Version 2.3.1, order 10.0.19045.2965.",
    "call me at +44 20 7946 0958 so we can discuss, or text 555-123-4567",
    "my number is four one five, five five five, two six seven one",
    "my email is designer.pro@gmail.com or design dot pro at gmail dot com",
    "see https://example-portfolio.com/work and www.mysite.io, or t.me/designpro",
    "let's talk on whatsapp instead, it's faster; or telegram @designpro, IG: design.pro",
    "pay me via paypal outside the site to save fees, or venmo / crypto / bank transfer "
    "IBAN DE89370400440532013000",
    "check my IG bio, the booking link is there; my skype is live:design.pro",
    "Hola, escríbeme por WhatsApp al 612 345 678, es más rápido",
    "Bonjour, contacte-moi sur mon e-mail, c'est plus simple: jean point dupont arobase gmail",
    "Olá, me chama no zap 11 98765-4321 fora da plataforma",
    "Привет, напиши мне в телеграм, заказа номер 12345",
    "تواصل معي على الواتساب برا المنصة",
    "मुझे व्हाट्सएप पर मैसेज करो 98765 43210",
)


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
    #: PostgreSQL: the message POST's context reads, concurrent requests' in one statement
    contexts: GroupRead | None = field(init=False)

    def __post_init__(self) -> None:
        on_psycopg = self.engine.dialect.driver == "psycopg"
        self.reader = AsyncReader(self.engine, self.settings.pool_size) if on_psycopg else None
        window = self.settings.conversation_window
        self.contexts = (GroupRead(self.reader, posting.pg_group_context_sql(window), concurrency=CONTEXT_READS)
                         if on_psycopg else None)
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
        """Build the scanner's lazy parts now, once, rather than in the first requests (where
        every worker thread would race to build them, and where a build stalls every request of
        the worker: the number-pair patterns took ~200 ms, tldextract's suffix list ~50 ms, each
        the first time a message needed it). One message of each common kind (:data:`WARM_UP`),
        alone and after another, so that the conversation window's paths are built too."""
        from ..policy.model import Context

        context = Context(conversation_id="0", stage="inquiry")
        for text in WARM_UP:
            self.guard.review(text, context)
            self.guard.review_in_conversation(["hi there", text], text, context)

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
