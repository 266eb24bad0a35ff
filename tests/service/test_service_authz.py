"""Authorization on every route: someone else's ids get 404 (never their data), missing
credentials 401, missing scope or role 403."""

from __future__ import annotations

import pytest

from offplatform.service.models import Role


@pytest.fixture(scope="module")
def ids(module_world):
    """One of everything, all belonging to alice (client) and frank (freelancer)."""
    world = module_world
    held = world.send(world.frank, "pay me via paypal outside the site to save fees").json()
    masked = world.send(world.frank, "call me at +44 20 7946 0958").json()
    contract = world.offer()
    case = world.mod.get("/v1/cases").json()["items"][0]["id"]
    return {"conv": world.conv_id, "msg": masked["id"], "held": held["id"], "contract": contract, "case": case}


# Routes about alice and frank's things, called by an outsider (carol, a client; fiona, a freelancer).
PARTICIPANT_ROUTES = [
    pytest.param("GET", "/v1/conversations/{conv}", None, id="get-conversation"),
    pytest.param("POST", "/v1/conversations/{conv}/interview", None, id="interview"),
    pytest.param("GET", "/v1/conversations/{conv}/preferences", None, id="get-preferences"),
    pytest.param("PUT", "/v1/conversations/{conv}/preferences", {"keep_on_platform": True}, id="put-preferences"),
    pytest.param("POST", "/v1/conversations/{conv}/messages", {"text": "hello"}, id="post-message"),
    pytest.param("GET", "/v1/conversations/{conv}/messages", None, id="list-messages"),
    pytest.param("GET", "/v1/conversations/{conv}/export", None, id="export-json"),
    pytest.param("GET", "/v1/conversations/{conv}/export?format=html", None, id="export-html"),
    pytest.param("POST", "/v1/conversations/{conv}/contracts", {"amount_cents": 5}, id="offer-contract"),
    pytest.param("GET", "/v1/conversations/{conv}/contracts", None, id="list-contracts"),
    pytest.param("GET", "/v1/contracts/{contract}", None, id="get-contract"),
    pytest.param("POST", "/v1/contracts/{contract}/accept", None, id="accept"),
    pytest.param("POST", "/v1/contracts/{contract}/decline", None, id="decline"),
    pytest.param("POST", "/v1/contracts/{contract}/withdraw", None, id="withdraw"),
    pytest.param("POST", "/v1/contracts/{contract}/fund", None, id="fund"),
    pytest.param("POST", "/v1/contracts/{contract}/close", None, id="close"),
    pytest.param("GET", "/v1/messages/{msg}", None, id="get-message"),
    pytest.param("GET", "/v1/messages/{held}", None, id="get-held-message"),
    pytest.param("POST", "/v1/messages/{msg}/report", {"reason": "spam"}, id="report"),
    pytest.param("POST", "/v1/messages/{held}/appeal", {"reason": "fine"}, id="appeal"),
]


@pytest.mark.parametrize(("method", "path", "body"), PARTICIPANT_ROUTES)
@pytest.mark.parametrize("outsider", ["carol", "fiona"])
def test_outsiders_get_404(module_world, ids, method, path, body, outsider):
    who = getattr(module_world, outsider)
    r = who.client.request(method, path.format(**ids), json=body, headers=who.headers)
    assert r.status_code == 404, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert "+44" not in r.text and "paypal" not in r.text


def test_recipient_cannot_see_held_message_but_sender_can(module_world, ids):
    world = module_world
    assert world.alice.get(f"/v1/messages/{ids['held']}").status_code == 404
    assert world.frank.get(f"/v1/messages/{ids['held']}").status_code == 200


def test_outsider_lists_no_conversations(module_world, ids):
    world = module_world
    assert world.carol.get("/v1/conversations").json()["items"] == []
    assert [c["id"] for c in world.alice.get("/v1/conversations").json()["items"]] == [world.conv_id]


