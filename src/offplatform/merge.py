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
    for f in details:
        if f.end <= f.start:
            continue
        if any(f.overlaps(k) for k in kept):
            continue
        kept.append(f)
    out = kept + list(signals.values())
    out.sort(key=lambda f: (f.start, f.end, f.kind))
    return out
