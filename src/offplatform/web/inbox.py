"""The inbox for clients and freelancers: sign-in, conversations, messages, contract moves.

Every POST is a plain form post answered with a redirect (works without JavaScript); with htmx
(``HX-Request``) the same endpoints answer with the partial to swap in.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Annotated, Literal

from fastapi import APIRouter, Form, Query, Request, Response
from fastapi.responses import HTMLResponse

from ..policy.decide import LADDER_HOLD, LADDER_RESTRICTED, LADDER_WARN, NEW_ACCOUNT, SENDER_OVERRIDE
from ..policy.model import Action, Decision, Stage
from ..policy.rules import Policy
from ..service import accounts, marketplace, messaging
from ..service.db import transaction
from ..service.deps import SESSION_COOKIE, IdPath
from ..service.errors import Unauthorized, Unprocessable
from ..service.routes.check import check_length
from ..service.security import sha256_hex
from . import queries
from ._deps import (
    LOGIN_COOKIE,
    FormViewer,
    HtmlRoute,
    PageViewer,
    RuntimeDep,
    check_login_token,
    is_htmx,
    login_token,
    render,
    see_other,
)
from .render import chips, segments

router = APIRouter(route_class=HtmlRoute, include_in_schema=False)

Text = Annotated[str, Form(max_length=5000)]
Reason = Annotated[str, Form(min_length=1, max_length=2000)]
Flag = Annotated[bool, Form()]

#: Where the conversation is, as the banner opens.
_STAGE_LEAD: dict[Stage, str] = {
    Stage.INQUIRY: "",
    Stage.INTERVIEW: "",
    Stage.OFFER: "An offer is waiting. ",
    Stage.CONTRACT: "The contract is accepted. ",
    Stage.FUNDED: "Escrow is funded. ",
    Stage.CLOSED: "The contract is closed. ",
}


def stage_banner(policy: Policy, stage: Stage) -> str:
    """What the banner says at ``stage`` under ``policy``: whether contact details may be shared
    now (the policy's ``channels_open_at``), and that payments stay in escrow."""
    lead = _STAGE_LEAD[stage]
    if not policy.channels_open(stage):
        return f"{lead}Contact details are hidden: they may be shared {policy.when_text}. Payments stay on the platform."
    if stage is Stage.CLOSED:
        return f"{lead}You may share contact details. Payments for new work go through a new contract."
    return f"{lead}You may share contact details. Keep payments in escrow."


KEEP_BANNER = "Kept on the platform: contact details stay hidden in this conversation, even after the contract starts."

DONE = {
    "sent": "Message sent.",
    "held": "Your message is waiting for a moderator's review before it is delivered.",
    "blocked": "Your message was not sent.",
    "masked": "Message sent with the contact details hidden.",
    "reported": "Thanks: a moderator will look at the message you reported.",
    "appealed": "Your appeal was sent to a moderator.",
    "kept": "Saved your choice for this conversation.",
    "offered": "Offer sent.",
    "interview": "The conversation is now an interview.",
    "accept": "Contract accepted.", "decline": "Offer declined.", "withdraw": "Offer withdrawn.",
    "fund": "Escrow funded (simulated).", "close": "Contract closed.",
}
ACTION_OUTCOME = {Action.HOLD: "held", Action.BLOCK: "blocked", Action.MASK: "masked"}


def _safe_next(target: str | None, fallback: str) -> str:
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return fallback


@router.get("/", response_class=HTMLResponse)
def home() -> Response:
    return see_other("/inbox")


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: Annotated[str | None, Query(max_length=500)] = None,
               error: str | None = None) -> Response:
    response = Response()
    token = login_token(request, response)
    return render(request, "login.html", {"viewer": None, "csrf": token, "next": next or "", "error": error},
                  status_code=401 if error else 200, response=response)


@router.post("/login", response_class=HTMLResponse)
def login(request: Request, rt: RuntimeDep, email: Annotated[str, Form(max_length=320)],
          password: Annotated[str, Form(max_length=200)],
          csrf_token: Annotated[str, Form(max_length=500)] = "",
          next: Annotated[str, Form(max_length=500)] = "") -> Response:
    check_login_token(request, csrf_token)
    rt.limits.hit(rt.limits.default, f"login:{request.client.host if request.client else '-'}")
    try:
        with transaction(rt.sessions) as s:
            user, token, _ = accounts.sign_in(s, rt.passwords, email=email, password=password,
                                              hours=rt.settings.session_hours)
            moderator = user.role in ("moderator", "admin")
    except Unauthorized:
        return login_page(request, next, error="Wrong email or password.")
    response = see_other(_safe_next(next, "/console" if moderator else "/inbox"))
    response.set_cookie(SESSION_COOKIE, token, max_age=int(rt.settings.session_hours * 3600), httponly=True,
                        secure=rt.settings.cookie_secure, samesite="lax", path="/")
    response.delete_cookie(LOGIN_COOKIE, path="/")
    return response


