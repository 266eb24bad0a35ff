"""``offplatform serve --workers N``: a listening socket per worker (SO_REUSEPORT), connections
spread over the workers, a worker that dies is replaced, stop ends them all."""

from __future__ import annotations

import os
import signal
import socket
import sys
import threading
import time

import pytest

from offplatform.service.workers import Workers, bound_sockets

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="SO_REUSEPORT spreading is Linux's")


async def app(scope, receive, send):
    """An ASGI app that answers with its process id (what the workers serve in this test)."""
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            await send({"type": f"{message['type']}.complete"})
            if message["type"] == "lifespan.shutdown":
                return
    body = str(os.getpid()).encode()
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"text/plain"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


def _pid_of_answer(port: int) -> int | None:
    """A new connection, one request: the pid of the worker that answered (None: nobody did)."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
            s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            data = b""
            while chunk := s.recv(4096):
                data += chunk
        return int(data.rsplit(b"\r\n\r\n", 1)[1])
    except (OSError, ValueError):
        return None


def _pids(port: int, connections: int) -> set[int]:
    return {p for p in (_pid_of_answer(port) for _ in range(connections)) if p is not None}


def _wait_for(condition, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_sockets_share_a_port_and_listen_only_in_the_workers():
    sockets = bound_sockets("127.0.0.1", 0, 3)
    try:
        ports = {s.getsockname()[1] for s in sockets}
        assert len(ports) == 1 and 0 not in ports
        with pytest.raises(OSError):  # bound, not listening: nothing accepts until a worker listens
            socket.create_connection(("127.0.0.1", ports.pop()), timeout=1).close()
    finally:
        for s in sockets:
            s.close()


def test_workers_spread_connections_replace_a_dead_worker_and_stop():
    config = {"app": f"{__name__}:app", "log_level": "warning", "access_log": False}
    workers = Workers(2, "127.0.0.1", 0, config, poll=0.1)
    codes: list[int] = []
    runner = threading.Thread(target=lambda: codes.append(workers.run()), daemon=True)
    runner.start()
    try:
        _wait_for(lambda: len(workers.processes) == 2 and workers.port != 0)
        port = workers.port
        # both answer once both are up; 60 new connections all hashed to one of two sockets: 2**-59
        _wait_for(lambda: len(_pids(port, 60)) == 2)
        first = {p.pid for p in workers.processes}
        assert _pids(port, 60) == first
        victim = workers.processes[0].pid
        os.kill(victim, signal.SIGKILL)
        _wait_for(lambda: workers.processes[0].pid != victim)
        _wait_for(lambda: len(_pids(port, 60)) == 2)  # the replacement listens on the dead one's socket
        now = {p.pid for p in workers.processes}
        assert victim not in now and _pids(port, 60) == now
    finally:
        workers.stop()
        runner.join(60)
    assert codes == [0] and not runner.is_alive()
    assert all(not p.is_alive() for p in workers.processes)
    assert _pid_of_answer(port) is None  # the port is closed
