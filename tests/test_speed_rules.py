"""The message-level detectors' word gates never change a finding.

A word gate (:class:`offplatform.detect.cues.WordGate`) lets a rule be skipped when the message
lacks a word every match of the rule needs. These tests check that claim three ways: each gated
rule still fires on a message written for it; on word salad drawn from the rule's own vocabulary
(thousands of texts, many of which match), a text on which the rule can fire always passes its
gates; and the detectors give the same findings with the gates as without them.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from offplatform import ScanConfig
from offplatform.detect import scam
from offplatform.detect.anchors import message_families
from offplatform.detect.cues import WordGate, first_word, gate
from offplatform.normalize import normalize
from offplatform.normalize.text import word_set

DATA = Path(__file__).parent / "data" / "phrasings.jsonl"


def _rule_entry(rule_id: str):
    order = scam._rule_order()
    return scam._rules()[order[rule_id]]


def _can_fire(entry, text: str) -> bool:
    """Every ``requires`` cue matches and the pattern matches somewhere (before the checks that
    rule a match out): what a gate must never deny."""
    _, pattern, requires = entry
    return all(q.search(text) for q in requires) and _pattern_matches(entry, text)


def _pattern_matches(entry, text: str) -> bool:
    return next(iter(entry[1].finditer(text)), None) is not None


#: Gates derived from a ``requires`` cue rather than from the pattern (rule -> the cue's index).
_FROM_REQUIRES = {"scam.fake_interview.easy_money": 0}


def _gated_part_matches(rule_id: str, entry, text: str) -> bool:
    """The part of the rule its gates were derived from matches: the pattern, or one cue."""
    if rule_id in _FROM_REQUIRES:
        return entry[2][_FROM_REQUIRES[rule_id]].search(text) is not None
    return _pattern_matches(entry, text)


def _sources(entry) -> list[str]:
    rule, _, requires = entry
    p = rule.pattern
    parts = [p.rare, p.other] if isinstance(p, scam._Near) else [p]
    return [*parts, *(q.pattern for q in requires)]


# --------------------------------------------------------------------------- the gate itself


def test_gate_takes_first_words_and_stems() -> None:
    g = gate("send it back", "what's", "give", prefixes=("refund", "überweis"))
    assert g.words == frozenset({"send", "what", "give"})
    for text, expected in [
        ("please refunded", True),
        ("what's up", True),
        ("sender gift giver", False),  # whole words only
        ("norefund x_refund", False),  # a stem counts at a word start only ("_" is a word character)
        ("(refund", True),
        ("refund", True),
        ("bitte überweisen", True),  # a non-ASCII stem in a non-ASCII text
        ("ab_überweisen", False),
        ("überweis_", True),
    ]:
        assert g.passes(word_set(text), text) is expected, text
    assert not WordGate(()).passes(frozenset({"anything"}), "anything")
    with pytest.raises(ValueError):
        first_word("$5")


def test_gates_name_existing_rules() -> None:
    assert set(scam.RULE_GATES) <= set(scam._rule_order())


# --------------------------------------------------------------------------- each gated rule still fires

FIRES = {
    "scam.payment_outside_escrow.direct": "let's skip the platform fee, i'll pay you directly",
    "scam.fake_check.overpayment_refund": "i paid you twice by mistake, please refund the extra to my paypal",
    "scam.advance_fee.deposit_to_start": "a refundable deposit of $50 is required before you start",
    "scam.advance_fee.send_fee_to_start": "kindly send $30 for the training materials before you can start",
    "scam.advance_fee.pay_to_unlock": "you must pay the $40 registration to unlock the job",
    "scam.advance_fee.pay_to_start": "pay the $25 fee to start working on the project",
    "scam.fake_support.staff_claim": "this is the platform support team, verify your account now",
    "scam.credentials.password_request": "send me your password so i can check",
    "scam.account_rental.share_login": "i will give you my login, you send proposals under my name",
    "scam.fake_check.check_forward": "i will mail you a check, deposit it and send the rest to the vendor",
    "scam.fake_interview.easy_money": "earn $300 per day with simple tasks, message me on telegram",
    "scam.credentials.account_screenshot": "send a screenshot of your payment settings and balance",
    "scam.credentials.remote_banking": "install anydesk so i can see your bank app",
    "scam.fake_interview.chat_app_interview": "you have been shortlisted, the interview is on telegram",
    "scam.credentials.code_request": "please send me the verification code you got",
}


@pytest.mark.parametrize("rule_id", sorted(FIRES))
def test_gated_rule_still_fires(rule_id: str) -> None:
    assert rule_id in scam.RULE_GATES
    text = normalize(FIRES[rule_id]).text
    entry = _rule_entry(rule_id)
    assert _can_fire(entry, text), "the example must exercise the rule"
    assert all(g.passes(word_set(text), text) for g in scam.RULE_GATES[rule_id])


# --------------------------------------------------------------------------- random matches

_POOL = " abcdehilmnorstuyz0159.,!?'@$-_\n"


def _sample(items, rng: random.Random) -> str:
    """A random string the parsed regex ``items`` is likely to match (lookarounds and word
    boundaries are ignored: the caller keeps only the texts the real regex matches)."""
    out: list[str] = []
    for op, av in items:
        name = str(op)
        if name == "LITERAL":
            out.append(chr(av))
        elif name == "NOT_LITERAL":
            out.append(rng.choice([c for c in _POOL if ord(c) != av]))
        elif name == "ANY":
            out.append(rng.choice(_POOL))
        elif name == "IN":
            out.append(_sample_set(av, rng))
        elif name == "BRANCH":
            out.append(_sample(rng.choice(av[1]), rng))
        elif name == "SUBPATTERN":
            out.append(_sample(av[3], rng))
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            lo, hi, sub = av
            out.extend(_sample(sub, rng) for _ in range(rng.randint(lo, min(hi, lo + 2))))
        elif name in ("AT", "ASSERT", "ASSERT_NOT", "GROUPREF"):
            continue
        else:  # pragma: no cover - a construct the rules do not use
            raise NotImplementedError(name)
    return "".join(out)


def _sample_set(av, rng: random.Random) -> str:
    chars: list[str] = []
    negate = False
    for op, val in av:
        name = str(op)
        if name == "NEGATE":
            negate = True
        elif name == "LITERAL":
            chars.append(chr(val))
        elif name == "RANGE":
            chars.append(chr(rng.randint(*val)))
        elif name == "CATEGORY":
            chars.append({"CATEGORY_WORD": "a", "CATEGORY_SPACE": " ", "CATEGORY_DIGIT": "7",
                          "CATEGORY_NOT_WORD": ".", "CATEGORY_NOT_SPACE": "x",
                          "CATEGORY_NOT_DIGIT": "x"}.get(str(val), "a"))
    if negate:
        return rng.choice([c for c in _POOL if c not in chars] or [" "])
    return rng.choice(chars or [" "])


def _parsed(pattern: str):
    from re import _parser  # the standard library's own regex parser (Python 3.11+)

    return _parser.parse(pattern)


_FILLER = ("you", "your", "me", "my", "the", "a", "to", "and", "i", "we", "it", "now", "please", "$50", "20%", "3")
_JOINS = (" ", " ", ", ", ". ", " and ", " the ", "-", "\n", " a ", "")


def _around(rng: random.Random, core: str) -> str:
    before = " ".join(rng.choice(_FILLER) for _ in range(rng.randint(0, 3)))
    after = " ".join(rng.choice(_FILLER) for _ in range(rng.randint(0, 3)))
    return f"{before}{rng.choice(_JOINS)}{core}{rng.choice(_JOINS)}{after}".strip()


def _random_text(rule_id: str, entry, rng: random.Random) -> str:
    """A text built from random strings of the rule's own regexes (both sides of a "near" pattern,
    in either order, and its cues), wrapped in filler."""
    rule, _, requires = entry
    p = rule.pattern
    if rule_id in _FROM_REQUIRES:
        core = _sample(_parsed(requires[_FROM_REQUIRES[rule_id]].pattern), rng)
    elif isinstance(p, scam._Near):
        a, b = _sample(_parsed(p.rare), rng), _sample(_parsed(p.other), rng)
        if rng.random() < 0.5:
            a, b = b, a
        core = a + rng.choice(_JOINS) + b
    else:
        core = _sample(_parsed(p), rng)
    return _around(rng, core)


@pytest.mark.parametrize("rule_id", sorted(scam.RULE_GATES))
def test_gate_never_denies_a_text_the_gated_part_matches(rule_id: str) -> None:
    """Stronger than needed (the rule's other cues are left out): wherever the part of the rule a
    gate was derived from matches, the gate passes. The texts are random strings of the rule's
    own regexes, so every alternative of the gated part is drawn many times."""
    entry = _rule_entry(rule_id)
    gates = scam.RULE_GATES[rule_id]
    rng = random.Random(rule_id)
    matched = 0
    for _ in range(3000):
        text = _random_text(rule_id, entry, rng)
        if _gated_part_matches(rule_id, entry, text):
            matched += 1
            words = word_set(text)
            assert all(g.passes(words, text) for g in gates), text
    assert matched >= 300, f"only {matched} texts matched: the test proves little"


# --------------------------------------------------------------------------- whole detector


def _texts() -> list[str]:
    texts = [json.loads(line)["text"] for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts += list(FIRES.values())
    return texts


def test_scam_findings_equal_without_gates(monkeypatch: pytest.MonkeyPatch) -> None:
    detector = scam.ScamDetector(ScanConfig())
    nts = [normalize(t) for t in _texts()]
    with_gates = [[f.to_dict() for f in detector.detect(nt)] for nt in nts]
    # the one-check plan gate is exercised: it turns messages away, and lets through ones that fire
    plan_gates = [scam._plan_gate(message_families(nt.text)[1]) for nt in nts]
    assert sum(g is not None and not g.passes(word_set(nt.text), nt.text) for g, nt in zip(plan_gates, nts)) >= 10
    assert sum(g is not None and bool(f) for g, f in zip(plan_gates, with_gates)) >= 5
    monkeypatch.setattr(scam, "RULE_GATES", {})
    scam._clear_plans()
    try:
        without = [[f.to_dict() for f in detector.detect(nt)] for nt in nts]
    finally:
        scam._clear_plans()
    assert sum(map(len, with_gates)) > 50
    assert with_gates == without


# --------------------------------------------------------------------------- intent gates


def _intent_cases():
    from offplatform.detect import intent

    p = intent._patterns()
    all_of = lambda gates: lambda w, t: all(g.passes(w, t) for g in gates)  # noqa: E731
    return [
        ("ask_question", p.ask_question, intent._POSSESSIVE_GATE.passes),
        ("give_after_hint", p.give_after_hint, intent._GIVE_AFTER_GATE.passes),
        ("poss_after_hint", p.poss_after_hint, intent._POSSESSIVE_AFTER_GATE.passes),
        ("call_on_app", p.call_on_app, intent._CALL_APP_GATE.passes),
        ("handle_is_name", p.handle_is_name, all_of(intent._NAME_GATES)),
        ("fee", p.fee, intent._FEE_VERB_GATE.passes),
        ("fee_word", intent._FEE_WORD, intent._FEE_WORD_GATE.passes),
        ("profile", p.profile, lambda w, t: intent._QR in w or not intent._COMMIT_WORDS.isdisjoint(w)
                                            or all_of(intent._PROFILE_GATES)(w, t)),
        ("search", p.search, intent._SEARCH_GATE.passes),
        ("other_way", p.other_way, lambda w, t: intent._other_way_possible(w)),
    ]


@pytest.mark.parametrize("case", range(len(_intent_cases())), ids=[c[0] for c in _intent_cases()])
def test_intent_gate_never_denies_a_text_its_pattern_matches(case: int) -> None:
    name, pattern, passes = _intent_cases()[case]
    rng = random.Random(name)
    parsed = _parsed(pattern.pattern)
    matched = 0
    for _ in range(2500):
        text = _around(rng, _sample(parsed, rng))
        if pattern.search(text):
            matched += 1
            assert passes(word_set(text), text), text
    assert matched >= 300, f"only {matched} texts matched: the test proves little"


def test_possessive_after_gate_agrees_with_its_hint() -> None:
    """The gate that replaced the ``poss_after_hint`` search: exact for the one-word possessives, and
    never denying a two-word one."""
    from offplatform.detect import intent

    p = intent._patterns()
    for text in ["nomor wa nya", "namba yako ya whatsapp", "nyamuk", "moment", "number mo?", "tera_x", "", "mo",
                 "số zalo của bạn", "رقم الواتساب الخاص بك"]:
        t = normalize(text).text
        assert (p.poss_after_hint.search(t) is not None) == intent._POSSESSIVE_AFTER_GATE.passes(word_set(t), t), t


def test_intent_findings_equal_without_gates(monkeypatch: pytest.MonkeyPatch) -> None:
    from offplatform.detect import cues, intent

    detector = intent.IntentDetector(ScanConfig())
    nts = [normalize(t) for t in _texts()]
    with_gates = [[f.to_dict() for f in detector.detect(nt)] for nt in nts]
    monkeypatch.setattr(cues.WordGate, "passes", lambda self, words, text: True)
    monkeypatch.setattr(intent, "passes_all", lambda gates, words, text: True)
    monkeypatch.setattr(intent, "_other_way_possible", lambda words: True)
    monkeypatch.setattr(intent, "_POSSESSIVE_AFTER_GATE", cues.WordGate((), ()))
    without = [[f.to_dict() for f in detector.detect(nt)] for nt in nts]
    assert sum(map(len, with_gates)) > 100
    assert with_gates == without


# --------------------------------------------------------------------------- gates of the checks that rule a match out

WINDOW_GATES = [
    pytest.param(scam._ESCROW_KEPT, scam._ESCROW_KEPT_GATE, id="escrow-kept"),
    pytest.param(scam._UI_TOPIC, scam._UI_TOPIC_GATE, id="ui-topic"),
    pytest.param(scam._PAST_STORY, scam._PAST_STORY_GATE, id="past-story"),
]


@pytest.mark.parametrize(("pattern", "window_gate"), WINDOW_GATES)
def test_window_gate_never_denies_a_window_match(pattern: re.Pattern[str], window_gate: WordGate) -> None:
    """These checks search a window ``[a, b)``: a word cut by the window's end still matches
    ("escrow" in "escrowed"), so the gate must pass on the whole text whenever the window matches.
    Windows are drawn at random, many ending inside a word."""
    rng = random.Random(pattern.pattern)
    parsed = _parsed(pattern.pattern)
    matched = cut = 0
    for _ in range(2500):
        text = _around(rng, _sample(parsed, rng) + rng.choice(("", "", "ed", "s", "x1", "ing")))
        a = rng.randint(0, len(text))
        b = rng.randint(a, len(text))
        for lo, hi in ((0, len(text)), (a, b)):
            m = pattern.search(text, lo, hi)
            if m is not None:
                matched += 1
                cut += hi < len(text) and text[hi - 1:hi + 1].isalnum()
                assert window_gate.passes(word_set(text), text), (text, lo, hi)
    assert matched >= 500 and cut >= 20, (matched, cut)


def test_window_gate_sees_a_word_cut_by_the_window() -> None:
    text = "funds stay in escrowed accounts"
    end = text.index("escrow") + len("escrow")
    assert scam._ESCROW_KEPT.search(text, 0, end) is not None  # the regex sees "escrow" cut short
    assert scam._ESCROW_KEPT_GATE.passes(word_set(text), text)


# --------------------------------------------------------------------------- clause bounds


def test_clause_bounds_by_find_equal_the_regex() -> None:
    from offplatform.detect import cues

    rng = random.Random(11)
    alphabet = "ab .?!;\n\t\r\x0b\x1c\x85\u00a0\u2003\u2028x1...."
    for _ in range(60000):
        n = rng.randint(0, 40)
        text = "".join(rng.choice(alphabet) for _ in range(n))
        start = rng.randint(0, n)
        end = rng.randint(start, n)
        reach = rng.randint(0, 45)
        assert cues.clause_bounds(text, start, end, reach) == cues._clause_bounds_re(text, start, end, reach), (
            text, start, end, reach)
    text = "first part. second, the cue here; third! x"
    i = text.index("cue")
    assert cues.clause_bounds(text, i, i + 3) == (11, text.index(";"))
