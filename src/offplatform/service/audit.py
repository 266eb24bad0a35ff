"""The append-only, hash-chained audit log.

Each row's ``hash`` is SHA-256 over the canonical JSON (sorted keys, no spaces, UTF-8) of
``{seq, at, actor, action, subject, data, prev_hash}``; ``prev_hash`` is the previous row's
hash (64 zeros for the first). Both hash columns and ``seq`` are unique, so the chain cannot fork.

:func:`append` writes the row in the caller's transaction, so an entry exists if and only if the
change it describes was committed. Chaining it (giving it ``seq``, ``prev_hash`` and ``hash``) is
:func:`seal`, serialized by a PostgreSQL advisory lock (SQLite serializes writers itself), and
happens in one of two places (``Settings.audit_chain``):

- ``"commit"``: just before the writing transaction commits. Every committed row is chained at
  once, but the chain lock is held through each commit's fsync: writes are serialized.
- ``"background"`` (default): a loop in the app seals what was committed, in batches, every
  ``audit_seal_seconds``. Writers never wait for each other; a row is unchained for at most about
  that long (:func:`verify` counts those rows as ``pending``).

:func:`verify` re-computes the chain and names the first row that does not fit.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, func, select, text, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from .models import AuditEntry, utcnow

GENESIS = "0" * 64
_LOCK_KEY = 0x6F66_6670  # "offp": the advisory lock id of the audit chain
_SEALING = "offplatform.audit_sealing"
_WRITTEN = "offplatform.audit_written"


def canonical(payload: dict[str, Any]) -> str:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def row_hash(seq: int, at: str, actor: str, action: str, subject: str, data: str, prev_hash: str) -> str:
    body = canonical(
        {"seq": seq, "at": at, "actor": actor, "action": action, "subject": subject, "data": data,
         "prev_hash": prev_hash}
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def entry(actor: str, action: str, subject: str, data: dict[str, Any]) -> dict[str, Any]:
    """The values of one unchained ``audit_log`` row (for a Core insert of several at once)."""
    return {"at": utcnow().isoformat(), "actor": actor, "action": action, "subject": subject,
            "data": canonical(data), "seq": None, "prev_hash": None, "hash": None}


def append(session: Session, actor: str, action: str, subject: str, data: dict[str, Any]) -> None:
    """Record one entry in the caller's transaction (it commits or rolls back with the change)."""
    session.add(AuditEntry(**entry(actor, action, subject, data)))
    mark_written(session)


def mark_written(session: Session) -> None:
    """Tell ``audit_chain="commit"`` that this transaction wrote audit rows (by a Core insert)."""
    session.info[_WRITTEN] = True


def seal(session: Session, limit: int | None = None) -> int:
    """Chain the unchained rows this session can see, oldest first; returns how many."""
    if session.info.get(_SEALING):
        return 0
    session.info[_SEALING] = True
    try:
        session.flush()
        if session.get_bind().dialect.name == "postgresql":
            session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_KEY})
        t = AuditEntry.__table__
        q = select(t.c.id, t.c.at, t.c.actor, t.c.action, t.c.subject, t.c.data).where(t.c.seq.is_(None)).order_by(t.c.id)
        conn = session.connection()
        rows = conn.execute(q.limit(limit) if limit else q).all()
        if not rows:
            return 0
        last = conn.execute(
            select(t.c.seq, t.c.hash).where(t.c.seq.is_not(None)).order_by(t.c.seq.desc()).limit(1)
        ).first()
        seq, prev = (last.seq, last.hash) if last else (0, GENESIS)
        links: list[tuple[int, int, str, str]] = []  # (id, seq, prev_hash, hash)
        for row in rows:
            seq += 1
            digest = row_hash(seq, row.at, row.actor, row.action, row.subject, row.data, prev)
            links.append((row.id, seq, prev, digest))
            prev = digest
        _store_links(session, links)
        return len(rows)
    finally:
        session.info.pop(_SEALING, None)


_LINK_PG = text(
    "UPDATE audit_log AS a SET seq = v.seq, prev_hash = v.prev_hash, hash = v.hash "
    "FROM unnest(CAST(:ids AS bigint[]), CAST(:seqs AS bigint[]), CAST(:prevs AS varchar[]), "
    "CAST(:hashes AS varchar[])) AS v(id, seq, prev_hash, hash) WHERE a.id = v.id"
)


def _store_links(session: Session, links: list[tuple[int, int, str, str]]) -> None:
    """Write (id, seq, prev_hash, hash) of chained rows: one statement (PostgreSQL: from arrays;
    elsewhere executemany), not the ORM's unit of work, which cost the seal loop more CPU than
    hashing; rows this session holds as objects (``audit_chain="commit"``) are told their values."""
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        ids, seqs, prevs, hashes = (list(c) for c in zip(*links, strict=True))
        conn.execute(_LINK_PG, {"ids": ids, "seqs": seqs, "prevs": prevs, "hashes": hashes})
    else:
        t = AuditEntry.__table__
        conn.execute(
            update(t).where(t.c.id == bindparam("b_id"))
            .values(seq=bindparam("b_seq"), prev_hash=bindparam("b_prev"), hash=bindparam("b_hash")),
            [{"b_id": i, "b_seq": q, "b_prev": p, "b_hash": h} for i, q, p, h in links],
        )
    held = {obj.id: obj for obj in session.identity_map.values() if isinstance(obj, AuditEntry)}
    for i, q, p, h in links:
        obj = held.get(i)
        if obj is not None:
            for name, value in (("seq", q), ("prev_hash", p), ("hash", h)):
                set_committed_value(obj, name, value)


def seal_on_commit(session: Session) -> None:
    """The ``before_commit`` hook of ``audit_chain="commit"``."""
    if session.info.pop(_WRITTEN, False):
        seal(session)


def forget(session: Session) -> None:
    """The ``after_rollback`` hook: the rolled-back rows need no chaining."""
    session.info.pop(_WRITTEN, None)


@dataclass(frozen=True, slots=True)
class ChainReport:
    ok: bool
    rows: int
    first_broken: int | None = None
    reason: str = ""
    pending: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "rows": self.rows, "first_broken": self.first_broken, "reason": self.reason,
                "pending": self.pending}


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
    """Walk the chain in order; report the first row (by ``seq``) whose link or hash is wrong."""
    pending = session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.seq.is_(None))) or 0
    prev, expected_seq, count = GENESIS, 1, 0
    for row in _iter_rows(session):
        count += 1
        if row.seq != expected_seq:
            return ChainReport(False, count, row.seq, f"row {expected_seq} is missing", pending)
        if row.prev_hash != prev:
            return ChainReport(False, count, row.seq, "prev_hash does not match the previous row's hash", pending)
        digest = row_hash(row.seq, row.at, row.actor, row.action, row.subject, row.data, row.prev_hash)
        if digest != row.hash:
            return ChainReport(False, count, row.seq, "hash does not match the row's content", pending)
        prev, expected_seq = row.hash, expected_seq + 1
    return ChainReport(True, count, pending=pending)
