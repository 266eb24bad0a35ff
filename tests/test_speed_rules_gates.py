"""Gates built from the same word tuple as their pattern (``cues.words_gate``).

The scam patterns ``_FEE_OBJECT``, ``_FEE_OBJECT_STRONG`` and ``_PAY_MONEY`` are joined from word
tuples, and their gates are read off the same tuples, so a word added to a pattern is in its gate.
These tests check the reading itself (optional letters and letter sets spelled out, stems, the last
word of a phrase, refusals) and then, alternative by alternative (not a random pick among all of
them), that the gate passes on every text the alternative matches in.
"""

from __future__ import annotations

import random
import re

import pytest

from offplatform.detect import cues, scam
from offplatform.detect.cues import WordGate, words_gate
from offplatform.normalize.text import word_set

from test_speed_rules import _around, _parsed, _sample


def test_words_gate_spells_out_optional_letters_and_sets() -> None:
    g = words_gate(("tokens?", "licen[cs]es?", "background check", "verified (?:seller |member )?plan"))
    assert g.words == frozenset({"token", "tokens", "licence", "licences", "license", "licenses", "background",
                                 "verified"})
    assert g.prefixes == ()


def test_words_gate_stems_and_last_words() -> None:
    g = words_gate(("pay", r"zahl\w{0,4}", r"перевед\w{0,3}", r"переведи\w{0,3}", "get paid"), last_word=("get paid",))
    assert g.words == frozenset({"pay", "paid"})
    assert g.prefixes == ("zahl", "перевед")  # "переведи" is covered by "перевед"
    for text, expected in [("zahlen bitte", True), ("bezahlen", False), ("get it", False), ("we get paid", True)]:
        assert g.passes(word_set(text), text) is expected, text


@pytest.mark.parametrize("fragment", [r"\d{2} fee", "(?:ab|c)d", "x+", r"\w{0,3}", "-fee"])
def test_words_gate_refuses_what_it_cannot_read(fragment: str) -> None:
    with pytest.raises(ValueError):
        words_gate((fragment,))


def test_words_gate_refuses_a_bad_last_word() -> None:
    with pytest.raises(ValueError):
        words_gate(("get paid",), last_word=("not there",))
    with pytest.raises(ValueError):
        words_gate(("paid",), last_word=("paid",))  # no phrase


def _tail(request: pytest.FixtureRequest) -> str:
    """What the pattern needs after the word, or nothing."""
    return " deposit" if request.node.callspec.id == "deposit-kinds" else ""


#: (words tuple, the pattern built from it, the gate built from it)
DERIVED = [
    pytest.param(scam._FEE_OBJECT_WORDS, scam._FEE_OBJECT, scam._FEE_OBJECT_GATE, id="fee-object"),
    pytest.param(scam._FEE_OBJECT_STRONG_WORDS, scam._FEE_OBJECT_STRONG, scam._FEE_OBJECT_STRONG_GATE,
                 id="fee-object-strong"),
    pytest.param((*scam._PAY_MONEY_WORDS, *scam._SEND_MONEY_WORDS), r"\b" + scam._PAY_MONEY, scam._PAY_MONEY_GATE,
                 id="pay-money"),
    pytest.param(scam._FEE_PAY_WORDS, scam._FEE_PAY, scam._FEE_PAY_GATE, id="fee-pay"),
    pytest.param(scam._DEPOSIT_KINDS, rf"\b(?:{'|'.join(scam._DEPOSIT_KINDS)}) (?:deposit|fee|payment)\b",
                 scam.RULE_GATES["scam.advance_fee.deposit_to_start"][0], id="deposit-kinds"),
    pytest.param(scam._CHECKS, rf"\b(?:{'|'.join(scam._CHECKS)})\b", scam.RULE_GATES["scam.fake_check.check_forward"][0],
                 id="checks"),
    pytest.param(scam._INTERVIEW_WORDS, scam._INTERVIEW, scam.RULE_GATES["scam.fake_interview.chat_app_interview"][0],
                 id="interview"),
    pytest.param(scam._EASY_MONEY_APPS, rf"\b(?:{'|'.join(scam._EASY_MONEY_APPS)})\b",
                 scam.RULE_GATES["scam.fake_interview.easy_money"][0], id="easy-money-apps"),
    pytest.param(scam._MONEY_SCREENS, rf"\b(?:{'|'.join(scam._MONEY_SCREENS)})\b",
                 scam.RULE_GATES["scam.credentials.account_screenshot"][0], id="money-screens"),
    pytest.param(scam._MONEY_PLACES, rf"\b(?:{'|'.join(scam._MONEY_PLACES)})\b",
                 scam.RULE_GATES["scam.credentials.remote_banking"][0], id="money-places"),
    pytest.param(scam._ASK_SECRET, rf"\b(?:{'|'.join(scam._ASK_SECRET)})\b",
                 scam.RULE_GATES["scam.credentials.password_request"][0], id="ask-secret"),
    pytest.param(scam._SECRET_OWNERS, rf"\b(?:{'|'.join(scam._SECRET_OWNERS)})\b",
                 scam.RULE_GATES["scam.credentials.password_request"][1], id="secret-owners"),
]


