"""Jobs, conversations, keep-on-platform preferences and contracts (the service layer).

Contract state machine (each move names the party allowed to make it)::

    offered --accept (freelancer)--> accepted --fund (client)--> funded --close (client)--> closed
       |--decline (freelancer)--> declined
       +--withdraw (client)-----> withdrawn

The conversation's stage, which the policy reads for every message, follows from it:
``inquiry``/``interview`` (the conversation's own stage) until an offer, then ``offer``,
``contract`` (accepted), ``funded``, ``closed``; a declined or withdrawn offer falls back to the
conversation's own stage. A conversation has at most one live contract at a time.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..policy.model import Stage
from . import audit, events
from .errors import Conflict, Forbidden, NotFound, Unprocessable
from .models import Contract, ContractState, Conversation, Job, Preference, Role, User, utcnow
from .principal import Principal

LIVE = (ContractState.OFFERED, ContractState.ACCEPTED, ContractState.FUNDED)
DEAD = (ContractState.DECLINED, ContractState.WITHDRAWN)

_STAGE_OF_CONTRACT = {
    ContractState.OFFERED: Stage.OFFER,
    ContractState.ACCEPTED: Stage.CONTRACT,
    ContractState.FUNDED: Stage.FUNDED,
    ContractState.CLOSED: Stage.CLOSED,
}


@dataclass(frozen=True, slots=True)
class Move:
    name: str
    source: ContractState
    target: ContractState
    party: str  # "client" | "freelancer"


MOVES: dict[str, Move] = {
    m.name: m
    for m in (
        Move("accept", ContractState.OFFERED, ContractState.ACCEPTED, "freelancer"),
        Move("decline", ContractState.OFFERED, ContractState.DECLINED, "freelancer"),
        Move("withdraw", ContractState.OFFERED, ContractState.WITHDRAWN, "client"),
        Move("fund", ContractState.ACCEPTED, ContractState.FUNDED, "client"),
        Move("close", ContractState.FUNDED, ContractState.CLOSED, "client"),
    )
}


# --- jobs ---------------------------------------------------------------------------------------

def create_job(session: Session, p: Principal, title: str, description: str) -> Job:
    p.need_role(Role.CLIENT)
    job = Job(client_id=p.user_id, title=title, description=description, created_at=utcnow())
    session.add(job)
    session.flush()
    audit.append(session, p.ref, "job.created", f"job:{job.id}", {"title": title})
    return job


def get_job(session: Session, job_id: int) -> Job:
    """Jobs are public listings: every signed-in user may read one."""
    job = session.get(Job, job_id)
    if job is None:
        raise NotFound("no such job")
    return job


# --- conversations ------------------------------------------------------------------------------

def party(conv: Conversation, user_id: int) -> str | None:
    if user_id == conv.client_id:
        return "client"
    if user_id == conv.freelancer_id:
        return "freelancer"
    return None


def other_party(conv: Conversation, user_id: int) -> int:
    return conv.freelancer_id if user_id == conv.client_id else conv.client_id


def conversation_for(session: Session, p: Principal, conv_id: int, *, lock: bool = False) -> Conversation:
    """The conversation if ``p`` takes part in it; 404 otherwise (never a hint that it exists)."""
    q = select(Conversation).where(Conversation.id == conv_id)
    if lock:
        q = q.with_for_update()
    conv = session.scalar(q)
    if conv is None or party(conv, p.user_id) is None:
        raise NotFound("no such conversation")
    return conv


def start_conversation(session: Session, p: Principal, job_id: int, freelancer_id: int | None) -> Conversation:
    job = get_job(session, job_id)
    if p.user_id == job.client_id:
        if freelancer_id is None:
            raise Unprocessable("freelancer_id is required when the client starts a conversation")
        freelancer = session.get(User, freelancer_id)
        if freelancer is None or freelancer.role != Role.FREELANCER:
            raise NotFound("no such freelancer")
    elif p.role is Role.FREELANCER:
        if freelancer_id not in (None, p.user_id):
            raise Forbidden("a freelancer starts conversations for themselves only")
        freelancer_id = p.user_id
    else:
        raise Forbidden("only the job's client or a freelancer may start a conversation about it")
    existing = session.scalar(
        select(Conversation.id).where(Conversation.job_id == job_id, Conversation.freelancer_id == freelancer_id)
    )
    if existing is not None:
        raise Conflict("a conversation about this job with this freelancer already exists",
                       conversation_id=existing)
    conv = Conversation(job_id=job_id, client_id=job.client_id, freelancer_id=freelancer_id,
                        base_stage=str(Stage.INQUIRY), created_at=utcnow())
    session.add(conv)
    try:
        session.flush()
    except IntegrityError:
        raise Conflict("a conversation about this job with this freelancer already exists") from None
    audit.append(session, p.ref, "conversation.started", f"conversation:{conv.id}",
                 {"job": job_id, "client": job.client_id, "freelancer": freelancer_id})
    return conv


def list_conversations(session: Session, p: Principal, after: int, limit: int) -> list[Conversation]:
    return list(session.scalars(
        select(Conversation)
        .where(or_(Conversation.client_id == p.user_id, Conversation.freelancer_id == p.user_id),
               Conversation.id > after)
        .order_by(Conversation.id).limit(limit)
    ))


def invite_to_interview(session: Session, p: Principal, conv_id: int) -> Conversation:
    conv = conversation_for(session, p, conv_id, lock=True)
    if party(conv, p.user_id) != "client":
        raise Forbidden("only the client invites to an interview")
    if conv.base_stage != Stage.INQUIRY:
        raise Conflict(f"the conversation is already at the {conv.base_stage} stage")
    conv.base_stage = str(Stage.INTERVIEW)
    audit.append(session, p.ref, "conversation.interview", f"conversation:{conv.id}", {})
    return conv


def current_contract(session: Session, conv_id: int) -> Contract | None:
    return session.scalar(
        select(Contract)
        .where(Contract.conversation_id == conv_id, Contract.state.not_in([str(s) for s in DEAD]))
        .order_by(Contract.id.desc()).limit(1)
    )


def stage_for(conv: Conversation, contract_state: str | None) -> Stage:
    """The stage, given the state of the conversation's current contract (None: no contract)."""
    return stage_from(conv.base_stage, contract_state)


