"""The service under load, on PostgreSQL, over loopback, and through a crash.

Run from the repository root (a PostgreSQL server is needed)::

    .venv/bin/python benchmarks/bench_service.py
    .venv/bin/python benchmarks/bench_service.py --window 1 --clients 32 --senders 4 --risky 0.3 --keep
    OFFPLATFORM_BENCH_POSTGRES_URL=postgresql+psycopg://me@db/test .venv/bin/python benchmarks/bench_service.py

What it does:

1. creates a fresh database next to the one in the URL, migrates it, and seeds ``--clients`` x
   ``--senders`` conversations (a client, a freelancer with an API key, the interview stage);
2. starts ``uvicorn`` (``--workers`` processes, default settings: conversation window 6) on
   127.0.0.1; ``--clients`` keep-alive connections (a minimal asyncio HTTP/1.1 client on uvloop,
   so that the load generator takes little of the shared CPU) post ``--messages`` messages in
   total, each connection for its conversations in turn, each message with a unique text (a share
   ``--risky`` of them with a phone, an email, a chat app or a payment-outside-escrow pitch) and
   its own ``Idempotency-Key``; prints messages/s, p50 and p99 latency (target: >= 500 msg/s,
   p99 <= 50 ms on 2 cores) and the CPU per message of the server, of the PostgreSQL processes
   working for its database and of the load generator;
3. crash test: while clients post ``--crash-messages`` more, the server gets SIGKILL (1 s in, or
   once a third of them are acknowledged if that comes first), is restarted,
   and every client retries each unacknowledged message with the same key until it is accepted;
   then checks, in the database, that every message is stored exactly once, and prints the
   decisions stored.

Bounded: ``--time-limit`` seconds per phase; a phase that runs out reports what it managed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid

import httpx
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from offplatform.service import accounts
from offplatform.service.db import make_engine, make_sessionmaker, transaction, upgrade
from offplatform.service.models import Conversation, IdempotencyRecord, Job, Message, Role, utcnow
from offplatform.service.security import Passwords

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"

#: What clients and freelancers write: everyday talk, prices, dates (no rule fires) ...
CLEAN = (
    "Hi! I read the brief and can start on Monday.",
    "Sounds good, I will keep you posted on the progress here.",
    "Can you confirm the deadline is the end of the month?",
    "I attached the moodboard to the milestone, let me know what you think.",
    "Happy to do two rounds of revisions within the fixed price.",
    "Do you have brand guidelines or should I propose a palette?",
    "The budget of $1,500 works for me, for 3 concepts.",
    "Could you share examples of the style you like?",
    "I'll send the first draft by Friday 14:00 UTC.",
    "Thanks, the revisions look great.",
    "What file formats do you need: SVG, PNG, PDF?",
)
#: ... and what the policy is for: contact details, chat apps, paying outside escrow. Each sender's
#: violations climb the policy's ladder (warn, hold, then 24 h restricted: every message blocked).
RISKY = (
    "call me at +44 20 7946 0958 so we can discuss",
    "my email is designer.pro@gmail.com",
    "let's talk on whatsapp instead, it's faster",
    "pay me via paypal outside the site to save fees",
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def create_database(base: str) -> str:
    name = f"offp_bench_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(base).set(database=name).render_as_string(hide_password=False)


def drop_database(base: str, url: str) -> None:
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
    admin.dispose()


def seed(url: str, pairs: int) -> list[tuple[str, int]]:
    """(API key of the freelancer, conversation id) per pair."""
    engine = make_engine(url)
    sessions = make_sessionmaker(engine)
    out = []
    passwords = Passwords()
    with transaction(sessions) as s:
        for i in range(pairs):
            client = accounts.create_user(s, passwords, email=f"client{i}@bench.test", name=f"Client {i}",
                                          role=Role.CLIENT, password=None, actor="bench")
            freelancer = accounts.create_user(s, passwords, email=f"freelancer{i}@bench.test", name=f"Freelancer {i}",
                                              role=Role.FREELANCER, password=None, actor="bench")
            freelancer.created_at = client.created_at = utcnow().replace(year=2020)
            job = Job(client_id=client.id, title=f"Job {i}", description="", created_at=utcnow())
            s.add(job)
            s.flush()
            conv = Conversation(job_id=job.id, client_id=client.id, freelancer_id=freelancer.id,
                                base_stage="interview", created_at=utcnow())
            s.add(conv)
            s.flush()
            _, key = accounts.create_api_key(s, name="bench", owner_id=freelancer.id, scopes=["conversations"],
                                             actor="bench")
            out.append((key, conv.id))
    engine.dispose()
    return out


#: how the server is started: ``offplatform serve`` (what a deployment runs: the parent accepts and
#: hands the connections to the workers in turn, see offplatform.service.workers), or plain
#: ``uvicorn --workers`` (one listening socket shared by the workers), for comparison
LAUNCHERS = ("offplatform", "uvicorn")


class Server:
    def __init__(self, url: str, port: int, workers: int, window: int, launcher: str = "offplatform") -> None:
        self.url, self.port, self.workers, self.window, self.launcher = url, port, workers, window, launcher
        self.secret = os.environ.get("OFFPLATFORM_SECRET_KEY") or uuid.uuid4().hex
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        env = {**os.environ, "OFFPLATFORM_DATABASE_URL": self.url, "OFFPLATFORM_WEBHOOKS": "false",
               "OFFPLATFORM_RATE_LIMIT": "1000000/minute", "OFFPLATFORM_AUTO_MIGRATE": "false",
               "OFFPLATFORM_POOL_SIZE": "12", "OFFPLATFORM_CONVERSATION_WINDOW": str(self.window),
               # one CSRF key for every worker and across the restart (see `offplatform serve --workers`)
               "OFFPLATFORM_SECRET_KEY": self.secret}
        if self.launcher == "uvicorn":
            cmd = [sys.executable, "-m", "uvicorn", "--factory", "offplatform.service:create_app",
                   "--host", "127.0.0.1", "--port", str(self.port), "--workers", str(self.workers),
                   "--no-access-log", "--log-level", "warning"]
        else:
            cmd = [sys.executable, "-c", "from offplatform.cli import main; main()", "serve",
                   "--host", "127.0.0.1", "--port", str(self.port), "--workers", str(self.workers)]
        # its own process group, so SIGKILL reaches the workers too (nothing gets to clean up)
        self.proc = subprocess.Popen(cmd, env=env, start_new_session=True, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        # ready: the port listens and the app answers (``offplatform serve`` listens only once
        # every worker has started its app)
        while time.monotonic() < deadline:
            try:
                if (listening(self.port) >= 1
                        and httpx.get(f"http://127.0.0.1:{self.port}/readyz", timeout=1).status_code == 200):
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError("server did not become ready in 60 s")

    def kill(self) -> None:
        if self.proc is not None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


def listening(port: int) -> int:
    """How many sockets listen on ``port`` (Linux /proc/net/tcp)."""
    try:
        with open("/proc/net/tcp") as fh:
            rows = [line.split() for line in fh.readlines()[1:]]
    except OSError:  # pragma: no cover - not Linux: trust /readyz
        return 1 << 30
    return sum(1 for r in rows if r[3] == "0A" and int(r[1].rsplit(":", 1)[1], 16) == port)


class RawClient:
    """A minimal HTTP/1.1 keep-alive client on asyncio streams: the load generator, kept cheap so
    that the CPU it takes from the two cores goes to the server instead (httpx costs 2-3.5 ms of
    CPU per request here, this about a tenth of that)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.reader = self.writer = None

    async def post(self, path: str, body: bytes, headers: bytes, timeout: float = 30.0) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        request = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                   f"Content-Length: {len(body)}\r\n").encode() + headers + b"\r\n" + body
        try:
            self.writer.write(request)
            head = await asyncio.wait_for(self.reader.readuntil(b"\r\n\r\n"), timeout)
            lines = head.split(b"\r\n")
            status = int(lines[0].split(b" ", 2)[1])
            length = 0
            for line in lines[1:]:
                name, _, value = line.partition(b":")
                if name.lower() == b"content-length":
                    length = int(value)
            data = await asyncio.wait_for(self.reader.readexactly(length), timeout) if length else b""
            return status, data
        except BaseException:
            await self.close()
            raise


