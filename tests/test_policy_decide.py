"""The rule table, stage by stage and kind by kind, on hand-made findings (no detector involved)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from offplatform.finding import Finding, Kind, ScamCategory
from offplatform.policy import (
    Action,
    Context,
    Stage,
    Violation,
    decide,
    load_policy,
    reveal_at_contract,
)

POLICY = load_policy()
FUNDED = replace(POLICY, channels_open_at=Stage.FUNDED, version="test-funded")
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
CONTACT_KINDS = ("email", "phone", "url", "messaging", "social", "meeting")
BEFORE = (Stage.INQUIRY, Stage.INTERVIEW, Stage.OFFER)
AFTER = (Stage.CONTRACT, Stage.FUNDED, Stage.CLOSED)

#: One plain detail per kind, inside a sentence (the span is what a detector would report).
DETAIL_TEXT = {
    "email": "ana.k@mailbox.test",
    "phone": "+44 20 7946 0958",
    "url": "https://ana-portfolio.test/contact",
    "messaging": "t.me/ana_k",
    "social": "instagram.com/ana.k",
    "meeting": "https://zoom.us/j/5550123456",
    "payment": "paypal.me/anak",
}


def finding(kind: str, span: str, message: str, category: str | None = None) -> Finding:
    start = message.index(span)
    return Finding(
        kind=Kind(kind),
        start=start,
        end=start + len(span),
        text=span,
        value=span.lower(),
        rule=f"test.{kind}",
        score=0.9,
        category=category,
    )


def detail_message(kind: str) -> tuple[str, list[Finding]]:
    text = f"sure, here it is: {DETAIL_TEXT[kind]} - talk soon"
    return text, [finding(kind, DETAIL_TEXT[kind], text)]


def ctx(stage: Stage | str = Stage.INTERVIEW, **kw: object) -> Context:
    base: dict[str, object] = {
        "conversation_id": "c1",
        "sender": "ana",
        "recipient": "ben",
        "stage": stage,
        "now": NOW,
    }
    base.update(kw)
    return Context(**base)  # type: ignore[arg-type]


def history(n: int, last_hours_ago: float = 48.0, user: str = "ana") -> list[Violation]:
    return [
        Violation(user, NOW - timedelta(hours=last_hours_ago + 24 * i), "c0", ("contact-before-contract",))
        for i in range(n)
    ]


# --- the table: stage x kind ---------------------------------------------------------------

STAGE_KIND_CASES = [
    pytest.param(stage, kind, Action.MASK if stage in BEFORE else Action.ALLOW, id=f"{stage}-{kind}")
    for stage in Stage
    for kind in CONTACT_KINDS
] + [pytest.param(stage, "payment", Action.HOLD, id=f"{stage}-payment") for stage in Stage]


@pytest.mark.parametrize(("stage", "kind", "expected"), STAGE_KIND_CASES)
def test_contact_and_payment_details_by_stage(stage: Stage, kind: str, expected: Action) -> None:
    text, fs = detail_message(kind)
    d = decide(text, fs, ctx(stage), POLICY)
    assert d.action is expected
    if expected is Action.MASK:
        assert d.text == f"sure, here it is: [{kind} hidden] - talk soon"
        assert d.rules == ("contact-before-contract",)
        assert d.violation
        assert DETAIL_TEXT[kind] not in d.text
    elif expected is Action.ALLOW:
        assert d.text == text
        assert d.rules == ()
        assert not d.violation and not d.sender_notices and not d.recipient_notices
    else:
        assert d.text is None and not d.delivered
        assert d.rules == ("payment-detail",)
        assert d.violation
        assert d.recipient_notices, "the recipient of a held message gets a safety notice"


@pytest.mark.parametrize(
    ("stage", "expected"),
    [pytest.param(s, Action.WARN if s in BEFORE else Action.ALLOW, id=str(s)) for s in Stage],
)
def test_offplatform_request_without_detail(stage: Stage, expected: Action) -> None:
    text = "what's your WhatsApp? easier to talk there"
    d = decide(text, [finding("intent", "what's your WhatsApp?", text)], ctx(stage), POLICY)
    assert d.action is expected
    assert d.text == text, "a request with no concrete detail is always delivered as typed"
    if expected is Action.WARN:
        assert d.rules == ("offplatform-request-before-contract",)
        assert d.violation, "an off-platform request counts toward the ladder"
        assert [n.code for n in d.sender_notices] == ["offplatform-request-before-contract"]
        assert [n.code for n in d.recipient_notices] == ["offplatform-request-before-contract"]
    else:
        assert not d.violation and not d.sender_notices


SCAM_CASES = [
    pytest.param(
        stage, cat, Action.BLOCK if cat is ScamCategory.CREDENTIALS else Action.HOLD, id=f"{stage}-{cat}"
    )
    for stage in (Stage.INQUIRY, Stage.OFFER, Stage.FUNDED, Stage.CLOSED)
    for cat in ScamCategory
]


@pytest.mark.parametrize(("stage", "category", "expected"), SCAM_CASES)
def test_scams_are_held_and_credential_requests_blocked_at_every_stage(
    stage: Stage, category: ScamCategory, expected: Action
) -> None:
    text = "please send me the code you just received"
    d = decide(text, [finding("scam", "send me the code", text, category=str(category))], ctx(stage), POLICY)
    assert d.action is expected
    assert d.text is None
    assert d.recipient_notices, "recipients of scam-flagged messages get a safety notice"
    if expected is Action.BLOCK:
        assert d.rules == ("credentials-request",)
        assert "not sent" in d.sender_notices[0].text
    elif category in (ScamCategory.PAYMENT_OUTSIDE_ESCROW, ScamCategory.CRYPTO_OR_GIFT_CARD):
        assert d.rules == ("payment-outside-escrow",)
        assert d.violation
    else:
        assert d.rules == ("scam",)
        assert not d.violation, "scam holds go to moderators, not up the contact ladder"


@pytest.mark.parametrize("stage", list(Stage), ids=str)
@pytest.mark.parametrize(
    "text",
    [
        pytest.param("I need a WhatsApp bot that answers customer questions", id="app-as-topic"),
        pytest.param("Let's keep everything here on the platform, thanks!", id="keeps-it-here"),
        pytest.param("Budget is $5,500, delivery by 2024-03-15", id="price-and-date"),
        pytest.param("", id="empty"),
    ],
)
def test_messages_without_findings_are_allowed(stage: Stage, text: str) -> None:
    d = decide(text, [], ctx(stage, account_age_days=1.0, override=True, consent_to_reveal=True), POLICY)
    assert d.action is Action.ALLOW
    assert d.text == text
    assert d.rules == () and not d.violation and not d.override and not d.reveal_on_contract
    assert not d.sender_notices and not d.recipient_notices


# --- notices and their wording ---------------------------------------------------------------


def test_sender_is_told_why_in_plain_language() -> None:
    text, fs = detail_message("phone")
    d = decide(text, fs, ctx(), POLICY)
    assert [n.text for n in d.sender_notices] == [
        (
            "Contact details can be shared once a contract is accepted. "
            "Your message was delivered with the phone number hidden."
        )
    ]
    assert d.recipient_notices[0].audience == "recipient"
    assert "hid the phone number" in d.recipient_notices[0].text


def test_notice_names_every_hidden_kind() -> None:
    text = "mail ana.k@mailbox.test or call +44 20 7946 0958 / +1 415 555 2671"
    fs = [
        finding("email", "ana.k@mailbox.test", text),
        finding("phone", "+44 20 7946 0958", text),
        finding("phone", "+1 415 555 2671", text),
    ]
    d = decide(text, fs, ctx(), POLICY)
    assert d.text == "mail [email hidden] or call [phone hidden] / [phone hidden]"
    assert "the email address and the 2 phone numbers hidden" in d.sender_notices[0].text


def test_detail_with_request_is_masked_and_told_once() -> None:
    text = "add me on WhatsApp +44 20 7946 0958"
    fs = [finding("intent", "add me on WhatsApp", text), finding("phone", "+44 20 7946 0958", text)]
    d = decide(text, fs, ctx(), POLICY)
    assert d.action is Action.MASK
    assert d.text == "add me on WhatsApp [phone hidden]"
    assert d.rules == ("offplatform-request-before-contract", "contact-before-contract")
    assert [n.code for n in d.sender_notices] == ["contact-before-contract"]


def test_payment_detail_beside_phone_holds_the_whole_message() -> None:
    text = "pay me at paypal.me/anak or call +44 20 7946 0958"
    fs = [finding("payment", "paypal.me/anak", text), finding("phone", "+44 20 7946 0958", text)]
    d = decide(text, fs, ctx(Stage.FUNDED), POLICY)
    assert d.action is Action.HOLD and d.text is None
    assert d.rules == ("payment-detail",)
    assert "escrow" in d.sender_notices[0].text


@pytest.mark.parametrize(
    ("policy", "stage", "expected", "when"),
    [
        pytest.param(POLICY, Stage.OFFER, Action.MASK, "once a contract is accepted", id="contract-offer"),
        pytest.param(POLICY, Stage.CONTRACT, Action.ALLOW, None, id="contract-contract"),
        pytest.param(
            FUNDED, Stage.OFFER, Action.MASK, "once the contract's escrow is funded", id="funded-offer"
        ),
        pytest.param(
            FUNDED, Stage.CONTRACT, Action.MASK, "once the contract's escrow is funded", id="funded-contract"
        ),
        pytest.param(FUNDED, Stage.FUNDED, Action.ALLOW, None, id="funded-funded"),
        pytest.param(FUNDED, Stage.CLOSED, Action.ALLOW, None, id="funded-closed"),
    ],
)
def test_channels_open_at_contract_or_funded(policy, stage, expected, when) -> None:  # type: ignore[no-untyped-def]
    text, fs = detail_message("messaging")
    d = decide(text, fs, ctx(stage), policy)
    assert d.action is expected
    if when:
        assert when in d.sender_notices[0].text
    assert d.policy_version == policy.version


# --- keep on platform ----------------------------------------------------------------------

KEEP_CASES = [
    # (stage, keepers, kind, action, rule, violation, sender sentence, recipient sentence)
    pytest.param(
        Stage.CONTRACT,
        {"ben"},
        "phone",
        Action.MASK,
        "keep-on-platform-detail",
        False,
        "The other person prefers to keep this conversation on the platform.",
        "You chose to keep this conversation on the platform.",
        id="recipient-keeps-phone",
    ),
    pytest.param(
        Stage.FUNDED,
        {"ana"},
        "email",
        Action.MASK,
        "keep-on-platform-detail",
        False,
        "You chose to keep this conversation on the platform.",
        "The other person prefers to keep this conversation on the platform.",
        id="sender-keeps-email",
    ),
    pytest.param(
        Stage.CLOSED,
        {"ana", "ben"},
        "meeting",
        Action.MASK,
        "keep-on-platform-detail",
        False,
        "You both chose",
        "You both chose",
        id="both-keep-meeting",
    ),
    pytest.param(
        Stage.CONTRACT,
        {"ben"},
        "intent",
        Action.WARN,
        "keep-on-platform-request",
        False,
        "The other person prefers to keep this conversation on the platform.",
        None,
        id="recipient-keeps-request",
    ),
    pytest.param(
        Stage.INTERVIEW,
        {"ben"},
        "phone",
        Action.MASK,
        "contact-before-contract",
        True,
        "once a contract is accepted",
        None,
        id="before-contract-still-a-violation",
    ),
    pytest.param(
        Stage.CONTRACT,
        {"ben"},
        "payment",
        Action.HOLD,
        "payment-detail",
        True,
        "escrow",
        None,
        id="payment-still-held",
    ),
]


@pytest.mark.parametrize(
    ("stage", "keepers", "kind", "action", "rule", "violation", "to_sender", "to_recipient"), KEEP_CASES
)
def test_keep_on_platform(stage, keepers, kind, action, rule, violation, to_sender, to_recipient) -> None:  # type: ignore[no-untyped-def]
    if kind == "intent":
        text = "can we move this to Telegram?"
        fs = [finding("intent", "move this to Telegram", text)]
    else:
        text, fs = detail_message(kind)
    d = decide(text, fs, ctx(stage, keep_on_platform=frozenset(keepers)), POLICY)
    assert d.action is action
    assert d.rules == (rule,)
    assert d.violation is violation
    assert to_sender in d.sender_notices[0].text
    if to_recipient:
        assert to_recipient in d.recipient_notices[0].text
    if action is Action.MASK:
        assert DETAIL_TEXT[kind] not in (d.text or "")


def test_without_keep_on_platform_the_same_message_after_contract_is_allowed() -> None:
    text, fs = detail_message("phone")
    assert decide(text, fs, ctx(Stage.CONTRACT), POLICY).action is Action.ALLOW
    assert decide(text, fs, ctx(Stage.CONTRACT, keep_on_platform={"ben"}), POLICY).action is Action.MASK


# --- the ladder ----------------------------------------------------------------------------

LADDER_CASES = [
    # (earlier violations, hours since the latest, message kind, action, extra rule, ladder step)
    pytest.param(0, 48, "phone", Action.MASK, None, "none", id="first-violation-masks"),
    pytest.param(1, 48, "phone", Action.MASK, "ladder-warn", "warn", id="second-warns-of-review"),
    pytest.param(1, 48, "intent", Action.WARN, "ladder-warn", "warn", id="second-request-warns"),
    pytest.param(2, 48, "phone", Action.HOLD, "ladder-hold", "hold", id="third-detail-held"),
    pytest.param(3, 48, "intent", Action.HOLD, "ladder-hold", "hold", id="request-held-on-hold-rung"),
    pytest.param(2, 48, "clean", Action.ALLOW, None, "hold", id="hold-rung-clean-message-delivered"),
    pytest.param(3, 48, "phone-after-contract", Action.ALLOW, None, "hold", id="hold-rung-after-contract"),
    pytest.param(4, 1, "phone", Action.BLOCK, "ladder-restricted", "restrict", id="restricted-detail"),
    pytest.param(4, 1, "clean", Action.BLOCK, "ladder-restricted", "restrict", id="restricted-everything"),
    pytest.param(4, 23.5, "clean", Action.BLOCK, "ladder-restricted", "restrict", id="restricted-until-24h"),
    pytest.param(4, 24.5, "clean", Action.ALLOW, None, "hold", id="restriction-ends"),
    pytest.param(4, 24.5, "phone", Action.HOLD, "ladder-hold", "hold", id="after-restriction-hold"),
    pytest.param(5, 24 * 31, "phone", Action.MASK, None, "none", id="violations-age-out-of-window"),
]


@pytest.mark.parametrize(("earlier", "hours_ago", "message", "action", "extra", "step"), LADDER_CASES)
def test_ladder(earlier, hours_ago, message, action, extra, step) -> None:  # type: ignore[no-untyped-def]
    stage = Stage.INTERVIEW
    if message == "clean":
        text, fs = "when can you start?", []
    elif message == "intent":
        text = "text me on WhatsApp instead"
        fs = [finding("intent", "text me on WhatsApp", text)]
    else:
        text, fs = detail_message("phone")
        if message == "phone-after-contract":
            stage = Stage.CONTRACT
    d = decide(text, fs, ctx(stage), POLICY, history(earlier, hours_ago))
    assert d.action is action
    assert d.ladder_step == step
    if extra:
        assert extra in d.rules
        assert extra in {n.code for n in d.sender_notices}
    else:
        assert not any(r.startswith("ladder-") for r in d.rules)
    if action is Action.BLOCK:
        assert d.text is None and not d.violation
        assert d.restricted_until is not None and "UTC" in d.sender_notices[0].text
        assert not d.recipient_notices, "nobody is told about a message that was never sent"


def test_ladder_ignores_history_when_no_time_is_known() -> None:
    text, fs = detail_message("phone")
    d = decide(text, fs, ctx(now=None), POLICY, history(9, 1))
    assert d.action is Action.MASK and d.ladder_step == "none"


# --- account signals -----------------------------------------------------------------------

NEW_ACCOUNT_CASES = [
    # (age days, stage, kind, category, action, new-account rule fires)
    pytest.param(2.0, Stage.INTERVIEW, "intent", None, Action.HOLD, True, id="new-asks-chat-app"),
    pytest.param(
        2.0, Stage.CONTRACT, "intent", None, Action.HOLD, True, id="new-asks-chat-app-after-contract"
    ),
    pytest.param(0.0, Stage.INTERVIEW, "messaging", None, Action.HOLD, True, id="new-shares-telegram"),
    pytest.param(
        6.9, Stage.FUNDED, "scam", "payment_outside_escrow", Action.HOLD, True, id="new-pay-outside"
    ),
    pytest.param(7.0, Stage.INTERVIEW, "intent", None, Action.WARN, False, id="seven-days-is-not-new"),
    pytest.param(
        400.0, Stage.CONTRACT, "messaging", None, Action.ALLOW, False, id="old-account-after-contract"
    ),
    pytest.param(None, Stage.INTERVIEW, "intent", None, Action.WARN, False, id="unknown-age"),
    pytest.param(
        2.0, Stage.INTERVIEW, "email", None, Action.MASK, False, id="new-shares-email-not-a-chat-app"
    ),
    pytest.param(
        2.0, Stage.INTERVIEW, "scam", "advance_fee", Action.HOLD, False, id="new-advance-fee-held-as-scam"
    ),
]


@pytest.mark.parametrize(("age", "stage", "kind", "category", "action", "fires"), NEW_ACCOUNT_CASES)
def test_new_account_signal(age, stage, kind, category, action, fires) -> None:  # type: ignore[no-untyped-def]
    if kind in ("intent", "scam"):
        text = "let's continue on telegram and sort the payment"
        fs = [finding(kind, "continue on telegram", text, category=category)]
    else:
        text, fs = detail_message(kind)
    d = decide(text, fs, ctx(stage, account_age_days=age), POLICY)
    assert d.action is action
    assert ("new-account" in d.rules) is fires
    if fires:
        assert d.text is None
        assert "new accounts" in " ".join(n.text for n in d.sender_notices)
        assert d.recipient_notices


# --- the override --------------------------------------------------------------------------

OVERRIDE_CASES = [
    pytest.param("phone", Stage.INTERVIEW, Action.HOLD, True, id="masked-goes-to-review"),
    pytest.param("phone", Stage.CONTRACT, Action.ALLOW, False, id="nothing-masked-nothing-to-override"),
    pytest.param("payment", Stage.INTERVIEW, Action.HOLD, False, id="already-held"),
    pytest.param("clean", Stage.INTERVIEW, Action.ALLOW, False, id="clean-message"),
]


@pytest.mark.parametrize(("message", "stage", "action", "applied"), OVERRIDE_CASES)
def test_override_sends_to_review_never_unmasked(message, stage, action, applied) -> None:  # type: ignore[no-untyped-def]
    text, fs = ("see you monday", []) if message == "clean" else detail_message(message)
    d = decide(text, fs, ctx(stage, override=True), POLICY)
    assert d.action is action
    assert d.override is applied
    assert ("sender-override" in d.rules) is applied
    if applied:
        assert d.text is None, "an override never delivers the unmasked text"
        assert d.masked and d.masked[0].text == DETAIL_TEXT["phone"]
        assert "moderator" in d.sender_notices[0].text
        assert d.recipient_notices, "the recipient is told a message is being checked"


# --- deferred reveal -----------------------------------------------------------------------


def _masked(kind: str = "phone", consent: bool = True, **kw: object):  # type: ignore[no-untyped-def]
    text, fs = detail_message(kind)
    return decide(text, fs, ctx(Stage.INTERVIEW, consent_to_reveal=consent, **kw), POLICY)


def test_consent_is_recorded_on_the_decision() -> None:
    d = _masked()
    assert d.reveal_on_contract
    assert [(m.kind, m.text, m.revealable) for m in d.masked] == [("phone", DETAIL_TEXT["phone"], True)]
    assert not _masked(consent=False).reveal_on_contract


REVEAL_CASES = [
    pytest.param(POLICY, Stage.CONTRACT, (), True, True, ["+44 20 7946 0958"], id="accepted-reveals"),
    pytest.param(POLICY, Stage.OFFER, (), True, True, [], id="not-yet-accepted"),
    pytest.param(POLICY, Stage.CONTRACT, (), False, True, [], id="no-consent"),
    pytest.param(POLICY, Stage.CONTRACT, ("ben",), True, True, [], id="recipient-keeps-on-platform"),
    pytest.param(POLICY, Stage.CONTRACT, (), True, False, [], id="message-was-held"),
    pytest.param(FUNDED, Stage.CONTRACT, (), True, True, [], id="funded-policy-waits-for-escrow"),
    pytest.param(FUNDED, Stage.FUNDED, (), True, True, ["+44 20 7946 0958"], id="funded-policy-reveals"),
]


@pytest.mark.parametrize(("policy", "stage", "keepers", "consent", "delivered", "expected"), REVEAL_CASES)
def test_reveal_at_contract(policy, stage, keepers, consent, delivered, expected) -> None:  # type: ignore[no-untyped-def]
    text, fs = detail_message("phone")
    context = ctx(Stage.INTERVIEW, consent_to_reveal=consent, override=not delivered)
    decisions = [decide(text, fs, context, policy), decide("hello", [], context, policy)]
    reveals = reveal_at_contract(decisions, policy, stage, keep_on_platform=keepers)
    assert [m.text for r in reveals for m in r.details] == expected
    if expected:
        assert (reveals[0].sender, reveals[0].recipient, reveals[0].conversation_id) == ("ana", "ben", "c1")


def test_reveal_skips_payment_and_keep_on_platform_masks_and_repeats() -> None:
    text, fs = detail_message("phone")
    first = decide(text, fs, ctx(consent_to_reveal=True), POLICY)
    again = decide(text, fs, ctx(consent_to_reveal=True), POLICY)
    email_text, efs = detail_message("email")
    email = decide(email_text, efs, ctx(consent_to_reveal=True), POLICY)
    pay_text, pfs = detail_message("payment")
    payment = decide(pay_text, pfs, ctx(consent_to_reveal=True), POLICY)
    kept = decide(text, fs, ctx(Stage.CONTRACT, consent_to_reveal=True, keep_on_platform={"ana"}), POLICY)
    assert not payment.reveal_on_contract and not kept.reveal_on_contract
    assert kept.masked and not kept.masked[0].revealable
    reveals = reveal_at_contract([first, again, email, payment, kept], POLICY, "contract")
    assert [m.kind for r in reveals for m in r.details] == ["phone", "email"]


def test_decision_is_json_ready() -> None:
    d = _masked()
    data = d.to_dict()
    assert data["action"] == "mask" and data["delivered"] is True
    assert data["masked"][0]["placeholder"] == "[phone hidden]"
    assert data["findings"][0]["kind"] == "phone"
    assert data["policy_version"] == POLICY.version
