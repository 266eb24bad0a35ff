"""Users, sign-in sessions and API keys (the service layer: no HTTP here)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import timedelta

from sqlalchemy import Connection, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from . import audit
from .errors import Conflict, NotFound, Unauthorized, Unprocessable
from .models import ApiKey, Role, User, WebSession, aware, utcnow
from .principal import Principal
from .security import (
    SCOPES,
    Passwords,
    new_api_key,
    new_session_token,
    secret_matches,
    sha256_hex,
    split_api_key,
)


def create_user(session: Session, passwords: Passwords, *, email: str, name: str, role: Role,
                password: str | None, actor: str) -> User:
    email = email.strip().lower()
    if session.scalar(select(User.id).where(User.email == email)) is not None:
        raise Conflict("an account with this email already exists")
    user = User(email=email, name=name, role=str(role),
                password_hash=passwords.hash(password) if password else None, created_at=utcnow())
    session.add(user)
    try:
        session.flush()
    except IntegrityError:
        raise Conflict("an account with this email already exists") from None
    audit.append(session, actor, "user.created", f"user:{user.id}", {"role": str(role), "email": email})
    return user


def sign_in(session: Session, passwords: Passwords, *, email: str, password: str,
            hours: float) -> tuple[User, str, str]:
    """Check the password; returns (user, cookie token, token hash)."""
    user = session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None or not user.active or not passwords.verify(user.password_hash, password):
        raise Unauthorized("wrong email or password")
    if passwords.needs_rehash(user.password_hash or ""):
        user.password_hash = passwords.hash(password)
    token, token_hash = new_session_token()
    now = utcnow()
    session.add(WebSession(token_hash=token_hash, user_id=user.id, created_at=now,
                           expires_at=now + timedelta(hours=hours)))
    audit.append(session, f"user:{user.id}", "session.created", f"user:{user.id}", {})
    return user, token, token_hash


def sign_out(session: Session, token_hash: str) -> None:
    row = session.scalar(select(WebSession).where(WebSession.token_hash == token_hash))
    if row is not None:
        session.delete(row)


def principal_from_session(session: Session, token: str) -> Principal | None:
    token_hash = sha256_hex(token)
    row = session.execute(
        select(WebSession.expires_at, User.id, User.role, User.active)
        .join(User, User.id == WebSession.user_id)
        .where(WebSession.token_hash == token_hash)
    ).first()
    if row is None or not row.active or aware(row.expires_at) <= utcnow():
        return None
    return Principal(user_id=row.id, role=Role(row.role), via="session", session_hash=token_hash)


def principal_from_api_key(session: Session | Connection, key: str) -> Principal | None:
    parts = split_api_key(key)
    if parts is None:
        return None
    prefix, secret = parts
    row = session.execute(
        select(ApiKey.id, ApiKey.secret_hash, ApiKey.scopes, ApiKey.revoked_at, User.id.label("uid"),
               User.role, User.active)
        .join(User, User.id == ApiKey.owner_id)
        .where(ApiKey.prefix == prefix)
    ).first()
    return _principal_of_key_row(row, secret)


def _principal_of_key_row(row, secret: str) -> Principal | None:
    """The principal of an API key's row (key and owner), if the key is live and the secret matches."""
    if row is None or row.revoked_at is not None or not row.active:
        return None
    if not secret_matches(secret, row.secret_hash):
        return None
    return Principal(user_id=row.uid, role=Role(row.role), via="api_key", key_id=row.id,
                     scopes=frozenset(row.scopes))


_API_KEY_SQL = ("SELECT k.id, k.secret_hash, k.scopes, k.revoked_at, u.id AS uid, u.role, u.active "
                "FROM api_keys k JOIN users u ON u.id = k.owner_id WHERE k.prefix = %(prefix)s")


