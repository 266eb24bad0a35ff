"""Secrets: argon2id password hashes, API keys, session tokens and CSRF tokens.

- Passwords: argon2-cffi's ``PasswordHasher`` (argon2id, library defaults), rehashed on sign-in
  when the parameters change.
- API keys: ``opk_<prefix>_<secret>``; ``prefix`` is stored to find the row, the secret only as
  SHA-256 (it is 32 random bytes, so a fast hash is enough) and compared in constant time.
- Session tokens: 32 random bytes in the cookie, SHA-256 in the database.
- CSRF tokens: itsdangerous signatures over the session token's hash (double-submit: the form
  or ``X-CSRF-Token`` header must carry the token issued for this session).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from itsdangerous import BadSignature, URLSafeTimedSerializer

API_KEY_PREFIX = "opk"

#: The scopes an API key may carry, and what each one unlocks.
SCOPES: dict[str, str] = {
    "check": "POST /v1/check (stateless review)",
    "conversations": "jobs, conversations, messages, contracts, preferences, reports, appeals",
    "moderation": "cases and moderator decisions (the owner must be a moderator or admin)",
    "admin": "users, API keys, webhooks, audit (the owner must be an admin)",
}


class Passwords:
    def __init__(self, hasher: PasswordHasher | None = None) -> None:
        self._hasher = hasher or PasswordHasher()

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, stored: str | None, password: str) -> bool:
        if not stored:
            return False
        try:
            return self._hasher.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, stored: str) -> bool:
        return self._hasher.check_needs_rehash(stored)


def sha256_hex(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def new_api_key() -> tuple[str, str, str]:
    """A fresh key: (full key shown once, prefix stored, secret hash stored)."""
    prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    return f"{API_KEY_PREFIX}_{prefix}_{secret}", prefix, sha256_hex(secret)


def split_api_key(key: str) -> tuple[str, str] | None:
    parts = key.split("_", 2)
    if len(parts) != 3 or parts[0] != API_KEY_PREFIX or not parts[1] or not parts[2]:
        return None
    return parts[1], parts[2]


def secret_matches(secret: str, stored_hash: str) -> bool:
    return hmac.compare_digest(sha256_hex(secret), stored_hash)


def new_session_token() -> tuple[str, str]:
    token = secrets.token_urlsafe(32)
    return token, sha256_hex(token)


class Csrf:
    def __init__(self, secret_key: str) -> None:
        self._serializer = URLSafeTimedSerializer(secret_key, salt="offplatform-csrf")

    def issue(self, session_hash: str) -> str:
        return self._serializer.dumps(session_hash)

    def valid(self, token: str | None, session_hash: str, max_age: int) -> bool:
        if not token:
            return False
        try:
            value = self._serializer.loads(token, max_age=max_age)
        except BadSignature:
            return False
        return isinstance(value, str) and hmac.compare_digest(value, session_hash)
