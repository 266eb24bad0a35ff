"""Two fast paths of the ASCII shortcut (``words._ascii_unchanged``) agree with what they replace.

- ``_AT_ONLY_DOMAIN_GATE`` (the "at" + domain gate that starts with the literal "at") stands in
  for ``_AT_DOMAIN_GATE`` on ASCII text that holds none of the other spelled "at"s: the same answer.
- ``_has_number_pair_among`` (the number words taken from the text's words) stands in for
  ``_has_number_pair`` when no letter touches a digit, an upper-case letter or "_": the same answer.

Checked on realistic chat, on mixtures of the pieces that reach every branch, and on texts made
to put number words and "at" beside digits, separators and other words."""

from __future__ import annotations

import random

import pytest
from test_normalize_fast_paths import _HAND_PICKED, _PIECES, _chat, _mixtures

from offplatform.normalize import words as W
from offplatform.normalize.chars import fold_chars
from offplatform.normalize.text import word_set

_NUMBER_AND_AT_PIECES = [
    "one", "two", "nine", "twenty", "three", "vingt", "et", "un", "y", "treinta", "dos", "o", "oh", "plus",
    "double", "do", "once", "someone", "phone", "done", "1", "22", "7", "555", " ", " ", ",", "-", ".", ", ",
    "/", "(", ")", "at", "at the rate", "at sign", "that", "gmail", "mail", "g", "hot", "acme", "x", ".com",
    " dot ", "(dot)", "point ", "icloud", "-", ":", "+", "arroba", "chez",
]


def _texts() -> list[str]:
    rnd = random.Random(7)
    made = ["".join(rnd.choice(_NUMBER_AND_AT_PIECES) + rnd.choice(["", " ", " ", " "])
                    for _ in range(rnd.randint(1, 20))) for _ in range(3000)]
    raw = _chat(3000) + _HAND_PICKED + _mixtures(11, 2000) + made + list(_PIECES)
    return [fold_chars(t).text for t in raw]


_TEXTS = _texts()


def _gate(text: str) -> frozenset[str]:
    return word_set(text) & W._gate_words()


def test_at_only_gate_is_the_full_gate_without_other_at_words() -> None:
    checked = matched = 0
    for text in _TEXTS + [t + " arroba x.com" for t in _TEXTS[:300]] + ["xarroba sara.com", "chez acme.fr"]:
        if not text.isascii():
            continue
        full = W._AT_DOMAIN_GATE.search(text) is not None
        if W._other_at_word_inside(text):
            continue
        assert (W._AT_ONLY_DOMAIN_GATE.search(text) is not None) is full, text
        checked += 1
        matched += full
    assert checked >= 1000 and matched >= 50


def test_other_at_words_are_the_other_branches() -> None:
    assert W._other_at_word_inside("xarroba sara.com") and W._other_at_word_inside("klammeraffe")
    assert not W._other_at_word_inside("mail me at sara.com")
    assert all(w.isascii() and w in W._AT_WORDS_RE for w in W._OTHER_ASCII_AT_WORDS)


def _words_are_the_runs(text: str) -> bool:
    shape = text.encode("ascii").translate(W._SHAPE).decode("ascii")
    return "A" not in shape and "_" not in shape and W._SHAPE_GLUED.search(shape) is None


@pytest.mark.parametrize("part", range(3))
def test_number_pair_among_words_is_the_number_pair(part: int) -> None:
    checked = paired = 0
    for text in _TEXTS[part::3]:
        if not text.isascii() or not _words_are_the_runs(text):
            continue
        candidates = _gate(text) & W._num_rule_words()
        expected = W._has_number_pair(text)
        assert W._has_number_pair_among(text, candidates) is expected, text
        checked += 1
        paired += expected
    assert checked >= 500 and paired >= 50


def test_spaced_shape_gate_is_needed_for_the_spaced_gate() -> None:
    extra = ["g m a i l", "w.h.a.t.s", "a - b - c", "x . y @ z", "a @ b . c", "i a m", "a*b*c", "a b c1", "ab c d",
             "a b cd", "a  b c", "a . b . c", "a @ b @ c"]
    checked = matched = 0
    for text in _TEXTS + extra:
        if not text.isascii():
            continue
        shape = text.encode("ascii").translate(W._SHAPE).decode("ascii")
        if "_" in shape or "#" in shape:
            continue
        gate = W._SPACED_GATE_FROM_SEPARATOR.search(text) is not None
        if gate:
            assert W._SHAPE_SPACED.search(shape) is not None, text
            matched += 1
        checked += 1
    assert checked >= 1000 and matched >= 50
