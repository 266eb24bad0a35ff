"""What the fast message path must keep: API-key caching that still honours revocation, group
commit that isolates a bad write, exactly-once storage when copies of a request race in one batch,
rate limits shared between processes through Redis, and several workers sharing one secret key."""

from __future__ import annotations

import os
import random
import socket
import threading
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, text

from offplatform.service import create_app, posting
from offplatform.service.accounts import ApiKeyCache
from offplatform.service.cli import worker_environment
from offplatform.service.groupcommit import GroupCommit
from offplatform.service.idempotency import keyed_request
from offplatform.service.models import ApiKey, AuditEntry, IdempotencyRecord, Message
from offplatform.service.schemas import MessageCreate

PLAIN = "I can start on Monday."


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _key_id(app, user_id: int) -> int:
    with app.state.runtime.sessions() as s:
        return s.scalar(select(ApiKey.id).where(ApiKey.owner_id == user_id))


def test_revoked_key_is_refused_here_at_once_and_elsewhere_within_the_cache_ttl(world, shared_scanner,
                                                                              settings_factory):
    # a second app on the same database: another worker process of the same deployment
    other = create_app(settings_factory(world.app.state.runtime.settings.database_url), scanner=shared_scanner)
    clock = FakeClock()
    other.state.runtime.api_keys = ApiKeyCache(2.0, clock=clock)
    with TestClient(other, base_url="https://testserver") as elsewhere:
        assert world.frank.get("/v1/me").status_code == 200  # cached in this process
        assert elsewhere.get("/v1/me", headers=world.frank.headers).status_code == 200  # and in the other
        r = world.admin.delete(f"/v1/api-keys/{_key_id(world.app, world.frank.id)}")
        assert r.status_code == 200, r.text
        assert world.frank.get("/v1/me").status_code == 401  # the revoking process forgets at once
        clock.now += 1.9
        assert elsewhere.get("/v1/me", headers=world.frank.headers).status_code == 200  # within the bound
        clock.now += 0.2
        assert elsewhere.get("/v1/me", headers=world.frank.headers).status_code == 401  # past it


def test_api_key_cache_off_asks_the_database_every_time(world, shared_scanner, settings_factory):
    other = create_app(settings_factory(world.app.state.runtime.settings.database_url, api_key_cache_seconds=0),
                       scanner=shared_scanner)
    with TestClient(other, base_url="https://testserver") as elsewhere:
        assert elsewhere.get("/v1/me", headers=world.frank.headers).status_code == 200
        world.admin.delete(f"/v1/api-keys/{_key_id(world.app, world.frank.id)}")
        assert elsewhere.get("/v1/me", headers=world.frank.headers).status_code == 401


def test_group_commit_batches_waiting_writes_and_isolates_a_failing_one(database_url):
    from offplatform.service.db import make_engine, make_sessionmaker

    engine = make_engine(database_url, 2)
    gate = threading.Event()
    batches: list[list[str]] = []

    def write_batch(session, items):
        session.execute(text("SELECT 1"))
        if items == ["first"]:
            gate.wait(10)  # hold the writer so that the others queue up behind it
        batches.append(list(items))
        if "bad" in items:
            raise ValueError("bad item")
        return [f"ok:{i}" for i in items]

    entered = threading.Event()

    def write_batch_signalling(session, items):
        if items == ["first"]:
            entered.set()
        return write_batch(session, items)

    writer: GroupCommit[str, str] = GroupCommit(make_sessionmaker(engine), write_batch_signalling)
    results: dict[str, Any] = {}

    def submit(item: str) -> None:
        try:
            results[item] = writer.submit(item)
        except ValueError as exc:
            results[item] = exc

    try:
        first = threading.Thread(target=submit, args=("first",))
        first.start()
        assert entered.wait(10)  # the writer holds "first" at the gate
        threads = [threading.Thread(target=submit, args=(item,)) for item in ("a", "bad", "b", "c")]
        for t in threads:
            t.start()
        for _ in range(1000):
            if writer._queue.qsize() == 4:
                break
            threading.Event().wait(0.01)
        gate.set()
        for t in [first, *threads]:
            t.join(10)
    finally:
        writer.close()
        engine.dispose()
    assert results["first"] == "ok:first"
    assert [results[i] for i in ("a", "b", "c")] == ["ok:a", "ok:b", "ok:c"]
    assert isinstance(results["bad"], ValueError)
    # the four queued writes went together, failed because of one, then one by one
    assert sorted(batches[1]) == ["a", "b", "bad", "c"]
    assert sorted(map(tuple, batches[2:])) == [("a",), ("b",), ("bad",), ("c",)]


