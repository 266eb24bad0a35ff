"""Service settings: one frozen object, read from ``OFFPLATFORM_*`` environment variables."""

from __future__ import annotations

from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Everything :func:`offplatform.service.create_app` may be told.

    - ``database_url``: SQLAlchemy URL; ``postgresql+psycopg://user@host/db`` for PostgreSQL.
    - ``secret_key``: signs CSRF tokens; empty means a random key per process (sessions then
      survive a restart, CSRF tokens do not).
    - ``cookie_secure``: session cookies are sent over HTTPS only (turn off for plain-http dev).
    - ``max_body_bytes`` / ``max_message_chars``: request bodies above the first get 413,
      message texts above the second 422.
    - ``rate_limit``: per user and per API key, in the ``limits`` notation ("120/minute");
      ``rate_limit_storage`` is a ``limits`` storage URI (memory is per process).
    - ``webhooks``: run the delivery worker inside the app.
    - ``policy_path``: a policy TOML file; empty means the built-in default policy.
    - ``conversation_window``: how many of the sender's messages (the new one included) are
      scanned together, so a detail split over several messages is still found.
    """

    model_config = SettingsConfigDict(env_prefix="OFFPLATFORM_", frozen=True, extra="ignore")

    database_url: str = "sqlite:///offplatform.db"
    secret_key: str = ""
    cookie_secure: bool = True
    session_hours: float = Field(default=24 * 14, gt=0)
    max_body_bytes: int = Field(default=64 * 1024, gt=0)
    max_message_chars: int = Field(default=5000, gt=0)
    rate_limit: str = "600/minute"
    check_rate_limit: str = "600/minute"
    #: where the counters live: "memory://" (per process) or a shared store ("redis://host:6379")
    rate_limit_storage: str = "memory://"
    auto_migrate: bool = True
    webhooks: bool = True
    webhook_poll_seconds: float = Field(default=0.5, gt=0)
    webhook_max_attempts: int = Field(default=6, ge=1)
    webhook_backoff_seconds: float = Field(default=2.0, gt=0)
    webhook_timeout_seconds: float = Field(default=5.0, gt=0)
    policy_path: str = ""
    #: when audit rows are hash-chained: "background" (a loop, in batches) or "commit" (in each
    #: writing transaction: every committed row chained at once, but writers are serialized)
    audit_chain: Literal["background", "commit"] = "background"
    audit_seal_seconds: float = Field(default=0.2, gt=0)
    #: the sender's earlier messages read with a new one (details split over messages); 1 = none
    conversation_window: int = Field(default=6, ge=1, le=50)
    pool_size: int = Field(default=10, ge=1)
    #: how long a verified API key is trusted without asking the database again: the bound on how
    #: late another process sees a revocation (0: ask every time)
    api_key_cache_seconds: float = Field(default=5.0, ge=0, le=60)
    #: writer threads of the message group commit (each writes one batch of messages at a time)
    message_writers: int = Field(default=1, ge=1, le=32)
    log_json: bool = True
