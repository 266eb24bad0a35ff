"""Property-based API test: schemathesis generates requests from the OpenAPI spec for every
operation (20 examples each) and the API must never answer with a 5xx, on either database."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

EXAMPLES = 20


@pytest.fixture(scope="module")
def api_world(module_world):
    module_world.send(module_world.frank, "pay me via paypal outside the site to save fees")
    module_world.offer()
    return module_world


def _caller(world, path: str):
    if path.startswith("/v1/cases"):
        return world.mod
    if path.startswith(("/v1/users", "/v1/api-keys", "/v1/webhooks", "/v1/audit")):
        return world.admin
    return world.alice


def test_no_server_errors(api_world):
    schema = schemathesis.openapi.from_asgi("/openapi.json", api_world.app)
    failures: list[str] = []
    operations = 0
    statuses: list[int] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        headers = dict(_caller(api_world, operation.path).headers)

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def run(case) -> None:
            response = case.call(headers=headers)
            statuses.append(response.status_code)
            case.validate_response(response, checks=[not_a_server_error])

        try:
            run()
        except Exception as exc:  # noqa: BLE001 - collect every operation's failure, then report
            failures.append(f"{operation.label}: {exc}")
    assert operations >= 30 and len(statuses) >= operations * 5
    assert any(200 <= code < 300 for code in statuses)  # not only rejections
    assert failures == [], "\n\n".join(failures)