def test_copies_of_one_request_in_one_batch_store_one_message(world):
    rt = world.app.state.runtime
    p = rt.api_keys.get(world.frank.key) or _principal(rt, world.frank.key)
    path = f"/v1/conversations/{world.conv_id}/messages"
    body = MessageCreate(text=PLAIN).model_dump_json().encode()  # what the route hashes
    keyed = keyed_request(p, "same-batch", "POST", path, body)
    drafts = []
    with rt.read() as conn:
        for _ in range(2):
            drafts.append(posting.prepare(conn, rt.guard, rt.history, p, world.conv_id, PLAIN, idempotency=keyed))
    with rt.sessions() as s, s.begin():
        stored = posting.write(s.connection(), drafts)
    assert stored[0].response is not None and stored[0].replay is None
    assert stored[1].response is None and stored[1].replay == keyed
    # a copy prepared before the first committed (it saw no record) loses against the stored one
    with rt.read() as conn:
        late = posting.prepare(conn, rt.guard, rt.history, p, world.conv_id, PLAIN,
                               idempotency=keyed_request(p, "other", "POST", path, body))
    with rt.sessions() as s, s.begin():
        s.add(IdempotencyRecord(principal=p.ref, key="other", method="POST", path=path, request_hash="x",
                                status_code=201, response={"id": 0}))
    with rt.sessions() as s, s.begin():
        (lost,) = posting.write(s.connection(), [late])
    assert lost.replay is not None
    with rt.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Message)) == 1
        assert s.scalar(select(func.count()).select_from(AuditEntry)
                        .where(AuditEntry.action == "message.decided")) == 1
    r = world.frank.post(path, json={"text": PLAIN}, headers={"Idempotency-Key": "same-batch"})
    assert r.status_code == 201 and r.headers.get("Idempotent-Replayed") == "true"
    assert r.json()["id"] == stored[0].response["id"]
    r = world.frank.post(path, json={"text": "something else"}, headers={"Idempotency-Key": "same-batch"})
    assert r.status_code == 409


def test_async_group_commit_takes_a_write_submitted_as_the_last_batch_ends():
    """A write submitted right after the writer handed out its last result (the writer task is
    finishing, its done callback has not run) starts a batch of its own, at every concurrency."""
    import asyncio

    from offplatform.service.groupcommit import AsyncGroupCommit

    async def scenario(concurrency: int) -> list[str]:
        async def connect():
            return _FakeConnection()

        async def write_batch(conn, items):
            await asyncio.sleep(0)
            return [f"ok:{i}" for i in items]

        writer = AsyncGroupCommit(connect, write_batch, concurrency=concurrency)

        async def one_after_another() -> list[str]:
            # each submitted in the very step in which the previous one's result came in
            return [await writer.submit_async(item) for item in "abcd"]

        out = await asyncio.wait_for(one_after_another(), 2)
        await writer.aclose()
        return out

    for concurrency in (1, 2):
        assert asyncio.run(scenario(concurrency)) == ["ok:a", "ok:b", "ok:c", "ok:d"]


HELD = "pay me via paypal outside the site to save fees"  # the default policy holds it


