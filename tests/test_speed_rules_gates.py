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


#: (words tuple, the pattern built from it, the gate built from it)
DERIVED = [
    pytest.param(scam._FEE_OBJECT_WORDS, scam._FEE_OBJECT, scam._FEE_OBJECT_GATE, id="fee-object"),
    pytest.param(scam._FEE_OBJECT_STRONG_WORDS, scam._FEE_OBJECT_STRONG, scam._FEE_OBJECT_STRONG_GATE,
                 id="fee-object-strong"),
    pytest.param((*scam._PAY_MONEY_WORDS, *scam._SEND_MONEY_WORDS), r"\b" + scam._PAY_MONEY, scam._PAY_MONEY_GATE,
                 id="pay-money"),
    pytest.param(scam._FEE_PAY_WORDS, scam._FEE_PAY, scam._FEE_PAY_GATE, id="fee-pay"),
]


@pytest.mark.parametrize(("words", "pattern", "word_gate"), DERIVED)
def test_every_plain_word_of_the_tuple_is_matched_by_the_pattern(words, pattern: str, word_gate: WordGate) -> None:
    """Each plain word or phrase of the tuple, written alone (the send verbs with money after them),
    is matched by the pattern, and the gate passes on it."""
    plain = [w for w in words if re.fullmatch(r"[\w' -]+", w)]
    assert len(plain) >= len(words) // 2
    for w in plain:
        text = f"{w} 50" if w in scam._SEND_MONEY_WORDS else w
        assert re.search(pattern, text), w
        assert word_gate.passes(word_set(text), text), w


@pytest.mark.parametrize(("words", "pattern", "word_gate"), DERIVED)
def test_derived_gate_passes_wherever_an_alternative_matches(words, pattern: str, word_gate: WordGate) -> None:
    """Each alternative in turn: random strings of the alternative alone (its optional parts, sets and
    stems drawn many times), between word boundaries, inside filler; wherever the real pattern
    matches, the gate passes."""
    compiled = re.compile(pattern)
    rng = random.Random(pattern)
    for alternative in words:
        if alternative.startswith(("send", "sending", "sent", "bhej", "kirim", "tuma", "mande", "manda")):
            alternative = alternative + r"\b\s(?:\w{1,10}\s){0,2}?(?:money|payment|funds|cash|\$|€|£|\d)"
        parsed = _parsed(rf"\b(?:{alternative})\b")
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
