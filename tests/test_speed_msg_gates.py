"""Cheaper turn-aways for the message-level detectors, each held to the path it shortens.

- ``IntentDetector.detect`` asks the gates of the woken families before it makes a generator
  (``intent._gated_families_possible``): when every woken family is gated and every gate fails, no
  rule could yield a candidate. Held to ``_detect`` run without that check, and family by family to
  ``_candidates``.
- ``_OTHER_ARRANGEMENT`` ("another way we can pay") is run only when its noun is a word of the message.
- ``ScamDetector.detect`` asks the plan gate before it makes a generator; held to ``_find`` alone.
- New scam word gates: ``release_before_work`` (timing, "release", the money), ``private_deal`` (the
  way of saying privately, the thing settled, the verb) and the staff claim's platform or team
  (``_STAFF_WHO_GATE``). tests/test_speed_rules.py samples every gated rule's pattern for soundness
  too; here each rule still fires on a message written for it, and the staff claim's alternatives
  are sampled one by one.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from offplatform import ScanConfig
from offplatform.detect import intent, scam
from offplatform.detect.anchors import message_families
from offplatform.normalize import normalize
from offplatform.normalize.text import word_set

from test_speed_rules import _around, _parsed, _sample

DATA = Path(__file__).parent / "data" / "phrasings.jsonl"

#: Ordinary chat that wakes the gated families on common words, and messages that fire them.
CHAT = [
    "is it ok if i use canva instead of blender? it will be faster.",
    "could we add a contact form to the react component? happy to pay a bit more for it.",
    "i like the second logo, can we try it in blue?",
    "do you have the source files? the fee for revisions is in the offer.",
    "the info is in my brief, the link to the figma is in the chat",
    "search the docs for the api key, google it if you need",
    "is there another way we can pay, the fee here is crazy?",
    "is there a different way to contact you? the fee here is too high",
    "which app do you use for calls?",
    "could we chat on discord instead?",
    "we can skip the platform fee if we work directly",
    "my whatsapp number is in my profile photo",
    "google my name, you'll find my studio",
    "i prefer skype, add me there",
    "check your whatsapp, i sent the files there",
    "do you have an email i can send the nda to?",
    "10% off if we skip the fees",
    "release the payment now and i'll start today",
    "can we settle the payment privately?",
    "i'll pay you under the table, no escrow",
    "this is the platform support team, verify your account now",
    "we need multi-language support before launch, let's keep all communication here on the platform",
    "once you release the milestone i will send the files",
    "the first milestone is funded, release it when you are happy",
]


def _texts() -> list[str]:
    texts = [json.loads(line)["text"] for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
    return texts + CHAT


# --------------------------------------------------------------------------- intent


def test_every_intent_family_is_gated_or_not() -> None:
    words, substrings = intent.anchor_words()
    families = set(words) | set(substrings)
    assert intent._GATED_FAMILIES | intent._UNGATED_FAMILIES == families
    assert intent._GATED_FAMILIES.isdisjoint(intent._UNGATED_FAMILIES)


def test_intent_detect_equals_the_ungated_detect() -> None:
    detector = intent.IntentDetector(ScanConfig())
    turned_away = fired = 0
    for text in _texts():
        nt = normalize(text)
        families = message_families(nt.text)[0]
        fast = [f.to_dict() for f in detector.detect(nt)]
        slow = [f.to_dict() for f in detector._detect(nt, nt.text, families)] if families else []
        assert fast == slow, text
        gated_only = families and families.isdisjoint(intent._UNGATED_FAMILIES)
        turned_away += bool(gated_only and not intent._gated_families_possible(families, word_set(nt.text), nt.text))
        fired += bool(gated_only and fast)
    assert turned_away >= 50 and fired >= 10, (turned_away, fired)


@pytest.mark.parametrize("family", sorted(intent._GATED_FAMILIES))
def test_a_gated_family_that_fails_its_gate_yields_no_candidate(family: str) -> None:
    """Family by family, on every text: when the check says no, ``_candidates`` has nothing."""
    detector = intent.IntentDetector(ScanConfig())
    p = intent._patterns()
    fams = frozenset({family})
    denied = allowed = 0
    for text in _texts():
        t = normalize(text).text
        if intent._gated_families_possible(fams, word_set(t), t):
            allowed += 1
            continue
        denied += 1
        assert list(detector._candidates(t, p, fams, {})) == [], t
    assert denied >= 100 and allowed >= 5, (denied, allowed)


def test_arrangement_gate_never_denies_a_text_the_pattern_matches() -> None:
    rng = random.Random("arrangement")
    parsed = _parsed(intent._OTHER_ARRANGEMENT.pattern)
    matched = 0
    for _ in range(2500):
        text = _around(rng, _sample(parsed, rng))
        if intent._OTHER_ARRANGEMENT.search(text):
            matched += 1
            assert intent._ARRANGEMENT_GATE.passes(word_set(text), text), text
    assert matched >= 300


# --------------------------------------------------------------------------- scam


def test_scam_detect_equals_find_without_the_early_plan_gate() -> None:
    detector = scam.ScamDetector(ScanConfig())
    turned_away = fired = 0
    for text in _texts():
        nt = normalize(text)
        t = nt.text
        families = message_families(t)[1]
        fast = [(f.rule, f.start, f.end) for f in detector.detect(nt)]
        if scam._ACCOUNT_RULE in families and scam.text_shape(t)[1] < 8:
            families = families - scam._WITHOUT_ACCOUNT_DIGITS
        found = list(detector._find(t, families)) if families else []  # the plan gate inside _find
        slow = [] if not found or scam.is_warning(t) else [(r.rule, *nt.to_original(m.start(), m.end()))
                                                           for r, m in found]
        assert fast == slow, text
        gate = scam._prepared(families)[0] if families else None
        turned_away += bool(gate is not None and not gate.passes(word_set(t), t))
        fired += bool(fast)
    assert turned_away >= 50 and fired >= 50, (turned_away, fired)


FIRES = {
    "scam.escrow_manipulation.release_before_work": "release the payment now and i'll start today",
    "scam.payment_outside_escrow.private_deal": "can we settle the payment privately?",
    "scam.fake_support.staff_claim": "this is the platform support team, verify your account now",
}


@pytest.mark.parametrize("rule_id", sorted(FIRES))
def test_newly_gated_rule_still_fires(rule_id: str) -> None:
    text = normalize(FIRES[rule_id]).text
    assert all(g.passes(word_set(text), text) for g in scam.RULE_GATES[rule_id])
    found = scam.ScamDetector(ScanConfig()).detect(normalize(FIRES[rule_id]))
    assert rule_id in [f.rule for f in found]


def test_newly_gated_rules_turn_away_job_talk() -> None:
    for rule_id, text in [
        ("scam.escrow_manipulation.release_before_work", "once you release the milestone i will send the files"),
        ("scam.payment_outside_escrow.private_deal", "we can discuss the side panel on the dashboard"),
        ("scam.fake_support.staff_claim", "we need multi-language support before launch"),
    ]:
        t = normalize(text).text
        assert rule_id in message_families(t)[1], "the text must wake the rule"
        assert not all(g.passes(word_set(t), t) for g in scam.RULE_GATES[rule_id]), text


def _staff_alternatives() -> list[str]:
    """The staff claim's three alternatives, split at their top-level bars."""
    pattern = scam._rules()[scam._rule_order()["scam.fake_support.staff_claim"]][0].pattern
    parts, depth, start = [], 0, 0
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    return parts


@pytest.mark.parametrize("index", range(3))
def test_staff_who_gate_never_denies_an_alternative_match(index: int) -> None:
    alternative = _staff_alternatives()[index]
    compiled = re.compile(alternative)
    parsed = _parsed(alternative)
    rng = random.Random(index)
    matched = 0
    for _ in range(3000):
        tail = rng.choice(["", " platform", " plataforma", " площадке", " marketplace"]) if index == 2 else ""
        text = _around(rng, _sample(parsed, rng) + tail)
        if compiled.search(text):
            matched += 1
            assert scam._STAFF_WHO_GATE.passes(word_set(text), text), text
    assert matched >= 300, matched


def test_staff_claim_has_three_alternatives() -> None:
    assert len(_staff_alternatives()) == 3
