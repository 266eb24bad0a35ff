"""The application factory: ``create_app(settings)`` builds everything; importing builds nothing."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
from collections.abc import AsyncIterator
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import OffplatformError
from ..scanner import Scanner
from . import db, fastlane
from .errors import PayloadTooLarge, http_status
from .observability import MetricsMiddleware
from .routes import accounts, admin, check, conversations, health, moderation
from .runtime import Runtime
from .settings import Settings
from .webhooks import WebhookWorker

log = logging.getLogger("offplatform.service")

PROBLEM = "application/problem+json"

DESCRIPTION = """Keeps marketplace conversations on the platform until they may leave it.

Messages go through the policy (`offplatform.policy.Guard`) with the conversation's stage, which
follows the contract (offered -> accepted -> funded -> closed). Authenticate with
`Authorization: Bearer <API key>` (integrations) or the session cookie from `POST /v1/auth/login`
(people; unsafe requests then need `X-CSRF-Token`). Errors are `application/problem+json`.
Message and contract POSTs accept `Idempotency-Key`.
"""


def problem(status: int, title: str, detail: str, instance: str | None = None, **extra: Any) -> JSONResponse:
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    if instance:
        body["instance"] = instance
    body.update(extra)
    headers = {"Retry-After": str(extra["retry_after"])} if "retry_after" in extra else None
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


class BodyLimitMiddleware:
    """413 for bodies over ``limit`` bytes, by Content-Length or while streaming."""

    def __init__(self, app, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        detail = f"request body is larger than {self.limit:,} bytes"
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    too_big = int(value) > self.limit
                except ValueError:
                    too_big = False
                if too_big:
                    await problem(413, PayloadTooLarge.title, detail)(scope, receive, send)
                    return
        seen = 0
        started = False

        async def _receive():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise PayloadTooLarge(detail)
            return message

        async def _send(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, _receive, _send)
        except PayloadTooLarge:
            if started:
                raise
            await problem(413, PayloadTooLarge.title, detail)(scope, receive, send)


def problem_for(exc: OffplatformError, instance: str) -> JSONResponse:
    """An error of this package as problem+json (the one rendering, for FastAPI's handler and the fast lane)."""
    status, title = http_status(exc)
    if status >= 500:
        log.error("error", exc_info=exc)
    extra = getattr(exc, "extra", {}) or {}
    detail = getattr(exc, "detail", None) or str(exc)
    return problem(status, title, detail, instance, **extra)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(OffplatformError)
    async def _offplatform(request: Request, exc: OffplatformError) -> JSONResponse:
        return problem_for(exc, request.url.path)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
            for e in exc.errors()
        ]
        first = errors[0] if errors else {"loc": [], "msg": "invalid request"}
        where = ".".join(str(x) for x in first["loc"])
        return problem(422, "Invalid request", f"{where}: {first['msg']}", request.url.path, errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return problem(exc.status_code, str(exc.detail), str(exc.detail), request.url.path)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.error("unhandled error", exc_info=exc)
        return problem(500, "Internal error", "unexpected error; it has been logged", request.url.path)


async def _seal_loop(runtime: Runtime, stop: asyncio.Event) -> None:
    """Chain committed audit rows every ``audit_seal_seconds`` (``audit_chain="background"``)."""
    while not stop.is_set():
        try:
            await asyncio.to_thread(runtime.seal_audit)
        except Exception:  # noqa: BLE001 - keep sealing; the error is logged
            log.exception("audit sealing failed")
        try:
            await asyncio.wait_for(stop.wait(), timeout=runtime.settings.audit_seal_seconds)
        except TimeoutError:
            pass


def create_app(settings: Settings | None = None, *, scanner: Scanner | None = None) -> FastAPI:
    """Build the app. ``settings`` defaults to ``Settings()`` (the OFFPLATFORM_* environment);
    ``scanner`` lets several apps share one (it is thread-safe and costly to build)."""
    settings = settings or Settings()
    runtime = Runtime.build(settings, scanner)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if settings.auto_migrate:
            await asyncio.to_thread(db.upgrade_unless_at_head, settings.database_url)
        await asyncio.to_thread(runtime.warm_up)
        # What is built by now (the scanner's tables, the lexicons, the app) lives as long as the
        # process: out of the collector's sight, a full collection no longer walks its ~200k
        # objects (~90 ms with every request of the process waiting); unfrozen at shutdown.
        gc.collect()
        gc.freeze()
        stop = asyncio.Event()
        tasks = []
        if settings.audit_chain == "background":
            tasks.append(asyncio.create_task(_seal_loop(runtime, stop)))
        if settings.webhooks:
            worker = WebhookWorker(
                runtime.sessions, max_attempts=settings.webhook_max_attempts,
                backoff=settings.webhook_backoff_seconds, timeout=settings.webhook_timeout_seconds,
                poll=settings.webhook_poll_seconds,
                on_result=lambda status: runtime.metrics.webhooks.labels(status=status).inc(),
            )
            app.state.webhook_worker = worker
            tasks.append(asyncio.create_task(worker.run(stop)))
        try:
            yield
        finally:
            stop.set()
            for task in tasks:
                await task
            await runtime.aclose()  # the messages still being written first, then the last seal
            if settings.audit_chain == "background":
                try:
                    await asyncio.to_thread(runtime.seal_audit)  # what was committed until now
                except Exception:  # noqa: BLE001 - the next start seals it
                    log.exception("audit sealing at shutdown failed")
            runtime.close()
            gc.unfreeze()

    app = FastAPI(
        title="offplatform",
        version="0.1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        responses={422: {"description": "Invalid request", "content": {PROBLEM: {}}}},
    )
    app.state.runtime = runtime
    _install_error_handlers(app)
    for module in (health, accounts, check, conversations, moderation, admin):
        app.include_router(module.router)
    from ..web import install as install_web  # the web inbox and moderator console, same app

    install_web(app, settings)
    message_route = next(r for r in conversations.router.routes if isinstance(r, APIRoute)
                         and r.path == fastlane.PATH_TEMPLATE and "POST" in r.methods)
    app.add_middleware(fastlane.MessageFastLane, runtime=runtime, route=message_route, problem=problem_for)
    app.add_middleware(BodyLimitMiddleware, limit=settings.max_body_bytes)
    app.add_middleware(MetricsMiddleware, metrics=runtime.metrics)
    return app