async def principal_from_api_key_async(reader, key: str) -> Principal | None:
    """:func:`principal_from_api_key` through a :class:`~offplatform.service.pgread.AsyncReader`
    (PostgreSQL, on the event loop): the same checks on the same row."""
    parts = split_api_key(key)
    if parts is None:
        return None
    prefix, secret = parts
    row = await reader.one(_API_KEY_SQL, {"prefix": prefix})
    return _principal_of_key_row(row, secret)


class ApiKeyCache:
    """API keys verified in the last ``ttl`` seconds, so that a busy integration does not pay a
    database round trip on every request.

    Only successful look-ups are kept (at most ``max_size``; the oldest half goes when full). A key
    revoked through this process is forgotten at once (:meth:`forget`); another process of the same
    deployment sees the revocation, or the owner's deactivation, within ``ttl`` seconds, the bound
    ``OFFPLATFORM_API_KEY_CACHE_SECONDS`` documents. ``ttl`` 0 turns the cache off.
    """

    def __init__(self, ttl: float, *, clock: Callable[[], float] = time.monotonic, max_size: int = 10_000) -> None:
        self.ttl = ttl
        self.clock = clock
        self.max_size = max_size
        self._entries: dict[str, tuple[float, Principal]] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> Principal | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        if entry[0] <= self.clock():
            self._entries.pop(key, None)
            return None
        return entry[1]

    def put(self, key: str, principal: Principal) -> None:
        if self.ttl <= 0:
            return
        with self._lock:
            if len(self._entries) >= self.max_size:
                for old in list(self._entries)[: self.max_size // 2]:
                    self._entries.pop(old, None)
            self._entries[key] = (self.clock() + self.ttl, principal)

    def forget(self, key_id: int | None = None) -> None:
        """Drop the entries of API key ``key_id`` (None: all of them)."""
        with self._lock:
            if key_id is None:
                self._entries.clear()
            else:
                for key, (_, p) in list(self._entries.items()):
                    if p.key_id == key_id:
                        self._entries.pop(key, None)


def authenticate_api_key(connect: Callable[[], AbstractContextManager[Session | Connection]], cache: ApiKeyCache,
                         key: str) -> Principal | None:
    """The caller behind ``key``: from ``cache`` when it verified the key less than its ttl ago,
    else read through ``connect()`` (a session or, cheaper, a connection: one statement)."""
    principal = cache.get(key)
    if principal is None:
        with connect() as db:
            principal = principal_from_api_key(db, key)
        if principal is not None:
            cache.put(key, principal)
    return principal


def create_api_key(session: Session, *, name: str, owner_id: int, scopes: list[str],
                   actor: str) -> tuple[ApiKey, str]:
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown:
        raise Unprocessable(f"unknown scope(s): {', '.join(unknown)}; known: {', '.join(SCOPES)}")
    owner = session.get(User, owner_id)
    if owner is None:
        raise NotFound("no such user")
    role = Role(owner.role)
    if "moderation" in scopes and role not in (Role.MODERATOR, Role.ADMIN):
        raise Unprocessable("the 'moderation' scope needs a moderator or admin owner")
    if "admin" in scopes and role is not Role.ADMIN:
        raise Unprocessable("the 'admin' scope needs an admin owner")
    full, prefix, secret_hash = new_api_key()
    key = ApiKey(prefix=prefix, secret_hash=secret_hash, name=name, owner_id=owner_id,
                 scopes=sorted(set(scopes)), created_at=utcnow())
    session.add(key)
    session.flush()
    audit.append(session, actor, "api_key.created", f"api_key:{key.id}",
                 {"owner": owner_id, "scopes": key.scopes, "prefix": prefix})
    return key, full


def revoke_api_key(session: Session, key_id: int, actor: str) -> ApiKey:
    key = session.get(ApiKey, key_id)
    if key is None:
        raise NotFound("no such API key")
    if key.revoked_at is None:
        key.revoked_at = utcnow()
        audit.append(session, actor, "api_key.revoked", f"api_key:{key.id}", {})
    return key
