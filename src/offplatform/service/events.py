"""Events for webhooks, written to the outbox in the transaction that causes them.

Event names: message.delivered, message.masked, message.held, message.blocked,
message.released, message.revealed, contract.offered, contract.accepted, contract.declined,
contract.withdrawn, contract.funded, contract.closed, case.opened, case.decided, appeal.opened.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import WebhookDelivery, WebhookEndpoint, utcnow

EVENTS: tuple[str, ...] = (
    "message.delivered", "message.masked", "message.held", "message.blocked", "message.released",
    "message.revealed", "contract.offered", "contract.accepted", "contract.declined",
    "contract.withdrawn", "contract.funded", "contract.closed", "case.opened", "case.decided",
    "appeal.opened",
)


def emit(session: Session, event: str, data: dict[str, Any]) -> int:
    """Queue ``event`` for every active endpoint subscribed to it; returns how many."""
    endpoints = session.scalars(select(WebhookEndpoint).where(WebhookEndpoint.active.is_(True))).all()
    now = utcnow()
    count = 0
    for ep in endpoints:
        if ep.events and event not in ep.events and "*" not in ep.events:
            continue
        event_id = str(uuid.uuid4())
        body = json.dumps(
            {"id": event_id, "type": event, "created_at": now.isoformat(), "data": data},
            sort_keys=True, separators=(",", ":"),
        )
        session.add(WebhookDelivery(endpoint_id=ep.id, event_id=event_id, event=event, payload=body,
                                    status="pending", attempts=0, next_attempt_at=now))
        count += 1
    return count