@pytest.mark.parametrize("database_url", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True)
def test_async_write_takes_two_round_trips_and_falls_back_when_a_key_was_taken(world, monkeypatch):
    """PostgreSQL's writer (``write_async``): the optimistic steps (case ids drawn with the message
    ids, plain idempotency inserts, everything else with COMMIT) store what the careful ones do; a
    key another transaction stored makes the transaction fail and the batch is written again
    carefully, the loser a replay, nothing of the failed try left behind."""
    import asyncio

    from offplatform.service.models import Case
    from offplatform.service.pgread import async_connector

    rt = world.app.state.runtime
    assert rt.reader is not None  # PostgreSQL's event-loop writer (the test runs on PostgreSQL only)
    p = rt.api_keys.get(world.frank.key) or _principal(rt, world.frank.key)
    path = f"/v1/conversations/{world.conv_id}/messages"
    tries: list[bool] = []
    careful_or_not = posting._write_async

    async def spy(conn, drafts, optimistic):
        tries.append(optimistic)
        return await careful_or_not(conn, drafts, optimistic)

    monkeypatch.setattr(posting, "_write_async", spy)

    def draft(text: str, key: str):
        keyed = keyed_request(p, key, "POST", path, MessageCreate(text=text).model_dump_json().encode())
        with rt.read() as conn:
            return posting.prepare(conn, rt.guard, rt.history, p, world.conv_id, text, idempotency=keyed)

    async def write(drafts):
        conn = await async_connector(rt.engine)()
        try:
            return await posting.write_async(conn, drafts)
        finally:
            await conn.close()

    # no conflict: one optimistic try; a held message gets its case, the case's audit row its id
    first = [draft(f"{PLAIN} one", "k1"), draft(HELD, "k2"), draft(f"{PLAIN} one", "k1")]
    stored = asyncio.run(write(first))
    assert tries == [True]
    assert stored[0].response is not None and stored[1].response["status"] == "held"
    assert stored[2].replay is not None and stored[2].response is None  # the copy in the same batch
    with rt.sessions() as s:
        case = s.scalars(select(Case)).one()
        assert case.message_id == stored[1].response["id"] and case.subject_id == p.user_id
        opened = s.scalars(select(AuditEntry).where(AuditEntry.action == "case.opened")).one()
        assert opened.subject == f"case:{case.id}"
        assert s.scalar(select(func.count()).select_from(Message)) == 2

    # "k3" is stored meanwhile by someone else: the optimistic try fails, the careful one replays
    late = [draft(f"{PLAIN} two", "k4"), draft(f"{PLAIN} three", "k3"), draft(HELD, "k5")]
    with rt.sessions() as s, s.begin():
        s.add(IdempotencyRecord(principal=p.ref, key="k3", method="POST", path=path, request_hash="x",
                                status_code=201, response={"id": 0}))
    tries.clear()
    stored = asyncio.run(write(late))
    assert tries == [True, False]
    assert stored[1].replay is not None and stored[0].response is not None and stored[2].response is not None
    with rt.sessions() as s:
        texts = sorted(s.scalars(select(Message.original)).all())
        assert texts == sorted([f"{PLAIN} one", HELD, f"{PLAIN} two", HELD])  # not "three", once each
        assert s.scalar(select(func.count()).select_from(IdempotencyRecord)) == 5
        cases = s.scalars(select(Case).order_by(Case.id)).all()
        assert [c.message_id for c in cases] == [case.message_id, stored[2].response["id"]]
        subjects = s.scalars(select(AuditEntry.subject).where(AuditEntry.action == "case.opened")
                             .order_by(AuditEntry.id)).all()
        assert subjects == [f"case:{c.id}" for c in cases]
        assert s.scalar(select(func.count()).select_from(AuditEntry)
                        .where(AuditEntry.action == "message.decided")) == 4


