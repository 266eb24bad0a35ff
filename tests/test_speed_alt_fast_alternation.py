"""``cues.fast_alternation`` regroups alternations by first character and never changes a match.

Python's ``re`` tries the alternatives of ``\\b(?:a|b|...)`` one by one at every word start; the
rewrite puts alternatives with the same literal first character into one group, so only a few
first characters are tested. Leftmost-first order matters (``field|fields`` must still prefer
"field"), so these tests pin: hand-made cases where the order decides the match, the rewrite of
every pattern the detectors compile through ``compile_fast`` against its original (finditer spans
and groups, also inside search windows) on the phrasing tables, the dev texts and random and
hostile strings, and time on hostile input.
"""

from __future__ import annotations

import json
import random
import re
import time
from pathlib import Path

import pytest

from offplatform import ScanConfig
from offplatform.detect import cues
from offplatform.detect.cues import compile_fast, fast_alternation
from offplatform.scanner import Scanner

DATA = Path(__file__).parent / "data" / "phrasings.jsonl"
DEV = Path("/work/shared/data/dev_messages.jsonl")


def _matches(pattern: re.Pattern[str], text: str, *window: int) -> list:
    return [(m.span(), m.groups(), m.groupdict()) for m in pattern.finditer(text, *window)]


def _same(original: str, text: str) -> None:
    a, b = re.compile(original), re.compile(fast_alternation(original))
    assert _matches(a, text) == _matches(b, text), (original, text)


# ----------------------------------------------------------------------------- hand-made cases


@pytest.mark.parametrize(("pattern", "text"), [
    (r"\b(?:field|fields|feature|api)", "fields feature api"),  # "field" first, as written
    (r"(?:fields|field|figma)\b", "field fields figma"),
    (r"(?:a|ab|abc|b)(?:c|bc)", "abc abbc"),  # the continuation backtracks into the alternation
    (r"(?:x|\w+|xy|y)z", "xyz xz yz"),  # \w+ may start with x or y: x and xy stay on either side
    (r"(?:ab|[a-c]d|ac|xy|x)", "ad ac ab xy x"),
    (r"(?:|a|ab|b)c", "abc ac c bc"),  # an empty alternative matches anywhere: nothing crosses it
    (r"(?:$|a|ab|abc)", "abc"),
    (r"(?:\.|a\.|\.b|a)", "a.b .b"),  # escaped literals
    (r"(?:(?=ab)a|ab|a|b)", "ab a b"),  # a lookahead first: its alternative keeps its place
    (r"(?:(?<!x)ab|ab|ac|b)", "xab ab ac b"),
    (r"(?:a(b)|ac|ad)", "ab ac ad"),  # a capturing group: left as written
    (r"(?P<g>ab|ac|b|ad)", "ab ac b ad"),  # alternations inside a capturing group
    (r"(?:bot|бот|бота|ботом|b)", "бота ботом bot b"),
    (r"\b(?:a b|a c|ab|a)\b", "a b a c ab a"),
])
def test_order_and_groups_kept(pattern: str, text: str) -> None:
    _same(pattern, text)


def test_groups_by_first_character() -> None:
    # (and a leading "\b" goes behind each branch's literal: see tests/test_hostile_speed_paths.py)
    assert fast_alternation(r"\b(?:pay|send|paid|sent)\b") == r"(?:p(?<=\bp)a(?:y|id)|s(?<=\bs)en(?:d|t))\b"
    # an alternative that may start with "p" between them keeps the two "p" words apart
    assert fast_alternation(r"(?:pay|[op]x|paid)") == r"(?:pay|[op]x|paid)"
    # capturing groups, inline flags and lookbehinds are left as written
    assert fast_alternation(r"(?:a(b)|ac|ad)") == r"(?:a(b)|ac|ad)"
    assert fast_alternation(r"(?i)(?:ab|ac|ad)") == r"(?i)(?:ab|ac|ad)"
    # (the leading look-behind itself goes behind the literal after it, its alternation as written)
    assert fast_alternation(r"(?<=(?:ab|ac|ad))x") == r"x(?<=(?<=(?:ab|ac|ad))x)"


_ALPHABET = "abcdxyz .-'\n"


