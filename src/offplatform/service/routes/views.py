"""ORM rows -> public bodies (kept out of the handlers)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from ..marketplace import stage_of
from ..models import ApiKey, Contract, Conversation, Job, User, aware


def user(u: User) -> dict[str, Any]:
    return {"id": u.id, "name": u.name, "role": u.role, "member_since": aware(u.created_at)}


def job(j: Job) -> dict[str, Any]:
    return {"id": j.id, "client_id": j.client_id, "title": j.title, "description": j.description,
            "created_at": aware(j.created_at)}


def conversation(s: Session, c: Conversation) -> dict[str, Any]:
    return {"id": c.id, "job_id": c.job_id, "client_id": c.client_id, "freelancer_id": c.freelancer_id,
            "stage": str(stage_of(s, c)), "created_at": aware(c.created_at)}


def contract(s: Session, k: Contract, conv: Conversation) -> dict[str, Any]:
    return {"id": k.id, "conversation_id": k.conversation_id, "state": k.state, "amount_cents": k.amount_cents,
            "currency": k.currency, "terms": k.terms, "created_at": aware(k.created_at),
            "updated_at": aware(k.updated_at), "stage": str(stage_of(s, conv))}


def api_key(k: ApiKey) -> dict[str, Any]:
    return {"id": k.id, "name": k.name, "prefix": k.prefix, "owner_id": k.owner_id, "scopes": list(k.scopes),
            "created_at": aware(k.created_at), "revoked_at": aware(k.revoked_at)}
