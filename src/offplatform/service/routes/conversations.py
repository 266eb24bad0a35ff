"""Jobs, conversations, messages, contracts, preferences, reports, appeals and exports."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, Query
from fastapi.responses import HTMLResponse, JSONResponse

from ...policy.model import Stage
from .. import fastlane, idempotency, marketplace, messaging
from ..db import transaction
from ..deps import Conversations, IdPath, RuntimeDep, decode_cursor, next_cursor
from ..export import export_conversation, render_html
from ..models import ContractState
from ..schemas import (
    CasePublic,
    ContractCreate,
    ContractPublic,
    ConversationCreate,
    ConversationPage,
    ConversationPublic,
    JobCreate,
    JobPublic,
    MessageCreate,
    MessagePage,
    MessagePublic,
    Preferences,
    PreferenceUpdate,
    ReportCreate,
)
from . import views

router = APIRouter(prefix="/v1", tags=["conversations"])

IdemKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=200,
                                       description="Retries with the same key replay the first response")]
Limit = Annotated[int, Query(ge=1, le=200)]
Cursor = Annotated[str | None, Query(max_length=100)]
_NOT_FOUND = {404: {"description": "Not found (or not yours)"}}
_IDEM = {409: {"description": "Conflict (illegal move, or Idempotency-Key reused for another request)"}}


@router.post("/jobs", status_code=201, response_model=JobPublic, summary="Post a job (clients)")
def create_job(body: JobCreate, rt: RuntimeDep, p: Conversations) -> dict:
    with transaction(rt.sessions) as s:
        return views.job(marketplace.create_job(s, p, body.title, body.description))


@router.get("/jobs/{job_id}", response_model=JobPublic, responses=_NOT_FOUND,
            summary="A job (public listing: any signed-in user)")
def get_job(job_id: IdPath, rt: RuntimeDep, p: Conversations) -> dict:
    with rt.sessions() as s:
        return views.job(marketplace.get_job(s, job_id))


@router.post("/conversations", status_code=201, response_model=ConversationPublic, responses=_NOT_FOUND,
             summary="Start a conversation about a job")
def start_conversation(body: ConversationCreate, rt: RuntimeDep, p: Conversations) -> dict:
    with transaction(rt.sessions) as s:
        conv = marketplace.start_conversation(s, p, body.job_id, body.freelancer_id)
        return views.conversation(s, conv)


@router.get("/conversations", response_model=ConversationPage, summary="My conversations")
def list_conversations(rt: RuntimeDep, p: Conversations, limit: Limit = 50, cursor: Cursor = None) -> dict:
    with rt.sessions() as s:
        rows = marketplace.list_conversations(s, p, decode_cursor(cursor), limit)
        return {"items": [views.conversation(s, c) for c in rows],
                "next_cursor": next_cursor([c.id for c in rows], limit)}


@router.get("/conversations/{conversation_id}", response_model=ConversationPublic, responses=_NOT_FOUND)
def get_conversation(conversation_id: IdPath, rt: RuntimeDep, p: Conversations) -> dict:
    with rt.sessions() as s:
        return views.conversation(s, marketplace.conversation_for(s, p, conversation_id))


@router.post("/conversations/{conversation_id}/interview", response_model=ConversationPublic,
             responses=_NOT_FOUND, summary="Move the conversation to the interview stage (client)")
def interview(conversation_id: IdPath, rt: RuntimeDep, p: Conversations) -> dict:
    with transaction(rt.sessions) as s:
        conv = marketplace.invite_to_interview(s, p, conversation_id)
        return views.conversation(s, conv)


@router.get("/conversations/{conversation_id}/preferences", response_model=Preferences, responses=_NOT_FOUND)
def get_preferences(conversation_id: IdPath, rt: RuntimeDep, p: Conversations) -> dict:
    with rt.sessions() as s:
        prefs = marketplace.preferences(s, p, conversation_id)
    return {"conversation_id": conversation_id, "keep_on_platform": {str(k): v for k, v in prefs.items()}}


@router.put("/conversations/{conversation_id}/preferences", response_model=Preferences, responses=_NOT_FOUND,
            summary="Choose to keep this conversation on the platform (contact details stay hidden)")
def put_preferences(conversation_id: IdPath, body: PreferenceUpdate, rt: RuntimeDep, p: Conversations) -> dict:
    with transaction(rt.sessions) as s:
        marketplace.set_preference(s, p, conversation_id, body.keep_on_platform)
        prefs = marketplace.preferences(s, p, conversation_id)
    return {"conversation_id": conversation_id, "keep_on_platform": {str(k): v for k, v in prefs.items()}}


@router.post("/conversations/{conversation_id}/messages", status_code=201, response_model=MessagePublic,
             responses={**_NOT_FOUND, **_IDEM}, summary="Send a message (reviewed by the policy)")
async def post_message(conversation_id: IdPath, body: MessageCreate, rt: RuntimeDep, p: Conversations,
                       idempotency_key: IdemKey = None) -> JSONResponse:
    # async, so that waiting for the group commit holds no thread; the common case of this request
    # does not come here but through fastlane.MessageFastLane, to the same function
    return await fastlane.send_message(rt, p, conversation_id, body, idempotency_key)


@router.get("/conversations/{conversation_id}/messages", response_model=MessagePage, responses=_NOT_FOUND,
            summary="Messages I may see, oldest first")
def list_messages(conversation_id: IdPath, rt: RuntimeDep, p: Conversations, limit: Limit = 50,
                  cursor: Cursor = None) -> dict:
    with rt.sessions() as s:
        rows = messaging.list_messages(s, p, conversation_id, decode_cursor(cursor), limit)
        return {"items": [messaging.view(m, p.user_id) for m in rows],
                "next_cursor": next_cursor([m.id for m in rows], limit)}


@router.get("/messages/{message_id}", response_model=MessagePublic, responses=_NOT_FOUND)
def get_message(message_id: IdPath, rt: RuntimeDep, p: Conversations) -> dict:
    with rt.sessions() as s:
        return messaging.view(messaging.message_for(s, p, message_id), p.user_id)


@router.post("/messages/{message_id}/report", status_code=201, response_model=CasePublic, responses=_NOT_FOUND,
             summary="Report a message you received")
def report(message_id: IdPath, body: ReportCreate, rt: RuntimeDep, p: Conversations) -> dict:
    with transaction(rt.sessions) as s:
        case = messaging.report_message(s, p, message_id, body.reason)
        return _case_for_participant(case)


@router.post("/messages/{message_id}/appeal", status_code=201, response_model=CasePublic, responses=_NOT_FOUND,
             summary="Appeal the decision about your held, blocked or masked message")
def appeal(message_id: IdPath, body: ReportCreate, rt: RuntimeDep, p: Conversations) -> dict:
    with transaction(rt.sessions) as s:
        case = messaging.appeal_message(s, p, message_id, body.reason)
        return _case_for_participant(case)


def _case_for_participant(case) -> dict:
    return {"id": case.id, "kind": case.kind, "status": case.status, "conversation_id": case.conversation_id,
            "message_id": case.message_id, "subject_id": case.subject_id, "opened_by_id": case.opened_by_id,
            "reason": case.reason, "resolution": case.resolution, "created_at": case.created_at,
            "closed_at": case.closed_at, "message": None, "decisions": []}


@router.get("/conversations/{conversation_id}/export", responses={**_NOT_FOUND, 200: {
    "content": {"application/json": {}, "text/html": {}}}}, summary="Export for a dispute (JSON or HTML)")
def export(conversation_id: IdPath, rt: RuntimeDep, p: Conversations,
           format: Literal["json", "html"] = "json") -> Any:
    with rt.sessions() as s:
        conv = marketplace.conversation_for(s, p, conversation_id)
        data = export_conversation(s, conv, p.user_id, moderator=False)
    if format == "html":
        return HTMLResponse(render_html(data))
    return JSONResponse(data)


# --- contracts ----------------------------------------------------------------------------------

@router.post("/conversations/{conversation_id}/contracts", status_code=201, response_model=ContractPublic,
             responses={**_NOT_FOUND, **_IDEM}, summary="Offer a contract (client)")
def offer(conversation_id: IdPath, body: ContractCreate, rt: RuntimeDep, p: Conversations,
          idempotency_key: IdemKey = None) -> JSONResponse:
    def work(s):
        contract = marketplace.offer_contract(s, p, conversation_id, body.amount_cents, body.currency, body.terms)
        conv = marketplace.conversation_for(s, p, conversation_id)
        return views.contract(s, contract, conv)

    return idempotency.run(rt.sessions, p, idempotency_key, "POST",
                           f"/v1/conversations/{conversation_id}/contracts", body.model_dump_json().encode(),
                           work, 201)


@router.get("/conversations/{conversation_id}/contracts", response_model=list[ContractPublic],
            responses=_NOT_FOUND)
def list_contracts(conversation_id: IdPath, rt: RuntimeDep, p: Conversations) -> list[dict]:
    with rt.sessions() as s:
        conv = marketplace.conversation_for(s, p, conversation_id)
        return [views.contract(s, k, conv) for k in marketplace.list_contracts(s, p, conversation_id)]


@router.get("/contracts/{contract_id}", response_model=ContractPublic, responses=_NOT_FOUND)
def get_contract(contract_id: IdPath, rt: RuntimeDep, p: Conversations) -> dict:
    with rt.sessions() as s:
        contract, conv = marketplace.contract_for(s, p, contract_id)
        return views.contract(s, contract, conv)


@router.post("/contracts/{contract_id}/{move}", response_model=ContractPublic,
             responses={**_NOT_FOUND, **_IDEM, 403: {"description": "Not this party's move"}},
             summary="Move a contract: accept/decline (freelancer), withdraw/fund/close (client)")
def move(contract_id: IdPath, move: Literal["accept", "decline", "withdraw", "fund", "close"], rt: RuntimeDep,
         p: Conversations, idempotency_key: IdemKey = None) -> JSONResponse:
    def work(s):
        contract, conv = marketplace.move_contract(s, p, contract_id, move)
        stage = marketplace.stage_of(s, conv)
        if contract.state in (ContractState.ACCEPTED, ContractState.FUNDED):
            messaging.reveal_consented(s, rt.guard, conv, Stage(stage), p.ref)
        return views.contract(s, contract, conv)

    return idempotency.run(rt.sessions, p, idempotency_key, "POST", f"/v1/contracts/{contract_id}/{move}", b"",
                           work, 200)
