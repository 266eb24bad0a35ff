"""The moderator console: the queue, a case, one-click decisions, search and the dashboard."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request, Response
from fastapi.responses import HTMLResponse

from ..finding import Kind, ScamCategory
from ..service import moderation
from ..service.db import transaction
from ..service.deps import IdPath
from ..service.models import CaseKind
from . import queries
from ._deps import FormModerator, HtmlRoute, PageModerator, RuntimeDep, WebDep, is_htmx, render, see_other
from .charts import bar_chart
from .render import duration, segments, term_spans
from .search import terms

router = APIRouter(prefix="/console", route_class=HtmlRoute, include_in_schema=False)

#: One-click decisions: (action, button label, keyboard shortcut, what it does).
DECISIONS = (
    ("release", "Release", "r", "Deliver the message as it was typed."),
    ("release_masked", "Release masked", "m", "Deliver it with the contact details hidden."),
    ("keep_blocked", "Keep blocked", "b", "The recipient never sees it."),
    ("warn", "Warn sender", "w", "Warn the sender; the message stays as it is."),
    ("strike", "Strike", "s", "Keep it blocked and add a strike to the sender's record."),
)
KIND_HELP = {
    str(Kind.EMAIL): "an email address", str(Kind.PHONE): "a phone number", str(Kind.URL): "a link",
    str(Kind.MESSAGING): "a messaging-app handle", str(Kind.SOCIAL): "a social-media handle",
    str(Kind.MEETING): "a meeting link", str(Kind.PAYMENT): "a payment detail",
    str(Kind.INTENT): "an invitation to move off the platform", str(Kind.SCAM): "a known scam pattern",
}


@router.get("", response_class=HTMLResponse)
def queue(request: Request, rt: RuntimeDep, viewer: PageModerator,
          kind: Annotated[str, Query(max_length=20)] = "",
          category: Annotated[str, Query(max_length=40)] = "",
          min_hours: Annotated[float, Query(ge=0, le=24 * 365)] = 0,
          done: Annotated[str | None, Query(max_length=20)] = None,
          after: Annotated[int, Query(ge=0, le=2**63 - 1)] = 0) -> Response:
    with rt.sessions() as s:
        page = queries.queue(s, viewer.principal, kind=kind, category=category, min_hours=min_hours, after=after)
    ctx = {"viewer": viewer, "items": page.items, "total": page.total, "next_after": page.next_after,
           "after": after, "kind": kind, "category": category, "min_hours": min_hours,
           "kinds": [str(k) for k in CaseKind], "categories": [str(c) for c in ScamCategory],
           "duration": duration, "done": done}
    if is_htmx(request):
        return render(request, "_queue_rows.html", ctx)
    return render(request, "queue.html", ctx)


@router.get("/cases/{case_id}", response_class=HTMLResponse)
def case(request: Request, case_id: IdPath, rt: RuntimeDep, viewer: PageModerator) -> Response:
    with rt.sessions() as s:
        page = queries.case_page(s, viewer.principal, case_id)
    msg = page.case["message"]
    marks = segments(msg["original"], [(f["start"], f["end"]) for f in msg["findings"]]) if msg else []
    return render(request, "case.html", {"viewer": viewer, "page": page, "msg": msg, "marks": marks,
                                         "decisions": DECISIONS, "kind_help": KIND_HELP,
                                         "duration": duration})


@router.post("/cases/{case_id}/decide", response_class=HTMLResponse)
def decide(case_id: IdPath, rt: RuntimeDep, viewer: FormModerator,
           action: Annotated[moderation.Resolution, Form()],
           note: Annotated[str, Form(max_length=2000)] = "") -> Response:
    with transaction(rt.sessions) as s:
        moderation.decide_case(s, viewer.principal, case_id, action, note, rt.guard.policy.placeholder)
        items = queries.queue(s, viewer.principal, limit=1).items
    rt.metrics.decision(f"moderator_{action}", [], "moderation")
    if items:
        return see_other(f"/console/cases/{items[0].case.id}?decided={case_id}")
    return see_other(f"/console?done={case_id}")


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, rt: RuntimeDep, web: WebDep, viewer: PageModerator,
           q: Annotated[str, Query(max_length=200)] = "", exact: bool = False) -> Response:
    correction = None
    results = None
    suggestion = None
    if q.strip():
        with rt.sessions() as s:
            queries.refresh_vocabulary(s, web.vocabulary)
            correction = web.vocabulary.correct(q)
            results = queries.search(s, viewer.principal, q)
            if correction.changed and not exact and not results:
                results = queries.search(s, viewer.principal, correction.corrected)
            elif correction.changed:
                suggestion = correction.corrected
                correction = None
    searched = correction.corrected if correction is not None and correction.changed else q
    words = terms(searched)

    def highlight(text: str) -> list:
        return segments(text, term_spans(text, words))

    return render(request, "search.html", {"viewer": viewer, "q": q, "exact": exact, "correction": correction,
                                           "results": results, "suggestion": suggestion, "highlight": highlight})


@router.get("/dashboard", response_class=HTMLResponse)
def dashboard(request: Request, rt: RuntimeDep, viewer: PageModerator,
              days: Annotated[int, Query(ge=1, le=90)] = 14) -> Response:
    with rt.sessions() as s:
        d = queries.dashboard(s, viewer.principal, days)
    short = [day[5:] for day in d.days]
    every = max(1, len(short) // 7)
    charts = [
        bar_chart("Findings per day, by kind", short, d.findings or {"none": [0] * len(short)},
                  label_every=every),
        bar_chart("Queue size at the end of each day", short, {"open cases": d.queue_size}, label_every=every),
        bar_chart("Median wait of the cases closed that day", short, {"hours": d.median_wait_hours},
                  unit=" h", label_every=every),
        bar_chart("Policy actions", list(d.policy_actions) or ["none"],
                  {"messages": list(d.policy_actions.values()) or [0]}),
        bar_chart("Moderator decisions", list(d.moderator_actions) or ["none"],
                  {"decisions": list(d.moderator_actions.values()) or [0]}),
    ]
    return render(request, "dashboard.html", {"viewer": viewer, "d": d, "charts": charts, "duration": duration,
                                              "days": days})
