"""The enforcement ladder's history in the database: a :class:`offplatform.policy.ladder.HistoryStore`.

The guard reads and writes history in the middle of a request, and that must happen in the
request's own transaction (a violation is recorded if and only if its message is). So the store is
bound to a session per unit of work with :meth:`DbHistoryStore.bound`; outside of it, it refuses.
Users are the string form of user ids.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..policy.ladder import OverrideRecord
from ..policy.ladder import Violation as PolicyViolation
from .models import OverrideLog, Violation, aware

_SESSION: ContextVar[Session | None] = ContextVar("offplatform_history_session", default=None)


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

    @staticmethod
    def _session() -> Session:
        session = _SESSION.get()
        if session is None:
            raise RuntimeError("DbHistoryStore used outside DbHistoryStore.bound(session)")
        return session

    def violations(self, user: str, since: datetime) -> Sequence[PolicyViolation]:
        if not user.isdigit():
            return ()
        rows = self._session().scalars(
            select(Violation)
            .where(Violation.user_id == int(user), Violation.at >= since)
            .order_by(Violation.at, Violation.id)
        )
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
        self._session().add(
            Violation(
                user_id=int(violation.user),
                at=violation.at,
                conversation_id=_conversation(violation.conversation_id),
                rules=list(violation.rules),
                source="policy",
            )
        )

    def record_override(self, record: OverrideRecord) -> None:
        self._session().add(
            OverrideLog(
                user_id=int(record.user),
                at=record.at,
                conversation_id=_conversation(record.conversation_id),
                text=record.text,
                masked=list(record.masked),
                policy_version=record.policy_version,
            )
        )
