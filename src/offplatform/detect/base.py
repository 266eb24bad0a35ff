"""What every detector is: a small object with ``detect(normalized) -> Iterator[Finding]``.

Detectors read the normalized text, never do I/O and keep no state between calls. They are
built once per :class:`~offplatform.scanner.Scanner` with the frozen configuration.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar, Protocol

from ..config import ScanConfig
from ..finding import Finding, Kind
from ..normalize import NormalizedText


class Detector(Protocol):
    kinds: ClassVar[frozenset[Kind]]

    def detect(self, nt: NormalizedText) -> Iterator[Finding]: ...


def make_finding(
    nt: NormalizedText,
    kind: Kind,
    start: int,
    end: int,
    *,
    value: str,
    rule: str,
    score: float,
    category: str | None = None,
    explanation: str = "",
) -> Finding:
    """Build a finding from a span of the NORMALIZED text; the span is mapped to the original
    and trimmed of surrounding white space."""
    a, b = nt.to_original(start, end)
    original = nt.original
    while a < b and original[a].isspace():
        a += 1
    while b > a and original[b - 1].isspace():
        b -= 1
    return Finding(
        kind=kind,
        start=a,
        end=b,
        text=original[a:b],
        value=value,
        rule=rule,
        score=max(0.0, min(1.0, score)),
        category=category,
        explanation=explanation,
    )


def window(text: str, start: int, end: int, before: int = 40, after: int = 40) -> tuple[str, str]:
    """The text just before and just after a span (for context cues)."""
    return text[max(0, start - before):start], text[end:end + after]


class BaseDetector:
    """Shared constructor: keeps the configuration."""

    kinds: ClassVar[frozenset[Kind]] = frozenset()

    def __init__(self, config: ScanConfig) -> None:
        self.config = config
