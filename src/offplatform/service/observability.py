"""Prometheus metrics (one registry per app: nothing global) and structured JSON logs."""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Iterable

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from pythonjsonlogger.json import JsonFormatter

access_log = logging.getLogger("offplatform.service.access")


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.decisions = Counter(
            "offplatform_decisions", "Messages and checks decided, by action and finding kind",
            ["action", "kind", "source"], registry=self.registry,
        )
        self.requests = Histogram(
            "offplatform_http_request_duration_seconds", "HTTP request latency",
            ["method", "route", "status"], registry=self.registry,
            buckets=(0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
        )
        self.webhooks = Counter(
            "offplatform_webhook_attempts", "Webhook delivery attempts by resulting status",
            ["status"], registry=self.registry,
        )

    def decision(self, action: str, kinds: Iterable[str], source: str) -> None:
        kinds = sorted(set(kinds)) or ["none"]
        for kind in kinds:
            self.decisions.labels(action=action, kind=kind, source=source).inc()

    def render(self) -> bytes:
        return generate_latest(self.registry)


class MetricsMiddleware:
    """Pure ASGI: times every HTTP request, labelled by route template (not raw path)."""

    def __init__(self, app, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = {"code": 500}

        async def _send(message):
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, _send)
        finally:
            elapsed = time.perf_counter() - start
            route = scope.get("route")
            template = getattr(route, "path", None) or "unmatched"
            self.metrics.requests.labels(scope["method"], template, str(status["code"])).observe(elapsed)
            if access_log.isEnabledFor(logging.INFO):
                access_log.info("request", extra={
                    "method": scope["method"], "path": scope["path"], "route": template,
                    "status": status["code"], "duration_ms": round(elapsed * 1000, 2),
                })


def configure_json_logging(level: int = logging.INFO) -> None:
    """Called by ``offplatform serve`` (never at import): one JSON object per log line on stderr."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s",
                                       rename_fields={"asctime": "time", "levelname": "level"}))
    root = logging.getLogger("offplatform")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False
