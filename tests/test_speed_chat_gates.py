"""Substring and word gates put in front of whole-text regex passes on chat messages answer as the
passes themselves (the gate is a necessary condition of the pattern)."""

from __future__ import annotations

import random

from table_texts import chat_texts, table_texts

from offplatform.detect import cues
from offplatform.normalize import normalize

_WARNINGS = [
    "beware of scammers", "be careful", "watch out for fake recruiters", "i reported them", "report it to support",
    "he was pretending to be staff", "someone claiming to be from the platform", "he hung up", "looks suspicious",
    "the platform will never ask for your password", "they won't ever ask", "it's not us", "huge red flag",
    "es una estafa", "é golpe", "c'est une arnaque", "das ist betrug", "это мошенники", "mошенник", "fraudulent",
    "phishing link", "scammy", "wonderful work", "never mind", "careless", "reporter", "scampi",
]


def _texts() -> list[str]:
    rng = random.Random(3)
    out = table_texts() + chat_texts(3000, seed=5) + _WARNINGS
    for _ in range(2000):
        out.append(" ".join(rng.choice(_WARNINGS + ["ok", "send", "the", "code", "."]) for _ in range(rng.randint(1, 5))))
    return [normalize(t).text for t in out]


def test_is_warning_answers_as_the_pattern() -> None:
    warned = 0
    for text in _texts():
        cues.is_warning.cache_clear()
        expected = cues._WARNING.search(text) is not None
        assert cues.is_warning(text) is expected, text
        warned += expected
    assert warned > 500


def test_the_substring_gate_can_fail() -> None:
    """Without "never" among the pieces, "will never" would be missed: the test above would see it."""
    text = "the platform will never ask"
    assert cues._WARNING.search(text) is not None
    assert not any(p in text for p in cues._WARNING_PARTS if p != "never")
