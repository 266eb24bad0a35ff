"""The append-only, hash-chained audit log.

Each row's ``hash`` is SHA-256 over the canonical JSON (sorted keys, no spaces, UTF-8) of
``{seq, at, actor, action, subject, data, prev_hash}``; ``prev_hash`` is the previous row's
hash (64 zeros for the first). Entries are queued during a transaction and chained just before it
commits (:func:`seal`, a session ``before_commit`` hook), serialized by a PostgreSQL
transaction-level advisory lock (SQLite serializes writers itself with ``BEGIN IMMEDIATE``); the
unique constraints on both hashes make a fork impossible even if that were bypassed. :func:`verify` re-computes the
chain and names the first row that does not fit.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from .models import AuditEntry, utcnow

GENESIS = "0" * 64
_LOCK_KEY = 0x6F66_6670  # "offp": the advisory lock id of the audit chain
_PENDING = "offplatform.audit_pending"


def canonical(payload: dict[str, Any]) -> str:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def row_hash(seq: int, at: str, actor: str, action: str, subject: str, data: str, prev_hash: str) -> str:
    body = canonical(
        {"seq": seq, "at": at, "actor": actor, "action": action, "subject": subject, "data": data,
         "prev_hash": prev_hash}
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def append(session: Session, actor: str, action: str, subject: str, data: dict[str, Any]) -> None:
    """Record one entry in the caller's transaction: it is chained at commit (see :func:`seal`), so
    it commits or rolls back with the change it describes."""
    session.info.setdefault(_PENDING, []).append((utcnow().isoformat(), actor, action, subject, canonical(data)))


def seal(session: Session) -> None:
    """Chain the transaction's pending entries onto the log (a ``before_commit`` hook).

    Done last, so the chain lock is held only from here to the commit."""
    pending = session.info.pop(_PENDING, None)
    if not pending:
        return
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_KEY})
    last = session.execute(
        select(AuditEntry.seq, AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1)
    ).first()
    seq, prev = (last.seq, last.hash) if last else (0, GENESIS)
    for at, actor, action, subject, body in pending:
        seq += 1
        digest = row_hash(seq, at, actor, action, subject, body, prev)
        session.add(AuditEntry(seq=seq, at=at, actor=actor, action=action, subject=subject, data=body,
                               prev_hash=prev, hash=digest))
        prev = digest
    session.flush()


def discard(session: Session) -> None:
    """After a rollback: the pending entries described changes that did not happen."""
    session.info.pop(_PENDING, None)


@dataclass(frozen=True, slots=True)
class ChainReport:
    ok: bool
    rows: int
    first_broken: int | None = None
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "rows": self.rows, "first_broken": self.first_broken, "reason": self.reason}


def _iter_rows(session: Session, batch: int = 1000) -> Iterator[AuditEntry]:
    after = 0
    while True:
        rows = session.scalars(
            select(AuditEntry).where(AuditEntry.seq > after).order_by(AuditEntry.seq).limit(batch)
        ).all()
        if not rows:
            return
        yield from rows
        after = rows[-1].seq


def verify(session: Session) -> ChainReport:
    """Walk the chain in order; report the first row whose link or hash is wrong."""
    prev, expected_seq, count = GENESIS, 1, 0
    for row in _iter_rows(session):
        count += 1
        if row.seq != expected_seq:
            return ChainReport(False, count, row.seq, f"row {expected_seq} is missing")
        if row.prev_hash != prev:
            return ChainReport(False, count, row.seq, "prev_hash does not match the previous row's hash")
        digest = row_hash(row.seq, row.at, row.actor, row.action, row.subject, row.data, row.prev_hash)
        if digest != row.hash:
            return ChainReport(False, count, row.seq, "hash does not match the row's content")
        prev, expected_seq = row.hash, expected_seq + 1
    return ChainReport(True, count)