async def post_all(port: int, pairs: list[tuple[str, int]], clients: int, total: int, tag: str, time_limit: float,
                   retry: bool, risky: float = 0.1, progress: dict[str, int] | None = None
                   ) -> tuple[list[float], int, int]:
    """Post ``total`` messages with ``clients`` concurrent connections, client ``i`` speaking for the
    pairs ``i``, ``i + clients``, ... in turn, a share ``risky`` of the texts from :data:`RISKY`; returns
    (latencies of first tries, sent, retries). ``progress["sent"]``, when given, counts the acknowledged messages as they come."""
    per_client = [total // clients + (1 if i < total % clients else 0) for i in range(clients)]
    latencies: list[float] = []
    sent = 0
    retries = 0
    deadline = time.monotonic() + time_limit

    async def client_loop(index: int) -> None:
        nonlocal sent, retries
        mine = pairs[index::clients]
        rng = random.Random(index)
        http = RawClient(port)
        try:
            for n in range(per_client[index]):
                key, conv = mine[n % len(mine)]
                path = f"/v1/conversations/{conv}/messages"
                # a unique text per message, as in real chats (no scan result is reused by chance)
                text = rng.choice(RISKY if rng.random() < risky else CLEAN)
                body = json.dumps({"text": f"{text} (note {n})"}).encode()
                headers = (f"Authorization: Bearer {key}\r\nIdempotency-Key: {tag}-{index}-{n}\r\n").encode()
                first = True
                while True:
                    if time.monotonic() > deadline:
                        return
                    t0 = time.perf_counter()
                    try:
                        status, data = await http.post(path, body, headers)
                        ok = status == 201
                        if not ok and status < 500:
                            raise RuntimeError(f"unexpected {status}: {data[:200]!r}")
                    except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError, IndexError):
                        ok = False
                        if not retry:
                            raise
                    if ok:
                        if first:
                            latencies.append(time.perf_counter() - t0)
                        sent += 1
                        if progress is not None:
                            progress["sent"] = sent
                        break
                    first = False
                    retries += 1
                    await asyncio.sleep(0.05)
        finally:
            await http.close()

    await asyncio.gather(*(client_loop(i) for i in range(clients)))
    return latencies, sent, retries


