"""Read helpers the pages need that the service layer does not have (yet).

Every action goes through the service layer (:mod:`offplatform.service.marketplace`,
``messaging``, ``moderation``, ``accounts``); this module only gathers what a page shows, and each
helper checks access through the service's own gatekeepers first (``conversation_for``,
``moderation.list_cases`` / ``get_case``). Candidates to move into the service.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from statistics import median
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from ..policy.decide import decide
from ..policy.guard import Guard
from ..policy.model import Decision, Stage
from ..service import marketplace, messaging, moderation
from ..service.models import (
    Case,
    CaseStatus,
    Contract,
    ContractState,
    Conversation,
    Job,
    Message,
    ModeratorDecision,
    Role,
    User,
    Violation,
    aware,
    utcnow,
)
from ..service.principal import Principal
from .search import Vocabulary, terms

# --- inbox ------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ConversationRow:
    id: int
    job_title: str
    other_name: str
    stage: Stage
    contract_state: str | None
    messages: int
    last_at: datetime | None


def inbox(session: Session, p: Principal, limit: int = 200) -> list[ConversationRow]:
    rows: list[ConversationRow] = []
    for conv in marketplace.list_conversations(session, p, 0, limit):
        job = session.get(Job, conv.job_id)
        other = session.get(User, marketplace.other_party(conv, p.user_id))
        contract = marketplace.current_contract(session, conv.id)
        count, last = session.execute(
            select(func.count(Message.id), func.max(Message.created_at))
            .where(Message.conversation_id == conv.id,
                   or_(Message.sender_id == p.user_id, Message.status == "delivered"))
        ).one()
        rows.append(ConversationRow(conv.id, job.title if job else "", other.name if other else "",
                                    marketplace.stage_of(session, conv), contract.state if contract else None,
                                    count, aware(last)))
    rows.sort(key=lambda r: (r.last_at is not None, r.last_at or datetime.min.replace(tzinfo=UTC), r.id),
              reverse=True)
    return rows


@dataclass
class ConversationPage:
    conv: Conversation
    job: Job
    me: str  # "client" | "freelancer"
    other: User
    stage: Stage
    contract: Contract | None
    moves: list[str]
    keep_mine: bool
    keep_theirs: bool
    messages: list[dict[str, Any]] = field(default_factory=list)
    open_cases: set[int] = field(default_factory=set)


def conversation_page(session: Session, p: Principal, conv_id: int, limit: int = 200) -> ConversationPage:
    conv = marketplace.conversation_for(session, p, conv_id)
    me = marketplace.party(conv, p.user_id) or ""
    other = session.get(User, marketplace.other_party(conv, p.user_id))
    contract = marketplace.current_contract(session, conv.id)
    moves = []
    if contract is not None:
        moves = [m.name for m in marketplace.MOVES.values() if m.source == contract.state and m.party == me]
    prefs = marketplace.preferences(session, p, conv.id)
    msgs = messaging.list_messages(session, p, conv.id, 0, limit)
    ids = [m.id for m in msgs]
    open_cases = set(session.scalars(
        select(Case.message_id).where(Case.message_id.in_(ids), Case.opened_by_id == p.user_id,
                                      Case.status == str(CaseStatus.OPEN))
    )) if ids else set()
    return ConversationPage(
        conv=conv, job=session.get(Job, conv.job_id), me=me, other=other,
        stage=marketplace.stage_of(session, conv), contract=contract, moves=moves,
        keep_mine=prefs.get(p.user_id, False), keep_theirs=prefs.get(other.id, False),
        messages=[{**messaging.view(m, p.user_id), "masked_any": _altered(m)} for m in msgs],
        open_cases=open_cases,
    )


def _altered(msg: Message) -> bool:
    """Whether the delivered text differs from the original (masked by the policy or released
    masked by a moderator): only then are placeholders in it shown as chips."""
    return msg.delivered_text is not None and msg.delivered_text != msg.original


def preview(session: Session, guard: Guard, p: Principal, conv_id: int, text: str, *, override: bool,
            consent_to_reveal: bool) -> Decision:
    """What would happen to ``text`` if sent now: the policy run statelessly (nothing stored, no
    history read), in this conversation's real context (stage, keep-on-platform choices)."""
    conv = marketplace.conversation_for(session, p, conv_id)
    context = messaging.build_context(session, conv, p.user_id, override=override,
                                      consent_to_reveal=consent_to_reveal)
    findings = guard.scanner.scan(text).findings
    return decide(text, findings, context, guard.policy)


