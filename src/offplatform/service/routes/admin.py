"""Admins: people, API keys, webhooks and the audit chain."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy import select

from .. import accounts, audit, webhooks
from ..db import transaction
from ..deps import IdPath, Admin, RuntimeDep, decode_cursor, next_cursor
from ..models import ApiKey, Role, WebhookDelivery, WebhookEndpoint, aware
from ..principal import Principal
from ..schemas import (
    ApiKeyCreate,
    ApiKeyCreated,
    ApiKeyPage,
    ApiKeyPublic,
    AuditReport,
    DeliveryPage,
    UserCreate,
    UserPublic,
    WebhookCreate,
    WebhookCreated,
    WebhookPublic,
)
from . import views

router = APIRouter(prefix="/v1", tags=["admin"])
_ERR = {403: {"description": "Admins only"}, 404: {"description": "Not found"}}
Limit = Annotated[int, Query(ge=1, le=200)]
Cursor = Annotated[str | None, Query(max_length=100)]


def _admin(p: Principal) -> Principal:
    p.need_role(Role.ADMIN)
    return p


@router.post("/users", status_code=201, response_model=UserPublic, responses=_ERR,
             summary="Create an account of any role (admins)")
def create_user(body: UserCreate, rt: RuntimeDep, p: Admin) -> dict:
    _admin(p)
    with transaction(rt.sessions) as s:
        u = accounts.create_user(s, rt.passwords, email=body.email, name=body.name, role=Role(body.role),
                                 password=body.password, actor=p.ref)
        return views.user(u)


@router.post("/api-keys", status_code=201, response_model=ApiKeyCreated, responses=_ERR,
             summary="Create an API key (the full key is shown once)")
def create_key(body: ApiKeyCreate, rt: RuntimeDep, p: Admin) -> dict:
    _admin(p)
    with transaction(rt.sessions) as s:
        key, full = accounts.create_api_key(s, name=body.name, owner_id=body.owner_id, scopes=list(body.scopes),
                                            actor=p.ref)
        return {**views.api_key(key), "key": full}


@router.get("/api-keys", response_model=ApiKeyPage, responses=_ERR)
def list_keys(rt: RuntimeDep, p: Admin, limit: Limit = 50, cursor: Cursor = None) -> dict:
    _admin(p)
    with rt.sessions() as s:
        rows = list(s.scalars(select(ApiKey).where(ApiKey.id > decode_cursor(cursor)).order_by(ApiKey.id)
                              .limit(limit)))
        return {"items": [views.api_key(k) for k in rows], "next_cursor": next_cursor([k.id for k in rows], limit)}


@router.delete("/api-keys/{key_id}", response_model=ApiKeyPublic, responses=_ERR, summary="Revoke an API key")
def revoke_key(key_id: IdPath, rt: RuntimeDep, p: Admin) -> dict:
    _admin(p)
    with transaction(rt.sessions) as s:
        key = accounts.revoke_api_key(s, key_id, p.ref)
    rt.api_keys.forget(key_id)  # this process at once; the others within api_key_cache_seconds
    return views.api_key(key)


@router.post("/webhooks", status_code=201, response_model=WebhookCreated, responses=_ERR,
             summary="Subscribe a URL to events (signed with HMAC-SHA256)")
def create_webhook(body: WebhookCreate, rt: RuntimeDep, p: Admin) -> dict:
    _admin(p)
    with transaction(rt.sessions) as s:
        ep = webhooks.create_endpoint(s, body.url, body.events, body.secret, p.ref)
        return {"id": ep.id, "url": ep.url, "events": ep.events, "active": ep.active,
                "created_at": aware(ep.created_at), "secret": ep.secret}


@router.get("/webhooks", response_model=list[WebhookPublic], responses=_ERR)
def list_webhooks(rt: RuntimeDep, p: Admin) -> list[dict]:
    _admin(p)
    with rt.sessions() as s:
        return [{"id": e.id, "url": e.url, "events": e.events, "active": e.active, "created_at": aware(e.created_at)}
                for e in s.scalars(select(WebhookEndpoint).order_by(WebhookEndpoint.id))]


@router.get("/webhooks/{endpoint_id}/deliveries", response_model=DeliveryPage, responses=_ERR,
            summary="The delivery log of one endpoint, newest first")
def deliveries(endpoint_id: IdPath, rt: RuntimeDep, p: Admin, limit: Limit = 50, cursor: Cursor = None) -> dict:
    _admin(p)
    with rt.sessions() as s:
        webhooks.get_endpoint(s, endpoint_id)
        q = select(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint_id)
        after = decode_cursor(cursor)
        if after:
            q = q.where(WebhookDelivery.id < after)
        rows = list(s.scalars(q.order_by(WebhookDelivery.id.desc()).limit(limit)))
        return {"items": [webhooks.delivery_view(d) for d in rows],
                "next_cursor": next_cursor([d.id for d in rows], limit)}


@router.get("/audit/verify", response_model=AuditReport, responses=_ERR,
            summary="Check the audit log's hash chain; names the first broken row")
def verify_audit(rt: RuntimeDep, p: Admin) -> dict:
    _admin(p)
    with rt.sessions() as s:
        return audit.verify(s).to_dict()
