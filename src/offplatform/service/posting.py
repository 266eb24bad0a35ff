"""Posting a message, built for throughput: one read, the guard, one write shared with others.

A message costs what its database round trips cost (each is ~0.1-0.2 ms of CPU on a small VM,
more than the guard's scan of a short message), so the path is cut into two steps:

1. :func:`prepare` reads what the guard needs in one statement (the conversation, that the sender
   takes part in it, the stage its contract gives, both parties' keep-on-platform choices, the
   sender's joined date, whether the ``Idempotency-Key`` was used already), plus the sender's
   earlier messages for the conversation window and their violations for the ladder; then runs the
   guard. Nothing is written: the result is a :class:`Draft` (or a :class:`Replay`).
2. :func:`write` stores drafts in the caller's transaction: messages, idempotency records, cases
   for held messages, audit rows, violations, overrides and webhook deliveries, each kind in one
   go (a multi-row insert; on PostgreSQL a psycopg ``executemany``, the whole write in one
   pipeline, so a batch costs a few round trips whatever its size). :class:`~offplatform.service.groupcommit.GroupCommit` hands it the drafts of
   every request waiting at that moment, so they share one transaction and one commit; each
   request is answered only once its transaction has committed.

Idempotency: a draft's record is inserted with ``ON CONFLICT DO NOTHING``. A draft whose key
another request stored first (two copies in flight; ``prepare`` saw no record yet) loses: its
message is deleted in the same transaction and the caller replays the winner's response.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Generator, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import psycopg
from psycopg.rows import namedtuple_row
from psycopg.types.json import Json
from sqlalchemy import JSON, Connection, bindparam, delete, exists, func, insert, literal, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import aggregate_order_by

from ..policy.guard import Guard
from ..policy.ladder import Violation as PolicyViolation
from ..policy.ladder import window_start
from ..policy.model import Context, Decision
from . import audit, events
from .errors import NotFound
from .history import DbHistoryStore, Pending
from .marketplace import DEAD, stage_from
from .models import (
    AuditEntry,
    Case,
    CaseKind,
    CaseStatus,
    Contract,
    Conversation,
    IdempotencyRecord,
    Message,
    MessageStatus,
    OverrideLog,
    Preference,
    User,
    Violation,
    WebhookDelivery,
    aware,
    utcnow,
)
from .pgread import AsyncReader, GroupRead
from .principal import Principal

_MESSAGES = Message.__table__
_CASES = Case.__table__
_IDEMPOTENCY = IdempotencyRecord.__table__


@dataclass(frozen=True, slots=True)
class IdempotentRequest:
    """An ``Idempotency-Key`` and what it was sent with."""

    principal: str
    key: str
    method: str
    path: str
    request_hash: str


@dataclass(frozen=True, slots=True)
class Replay:
    """The key was used before: answer with this stored record (or 409 if the request differs)."""

    record: Any  # a row with request_hash, status_code, response


@dataclass
class Draft:
    """A decided message, not yet stored."""

    principal: Principal
    message: dict[str, Any]  # the ``messages`` row, without id
    decision: Decision
    pending: Pending  # violations and overrides the guard recorded
    idempotency: IdempotentRequest | None
    text_sha256: str
    #: PostgreSQL's event-loop path: the message's id, drawn from its sequence by the read, and the
    #: active webhook endpoints as of the read (None: the write draws and reads them itself)
    id: int | None = None
    endpoints: tuple[Any, ...] | None = None


@dataclass(frozen=True, slots=True)
class Stored:
    """What :func:`write` did with a draft: ``response`` (the sender's view of the message), or
    ``replay`` when another request stored the same key first."""

    response: dict[str, Any] | None
    replay: IdempotentRequest | None = None


@functools.cache
def _context_query(dialect: str, window: int, keyed: bool):
    """Everything :func:`prepare` reads, as one statement (built once per dialect and shape).

    Binds: ``conv``, ``uid`` (the sender), ``since`` (the ladder window's start), and with ``keyed``
    ``principal`` and ``key``. Columns: the conversation's parties and own stage, the sender's joined
    date, the current contract's state, who keeps the conversation on the platform, the id of the
    idempotency record already stored under the key, the sender's violations since ``since`` (a
    JSON array of [at, conversation_id, rules]) and their ``window - 1`` latest messages here
    (``earlier_0`` the latest).
    """
    conv, uid = bindparam("conv"), bindparam("uid")
    contract_state = (
        select(Contract.state)
        .where(Contract.conversation_id == Conversation.id, Contract.state.not_in([str(s) for s in DEAD]))
        .order_by(Contract.id.desc()).limit(1).scalar_subquery()
    )

    def keeps(user_column):
        return exists().where(Preference.conversation_id == Conversation.id, Preference.user_id == user_column,
                              Preference.keep_on_platform.is_(True))

    used = (
        select(IdempotencyRecord.id)
        .where(IdempotencyRecord.principal == bindparam("principal"), IdempotencyRecord.key == bindparam("key"))
        .scalar_subquery()
        if keyed else literal(None)
    )
    recent = (Violation.user_id == uid) & (Violation.at >= bindparam("since"))
    if dialect == "postgresql":
        history = (
            select(func.json_agg(aggregate_order_by(
                func.json_build_array(Violation.at, Violation.conversation_id, Violation.rules),
                Violation.at, Violation.id)))
            .where(recent).scalar_subquery()
        )
    else:
        rows = (select(Violation.at, Violation.conversation_id, Violation.rules).where(recent)
                .order_by(Violation.at, Violation.id).subquery())
        history = select(
            func.json_group_array(func.json_array(rows.c.at, rows.c.conversation_id, func.json(rows.c.rules)))
        ).scalar_subquery()
    earlier = [
        select(Message.original)
        .where(Message.conversation_id == Conversation.id, Message.sender_id == uid)
        .order_by(Message.id.desc()).limit(1).offset(k).scalar_subquery().label(f"earlier_{k}")
        for k in range(window - 1)
    ]
    return (
        select(
            Conversation.client_id, Conversation.freelancer_id, Conversation.base_stage,
            select(User.created_at).where(User.id == uid).scalar_subquery().label("joined"),
            contract_state.label("contract_state"),
            keeps(Conversation.client_id).label("client_keeps"),
            keeps(Conversation.freelancer_id).label("freelancer_keeps"),
            used.label("used"),
            history.label("history"),
            *earlier,
        )
        .where(Conversation.id == conv, or_(Conversation.client_id == uid, Conversation.freelancer_id == uid))
    )


@functools.cache
def pg_context_sql(window: int, keyed: bool) -> str:
    """:func:`_context_query` for PostgreSQL as plain SQL, for psycopg straight (no SQLAlchemy on
    the message path; psycopg prepares it on the server after a few uses). The same columns, except
    that the earlier messages come as one array, ``earlier`` (latest first), read in one index scan, and
    two more: ``endpoints``, the active webhook endpoints (a JSON array of [id, events], or NULL),
    and ``next_id``, the new message's id drawn from its sequence (so that the write needs no
    round trip to learn it; a read whose message is not stored, a replay, leaves a gap, as a
    rolled-back insert would). Binds: ``%(conv)s``, ``%(uid)s``, ``%(since)s`` and with ``keyed``
    ``%(principal)s``, ``%(key)s``."""
    dead = ", ".join(f"'{s}'" for s in DEAD)
    used = ("(SELECT r.id FROM idempotency_keys r WHERE r.principal = %(principal)s AND r.key = %(key)s)"
            if keyed else "NULL")
    return f"""SELECT c.client_id, c.freelancer_id, c.base_stage,
  (SELECT u.created_at FROM users u WHERE u.id = %(uid)s) AS joined,
  (SELECT k.state FROM contracts k WHERE k.conversation_id = c.id AND k.state NOT IN ({dead})
   ORDER BY k.id DESC LIMIT 1) AS contract_state,
  EXISTS (SELECT 1 FROM preferences p WHERE p.conversation_id = c.id AND p.user_id = c.client_id
          AND p.keep_on_platform) AS client_keeps,
  EXISTS (SELECT 1 FROM preferences p WHERE p.conversation_id = c.id AND p.user_id = c.freelancer_id
          AND p.keep_on_platform) AS freelancer_keeps,
  {used} AS used,
  (SELECT json_agg(json_build_array(v.at, v.conversation_id, v.rules) ORDER BY v.at, v.id)
   FROM violations v WHERE v.user_id = %(uid)s AND v.at >= %(since)s) AS history,
  ARRAY(SELECT m.original FROM messages m WHERE m.conversation_id = c.id AND m.sender_id = %(uid)s
        ORDER BY m.id DESC LIMIT {max(0, window - 1)}) AS earlier,
  (SELECT json_agg(json_build_array(e.id, e.events) ORDER BY e.id) FROM webhook_endpoints e
   WHERE e.active) AS endpoints,
  nextval(pg_get_serial_sequence('messages', 'id')) AS next_id
