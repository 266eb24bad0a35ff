"""The offplatform service: a REST API around the policy, with persistence, contracts,
moderation, webhooks and an audit chain. ``create_app(Settings(...))`` builds it.

The names are loaded on first use (PEP 562): ``offplatform serve --workers N`` imports
``offplatform.service.cli`` in a parent that never builds an app, and importing the app (the
detection engine, FastAPI, the web UI: ~1 s) there only delayed the workers' start, after a
crash too."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from .app import create_app
    from .settings import Settings

__all__ = ["Settings", "create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from .app import create_app

        return create_app
    if name == "Settings":
        from .settings import Settings

        return Settings
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
