"""People sign in with a password (argon2) and a session cookie + CSRF token; integrations use
API keys, hashed at rest and shown once."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from offplatform.service.deps import SESSION_COOKIE
from offplatform.service.models import ApiKey, Role, User


def _signup(client, email="pat@example.test", role="freelancer", password="correct horse battery"):
    return client.post("/v1/auth/signup", json={"email": email, "name": "Pat", "password": password, "role": role})


def test_signup_login_cookie_csrf_logout(service):
    app, client = service
    assert _signup(client).status_code == 201
    with app.state.runtime.sessions() as s:
        stored = s.scalar(select(User.password_hash).where(User.email == "pat@example.test"))
    assert stored.startswith("$argon2id$") and "correct horse" not in stored

    r = client.post("/v1/auth/login", json={"email": "pat@example.test", "password": "correct horse battery"})
    assert r.status_code == 200
    cookie = r.headers["set-cookie"]
    assert SESSION_COOKIE in cookie and "HttpOnly" in cookie and "Secure" in cookie and "samesite=lax" in cookie.lower()
    csrf = r.json()["csrf_token"]

    me = client.get("/v1/me")
    assert me.status_code == 200 and me.json()["via"] == "session" and me.json()["role"] == "freelancer"
    # an unsafe request with the cookie but without the CSRF token is refused
    r = client.put("/v1/conversations/1/preferences", json={"keep_on_platform": True})
    assert r.status_code == 403 and "CSRF" in r.json()["detail"]
    r = client.put("/v1/conversations/1/preferences", json={"keep_on_platform": True},
                   headers={"X-CSRF-Token": csrf + "x"})
    assert r.status_code == 403
    r = client.put("/v1/conversations/1/preferences", json={"keep_on_platform": True},
                   headers={"X-CSRF-Token": csrf})
    assert r.status_code == 404  # past authentication and CSRF: just not a conversation of theirs

    assert client.post("/v1/auth/logout", headers={"X-CSRF-Token": csrf}).status_code == 204
    assert client.get("/v1/me").status_code == 401


@pytest.mark.parametrize(
    ("email", "password"),
    [
        pytest.param("pat@example.test", "wrong password!", id="wrong-password"),
        pytest.param("nobody@example.test", "correct horse battery", id="unknown-email"),
    ],
)
def test_bad_sign_in(service, email, password):
    _, client = service
    _signup(client)
    r = client.post("/v1/auth/login", json={"email": email, "password": password})
    assert r.status_code == 401 and r.json()["detail"] == "wrong email or password"


@pytest.mark.parametrize(
    ("body", "status"),
    [
        pytest.param({"role": "moderator"}, 422, id="cannot-self-sign-up-as-moderator"),
        pytest.param({"password": "short"}, 422, id="short-password"),
        pytest.param({"email": "not-an-email"}, 422, id="bad-email"),
    ],
)
def test_signup_validation(service, body, status):
    _, client = service
    payload = {"email": "pat@example.test", "name": "Pat", "password": "correct horse battery", "role": "client", **body}
    r = client.post("/v1/auth/signup", json=payload)
    assert r.status_code == status
    assert r.headers["content-type"].startswith("application/problem+json")


def test_duplicate_signup_is_409(service):
    _, client = service
    assert _signup(client).status_code == 201
    assert _signup(client, email="PAT@example.test").status_code == 409


def test_api_key_is_shown_once_hashed_at_rest_and_revocable(world):
    r = world.admin.post("/v1/api-keys", json={"name": "crm", "owner_id": world.alice.id,
                                               "scopes": ["check"]})
    assert r.status_code == 201
    key = r.json()["key"]
    with world.app.state.runtime.sessions() as s:
        row = s.get(ApiKey, r.json()["id"])
        assert key.split("_", 2)[2] not in (row.secret_hash, row.prefix)
    listed = world.admin.get("/v1/api-keys").json()["items"]
    assert all("key" not in k for k in listed)
    h = {"Authorization": f"Bearer {key}"}
    assert world.client.post("/v1/check", json={"text": "hi"}, headers=h).status_code == 200
    assert world.client.get("/v1/conversations", headers=h).status_code == 403  # not in scope
    assert world.admin.delete(f"/v1/api-keys/{r.json()['id']}").status_code == 200
    assert world.client.post("/v1/check", json={"text": "hi"}, headers=h).status_code == 401


@pytest.mark.parametrize(
    ("role", "scopes"),
    [pytest.param("client", ["moderation"], id="client-cannot-hold-moderation"),
     pytest.param("moderator", ["admin"], id="moderator-cannot-hold-admin")],
)
def test_key_scopes_limited_by_owner_role(world, role, scopes):
    owner = {"client": world.alice, "moderator": world.mod}[role]
    r = world.admin.post("/v1/api-keys", json={"name": "x", "owner_id": owner.id, "scopes": scopes})
    assert r.status_code == 422


def test_admin_creates_moderator(world):
    r = world.admin.post("/v1/users", json={"email": "m2@example.test", "name": "M2", "role": "moderator",
                                            "password": "a long password"})
    assert r.status_code == 201 and r.json()["role"] == "moderator"


def test_member_since_is_reported(world):
    me = world.frank.get("/v1/me").json()
    assert me["member_since"][:4].isdigit() and me["role"] == Role.FREELANCER
