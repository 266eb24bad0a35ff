"""The contract state machine: who may make each move, from which state, and what it opens."""

from __future__ import annotations

import pytest

# (moves made first, as (party, move); then the move under test; expected status; state after)
TABLE = [
    pytest.param([], ("frank", "accept"), 200, "accepted", id="freelancer-accepts-offer"),
    pytest.param([], ("frank", "decline"), 200, "declined", id="freelancer-declines-offer"),
    pytest.param([], ("alice", "withdraw"), 200, "withdrawn", id="client-withdraws-offer"),
    pytest.param([("frank", "accept")], ("alice", "fund"), 200, "funded", id="client-funds-accepted"),
    pytest.param([("frank", "accept"), ("alice", "fund")], ("alice", "close"), 200, "closed",
                 id="client-closes-funded"),
    # the wrong party: 403, state unchanged
    pytest.param([], ("alice", "accept"), 403, "offered", id="client-cannot-accept"),
    pytest.param([], ("frank", "withdraw"), 403, "offered", id="freelancer-cannot-withdraw"),
    pytest.param([("frank", "accept")], ("frank", "fund"), 403, "accepted", id="freelancer-cannot-fund"),
    # illegal from this state: 409, state unchanged
    pytest.param([], ("alice", "fund"), 409, "offered", id="cannot-fund-an-offer"),
    pytest.param([], ("alice", "close"), 409, "offered", id="cannot-close-an-offer"),
    pytest.param([("frank", "accept")], ("frank", "accept"), 409, "accepted", id="cannot-accept-twice"),
    pytest.param([("frank", "accept")], ("alice", "withdraw"), 409, "accepted", id="cannot-withdraw-accepted"),
    pytest.param([("frank", "decline")], ("frank", "accept"), 409, "declined", id="cannot-accept-declined"),
    pytest.param([("frank", "accept"), ("alice", "fund"), ("alice", "close")], ("alice", "fund"), 409,
                 "closed", id="closed-is-final"),
]


@pytest.mark.parametrize(("before", "move", "status", "state"), TABLE)
def test_contract_moves(world, before, move, status, state):
    contract = world.offer()
    who = {"alice": world.alice, "frank": world.frank}
    for name, m in before:
        assert who[name].post(f"/v1/contracts/{contract}/{m}").status_code == 200
    name, m = move
    r = who[name].post(f"/v1/contracts/{contract}/{m}")
    assert r.status_code == status, r.text
    if status != 200:
        assert r.headers["content-type"].startswith("application/problem+json")
        assert m in r.json()["detail"]
    assert world.alice.get(f"/v1/contracts/{contract}").json()["state"] == state


@pytest.mark.parametrize(
    ("moves", "stage"),
    [
        pytest.param([], "offer", id="offered"),
        pytest.param(["accept"], "contract", id="accepted"),
        pytest.param(["accept", "fund"], "funded", id="funded"),
        pytest.param(["accept", "fund", "close"], "closed", id="closed"),
        pytest.param(["decline"], "interview", id="declined-back-to-interview"),
        pytest.param(["withdraw"], "interview", id="withdrawn-back-to-interview"),
    ],
)
def test_each_move_sets_the_stage_the_policy_reads(world, moves, stage):
    contract = world.offer()
    party = {"accept": world.frank, "decline": world.frank}
    for m in moves:
        assert party.get(m, world.alice).post(f"/v1/contracts/{contract}/{m}").status_code == 200
    assert world.alice.get(f"/v1/conversations/{world.conv_id}").json()["stage"] == stage
    msg = world.send(world.frank, "call me at +44 20 7946 0958").json()
    assert msg["stage"] == stage
    opened = stage in ("contract", "funded", "closed")
    assert msg["action"] == ("allow" if opened else "mask")


def test_one_live_contract_at_a_time(world):
    contract = world.offer()
    r = world.alice.post(f"/v1/conversations/{world.conv_id}/contracts", json={"amount_cents": 100})
    assert r.status_code == 409 and r.json()["contract_id"] == contract
    assert world.alice.post(f"/v1/contracts/{contract}/withdraw").status_code == 200
    assert world.offer() != contract


def test_only_the_client_offers(world):
    r = world.frank.post(f"/v1/conversations/{world.conv_id}/contracts", json={"amount_cents": 100})
    assert r.status_code == 403


def test_contract_post_is_idempotent(world):
    h = {"Idempotency-Key": "offer-1"}
    url = f"/v1/conversations/{world.conv_id}/contracts"
    a = world.alice.post(url, json={"amount_cents": 100}, headers=h)
    b = world.alice.post(url, json={"amount_cents": 100}, headers=h)
    assert (a.status_code, b.status_code) == (201, 201) and a.json()["id"] == b.json()["id"]
    h2 = {"Idempotency-Key": "accept-1"}
    first = world.frank.post(f"/v1/contracts/{a.json()['id']}/accept", headers=h2)
    retry = world.frank.post(f"/v1/contracts/{a.json()['id']}/accept", headers=h2)
    assert (first.status_code, retry.status_code) == (200, 200)  # a replay, not a 409 "already accepted"
    assert retry.headers.get("idempotent-replayed") == "true"


def test_contract_moves_are_audited(world):
    contract = world.offer()
    world.frank.post(f"/v1/contracts/{contract}/accept")
    rt = world.app.state.runtime
    from sqlalchemy import select

    from offplatform.service.models import AuditEntry

    with rt.sessions() as s:
        actions = s.scalars(select(AuditEntry.action).where(AuditEntry.subject == f"contract:{contract}")
                            .order_by(AuditEntry.id)).all()
    assert actions == ["contract.offered", "contract.accepted"]
