"""Cases for held messages, reports and appeals; moderator decisions; strikes feed the ladder."""

from __future__ import annotations

import pytest

PAYPAL_PHONE = "pay me via paypal outside the site, call +44 20 7946 0958"
PAYPAL = "pay me via paypal outside the site to save fees"


def _held_case(world, text=PAYPAL):
    msg = world.send(world.frank, text).json()
    assert msg["status"] == "held", msg
    case = world.mod.get("/v1/cases").json()["items"][-1]
    assert case["message_id"] == msg["id"]
    return msg, case


@pytest.mark.parametrize(
    ("action", "status", "recipient_sees"),
    [
        pytest.param("release", "delivered", PAYPAL_PHONE, id="release-as-typed"),
        pytest.param("release_masked", "delivered", "pay me via paypal outside the site, call [phone hidden]",
                     id="release-masked"),
        pytest.param("keep_blocked", "blocked", None, id="keep-blocked"),
        pytest.param("strike", "blocked", None, id="strike"),
    ],
)
def test_decisions_on_a_held_message(world, action, status, recipient_sees):
    msg, case = _held_case(world, PAYPAL_PHONE)
    r = world.mod.post(f"/v1/cases/{case['id']}/decisions", json={"action": action, "note": "checked"})
    assert r.status_code == 200, r.text
    assert (r.json()["status"], r.json()["resolution"]) == ("closed", action)
    assert world.frank.get(f"/v1/messages/{msg['id']}").json()["status"] == status
    seen = world.alice.get(f"/v1/messages/{msg['id']}")
    if recipient_sees is None:
        assert seen.status_code == 404
    else:
        assert seen.json()["text"] == recipient_sees
    again = world.mod.post(f"/v1/cases/{case['id']}/decisions", json={"action": "release"})
    assert again.status_code == 409


@pytest.mark.parametrize(
    ("decision", "expected"),
    [
        pytest.param("strike", "hold", id="two-strikes-then-held"),
        pytest.param("warn", "warn", id="two-warnings-no-strike-still-warned"),
    ],
)
def test_strikes_feed_the_ladder(world, decision, expected):
    """Reports on harmless-looking messages: only strikes count toward the sender's ladder."""
    for i in range(2):
        msg = world.send(world.frank, f"you are slow, answer me ({i})").json()
        assert msg["action"] == "allow"
        case = world.alice.post(f"/v1/messages/{msg['id']}/report", json={"reason": "rude"}).json()
        assert world.mod.post(f"/v1/cases/{case['id']}/decisions", json={"action": decision}).status_code == 200
    after = world.send(world.frank, "let's talk on whatsapp instead").json()
    assert after["action"] == expected
    assert any(r.startswith("ladder-") for r in after["rules"]) is (decision == "strike")


def test_report_and_withdraw(world):
    msg = world.send(world.frank, "you are useless, pay up").json()
    r = world.alice.post(f"/v1/messages/{msg['id']}/report", json={"reason": "abusive"})
    assert r.status_code == 201 and r.json()["kind"] == "report"
    assert world.alice.post(f"/v1/messages/{msg['id']}/report", json={}).status_code == 409
    assert world.frank.post(f"/v1/messages/{msg['id']}/report", json={}).status_code == 403  # own message
    world.mod.post(f"/v1/cases/{r.json()['id']}/decisions", json={"action": "keep_blocked"})
    assert world.alice.get(f"/v1/messages/{msg['id']}").status_code == 404


def test_appeal_of_a_blocked_message(world):
    msg = world.send(world.frank, "send me the verification code you just got").json()
    assert msg["status"] == "blocked"
    assert world.alice.post(f"/v1/messages/{msg['id']}/appeal", json={}).status_code == 404  # not visible to her
    r = world.frank.post(f"/v1/messages/{msg['id']}/appeal", json={"reason": "it was about my own 2FA"})
    assert r.status_code == 201 and r.json()["kind"] == "appeal"
    case = world.mod.get(f"/v1/cases/{r.json()['id']}").json()
    assert case["message"]["original"] == msg["original"]
    assert world.mod.post(f"/v1/cases/{case['id']}/decisions", json={"action": "release"}).status_code == 200
    assert world.alice.get(f"/v1/messages/{msg['id']}").json()["text"] == msg["original"]


def test_allowed_message_cannot_be_appealed(world):
    msg = world.send(world.frank, "Thanks, I can start Monday").json()
    assert world.frank.post(f"/v1/messages/{msg['id']}/appeal", json={}).status_code == 409


def test_moderator_export_shows_everything(world):
    msg, case = _held_case(world)
    data = world.mod.get(f"/v1/cases/{case['id']}/export").json()
    assert data["view"] == "moderator"
    assert [m["original"] for m in data["messages"]] == [PAYPAL]
    assert data["audit_chain"]["ok"] is True and data["audit"]
    html = world.mod.get(f"/v1/cases/{case['id']}/export?format=html")
    assert html.headers["content-type"].startswith("text/html") and "paypal" in html.text


def test_export_escapes_html(world):
    world.send(world.frank, "<script>alert(1)</script> hello")
    html = world.alice.get(f"/v1/conversations/{world.conv_id}/export?format=html").text
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


def test_warn_is_not_a_verdict_on_a_held_message(world):
    _msg, case = _held_case(world)
    r = world.mod.post(f"/v1/cases/{case['id']}/decisions", json={"action": "warn"})
    assert r.status_code == 422
    assert world.mod.get(f"/v1/cases/{case['id']}").json()["status"] == "open"
