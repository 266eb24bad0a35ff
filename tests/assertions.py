"""One assertion helper for the detector tables (after presidio's tests/assertions.py)."""

from __future__ import annotations

from offplatform import Kind, Scanner, ScanResult


def details_of(result: ScanResult, kind: Kind | None = None) -> list[tuple[str, str]]:
    return [(str(f.kind), f.text) for f in result.details if kind is None or f.kind == kind]


def assert_found(scanner: Scanner, text: str, kind: Kind, expected_text: str, value: str | None = None) -> None:
    result = scanner.scan(text)
    hits = [f for f in result.findings if f.kind == kind and f.text == expected_text]
    assert hits, f"expected {kind} {expected_text!r} in {text!r}; got {details_of(result)}"
    for f in hits:
        assert text[f.start:f.end] == f.text
        assert f.rule and 0.0 <= f.score <= 1.0
    if value is not None:
        assert any(f.value == value for f in hits), [f.value for f in hits]


def assert_no_detail(scanner: Scanner, text: str) -> None:
    result = scanner.scan(text)
    assert not result.details, f"false positive in {text!r}: {details_of(result)}"
