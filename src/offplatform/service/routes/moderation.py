from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, JSONResponse

from .. import moderation
from ..db import transaction
from ..deps import IdPath, Moderator, RuntimeDep, decode_cursor, next_cursor
from ..export import export_conversation, render_html
from ..models import Conversation
from ..schemas import CaseDecisionCreate, CasePage, CasePublic

router = APIRouter(prefix="/v1", tags=["moderation"])
_ERR = {403: {"description": "Moderators only"}, 404: {"description": "Not found"}}


@router.get("/cases", response_model=CasePage, responses=_ERR, summary="Cases (moderators)")
def list_cases(rt: RuntimeDep, p: Moderator, status: Literal["open", "closed"] | None = "open",
               limit: Annotated[int, Query(ge=1, le=200)] = 50,
               cursor: Annotated[str | None, Query(max_length=100)] = None) -> dict:
    with rt.sessions() as s:
        rows = moderation.list_cases(s, p, status, decode_cursor(cursor), limit)
        return {"items": [moderation.case_view(s, c) for c in rows],
                "next_cursor": next_cursor([c.id for c in rows], limit)}


@router.get("/cases/{case_id}", response_model=CasePublic, responses=_ERR,
            summary="A case with the message's original, decision and findings")
def get_case(case_id: IdPath, rt: RuntimeDep, p: Moderator) -> dict:
    with rt.sessions() as s:
        return moderation.case_view(s, moderation.get_case(s, p, case_id))


@router.post("/cases/{case_id}/decisions", response_model=CasePublic,
             responses={**_ERR, 409: {"description": "The case is already closed"}},
             summary="Decide a case: release, release_masked, keep_blocked, warn, strike")
def decide(case_id: IdPath, body: CaseDecisionCreate, rt: RuntimeDep, p: Moderator) -> dict:
    with transaction(rt.sessions) as s:
        case = moderation.decide_case(s, p, case_id, moderation.Resolution(body.action), body.note,
                                      rt.guard.policy.placeholder)
        out = moderation.case_view(s, case)
    rt.metrics.decision(f"moderator_{body.action}", [], "moderation")
    return out


@router.get("/cases/{case_id}/export", responses={**_ERR, 200: {"content": {"application/json": {}, "text/html": {}}}},
            summary="Export the case's conversation, everything included (moderators)")
def export_case(case_id: IdPath, rt: RuntimeDep, p: Moderator, format: Literal["json", "html"] = "json"):
    with rt.sessions() as s:
        case = moderation.get_case(s, p, case_id)
        conv = s.get(Conversation, case.conversation_id)
        data = export_conversation(s, conv, None, moderator=True)
    if format == "html":
        return HTMLResponse(render_html(data))
    return JSONResponse(data)
