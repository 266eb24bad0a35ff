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
    original = nt.original
    starts = nt.starts
    if starts is None:  # identity map (see NormalizedText.to_original)
        a, b = start, end
    elif end > start:
        a, b = starts[start], nt.ends[end - 1]
    else:
        a = b = starts[start] if start < len(starts) else len(original)
    text = original[a:b]
    if text and (text[0].isspace() or text[-1].isspace()):
        stripped = text.lstrip()
        a += len(text) - len(stripped)
        text = stripped.rstrip()
        b = a + len(text)
    return Finding(
        kind=kind,
        start=a,
        end=b,
        text=text,
        value=value,
        rule=rule,
        score=score if 0.0 <= score <= 1.0 else (0.0 if score < 0.0 else 1.0),
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
