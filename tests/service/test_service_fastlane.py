"""The message POST's fast lane (service/fastlane.py) answers exactly as the FastAPI route does, and
hands everything that is not the common case to the route.

Each scenario runs twice on two equal conversations: once in the common case (the lane takes it) and
once with ``Content-Type: application/json; charset=utf-8``, which the lane leaves to FastAPI. The
answers must match (ids and times aside)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from offplatform.service.fastlane import MessageFastLane
from offplatform.service.models import Role

LANE = {"content-type": "application/json"}
ROUTE = {"content-type": "application/json; charset=utf-8"}


def _lane(app) -> MessageFastLane:
    node = app.middleware_stack
    while node is not None and not isinstance(node, MessageFastLane):
        node = getattr(node, "app", None)
    assert node is not None, "the fast lane is not installed"
    return node


def _pair(make, tag: str):
    """A client and a freelancer with a conversation at the interview stage, and a client who is
    not part of it; every key used once, so this process has verified it (the lane's condition)."""
    boss = make(f"boss-{tag}", Role.CLIENT)
    dev = make(f"dev-{tag}", Role.FREELANCER)
    stranger = make(f"stranger-{tag}", Role.CLIENT)
    checker = make(f"checker-{tag}", Role.FREELANCER, scopes=["check"])
    job = boss.post("/v1/jobs", json={"title": "Logo"}).json()["id"]
    conv = boss.post("/v1/conversations", json={"job_id": job, "freelancer_id": dev.id}).json()["id"]
    assert boss.post(f"/v1/conversations/{conv}/interview").status_code == 200
    for who in (dev, stranger, checker):
        assert who.post("/v1/check", json={"text": "hi", "stage": "inquiry"}).status_code == 200
    return dev, stranger, checker, conv


def _scenario(app, make, tag: str, headers: dict[str, str]) -> list[tuple]:
    dev, stranger, checker, conv = _pair(make, tag)
    url = f"/v1/conversations/{conv}/messages"
    limit = app.state.runtime.settings.max_message_chars

    def post(who, body, **extra):
        r = who.client.post(url if "url" not in extra else extra.pop("url"), json=body,
                            headers={**who.headers, **headers, **extra})
        data = r.json()
        if isinstance(data, dict):
            for volatile in ("id", "created_at", "conversation_id", "sender_id", "recipient_id"):
                data.pop(volatile, None)
            if "instance" in data:
                data["instance"] = data["instance"].replace(f"/{conv}/", "/{id}/")
        return r.status_code, r.headers.get("content-type"), r.headers.get("idempotent-replayed"), data

    return [
        post(dev, {"text": "Thanks, I can start Monday"}),
        post(dev, {"text": "call me at +44 20 7946 0958"}),
        post(dev, {"text": "pay me via paypal outside the site to save fees"}),
        post(dev, {"text": "and the rest"}),  # the ladder: a later message after two violations
        post(dev, {"text": "add me on discord", "consent_to_reveal": True}),
        post(dev, {"text": "first try"}, **{"Idempotency-Key": "k-1"}),
        post(dev, {"text": "first try"}, **{"Idempotency-Key": "k-1"}),  # replayed
        post(dev, {"text": "something else"}, **{"Idempotency-Key": "k-1"}),  # 409
        post(dev, {"text": "empty key"}, **{"Idempotency-Key": ""}),  # 422
        post(dev, {"text": "a" * (limit + 1)}),  # 422 from the work
        post(dev, {"text": ""}),  # 422 from validation (FastAPI)
        post(dev, {"text": "hi", "extra": 1}),  # 422 from validation (FastAPI)
        post(stranger, {"text": "hello"}),  # 404: not theirs
        post(dev, {"text": "hello"}, url="/v1/conversations/999999/messages"),  # 404
        post(checker, {"text": "hello"}),  # 403: the key lacks the scope
    ]


def test_the_lane_answers_as_the_route_does(service, make_actor):
    app, _ = service
    via_route = _scenario(app, make_actor, "route", ROUTE)
    lane = _lane(app)
    taken = lane.taken
    assert taken == 0  # charset=utf-8 is not the lane's case: every request above went to FastAPI
    via_lane = _scenario(app, make_actor, "lane", LANE)
    assert lane.taken - taken >= 12  # all but the bodies FastAPI must judge (and none before the keys were known)
    for n, (a, b) in enumerate(zip(via_route, via_lane, strict=True)):
        assert a == b, (n, a, b)
    statuses = [s[0] for s in via_lane]
    assert statuses == [201, 201, 201, 201, 201, 201, 201, 409, 422, 422, 422, 422, 404, 404, 403]
    assert via_lane[6][2] == "true" and via_lane[7][1].startswith("application/problem+json")


def test_the_lane_leaves_other_cases_to_fastapi(service, make_actor):
    app, client = service
    dev, _, _, conv = _pair(make_actor, "x")
    url = f"/v1/conversations/{conv}/messages"
    lane = _lane(app)
    before = lane.taken
    # no key, an unknown key, a cookie, a JSON array, invalid JSON
    assert client.post(url, json={"text": "hi"}).status_code == 401
    r = client.post(url, json={"text": "hi"}, headers={"Authorization": "Bearer opk_nope_nope"})
    assert r.status_code == 401 and r.headers["content-type"].startswith("application/problem+json")
    assert client.post(url, json={"text": "hi"}, headers={**dev.headers, "cookie": "a=b"}).status_code == 201
    assert client.post(url, content=b"[1]", headers={**dev.headers, **LANE}).status_code == 422
    r = client.post(url, content=b"{nope", headers={**dev.headers, **LANE})
    assert r.status_code == 422 and r.headers["content-type"].startswith("application/problem+json")
    assert lane.taken == before
    assert client.post(url, json={"text": "hi"}, headers=dev.headers).status_code == 201
    assert lane.taken == before + 1
    # a key this process has not verified yet: PostgreSQL verifies it in the lane, SQLite in the route
    fresh = make_actor("fresh", Role.CLIENT)
    assert client.post(url, json={"text": "hi"}, headers=fresh.headers).status_code == 404  # not theirs
    on_postgres = app.state.runtime.reader is not None
    assert lane.taken == before + 1 + on_postgres
    assert app.state.runtime.api_keys.get(fresh.key) is not None  # verified, so cached either way


@pytest.mark.parametrize("settings_overrides", [{"rate_limit": "8/minute"}])
def test_the_lane_keeps_the_rate_limit(service, make_actor):
    app, client = service
    dev, _, _, conv = _pair(make_actor, "r")  # one request with dev's key so far
    url = f"/v1/conversations/{conv}/messages"
    before = _lane(app).taken
    codes = [client.post(url, json={"text": f"hi {n}"}, headers=dev.headers).status_code for n in range(9)]
    assert codes == [201] * 7 + [429, 429]
    assert _lane(app).taken == before + 9
    r = client.post(url, json={"text": "again"}, headers=dev.headers)
    assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1
    assert r.headers["content-type"].startswith("application/problem+json")


def test_the_lane_is_measured_under_the_route_template(service, make_actor):
    app, client = service
    dev, _, _, conv = _pair(make_actor, "m")
    lane = _lane(app)
    before = lane.taken
    for n in range(3):
        assert client.post(f"/v1/conversations/{conv}/messages", json={"text": f"hi {n}"},
                           headers=dev.headers).status_code == 201
    assert lane.taken == before + 3
    metrics = client.get("/metrics").text
    line = next(x for x in metrics.splitlines() if x.startswith("offplatform_http_request_duration_seconds_count")
                and 'route="/v1/conversations/{conversation_id}/messages"' in x and 'status="201"' in x)
    assert float(line.rsplit(" ", 1)[1]) >= 3


def test_messages_survive_dropped_database_connections(service, make_actor):
    """PostgreSQL: the message path reads on the event loop (pgread.AsyncReader) without a pre-ping;
    a connection PostgreSQL dropped is replaced and the read tried again, so no request fails."""
    app, client = service
    dev, _, _, conv = _pair(make_actor, "d")
    url = f"/v1/conversations/{conv}/messages"
    rt = app.state.runtime
    assert client.post(url, json={"text": "one"}, headers=dev.headers).status_code == 201
    if rt.engine.dialect.name != "postgresql":
        assert rt.reader is None  # SQLite: the read runs in a worker thread through SQLAlchemy
        return
    assert rt.reader is not None and rt.reader._idle
    with rt.engine.connect() as conn:
        killed = conn.execute(text(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()")).scalar()
    assert killed >= 1
    for n in range(3):
        r = client.post(url, json={"text": f"after {n}"}, headers=dev.headers)
        assert r.status_code == 201, r.text


def test_a_revoked_key_is_refused_by_the_lane_at_once(service, make_actor):
    app, client = service
    dev, _, _, conv = _pair(make_actor, "v")
    admin = make_actor("admin-v", Role.ADMIN)
    url = f"/v1/conversations/{conv}/messages"
    assert client.post(url, json={"text": "hi"}, headers=dev.headers).status_code == 201
    with app.state.runtime.sessions() as s:
        from offplatform.service.models import ApiKey

        key_id = s.query(ApiKey.id).filter(ApiKey.owner_id == dev.id).scalar()
    assert admin.delete(f"/v1/api-keys/{key_id}").status_code == 200
    r = client.post(url, json={"text": "again"}, headers=dev.headers)
    assert r.status_code == 401 and r.headers["content-type"].startswith("application/problem+json")