@pytest.mark.parametrize("database_url", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True)
def test_async_write_of_drafts_read_on_the_event_loop_is_one_statement(world, monkeypatch):
    """Drafts read on the event loop (``prepare_async``) bring their message id and the webhook
    endpoints: ``write_async`` stores the batch in one statement, held messages' cases included,
    their audit rows naming the case the statement inserted, in order (no round trip to draw case
    ids); a copy of a key in the batch is a replay and inserts nothing."""
    import asyncio

    from offplatform.service.models import Case
    from offplatform.service.pgread import AsyncReader, async_connector

    rt = world.app.state.runtime
    p = rt.api_keys.get(world.frank.key) or _principal(rt, world.frank.key)
    path = f"/v1/conversations/{world.conv_id}/messages"
    sent: list[str] = []
    send = posting._AsyncOneStatement.send

    async def spy_send(self):
        sent.append("statement")
        return await send(self)

    async def no_next_ids(self, table, count):
        raise AssertionError("case ids drawn in a round trip of their own")

    monkeypatch.setattr(posting._AsyncOneStatement, "send", spy_send)
    monkeypatch.setattr(posting._AsyncOneStatement, "next_ids", no_next_ids)
    texts = [(f"{PLAIN} one", "k1"), (HELD, "k2"), (f"{PLAIN} two", "k3"), (f"{HELD}, please", "k4"),
             (f"{PLAIN} one", "k1")]

    async def scenario():
        reader = AsyncReader(rt.engine, 2)
        drafts = []
        for text, key in texts:
            keyed = keyed_request(p, key, "POST", path, MessageCreate(text=text).model_dump_json().encode())
            drafts.append(await posting.prepare_async(reader, rt.guard, rt.history, p, world.conv_id, text,
                                                      idempotency=keyed))
        conn = await async_connector(rt.engine)()
        try:
            return drafts, await posting.write_async(conn, drafts)
        finally:
            await conn.close()
            await reader.aclose()

    drafts, stored = asyncio.run(scenario())
    assert sent == ["statement"]
    assert all(d.id is not None and d.endpoints == () for d in drafts)
    ids = [st.response["id"] for st in stored[:4]]
    assert ids == [d.id for d in drafts[:4]] and stored[4].replay is not None and stored[4].response is None
    held = [ids[n] for n in range(4) if stored[n].response["status"] == "held"]
    assert held == [ids[1], ids[3]]
    with rt.sessions() as s:
        assert sorted(s.scalars(select(Message.id)).all()) == sorted(ids)
        assert s.scalar(select(func.count()).select_from(IdempotencyRecord)) == 4
        cases = s.scalars(select(Case).order_by(Case.id)).all()
        assert [c.message_id for c in cases] == held
        assert all(c.subject_id == p.user_id and c.status == "open" for c in cases)
        entries = s.execute(select(AuditEntry.action, AuditEntry.subject)
                            .where(AuditEntry.action.in_(["message.decided", "case.opened"]))
                            .order_by(AuditEntry.id)).all()
    assert [tuple(e) for e in entries] == [
        ("message.decided", f"message:{ids[0]}"), ("message.decided", f"message:{ids[1]}"),
        ("case.opened", f"case:{cases[0].id}"), ("message.decided", f"message:{ids[2]}"),
        ("message.decided", f"message:{ids[3]}"), ("case.opened", f"case:{cases[1].id}")]


def test_group_read_sends_what_came_meanwhile_together_and_hands_each_request_its_row():
    """``GroupRead``: a read leaves at once when fewer than ``concurrency`` are out; what comes
    meanwhile goes together in the next, each request gets the row of its position (None: no row),
    a failed read fails the requests it carried only, and a read submitted in the step in which the
    last one ended starts a read of its own."""
    import asyncio
    from types import SimpleNamespace

    from offplatform.service.pgread import GroupRead

    class Reader:
        def __init__(self) -> None:
            self.statements: list[list[int]] = []

        async def all(self, sql, params):
            import json

            reqs = json.loads(params["reqs"])
            self.statements.append([r["x"] for r in reqs])
            await asyncio.sleep(0.01)
            if any(r["x"] == 13 for r in reqs):
                raise RuntimeError("unlucky")
            return [SimpleNamespace(n=n, x=r["x"]) for n, r in enumerate(reqs, 1) if r["x"] % 2]

    async def scenario(concurrency: int):
        reader = Reader()
        group = GroupRead(reader, "SELECT", concurrency=concurrency)

        async def one(x):
            row = await group.read({"x": x})
            return None if row is None else row.x

        first = asyncio.ensure_future(one(1))
        await asyncio.sleep(0)  # its read is out
        second = asyncio.ensure_future(one(2))
        await asyncio.sleep(0)  # with concurrency 2 its read is out too; with 1 it waits
        others = [asyncio.ensure_future(one(x)) for x in (3, 5, 6)]
        results = [await f for f in (first, second, *others)]
        failed = await asyncio.gather(one(13), one(7), return_exceptions=True)
        again = [await one(x) for x in (9, 11)]  # each submitted as the previous read ended
        return reader.statements, results, failed, again

    statements, results, failed, again = asyncio.run(scenario(1))
    assert statements[:2] == [[1], [2, 3, 5, 6]]
    assert results == [1, None, 3, 5, None]
    assert isinstance(failed[0], RuntimeError) and isinstance(failed[1], RuntimeError)  # one read: both
    assert again == [9, 11]
    statements, results, _, _ = asyncio.run(scenario(2))
    assert statements[:3] == [[1], [2], [3, 5, 6]] and results == [1, None, 3, 5, None]


