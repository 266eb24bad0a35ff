"""End to end: Guard with the real scanner, on plain details that surely detect."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest

from offplatform.policy import (
    Action,
    Context,
    Guard,
    HistoryStore,
    InMemoryStore,
    Stage,
    decide_text,
    default_policy_text,
    load_policy,
    reveal_at_contract,
)

PHONE = "+44 20 7946 0958"
T0 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


class Clock:
    def __init__(self, start: datetime = T0) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kw: float) -> None:
        self.now += timedelta(**kw)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store() -> InMemoryStore:
    return InMemoryStore()


@pytest.fixture
def guard(store: InMemoryStore, clock: Clock) -> Guard:
    return Guard(load_policy(), store=store, clock=clock)


def ctx(stage: str = "interview", **kw: object) -> Context:
    base: dict[str, object] = {"conversation_id": "c1", "sender": "ana", "recipient": "ben", "stage": stage}
    base.update(kw)
    return Context(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("stage", "action", "shown"),
    [
        pytest.param("inquiry", Action.MASK, "call me on [phone hidden] tomorrow", id="inquiry"),
        pytest.param("interview", Action.MASK, "call me on [phone hidden] tomorrow", id="interview"),
        pytest.param("offer", Action.MASK, "call me on [phone hidden] tomorrow", id="offer"),
        pytest.param("contract", Action.ALLOW, f"call me on {PHONE} tomorrow", id="contract"),
        pytest.param("funded", Action.ALLOW, f"call me on {PHONE} tomorrow", id="funded"),
    ],
)
def test_review_phone_by_stage(guard: Guard, stage: str, action: Action, shown: str) -> None:
    d = guard.review(f"call me on {PHONE} tomorrow", ctx(stage))
    assert d.action is action
    assert d.text == shown
    assert d.policy_version == "sha256:" + hashlib.sha256(default_policy_text().encode()).hexdigest()[:16]


def test_sender_notice_matches_the_product_copy(guard: Guard) -> None:
    d = guard.review(f"my number is {PHONE}", ctx())
    assert d.sender_notices[0].text == (
        "Contact details can be shared once a contract is accepted. "
        "Your message was delivered with the phone number hidden."
    )
    assert d.findings[0].text == PHONE


def test_ladder_through_the_store(guard: Guard, store: InMemoryStore, clock: Clock) -> None:
    assert isinstance(store, HistoryStore)
    actions = []
    for _ in range(6):
        actions.append(guard.review(f"text me {PHONE}", ctx()).action)
        clock.advance(minutes=5)
    # mask, mask (+ warning), hold, hold, then restricted (4 earlier violations)
    assert actions == [Action.MASK, Action.MASK, Action.HOLD, Action.HOLD, Action.BLOCK, Action.BLOCK]
    assert len(store.violations("ana", T0 - timedelta(days=1))) == 4, "blocked messages are not counted"
    assert guard.review("when do we start?", ctx()).action is Action.BLOCK
    other = guard.review(f"text me {PHONE}", ctx(sender="ben", recipient="ana"))
    assert other.action is Action.MASK and other.ladder_step == "none", "the ladder is per user"
    clock.advance(hours=25)
    assert guard.review("when do we start?", ctx()).action is Action.ALLOW
    assert guard.review(f"text me {PHONE}", ctx()).action is Action.HOLD
    clock.advance(days=31)
    assert guard.review(f"text me {PHONE}", ctx()).action is Action.MASK


def test_allowed_details_after_contract_do_not_count(guard: Guard, store: InMemoryStore) -> None:
    for _ in range(5):
        assert guard.review(f"text me {PHONE}", ctx("contract")).action is Action.ALLOW
    assert store.violations("ana", T0 - timedelta(days=1)) == ()


def test_override_is_recorded_and_held(guard: Guard, store: InMemoryStore) -> None:
    d = guard.review(f"that was {PHONE}, not a contact", ctx(override=True))
    assert d.action is Action.HOLD and d.text is None and d.override
    assert len(store.overrides) == 1
    rec = store.overrides[0]
    assert (rec.user, rec.conversation_id, rec.masked) == ("ana", "c1", (PHONE,))
    assert rec.policy_version == d.policy_version


def test_keep_on_platform_after_contract(guard: Guard) -> None:
    d = guard.review(f"here's my number {PHONE}", ctx("funded", keep_on_platform={"ben"}))
    assert d.action is Action.MASK and PHONE not in (d.text or "")
    assert "prefers to keep this conversation on the platform" in d.sender_notices[0].text
    assert guard.keep_on_platform_notice().text == (
        "The other person prefers to keep this conversation on the platform."
    )


def test_deferred_reveal_end_to_end(guard: Guard) -> None:
    d = guard.review(f"share when we start: {PHONE}", ctx(consent_to_reveal=True))
    assert d.reveal_on_contract and d.text == "share when we start: [phone hidden]"
    reveals = reveal_at_contract([d], guard.policy, Stage.CONTRACT)
    assert [(r.recipient, [m.value for m in r.details]) for r in reveals] == [("ben", ["+442079460958"])]


def test_new_account_sharing_a_phone_is_masked_not_held(guard: Guard) -> None:
    # A phone number is not a chat app: the new-account signal does not fire on it.
    d = guard.review(f"call {PHONE}", ctx(account_age_days=1))
    assert d.action is Action.MASK and "new-account" not in d.rules


def test_review_in_conversation_reports_the_current_message_only(guard: Guard) -> None:
    history = [f"my old number was {PHONE}", "ok"]
    d = guard.review_in_conversation(history, "and the new one is +1 415 555 2671", ctx())
    assert d.action is Action.MASK
    assert d.text == "and the new one is [phone hidden]"
    assert [f.text for f in d.findings] == ["+1 415 555 2671"]
    assert all(f.message is None for f in d.findings)
    clean = guard.review_in_conversation(history, "sounds good", ctx())
    assert clean.action is Action.ALLOW and clean.findings == ()


def test_time_in_context_wins_over_the_clock(guard: Guard, store: InMemoryStore) -> None:
    at = datetime(2025, 1, 1, tzinfo=UTC)
    guard.review(f"text me {PHONE}", ctx(now=at))
    assert store.violations("ana", at)[0].at == at


@pytest.mark.parametrize(
    ("text", "stage", "action"),
    [
        pytest.param(f"call {PHONE}", "interview", Action.MASK, id="mask"),
        pytest.param(f"call {PHONE}", "contract", Action.ALLOW, id="allow"),
        pytest.param("thanks, see you monday", "interview", Action.ALLOW, id="clean"),
    ],
)
def test_decide_text(text: str, stage: str, action: Action) -> None:
    assert decide_text(text, stage).action is action


def test_decide_text_with_policy_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "funded.toml"
    path.write_text(
        default_policy_text().replace('channels_open_at = "contract"', 'channels_open_at = "funded"'),
        encoding="utf-8",
    )
    assert decide_text(f"call {PHONE}", "contract", path).action is Action.MASK
    assert decide_text(f"call {PHONE}", "funded", path).action is Action.ALLOW


def test_decide_text_rereads_an_edited_policy_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import os

    path = tmp_path / "p.toml"
    path.write_text(default_policy_text(), encoding="utf-8")
    assert decide_text(f"call {PHONE}", "contract", path).action is Action.ALLOW
    path.write_text(
        default_policy_text().replace('channels_open_at = "contract"', 'channels_open_at = "funded"'),
        encoding="utf-8",
    )
    os.utime(path, ns=(1, 1))
    assert decide_text(f"call {PHONE}", "contract", path).action is Action.MASK


def test_context_time_must_be_timezone_aware() -> None:
    from offplatform.errors import InputError

    with pytest.raises(InputError, match="timezone-aware"):
        Context(now=datetime(2026, 1, 1))


def test_guard_takes_a_policy_path(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "p.toml"
    path.write_text(default_policy_text(), encoding="utf-8")
    assert Guard(str(path)).policy.version == Guard().policy.version == load_policy().version