@router.post("/logout", response_class=HTMLResponse)
def logout(request: Request, rt: RuntimeDep, viewer: FormViewer) -> Response:
    token = request.cookies.get(SESSION_COOKIE, "")
    with transaction(rt.sessions) as s:
        accounts.sign_out(s, sha256_hex(token))
    response = see_other("/login")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/inbox", response_class=HTMLResponse)
def inbox(request: Request, rt: RuntimeDep, viewer: PageViewer) -> Response:
    with rt.sessions() as s:
        rows = queries.inbox(s, viewer.principal)
    return render(request, "inbox.html", {"viewer": viewer, "rows": rows})


def _page_context(rt, viewer, conv_id: int) -> dict:
    with rt.sessions() as s:
        page = queries.conversation_page(s, viewer.principal, conv_id)
    keep = page.keep_mine or page.keep_theirs
    return {"viewer": viewer, "page": page, "banner": KEEP_BANNER if keep else stage_banner(rt.guard.policy, page.stage),
            "placeholder": rt.guard.policy.placeholder, "chips": chips, "masked_segments": _masked_segments}


def _masked_segments(view: dict) -> list:
    return segments(view["original"], [(d["start"], d["end"]) for d in view["masked"]])


@router.get("/inbox/{conv_id}", response_class=HTMLResponse)
def conversation(request: Request, conv_id: IdPath, rt: RuntimeDep, viewer: PageViewer,
                 done: Annotated[str | None, Query(max_length=20)] = None) -> Response:
    ctx = _page_context(rt, viewer, conv_id)
    return render(request, "conversation.html", {**ctx, "done": DONE.get(done or "")})


@router.get("/inbox/{conv_id}/thread", response_class=HTMLResponse)
def thread(request: Request, conv_id: IdPath, rt: RuntimeDep, viewer: PageViewer) -> Response:
    return render(request, "_thread.html", _page_context(rt, viewer, conv_id))


#: Why a decision step fired, for the steps that are not rows of the policy's rule table.
_STEP_REASONS = {
    NEW_ACCOUNT: "The account is new, and new accounts' requests to use another app or to pay outside the "
                 "platform are checked first.",
    LADDER_WARN: "Earlier messages from this account broke the rules.",
    LADDER_HOLD: "Earlier messages from this account broke the rules several times.",
    LADDER_RESTRICTED: "This account is restricted for a while after repeated breaches of the rules.",
    SENDER_OVERRIDE: "You said this isn't contact information: a moderator will check it.",
}


def preview_reasons(policy: Policy, decision: Decision | None) -> list[str]:
    """Why the draft would get its action, in the present tense: the description of each rule
    behind the decision. The sender notices are written for after the send ("Your message was
    delivered ..."), so the preview does not show them."""
    if decision is None:
        return []
    described = {r.id: r.description for r in policy.rules if r.description}
    reasons = [described.get(rule) or _STEP_REASONS.get(rule, "") for rule in decision.rules]
    return list(dict.fromkeys(r for r in reasons if r))


@router.post("/inbox/{conv_id}/check", response_class=HTMLResponse)
def check(request: Request, conv_id: IdPath, rt: RuntimeDep, viewer: FormViewer, text: Text = "",
          override: Flag = False, consent_to_reveal: Flag = False) -> Response:
    """The compose box's live check: the policy run statelessly on the draft."""
    rt.limits.hit(rt.limits.check, f"check:{viewer.principal.ref}")
    decision = None
    if text.strip():
        check_length(text, rt.settings.max_message_chars)
        with rt.sessions() as s:
            decision = queries.preview(s, rt.guard, viewer.principal, conv_id, text, override=override,
                                       consent_to_reveal=consent_to_reveal)
    marks = []
    if decision is not None:
        masked = [(m.start, m.end) for m in decision.masked]
        signals = [(f.start, f.end) for f in decision.findings if not f.is_detail]
        marks = segments(text, masked + signals)
    return render(request, "_preview.html", {"decision": decision, "marks": marks, "text": text,
                                             "n_masked": len(decision.masked) if decision else 0,
                                             "reasons": preview_reasons(rt.guard.policy, decision)})


