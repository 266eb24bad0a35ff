"""The hostile-input fast paths give exactly what the plain paths give.

Each path here only changes how much work a long text (hostile input: ``benchmarks/bench_adversarial.py``)
costs; each test runs the plain path beside it on texts built to reach every branch and asserts the
same output.
"""

from __future__ import annotations

import pytest

from offplatform.config import ScanConfig
from offplatform.detect import phone
from offplatform.normalize import normalize
from offplatform.scanner import Scanner

_FILL = "we can talk about the logo colours tomorrow. "


def _phone_findings_both_ways(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[list, list]:
    detector = phone.PhoneDetector(ScanConfig())
    nt = normalize(text)
    with monkeypatch.context() as m:
        m.setattr(phone, "_LAZY_TEXT", 10**9)  # the plain path: every finding made at once
        plain = detector.detect(nt)
        assert isinstance(plain, tuple)
    lazy = detector.detect(nt)
    return list(plain), list(lazy)


@pytest.mark.parametrize("text", [
    # many valid numbers (the lazy path stops where the scanner stops reading)
    ("call 0917 842 11 or x@y dot com t.me/ " * 300),
    # valid numbers after a long stretch of words, and in between
    _FILL * 100 + "call me on +44 7911 123456 or 07911 123457",
    ("my number is 415 555 2671. " + _FILL * 3) * 60,
    # numbers that are ruled out (a price, a date, an order number) and none that is found
    (_FILL + "order 12345678 costs $1,234,567 on 2024-01-15 ") * 60,
    # the scattered fallback: seven digits in a candidate's shape, none of them a number
    "call or text 415 dog 555 cat 0162 " + _FILL * 100,
    _FILL * 100 + "order 1234567 shipped. call or text 415 dog 555 cat 0162",
    # "the rest later": a partial number
    _FILL * 100 + "the first part is 0917 842, you'll get the rest when you accept",
])
def test_phone_findings_of_a_long_text_are_the_same_made_lazily(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert len(text) > phone._LAZY_TEXT
    plain, lazy = _phone_findings_both_ways(text, monkeypatch)
    assert lazy == plain
    assert plain or "dog 555" not in text  # the texts reach the branch they were built for


def test_the_scattered_fallback_is_reached_lazily(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "call or text 415 dog 555 cat 0162 " + _FILL * 100
    plain, lazy = _phone_findings_both_ways(text, monkeypatch)
    assert [f.rule for f in lazy] == [f.rule for f in plain] == ["phone.scattered"]


def test_a_capped_scan_reads_the_same_phone_findings(monkeypatch: pytest.MonkeyPatch) -> None:
    """The scanner takes ``max_findings`` + 1 findings of a detector: the lazy path makes only
    those, and the capped result is the one the plain path gives."""
    scanner = Scanner(ScanConfig(max_findings=50))
    text = "call 0917 842 11 or x@y dot com t.me/ " * 400
    lazy = scanner.scan(text).to_dict()
    with monkeypatch.context() as m:
        m.setattr(phone, "_LAZY_TEXT", 10**9)
        plain = scanner.scan(text).to_dict()
    assert lazy == plain
    assert any(f["kind"] == "limit" for f in lazy["findings"])
    assert sum(f["kind"] == "phone" for f in lazy["findings"]) >= 1


# ----------------------------------------------------------------------------- cues._literal_first

import random  # noqa: E402
import re  # noqa: E402

from offplatform.detect import cues  # noqa: E402
from offplatform.detect.cues import fast_alternation  # noqa: E402


def _all_matches(pattern: re.Pattern[str], text: str, *window: int) -> list:
    return [(m.span(), m.groups(), m.groupdict()) for m in pattern.finditer(text, *window)]


@pytest.mark.parametrize(("pattern", "rewritten"), [
    (r"\b(?:pay|paid|send|sent)\s", r"(?:p(?:(?<=\bp)ay|(?<=\bp)aid)|s(?:(?<=\bs)end|(?<=\bs)ent))\s"),
    (r"\b(?:|a)b", r"b(?<=\bb)|a(?<=\ba)b"),  # an empty branch takes what follows the group
    (r"\bfoo\b", r"f(?<=\bf)oo\b"),
    (r"\b(?:a|b)|\bc", r"a(?<=\ba)|b(?<=\bb)|c(?<=\bc)"),
    (r"\b(?:(?:ab|cd)x|ef|ag)\s", r"(?:a(?:(?<=\ba)bx|(?<=\ba)g)|c(?<=\bc)dx|e(?<=\be)f)\s"),
    # several top-level alternatives: spread whole, then regrouped by first character
    (r"\b(?:a|b)|\bc|\bab", r"a(?:(?<=\ba)|(?<=\ba)b)|b(?<=\bb)|c(?<=\bc)"),
    (r"(?<!x)\b(?:ab|(?<=y)cd)", r"(?:a(?<=(?<!x)\ba)b|c(?<=(?<!x)\b(?<=y)c)d)"),
    # left as written: a class, \w or a quantified first character, a group copied with what follows
    (r"\b(?:a|[bc]d)", r"\b(?:a|[bc]d)"),
    (r"\b\w+", r"\b\w+"),
    (r"\ba*b", r"\ba*b"),
    (r"\b(?:a|b)(c)", r"(?:a(?<=\ba)|b(?<=\bb))(c)"),  # what follows the group stays once
    (r"\b(?:a|(b))c", r"\b(?:a|(b))c"),
    (r"(?:ab|cd)", r"(?:ab|cd)"),  # no assertion to move
    (r"\b(?:ab)?c", r"a(?<=\ba)bc|c(?<=\bc)"),  # an optional group: "(?:ab|)c"
    (r"\b(?:ab)??c", r"\b(?:ab)??c"),  # a lazy one (nothing first): left as written
    (r"\b(?:ab)*c", r"\b(?:ab)*c"),  # a repeated group
    (r"\b(?:a|b)", r"(?:a(?<=\ba)|b(?<=\bb))"),
])
def test_literal_first_rewrites(pattern: str, rewritten: str) -> None:
    assert cues._literal_first(pattern) == rewritten


def test_literal_first_makes_the_engine_skip_to_the_literals() -> None:
    """The point of it: a pattern that opens with \\b is tried at every position; rewritten, the
    engine scans for the first characters (at least several times faster on text without them)."""
    import time

    text = "x " * 200_000
    slow = re.compile(r"\b(?:pay|send)\s")
    fast = re.compile(cues._literal_first(slow.pattern))
    assert slow.findall(text) == fast.findall(text) == []
    t0 = time.perf_counter()
    slow.findall(text)
    t1 = time.perf_counter()
    fast.findall(text)
    t2 = time.perf_counter()
    assert (t2 - t1) * 3 < (t1 - t0)


_ALPHABET = "abcxy .-'\n"


def _piece(rng: random.Random, depth: int) -> str:
    kind = rng.random()
    if kind < 0.5:
        return re.escape(rng.choice("abcxy.- "))
    if kind < 0.62:
        return rng.choice([r"\w", r"[a-c]", r"[^a]", r"\b", r"\B", r"(?<!a)", r"(?<=[ .])", r"(?=b)", r"(?!c)", r"\d?"])
    if kind < 0.72:
        return rng.choice(["a?", "b*", "c{0,2}", "x+", r"\s?"])
    if depth < 2:
        return "(?:" + _alternation(rng, depth + 1) + ")" + rng.choice(["", "", "?"])
    return "a"


def _alternation(rng: random.Random, depth: int = 0) -> str:
    return "|".join("".join(_piece(rng, depth) for _ in range(rng.randint(0, 3))) for _ in range(rng.randint(1, 4)))


def _opening(rng: random.Random) -> str:
    """A pattern that opens the ways ``_literal_first`` reads: \\b or look-arounds before a
    literal or a group of alternatives, sometimes with a capturing group after."""
    parts = []
    for _ in range(rng.randint(1, 3)):
        lead = "".join(rng.choice([r"\b", r"\b", r"(?<![a-c])", r"(?=a|b)", r"(?<=\s)", r"\B", ""])
                       for _ in range(rng.randint(1, 2)))
        body = rng.choice(["(?:" + _alternation(rng, 1) + ")" + rng.choice(["", "", "?", "??", "*"]),
                           re.escape(rng.choice("abcxy.-")) + _alternation(rng, 1)])
        tail = "".join(_piece(rng, 1) for _ in range(rng.randint(0, 3)))
        if rng.random() < 0.2:
            tail += "(" + rng.choice("abc") + ")"
        parts.append(lead + body + tail)
    return "|".join(parts)


def test_literal_first_on_random_patterns_and_texts() -> None:
    rng = random.Random(20261124)
    rewritten = 0
    for _ in range(3000):
        pattern = _opening(rng)
        try:
            original = re.compile(pattern)
        except re.error:
            continue
        new = cues._literal_first(pattern)
        fast = re.compile(new)
        if new != pattern:
            rewritten += 1
        for _ in range(4):
            text = "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, 40)))
            assert _all_matches(original, text) == _all_matches(fast, text), (pattern, new, text)
            a, b = sorted(rng.randint(0, len(text)) for _ in range(2))
            assert _all_matches(original, text, a, b) == _all_matches(fast, text, a, b), (pattern, new, text, a, b)
            assert [original.match(text, p) and original.match(text, p).span() for p in range(len(text))] == [
                fast.match(text, p) and fast.match(text, p).span() for p in range(len(text))], (pattern, new, text)
    assert rewritten > 300  # the generator reaches the rewrite, not only the patterns it leaves alone


def test_every_detector_pattern_rewritten_keeps_its_matches_on_hostile_text() -> None:
    """The patterns ``compile_fast`` rewrote (the detectors are built by then) against their
    originals on the benchmark's hostile shapes, whole and in windows."""
    Scanner(ScanConfig()).scan("warm up: send me your whatsapp, pay outside, claim your prize")
    sys_path = __import__("pathlib").Path(__file__).resolve().parents[1] / "benchmarks"
    import sys

    sys.path.insert(0, str(sys_path))
    try:
        from bench_adversarial import CASES
    finally:
        sys.path.remove(str(sys_path))
    texts = [normalize(CASES[name](6000)).text for name in ("unicode_mix", "random_bytes", "mixed_contact", "app_names")]
    texts.append("claim your prize now, send the fee first; won the lottery! pay via whatsapp. hr will interview")
    moved = [(o, f) for o, f in cues.REWRITTEN.items() if "(?<=" in f and "(?<=" not in fast_alternation.__doc__]
    assert moved
    for original, fast in moved:
        a, b = re.compile(original), re.compile(fast)
        for text in texts:
            assert _all_matches(a, text) == _all_matches(b, text), original
            assert _all_matches(a, text, 7, len(text) - 5) == _all_matches(b, text, 7, len(text) - 5), original
