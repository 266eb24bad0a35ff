"""The detectors' fast paths give exactly what the plain searches give.

Each fast path (a gate that skips a pattern, a pattern tried only at candidate positions, one
anchor pass shared by two detectors) must never change a finding. These tests compare each one
with the slow, obvious way on texts built to sit on the edges: words glued to punctuation,
openers inside longer words, several matches in a row, unicode word characters, long texts.
The merge of overlapping details is checked against the quadratic reference the same way.
"""

from __future__ import annotations

import random
import re
import time

import pytest

from offplatform import filters
from offplatform.detect import intent, payment
from offplatform.detect.anchors import message_families
from offplatform.detect.cues import AnchorIndex
from offplatform.detect.scam import RULE_ANCHORS
from offplatform.finding import DETAIL_KINDS, Finding, Kind
from offplatform.merge import SPECIFICITY, merge_findings
from offplatform.normalize import normalize

TEXTS = [
    pytest.param("send me your whatsapp number please", id="give-your-channel"),
    pytest.param("can i get your email? do you have telegram? you have signal", id="three-asks"),
    pytest.param("resend the files, sender: me. the text is in the email", id="openers-inside-words"),
    pytest.param("let's continue on email. let's continue on telegram", id="same-rule-twice"),
    pytest.param("what's your insta?here's my telegram:@bob", id="glued-punctuation"),
    pytest.param("скинь мне свой телеграм", id="cyrillic"),
    pytest.param("u have whatsapp? r u on signal", id="one-letter-openers"),
    pytest.param("_send your number_ and x_send your email", id="underscore-is-a-word-character"),
    pytest.param("the invoice is ready, thanks for the quick turnaround", id="no-opener"),
    pytest.param("email me " * 400 + "send me your number", id="long-text"),
    pytest.param("", id="empty"),
]


@pytest.mark.parametrize("text", TEXTS)
def test_ask_tried_at_opener_positions_equals_full_search(text: str) -> None:
    p = intent._patterns()
    t = normalize(text).text
    fast = intent.finditer_at(p.ask, intent._word_positions(t, p.ask_openers, p.ask_opener_re), t)
    assert [m.span() for m in fast] == [m.span() for m in p.ask.finditer(t)]


