"""Webhooks: signed with HMAC-SHA256, delivered from the outbox by the worker, retried with
backoff, logged; tested against a real receiver on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from offplatform.service.webhooks import WebhookWorker, sign, verify_signature


class Receiver:
    """A local HTTP server that records POSTs and fails the first ``fail_first`` of them."""

    def __init__(self, fail_first: int = 0) -> None:
        self.received: list[tuple[dict[str, str], str]] = []
        self.fail_first = fail_first
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers["Content-Length"])).decode()
                receiver.received.append(({k.lower(): v for k, v in self.headers.items()}, body))
                code = 500 if len(receiver.received) <= receiver.fail_first else 204
                self.send_response(code)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def _worker(world, **kw) -> WebhookWorker:
    args = {"max_attempts": 3, "backoff": 0.05, "timeout": 2.0, "poll": 0.05}
    args.update(kw)
    return WebhookWorker(world.app.state.runtime.sessions, **args)


async def _drain(worker: WebhookWorker, until: float = 5.0) -> None:
    deadline = time.monotonic() + until
    async with httpx.AsyncClient() as client:
        while time.monotonic() < deadline:
            await worker.run_once(client)
            await asyncio.sleep(0.06)


def test_signature_round_trip():
    header = sign("s3cret", '{"a":1}', 1_700_000_000)
    assert verify_signature("s3cret", '{"a":1}', header, now=1_700_000_010)
    assert not verify_signature("s3cret", '{"a":2}', header, now=1_700_000_010)  # body changed
    assert not verify_signature("other", '{"a":1}', header, now=1_700_000_010)  # wrong secret
    assert not verify_signature("s3cret", '{"a":1}', header, now=1_700_009_999)  # too old
    assert not verify_signature("s3cret", '{"a":1}', "garbage")


def test_events_are_signed_and_delivered(world):
    with Receiver() as rx:
        hook = world.admin.post("/v1/webhooks", json={"url": rx.url, "events": ["message.held", "contract.accepted"]})
        assert hook.status_code == 201
        secret = hook.json()["secret"]
        world.send(world.frank, "pay me via paypal outside the site to save fees")
        world.send(world.frank, "Thanks, I can start Monday")  # message.delivered: not subscribed
        contract = world.offer()
        world.frank.post(f"/v1/contracts/{contract}/accept")
        asyncio.run(_drain(_worker(world), until=1.0))
    events = [json.loads(body)["type"] for _, body in rx.received]
    assert events == ["message.held", "contract.accepted"]
    for headers, body in rx.received:
        assert verify_signature(secret, body, headers["offplatform-signature"])
        assert headers["offplatform-event"] == json.loads(body)["type"]
    log = world.admin.get(f"/v1/webhooks/{hook.json()['id']}/deliveries").json()["items"]
    assert {(d["event"], d["status"], d["attempts"]) for d in log} == {
        ("message.held", "delivered", 1), ("contract.accepted", "delivered", 1)}


@pytest.mark.parametrize(
    ("fail_first", "status", "attempts", "received"),
    [
        pytest.param(2, "delivered", 3, 3, id="retried-until-delivered"),
        pytest.param(10, "failed", 3, 3, id="gives-up-after-max-attempts"),
    ],
)
def test_retries_with_backoff_and_delivery_log(world, fail_first, status, attempts, received):
    with Receiver(fail_first=fail_first) as rx:
        hook = world.admin.post("/v1/webhooks", json={"url": rx.url, "events": ["message.blocked"]}).json()
        world.send(world.frank, "send me the verification code you just got")
        asyncio.run(_drain(_worker(world), until=1.5))
    assert len(rx.received) == received
    assert len({h["offplatform-delivery"] for h, _ in rx.received}) == 1  # same event id on every retry
    (d,) = world.admin.get(f"/v1/webhooks/{hook['id']}/deliveries").json()["items"]
    assert (d["status"], d["attempts"]) == (status, attempts)
    assert d["last_status_code"] == (204 if status == "delivered" else 500)


def test_unreachable_endpoint_is_logged(world):
    hook = world.admin.post("/v1/webhooks", json={"url": "http://127.0.0.1:9/nothing-here",
                                                  "events": ["message.blocked"]}).json()
    world.send(world.frank, "send me the verification code you just got")
    asyncio.run(_drain(_worker(world, max_attempts=1), until=0.5))
    (d,) = world.admin.get(f"/v1/webhooks/{hook['id']}/deliveries").json()["items"]
    assert d["status"] == "failed" and "Connect" in d["last_error"]


@pytest.mark.parametrize("settings_overrides", [{"webhooks": True, "webhook_poll_seconds": 0.05}])
def test_background_worker_delivers(world, settings_overrides):
    with Receiver() as rx:
        world.admin.post("/v1/webhooks", json={"url": rx.url, "events": ["*"]})
        world.send(world.frank, "Thanks, I can start Monday")
        deadline = time.monotonic() + 5
        while not rx.received and time.monotonic() < deadline:
            time.sleep(0.05)
    assert [json.loads(b)["type"] for _, b in rx.received] == ["message.delivered"]


def test_unknown_event_rejected(world):
    r = world.admin.post("/v1/webhooks", json={"url": "http://127.0.0.1:9/x", "events": ["message.exploded"]})
    assert r.status_code == 422