@pytest.mark.parametrize("database_url", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True)
def test_group_context_read_gives_each_request_what_its_own_read_gives(world):
    """The message POST's context read for several requests in one statement
    (``pg_group_context_sql``) gives each the row that its own statement (``pg_context_sql``) gives:
    with and without an Idempotency-Key, a used key, another's conversation (no row)."""
    import asyncio
    from datetime import timedelta

    from offplatform.service.models import utcnow
    from offplatform.service.pgread import AsyncReader, GroupRead

    rt = world.app.state.runtime
    path = f"/v1/conversations/{world.conv_id}/messages"
    r = world.frank.post(path, json={"text": PLAIN}, headers={"Idempotency-Key": "used"})
    assert r.status_code == 201
    world.frank.post(path, json={"text": "pay me via paypal outside the site to save fees"})
    window = rt.settings.conversation_window
    since = utcnow() - timedelta(days=30)
    with rt.sessions() as s:
        frank = s.scalar(select(IdempotencyRecord.principal).where(IdempotencyRecord.key == "used"))
    requests = [
        {"conv": world.conv_id, "uid": world.frank.id, "since": since, "principal": frank, "key": "used"},
        {"conv": world.conv_id, "uid": world.frank.id, "since": since, "principal": frank, "key": "new"},
        {"conv": world.conv_id, "uid": world.frank.id, "since": since, "principal": None, "key": None},
        {"conv": world.conv_id, "uid": world.frank.id + 10_000, "since": since, "principal": None, "key": None},
    ]
    skip = {"n", "next_id"}  # the position, and each statement draws its own message id

    async def scenario():
        reader = AsyncReader(rt.engine, 4)
        group = GroupRead(reader, posting.pg_group_context_sql(window))
        try:
            together = await asyncio.gather(*(group.read(q) for q in requests))
            alone = []
            for q in requests:
                keyed = q["key"] is not None
                params = q if keyed else {k: v for k, v in q.items() if k not in ("principal", "key")}
                alone.append(await reader.one(posting.pg_context_sql(window, keyed), params))
            return together, alone, group.reads
        finally:
            await reader.aclose()

    together, alone, reads = asyncio.run(scenario())
    assert reads <= 2  # the first alone, the rest together
    assert together[3] is None and alone[3] is None
    for a, b in zip(together[:3], alone[:3], strict=True):
        assert {k: v for k, v in a._asdict().items() if k not in skip} == \
               {k: v for k, v in b._asdict().items() if k not in skip}
        assert a.next_id is not None
    assert together[0].used is not None and together[1].used is None and together[2].used is None
    assert together[2].earlier and together[2].history is not None


def _principal(rt, key):
    from offplatform.service.accounts import authenticate_api_key

    return authenticate_api_key(rt.sessions, rt.api_keys, key)


def test_concurrent_posts_share_commits_and_each_is_stored_once(world):
    def go(n: int) -> None:
        r = world.frank.post(f"/v1/conversations/{world.conv_id}/messages", json={"text": f"{PLAIN} {n}"},
                             headers={"Idempotency-Key": f"k{n}"})
        assert r.status_code == 201, r.text

    threads = [threading.Thread(target=go, args=(n,)) for n in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with world.app.state.runtime.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Message)) == 12
        assert s.scalar(select(func.count()).select_from(IdempotencyRecord)) == 12
    assert world.app.state.runtime.messages.items == 12


def _redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


