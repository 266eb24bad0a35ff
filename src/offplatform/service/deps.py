"""FastAPI dependencies as annotated aliases: ``RuntimeDep``, ``CurrentPrincipal``.

Authentication, in order: ``Authorization: Bearer opk_...`` (an API key), then the session
cookie. With the cookie, unsafe methods need the CSRF token (``X-CSRF-Token`` header) issued at
sign-in. :func:`session_user` is the hook for server-rendered pages (cookie only).
"""

from __future__ import annotations

import base64
import binascii
from typing import Annotated

from fastapi import Depends, Path, Request
from starlette.concurrency import run_in_threadpool

from . import accounts
from .errors import Forbidden, Unauthorized, Unprocessable
from .principal import Principal
from .runtime import Runtime

SESSION_COOKIE = "offplatform_session"
CSRF_HEADER = "X-CSRF-Token"
_SAFE = frozenset({"GET", "HEAD", "OPTIONS"})


async def get_runtime(request: Request) -> Runtime:
    # async: trivial dependencies stay on the event loop (a sync one costs a threadpool hop)
    return request.app.state.runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


def _authenticate(request: Request, rt: Runtime, *, cookie_only: bool = False) -> Principal:
    auth = request.headers.get("authorization", "")
    principal: Principal | None = None
    if auth and not cookie_only:
        scheme, _, token = auth.partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise Unauthorized("use 'Authorization: Bearer <API key>'")
        principal = accounts.authenticate_api_key(rt.read, rt.api_keys, token.strip())
        if principal is None:
            raise Unauthorized("unknown or revoked API key")
    else:
        token = request.cookies.get(SESSION_COOKIE)
        if token:
            with rt.sessions() as s:
                principal = accounts.principal_from_session(s, token)
        if principal is None:
            raise Unauthorized("sign in (POST /v1/auth/login) or send an API key")
        if request.method not in _SAFE:
            sent = request.headers.get(CSRF_HEADER)
            if not rt.csrf.valid(sent, principal.session_hash or "", int(rt.settings.session_hours * 3600)):
                raise Forbidden(f"missing or wrong {CSRF_HEADER} header (from POST /v1/auth/login)")
    rt.limits.hit(rt.limits.default, principal.ref)
    return principal


async def current_principal(request: Request) -> Principal:
    # async: an API key verified a moment ago (accounts.ApiKeyCache) and an in-memory rate limit
    # need no I/O, so the common case stays on the event loop; anything else goes to a thread
    rt: Runtime = request.app.state.runtime
    auth = request.headers.get("authorization", "")
    scheme, _, token = auth.partition(" ")
    principal = rt.api_keys.get(token.strip()) if scheme.lower() == "bearer" and token else None
    if principal is None or not rt.limits.in_memory:
        return await run_in_threadpool(_authenticate, request, rt)
    rt.limits.hit(rt.limits.default, principal.ref)
    return principal


def session_user(request: Request) -> Principal:
    """For HTML pages: the signed-in person from the cookie (API keys are not accepted)."""
    return _authenticate(request, request.app.state.runtime, cookie_only=True)


#: A path id: a positive 64-bit integer (larger ones cannot exist, and would overflow the database).
IdPath = Annotated[int, Path(ge=1, le=2**63 - 1)]

CurrentPrincipal = Annotated[Principal, Depends(current_principal)]
SessionUser = Annotated[Principal, Depends(session_user)]


def need(scope: str):
    """A dependency: the caller, whose API key (if any) has ``scope``."""

    async def dep(p: CurrentPrincipal) -> Principal:
        p.need_scope(scope)
        return p

    return dep


Conversations = Annotated[Principal, Depends(need("conversations"))]
Checker = Annotated[Principal, Depends(need("check"))]
Moderator = Annotated[Principal, Depends(need("moderation"))]
Admin = Annotated[Principal, Depends(need("admin"))]


# --- cursor pagination ---------------------------------------------------------------------------

def encode_cursor(last_id: int) -> str:
    return base64.urlsafe_b64encode(f"id:{last_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        kind, _, value = raw.partition(":")
        if kind != "id" or not value.isdigit() or len(value) > 18:
            raise ValueError
        return int(value)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise Unprocessable("invalid cursor") from None


def next_cursor(ids: list[int], limit: int) -> str | None:
    return encode_cursor(ids[-1]) if len(ids) == limit and ids else None