FROM conversations c
WHERE c.id = %(conv)s AND (c.client_id = %(uid)s OR c.freelancer_id = %(uid)s)"""


@functools.cache
def pg_group_context_sql(window: int) -> str:
    """:func:`pg_context_sql` for several requests at once (:class:`~offplatform.service.pgread.GroupRead`):
    ``%(reqs)s`` is a JSON array of objects with ``conv``, ``uid``, ``since``, ``principal`` and
    ``key`` (null without an ``Idempotency-Key``); a row per request that may read its conversation,
    with ``n``, the request's 1-based position."""
    one = pg_context_sql(window, True)
    for name in ("conv", "uid", "since", "principal", "key"):
        one = one.replace(f"%({name})s", f"req.{name}")
    head, _, where = one.partition("FROM conversations c\nWHERE c.id = req.conv AND ")
    return (head.replace("SELECT ", "SELECT req.n, ", 1)
            + "FROM ROWS FROM (json_to_recordset(%(reqs)s::json) AS (conv bigint, uid bigint, "
              "since timestamptz, principal text, key text)) WITH ORDINALITY "
              "AS req(conv, uid, since, principal, key, n)\n"
              "JOIN conversations c ON c.id = req.conv\nWHERE " + where)


def _violations(user: str, raw: Any) -> tuple[PolicyViolation, ...]:
    """The history column: a JSON array (PostgreSQL: already parsed) of [at, conversation_id, rules]."""
    if raw is None:
        return ()
    items = json.loads(raw) if isinstance(raw, str) else raw
    out = []
    for at, conversation_id, rules in items:
        when = datetime.fromisoformat(at)
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        out.append(PolicyViolation(user=user, at=when, conversation_id=str(conversation_id or ""),
                                   rules=tuple(json.loads(rules) if isinstance(rules, str) else rules)))
    return tuple(out)


