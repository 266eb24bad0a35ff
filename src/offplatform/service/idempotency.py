"""``Idempotency-Key`` for POSTs that create things (messages, contracts, contract moves).

The first request with a key runs its work and, in the SAME transaction, stores the response
under (principal, key). A retry finds the row and gets the stored response back (with
``Idempotent-Replayed: true``), without running the work again. Two copies racing each other:
the unique constraint lets one commit; the other's transaction rolls back and it replays the
winner's response. The same key with a different request (method, path or body) is a 409.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from .errors import IdempotencyConflict, Unprocessable
from .models import IdempotencyRecord, utcnow
from .posting import IdempotentRequest
from .principal import Principal

MAX_KEY_LENGTH = 200


def request_hash(method: str, path: str, body: bytes) -> str:
    return hashlib.sha256(b"\0".join([method.encode(), path.encode(), body])).hexdigest()


def _check_key(key: str | None) -> None:
    if key is not None and not 0 < len(key) <= MAX_KEY_LENGTH:
        raise Unprocessable(f"Idempotency-Key must be 1..{MAX_KEY_LENGTH} characters")


def keyed_request(p: Principal, key: str | None, method: str, path: str, body: bytes) -> IdempotentRequest | None:
    """The key and the request's digest, for :mod:`offplatform.service.posting` (None: no key)."""
    _check_key(key)
    if key is None:
        return None
    return IdempotentRequest(p.ref, key, method, path, request_hash(method, path, body))


def replay_stored(sessions: sessionmaker[Session], req: IdempotentRequest) -> JSONResponse:
    """The response stored under ``req``'s key by a request that committed first."""
    with sessions() as s:
        found = _lookup(s, req.principal, req.key)
    if found is None:  # pragma: no cover - the winner committed before the loser was answered
        raise RuntimeError("idempotency record vanished")
    return _replay(found, req.request_hash)


def _lookup(session: Session, principal: str, key: str) -> IdempotencyRecord | None:
    return session.scalar(
        select(IdempotencyRecord).where(IdempotencyRecord.principal == principal, IdempotencyRecord.key == key)
    )


def _replay(record: Any, digest: str) -> JSONResponse:
    if record.request_hash != digest:
        raise IdempotencyConflict(
            "this Idempotency-Key was already used for a different request; use a new key"
        )
    return JSONResponse(record.response, status_code=record.status_code,
                        headers={"Idempotent-Replayed": "true"})


replay = _replay  # a stored record (request_hash, status_code, response) as the response to a retry


def run(sessions: sessionmaker[Session], p: Principal, key: str | None, method: str, path: str, body: bytes,
        work: Callable[[Session], Any], status_code: int, after_commit: Callable[[Any], None] | None = None) -> JSONResponse:
    """Run ``work(session)`` in one transaction; its return value (JSON-able) is the response body."""
    _check_key(key)
    digest = request_hash(method, path, body)
    replay: IdempotencyRecord | None = None
    try:
        with sessions() as s, s.begin():
            if key is not None:
                replay = _lookup(s, p.ref, key)
            if replay is None:
                result = jsonable_encoder(work(s))
                if key is not None:
                    s.add(IdempotencyRecord(principal=p.ref, key=key, method=method, path=path[:300],
                                            request_hash=digest, status_code=status_code, response=result,
                                            created_at=utcnow()))
                    s.flush()
    except IntegrityError:
        if key is None:
            raise
        with sessions() as s:
            found = _lookup(s, p.ref, key)
        if found is None:
            raise
        return _replay(found, digest)
    if replay is not None:
        return _replay(replay, digest)
    if after_commit is not None:
        after_commit(result)
    return JSONResponse(result, status_code=status_code)
