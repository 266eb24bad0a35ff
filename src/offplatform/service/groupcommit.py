"""Group commit: the writes of concurrent requests share one transaction and one commit.

A request hands its write to :meth:`GroupCommit.submit` and waits. A writer thread takes every
write waiting at that moment (up to ``max_batch``), runs ``write_batch(session, items)`` in one
transaction and commits; only then does each request get its result. ``writers`` threads do this
side by side, so one batch's round trips and commit overlap with the next one's. No request is acknowledged
before its rows are durable, and no one waits for a timer: while a batch commits, the next one
gathers. If a batch fails, its items are retried one transaction each, so a bad write fails only
its own request.

On a busy server this turns N commits (each a WAL flush) and N times the round trips of a write
into one, which is most of what a message costs; on an idle one a batch is a single write and
costs what a direct write would.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import queue
import threading
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import Future
from typing import Any, Generic, TypeVar

import psycopg
from psycopg import pq
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger("offplatform.service.groupcommit")

T = TypeVar("T")
R = TypeVar("R")

_STOP = object()


class GroupCommit(Generic[T, R]):
    """``write_batch(session, items) -> results`` (one per item, in order), in one transaction."""

    def __init__(self, sessions: sessionmaker[Session], write_batch: Callable[[Session, Sequence[T]], Sequence[R]],
                 *, writers: int = 1, max_batch: int = 64, name: str = "offplatform-group-commit") -> None:
        self.sessions = sessions
        self.write_batch = write_batch
        self.writers = writers
        self.max_batch = max_batch
        self.name = name
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()
        self._closed = False
        #: how many batches and items were written (for tests and metrics)
        self.batches = 0
        self.items = 0

    def submit(self, item: T, timeout: float | None = 60.0) -> R:
        """Write ``item`` with whatever else is waiting; returns its result once committed."""
        return self._enqueue(item).result(timeout)

    async def submit_async(self, item: T) -> R:
        """:meth:`submit` for a coroutine: the event loop goes on while the batch commits."""
        return await asyncio.wrap_future(self._enqueue(item))

    def _enqueue(self, item: T) -> Future[R]:
        future: Future[R] = Future()
        with self._lock:
            if self._closed:
                raise RuntimeError("the group commit writer is closed")
            if not self._threads:
                for n in range(self.writers):
                    thread = threading.Thread(target=self._run, name=f"{self.name}-{n}", daemon=True)
                    thread.start()
                    self._threads.append(thread)
            self._queue.put((item, future))
        return future

    def close(self, timeout: float = 10.0) -> None:
        """Write what was submitted, then stop the writer thread."""
        with self._lock:
            self._closed = True
            threads = list(self._threads)
            for _ in threads:
                self._queue.put(_STOP)
        for thread in threads:
            thread.join(timeout)

    def _run(self) -> None:
        while True:
            first = self._queue.get()
            if first is _STOP:
                return
            batch = [first]
            stop = False
            while len(batch) < self.max_batch:
                try:
                    nxt = self._queue.get_nowait()
                except queue.Empty:
                    break
                if nxt is _STOP:
                    stop = True
                    break
                batch.append(nxt)
            self._write(batch)
            if stop:
                return

    def _write(self, batch: list[tuple[T, Future]]) -> None:
        try:
            results = self._transaction([item for item, _ in batch])
        except BaseException as exc:  # noqa: BLE001 - handed to the waiting requests
            if len(batch) == 1:
                batch[0][1].set_exception(exc)
                return
            log.info("group commit of %d writes failed (%s); writing them one by one", len(batch), exc)
            for one in batch:
                self._write([one])
            return
        for (_, future), result in zip(batch, results, strict=True):
            future.set_result(result)

    def _transaction(self, items: list[T]) -> Sequence[R]:
        with self.sessions() as session, session.begin():
            results = self.write_batch(session, items)
        with self._lock:
            self.batches += 1
            self.items += len(items)
        return results


class AsyncGroupCommit(Generic[T, R]):
    """:class:`GroupCommit` on the event loop, for PostgreSQL through psycopg's async connections.

    ``write_batch(conn, items) -> results`` is a coroutine that writes the items and commits on
    ``conn`` (an autocommit ``AsyncConnection`` it gets from ``connect()``, kept between batches).
    The writer is a task of the loop the requests run on, not a thread: a thread that wakes from
    each database answer must win the GIL back from the requests' CPU work (the guard), which cost
    a batch several switch intervals (5 ms each) of waiting; here an answer is taken up as soon as
    the loop is between two steps. Same guarantees: a result is handed out only once its batch
    committed; a failed batch is written again one item per transaction; no one waits for a timer.
    A request that stops waiting (cancelled) does not withdraw its item.

    ``concurrency``: how many batches may be in flight at once, each on its own connection. With
    one, a write that arrives just after a batch left waits for that whole batch (its round trips
    and its commit) before its own starts; with two it leaves at once on the other connection, so a
    write waits for about one batch instead of up to two (what a request's tail latency is made
    of), and the database overlaps one batch's commit with the next one's inserts.
    """

    def __init__(self, connect: Callable[[], Awaitable[Any]],
                 write_batch: Callable[[Any, Sequence[T]], Awaitable[Sequence[R]]], *, max_batch: int = 64,
                 concurrency: int = 1) -> None:
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        self.connect = connect
        self.write_batch = write_batch
        self.max_batch = max_batch
        self.concurrency = concurrency
        self._pending: list[tuple[T, asyncio.Future]] = []
        self._running = 0  # batches in flight (tasks in _run)
        self._tasks: set[asyncio.Task] = set()
        self._idle: list[Any] = []  # connections between batches
        self._loop: asyncio.AbstractEventLoop | None = None
        self._closed = False
        #: how many batches and items were written (for tests and metrics)
        self.batches = 0
        self.items = 0

    async def submit_async(self, item: T) -> R:
        """Write ``item`` with whatever else is waiting; returns its result once committed."""
        if self._closed:
            raise RuntimeError("the group commit writer is closed")
        loop = asyncio.get_running_loop()
        if loop is not self._loop:  # a new loop (tests run one per client): nothing of the old one is usable
            self._loop, self._tasks, self._idle, self._pending, self._running = loop, set(), [], [], 0
        future = loop.create_future()
        self._pending.append((item, future))
        self._start()
        return await future

    def _start(self) -> None:
        """Send what is waiting in a new batch if fewer than ``concurrency`` are in flight."""
        if self._pending and self._running < self.concurrency:
            # counted now, and uncounted by the task itself in the same step in which it sees
            # nothing left to write (a task's done callback would run later: a write submitted
            # in between would find the count full and wait for a writer that is gone)
            self._running += 1
            task = self._loop.create_task(self._run())
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def aclose(self) -> None:
        """Write what was submitted, then close the connections."""
        self._closed = True
        if self._loop is asyncio.get_running_loop():
            while pending := [t for t in self._tasks if not t.done()]:
                await asyncio.shield(asyncio.gather(*pending, return_exceptions=True))
        idle, self._idle = self._idle, []
        for conn in idle:
            with contextlib.suppress(Exception):
                await conn.close()

    async def _run(self) -> None:
        # the batch is taken when the task first runs (not when it was created): whatever came in
        # meanwhile goes along
        try:
            while self._pending:
                batch, self._pending = self._pending[:self.max_batch], self._pending[self.max_batch:]
                await self._write(batch)
        finally:
            self._running -= 1

    async def _write(self, batch: list[tuple[T, asyncio.Future]]) -> None:
        try:
            results = await self._transaction([item for item, _ in batch])
        except Exception as exc:  # noqa: BLE001 - handed to the waiting requests
            if len(batch) == 1:
                if not batch[0][1].done():
                    batch[0][1].set_exception(exc)
                return
            log.info("group commit of %d writes failed (%s); writing them one by one", len(batch), exc)
            for one in batch:
                await self._write([one])
            return
        for (_, future), result in zip(batch, results, strict=True):
            if not future.done():
                future.set_result(result)

    async def _transaction(self, items: list[T]) -> Sequence[R]:
        try:
            results = await self._attempt(items)
        except psycopg.OperationalError:
            # the connection died while it waited for this batch (a PostgreSQL restart, a dropped
            # socket): once more on a new one (a pool's pre-ping would have caught it at checkout)
            results = await self._attempt(items)
        self.batches += 1
        self.items += len(items)
        return results

    async def _attempt(self, items: list[T]) -> Sequence[R]:
        conn = None
        while self._idle and conn is None:
            conn = self._idle.pop()
            if conn.closed:
                conn = None
        if conn is None:
            conn = await self.connect()
        try:
            results = await self.write_batch(conn, items)
        except BaseException:
            if conn.closed or conn.broken or conn.info.transaction_status != pq.TransactionStatus.IDLE:
                # in an unknown state: the next batch starts on a new connection
                with contextlib.suppress(Exception):
                    await conn.close()
            else:
                self._idle.append(conn)
            raise
        self._idle.append(conn)
        return results

