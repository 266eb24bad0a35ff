"""``is_warning`` on a long text tests substrings before its regex pass: the substrings must be
pieces of every alternative of the pattern, so the answer is the plain search's."""

from __future__ import annotations

import random

from offplatform.detect import cues

PIECES = ["scammers", "fraudulent", "be careful", "watch out", "reported", "pretended", "claiming to be", "hung up",
          "suspicious", "never ask", "would never", "wont ever", "won't ever", "it's not us", "red flag", "estafa",
          "golpe", "arnaque", "betrug", "мошенники", "beware", "phishing", "scam", "won", "report", "never"]


def _alternatives() -> list[str]:
    """Every alternative of _WARNING written out, from the pattern's source."""
    body = cues._WARNING.pattern[len(r"\b(?:"):-len(r")\b")]
    return body.split("|")


def test_every_alternative_holds_a_part() -> None:
    alternatives = _alternatives()
    assert len(alternatives) > 30
    for a in alternatives:
        literal = a.replace("'?", "").replace(r"\w{0,6}", "")
        assert any(part in literal for part in cues._WARNING_PARTS), a


def test_long_texts_agree_with_the_plain_search() -> None:
    rng = random.Random(3)
    noise = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789 .,!?@\n") for _ in range(3000))
    hits = 0
    for piece in PIECES + ["", "nothing here"]:
        for text in (noise + " " + piece + " " + noise, piece + noise, noise + piece):
            expected = cues._WARNING.search(text) is not None
            assert cues.is_warning(text) is expected, piece
            hits += expected
    assert hits > 20
    assert cues.is_warning(noise) is (cues._WARNING.search(noise) is not None)
