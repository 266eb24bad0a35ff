"""The e-mail detector skips the provider-implied pattern ("name@gmail") when no provider name is a
word of the text: the provider stands between the "@" and a word boundary, so it is one. Checked
against the plain search on texts built around "@" and provider names."""

from __future__ import annotations

import random

from offplatform.detect import email
from offplatform.normalize.text import word_set

PIECES = ["ana", "ana.b", "@", "gmail", "yahoo", "outlook", "hotmail", "protonmail", "gmailx", "xgmail", ".", "-",
          " ", " ", "com", "_", "1", "é", "@gmail", "@yahoo.", "@gmail-", "me@gmail", "x@outlook", "@@"]


def test_provider_words_gate_the_implied_pattern() -> None:
    rng = random.Random(11)
    matched = 0
    for _ in range(20000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 10)))
        if email._IMPLIED.search(text) is not None:
            matched += 1
            assert not email._PROVIDER_WORDS.isdisjoint(word_set(text)), text
    assert matched > 1000


def test_upi_handles_gate_the_upi_pattern() -> None:
    from offplatform.detect import payment

    handles = sorted(payment._UPI_HANDLES)
    assert payment._UPI.pattern.count("|") + 1 == len(handles)  # the gate lists every handle of the pattern
    assert all(h in payment._UPI.pattern for h in handles)
    rng = random.Random(12)
    pieces = ["ana", "ana.b", "@", ".", "-", " ", "1", "x", *handles, *(h + "x" for h in handles), "@ybl", "@upi."]
    matched = 0
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 8)))
        if payment._UPI.search(text) is not None:
            matched += 1
            assert not payment._UPI_HANDLES.isdisjoint(word_set(text)), text
    assert matched > 1000