def stage_from(base_stage: str, contract_state: str | None) -> Stage:
    """The stage of a conversation whose own stage is ``base_stage`` and whose current contract is
    in ``contract_state`` (None: no contract)."""
    if contract_state is None:
        return Stage(base_stage)
    return _STAGE_OF_CONTRACT[ContractState(contract_state)]


def stage_of(session: Session, conv: Conversation) -> Stage:
    contract = current_contract(session, conv.id)
    return stage_for(conv, contract.state if contract is not None else None)


def keep_on_platform_users(session: Session, conv_id: int) -> frozenset[str]:
    rows = session.scalars(
        select(Preference.user_id).where(Preference.conversation_id == conv_id,
                                         Preference.keep_on_platform.is_(True))
    )
    return frozenset(str(u) for u in rows)


def set_preference(session: Session, p: Principal, conv_id: int, keep: bool) -> Preference:
    conv = conversation_for(session, p, conv_id)
    pref = session.scalar(
        select(Preference).where(Preference.conversation_id == conv.id, Preference.user_id == p.user_id)
    )
    if pref is None:
        pref = Preference(conversation_id=conv.id, user_id=p.user_id)
        session.add(pref)
    pref.keep_on_platform = keep
    pref.updated_at = utcnow()
    session.flush()
    audit.append(session, p.ref, "preference.set", f"conversation:{conv.id}",
                 {"user": p.user_id, "keep_on_platform": keep})
    return pref


def preferences(session: Session, p: Principal, conv_id: int) -> dict[int, bool]:
    conv = conversation_for(session, p, conv_id)
    rows = session.execute(
        select(Preference.user_id, Preference.keep_on_platform).where(Preference.conversation_id == conv.id)
    )
    out = {conv.client_id: False, conv.freelancer_id: False}
    out.update({r.user_id: r.keep_on_platform for r in rows})
    return out


# --- contracts ----------------------------------------------------------------------------------

def offer_contract(session: Session, p: Principal, conv_id: int, amount_cents: int, currency: str,
                   terms: str) -> Contract:
    conv = conversation_for(session, p, conv_id, lock=True)
    if party(conv, p.user_id) != "client":
        raise Forbidden("only the client offers a contract")
    live = session.scalar(
        select(Contract).where(Contract.conversation_id == conv.id,
                               Contract.state.in_([str(s) for s in LIVE]))
    )
    if live is not None:
        raise Conflict(f"contract {live.id} is still {live.state}; finish, decline or withdraw it first",
                       contract_id=live.id, state=live.state)
    now = utcnow()
    contract = Contract(conversation_id=conv.id, state=str(ContractState.OFFERED), amount_cents=amount_cents,
                        currency=currency.upper(), terms=terms, created_at=now, updated_at=now)
    session.add(contract)
    session.flush()
    data = {"contract": contract.id, "conversation": conv.id, "amount_cents": amount_cents,
            "currency": contract.currency, "state": contract.state}
    audit.append(session, p.ref, "contract.offered", f"contract:{contract.id}", data)
    events.emit(session, "contract.offered", data)
    return contract


def contract_for(session: Session, p: Principal, contract_id: int, *, lock: bool = False) -> tuple[Contract, Conversation]:
    q = select(Contract).where(Contract.id == contract_id)
    if lock:
        q = q.with_for_update()
    contract = session.scalar(q)
    if contract is None:
        raise NotFound("no such contract")
    conv = session.get(Conversation, contract.conversation_id)
    if conv is None or party(conv, p.user_id) is None:
        raise NotFound("no such contract")
    return contract, conv


def list_contracts(session: Session, p: Principal, conv_id: int) -> list[Contract]:
    conv = conversation_for(session, p, conv_id)
    return list(session.scalars(select(Contract).where(Contract.conversation_id == conv.id).order_by(Contract.id)))


def move_contract(session: Session, p: Principal, contract_id: int, move_name: str) -> tuple[Contract, Conversation]:
    move = MOVES.get(move_name)
    if move is None:
        raise NotFound(f"no such contract move: {move_name}")
    contract, conv = contract_for(session, p, contract_id, lock=True)
    who = party(conv, p.user_id)
    if who != move.party:
        raise Forbidden(f"only the {move.party} may {move.name} a contract")
    if contract.state != move.source:
        allowed = sorted(m.name for m in MOVES.values() if m.source == contract.state)
        raise Conflict(
            f"cannot {move.name} a contract that is {contract.state} (it must be {move.source}); "
            f"moves allowed now: {', '.join(allowed) or 'none'}",
            state=contract.state, allowed=allowed,
        )
    before = contract.state
    contract.state = str(move.target)
    contract.updated_at = utcnow()
    session.flush()
    data = {"contract": contract.id, "conversation": conv.id, "from": before, "to": contract.state}
    audit.append(session, p.ref, f"contract.{move.target}", f"contract:{contract.id}", data)
    events.emit(session, f"contract.{move.target}", data)
    return contract, conv
