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
import logging
import queue
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from typing import Generic, TypeVar

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
