"""Reads on the event loop for the message path on PostgreSQL: psycopg's async connections, no
SQLAlchemy, no thread.

The message POST reads its context in one statement and then runs the guard (CPU only). Through
SQLAlchemy's pool that read cost ~0.36 ms of CPU (checkout, the pre-ping's round trip, statement
execution) plus a hop to a worker thread and back; here it costs ~0.1 ms and the request stays on
the event loop (measured: docs/service.md).

:class:`AsyncReader` keeps up to ``size`` autocommit connections of the running loop. There is
no pre-ping: a connection that fails (PostgreSQL restarted, the network dropped it) is closed and
the statement, a read, is tried once more on a new connection. A connection whose query was
interrupted (the request was cancelled) is closed, never reused in an unknown state.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

import psycopg
from psycopg.rows import namedtuple_row
from sqlalchemy import Engine


def connect_kwargs(engine: Engine) -> dict[str, Any]:
    """What ``psycopg.connect`` needs to reach the database of ``engine``."""
    _, kwargs = engine.dialect.create_connect_args(engine.url)
    kwargs.pop("context", None)  # SQLAlchemy's adapters: psycopg's own ones load what we read
    return kwargs


def async_connector(engine: Engine) -> Callable[[], Awaitable[psycopg.AsyncConnection]]:
    """A coroutine function that opens an autocommit async connection to ``engine``'s database."""
    kwargs = connect_kwargs(engine)

    async def connect() -> psycopg.AsyncConnection:
        return await psycopg.AsyncConnection.connect(autocommit=True, **kwargs)

    return connect


class AsyncReader:
    """``await reader.one(sql, params)``: the first row (attribute access by column name) or None."""

    def __init__(self, engine: Engine, size: int) -> None:
        self._connect_kwargs = connect_kwargs(engine)
        self.size = size
        self._loop: asyncio.AbstractEventLoop | None = None
        self._idle: list[psycopg.AsyncConnection] = []
        self._slots: asyncio.Semaphore | None = None

    def _bind(self) -> asyncio.Semaphore:
        """The connections belong to the loop that made them: a new loop starts afresh."""
        loop = asyncio.get_running_loop()
        if loop is not self._loop or self._slots is None:
            for conn in self._idle:  # a stopped loop's connections: let the socket go
                with contextlib.suppress(Exception):
                    conn.pgconn.finish()
            self._idle = []
            self._loop = loop
            self._slots = asyncio.Semaphore(self.size)
        return self._slots

    async def _connect(self) -> psycopg.AsyncConnection:
        return await psycopg.AsyncConnection.connect(autocommit=True, row_factory=namedtuple_row,
                                                     **self._connect_kwargs)

    async def one(self, sql: str, params: dict[str, Any]) -> Any:
        async with self._bind():
            conn = self._idle.pop() if self._idle else await self._connect()
            try:
                try:
                    row = await (await conn.execute(sql, params)).fetchone()
                except psycopg.OperationalError:
                    await _close(conn)  # dead (a restart, a dropped socket): once more on a new one
                    conn = await self._connect()
                    row = await (await conn.execute(sql, params)).fetchone()
            except BaseException:
                await _close(conn)
                raise
            self._idle.append(conn)
            return row

    async def all(self, sql: str, params: dict[str, Any]) -> list[Any]:
        """Every row (what :meth:`one` does, for a statement of several rows)."""
        async with self._bind():
            conn = self._idle.pop() if self._idle else await self._connect()
            try:
                try:
                    rows = await (await conn.execute(sql, params)).fetchall()
                except psycopg.OperationalError:
                    await _close(conn)
                    conn = await self._connect()
                    rows = await (await conn.execute(sql, params)).fetchall()
            except BaseException:
                await _close(conn)
                raise
            self._idle.append(conn)
            return rows

    async def aclose(self) -> None:
        """Close the idle connections (at shutdown, on the loop that used them)."""
        idle, self._idle = self._idle, []
        for conn in idle:
            await _close(conn)


async def _close(conn: psycopg.AsyncConnection) -> None:
    with contextlib.suppress(Exception):
        await conn.close()


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


class GroupRead:
    """Reads of the same statement by concurrent requests, sent together: ``await group.read(params)``
    gives the row for ``params`` (or None).

    ``sql`` reads many requests at once: it takes ``%(reqs)s``, a JSON array of the requests'
    parameters, and returns a column ``n``, the 1-based position of the request a row answers
    (at most one row each). Up to ``concurrency`` reads are in flight at a time, each on its own
    connection; the requests that come while they are go together in the next (no timer: an idle
    server reads each alone, at once). A failed read fails the requests it carried (the reader
    already tried once more on a new connection when the old one was dead). What this saves is
    what a read costs besides the database's work: on a busy 2-core machine every statement woke
    a PostgreSQL backend of its own (one per request in flight, up to the pool's size, all
    competing for the cores with the workers) and cost the worker a send, a wait and a wake-up;
    the message path's reads went from one per message to one per group.
    """

    def __init__(self, reader: AsyncReader, sql: str, *, max_batch: int = 64, concurrency: int = 1) -> None:
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        self.reader = reader
        self.sql = sql
        self.max_batch = max_batch
        self.concurrency = concurrency
        self._loop: asyncio.AbstractEventLoop | None = None
        self._pending: list[tuple[dict[str, Any], asyncio.Future]] = []
        self._running = 0  # reads in flight (tasks in _run)
        self._tasks: set[asyncio.Task] = set()
        #: statements sent and requests read (for tests)
        self.reads = 0
        self.requests = 0

    async def read(self, params: dict[str, Any]) -> Any:
        loop = asyncio.get_running_loop()
        if loop is not self._loop:  # a new loop (tests run one per client): start afresh
            self._loop, self._pending, self._running, self._tasks = loop, [], 0, set()
        future = loop.create_future()
        self._pending.append((params, future))
        if self._running < self.concurrency:
            self._running += 1  # (uncounted by the task in the step in which it finds nothing left)
            task = loop.create_task(self._run())
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        return await future

    async def _run(self) -> None:
        try:
            while self._pending:
                batch, self._pending = self._pending[:self.max_batch], self._pending[self.max_batch:]
                try:
                    reqs = json.dumps([p for p, _ in batch], default=_json_default)
                    rows = await self.reader.all(self.sql, {"reqs": reqs})
                except Exception as exc:  # noqa: BLE001 - handed to the waiting requests
                    for _, future in batch:
                        if not future.done():
                            future.set_exception(exc)
                    continue
                self.reads += 1
                self.requests += len(batch)
                by_position = {row.n: row for row in rows}
                for n, (_, future) in enumerate(batch, 1):
                    if not future.done():
                        future.set_result(by_position.get(n))
        finally:
            self._running -= 1
