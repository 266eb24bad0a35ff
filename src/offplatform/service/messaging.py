"""Messages through the guard, what each party sees, reports, appeals, reveals and exports.

Who sees what:

- the sender sees their original text, the decision (action, rules, findings) and their notices;
- the recipient sees only the delivered text and their notices, and only once delivered: a held
  message is invisible to them until a moderator releases it, a blocked one never appears;
- a masked original is visible to moderators, and to the recipient only after a consented reveal
  when the contract starts (the placeholders that were revealable are replaced by the details).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ..finding import DETAIL_KINDS, Kind
from ..policy.guard import Guard, reveal_at_contract
from ..policy.mask import Span, apply, mask_text
from ..policy.model import Action, Context, Decision, MaskedDetail, Stage
from . import audit, events
from .errors import Conflict, Forbidden, NotFound
from .history import DbHistoryStore
from .marketplace import DEAD, conversation_for, keep_on_platform_users, other_party, stage_for
from .models import (
    Case,
    CaseKind,
    CaseStatus,
    Contract,
    Conversation,
    Message,
    MessageStatus,
    Preference,
    User,
    aware,
    utcnow,
)
from .principal import Principal

_EVENT_OF_ACTION = {
    Action.ALLOW: "message.delivered",
    Action.WARN: "message.delivered",
    Action.MASK: "message.masked",
    Action.HOLD: "message.held",
    Action.BLOCK: "message.blocked",
}


def status_of(action: Action) -> MessageStatus:
    if action.delivers:
        return MessageStatus.DELIVERED
    return MessageStatus.HELD if action is Action.HOLD else MessageStatus.BLOCKED


def build_context(session: Session, conv: Conversation, sender_id: int, *, override: bool = False,
                  consent_to_reveal: bool = False, now: datetime | None = None) -> Context:
    """The guard's context for a message of ``sender_id`` in ``conv``, read in one query: the
    sender's joined date, the current contract's state and who keeps the conversation on the
    platform."""
    now = now or utcnow()
    contract_state = (
        select(Contract.state)
        .where(Contract.conversation_id == conv.id, Contract.state.not_in([str(s) for s in DEAD]))
        .order_by(Contract.id.desc()).limit(1).scalar_subquery()
    )
    keepers = (
        select(Preference.user_id)
        .where(Preference.conversation_id == conv.id, Preference.keep_on_platform.is_(True))
    )
    row = session.execute(
        select(User.created_at, contract_state.label("contract_state"),
               select(func.count()).select_from(keepers.subquery()).scalar_subquery().label("keepers"))
        .where(User.id == sender_id)
    ).one()
    keep = keep_on_platform_users(session, conv.id) if row.keepers else frozenset()
    joined = aware(row.created_at)
    return Context(
        conversation_id=str(conv.id),
        sender=str(sender_id),
        recipient=str(other_party(conv, sender_id)),
        stage=stage_for(conv, row.contract_state),
        keep_on_platform=keep,
        account_age_days=(now - joined).total_seconds() / 86400 if joined else None,
        override=override,
        consent_to_reveal=consent_to_reveal,
        now=now,
    )


def post_message(session: Session, guard: Guard, store: DbHistoryStore, p: Principal, conv_id: int,
                 text: str, *, override: bool = False, consent_to_reveal: bool = False,
                 window: int = 1) -> tuple[Message, Decision]:
    """Review and store a message in ``session``'s transaction (the API's POST takes the same two
    steps, :func:`offplatform.service.posting.prepare` and ``write``, with its write group-committed)."""
    from . import posting

    conn = session.connection()
    draft = posting.prepare(conn, guard, store, p, conv_id, text, override=override,
                            consent_to_reveal=consent_to_reveal, window=window)
    assert isinstance(draft, posting.Draft)  # no Idempotency-Key: never a replay
    stored = posting.write(conn, [draft])[0]
    audit.mark_written(session)
    return session.get(Message, stored.response["id"]), draft.decision


def _notices(msg: Message, audience: str) -> list[dict[str, str]]:
    return list(msg.decision.get(f"{audience}_notices", []))


def view(msg: Message, viewer_id: int | None, *, moderator: bool = False) -> dict[str, Any]:
    """The message as ``viewer_id`` may see it (``moderator``: everything)."""
    out: dict[str, Any] = {
        "id": msg.id, "conversation_id": msg.conversation_id, "sender_id": msg.sender_id,
        "recipient_id": msg.recipient_id, "created_at": aware(msg.created_at).isoformat(),
        "status": msg.status,
    }
    if moderator or viewer_id == msg.sender_id:
        out.update(
            text=msg.original, delivered_text=msg.delivered_text, original=msg.original,
            action=msg.action, stage=msg.stage, rules=list(msg.rules), findings=list(msg.findings),
            masked=list(msg.decision.get("masked", [])), revealed=msg.revealed,
            notices=_notices(msg, "sender"), policy_version=msg.policy_version,
        )
        if moderator:
            out["recipient_notices"] = _notices(msg, "recipient")
            out["decision"] = msg.decision
    else:
        out.update(
            text=msg.delivered_text, delivered_text=msg.delivered_text, original=None, action=None,
            stage=None, rules=[], findings=[], masked=[], revealed=msg.revealed,
            notices=_notices(msg, "recipient"), policy_version=None,
        )
    return out


def visible_to(msg: Message, user_id: int) -> bool:
    return msg.sender_id == user_id or (msg.recipient_id == user_id and msg.status == MessageStatus.DELIVERED)


def list_messages(session: Session, p: Principal, conv_id: int, after: int, limit: int) -> list[Message]:
    conv = conversation_for(session, p, conv_id)
    return list(session.scalars(
        select(Message)
        .where(Message.conversation_id == conv.id, Message.id > after,
               or_(Message.sender_id == p.user_id, Message.status == str(MessageStatus.DELIVERED)))
        .order_by(Message.id).limit(limit)
    ))


def message_for(session: Session, p: Principal, message_id: int) -> Message:
    msg = session.get(Message, message_id)
    if msg is None or not visible_to(msg, p.user_id):
        raise NotFound("no such message")
    return msg


def reveal_consented(session: Session, guard: Guard, conv: Conversation, stage: Stage, actor: str) -> list[Message]:
    """At contract start: show the recipient what senders agreed to reveal (library rules:
    :func:`offplatform.policy.guard.reveal_at_contract`)."""
    candidates = list(session.scalars(
        select(Message).where(Message.conversation_id == conv.id, Message.action == str(Action.MASK),
                              Message.status == str(MessageStatus.DELIVERED),
                              Message.reveal_on_contract.is_(True), Message.revealed.is_(False))
        .order_by(Message.id)
    ))
    if not candidates:
        return []
    decisions = [_as_decision(m) for m in candidates]
    reveals = reveal_at_contract(decisions, guard.policy, stage, keep_on_platform_users(session, conv.id))
    values = {(r.sender, d.value) for r in reveals for d in r.details}
    changed: list[Message] = []
    for msg, decision in zip(candidates, decisions, strict=True):
        shown = [m for m in decision.masked if m.revealable and (str(msg.sender_id), m.value) in values]
        if not shown:
            continue
        still_hidden = [Span(m.start, m.end, m.kind) for m in decision.masked if m not in shown]
        msg.delivered_text = apply(msg.original, sorted(still_hidden, key=lambda s: s.start),
                                   guard.policy.placeholder)
        msg.revealed = True
        changed.append(msg)
        data = {"message": msg.id, "conversation": conv.id, "details": [m.kind for m in shown]}
        audit.append(session, actor, "message.revealed", f"message:{msg.id}", data)
        events.emit(session, "message.revealed", data)
    return changed


def _as_decision(msg: Message) -> Decision:
    d = msg.decision
    return Decision(
        action=Action(msg.action), text=msg.delivered_text, original=msg.original, sender_notices=(),
        recipient_notices=(), rules=tuple(msg.rules), findings=(), policy_version=msg.policy_version,
        stage=Stage(msg.stage), conversation_id=str(msg.conversation_id), sender=str(msg.sender_id),
        recipient=str(msg.recipient_id), masked=tuple(MaskedDetail(**m) for m in d.get("masked", [])),
        reveal_on_contract=msg.reveal_on_contract,
    )


def masked_text(msg: Message, placeholder: str) -> str:
    """The message with its details hidden (for "release masked")."""
    masked = msg.decision.get("masked") or []
    if masked:
        spans = [Span(m["start"], m["end"], m["kind"]) for m in masked]
    else:
        spans = [Span(f["start"], f["end"], f["kind"]) for f in msg.findings if Kind(f["kind"]) in DETAIL_KINDS]
    return mask_text(msg.original, spans, placeholder)


def report_message(session: Session, p: Principal, message_id: int, reason: str) -> Case:
    msg = message_for(session, p, message_id)
    if msg.recipient_id != p.user_id:
        raise Forbidden("only the recipient reports a message")
    return _open_case(session, p, msg, CaseKind.REPORT, reason, "case.opened")


def appeal_message(session: Session, p: Principal, message_id: int, reason: str) -> Case:
    msg = message_for(session, p, message_id)
    if msg.sender_id != p.user_id:
        raise Forbidden("only the sender appeals a decision about their message")
    if not (msg.status in (MessageStatus.HELD, MessageStatus.BLOCKED) or msg.action == Action.MASK):
        raise Conflict("only held, blocked or masked messages can be appealed")
    return _open_case(session, p, msg, CaseKind.APPEAL, reason, "appeal.opened")


def _open_case(session: Session, p: Principal, msg: Message, kind: CaseKind, reason: str, event: str) -> Case:
    existing = session.scalar(select(Case.id).where(Case.message_id == msg.id, Case.kind == str(kind),
                                                    Case.status == str(CaseStatus.OPEN)))
    if existing is not None:
        raise Conflict(f"an open {kind} case about this message already exists", case_id=existing)
    case = Case(kind=str(kind), status=str(CaseStatus.OPEN), conversation_id=msg.conversation_id,
                message_id=msg.id, subject_id=msg.sender_id, opened_by_id=p.user_id, reason=reason,
                created_at=utcnow())
    session.add(case)
    session.flush()
    data = {"case": case.id, "kind": case.kind, "message": msg.id, "subject": msg.sender_id}
    audit.append(session, p.ref, "case.opened", f"case:{case.id}", data)
    events.emit(session, event, data)
    return case
