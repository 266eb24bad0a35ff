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
from collections.abc import Awaitable, Callable
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

    async def aclose(self) -> None:
        """Close the idle connections (at shutdown, on the loop that used them)."""
        idle, self._idle = self._idle, []
        for conn in idle:
            await _close(conn)


async def _close(conn: psycopg.AsyncConnection) -> None:
    with contextlib.suppress(Exception):
        await conn.close()
