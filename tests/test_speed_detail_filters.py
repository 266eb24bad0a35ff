"""Written-out fast paths of the phone detector's cue marks and of the barcode and counting-run
filters (sixth session) give what the plain ways, written out here, give."""

from __future__ import annotations

import random

from offplatform import filters
from offplatform.detect import phone

CUE_PIECES = [*phone._CUE_MARKS, "call", "app", "me", "tel", "sms", "hit", "bel", "ara", "m-", "pesa", "é", "ñ",
              "звон", "📞", " ", ":", "-", "x", "1", "hotel:", "chiamami", "llamame", "appelle-moi"]


def _texts(pieces: list[str], seed: int, n: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(pieces) + rng.choice(["", " "]) for _ in range(rng.randint(0, 8))) for _ in range(n)]


def test_cue_mark_is_any_mark_in_the_text() -> None:
    for text in _texts(CUE_PIECES, 1, 20000):
        assert phone._has_cue_mark(text) == any(mark in text for mark in phone._CUE_MARKS), text


def test_has_cue_is_the_cue_pattern() -> None:
    for text in _texts(CUE_PIECES, 2, 20000):
        assert phone._has_cue(text) == (phone._CUE.search(text) is not None), text


def _plain_barcode(text: str, start: int, end: int) -> bool:
    digits = "".join(c for c in text[start:end] if c.isdigit())
    if len(digits) not in (8, 12, 13, 14) or filters._BARCODE_WORDS.search(text, max(0, start - 160), end + 160) is None:
        return False
    body, check = digits[:-1], int(digits[-1])
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10 == check


def test_barcode_filter_reads_the_same_digits() -> None:
    rng = random.Random(3)
    chars = "0123456789 -+()./,x٣４abc"
    hits = 0
    for i in range(100000):
        text = "".join(rng.choice(chars) for _ in range(rng.randint(0, 20)))
        text = text + " barcode " if i % 2 else "ean " + text
        a, b = sorted((rng.randint(0, len(text)), rng.randint(0, len(text))))
        got = filters._is_barcode(text, a, b)
        assert got == _plain_barcode(text, a, b), (text, a, b)
        hits += got
    assert hits  # barcodes with a valid check digit were among them
    assert filters._is_barcode("barcode 4006381333931", 8, 21)


def test_counting_run_is_any_run_in_the_digits() -> None:
    rng = random.Random(4)
    for _ in range(50000):
        digits = "".join(rng.choice("0123456789") for _ in range(rng.randint(0, 15)))
        assert filters._has_counting_run(digits) == any(run in digits for run in filters._COUNTING_RUNS), digits
    assert filters._has_counting_run("0123456") and filters._has_counting_run("98765432")