@router.post("/inbox/{conv_id}/send", response_class=HTMLResponse)
def send(request: Request, conv_id: IdPath, rt: RuntimeDep, viewer: FormViewer,
         text: Annotated[str, Form(min_length=1, max_length=5000)], override: Flag = False,
         consent_to_reveal: Flag = False) -> Response:
    check_length(text, rt.settings.max_message_chars)
    if not text.strip():
        raise Unprocessable("write a message first")
    with transaction(rt.sessions) as s:
        _, decision = messaging.post_message(
            s, rt.guard, rt.history, viewer.principal, conv_id, text, override=override,
            consent_to_reveal=consent_to_reveal, window=rt.settings.conversation_window)
    rt.metrics.decision(str(decision.action), (str(f.kind) for f in decision.findings), "message")
    if is_htmx(request):
        return render(request, "_thread.html", _page_context(rt, viewer, conv_id))
    return see_other(f"/inbox/{conv_id}?done={ACTION_OUTCOME.get(decision.action, 'sent')}#compose")


@router.post("/inbox/{conv_id}/keep", response_class=HTMLResponse)
def keep(conv_id: IdPath, rt: RuntimeDep, viewer: FormViewer,
         keep_on_platform: Annotated[Literal["yes", "no"], Form()]) -> Response:
    with transaction(rt.sessions) as s:
        marketplace.set_preference(s, viewer.principal, conv_id, keep_on_platform == "yes")
    return see_other(f"/inbox/{conv_id}?done=kept")


@router.post("/inbox/{conv_id}/interview", response_class=HTMLResponse)
def interview(conv_id: IdPath, rt: RuntimeDep, viewer: FormViewer) -> Response:
    with transaction(rt.sessions) as s:
        marketplace.invite_to_interview(s, viewer.principal, conv_id)
    return see_other(f"/inbox/{conv_id}?done=interview")


def _cents(amount: str) -> int:
    try:
        value = Decimal(amount.strip())
    except InvalidOperation:
        raise Unprocessable("the amount must be a number, like 250 or 99.50") from None
    if not value.is_finite() or value <= 0 or value > Decimal(10000000):
        raise Unprocessable("the amount must be between 0.01 and 10,000,000")
    return int((value * 100).to_integral_value())


@router.post("/inbox/{conv_id}/offer", response_class=HTMLResponse)
def offer(conv_id: IdPath, rt: RuntimeDep, viewer: FormViewer, amount: Annotated[str, Form(max_length=20)],
          currency: Annotated[str, Form(pattern=r"^[A-Za-z]{3}$")] = "USD",
          terms: Annotated[str, Form(max_length=2000)] = "") -> Response:
    with transaction(rt.sessions) as s:
        marketplace.offer_contract(s, viewer.principal, conv_id, _cents(amount), currency, terms)
    return see_other(f"/inbox/{conv_id}?done=offered")


@router.post("/inbox/contracts/{contract_id}/{move}", response_class=HTMLResponse)
def move(contract_id: IdPath, move: Literal["accept", "decline", "withdraw", "fund", "close"], rt: RuntimeDep,
         viewer: FormViewer) -> Response:
    with transaction(rt.sessions) as s:
        contract = queries.move_contract(s, rt.guard, viewer.principal, contract_id, move)
        conv_id = contract.conversation_id
    return see_other(f"/inbox/{conv_id}?done={move}")


@router.post("/inbox/messages/{message_id}/report", response_class=HTMLResponse)
def report(message_id: IdPath, rt: RuntimeDep, viewer: FormViewer, reason: Reason) -> Response:
    with transaction(rt.sessions) as s:
        case = messaging.report_message(s, viewer.principal, message_id, reason)
        conv_id = case.conversation_id
    return see_other(f"/inbox/{conv_id}?done=reported")


@router.post("/inbox/messages/{message_id}/appeal", response_class=HTMLResponse)
def appeal(message_id: IdPath, rt: RuntimeDep, viewer: FormViewer, reason: Reason) -> Response:
    with transaction(rt.sessions) as s:
        case = messaging.appeal_message(s, viewer.principal, message_id, reason)
        conv_id = case.conversation_id
    return see_other(f"/inbox/{conv_id}?done=appealed")
