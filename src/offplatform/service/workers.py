"""Several server processes on one port; the parent accepts and hands each connection to the
next worker in turn.

``uvicorn --workers N`` binds one listening socket and every worker accepts from it: when
connections arrive together, the first worker to wake takes every one waiting. Keep-alive clients
then stay with it for their life: in the benchmark's 16 connections one worker carried most or
all of the load (CPU splits of 2.62 / 0.20 s). A listening socket per worker (``SO_REUSEPORT``,
what this module did before) lets the kernel pick a worker by a hash of the connection's
addresses: no worker takes all, but a hash is not a turn, and splits of 10 / 6 or 11 / 5 were
common (CPU 2.74 / 1.32 s), the busier worker's clients waiting longer in every run it happened.

Here the parent owns the one listening socket and accepts; each connection's descriptor goes to
the next ready worker in turn over a Unix socket pair (``SCM_RIGHTS``), and the worker serves it
as if it had accepted it (``loop.connect_accepted_socket`` with uvicorn's protocol). The parent
only accepts; it is on no request's path. At start-up it listens only once every worker has
started its app (the lifespan: migrations, the scanner's warm-up) and said so, so that the first
connections spread over all of them; a connection that arrives while no worker is ready waits in
the backlog. The parent is a small supervisor, as uvicorn's is: it restarts a worker that dies
(not one that fails during start-up: then it stops all and exits 1), handing connections to the
others meanwhile, and on SIGTERM or SIGINT stops accepting, stops the workers (SIGTERM, uvicorn's
graceful shutdown) and waits for them. A worker exits when its parent dies (Linux
``PR_SET_PDEATHSIG``; its end of the socket pair also reads end-of-file then), so a killed parent
leaves no worker behind.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
import select
import signal
import socket
import sys
import threading
import time
from collections import deque
from typing import Any

log = logging.getLogger("offplatform.service.workers")

#: exit code of a worker whose app failed to start (uvicorn's STARTUP_FAILURE)
STARTUP_FAILURE = 3
#: what a worker sends its parent once its app has started
READY = b"r"
#: what rides along with each handed-over connection
CONNECTION = b"c"


def listening_socket(host: str, port: int) -> socket.socket:
    """A TCP socket bound to ``host:port`` (``port`` 0: a free one), not listening yet."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except BaseException:
        sock.close()
        raise
    return sock


def _exit_with_parent() -> None:
    """Ask Linux for SIGTERM when the parent dies (best effort; elsewhere a no-op)."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(Exception):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM, 0, 0, 0)


def _handed_server_class():
    """uvicorn's ``Server`` serving the connections its parent hands over (imported in the worker)."""
    import uvicorn

    class HandedServer(uvicorn.Server):
        def __init__(self, config: Any, channel: socket.socket) -> None:
            super().__init__(config)
            self.channel = channel
            self.handovers: set[asyncio.Task] = set()

        async def startup(self, sockets: list[socket.socket] | None = None) -> None:
            await super().startup(sockets=[])  # the app's start-up; no listening socket of its own
            loop = asyncio.get_running_loop()
            config = self.config

            def protocol() -> asyncio.Protocol:
                return config.http_protocol_class(config=config, server_state=self.server_state,
                                                  app_state=self.lifespan.state)

            def take() -> None:
                while True:
                    try:
                        message, fds, _, _ = socket.recv_fds(self.channel, 16, 64)
                    except (BlockingIOError, InterruptedError):
                        return
                    except OSError:
                        message, fds = b"", []
                    if not message and not fds:  # the parent is gone: stop, as on SIGTERM
                        loop.remove_reader(self.channel.fileno())
                        self.should_exit = True
                        return
                    for fd in fds:
                        conn = socket.socket(fileno=fd)
                        conn.setblocking(False)
                        task = loop.create_task(loop.connect_accepted_socket(protocol, conn))
                        self.handovers.add(task)
                        task.add_done_callback(self.handovers.discard)

            self.channel.setblocking(False)
            loop.add_reader(self.channel.fileno(), take)
            self.channel.send(READY)

    return HandedServer


def _serve(config: dict[str, Any], channel: socket.socket, parent: int) -> None:
    """A worker: uvicorn serving what the parent hands over on ``channel``."""
    _exit_with_parent()
    if os.getppid() != parent:  # the parent died before the request above took effect
        return
    import uvicorn

    server = _handed_server_class()(uvicorn.Config(**config), channel)
    server.run()
    if not server.started:
        sys.exit(STARTUP_FAILURE)


