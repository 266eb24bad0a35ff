"""``offplatform serve --workers N``: the parent accepts and hands the connections to the workers
in turn, a worker that dies is replaced (the others take the connections meanwhile), stop ends
them all."""

from __future__ import annotations

import os
import signal
import socket
import sys
import threading
import time

import pytest

from offplatform.service.workers import Workers, listening_socket

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="PR_SET_PDEATHSIG and the /proc checks are Linux's")


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


def test_the_socket_is_bound_and_does_not_listen_until_the_workers_are_ready():
    sock = listening_socket("127.0.0.1", 0)
    try:
        port = sock.getsockname()[1]
        assert port != 0
        with pytest.raises(OSError):  # bound, not listening: nothing is accepted before every worker is up
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
    finally:
        sock.close()


def _keep_alive_pids(port: int, connections: int) -> list[int]:
    """``connections`` connections opened together, then one request on each (kept open until all
    answered): the pid of the worker that serves each."""
    socks = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(connections)]
    try:
        pids = []
        for s in socks:
            s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            data = b""
            while b"\r\n\r\n" not in data or not data.split(b"\r\n\r\n", 1)[1]:
                data += s.recv(4096)
            pids.append(int(data.split(b"\r\n\r\n", 1)[1]))
        return pids
    finally:
        for s in socks:
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
        _wait_for(lambda: _pid_of_answer(port) is not None)  # it listens once both are up
        first = {p.pid for p in workers.processes}
        # connections opened together go to the workers in turn: 8 each, not a hash's 10 / 6
        pids = _keep_alive_pids(port, 16)
        assert set(pids) == first and sorted(pids.count(p) for p in first) == [8, 8]
        victim = workers.processes[0].pid
        os.kill(victim, signal.SIGKILL)
        _wait_for(lambda: workers.processes[0].pid != victim)
        _wait_for(lambda: len(_pids(port, 60)) == 2)  # the replacement gets connections once ready
        now = {p.pid for p in workers.processes}
        assert victim not in now and _pids(port, 60) == now
    finally:
        workers.stop()
        runner.join(60)
    assert codes == [0] and not runner.is_alive()
    assert all(not p.is_alive() for p in workers.processes)
    assert _pid_of_answer(port) is None  # the port is closed