def move_contract(session: Session, guard: Guard, p: Principal, contract_id: int, move: str) -> Contract:
    """A contract move, and (at accept and fund) the consented reveal, as the REST route does."""
    contract, conv = marketplace.move_contract(session, p, contract_id, move)
    if contract.state in (ContractState.ACCEPTED, ContractState.FUNDED):
        messaging.reveal_consented(session, guard, conv, marketplace.stage_of(session, conv), p.ref)
    return contract


# --- moderator console ------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class QueueItem:
    case: Case
    waited: timedelta
    categories: tuple[str, ...]
    kinds: tuple[str, ...]
    rules: tuple[str, ...]
    subject_name: str


@dataclass(frozen=True, slots=True)
class QueuePage:
    """One page of the queue. ``total`` counts every open case that passes the filters;
    ``next_after`` is the cursor of the page after this one (``None`` on the last page)."""

    items: list[QueueItem]
    total: int
    next_after: int | None


QUEUE_PAGE = 50


def queue(session: Session, p: Principal, *, kind: str = "", category: str = "", min_hours: float = 0,
          now: datetime | None = None, limit: int = QUEUE_PAGE, after: int = 0) -> QueuePage:
    """Open cases, oldest first, filtered by case kind, scam category and minimum wait, a page at
    a time: ``after`` is the id of the last case of the previous page (keyset paging on
    (created_at, id), so a page costs the same however long the queue is). Kind and wait are
    filtered in SQL; the scam category lives in the held message's findings (JSON), so it is
    tested on the rows as they stream by."""
    p.need_scope("moderation")
    p.need_role(Role.MODERATOR, Role.ADMIN)
    now = now or utcnow()
    where = [Case.status == str(CaseStatus.OPEN)]
    if kind:
        where.append(Case.kind == kind)
    if min_hours:
        where.append(Case.created_at <= now - timedelta(hours=min_hours))
    base = (select(Case, Message.findings, Message.rules, User.name)
            .outerjoin(Message, Message.id == Case.message_id)
            .outerjoin(User, User.id == Case.subject_id)
            .where(*where))
    if category:
        total = sum(1 for (findings,) in session.execute(
            select(Message.findings).join(Case, Case.message_id == Message.id).where(*where)
            .execution_options(yield_per=500)) if category in _categories(findings))
    else:
        total = session.scalar(select(func.count()).select_from(Case).where(*where)) or 0
    if after:
        last = session.get(Case, after)
        if last is not None:
            base = base.where(or_(Case.created_at > last.created_at,
                                  and_(Case.created_at == last.created_at, Case.id > last.id)))
    items: list[QueueItem] = []
    more = False
    for case, findings, rules, name in session.execute(
            base.order_by(Case.created_at, Case.id).execution_options(yield_per=200)):
        categories = _categories(findings)
        if category and category not in categories:
            continue
        if len(items) == limit:
            more = True
            break
        items.append(QueueItem(case, now - aware(case.created_at), categories,
                               tuple(sorted({f["kind"] for f in findings or ()})),
                               tuple(rules) if rules is not None else (), name or ""))
    return QueuePage(items, total, items[-1].case.id if more and items else None)


def _categories(findings: list[dict[str, Any]] | None) -> tuple[str, ...]:
    return tuple(sorted({f["category"] for f in findings or () if f.get("category")}))


@dataclass
class SenderRecord:
    user: User
    strikes: int
    violations: int
    earlier: list[Case]


@dataclass
class CasePage:
    case: dict[str, Any]
    conversation: list[dict[str, Any]]
    sender: SenderRecord
    names: dict[int, str]
    waited: timedelta
    next_case_id: int | None


def case_page(session: Session, p: Principal, case_id: int, now: datetime | None = None) -> CasePage:
    case = moderation.get_case(session, p, case_id)
    view = moderation.case_view(session, case)
    msgs = session.scalars(select(Message).where(Message.conversation_id == case.conversation_id)
                           .order_by(Message.id).limit(200))
    conversation = [messaging.view(m, None, moderator=True) for m in msgs]
    subject = session.get(User, case.subject_id)
    violations = session.scalar(select(func.count(Violation.id)).where(Violation.user_id == subject.id,
                                                                       Violation.source == "policy"))
    earlier = list(session.scalars(select(Case).where(Case.subject_id == subject.id, Case.id != case.id)
                                   .order_by(Case.id.desc()).limit(20)))
    conv = session.get(Conversation, case.conversation_id)
    names = {u.id: u.name for u in session.scalars(
        select(User).where(User.id.in_([conv.client_id, conv.freelancer_id])))}
    nxt = session.scalar(select(Case.id).where(Case.status == str(CaseStatus.OPEN), Case.id != case.id)
                         .order_by(Case.created_at, Case.id).limit(1))
    return CasePage(view, conversation, SenderRecord(subject, moderation.strikes(session, subject.id),
                                                     violations or 0, earlier),
                    names, (now or utcnow()) - aware(case.created_at), nxt)