def run(coro):
    """Run the load on uvloop (what uvicorn[standard] brings) when it is installed."""
    try:
        import uvloop
    except ImportError:  # pragma: no cover
        return asyncio.run(coro)
    return uvloop.run(coro)


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of these processes (Linux /proc), in seconds."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            pass
    return total / tick


def pids_of(pgid: int | None = None, name: str | None = None) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            if pgid is not None and os.getpgid(int(entry)) == pgid:
                out.append(int(entry))
            elif name is not None:
                with open(f"/proc/{entry}/comm") as fh:
                    if fh.read().strip() == name:
                        out.append(int(entry))
        except (OSError, ProcessLookupError):
            pass
    return out


_PG_PIDS = text(
    "SELECT pid FROM pg_stat_activity WHERE (datname = current_database() AND pid <> pg_backend_pid()) "
    "OR backend_type IN ('walwriter', 'checkpointer', 'background writer')"
)


def postgres_pids(conn) -> list[int]:
    """The PostgreSQL processes working for the benchmark: the backends connected to its database
    and the server's WAL writer, checkpointer and background writer (other databases' backends on
    a shared server are left out)."""
    return list(conn.execute(_PG_PIDS).scalars())


def cpu_by_pid(pids: list[int]) -> dict[int, float]:
    return {pid: cpu_seconds([pid]) for pid in pids}