def _params(guard: Guard, p: Principal, conv_id: int, idempotency: IdempotentRequest | None):
    """(now, the ladder window's start, the context statement's binds)."""
    now = utcnow()
    since = window_start(guard.policy.ladder, now)
    params: dict[str, Any] = {"conv": conv_id, "uid": p.user_id, "since": since}
    if idempotency is not None:
        params.update(principal=idempotency.principal, key=idempotency.key)
    return now, since, params


def prepare(conn: Connection, guard: Guard, store: DbHistoryStore, p: Principal, conv_id: int, text: str, *,
            override: bool = False, consent_to_reveal: bool = False, window: int = 1,
            idempotency: IdempotentRequest | None = None) -> Draft | Replay:
    """Read the context, run the guard; raises NotFound unless ``p`` takes part in the conversation."""
    now, since, params = _params(guard, p, conv_id, idempotency)
    query = _context_query(conn.dialect.name, window, idempotency is not None)
    row = conn.execute(query, params).first()
    if row is None:
        raise NotFound("no such conversation")
    if row.used is not None and idempotency is not None:
        record = conn.execute(
            select(_IDEMPOTENCY.c.request_hash, _IDEMPOTENCY.c.status_code, _IDEMPOTENCY.c.response)
            .where(_IDEMPOTENCY.c.id == row.used)
        ).first()
        if record is not None:
            return Replay(record)
    earlier = [t for t in (row._mapping[f"earlier_{k}"] for k in range(window - 2, -1, -1)) if t is not None]
    return _decide(row, earlier, conn, now, since, guard, store, p, conv_id, text, override, consent_to_reveal,
                   window, idempotency)


_REPLAY_SQL = "SELECT request_hash, status_code, response FROM idempotency_keys WHERE id = %(id)s"


