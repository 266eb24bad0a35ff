"""Messages through the guard: what each party sees, at each stage, and idempotent retries."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from offplatform.service.models import Message, Role

PHONE = "call me at +44 20 7946 0958"
EMAIL = "my email is frank.dev@gmail.com"
CHAT = "let's talk on whatsapp instead"
PAYPAL = "pay me via paypal outside the site to save fees"
CODE = "send me the verification code you just got"
PLAIN = "Thanks, I can start Monday"
PORTFOLIO = "The budget is $1,500 for 3 logo concepts by 12/05/2026"

# (text, action, status, what the recipient sees: None = nothing)
INTERVIEW_TABLE = [
    pytest.param(PLAIN, "allow", "delivered", PLAIN, id="plain-allowed"),
    pytest.param(PORTFOLIO, "allow", "delivered", PORTFOLIO, id="price-and-date-hard-negative"),
    pytest.param(PHONE, "mask", "delivered", "call me at [phone hidden]", id="phone-masked"),
    pytest.param(EMAIL, "mask", "delivered", "my email is [email hidden]", id="email-masked"),
    pytest.param(CHAT, "warn", "delivered", CHAT, id="chat-app-warned"),
    pytest.param(PAYPAL, "hold", "held", None, id="payment-outside-escrow-held"),
    pytest.param(CODE, "block", "blocked", None, id="credentials-blocked"),
]


@pytest.mark.parametrize(("text", "action", "status", "seen"), INTERVIEW_TABLE)
def test_interview_stage_decisions_and_what_each_party_sees(world, text, action, status, seen):
    r = world.send(world.frank, text)
    assert r.status_code == 201, r.text
    body = r.json()
    assert (body["action"], body["status"]) == (action, status)
    assert body["text"] == text and body["original"] == text  # the sender sees what they typed
    assert body["stage"] == "interview"

    items = world.alice.get(f"/v1/conversations/{world.conv_id}/messages").json()["items"]
    if seen is None:
        assert items == []
        assert world.alice.get(f"/v1/messages/{body['id']}").status_code == 404
    else:
        assert [m["text"] for m in items] == [seen]
        assert items[0]["original"] is None and items[0]["findings"] == [] and items[0]["action"] is None
        assert world.alice.get(f"/v1/messages/{body['id']}").json()["text"] == seen
    # the sender always sees their own message, original included
    mine = world.frank.get(f"/v1/conversations/{world.conv_id}/messages").json()["items"]
    assert [m["original"] for m in mine] == [text]


def test_accepted_contract_opens_channels_but_never_credentials(world):
    contract = world.offer()
    assert world.frank.post(f"/v1/contracts/{contract}/accept").status_code == 200
    assert world.send(world.frank, PHONE).json()["action"] == "allow"
    assert world.send(world.frank, CODE).json()["action"] == "block"


def test_held_message_is_invisible_until_a_moderator_releases_it(world):
    msg = world.send(world.frank, PAYPAL).json()
    assert world.alice.get(f"/v1/messages/{msg['id']}").status_code == 404
    cases = world.mod.get("/v1/cases").json()["items"]
    assert [(c["kind"], c["message_id"]) for c in cases] == [("held", msg["id"])]
    assert cases[0]["message"]["original"] == PAYPAL  # the moderator sees the original
    r = world.mod.post(f"/v1/cases/{cases[0]['id']}/decisions", json={"action": "release"})
    assert r.status_code == 200, r.text
    seen = world.alice.get(f"/v1/messages/{msg['id']}").json()
    assert (seen["status"], seen["text"]) == ("delivered", PAYPAL)


def test_masked_original_is_for_the_sender_and_moderators_only(world):
    msg = world.send(world.frank, PHONE).json()
    assert world.alice.get(f"/v1/messages/{msg['id']}").json()["original"] is None
    export = world.alice.get(f"/v1/conversations/{world.conv_id}/export").json()
    assert "+44 20 7946 0958" not in str(export)
    html = world.alice.get(f"/v1/conversations/{world.conv_id}/export?format=html").text
    assert "+44 20 7946 0958" not in html and "[phone hidden]" in html


@pytest.mark.parametrize(
    ("consent", "keep", "revealed"),
    [
        pytest.param(True, False, True, id="consented-revealed-at-contract"),
        pytest.param(False, False, False, id="no-consent-stays-masked"),
        pytest.param(True, True, False, id="keep-on-platform-stays-masked"),
    ],
)
def test_reveal_at_contract_start(world, consent, keep, revealed):
    if keep:
        assert world.alice.put(f"/v1/conversations/{world.conv_id}/preferences",
                               json={"keep_on_platform": True}).status_code == 200
    msg = world.send(world.frank, EMAIL, consent_to_reveal=consent).json()
    assert msg["action"] == "mask"
    contract = world.offer()
    assert world.alice.get(f"/v1/messages/{msg['id']}").json()["text"] == "my email is [email hidden]"
    assert world.frank.post(f"/v1/contracts/{contract}/accept").status_code == 200
    seen = world.alice.get(f"/v1/messages/{msg['id']}").json()
    assert seen["revealed"] is revealed
    assert seen["text"] == (EMAIL if revealed else "my email is [email hidden]")


def test_new_account_asking_for_a_chat_app_is_held(make_actor):
    alice = make_actor("alice", Role.CLIENT)
    newbie = make_actor("newbie", Role.FREELANCER, member_days=1)
    job = alice.post("/v1/jobs", json={"title": "x"}).json()["id"]
    conv = newbie.post("/v1/conversations", json={"job_id": job}).json()["id"]
    r = newbie.post(f"/v1/conversations/{conv}/messages", json={"text": CHAT}).json()
    assert r["action"] == "hold" and "new-account" in r["rules"]


def test_repeat_violations_climb_the_ladder(world):
    actions = [world.send(world.frank, PAYPAL).json()["action"] for _ in range(5)]
    assert actions[0] == "hold"
    assert actions[-1] == "block"  # restricted after repeated violations


def test_message_limits(world):
    limit = world.app.state.runtime.settings.max_message_chars
    r = world.send(world.frank, "a" * (limit + 1))
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("application/problem+json")
    assert f"{limit:,}" in r.json()["detail"]
    assert world.send(world.frank, "a" * limit).status_code == 201
    r = world.frank.post(f"/v1/conversations/{world.conv_id}/messages",
                         content=b'{"text": "' + b"a" * 70_000 + b'"}', headers={"content-type": "application/json"})
    assert r.status_code == 413
    assert world.send(world.frank, "").status_code == 422


def _count(app) -> int:
    with app.state.runtime.sessions() as s:
        return s.scalar(select(func.count()).select_from(Message))


def test_idempotency_key_replays_and_never_duplicates(world):
    h = {"Idempotency-Key": "msg-1"}
    first = world.frank.post(f"/v1/conversations/{world.conv_id}/messages", json={"text": PHONE}, headers=h)
    again = world.frank.post(f"/v1/conversations/{world.conv_id}/messages", json={"text": PHONE}, headers=h)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert again.headers.get("idempotent-replayed") == "true"
    assert _count(world.app) == 1
    other = world.frank.post(f"/v1/conversations/{world.conv_id}/messages", json={"text": PLAIN}, headers=h)
    assert other.status_code == 409 and "Idempotency-Key" in other.json()["detail"]
    # keys belong to the caller: the same key from someone else is a new request
    r = world.alice.post(f"/v1/conversations/{world.conv_id}/messages", json={"text": PLAIN}, headers=h)
    assert r.status_code == 201 and _count(world.app) == 2


def test_concurrent_retries_create_one_message(world):
    h = {"Idempotency-Key": "race"}
    results: list[int] = []

    def go():
        r = world.frank.post(f"/v1/conversations/{world.conv_id}/messages", json={"text": PLAIN}, headers=h)
        results.append(r.status_code)

    threads = [threading.Thread(target=go) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [201] * 6
    assert _count(world.app) == 1


def test_message_pagination(world):
    for i in range(5):
        world.send(world.frank, f"update {i}")
    seen, cursor = [], None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = world.alice.get(f"/v1/conversations/{world.conv_id}/messages", params=params).json()
        seen += [m["text"] for m in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [f"update {i}" for i in range(5)]
    r = world.alice.get(f"/v1/conversations/{world.conv_id}/messages", params={"cursor": "!!bad"})
    assert r.status_code == 422
