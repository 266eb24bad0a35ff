"""Merging: one finding per stretch of text.

Two detail findings that overlap are one detail; the more specific kind wins (a t.me link is
``messaging`` rather than ``url``; an address in a ``mailto:`` link is an ``email``), then the
higher score, then the longer span. Message-level signals (intent, scam) are kept one per rule.
"""

from __future__ import annotations

from collections.abc import Iterable

from .finding import DETAIL_KINDS, Finding, Kind

#: Higher wins when detail findings overlap.
SPECIFICITY: dict[Kind, int] = {
    Kind.PAYMENT: 7,
    Kind.MEETING: 6,
    Kind.MESSAGING: 5,
    Kind.SOCIAL: 4,
    Kind.EMAIL: 3,
    Kind.PHONE: 2,
    Kind.URL: 1,
}


def merge_findings(findings: Iterable[Finding]) -> list[Finding]:
    details: list[Finding] = []
    signals: dict[tuple[Kind, str | None], Finding] = {}
    for f in findings:
        if f.kind in DETAIL_KINDS:
            details.append(f)
        else:
            key = (f.kind, f.category)
            best = signals.get(key)
            if best is None or f.score > best.score:
                signals[key] = f
    details.sort(key=lambda f: (-SPECIFICITY[f.kind], -f.score, -(f.end - f.start), f.start))
    kept: list[Finding] = []
    # Kept spans never overlap, so each text position belongs to at most one: a detail is dropped
    # when a position of its span is already taken. Linear in the total length of the spans, even
    # for a text with thousands of details.
    taken = bytearray(max((f.end for f in details), default=0))
    for f in details:
        if f.end <= f.start or taken.find(1, f.start, f.end) != -1:
            continue
        kept.append(f)
        taken[f.start:f.end] = b"\x01" * (f.end - f.start)
    out = kept + list(signals.values())
    out.sort(key=lambda f: (f.start, f.end, f.kind))
    return out