async def prepare_async(reader: AsyncReader, guard: Guard, store: DbHistoryStore, p: Principal, conv_id: int,
                        text: str, *, override: bool = False, consent_to_reveal: bool = False, window: int = 1,
                        idempotency: IdempotentRequest | None = None, contexts: GroupRead | None = None
                        ) -> Draft | Replay:
    """:func:`prepare` on PostgreSQL through an :class:`~offplatform.service.pgread.AsyncReader`:
    the read awaits on the event loop (:func:`pg_context_sql`), the guard runs right there.
    ``contexts``: read together with other requests' (a :class:`GroupRead` of
    :func:`pg_group_context_sql` for this ``window``)."""
    now, since, params = _params(guard, p, conv_id, idempotency)
    if contexts is not None:
        row = await contexts.read({"principal": None, "key": None, **params})
    else:
        row = await reader.one(pg_context_sql(window, idempotency is not None), params)
    if row is None:
        raise NotFound("no such conversation")
    if row.used is not None and idempotency is not None:
        record = await reader.one(_REPLAY_SQL, {"id": row.used})
        if record is not None:
            return Replay(record)
    earlier = row.earlier[::-1]  # oldest first
    draft = _decide(row, earlier, None, now, since, guard, store, p, conv_id, text, override,
                    consent_to_reveal, window, idempotency)
    draft.id = row.next_id
    draft.endpoints = tuple(SimpleNamespace(id=i, events=e) for i, e in row.endpoints or ())
    return draft


def _decide(row: Any, earlier: list[str], conn: Connection | None, now: datetime, since: datetime, guard: Guard,
            store: DbHistoryStore, p: Principal, conv_id: int, text: str, override: bool, consent_to_reveal: bool,
            window: int, idempotency: IdempotentRequest | None) -> Draft:
    """Run the guard on what the context statement read (``earlier``: the sender's latest messages
    here, oldest first) and build the draft."""
    recipient = row.freelancer_id if p.user_id == row.client_id else row.client_id
    keep = frozenset(str(u) for u, k in ((row.client_id, row.client_keeps), (row.freelancer_id, row.freelancer_keeps))
                     if k)
    joined = aware(row.joined)
    context = Context(
        conversation_id=str(conv_id), sender=str(p.user_id), recipient=str(recipient),
        stage=stage_from(row.base_stage, row.contract_state), keep_on_platform=keep,
        account_age_days=(now - joined).total_seconds() / 86400 if joined else None,
        override=override, consent_to_reveal=consent_to_reveal, now=now,
    )
    known = {str(p.user_id): (since, _violations(str(p.user_id), row.history))}
    with store.collecting(conn, known) as pending:
        if window > 1:
            decision = guard.review_in_conversation(earlier, text, context)
        else:
            decision = guard.review(text, context)
    from .messaging import status_of

    status = status_of(decision.action)
    message = {
        "conversation_id": conv_id, "sender_id": p.user_id, "recipient_id": recipient, "original": text,
        "delivered_text": decision.text if decision.delivered else None, "status": str(status),
        "action": str(decision.action), "stage": str(decision.stage), "rules": list(decision.rules),
        "findings": [f.to_dict() for f in decision.findings], "decision": decision.to_dict(),
        "policy_version": decision.policy_version, "violation": decision.violation,
        "reveal_on_contract": decision.reveal_on_contract, "revealed": False, "created_at": now,
    }
    return Draft(p, message, decision, pending, idempotency, hashlib.sha256(text.encode()).hexdigest())


class _CoreInserts:
    """Multi-row inserts through SQLAlchemy Core (any database)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def returning(self, table, rows: list[dict[str, Any]], column: str) -> list[Any]:
        """Insert; the ``column`` of each row, in the rows' order."""
        stmt = insert(table).returning(table.c[column], sort_by_parameter_order=True)
        return list(self.conn.execute(stmt, rows).scalars())

    def ignoring_duplicates(self, table, rows: list[dict[str, Any]], unique: tuple[str, ...]) -> set[tuple]:
        """Insert the rows whose ``unique`` columns are new; returns those values of the inserted ones."""
        module = postgresql if self.conn.dialect.name == "postgresql" else sqlite
        stmt = (module.insert(table).on_conflict_do_nothing(index_elements=list(unique))
                .returning(*(table.c[c] for c in unique)))
        return {tuple(r) for r in self.conn.execute(stmt, rows)}

    def plain(self, table, rows: list[dict[str, Any]]) -> None:
        self.conn.execute(insert(table), rows)

    def delete_ids(self, table, ids: list[int]) -> None:
        self.conn.execute(delete(table).where(table.c.id.in_(ids)))

    def endpoints(self) -> Any:
        """Ask for the active webhook endpoints; :meth:`fetch` of the returned handle gives them."""
        return events.active_endpoints(self.conn)

    def fetch(self, handle: Any) -> Sequence[Any]:
        return handle

    def pipeline(self) -> AbstractContextManager[Any]:
        """Statements in this block may travel together (answers are waited for when needed)."""
        return nullcontext()


