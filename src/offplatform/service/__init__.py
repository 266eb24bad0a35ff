"""The offplatform service: a REST API around the policy, with persistence, contracts,
moderation, webhooks and an audit chain. ``create_app(Settings(...))`` builds it."""

from __future__ import annotations

from .app import create_app
from .settings import Settings

__all__ = ["Settings", "create_app"]
