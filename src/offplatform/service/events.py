"""Events for webhooks, written to the outbox in the transaction that causes them.

Event names: message.delivered, message.masked, message.held, message.blocked,
message.released, message.revealed, contract.offered, contract.accepted, contract.declined,
contract.withdrawn, contract.funded, contract.closed, case.opened, case.decided, appeal.opened.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from .models import WebhookDelivery, WebhookEndpoint, utcnow

EVENTS: tuple[str, ...] = (
    "message.delivered", "message.masked", "message.held", "message.blocked", "message.released",
    "message.revealed", "contract.offered", "contract.accepted", "contract.declined",
    "contract.withdrawn", "contract.funded", "contract.closed", "case.opened", "case.decided",
    "appeal.opened",
)


def active_endpoints(db: Session | Connection) -> Sequence[Any]:
    """(id, events) of the active endpoints."""
    return db.execute(
        select(WebhookEndpoint.id, WebhookEndpoint.events).where(WebhookEndpoint.active.is_(True))
    ).all()


def deliveries(endpoints: Sequence[Any], event: str, data: dict[str, Any],
               now: datetime | None = None) -> list[dict[str, Any]]:
    """The outbox rows (``webhook_deliveries`` values) of ``event`` for the endpoints subscribed to it."""
    now = now or utcnow()
    rows = []
    for ep in endpoints:
        if ep.events and event not in ep.events and "*" not in ep.events:
            continue
        event_id = str(uuid.uuid4())
        body = json.dumps(
            {"id": event_id, "type": event, "created_at": now.isoformat(), "data": data},
            sort_keys=True, separators=(",", ":"),
        )
        rows.append({"endpoint_id": ep.id, "event_id": event_id, "event": event, "payload": body,
                     "status": "pending", "attempts": 0, "next_attempt_at": now, "created_at": now})
    return rows


def emit(session: Session, event: str, data: dict[str, Any]) -> int:
    """Queue ``event`` for every active endpoint subscribed to it; returns how many."""
    rows = deliveries(active_endpoints(session), event, data)
    session.add_all(WebhookDelivery(**row) for row in rows)
    return len(rows)