# --- search -----------------------------------------------------------------------------------------

def refresh_vocabulary(session: Session, vocabulary: Vocabulary, batch: int = 5000) -> None:
    """Add the words of messages stored since the vocabulary last looked."""
    while True:
        rows = session.execute(select(Message.id, Message.original).where(Message.id > vocabulary.last_id)
                               .order_by(Message.id).limit(batch)).all()
        if not rows:
            return
        vocabulary.add((r.original for r in rows), rows[-1].id)
        if len(rows) < batch:
            return


@dataclass
class SearchResults:
    messages: list[Message]
    cases: list[Case]

    def __len__(self) -> int:
        return len(self.messages) + len(self.cases)


def search(session: Session, p: Principal, query: str, limit: int = 50) -> SearchResults:
    """Messages whose text holds every term, and cases whose reason or message does (moderators)."""
    moderation.list_cases(session, p, None, 0, 1)  # the service's moderator check
    words = terms(query)
    if not words:
        return SearchResults([], [])
    text = func.lower(Message.original)
    in_message = and_(*(text.contains(w, autoescape=True) for w in words))
    messages = list(session.scalars(select(Message).where(in_message).order_by(Message.id.desc()).limit(limit)))
    reason = func.lower(Case.reason)
    cases = list(session.scalars(
        select(Case).outerjoin(Message, Message.id == Case.message_id)
        .where(or_(in_message, and_(*(reason.contains(w, autoescape=True) for w in words))))
        .order_by(Case.id.desc()).limit(limit)
    ))
    return SearchResults(messages, cases)


# --- dashboard --------------------------------------------------------------------------------------

@dataclass
class Dashboard:
    days: list[str]
    findings: dict[str, list[int]]  # kind -> count per day
    policy_actions: dict[str, int]
    moderator_actions: dict[str, int]
    queue_size: list[int]  # open cases at the end of each day
    median_wait_hours: list[float]  # of the cases closed that day
    open_now: int
    oldest_wait: timedelta | None
    median_wait_now: timedelta | None


def dashboard(session: Session, p: Principal, days: int = 14, now: datetime | None = None) -> Dashboard:
    moderation.list_cases(session, p, None, 0, 1)  # the service's moderator check
    now = now or utcnow()
    today = now.date()
    day_list = [today - timedelta(days=i) for i in range(days - 1, -1, -1)]
    index = {d: i for i, d in enumerate(day_list)}
    since = datetime.combine(day_list[0], datetime.min.time(), tzinfo=now.tzinfo)
    findings: dict[str, list[int]] = defaultdict(lambda: [0] * days)
    actions: Counter[str] = Counter()
    for created, found, action in session.execute(
        select(Message.created_at, Message.findings, Message.action).where(Message.created_at >= since)
    ):
        i = index.get(aware(created).date())
        actions[action] += 1
        if i is None:
            continue
        for f in found:
            findings[f["kind"]][i] += 1
    mod_actions = Counter(dict(session.execute(
        select(ModeratorDecision.action, func.count(ModeratorDecision.id))
        .where(ModeratorDecision.created_at >= since).group_by(ModeratorDecision.action)
    ).all()))
    cases = session.execute(
        select(Case.created_at, Case.closed_at).where(or_(Case.closed_at.is_(None), Case.closed_at >= since))
    ).all()
    queue_size = [0] * days
    waits: list[list[float]] = [[] for _ in range(days)]
    open_waits: list[timedelta] = []
    for created, closed in cases:
        created, closed = aware(created), aware(closed)
        if closed is None:
            open_waits.append(now - created)
        else:
            i = index.get(closed.date())
            if i is not None:
                waits[i].append((closed - created).total_seconds() / 3600)
        for d, i in index.items():
            end = datetime.combine(d + timedelta(days=1), datetime.min.time(), tzinfo=now.tzinfo)
            if created < end and (closed is None or closed >= end):
                queue_size[i] += 1
    return Dashboard(
        days=[d.isoformat() for d in day_list], findings=dict(sorted(findings.items())),
        policy_actions=dict(sorted(actions.items())), moderator_actions=dict(sorted(mod_actions.items())),
        queue_size=queue_size, median_wait_hours=[round(median(w), 2) if w else 0.0 for w in waits],
        open_now=len(open_waits), oldest_wait=max(open_waits) if open_waits else None,
        median_wait_now=timedelta(seconds=median(w.total_seconds() for w in open_waits)) if open_waits else None,
    )
