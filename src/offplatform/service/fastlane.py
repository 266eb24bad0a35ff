"""The message POST (``POST /v1/conversations/{id}/messages``): what it does, and a lane to it that
skips FastAPI's per-request machinery.

:func:`send_message` is the endpoint's work (read and decide, group commit, answer); the FastAPI
route and :class:`MessageFastLane` both call it.

:class:`MessageFastLane` is a pure ASGI middleware in front of FastAPI's router. Routing,
dependency solving, parameter validation and the exception middleware cost FastAPI about as much
CPU as the read and the guard of a short message (measured: docs/service.md), and this one route
carries nearly all of a busy service's traffic. The lane takes a request only when everything about
it is the common case: the path and method, one ``Authorization: Bearer`` API key this process
verified less than ``api_key_cache_seconds`` ago (on PostgreSQL also one it verifies right there,
reading on the event loop as the route's dependency would), an in-memory rate limiter,
``Content-Type: application/json``, a body that is a valid :class:`~offplatform.service.schemas.MessageCreate`,
at most one ``Idempotency-Key`` of at most 200 characters. Anything else (a cookie, an unknown or
expired key, an invalid body, ...) goes to the FastAPI route untouched, before the lane did
anything that shows (the body it read is handed on), so every error and every edge case is
FastAPI's as before. The lane's own answers are the route's: the same function, the same
problem+json for the errors the work raises (401-429), the route's template in the metrics.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ..errors import OffplatformError
from . import accounts, idempotency, posting
from .principal import Principal
from .routes.check import check_length
from .runtime import Runtime
from .schemas import MAX_ID, MessageCreate

PATH_TEMPLATE = "/v1/conversations/{conversation_id}/messages"
_PATH = re.compile(r"/v1/conversations/([1-9][0-9]{0,18})/messages")


async def send_message(rt: Runtime, p: Principal, conversation_id: int, body: MessageCreate,
                       idempotency_key: str | None) -> Response:
    """Review and store one message; the response is the sender's view of it (201), or the stored
    response of the first request with the same ``Idempotency-Key``."""
    check_length(body.text, rt.settings.max_message_chars)
    keyed = idempotency.keyed_request(p, idempotency_key, "POST", f"/v1/conversations/{conversation_id}/messages",
                                      body.model_dump_json().encode())

    options = {"override": body.override, "consent_to_reveal": body.consent_to_reveal,
               "window": rt.settings.conversation_window, "idempotency": keyed}
    if rt.reader is not None:  # PostgreSQL: the read awaits on the event loop, the guard runs here
        draft = await posting.prepare_async(rt.reader, rt.guard, rt.history, p, conversation_id, body.text,
                                            contexts=rt.contexts, **options)
    else:
        def prepare():
            with rt.read() as conn:
                return posting.prepare(conn, rt.guard, rt.history, p, conversation_id, body.text, **options)

        draft = await run_in_threadpool(prepare)
    if isinstance(draft, posting.Replay):
        return idempotency.replay(draft.record, keyed.request_hash)
    stored = await rt.messages.submit_async(draft)  # once committed, with the other requests' writes
    if stored.replay is not None:
        return await run_in_threadpool(idempotency.replay_stored, rt.sessions, stored.replay)
    d = draft.decision
    rt.metrics.decision(str(d.action), (str(f.kind) for f in d.findings), "message")
    return JSONResponse(stored.response, status_code=201)


class MessageFastLane:
    """Pure ASGI: the common message POST straight to :func:`send_message` (see the module's doc).

    ``route`` is the FastAPI route of the same endpoint (``scope["route"]`` is set to it, so the
    metrics label the request as FastAPI would); ``problem`` renders an :class:`OffplatformError`
    as the app's exception handler does.
    """

    def __init__(self, app, runtime: Runtime, route: Any, problem) -> None:
        self.app = app
        self.runtime = runtime
        self.route = route
        self.problem = problem
        #: requests the lane answered itself (the rest went to FastAPI)
        self.taken = 0

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        match = _PATH.fullmatch(scope["path"])
        if match is None:
            await self.app(scope, receive, send)
            return
        rt = self.runtime
        token, key = self._common_case(scope)
        principal = None if token is None else rt.api_keys.get(token)
        if principal is None and token is not None and rt.reader is not None:
            # what the route's dependency does on a cache miss (accounts.authenticate_api_key), read
            # on the event loop; an unknown or revoked key goes to the route, which refuses it
            principal = await accounts.principal_from_api_key_async(rt.reader, token)
            if principal is not None:
                rt.api_keys.put(token, principal)
        if principal is None:
            await self.app(scope, receive, send)
            return
        body_bytes = await _read_body(receive)
        if body_bytes is None:
            return  # the client went away before it sent the whole body: nobody to answer
        body = _message(body_bytes)
        conversation_id = int(match.group(1))
        if body is None or conversation_id > MAX_ID:
            await self.app(scope, _replay(body_bytes, receive), send)  # FastAPI says what is wrong
            return
        self.taken += 1
        scope["route"] = self.route
        try:
            rt.limits.hit(rt.limits.default, principal.ref)  # what the route's dependencies do, in order
            principal.need_scope("conversations")
            response = await send_message(rt, principal, conversation_id, body, key)
        except OffplatformError as exc:
            response = self.problem(exc, Request(scope).url.path)
        await response(scope, receive, send)

    def _common_case(self, scope) -> tuple[str | None, str | None]:
        """The API key and the Idempotency-Key, or (None, None) when the request is not the common
        case."""
        auth = content_type = key = None
        for name, value in scope["headers"]:
            if name == b"authorization":
                if auth is not None:
                    return None, None
                auth = value
            elif name == b"content-type":
                if content_type is not None:
                    return None, None
                content_type = value
            elif name == b"idempotency-key":
                if key is not None:
                    return None, None
                key = value.decode("latin-1")
                if len(key) > idempotency.MAX_KEY_LENGTH:
                    return None, None
            elif name == b"cookie":
                return None, None
        if auth is None or content_type != b"application/json" or not self.runtime.limits.in_memory:
            return None, None
        scheme, _, token = auth.decode("latin-1").partition(" ")
        if scheme.lower() != "bearer" or not token:
            return None, None
        return token.strip(), key


async def _read_body(receive) -> bytes | None:
    """The whole body, or None if the client disconnected first."""
    chunks = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return None
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


def _message(raw: bytes) -> MessageCreate | None:
    """The body as FastAPI would validate it, or None when it would not (FastAPI then says why)."""
    try:
        data = json.loads(raw)
        if not isinstance(data, dict):
            return None
        return MessageCreate.model_validate(data)
    except (ValueError, ValidationError, RecursionError):
        return None


def _replay(body: bytes, receive):
    """A ``receive`` that gives ``body`` again, then whatever the client sends next."""
    sent = False

    async def replayed():
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed
