"""Cases and moderator decisions.

A case is opened for every held message, for every report by a recipient and for every appeal by
a sender. A moderator closes it with one decision:

- ``release``: deliver the message as typed;
- ``release_masked``: deliver it with the contact details hidden;
- ``keep_blocked``: the recipient never sees it (a reported message is withdrawn);
- ``warn``: the sender is warned; the message stays as it is (reports and appeals only: a held
  message needs a verdict);
- ``strike``: keep it blocked and add a strike, which the policy's enforcement ladder counts.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import audit, events
from .errors import Conflict, NotFound, Unprocessable
from .messaging import masked_text, view
from .models import (
    Case,
    CaseKind,
    CaseStatus,
    Message,
    MessageStatus,
    ModeratorDecision,
    Role,
    Violation,
    aware,
    utcnow,
)
from .principal import Principal


class Resolution(StrEnum):
    RELEASE = "release"
    RELEASE_MASKED = "release_masked"
    KEEP_BLOCKED = "keep_blocked"
    WARN = "warn"
    STRIKE = "strike"


def _moderator(p: Principal) -> None:
    p.need_scope("moderation")
    p.need_role(Role.MODERATOR, Role.ADMIN)


def list_cases(session: Session, p: Principal, status: str | None, after: int, limit: int) -> list[Case]:
    _moderator(p)
    q = select(Case).where(Case.id > after)
    if status:
        q = q.where(Case.status == status)
    return list(session.scalars(q.order_by(Case.id).limit(limit)))


def get_case(session: Session, p: Principal, case_id: int) -> Case:
    _moderator(p)
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound("no such case")
    return case


def case_view(session: Session, case: Case) -> dict[str, Any]:
    msg = session.get(Message, case.message_id) if case.message_id else None
    decisions = session.scalars(
        select(ModeratorDecision).where(ModeratorDecision.case_id == case.id).order_by(ModeratorDecision.id)
    )
    return {
        "id": case.id, "kind": case.kind, "status": case.status, "conversation_id": case.conversation_id,
        "message_id": case.message_id, "subject_id": case.subject_id, "opened_by_id": case.opened_by_id,
        "reason": case.reason, "resolution": case.resolution,
        "created_at": aware(case.created_at).isoformat(),
        "closed_at": aware(case.closed_at).isoformat() if case.closed_at else None,
        "message": view(msg, None, moderator=True) if msg is not None else None,
        "decisions": [
            {"id": d.id, "moderator_id": d.moderator_id, "action": d.action, "note": d.note,
             "created_at": aware(d.created_at).isoformat()}
            for d in decisions
        ],
    }


def decide_case(session: Session, p: Principal, case_id: int, action: Resolution, note: str,
                placeholder: str) -> Case:
    _moderator(p)
    q = select(Case).where(Case.id == case_id).with_for_update()
    case = session.scalar(q)
    if case is None:
        raise NotFound("no such case")
    if case.status != CaseStatus.OPEN:
        raise Conflict(f"case {case.id} is already closed ({case.resolution})")
    if case.kind == CaseKind.HELD and action is Resolution.WARN:
        raise Unprocessable("a held message needs a verdict: release, release_masked, keep_blocked or strike")
    msg = session.get(Message, case.message_id) if case.message_id else None
    now = utcnow()
    event: str | None = None
    if msg is not None and action in (Resolution.RELEASE, Resolution.RELEASE_MASKED):
        msg.status = str(MessageStatus.DELIVERED)
        msg.delivered_text = msg.original if action is Resolution.RELEASE else masked_text(msg, placeholder)
        event = "message.released"
    elif msg is not None and action in (Resolution.KEEP_BLOCKED, Resolution.STRIKE):
        msg.status = str(MessageStatus.BLOCKED)
        msg.delivered_text = None
        event = "message.blocked"
    if action is Resolution.STRIKE:
        session.add(Violation(user_id=case.subject_id, at=now, conversation_id=case.conversation_id,
                              rules=["moderator-strike"], source="strike", case_id=case.id))
    session.add(ModeratorDecision(case_id=case.id, moderator_id=p.user_id, action=str(action), note=note,
                                  created_at=now))
    case.status = str(CaseStatus.CLOSED)
    case.resolution = str(action)
    case.closed_at = now
    session.flush()
    data = {"case": case.id, "kind": case.kind, "action": str(action), "message": case.message_id,
            "subject": case.subject_id}
    audit.append(session, p.ref, f"moderation.{action}", f"case:{case.id}", {**data, "note": note})
    events.emit(session, "case.decided", data)
    if event is not None and msg is not None:
        events.emit(session, event, {"message": msg.id, "conversation": msg.conversation_id, "case": case.id})
    return case


def strikes(session: Session, user_id: int) -> int:
    return len(session.scalars(
        select(Violation.id).where(Violation.user_id == user_id, Violation.source == "strike")
    ).all())
