"""On a long text the "num" rule runs only at number words that may join a run
(``words._paired_number_words``, wrapped by ``_LiveWords``), and the digit regions follow those
words only. A number word with no neighbour is a run of one item, which is never converted, so the
rewrite must be the same as with every number word: checked here with the thresholds moved
(``_LONG_TEXT`` and ``_SPARSE_WORDS`` at 0 put every text on the new path) on texts dense in number
words, digits, connectors, leet characters and separators, and on slices of the hostile inputs."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from normalize_paths import assert_fast_paths_agree, slow_and_fast
from test_normalize_fast_paths import _PIECES

from offplatform.normalize import words as W
from offplatform.normalize.chars import fold_chars

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

_NUMBER_PIECES = ["y", "et", "und", "treinta", "dos", "vingt", "un", "o", "oh", "one", "5", "55", "@", "$", "!",
                  "|", "x", "€", "telegr@m", "one@", "o$", "  ", "-", "e", "x@y.com", "hundred", "five", "double",
                  "plus", "+", "nine1", "2o", "1o1"]


def _texts(seed: int, count: int) -> list[str]:
    rnd = random.Random(seed)
    pieces = _PIECES + _NUMBER_PIECES * 3
    return ["".join(rnd.choice(pieces) + rnd.choice(["", " ", " ", "  ", ", "]) for _ in range(rnd.randint(5, 80)))
            for _ in range(count)]


@pytest.mark.parametrize("seed", range(3))
def test_lone_number_words_left_out_change_nothing(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    assert_fast_paths_agree(_texts(seed, 400), monkeypatch)


def test_some_number_words_are_left_out() -> None:
    rule = dict(W._rules()["digits"])["num"]
    total = dropped = 0
    for text in _texts(9, 200):
        text = fold_chars(text).text
        spans = [m.span(1) for m in W._number_word_probe(rule.pattern).finditer(text)]
        total += len(spans)
        dropped += len(spans) - len(W._paired_number_words(text, spans))
    assert total and total // 10 <= dropped < total


def test_hostile_slices(monkeypatch: pytest.MonkeyPatch) -> None:
    import bench_adversarial

    rnd = random.Random(4)
    for name in ("unicode_mix", "random_bytes", "number_words", "spaced_digits", "mixed_contact", "plus_digits"):
        whole = bench_adversarial.CASES[name](40_000)
        a = rnd.randrange(len(whole) - 20_000)
        slow, fast = slow_and_fast(fold_chars(whole[a:a + 20_000]), monkeypatch)
        assert fast == slow, name
