"""What every page needs: the templates, the signed-in person, CSRF checks, and HTML errors.

People sign in with the service's password sign-in and session cookie
(:func:`offplatform.service.accounts.sign_in`). Every form carries the CSRF token that the
service issues for the session (:class:`offplatform.service.security.Csrf`), as a hidden
``csrf_token`` field; htmx requests send it as the ``X-CSRF-Token`` header instead. The sign-in
form itself is protected the same way, with a token bound to a short-lived pre-sign-in cookie.

Service errors become HTML pages (not problem+json) on these routes: :class:`HtmlRoute`.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, Form, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.routing import APIRoute
from fastapi.templating import Jinja2Templates

from ..service import accounts
from ..service.deps import CSRF_HEADER, SESSION_COOKIE
from ..service.errors import Forbidden, ServiceError, Unauthorized
from ..service.models import User
from ..service.principal import Principal
from ..service.runtime import Runtime
from ..service.security import sha256_hex
from ..service.settings import Settings
from .search import Vocabulary

#: The pre-sign-in cookie that the sign-in form's CSRF token is bound to.
LOGIN_COOKIE = "offplatform_login"


@dataclass
class WebState:
    """What :func:`offplatform.web.install` builds for one app."""

    settings: Settings
    templates: Jinja2Templates
    vocabulary: Vocabulary = field(default_factory=Vocabulary)


def runtime(request: Request) -> Runtime:
    return request.app.state.runtime


def web_state(request: Request) -> WebState:
    return request.app.state.web


@dataclass(frozen=True, slots=True)
class Viewer:
    """The signed-in person on a page: who they are and the CSRF token for their forms."""

    principal: Principal
    name: str
    csrf: str

    @property
    def user_id(self) -> int:
        return self.principal.user_id

    @property
    def is_moderator(self) -> bool:
        return self.principal.is_moderator


def _viewer(request: Request) -> Viewer:
    rt = runtime(request)
    token = request.cookies.get(SESSION_COOKIE)
    principal = None
    name = ""
    if token:
        with rt.sessions() as s:
            principal = accounts.principal_from_session(s, token)
            if principal is not None:
                name = s.get(User, principal.user_id).name
    if principal is None:
        raise Unauthorized("sign in to continue")
    rt.limits.hit(rt.limits.default, principal.ref)
    return Viewer(principal, name, rt.csrf.issue(principal.session_hash or ""))


def page_viewer(request: Request) -> Viewer:
    """GET pages: the signed-in person (anyone else is sent to the sign-in page)."""
    return _viewer(request)


def form_viewer(request: Request, csrf_token: Annotated[str | None, Form(max_length=500)] = None) -> Viewer:
    """POSTs: the signed-in person, whose form (or htmx header) carries their CSRF token."""
    viewer = _viewer(request)
    rt = runtime(request)
    sent = csrf_token or request.headers.get(CSRF_HEADER)
    if not rt.csrf.valid(sent, viewer.principal.session_hash or "", int(rt.settings.session_hours * 3600)):
        raise Forbidden("this form has expired or did not come from this site; reload the page and try again")
    return viewer


def _moderator(viewer: Viewer) -> Viewer:
    if not viewer.is_moderator:
        raise Forbidden("the moderator console is for moderators")
    return viewer


def page_moderator(viewer: Annotated[Viewer, Depends(page_viewer)]) -> Viewer:
    return _moderator(viewer)


def form_moderator(viewer: Annotated[Viewer, Depends(form_viewer)]) -> Viewer:
    return _moderator(viewer)


PageViewer = Annotated[Viewer, Depends(page_viewer)]
FormViewer = Annotated[Viewer, Depends(form_viewer)]
PageModerator = Annotated[Viewer, Depends(page_moderator)]
FormModerator = Annotated[Viewer, Depends(form_moderator)]
RuntimeDep = Annotated[Runtime, Depends(runtime)]
WebDep = Annotated[WebState, Depends(web_state)]


# --- the sign-in form's CSRF token -----------------------------------------------------------------

def login_token(request: Request, response: Response) -> str:
    """The sign-in form's CSRF token, bound to the pre-sign-in cookie (set here if missing)."""
    rt = runtime(request)
    nonce = request.cookies.get(LOGIN_COOKIE)
    if not nonce or len(nonce) > 100:
        nonce = secrets.token_urlsafe(24)
        response.set_cookie(LOGIN_COOKIE, nonce, max_age=3600, httponly=True, secure=rt.settings.cookie_secure,
                            samesite="lax", path="/")
    return rt.csrf.issue(sha256_hex(nonce))


def check_login_token(request: Request, token: str | None) -> None:
    rt = runtime(request)
    nonce = request.cookies.get(LOGIN_COOKIE)
    if not nonce or not rt.csrf.valid(token, sha256_hex(nonce), 3600):
        raise Forbidden("the sign-in form has expired; reload the page and try again")


# --- rendering --------------------------------------------------------------------------------------

def is_htmx(request: Request) -> bool:
    return request.headers.get("HX-Request") == "true"


def render(request: Request, name: str, context: dict[str, Any], status_code: int = 200,
           response: Response | None = None) -> HTMLResponse:
    out = web_state(request).templates.TemplateResponse(request, name, context, status_code=status_code)
    if response is not None:
        for key, value in response.headers.items():
            if key.lower() == "set-cookie":
                out.headers.append(key, value)
    return out


def see_other(url: str) -> RedirectResponse:
    """Post/redirect/get: the answer to every plain form post."""
    return RedirectResponse(url, status_code=303)


class HtmlRoute(APIRoute):
    """Service errors as HTML pages: not signed in -> the sign-in page (for GET); otherwise an
    error page with the service's status and its plain-language detail."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def wrapped(request: Request) -> Response:
            try:
                return await handler(request)
            except Unauthorized as exc:
                if request.method == "GET" and not is_htmx(request):
                    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
                    return see_other(f"/login?next={quote(target, safe='')}")
                return _error(request, exc.status, exc.title, exc.detail)
            except ServiceError as exc:
                return _error(request, exc.status, exc.title, exc.detail)
            except RequestValidationError as exc:
                first = exc.errors()[0] if exc.errors() else {}
                where = ".".join(str(x) for x in first.get("loc", ()) if x not in ("body", "query", "path"))
                return _error(request, 422, "Please check the form", f"{where}: {first.get('msg', 'invalid')}")

        return wrapped


def _error(request: Request, status: int, title: str, detail: str) -> HTMLResponse:
    return render(request, "error.html", {"status": status, "title": title, "detail": detail,
                                          "viewer": None}, status_code=status)
