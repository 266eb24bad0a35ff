from __future__ import annotations

from fastapi import APIRouter, Request, Response

from .. import accounts
from ..db import transaction
from ..deps import SESSION_COOKIE, CurrentPrincipal, RuntimeDep
from ..models import Role, User
from ..schemas import Me, SignedIn, SignIn, SignUp, UserPublic
from ..security import sha256_hex
from . import views

router = APIRouter(prefix="/v1", tags=["accounts"])


@router.post("/auth/signup", status_code=201, response_model=UserPublic,
             summary="Create a client or freelancer account")
def signup(body: SignUp, rt: RuntimeDep, request: Request) -> dict:
    rt.limits.hit(rt.limits.default, f"signup:{request.client.host if request.client else '-'}")
    with transaction(rt.sessions) as s:
        u = accounts.create_user(s, rt.passwords, email=body.email, name=body.name, role=Role(body.role),
                                 password=body.password, actor="self")
        return views.user(u)


@router.post("/auth/login", response_model=SignedIn, summary="Sign in; sets the session cookie")
def login(body: SignIn, rt: RuntimeDep, request: Request, response: Response) -> dict:
    rt.limits.hit(rt.limits.default, f"login:{request.client.host if request.client else '-'}")
    with transaction(rt.sessions) as s:
        u, token, token_hash = accounts.sign_in(s, rt.passwords, email=body.email, password=body.password,
                                                hours=rt.settings.session_hours)
        out = views.user(u)
    response.set_cookie(SESSION_COOKIE, token, max_age=int(rt.settings.session_hours * 3600), httponly=True,
                        secure=rt.settings.cookie_secure, samesite="lax", path="/")
    return {"user": out, "csrf_token": rt.csrf.issue(token_hash)}


@router.post("/auth/logout", status_code=204, summary="Sign out (ends the cookie's session)")
def logout(rt: RuntimeDep, p: CurrentPrincipal, request: Request, response: Response) -> Response:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        with transaction(rt.sessions) as s:
            accounts.sign_out(s, sha256_hex(token))
    response = Response(status_code=204)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/me", response_model=Me, summary="Who am I (member since: the account's age)")
def me(rt: RuntimeDep, p: CurrentPrincipal) -> dict:
    with rt.sessions() as s:
        u = s.get(User, p.user_id)
        return {**views.user(u), "email": u.email, "via": p.via,
                "scopes": sorted(p.scopes) if p.scopes is not None else None}
