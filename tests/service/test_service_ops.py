"""Operations: health, readiness, metrics, problem+json, rate limits, the stateless check,
OpenAPI, and the migration matching the models."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from offplatform.service import Settings, create_app
from offplatform.service.models import Base


def test_healthz_and_readyz(service):
    _, client = service
    assert client.get("/healthz").json() == {"status": "ok"}
    r = client.get("/readyz")
    assert r.status_code == 200 and r.json()["schema"] == "0001"


def test_readyz_fails_when_the_database_is_unreachable(shared_scanner):
    app = create_app(Settings(database_url="postgresql+psycopg://nobody@127.0.0.1:1/none", auto_migrate=False,
                              webhooks=False), scanner=shared_scanner)
    from fastapi.testclient import TestClient

    with TestClient(app) as client:
        assert client.get("/healthz").status_code == 200
        assert client.get("/readyz").status_code == 503


def test_nothing_is_built_at_import():
    """No module of the service holds an app, an engine, a scanner or settings at import time."""
    import importlib
    import pkgutil

    from fastapi import FastAPI
    from sqlalchemy import Engine

    import offplatform.service as svc
    from offplatform import Scanner

    built = []
    for info in pkgutil.walk_packages(svc.__path__, "offplatform.service."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if isinstance(value, (FastAPI, Engine, Scanner, Settings)):
                built.append(f"{info.name}.{name}")
    assert built == []


def test_metrics_count_decisions_and_latency(world):
    world.send(world.frank, "call me at +44 20 7946 0958")
    world.send(world.frank, "Thanks, I can start Monday")
    text = world.client.get("/metrics").text
    assert 'offplatform_decisions_total{action="mask",kind="phone",source="message"} 1.0' in text
    assert 'offplatform_decisions_total{action="allow",kind="none",source="message"} 1.0' in text
    assert 'offplatform_http_request_duration_seconds_bucket{le="0.05",method="POST",' \
           'route="/v1/conversations/{conversation_id}/messages",status="201"}' in text


@pytest.mark.parametrize(
    ("body", "action", "status"),
    [
        pytest.param({"text": "call me at +44 20 7946 0958", "stage": "interview"}, "mask", 200, id="mask-before-contract"),
        pytest.param({"text": "call me at +44 20 7946 0958", "stage": "contract"}, "allow", 200, id="allow-after-contract"),
        pytest.param({"text": "call me at +44 20 7946 0958", "stage": "contract", "keep_on_platform": True}, "mask",
                     200, id="keep-on-platform-after-contract"),
        pytest.param({"text": "let's talk on whatsapp", "stage": "interview", "account_age_days": 1}, "hold", 200,
                     id="new-account"),
        pytest.param({"text": "hello", "stage": "nowhere"}, None, 422, id="unknown-stage"),
        pytest.param({"text": ""}, None, 422, id="empty-text"),
        pytest.param({"text": "hi", "surprise": 1}, None, 422, id="unknown-field"),
    ],
)
def test_check_is_stateless(world, body, action, status):
    r = world.alice.post("/v1/check", json=body)
    assert r.status_code == status, r.text
    if action:
        assert r.json()["action"] == action
    else:
        assert r.headers["content-type"].startswith("application/problem+json")
        assert r.json()["status"] == 422 and r.json()["detail"]
    with world.app.state.runtime.sessions() as s:
        from sqlalchemy import func, select

        from offplatform.service.models import Message, Violation

        assert s.scalar(select(func.count()).select_from(Message)) == 0
        assert s.scalar(select(func.count()).select_from(Violation)) == 0


@pytest.mark.parametrize("settings_overrides", [{"rate_limit": "5/minute", "check_rate_limit": "3/minute"}])
def test_rate_limits_per_user_and_key(world, settings_overrides):
    # /v1/check has its own, tighter budget
    codes = [world.frank.post("/v1/check", json={"text": "hi"}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    r = world.frank.post("/v1/check", json={"text": "hi"})
    assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1
    assert r.headers["content-type"].startswith("application/problem+json")
    # every authenticated request counts toward the per-caller budget
    codes = [world.carol.get("/v1/conversations").status_code for _ in range(6)]
    assert codes == [200] * 5 + [429]
    # another caller has their own budget
    assert world.fiona.get("/v1/conversations").status_code == 200


def test_problem_json_for_unknown_route_and_bad_json(world):
    r = world.alice.get("/v1/nope")
    assert r.status_code == 404 and r.headers["content-type"].startswith("application/problem+json")
    r = world.alice.post("/v1/check", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 422 and r.headers["content-type"].startswith("application/problem+json")


def test_openapi_documents_every_route(service):
    app, client = service
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    for path in ("/v1/check", "/v1/conversations/{conversation_id}/messages", "/v1/contracts/{contract_id}/{move}",
                 "/v1/cases/{case_id}/decisions", "/v1/api-keys", "/v1/webhooks", "/healthz", "/readyz", "/metrics"):
        assert path in paths
    post = paths["/v1/conversations/{conversation_id}/messages"]["post"]
    assert any(p["name"] == "Idempotency-Key" for p in post["parameters"])


def test_migration_matches_the_models(database_url):
    """The Alembic revision creates exactly the tables, columns and indexes the models declare."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    finally:
        engine.dispose()
    assert diff == []