class _PsycopgInserts(_CoreInserts):
    """The same on PostgreSQL, straight through psycopg: ``executemany`` sends a batch's rows in
    one pipeline with one fixed statement per table (prepared by the server after a few uses),
    where Core would render and parse a new multi-VALUES statement for every batch size."""

    def __init__(self, conn: Connection) -> None:
        super().__init__(conn)
        self.raw = conn.connection.driver_connection

    @staticmethod
    @functools.cache
    def _statement(table, columns: tuple[str, ...], tail: str) -> tuple[str, tuple[bool, ...]]:
        names = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join(["%s"] * len(columns))
        is_json = tuple(isinstance(table.c[c].type, JSON) for c in columns)
        return f'INSERT INTO "{table.name}" ({names}) VALUES ({marks}){tail}', is_json

    def _run(self, table, rows: list[dict[str, Any]], tail: str = "", returning: bool = False) -> list[tuple]:
        sql, params = _params_of(table, rows, tail)
        out: list[tuple] = []
        with self.raw.cursor() as cur:
            cur.executemany(sql, params, returning=returning)
            if returning:
                while True:
                    out.extend(cur.fetchall())
                    if not cur.nextset():
                        break
        return out

    def returning(self, table, rows, column):
        return [r[0] for r in self._run(table, rows, f' RETURNING "{column}"', returning=True)]

    def ignoring_duplicates(self, table, rows, unique):
        names = ", ".join(f'"{c}"' for c in unique)
        return set(self._run(table, rows, f" ON CONFLICT ({names}) DO NOTHING RETURNING {names}", returning=True))

    def plain(self, table, rows):
        self._run(table, rows)

    def delete_ids(self, table, ids):
        self.raw.execute(f'DELETE FROM "{table.name}" WHERE id = ANY(%s)', (ids,))

    def endpoints(self):
        cur = self.raw.cursor(row_factory=namedtuple_row)
        cur.execute(_ENDPOINTS_SQL)
        return cur

    def fetch(self, handle):
        with handle:
            return handle.fetchall()

    def pipeline(self):
        return self.raw.pipeline()


_ENDPOINTS_SQL = 'SELECT id, events FROM "webhook_endpoints" WHERE active'
_NEXT_IDS_SQL = "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)"


def _statement(table, columns: tuple[str, ...], tail: str) -> tuple[str, tuple[bool, ...]]:
    return _PsycopgInserts._statement(table, columns, tail)


def _params_of(table, rows: list[dict[str, Any]], tail: str) -> tuple[str, list[tuple]]:
    """The statement and the parameter tuples for psycopg's ``executemany`` of ``rows``."""
    columns = tuple(rows[0])
    sql, is_json = _statement(table, columns, tail)
    return sql, [tuple(Json(row[c]) if j else row[c] for c, j in zip(columns, is_json, strict=True))
                 for row in rows]


class _AsyncPsycopgInserts:
    """:class:`_PsycopgInserts` on a psycopg ``AsyncConnection`` (the group commit on the event loop)."""

    def __init__(self, conn: psycopg.AsyncConnection) -> None:
        self.raw = conn

    async def _run(self, table, rows: list[dict[str, Any]], tail: str = "", returning: bool = False) -> list[tuple]:
        sql, params = _params_of(table, rows, tail)
        out: list[tuple] = []
        async with self.raw.cursor() as cur:
            await cur.executemany(sql, params, returning=returning)
            if returning:
                while True:
                    out.extend(await cur.fetchall())
                    if not cur.nextset():
                        break
        return out

    async def returning(self, table, rows, column):
        return [r[0] for r in await self._run(table, rows, f' RETURNING "{column}"', returning=True)]

    async def ignoring_duplicates(self, table, rows, unique):
        names = ", ".join(f'"{c}"' for c in unique)
        return set(await self._run(table, rows, f" ON CONFLICT ({names}) DO NOTHING RETURNING {names}",
                                   returning=True))

    async def plain(self, table, rows):
        await self._run(table, rows)

    async def delete_ids(self, table, ids):
        await self.raw.execute(f'DELETE FROM "{table.name}" WHERE id = ANY(%s)', (ids,))

    async def endpoints(self):
        cur = self.raw.cursor(row_factory=namedtuple_row)
        await cur.execute(_ENDPOINTS_SQL)
        return cur

    async def next_ids(self, table, count: int):
        """Ask for ``count`` new ids of ``table`` (its ``id`` sequence, as the column's default
        draws them); :meth:`fetch` of the returned handle gives them."""
        cur = self.raw.cursor()
        await cur.execute(_NEXT_IDS_SQL, (table.name, count))
        return cur

    async def fetch(self, handle):
        async with handle:
            return await handle.fetchall()


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


