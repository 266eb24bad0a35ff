"""On a long text, a number word that is the only word of every run it can be in, and is ambiguous
("o" between digits: "3 o 5", "o39"), is left out of the "num" rule's matches like a word with no
neighbour (``words._without_lone_ambiguous``): such a run is never converted. Checked here against
the plain path (every number word matched) with the thresholds moved, on texts dense in ambiguous
words, digits, separators, connectors after tens words, and leet names that start on a number word
("o" + "utlook" is no word, but "0utl00k" after a blank is)."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from normalize_paths import assert_fast_paths_agree, slow_and_fast

from offplatform.normalize import words as W
from offplatform.normalize.chars import fold_chars

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

_PIECES = ["o", "oh", "do", "un", "ek", "ba", "hai", "sei", "una", "nine", "two", "five", "veinte", "y", "vingt", "et",
           "un", "venti", "e", "tre", "3", "39", "5", "55", "0", "12345", "@", "$", "|", "!", "outlook", "0utl00k",
           "te1egram", "o8o3", "x", "plus", "+", "double", "-", ".", ",", ":", "(", ")", "_", "a", "b", "k", "τ", "о"]
_GAPS = ["", "", " ", " ", "-", ", ", ".", "  ", "_", "/", " y ", " et "]


def _texts(seed: int, count: int) -> list[str]:
    rnd = random.Random(seed)
    return ["".join(rnd.choice(_PIECES) + rnd.choice(_GAPS) for _ in range(rnd.randint(5, 120)))
            for _ in range(count)]


@pytest.mark.parametrize("seed", range(4))
def test_lone_ambiguous_words_left_out_change_nothing(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    assert_fast_paths_agree(_texts(seed, 300), monkeypatch)


@pytest.mark.parametrize("text", [
    "3 o 5", "o39", "12 o", "o 12 o 3", "nine 5 o 3", "veinte y o 5", "vingt et un 4", "0 o 0utl00k",
    "x o0utl00k", "call 5 oh 5 oh five", "do 12, do 34", "um 5 dois 6 o 7", "o" * 3 + " 1 o 1",
    "venti e o 3", "3-o-4-o-5", "tel: o 3 o 4 o 5 o 6",
])
def test_hand_picked(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    filler = " zz ".join([text] * 5)
    slow, fast = slow_and_fast(fold_chars(filler), monkeypatch)
    assert fast == slow


def test_lone_ambiguous_words_are_left_out() -> None:
    """The filter does drop words (hostile text holds thousands of "o" between digits)."""
    import bench_adversarial

    text = fold_chars(bench_adversarial.CASES["unicode_mix"](60_000)).text
    rule = dict(W._rules()["digits"])["num"]
    spans = [m.span(1) for m in W._number_word_probe(rule.pattern).finditer(text)]
    paired = W._paired_number_words(text, spans)
    kept = W._paired_number_words(text, spans, frozenset())
    assert kept < paired and len(kept) * 4 < len(paired)
    assert W._paired_number_words(text, spans, frozenset(paired)) == paired  # leet starts stay


def test_hostile_slices(monkeypatch: pytest.MonkeyPatch) -> None:
    import bench_adversarial

    rnd = random.Random(8)
    for name in ("unicode_mix", "random_bytes", "number_words", "spaced_digits", "mixed_contact", "digits"):
        whole = bench_adversarial.CASES[name](40_000)
        a = rnd.randrange(len(whole) - 20_000)
        slow, fast = slow_and_fast(fold_chars(whole[a:a + 20_000]), monkeypatch)
        assert fast == slow, name
