"""The enforcement ladder: a sender's recent violations decide how strict the next decision is.

The library reads a user's history through :class:`HistoryStore`, a small protocol; this module
ships :class:`InMemoryStore` (tests, single process). A database-backed store implements the
same three methods.
"""

from __future__ import annotations

import threading
from bisect import bisect_left, insort
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Protocol, runtime_checkable

from .rules import Ladder


@dataclass(frozen=True, slots=True)
class Violation:
    """One message of ``user`` that broke a counting rule."""

    user: str
    at: datetime
    conversation_id: str = ""
    rules: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class OverrideRecord:
    """The sender said a masked message holds no contact information."""

    user: str
    at: datetime
    conversation_id: str
    text: str
    masked: tuple[str, ...]
    policy_version: str


@runtime_checkable
class HistoryStore(Protocol):
    def violations(self, user: str, since: datetime) -> Sequence[Violation]:
        """The user's violations at or after ``since``, oldest first."""
        ...

    def record_violation(self, violation: Violation) -> None: ...

    def record_override(self, record: OverrideRecord) -> None: ...


class InMemoryStore:
    """A :class:`HistoryStore` in a dict. Thread-safe; forgets everything on exit."""

    def __init__(self) -> None:
        self._violations: dict[str, list[Violation]] = defaultdict(list)
        self.overrides: list[OverrideRecord] = []
        self._lock = threading.Lock()

    def violations(self, user: str, since: datetime) -> Sequence[Violation]:
        with self._lock:
            items = self._violations.get(user, [])
            return tuple(items[bisect_left(items, since, key=_at) :])

    def record_violation(self, violation: Violation) -> None:
        with self._lock:
            insort(self._violations[violation.user], violation, key=_at)

    def record_override(self, record: OverrideRecord) -> None:
        with self._lock:
            self.overrides.append(record)


def _at(v: Violation) -> datetime:
    return v.at


class Step(StrEnum):
    """The rung a sender stands on."""

    NONE = "none"
    WARN = "warn"
    HOLD = "hold"
    RESTRICT = "restrict"


@dataclass(frozen=True, slots=True)
class LadderState:
    step: Step
    count: int
    restricted_until: datetime | None = None


_CLEAN = LadderState(Step.NONE, 0)


def window_start(ladder: Ladder, now: datetime) -> datetime:
    return now - timedelta(days=ladder.window_days)


def ladder_state(ladder: Ladder, history: Collection[Violation], now: datetime) -> LadderState:
    """Where the sender stands, given earlier violations (any order; older ones are ignored).

    Restriction lasts ``restrict_hours`` from the latest violation once ``restrict_after`` are in
    the window; after it ends the sender is back on the hold rung until violations age out.
    """
    if not history:
        return _CLEAN
    since = window_start(ladder, now)
    recent = [v for v in history if since <= v.at <= now]
    count = len(recent)
    if count >= ladder.restrict_after:
        until = max(v.at for v in recent) + timedelta(hours=ladder.restrict_hours)
        if now < until:
            return LadderState(Step.RESTRICT, count, until)
    if count >= ladder.hold_after:
        return LadderState(Step.HOLD, count)
    if count >= ladder.warn_after:
        return LadderState(Step.WARN, count)
    return LadderState(Step.NONE, count)