class PostgresCpu:
    """CPU time of the PostgreSQL processes working for the benchmark's database, sampled every
    ``every`` seconds so that backends that come and go during the run are counted too."""

    def __init__(self, url: str, every: float = 0.25) -> None:
        self.every = every
        self.engine = create_engine(url, poolclass=NullPool)
        self.conn = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        self.start = cpu_by_pid(postgres_pids(self.conn))
        self.last = dict(self.start)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        for pid, cpu in cpu_by_pid(postgres_pids(self.conn)).items():
            if cpu > 0:
                self.last[pid] = cpu

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            self._sample()

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        self._sample()
        self.conn.close()
        self.engine.dispose()
        return sum(max(0.0, cpu - self.start.get(pid, 0.0)) for pid, cpu in self.last.items())


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def check_exactly_once(url: str) -> tuple[int, int, int, int]:
    """(messages, idempotency records, records whose message is missing, messages without a record)."""
    engine = make_engine(url)
    with make_sessionmaker(engine)() as s:
        messages = s.scalar(select(func.count()).select_from(Message))
        records = s.scalars(select(IdempotencyRecord.response)).all()
        ids = {r["id"] for r in records}
        stored = set(s.scalars(select(Message.id)).all())
    engine.dispose()
    return messages, len(records), len(ids - stored), len(stored - ids)