def _random_pattern(rng: random.Random, depth: int = 0) -> str:
    """A random alternation of short literal/class/group pieces (no quantifier nesting)."""
    alternatives = []
    for _ in range(rng.randint(2, 6)):
        pieces = []
        for _ in range(rng.randint(0, 3)):
            kind = rng.random()
            if kind < 0.55:
                pieces.append(re.escape(rng.choice("abcdxy. ")))
            elif kind < 0.65:
                pieces.append(rng.choice([r"\w", r"[a-c]", r"[^a]", r"\b", r"(?<!a)", r"(?=b)", r"\d?"]))
            elif kind < 0.75:
                pieces.append(rng.choice(["a?", "b*", "c{0,2}", "x+"]))
            elif depth < 2:
                pieces.append("(?:" + _random_pattern(rng, depth + 1) + ")" + rng.choice(["", "", "?"]))
        alternatives.append("".join(pieces))
    return "|".join(alternatives)


def test_random_patterns_on_random_texts() -> None:
    rng = random.Random(20240607)
    for _ in range(1500):
        pattern = _random_pattern(rng)
        if rng.random() < 0.5:
            pattern = r"\b(?:" + pattern + r")" + rng.choice(["", r"\b", "x", "(?:a|ab)c"])
        texts = ["".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, 30))) for _ in range(8)]
        for text in texts:
            _same(pattern, text)


# ----------------------------------------------------------------------------- the detectors' patterns


def _texts() -> list[str]:
    texts = [json.loads(line)["text"] for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
    if DEV.exists():
        texts += [json.loads(line)["text"] for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    return texts


@pytest.fixture(scope="module")
def rewritten() -> dict[str, str]:
    scanner = Scanner(ScanConfig())
    for text in _texts()[:400]:
        scanner.scan(text)  # builds the lazily compiled rule patterns
    assert len(cues.REWRITTEN) > 30, "the detectors no longer compile through compile_fast"
    return dict(cues.REWRITTEN)


def test_detector_patterns_on_phrasings_and_dev(rewritten: dict[str, str]) -> None:
    from offplatform.normalize import normalize

    # the detectors search the normalizer's output; the raw dev texts add upper case and odd marks
    texts = [normalize(t).text for t in _texts()]
    if DEV.exists():
        texts += [json.loads(line)["text"] for line in DEV.read_text(encoding="utf-8").splitlines()[:150]]
    for original, fast in rewritten.items():
        a, b = re.compile(original), re.compile(fast)
        for text in texts:
            assert _matches(a, text) == _matches(b, text), (original[:80], text)


def test_detector_patterns_in_windows_and_on_salad(rewritten: dict[str, str]) -> None:
    """Search windows (the detectors search clauses of a text) and word salad from the patterns'
    own words, where many alternatives match side by side."""
    rng = random.Random(7)
    words = sorted({w for p in rewritten for w in re.findall(r"[^\W\d_]{1,12}", p)})
    texts = [" ".join(rng.choice(words) for _ in range(rng.randint(1, 25))) for _ in range(300)]
    texts += ["".join(rng.choice(words) + rng.choice(" -.'\n,") for _ in range(12)) for _ in range(100)]
    for original, fast in rewritten.items():
        a, b = re.compile(original), re.compile(fast)
        for text in texts:
            assert _matches(a, text) == _matches(b, text), (original[:80], text)
            i = rng.randint(0, len(text))
            j = rng.randint(i, len(text))
            assert _matches(a, text, i, j) == _matches(b, text, i, j), (original[:80], text, i, j)


@pytest.mark.parametrize("unit", ["a", "pay ", "implement the users ", "x" * 50 + " ", "send me the code directly "])
def test_detector_patterns_stay_linear(rewritten: dict[str, str], unit: str) -> None:
    """50 KB of one repeated unit: no rewritten pattern takes long (each must stay linear)."""
    text = unit * (50_000 // len(unit))
    for original, fast in rewritten.items():
        b = compile_fast(original)
        assert b.pattern == fast
        t0 = time.perf_counter()
        for _ in b.finditer(text):
            pass
        assert time.perf_counter() - t0 < 0.5, (original[:80], unit)
