"""Everything one app instance holds (built by ``create_app``, never at import time)."""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass, field

from limits import RateLimitItem, parse
from limits.storage import MemoryStorage, storage_from_string
from limits.strategies import RateLimiter, SlidingWindowCounterRateLimiter
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from ..policy.guard import Guard
from ..policy.load import load_policy
from ..scanner import Scanner
from .db import make_engine, make_sessionmaker
from . import audit
from .errors import RateLimited
from .history import DbHistoryStore
from .observability import Metrics
from .security import Csrf, Passwords
from .settings import Settings


@dataclass
class RateLimits:
    default: RateLimitItem
    check: RateLimitItem
    limiter: RateLimiter = field(default_factory=lambda: SlidingWindowCounterRateLimiter(MemoryStorage()))

    def hit(self, item: RateLimitItem, key: str) -> None:
        if not self.limiter.hit(item, key):
            stats = self.limiter.get_window_stats(item, key)
            retry = max(1, int(stats.reset_time - time.time()))
            raise RateLimited(f"rate limit of {item} exceeded; retry in {retry}s", retry_after=retry)


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
        )