MODERATOR_ROUTES = [
    pytest.param("GET", "/v1/cases", None, id="list-cases"),
    pytest.param("GET", "/v1/cases/{case}", None, id="get-case"),
    pytest.param("POST", "/v1/cases/{case}/decisions", {"action": "release"}, id="decide-case"),
    pytest.param("GET", "/v1/cases/{case}/export", None, id="export-case"),
]
ADMIN_ROUTES = [
    pytest.param("POST", "/v1/users", {"email": "x@y.z", "name": "x", "role": "admin"}, id="create-user"),
    pytest.param("POST", "/v1/api-keys", {"name": "k", "owner_id": 1, "scopes": ["check"]}, id="create-key"),
    pytest.param("GET", "/v1/api-keys", None, id="list-keys"),
    pytest.param("DELETE", "/v1/api-keys/1", None, id="revoke-key"),
    pytest.param("POST", "/v1/webhooks", {"url": "http://127.0.0.1:9/x"}, id="create-webhook"),
    pytest.param("GET", "/v1/webhooks", None, id="list-webhooks"),
    pytest.param("GET", "/v1/webhooks/1/deliveries", None, id="deliveries"),
    pytest.param("GET", "/v1/audit/verify", None, id="audit-verify"),
]


@pytest.mark.parametrize(("method", "path", "body"), MODERATOR_ROUTES)
@pytest.mark.parametrize("who", ["alice", "frank"])
def test_cases_are_for_moderators(module_world, ids, method, path, body, who):
    actor = getattr(module_world, who)
    r = actor.client.request(method, path.format(**ids), json=body, headers=actor.headers)
    assert r.status_code == 403, r.text
    assert "paypal" not in r.text


@pytest.mark.parametrize(("method", "path", "body"), ADMIN_ROUTES)
@pytest.mark.parametrize("who", ["alice", "mod"])
def test_admin_routes_are_for_admins(module_world, method, path, body, who):
    actor = getattr(module_world, who)
    r = actor.client.request(method, path, json=body, headers=actor.headers)
    assert r.status_code == 403, r.text


@pytest.mark.parametrize(("method", "path", "body"),
                         [p for p in PARTICIPANT_ROUTES[:3]] + MODERATOR_ROUTES[:1] + ADMIN_ROUTES[:1]
                         + [pytest.param("GET", "/v1/me", None, id="me"),
                            pytest.param("POST", "/v1/check", {"text": "hi"}, id="check")])
@pytest.mark.parametrize("auth", [None, "Bearer opk_nope_nope", "Basic abc"], ids=["none", "bad-key", "bad-scheme"])
def test_without_valid_credentials_401(module_world, ids, method, path, body, auth):
    headers = {"Authorization": auth} if auth else {}
    r = module_world.client.request(method, path.format(**ids), json=body, headers=headers)
    assert r.status_code == 401, r.text


@pytest.mark.parametrize(
    ("scopes", "method", "path", "body", "status"),
    [
        pytest.param(["check"], "POST", "/v1/check", {"text": "hi"}, 200, id="check-scope-checks"),
        pytest.param(["check"], "GET", "/v1/conversations", None, 403, id="check-scope-no-conversations"),
        pytest.param(["conversations"], "POST", "/v1/check", {"text": "hi"}, 403, id="conversations-scope-no-check"),
        pytest.param(["conversations"], "GET", "/v1/conversations", None, 200, id="conversations-scope-lists"),
    ],
)
def test_api_key_scopes(make_actor, scopes, method, path, body, status):
    actor = make_actor("integration", Role.CLIENT, scopes=scopes)
    r = actor.client.request(method, path, json=body, headers=actor.headers)
    assert r.status_code == status, r.text


def test_moderator_key_without_moderation_scope_is_refused(make_actor):
    mod = make_actor("limited-mod", Role.MODERATOR, scopes=["check"])
    assert mod.get("/v1/cases").status_code == 403