class Workers:
    """``count`` uvicorn processes serving ``config`` (keyword arguments of ``uvicorn.Config``:
    ``app``, ``factory``, ``log_config``, ...) on ``host:port``; the parent accepts and hands the
    connections to them in turn."""

    def __init__(self, count: int, host: str, port: int, config: dict[str, Any], *,
                 poll: float = 0.5, backlog: int = 2048) -> None:
        if count < 1:
            raise ValueError("count must be at least 1")
        self.count, self.host, self.port = count, host, port
        self.config = {**config, "host": host, "port": port}
        self.poll = poll
        self.backlog = backlog
        self._stop = threading.Event()
        self._context = multiprocessing.get_context("spawn")
        self._lock = threading.Lock()
        self.listener: socket.socket | None = None
        self.processes: list[Any] = []
        self.channels: list[socket.socket | None] = []  # the parent's ends of the socket pairs
        self.ready: list[bool] = []
        #: connections handed to each worker slot (for tests and logs)
        self.handed: list[int] = []
        self._retired: list[socket.socket] = []  # channels of dead workers, for the accept loop to close

    def _start(self, index: int) -> Any:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        process = self._context.Process(target=_serve, args=(self.config, theirs, os.getpid()),
                                        name=f"offplatform-worker-{index}", daemon=False)
        process.start()  # (the child's end is duplicated for it by now)
        theirs.close()
        with self._lock:
            if self.channels[index] is not None:  # the accept loop may be watching it: it closes it
                self._retired.append(self.channels[index])
            self.channels[index], self.ready[index] = ours, False
        return process

    def stop(self) -> None:
        """Ask :meth:`run` to stop the workers and return."""
        self._stop.set()

    def run(self) -> int:
        """Start the workers and supervise them until :meth:`stop` (or SIGTERM / SIGINT, when called
        in the main thread); returns the exit code (0, or 1 when a worker failed to start)."""
        self.listener = listening_socket(self.host, self.port)
        self.port = self.config["port"] = self.listener.getsockname()[1]
        self.channels, self.ready, self.handed = [None] * self.count, [False] * self.count, [0] * self.count
        previous = {}
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGTERM, signal.SIGINT):
                previous[sig] = signal.signal(sig, lambda *_: self._stop.set())
        code = 0
        acceptor = threading.Thread(target=self._accept_loop, name="offplatform-acceptor", daemon=True)
        try:
            self.processes = [self._start(i) for i in range(self.count)]
            acceptor.start()
            while not self._stop.wait(self.poll):
                for i, process in enumerate(self.processes):
                    if process.is_alive():
                        continue
                    process.join()
                    if process.exitcode == STARTUP_FAILURE:
                        log.error("worker %s failed to start; stopping", process.pid)
                        code = 1
                        self._stop.set()
                        break
                    log.warning("worker %s exited with %s; starting another", process.pid, process.exitcode)
                    self.processes[i] = self._start(i)
        finally:
            self._stop.set()
            if acceptor.is_alive():
                acceptor.join()
            self._shutdown()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        return code

    def _accept_loop(self) -> None:
        """Accept, and hand each connection to the next ready worker (the parent's only work)."""
        listener = self.listener
        listener.setblocking(False)
        listening = False
        waiting: deque[socket.socket] = deque()  # accepted while no worker was ready
        turn = 0
        try:
            while not self._stop.is_set():
                with self._lock:
                    for channel in self._retired:
                        channel.close()
                    self._retired.clear()
                    channels = [(i, c) for i, c in enumerate(self.channels) if c is not None]
                    if not listening and all(self.ready):
                        listener.listen(self.backlog)  # every worker has started: the first ones spread
                        listening = True
                watch = [c for _, c in channels] + ([listener] if listening and not waiting else [])
                readable, _, _ = select.select(watch, [], [], min(self.poll, 0.1))
                for i, channel in channels:
                    if channel in readable:
                        self._hear(i, channel)
                if listener in readable:
                    with contextlib.suppress(BlockingIOError, InterruptedError):
                        while True:
                            conn, _ = listener.accept()
                            waiting.append(conn)
                while waiting:
                    conn = waiting[0]
                    sent, turn = self._hand(conn, turn)
                    if not sent:
                        break
                    waiting.popleft()
                    conn.close()
        finally:
            for conn in waiting:
                conn.close()
            listener.close()

    def _hear(self, index: int, channel: socket.socket) -> None:
        """A worker says it is ready, or its end closed (it died)."""
        try:
            message = channel.recv(16)
        except OSError:
            message = b""
        with self._lock:
            if self.channels[index] is not channel:
                return  # replaced meanwhile (retired: closed by the loop)
            if message == READY:
                self.ready[index] = True
            elif not message:
                self.ready[index] = False
                self.channels[index] = None
                channel.close()

    def _hand(self, conn: socket.socket, turn: int) -> tuple[bool, int]:
        """Send ``conn`` to the next ready worker from ``turn`` on; (sent, the next turn)."""
        for k in range(self.count):
            i = (turn + k) % self.count
            with self._lock:
                channel = self.channels[i] if self.ready[i] else None
            if channel is None:
                continue
            try:
                socket.send_fds(channel, [CONNECTION], [conn.fileno()])
            except OSError:  # it died meanwhile: the next one
                with self._lock:
                    self.ready[i] = False
                continue
            self.handed[i] += 1
            return True, i + 1
        return False, turn

    def _shutdown(self, timeout: float = 30.0) -> None:
        for process in self.processes:
            if process.is_alive():
                with contextlib.suppress(ProcessLookupError):
                    os.kill(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for process in self.processes:
            process.join(max(0.0, deadline - time.monotonic()))
            if process.is_alive():
                process.kill()
                process.join()
        for channel in self.channels:
            if channel is not None:
                channel.close()
        if self.listener is not None and self.listener.fileno() != -1:
            self.listener.close()
