"""The enforcement ladder's history in the database: a :class:`offplatform.policy.ladder.HistoryStore`.

The guard reads and writes history in the middle of a request, and a violation must be recorded
if and only if its message is. So the store is bound per unit of work: to a session with
:meth:`DbHistoryStore.bound` (rows are added to it), or to a connection with
:meth:`DbHistoryStore.collecting` (reads go through the connection, the rows to write are collected
in a :class:`Pending` that the caller writes in the same transaction as the message). Outside of
either, it refuses. Users are the string form of user ids.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from ..policy.ladder import OverrideRecord
from ..policy.ladder import Violation as PolicyViolation
from .models import OverrideLog, Violation, aware


@dataclass
class Pending:
    """Rows the guard asked to record, for the caller to insert with its message."""

    connection: Connection | None  # None: everything the guard may ask was read beforehand (``known``)
    #: violations already read, per user: (since when, the violations since then)
    known: dict[str, tuple[datetime, Sequence[PolicyViolation]]] = field(default_factory=dict)
    violations: list[dict[str, Any]] = field(default_factory=list)
    overrides: list[dict[str, Any]] = field(default_factory=list)


_SESSION: ContextVar[Session | Pending | None] = ContextVar("offplatform_history_session", default=None)


def _conversation(value: str) -> int | None:
    return int(value) if value.isdigit() else None


class DbHistoryStore:
    """Violations and overrides in the ``violations`` and ``override_log`` tables."""

    @contextmanager
    def bound(self, session: Session) -> Iterator[DbHistoryStore]:
        token = _SESSION.set(session)
        try:
            yield self
        finally:
            _SESSION.reset(token)

    @contextmanager
    def collecting(self, connection: Connection | None,
                   known: dict[str, tuple[datetime, Sequence[PolicyViolation]]] | None = None) -> Iterator[Pending]:
        """Read through ``connection`` (or from ``known``, violations the caller already read);
        collect what to record in the returned :class:`Pending`."""
        pending = Pending(connection, dict(known or {}))
        token = _SESSION.set(pending)
        try:
            yield pending
        finally:
            _SESSION.reset(token)

    @staticmethod
    def _session() -> Session | Pending:
        session = _SESSION.get()
        if session is None:
            raise RuntimeError("DbHistoryStore used outside DbHistoryStore.bound(session)")
        return session

    def violations(self, user: str, since: datetime) -> Sequence[PolicyViolation]:
        if not user.isdigit():
            return ()
        unit = self._session()
        if isinstance(unit, Pending) and user in unit.known:
            read_since, known = unit.known[user]
            if since >= read_since:
                return tuple(v for v in known if v.at >= since)
        query = (
            select(Violation.at, Violation.conversation_id, Violation.rules)
            .where(Violation.user_id == int(user), Violation.at >= since)
            .order_by(Violation.at, Violation.id)
        )
        db = unit.connection if isinstance(unit, Pending) else unit
        if db is None:
            raise RuntimeError(f"violations of user {user} since {since} were not read beforehand")
        rows = db.execute(query)
        return tuple(
            PolicyViolation(
                user=user,
                at=aware(v.at),
                conversation_id=str(v.conversation_id or ""),
                rules=tuple(v.rules),
            )
            for v in rows
        )

    def record_violation(self, violation: PolicyViolation) -> None:
        row = {"user_id": int(violation.user), "at": violation.at,
               "conversation_id": _conversation(violation.conversation_id), "rules": list(violation.rules),
               "source": "policy", "case_id": None}
        unit = self._session()
        if isinstance(unit, Pending):
            unit.violations.append(row)
        else:
            unit.add(Violation(**row))

    def record_override(self, record: OverrideRecord) -> None:
        row = {"user_id": int(record.user), "at": record.at, "conversation_id": _conversation(record.conversation_id),
               "text": record.text, "masked": list(record.masked), "policy_version": record.policy_version}
        unit = self._session()
        if isinstance(unit, Pending):
            unit.overrides.append(row)
        else:
            unit.add(OverrideLog(**row))
