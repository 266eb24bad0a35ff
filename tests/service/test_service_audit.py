"""The audit log is hash-chained; verify finds the first row that was changed, removed or forged."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text, update
from typer.testing import CliRunner

from offplatform.service import audit
from offplatform.service.cli import app as service_cli
from offplatform.service.models import AuditEntry


@pytest.fixture(params=["background", "commit"])
def settings_overrides(request):
    """Both ways of chaining: by the background loop, and in each writing transaction."""
    return {"audit_chain": request.param}


def _activity(world):
    world.send(world.frank, "call me at +44 20 7946 0958")
    world.send(world.frank, "pay me via paypal outside the site to save fees")
    contract = world.offer()
    world.frank.post(f"/v1/contracts/{contract}/accept")
    case = world.mod.get("/v1/cases").json()["items"][0]["id"]
    world.mod.post(f"/v1/cases/{case}/decisions", json={"action": "keep_blocked"})
    world.app.state.runtime.seal_audit()  # background mode: what the loop does within 0.2 s


def _verify(world):
    with world.app.state.runtime.sessions() as s:
        return audit.verify(s)


def test_every_decision_move_and_moderator_action_is_chained(world):
    _activity(world)
    with world.app.state.runtime.sessions() as s:
        rows = s.scalars(select(AuditEntry).order_by(AuditEntry.seq)).all()
    actions = [r.action for r in rows]
    for expected in ("message.decided", "case.opened", "contract.offered", "contract.accepted",
                     "moderation.keep_blocked"):
        assert expected in actions
    assert rows[0].prev_hash == audit.GENESIS
    assert all(b.prev_hash == a.hash for a, b in zip(rows, rows[1:]))
    report = _verify(world)
    assert report.ok and report.rows == len(rows)
    assert world.admin.get("/v1/audit/verify").json() == {"ok": True, "rows": len(rows), "first_broken": None,
                                                          "reason": "", "pending": 0}


@pytest.mark.parametrize(
    ("tamper", "reason"),
    [
        pytest.param(lambda s, n: s.execute(update(AuditEntry).where(AuditEntry.seq == n)
                                            .values(data='{"action":"allow"}')), "content", id="edited-data"),
        pytest.param(lambda s, n: s.execute(update(AuditEntry).where(AuditEntry.seq == n)
                                            .values(actor="user:999")), "content", id="edited-actor"),
        pytest.param(lambda s, n: s.execute(text("DELETE FROM audit_log WHERE seq = :n"), {"n": n}), "missing",
                     id="deleted-row"),
    ],
)
def test_tampering_is_found_at_the_first_broken_row(world, tamper, reason):
    _activity(world)
    target = 5
    with world.app.state.runtime.sessions() as s, s.begin():
        tamper(s, target)
    report = _verify(world)
    # a deleted row is noticed at the row that follows it
    assert not report.ok and report.first_broken == (target + 1 if reason == "missing" else target)
    assert reason in report.reason


def test_rehashed_edit_breaks_the_next_link(world):
    """An attacker who edits a row and recomputes its hash still breaks the following row."""
    _activity(world)
    with world.app.state.runtime.sessions() as s, s.begin():
        row = s.scalar(select(AuditEntry).where(AuditEntry.seq == 3))
        row.data = '{"forged":true}'
        row.hash = audit.row_hash(row.seq, row.at, row.actor, row.action, row.subject, row.data, row.prev_hash)
    report = _verify(world)
    assert (report.ok, report.first_broken) == (False, 4)
    assert "prev_hash" in report.reason


def test_cli_audit_verify_exit_codes(world):
    _activity(world)
    url = world.app.state.runtime.settings.database_url
    runner = CliRunner()
    ok = runner.invoke(service_cli, ["audit", "verify", "--database-url", url])
    assert ok.exit_code == 0 and '"ok": true' in ok.output
    with world.app.state.runtime.sessions() as s, s.begin():
        s.execute(update(AuditEntry).where(AuditEntry.seq == 2).values(action="forged"))
    bad = runner.invoke(service_cli, ["audit", "verify", "--database-url", url])
    assert bad.exit_code == 1 and '"first_broken": 2' in bad.output


@pytest.mark.parametrize("settings_overrides", [{"audit_chain": "commit"}])
def test_commit_mode_chains_in_the_writing_transaction(world, settings_overrides):
    world.send(world.frank, "hello")
    report = _verify(world)
    assert report.ok and report.pending == 0 and report.rows > 0


@pytest.mark.parametrize("settings_overrides", [{"audit_chain": "background", "audit_seal_seconds": 3600}])
def test_background_mode_reports_unchained_rows_as_pending(world, settings_overrides):
    """With the loop effectively paused, committed rows wait unchained and are counted."""
    world.send(world.frank, "hello")
    before = _verify(world)
    assert before.ok and before.pending > 0
    sealed = world.app.state.runtime.seal_audit()
    after = _verify(world)
    assert sealed == before.pending
    assert after.ok and after.pending == 0 and after.rows == before.rows + before.pending


@pytest.mark.parametrize("settings_overrides", [{"audit_chain": "background", "audit_seal_seconds": 0.05}])
def test_background_loop_seals_without_help(world, settings_overrides):
    import time

    world.send(world.frank, "hello")
    deadline = time.monotonic() + 5
    while _verify(world).pending and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _verify(world).pending == 0