@pytest.mark.parametrize("text", TEXTS)
def test_opener_positions_by_find_equal_the_regex(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    p = intent._patterns()
    t = normalize(text).text
    monkeypatch.setattr(intent, "_LONG_TEXT", 10**9)  # always the str.find path
    assert intent._word_positions(t, p.ask_openers, p.ask_opener_re) == [
        m.start() for m in p.ask_opener_re.finditer(t)
    ]


ANCHOR_TEXTS = [
    pytest.param("what's your whatsapp? send 50 usdt to my wallet first", id="intent-and-scam"),
    pytest.param("watsap me, pay the registration fee before you start", id="fuzzy-fragment-and-fee"),
    pytest.param("10% off if we work directly, outside the platform", id="percent-substring"),
    pytest.param("the button colour is fine", id="nothing"),
]


@pytest.mark.parametrize("text", ANCHOR_TEXTS)
def test_shared_anchor_pass_equals_two_separate_passes(text: str) -> None:
    words, substrings = intent.anchor_words()
    t = normalize(text).text
    expected = (frozenset(AnchorIndex(words, substrings=substrings).families(t)),
                frozenset(AnchorIndex(RULE_ANCHORS).families(t)))
    assert message_families(t) == expected


PAYMENT_GATE_CASES = [
    # (text, pattern, gate): the gate must be true whenever the pattern matches
    pytest.param("iban nl91abna0417164300 please", payment._IBAN, payment._IBAN_GATE, id="iban-compact"),
    pytest.param("GB82 WEST 1234 5698 7654 32".lower(), payment._IBAN, payment._IBAN_GATE, id="iban-grouped"),
    pytest.param("no iban here, just 2024", payment._IBAN, payment._IBAN_GATE, id="iban-absent"),
]


@pytest.mark.parametrize(("text", "pattern", "gate"), PAYMENT_GATE_CASES)
def test_payment_gates_never_hide_a_match(text: str, pattern, gate) -> None:
    assert bool(gate.search(text)) or not list(pattern.finditer(text))


def test_cashtag_lookbehind_after_the_dollar_keeps_its_meaning() -> None:
    # "(?<![\w$])\$" and "\$(?<![\w$]\$)" reject the same "$": after a word character or a "$"
    assert [m.group("tag") for m in payment._CASHTAG.finditer("$abc x$def $$ghi ($jkl")] == ["abc", "jkl"]


@pytest.mark.parametrize(
    ("original", "has_wallet_run"),
    [
        pytest.param("send to 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2 now", True, id="p2pkh"),
        pytest.param("TJCnKsPa7y5okkXvQAidZBzqx3QyQ6sxMW", True, id="tron"),
        pytest.param("an ordinary sentence with Thirty words", False, id="ordinary"),
        pytest.param("T" + "a" * 24, False, id="one-short"),
    ],
)
def test_base58_gate(original: str, has_wallet_run: bool) -> None:
    assert bool(payment._B58_RUN.search(original)) is has_wallet_run


def _merge_reference(findings: list[Finding]) -> list[Finding]:
    """The obvious merge: keep a detail unless it overlaps one already kept (quadratic)."""
    details = sorted((f for f in findings if f.kind in DETAIL_KINDS),
                     key=lambda f: (-SPECIFICITY[f.kind], -f.score, -(f.end - f.start), f.start))
    kept: list[Finding] = []
    for f in details:
        if f.end > f.start and not any(f.overlaps(k) for k in kept):
            kept.append(f)
    return sorted(kept, key=lambda f: (f.start, f.end, f.kind))


@pytest.mark.parametrize("seed", range(5))
def test_merge_keeps_what_the_quadratic_reference_keeps(seed: int) -> None:
    rng = random.Random(seed)
    findings = []
    for _ in range(400):
        start = rng.randint(0, 300)
        findings.append(Finding(kind=rng.choice(list(SPECIFICITY)), start=start, end=start + rng.randint(0, 12),
                                text="x", value="x", rule="test", score=rng.choice([0.5, 0.7, 0.9])))
    assert merge_findings(findings) == _merge_reference(findings)


def test_merge_of_many_details_is_linear_enough() -> None:
    # 50,000 adjacent details (a hostile text full of numbers): the quadratic merge took minutes
    findings = [Finding(kind=Kind.PHONE, start=10 * i, end=10 * i + 9, text="x", value="x", rule="test", score=0.9)
                for i in range(50_000)]
    start = time.process_time()
    assert len(merge_findings(findings)) == 50_000
    assert time.process_time() - start < 5.0


def test_order_number_gate_knows_every_keyword_of_the_pattern() -> None:
    # is_order_number skips its pattern when none of these words is in the window: a keyword
    # added to the pattern but not to the gate would never be found
    pattern = filters._ORDER_BEFORE.pattern
    keywords = pattern[pattern.index(r"\b(?:") + 5:pattern.index(r")\b")].split("|")
    assert {re.match(r"\w+", k).group() for k in keywords} == filters._ORDER_FIRST_WORDS


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("order #48213977", True, id="hash"),
        pytest.param("my employee id in their system was 20190347", True, id="keyword-far-before"),
        pytest.param("accountno 12345678", False, id="glued-keyword-is-not-a-word"),
        pytest.param("call me on 07911 123456", False, id="no-keyword"),
    ],
)
def test_order_number_with_gate(text: str, expected: bool) -> None:
    start = next(i for i, c in enumerate(text) if c.isdigit())
    assert filters.is_order_number(text, start, len(text)) is expected


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_near_matcher_skip_list_equals_the_plain_search(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """On long texts with many rare-word matches, ``_NearMatcher`` skips the rare matches that
    have no start of the other part within reach; the matches must be those of the plain search."""
    from offplatform.detect import scam

    pieces = ["whatsapp", "interview", "telegram", "pay", "paypal", "send", "money", "check", "deposit",
              "the rest", "vendor", ".", "!", "\n", "fee", "training", "code", "verification", "send me",
              "your", "password", "usdt", "pay me in", "gift card", "amazon", "buy", "hr", "x" * 50,
              "hello there", "directly", "outside"]
    rnd = random.Random(seed)
    matchers = [p for _, p, _ in scam._rules() if isinstance(p, scam._NearMatcher)]
    for _ in range(20):
        text = " ".join(rnd.choice(pieces) for _ in range(rnd.randint(400, 900)))
        fast = [[(m.start(), m.end()) for m in p.finditer(text)] for p in matchers]
        monkeypatch.setattr(scam, "_LONG_TEXT", 10**9)
        plain = [[(m.start(), m.end()) for m in p.finditer(text)] for p in matchers]
        monkeypatch.undo()
        assert fast == plain


def test_live_digit_regions_found_from_the_words_equal_the_full_walk() -> None:
    """``_live_digit_runs`` finds the runs of digits and separators beside number words from the
    words; the runs must be those of a walk over every run of the text."""
    from offplatform.normalize import words as W

    pieces = ["one", "two", "three", "nine", "4", "55", "-", ",", ".", "(", ")", " ", "  ", "oh", "double",
              "x", "hello", "twenty", "quatre", "vingt", "1", "0", "é", "_", "/"]
    rnd = random.Random(5)
    checked = 0
    for _ in range(1500):
        text = "".join(rnd.choice(pieces) + (" " if rnd.random() < 0.5 else "") for _ in range(rnd.randint(3, 60)))
        rules = W._active_rules(text)
        if not any(name == "digits" for name, _ in rules):
            continue
        checked += 1
        probe = W._number_word_probe(dict(rules)["num"].pattern)
        starts = {m.start(1) for m in probe.finditer(text)}
        ends = {m.end(1) for m in probe.finditer(text)}
        walk = [m.span() for m in W._NUMBER_REGION.finditer(text) if m.start() in ends or m.end() in starts]
        fast = next(rule for name, rule in W._live_digit_runs(text, rules) if name == "digits").regions
        assert fast == walk, text
    assert checked > 500
