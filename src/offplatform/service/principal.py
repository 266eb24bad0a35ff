"""Who is calling: a person signed in with a session cookie, or an integration with an API key."""

from __future__ import annotations

from dataclasses import dataclass

from .errors import Forbidden
from .models import Role


@dataclass(frozen=True, slots=True)
class Principal:
    """The caller. ``scopes`` is None for a person (their role decides), a set for an API key."""

    user_id: int
    role: Role
    via: str  # "session" | "api_key"
    key_id: int | None = None
    scopes: frozenset[str] | None = None
    session_hash: str | None = None

    @property
    def ref(self) -> str:
        """Stable name for audit rows, rate limits and idempotency keys."""
        return f"key:{self.key_id}" if self.key_id is not None else f"user:{self.user_id}"

    @property
    def is_moderator(self) -> bool:
        return self.role in (Role.MODERATOR, Role.ADMIN)

    def need_scope(self, scope: str) -> None:
        if self.scopes is not None and scope not in self.scopes:
            raise Forbidden(f"this API key lacks the '{scope}' scope")

    def need_role(self, *roles: Role) -> None:
        if self.role not in roles:
            raise Forbidden(f"only {' or '.join(str(r) for r in roles)} accounts may do this")