def test_rate_limits_are_shared_between_processes_through_redis(world, shared_scanner, settings_factory):
    if not _redis_reachable():
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail("CI=true requires Redis at 127.0.0.1:6379")
        pytest.skip("Redis at 127.0.0.1:6379 is unreachable")
    # a window of its own, so that no other run shares these counters
    limit = f"4 per {random.randrange(10_000, 10_000_000)} second"
    url = world.app.state.runtime.settings.database_url
    apps = [create_app(settings_factory(url, rate_limit=limit, rate_limit_storage="redis://127.0.0.1:6379"),
                       scanner=shared_scanner) for _ in range(2)]
    with TestClient(apps[0], base_url="https://testserver") as one, \
            TestClient(apps[1], base_url="https://testserver") as two:
        codes = [c.get("/v1/me", headers=world.frank.headers).status_code for c in (one, two, one, two, one, two)]
    assert codes == [200, 200, 200, 200, 429, 429]


def test_several_workers_share_one_secret_key(settings_factory):
    settings = settings_factory("sqlite:///x.db", secret_key="")
    env, warnings = worker_environment(settings, 3)
    assert len(env["OFFPLATFORM_SECRET_KEY"]) >= 32 and any("SECRET_KEY" in w for w in warnings)
    assert any("redis" in w for w in warnings)
    env, _ = worker_environment(settings_factory("sqlite:///x.db", secret_key="kept"), 2)
    assert env["OFFPLATFORM_SECRET_KEY"] == "kept"
    env, warnings = worker_environment(settings, 1)
    assert "OFFPLATFORM_SECRET_KEY" not in env and not warnings


class _FakeConnection:
    """What AsyncGroupCommit reads of a psycopg AsyncConnection."""

    def __init__(self) -> None:
        from psycopg import pq

        self.closed = False
        self.broken = False
        self.info = type("Info", (), {"transaction_status": pq.TransactionStatus.IDLE})()

    async def close(self) -> None:
        self.closed = True


def test_async_group_commit_batches_isolates_and_reconnects():
    """The event loop's group commit (PostgreSQL): writes waiting while a batch is in flight go
    together; a batch that fails is written again one item per transaction, so only the bad item
    fails; a connection that dies is replaced and the batch tried once more; nobody gets a result
    before write_batch returned (committed)."""
    import asyncio

    import psycopg

    from offplatform.service.groupcommit import AsyncGroupCommit

    async def scenario():
        connections: list[_FakeConnection] = []
        batches: list[list[str]] = []
        gate = asyncio.Event()
        committed: set[str] = set()

        async def connect():
            connections.append(_FakeConnection())
            return connections[-1]

        async def write_batch(conn, items):
            batches.append(list(items))
            if items == ["first"]:
                await gate.wait()  # the others queue up behind it
            if "die" in items and len(connections) == 1:
                conn.broken = True
                raise psycopg.OperationalError("server closed the connection unexpectedly")
            if "bad" in items:
                raise ValueError("bad item")
            committed.update(items)
            return [f"ok:{i}" for i in items]

        writer = AsyncGroupCommit(connect, write_batch)

        async def submit(item):
            try:
                result = await writer.submit_async(item)
            except ValueError as exc:
                return exc
            assert item in committed  # answered only after its batch was written
            return result

        first = asyncio.create_task(submit("first"))
        await asyncio.sleep(0)
        others = [asyncio.create_task(submit(i)) for i in ("a", "bad", "b", "die")]
        await asyncio.sleep(0.01)
        assert batches == [["first"]]  # nothing else started while "first" is in flight
        gate.set()
        results = await asyncio.gather(first, *others)
        await writer.aclose()
        return results, batches, connections, writer

    results, batches, connections, writer = asyncio.run(scenario())
    assert results[0] == "ok:first" and results[1] == "ok:a" and results[3] == "ok:b" and results[4] == "ok:die"
    assert isinstance(results[2], ValueError)
    assert batches[1] == ["a", "bad", "b", "die"]  # the four waiting writes went together
    assert ["die"] in batches and ["a"] in batches and ["bad"] in batches and ["b"] in batches
    assert len(connections) == 2 and connections[0].closed  # the dead one was replaced
    assert writer.items == 4  # first, a, b, die: each counted once, when committed