def test_derived_patterns_are_the_rules_own() -> None:
    """The patterns above are the rules' (rebuilt the same way), so the tests check the real ones."""
    rules = {r.rule: r for r, _, _ in scam._rules()}
    assert rules["scam.advance_fee.deposit_to_start"].pattern == DERIVED[4].values[1]
    assert rules["scam.fake_check.check_forward"].pattern.rare == DERIVED[5].values[1]
    assert rules["scam.fake_interview.easy_money"].requires[0] == DERIVED[7].values[1]
    assert rules["scam.advance_fee.pay_to_start"].pattern.rare == scam._FEE_OBJECT
    assert rules["scam.advance_fee.pay_to_unlock"].pattern.rare == scam._FEE_OBJECT_STRONG
    assert rules["scam.payment_outside_escrow.direct"].pattern.other == r"\b" + scam._PAY_MONEY
    assert rules["scam.credentials.account_screenshot"].pattern.other == DERIVED[8].values[1]
    assert rules["scam.credentials.remote_banking"].pattern.other == DERIVED[9].values[1]
    password = rules["scam.credentials.password_request"].pattern.other
    assert password.startswith(DERIVED[10].values[1]) and password.endswith(DERIVED[11].values[1])


@pytest.mark.parametrize(("words", "pattern", "word_gate"), DERIVED)
def test_every_plain_word_of_the_tuple_is_matched_by_the_pattern(words, pattern: str, word_gate: WordGate,
                                                                 request: pytest.FixtureRequest) -> None:
    """Each plain word or phrase of the tuple, written alone (the send verbs with money after them),
    is matched by the pattern, and the gate passes on it."""
    plain = [w for w in words if re.fullmatch(r"[\w' -]+", w)]
    assert len(plain) >= len(words) // 2
    for w in plain:
        text = f"{w} 50" if w in scam._SEND_MONEY_WORDS else w + _tail(request)
        assert re.search(pattern, text), w
        assert word_gate.passes(word_set(text), text), w


@pytest.mark.parametrize(("words", "pattern", "word_gate"), DERIVED)
def test_derived_gate_passes_wherever_an_alternative_matches(words, pattern: str, word_gate: WordGate,
                                                            request: pytest.FixtureRequest) -> None:
    """Each alternative in turn: random strings of the alternative alone (its optional parts, sets and
    stems drawn many times), between word boundaries, inside filler; wherever the real pattern
    matches, the gate passes."""
    compiled = re.compile(pattern)
    rng = random.Random(pattern)
    for alternative in words:
        if alternative.startswith(("send", "sending", "sent", "bhej", "kirim", "tuma", "mande", "manda")):
            alternative = alternative + r"\b\s(?:\w{1,10}\s){0,2}?(?:money|payment|funds|cash|\$|€|£|\d)"
        parsed = _parsed(rf"\b(?:{alternative})\b" + re.escape(_tail(request)))
        matched = 0
        for _ in range(60):
            text = _around(rng, _sample(parsed, rng))
            if compiled.search(text):
                matched += 1
                assert word_gate.passes(word_set(text), text), (alternative, text)
        assert matched >= 20, (alternative, matched)


def test_a_word_added_to_the_tuple_reaches_the_gate() -> None:
    """What the derivation is for: the gate follows the tuple."""
    words = (*scam._FEE_OBJECT_WORDS, "voucher")
    g = words_gate(words)
    text = "buy the voucher before you start"
    assert re.search(rf"\b(?:{'|'.join(words)})\b", text)
    assert g.passes(word_set(text), text)
    assert not scam._FEE_OBJECT_GATE.passes(word_set(text), text)


