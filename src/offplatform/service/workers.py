"""Several server processes on one port, each accepting on a listening socket of its own.

``uvicorn --workers N`` binds one listening socket and every worker accepts from it: when
connections arrive together, the first worker to wake takes every one waiting. Keep-alive clients
then stay with it for their life: in the benchmark's 16 connections one worker carried most or
all of the load (CPU splits of 2.62 / 0.20 s) while the other core did little, and every request
of the busy worker queued behind the others' CPU work. :class:`Workers` gives each worker its own
listening socket on the same address (``SO_REUSEPORT``): the kernel hands each new connection to
one of them by a hash of the connection's addresses, so connections spread over the workers as
evenly as a fair coin would spread them, whatever the timing of their arrival.

The parent binds all the sockets before any worker starts and keeps them open, so the port is
the server's for its whole life; a worker's socket starts listening only when uvicorn has run the
app's start-up (the lifespan: migrations, the scanner's warm-up), so the kernel hands connections
only to workers that are ready. A connection that reaches the socket of a worker that died waits
in that socket's backlog until the replacement accepts it. The parent is a small supervisor, as
uvicorn's is: it restarts a worker that dies (not one that fails during start-up: then it stops
all and exits 1), and on SIGTERM or SIGINT
stops the workers (SIGTERM, uvicorn's graceful shutdown) and waits for them. A worker exits when
its parent dies (Linux ``PR_SET_PDEATHSIG``), so a killed parent leaves no worker behind.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import signal
import socket
import sys
import threading
import time
from typing import Any

log = logging.getLogger("offplatform.service.workers")

#: exit code of a worker whose app failed to start (uvicorn's STARTUP_FAILURE)
STARTUP_FAILURE = 3


def bound_sockets(host: str, port: int, count: int) -> list[socket.socket]:
    """``count`` TCP sockets bound to ``host:port`` (``port`` 0: a free port, the same for all),
    each with ``SO_REUSEPORT``, inheritable by the workers, not listening yet (the worker's server
    calls ``listen`` once the app has started)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sockets: list[socket.socket] = []
    try:
        for _ in range(count):
            sock = socket.socket(family, socket.SOCK_STREAM)
            sockets.append(sock)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
            sock.bind((host, port))
            port = sock.getsockname()[1]
            sock.set_inheritable(True)
    except BaseException:
        for sock in sockets:
            sock.close()
        raise
    return sockets


def _exit_with_parent() -> None:
    """Ask Linux for SIGTERM when the parent dies (best effort; elsewhere a no-op)."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(Exception):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM, 0, 0, 0)


def _serve(config: dict[str, Any], sock: socket.socket, parent: int) -> None:
    """A worker: uvicorn on its own listening socket."""
    _exit_with_parent()
    if os.getppid() != parent:  # the parent died before the request above took effect
        return
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(**config))
    server.run(sockets=[sock])
    if not server.started:
        sys.exit(STARTUP_FAILURE)


class Workers:
    """``count`` uvicorn processes serving ``config`` (keyword arguments of ``uvicorn.Config``:
    ``app``, ``factory``, ``log_config``, ...) on ``host:port``, each on its own socket."""

    def __init__(self, count: int, host: str, port: int, config: dict[str, Any], *,
                 poll: float = 0.5) -> None:
        if count < 1:
            raise ValueError("count must be at least 1")
        self.count, self.host, self.port = count, host, port
        self.config = {**config, "host": host, "port": port}
        self.poll = poll
        self._stop = threading.Event()
        self._context = multiprocessing.get_context("spawn")
        self.sockets: list[socket.socket] = []
        self.processes: list[Any] = []

    def _start(self, index: int) -> Any:
        process = self._context.Process(target=_serve, args=(self.config, self.sockets[index], os.getpid()),
                                        name=f"offplatform-worker-{index}", daemon=False)
        process.start()
        return process

    def stop(self) -> None:
        """Ask :meth:`run` to stop the workers and return."""
        self._stop.set()

    def run(self) -> int:
        """Start the workers and supervise them until :meth:`stop` (or SIGTERM / SIGINT, when called
        in the main thread); returns the exit code (0, or 1 when a worker failed to start)."""
        self.sockets = bound_sockets(self.host, self.port, self.count)
        self.port = self.config["port"] = self.sockets[0].getsockname()[1]
        previous = {}
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGTERM, signal.SIGINT):
                previous[sig] = signal.signal(sig, lambda *_: self._stop.set())
        code = 0
        try:
            self.processes = [self._start(i) for i in range(self.count)]
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
            self._shutdown()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        return code

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
        for sock in self.sockets:
            sock.close()