@functools.cache
def _batch_statement(shape: tuple[tuple[Any, tuple[str, ...]], ...], linked: bool) -> str:
    """One ``INSERT`` per (table, columns) of ``shape``, as data-modifying CTEs of one statement,
    each reading its rows from a JSON array parameter (``json_populate_recordset``: the rows in
    their order, typed as the table's columns; ``json`` columns keep the text they were given).

    ``linked``: the cases' insert returns their ids, and the audit rows with ``subject`` null and
    ``case_of`` (a message id) get ``case:<id>`` of that message's case, in the rows' order."""
    parts = []
    for table, columns in shape:
        names = ", ".join(f'"{c}"' for c in columns)
        if linked and table is _CASES:
            parts.append(("c", f'INSERT INTO "{table.name}" ({names}) SELECT {names} '
                               f'FROM json_populate_recordset(NULL::"{table.name}", %s::json) '
                               f"RETURNING id, message_id"))
        elif linked and table is AuditEntry.__table__:
            picked = ", ".join("COALESCE(p.subject, 'case:' || c.id)" if c == "subject" else f'p."{c}"'
                               for c in columns if c != "case_of")
            names = ", ".join(f'"{c}"' for c in columns if c != "case_of")
            parts.append(("a", f'INSERT INTO "{table.name}" ({names}) SELECT {picked} '
                               f"FROM json_array_elements(%s::json) WITH ORDINALITY AS e(j, n) "
                               f'CROSS JOIN LATERAL json_populate_record(NULL::"{table.name}", e.j) AS p '
                               f"LEFT JOIN c ON c.message_id = (e.j->>'case_of')::bigint ORDER BY e.n"))
        else:
            parts.append((f"w{len(parts)}", f'INSERT INTO "{table.name}" ({names}) SELECT {names} '
                                            f'FROM json_populate_recordset(NULL::"{table.name}", %s::json)'))
    ctes = ", ".join(f"{name} AS ({part})" for name, part in parts[:-1])
    return (f"WITH {ctes} " if ctes else "") + parts[-1][1]


class _AsyncOneStatement:
    """The steps of :func:`_write` for a batch whose message ids and endpoints the read brought
    (see :func:`write_async`): the inserts are collected and sent by :meth:`send` as one statement
    on the autocommit connection (atomic by itself: no BEGIN, no COMMIT, no pipeline), each table's
    rows one JSON parameter (psycopg's per-row ``executemany`` in a pipeline cost ~0.2 ms of the
    worker's CPU a message, most of the write). The cases of held messages are inserted by the
    statement too, which names them in their audit rows; only when a webhook endpoint is to be
    told a case's id are the ids drawn before (a round trip of their own)."""

    def __init__(self, conn: psycopg.AsyncConnection) -> None:
        self.raw = conn
        self.tables: list[tuple[Any, list[dict[str, Any]]]] = []
        self.linked = False

    async def plain(self, table, rows):
        self.tables.append((table, rows))

    async def linked_cases(self, table, rows):
        """The cases of held messages, inserted before the audit rows that name them."""
        self.linked = True
        self.tables.append((table, rows))

    async def next_ids(self, table, count: int):
        cur = await self.raw.execute(_NEXT_IDS_SQL, (table.name, count))
        return await cur.fetchall()

    async def fetch(self, handle):
        return handle

    async def send(self) -> None:
        shape = tuple((table, tuple(rows[0])) for table, rows in self.tables)
        params = [json.dumps(rows, default=_json_default) for _, rows in self.tables]
        await self.raw.execute(_batch_statement(shape, self.linked), params)


def _inserts(conn: Connection) -> _CoreInserts:
    return _PsycopgInserts(conn) if conn.dialect.driver == "psycopg" else _CoreInserts(conn)