def test_first_word_helpers_agree_on_plain_phrases() -> None:
    for phrase in ("background check", "what's", "e-mail", "gebühr"):
        assert words_gate((phrase,)).words == cues.gate(phrase).words


# --------------------------------------------------------------------------- the staff claim


@pytest.mark.parametrize("text", [
    pytest.param("sou dosuporte da plataforma, confirme seu código", id="glued-do"),
    pytest.param("je suis dusupport de la plateforme, confirmez le code", id="glued-du"),
    pytest.param("soy de lasoporte de la plataforma, confirma el código", id="glued-de-la"),
    pytest.param("ich bin vom support der plattform, bestätige den code", id="spaced"),
    pytest.param("this is the platform's trust and safety team, verify your account", id="desk"),
    pytest.param("hi, i'm jane from the verification team of the platform, send the code", id="team"),
])
def test_staff_gate_passes_where_the_staff_claim_matches(text: str) -> None:
    """The claim abroad may glue the desk to the word before it (the space between is optional in
    the pattern): the gate holds those glued words too, so it never hides a claim."""
    order = scam._rule_order()
    rule, pattern, requires = scam._rules()[order["scam.fake_support.staff_claim"]]
    assert next(iter(pattern.finditer(text)), None) is not None
    assert scam._STAFF_GATE.passes(word_set(text), text)


def test_glued_staff_claim_passes_the_rule_search() -> None:
    """Once woken, the rule fires on the glued claim (before, its gate hid it). The anchor pass does
    not wake it on this text ("dosuporte" holds no anchor at a word start): a gap in recall, not in
    the gate."""
    from offplatform import ScanConfig

    found = list(scam.ScamDetector(ScanConfig())._find("sou dosuporte da plataforma, confirme seu código",
                                                       frozenset({"scam.fake_support.staff_claim"})))
    assert [rule.rule for rule, _ in found] == ["scam.fake_support.staff_claim"]


def test_staff_gate_on_random_claims_abroad() -> None:
    """Random strings of the third alternative alone (glue words, optional spaces, team words)."""
    third = scam._rules()[scam._rule_order()["scam.fake_support.staff_claim"]][0].pattern.split("|\\b(?:sou|", 1)
    assert len(third) == 2
    alternative = r"\b(?:sou|" + third[1]
    compiled = re.compile(alternative)
    parsed = _parsed(alternative)
    rng = random.Random(5)
    matched = glued = 0
    for _ in range(3000):
        text = _around(rng, _sample(parsed, rng) + " plataforma")
        m = compiled.search(text)
        if m:
            matched += 1
            words = word_set(text)
            glued += not any(w in words for w in scam._STAFF_DESKS_ABROAD)
            assert scam._STAFF_GATE.passes(words, text), text
    assert matched >= 300 and glued >= 20, (matched, glued)


# --------------------------------------------------------------------------- one gate per plan


def test_plan_gate_fails_exactly_when_every_first_gate_fails() -> None:
    gated = sorted(scam.RULE_GATES)
    vocabulary = sorted({w for gates in scam.RULE_GATES.values() for g in gates for w in g.words}
                        | {p + "ing" for gates in scam.RULE_GATES.values() for g in gates for p in g.prefixes})
    rng = random.Random(3)
    seen = {True: 0, False: 0}
    for _ in range(500):
        families = frozenset(rng.sample(gated, rng.randint(1, 4)))
        plan_gate = scam._plan_gate(families)
        assert plan_gate is not None
        for _ in range(10):
            text = " ".join(rng.choice(vocabulary + ["the", "file", "x_" + rng.choice(vocabulary)])
                            for _ in range(rng.randint(0, 3)))
            words = word_set(text)
            expected = any(gates[0].passes(words, text) for *_, gates in scam._plan(families))
            assert plan_gate.passes(words, text) is expected, (sorted(families), text)
            seen[expected] += 1
    assert min(seen.values()) >= 500, seen


def test_plan_gate_is_none_when_a_rule_has_no_gate() -> None:
    ungated = next(r for r in scam._rule_order() if r not in scam.RULE_GATES)
    assert scam._plan_gate(frozenset({ungated, "scam.payment_outside_escrow.direct"})) is None
    assert scam._plan_gate(frozenset()) is None
