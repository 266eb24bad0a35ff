"""Webhook endpoints and delivery.

Deliveries are written to ``webhook_deliveries`` (the outbox) in the transaction that causes the
event, then sent by :class:`WebhookWorker`, a loop started with the app. Each POST carries::

    Offplatform-Event: contract.accepted
    Offplatform-Delivery: <event id>
    Offplatform-Signature: t=<unix time>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>

A 2xx response marks the delivery ``delivered``; anything else is retried after
``backoff * 2**(attempt-1)`` seconds, and after ``max_attempts`` it is ``failed``. Every attempt's
status code or error stays in the row: that is the delivery log.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import secrets
import time
from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from . import audit
from .errors import NotFound, Unprocessable
from .events import EVENTS
from .models import WebhookDelivery, WebhookEndpoint, aware, utcnow

log = logging.getLogger("offplatform.service.webhooks")


def sign(secret: str, body: str, timestamp: int) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.{body}".encode(), hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def verify_signature(secret: str, body: str, header: str, tolerance: int = 300, now: float | None = None) -> bool:
    """What a receiver does: check the signature and that it is recent."""
    try:
        parts = dict(item.split("=", 1) for item in header.split(","))
        ts = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs((now or time.time()) - ts) > tolerance:
        return False
    expected = sign(secret, body, ts).split("v1=", 1)[1]
    return hmac.compare_digest(expected, parts.get("v1", ""))


def create_endpoint(session: Session, url: str, events: list[str], secret: str | None, actor: str) -> WebhookEndpoint:
    unknown = sorted(set(events) - set(EVENTS) - {"*"})
    if unknown:
        raise Unprocessable(f"unknown event(s): {', '.join(unknown)}")
    if not url.startswith(("http://", "https://")):
        raise Unprocessable("url must be http:// or https://")
    ep = WebhookEndpoint(url=url, secret=secret or secrets.token_urlsafe(32), events=sorted(set(events)),
                         active=True, created_at=utcnow())
    session.add(ep)
    session.flush()
    audit.append(session, actor, "webhook.created", f"webhook:{ep.id}", {"url": url, "events": ep.events})
    return ep


def get_endpoint(session: Session, endpoint_id: int) -> WebhookEndpoint:
    ep = session.get(WebhookEndpoint, endpoint_id)
    if ep is None:
        raise NotFound("no such webhook endpoint")
    return ep


def delivery_view(d: WebhookDelivery) -> dict[str, Any]:
    return {
        "id": d.id, "endpoint_id": d.endpoint_id, "event_id": d.event_id, "event": d.event,
        "status": d.status, "attempts": d.attempts, "last_status_code": d.last_status_code,
        "last_error": d.last_error, "next_attempt_at": aware(d.next_attempt_at).isoformat(),
        "delivered_at": aware(d.delivered_at).isoformat() if d.delivered_at else None,
    }


class WebhookWorker:
    """Sends due deliveries. :meth:`run_once` is one pass (tests call it); :meth:`run` loops."""

    def __init__(self, sessions: sessionmaker[Session], *, max_attempts: int, backoff: float,
                 timeout: float, poll: float, batch: int = 50, on_result=None) -> None:
        self.sessions = sessions
        self.max_attempts = max_attempts
        self.backoff = backoff
        self.timeout = timeout
        self.poll = poll
        self.batch = batch
        self.on_result = on_result

    def _claim(self) -> list[tuple[int, str, str, str, str, str]]:
        """Take due deliveries and lease them for a while, so that another process running the
        same loop skips them (``FOR UPDATE SKIP LOCKED`` on PostgreSQL)."""
        now = utcnow()
        with self.sessions() as s, s.begin():
            rows = s.scalars(
                select(WebhookDelivery)
                .where(WebhookDelivery.status == "pending", WebhookDelivery.next_attempt_at <= now)
                .order_by(WebhookDelivery.id).limit(self.batch)
                .with_for_update(skip_locked=True)
            ).all()
            if not rows:
                return []
            lease = now + timedelta(seconds=self.timeout * 2 + 5)
            endpoints = {e.id: e for e in s.scalars(
                select(WebhookEndpoint).where(WebhookEndpoint.id.in_({r.endpoint_id for r in rows})))}
            out = []
            for r in rows:
                r.next_attempt_at = lease
                ep = endpoints[r.endpoint_id]
                out.append((r.id, ep.url, ep.secret, r.payload, r.event, r.event_id))
            return out

    def _record(self, delivery_id: int, code: int | None, error: str | None) -> None:
        with self.sessions() as s, s.begin():
            d = s.get(WebhookDelivery, delivery_id)
            if d is None or d.status != "pending":
                return
            d.attempts += 1
            d.last_status_code = code
            d.last_error = error
            if code is not None and 200 <= code < 300:
                d.status = "delivered"
                d.delivered_at = utcnow()
            elif d.attempts >= self.max_attempts:
                d.status = "failed"
            else:
                d.next_attempt_at = utcnow() + timedelta(seconds=self.backoff * 2 ** (d.attempts - 1))
            status = d.status
        if self.on_result is not None:
            self.on_result(status)

    async def run_once(self, client: httpx.AsyncClient) -> int:
        due = await asyncio.to_thread(self._claim)
        for delivery_id, url, secret, body, event, event_id in due:
            headers = {
                "Content-Type": "application/json",
                "Offplatform-Event": event,
                "Offplatform-Delivery": event_id,
                "Offplatform-Signature": sign(secret, body, int(time.time())),
            }
            code: int | None = None
            error: str | None = None
            try:
                resp = await client.post(url, content=body.encode(), headers=headers, timeout=self.timeout)
                code = resp.status_code
                if not 200 <= code < 300:
                    error = f"HTTP {code}"
            except httpx.HTTPError as exc:
                error = f"{type(exc).__name__}: {exc}"[:500]
            await asyncio.to_thread(self._record, delivery_id, code, error)
        return len(due)

    async def run(self, stop: asyncio.Event) -> None:
        async with httpx.AsyncClient(follow_redirects=False) as client:
            while not stop.is_set():
                try:
                    sent = await self.run_once(client)
                except Exception:  # noqa: BLE001 - keep the loop alive; the error is logged
                    log.exception("webhook delivery pass failed")
                    sent = 0
                if not sent:
                    try:
                        await asyncio.wait_for(stop.wait(), timeout=self.poll)
                    except TimeoutError:
                        pass