def write(conn: Connection, drafts: Sequence[Draft]) -> list[Stored]:
    """Store ``drafts`` in the transaction ``conn`` is in (the caller commits)."""
    db = _inserts(conn)
    with db.pipeline():
        steps = _write(drafts)
        result = None
        try:
            while True:
                op, *args = steps.send(result)
                result = getattr(db, op)(*args)
        except StopIteration as done:
            return done.value


async def write_async(conn: psycopg.AsyncConnection, drafts: Sequence[Draft]) -> list[Stored]:
    """:func:`write` on an autocommit ``AsyncConnection``, in a transaction of its own that is
    committed when this returns.

    Two round trips: the message ids (with the webhook endpoints and the ids of the cases to open),
    then every other row and COMMIT in one pipeline. That is :func:`_write` with ``optimistic``:
    the idempotency records are inserted without ``ON CONFLICT``, so a key that another request
    stored meanwhile (a retry racing its first try, rare) fails the transaction instead of costing
    every batch a round trip to ask; the batch is then rolled back and written again with the
    careful steps (three or four round trips), which turn the loser into a replay of the winner.
    """
    try:
        return await _write_async(conn, drafts, optimistic=True)
    except psycopg.errors.UniqueViolation:
        return await _write_async(conn, drafts, optimistic=False)


def _drawn(drafts: Sequence[Draft]) -> bool:
    """The read drew every draft's message id and read the webhook endpoints (``prepare_async``)."""
    return all(d.id is not None and d.endpoints is not None for d in drafts)


async def _write_async(conn: psycopg.AsyncConnection, drafts: Sequence[Draft],
                       optimistic: bool) -> list[Stored]:
    if optimistic and _drawn(drafts):
        one = _AsyncOneStatement(conn)
        stored = await _drive(_write(drafts, optimistic), one)
        await one.send()
        return stored
    db = _AsyncPsycopgInserts(conn)
    async with conn.pipeline(), conn.transaction():
        stored = await _drive(_write(drafts, optimistic), db)
    return stored


async def _drive(steps: Generator[tuple, Any, list[Stored]], db: Any) -> list[Stored]:
    """Run the steps of :func:`_write` on ``db`` (an async inserts class)."""
    result = None
    try:
        while True:
            op, *args = steps.send(result)
            result = await getattr(db, op)(*args)
    except StopIteration as done:
        return done.value


