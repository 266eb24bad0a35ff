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