def decisions(url: str) -> list[tuple[str, int]]:
    """How many stored messages got each action (what the run measured: the ladder blocks repeat offenders)."""
    engine = make_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(select(Message.action, func.count()).group_by(Message.action)
                            .order_by(func.count().desc())).all()
    engine.dispose()
    return [(r[0], r[1]) for r in rows]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", default=os.environ.get("OFFPLATFORM_BENCH_POSTGRES_URL", DEFAULT_URL))
    ap.add_argument("--clients", type=int, default=16, help="concurrent connections")
    ap.add_argument("--senders", type=int, default=8,
                    help="conversations (each with its own sender and API key) per client, used in turn")
    ap.add_argument("--messages", type=int, default=3000)
    ap.add_argument("--crash-messages", type=int, default=1500)
    ap.add_argument("--risky", type=float, default=0.1, help="share of messages with a detail or an off-platform ask")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--window", type=int, default=6,
                    help="OFFPLATFORM_CONVERSATION_WINDOW for the server (1: each message scanned alone)")
    ap.add_argument("--launcher", choices=LAUNCHERS, default="offplatform",
                    help="offplatform: `offplatform serve --workers N` (a listening socket per worker); "
                         "uvicorn: `uvicorn --workers N` (one shared socket)")
    ap.add_argument("--time-limit", type=float, default=90.0)
    ap.add_argument("--keep", action="store_true", help="keep the benchmark database")
    args = ap.parse_args(argv)

    url = create_database(args.url)
    server = Server(url, free_port(), args.workers, args.window, args.launcher)
    ok = True
    try:
        upgrade(url)
        pairs = seed(url, args.clients * args.senders)
        server.start()
        # warm-up (connections, caches, one message per conversation), not measured
        _, warm_sent, _ = run(post_all(server.port, pairs, args.clients, len(pairs), "warm", args.time_limit,
                                       retry=False, risky=args.risky))

        server_pids = pids_of(pgid=server.proc.pid)
        pg_cpu = PostgresCpu(url)
        cpu0 = (cpu_seconds(server_pids), 0.0, time.thread_time())  # the load runs in this thread
        by_process0 = cpu_by_pid(server_pids)
        t0 = time.perf_counter()
        lat, sent, load_retries = run(post_all(server.port, pairs, args.clients, args.messages, "load",
                                               args.time_limit, retry=True, risky=args.risky))
        elapsed = time.perf_counter() - t0
        cpu1 = (cpu_seconds(server_pids), pg_cpu.stop(), time.thread_time())
        by_process = sorted((cpu - by_process0.get(pid, 0.0) for pid, cpu in cpu_by_pid(server_pids).items()),
                            reverse=True)
        rate = sent / elapsed
        p50, p99 = pct(lat, 50) * 1000, pct(lat, 99) * 1000
        print(f"load: {sent} messages ({args.risky:.0%} risky), {args.clients} concurrent clients for {len(pairs)} conversations, "
              f"{args.workers} server workers ({args.launcher}), "
              f"OFFPLATFORM_CONVERSATION_WINDOW={args.window}, {os.cpu_count()} cores, "
              f"load average {os.getloadavg()[0]:.1f}; {load_retries} retries")
        print(f"  {rate:,.0f} messages/s   p50 {p50:.1f} ms   p99 {p99:.1f} ms   "
              f"(target >= 500 msg/s, p99 <= 50 ms)")
        per = [(b - a) / max(sent, 1) * 1000 for a, b in zip(cpu0, cpu1, strict=True)]
        total = sum(per)
        print(f"  CPU per message: server {per[0]:.2f} ms, PostgreSQL {per[1]:.2f} ms ({len(pg_cpu.last)} processes), "
              f"clients {per[2]:.2f} ms "
              f"= {total:.2f} ms; on {os.cpu_count()} otherwise idle cores that is at most "
              f"{os.cpu_count() / total * 1000:,.0f} messages/s")
        # how the keep-alive connections (and so the work) were split between the workers: in turn
        # with `offplatform serve`; with `--launcher uvicorn` whichever worker accepts first takes
        # every connection waiting
        print(f"  server CPU by process: {' / '.join(f'{c:.2f} s' for c in by_process if c > 0.005)} "
              f"(the load's {elapsed:.1f} s of wall time)")
        ok &= sent == args.messages

        async def crash_run():
            # the SIGKILL comes 1 s in, or sooner, once a third of the messages are acknowledged: mid-run
            # however fast the server is (at 1,500 messages/s all would be acknowledged within 1 s)
            progress = {"sent": 0}
            task = asyncio.create_task(post_all(server.port, pairs, args.clients, args.crash_messages, "crash",
                                                args.time_limit, retry=True, risky=args.risky,
                                                progress=progress))
            started = time.perf_counter()
            while time.perf_counter() - started < 1.0 and progress["sent"] < args.crash_messages // 3:
                await asyncio.sleep(0.005)
            at, acknowledged = time.perf_counter() - started, progress["sent"]
            await asyncio.to_thread(server.kill)
            killed_at = time.perf_counter()
            await asyncio.to_thread(server.start)
            down = time.perf_counter() - killed_at
            _, crash_sent, retries = await task
            return crash_sent, retries, down, at, acknowledged

        crash_sent, retries, down, at, acknowledged = run(crash_run())
        print(f"crash: SIGKILL after {at:.2f} s ({acknowledged} messages acknowledged), "
              f"server back in {down:.1f} s; {crash_sent}/{args.crash_messages} messages acknowledged, "
              f"{retries} retries with the same Idempotency-Key")
        messages, records, orphans, unkeyed = check_exactly_once(url)
        expected = warm_sent + sent + crash_sent
        once = messages == records == expected and orphans == 0 and unkeyed == 0
        print(f"  stored {messages} messages for {expected} acknowledged requests, {records} idempotency records; "
              f"{'every message stored exactly once' if once else 'MISMATCH'}")
        ok &= once and crash_sent == args.crash_messages
        print(f"  decisions stored: {', '.join(f'{a} {n}' for a, n in decisions(url))}")
    finally:
        server.stop()
        if not args.keep:
            drop_database(args.url, url)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