def _write(drafts: Sequence[Draft], optimistic: bool = False) -> Generator[tuple, Any, list[Stored]]:
    """The work of :func:`write`, told as steps: each ``yield`` is a database operation (a method
    name of the inserts classes and its arguments) and gets its result back, so that one text
    serves the blocking and the async writers.

    ``optimistic`` (the async PostgreSQL writer, see :func:`write_async`): the ids of the cases to
    open are drawn with the message ids, and the idempotency records are plain inserts whose
    conflict fails the transaction; every row after the message ids then travels with COMMIT."""
    from .messaging import _EVENT_OF_ACTION, view

    # idempotency: the first request with a key wins, the others are replays of it (a second copy
    # in this very batch is known now; one stored by another transaction, only once inserted)
    lost: set[int] = set()
    keyed = [(n, d.idempotency) for n, d in enumerate(drafts) if d.idempotency is not None]
    first: dict[tuple[str, str], int] = {}
    for n, req in keyed:
        if first.setdefault((req.principal, req.key), n) != n:
            lost.add(n)

    # the read drew the message ids and read the endpoints (the event-loop path): nothing to ask
    # before the inserts, and a copy lost within the batch is simply not inserted
    drawn = optimistic and _drawn(drafts)
    endpoints = None if drawn else (yield ("endpoints",))  # travels with the first insert
    to_open = [n for n, d in enumerate(drafts) if n not in lost and d.message["status"] == MessageStatus.HELD]
    # no webhook to tell a case id: the statement inserts the cases and names them in their audit
    # rows itself (else their ids are drawn first, a round trip of their own)
    linked = drawn and not any(d.endpoints for d in drafts)
    drawn_cases = optimistic and to_open and not linked
    new_case_ids = (yield ("next_ids", _CASES, len(to_open))) if drawn_cases else None
    if drawn:
        ids = [d.id for d in drafts]
        yield ("plain", _MESSAGES, [{"id": d.id, **d.message} for n, d in enumerate(drafts) if n not in lost])
        active = None
    else:
        ids = yield ("returning", _MESSAGES, [d.message for d in drafts], "id")
        active = yield ("fetch", endpoints)  # answered with the ids (later: a round trip of its own)
    views = [view(SimpleNamespace(id=i, **d.message), d.principal.user_id) for i, d in zip(ids, drafts, strict=True)]

    if keyed:
        rows = [{"principal": req.principal, "key": req.key, "method": req.method, "path": req.path[:300],
                 "request_hash": req.request_hash, "status_code": 201, "response": views[n], "created_at": utcnow()}
                for n, req in keyed if n not in lost]
        if optimistic:
            yield ("plain", _IDEMPOTENCY, rows)  # a key stored meanwhile: UniqueViolation, see write_async
        else:
            won = yield ("ignoring_duplicates", _IDEMPOTENCY, rows, ("principal", "key"))
            lost.update(n for n, req in keyed if (req.principal, req.key) not in won)
        if lost and not drawn:
            yield ("delete_ids", _MESSAGES, [ids[n] for n in lost])

    kept = [n for n in range(len(drafts)) if n not in lost]
    held = [n for n in kept if drafts[n].message["status"] == MessageStatus.HELD]
    case_ids: dict[int, int] = {}
    if held:
        rows = [{"kind": str(CaseKind.HELD), "status": str(CaseStatus.OPEN),
                 "conversation_id": drafts[n].message["conversation_id"], "message_id": ids[n],
                 "subject_id": drafts[n].principal.user_id, "opened_by_id": None,
                 "reason": ", ".join(drafts[n].decision.rules), "resolution": None,
                 "created_at": drafts[n].message["created_at"], "closed_at": None} for n in held]
        if linked:
            yield ("linked_cases", _CASES, rows)
            got = [None] * len(rows)  # known in the statement only (see _AsyncOneStatement)
        elif new_case_ids is not None:  # held == to_open: nothing was lost to another transaction
            got = sorted(r[0] for r in (yield ("fetch", new_case_ids)))
            yield ("plain", _CASES, [{"id": i, **row} for i, row in zip(got, rows, strict=True)])
        else:
            got = yield ("returning", _CASES, rows, "id")
        case_ids = dict(zip(held, got, strict=True))

    audit_rows: list[dict[str, Any]] = []
    outbox: list[tuple[str, dict[str, Any], Sequence[Any]]] = []  # event, data, endpoints
    violations: list[dict[str, Any]] = []
    overrides: list[dict[str, Any]] = []
    for n in kept:
        d, m, mid = drafts[n], drafts[n].message, ids[n]
        audit_rows.append(audit.entry(d.principal.ref, "message.decided", f"message:{mid}", {
            "conversation": m["conversation_id"], "sender": m["sender_id"], "recipient": m["recipient_id"],
            "action": m["action"], "status": m["status"], "stage": m["stage"], "rules": m["rules"],
            "kinds": sorted({f["kind"] for f in m["findings"]}), "policy_version": m["policy_version"],
            "original_sha256": d.text_sha256,
        }))
        payload = {"message": mid, "conversation": m["conversation_id"], "sender": m["sender_id"],
                   "action": m["action"], "rules": m["rules"]}
        if n in case_ids:
            payload["case"] = case_ids[n]
            opened = audit.entry("system", "case.opened", f"case:{case_ids[n]}",
                                 {"kind": str(CaseKind.HELD), "message": mid, "subject": m["sender_id"]})
            if linked:  # the statement writes "case:<id>" of the case it inserts for this message
                opened.update(subject=None, case_of=mid)
            audit_rows.append(opened)
        outbox.append((_EVENT_OF_ACTION[d.decision.action], payload, d.endpoints if drawn else active))
        violations.extend(d.pending.violations)
        overrides.extend(d.pending.overrides)
    if audit_rows:
        yield ("plain", AuditEntry.__table__, audit_rows)
    if violations:
        yield ("plain", Violation.__table__, violations)
    if overrides:
        yield ("plain", OverrideLog.__table__, overrides)
    if any(subscribed for _, _, subscribed in outbox):
        now = utcnow()
        rows = [row for event, data, subscribed in outbox if subscribed
                for row in events.deliveries(subscribed, event, data, now)]
        if rows:
            yield ("plain", WebhookDelivery.__table__, rows)
    return [Stored(None, drafts[n].idempotency) if n in lost else Stored(views[n]) for n in range(len(drafts))]
