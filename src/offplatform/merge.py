"""Merging: one finding per stretch of text.

Two detail findings that overlap are one detail; the more specific kind wins (a t.me link is
``messaging`` rather than ``url``; an address in a ``mailto:`` link is an ``email``), then the
higher score, then the longer span. Message-level signals (intent, scam) are kept one per rule.
"""

from __future__ import annotations

from bisect import bisect_left
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
    # The kept spans never overlap one another, so sorted by start they are sorted by end too:
    # a new span overlaps one of them exactly when it overlaps the last one starting before its
    # end. A bisection finds that one (linear merging, even for a text with thousands of details).
    starts: list[int] = []
    ends: list[int] = []
    for f in details:
        if f.end <= f.start:
            continue
        i = bisect_left(starts, f.end)
        if i and ends[i - 1] > f.start:
            continue
        kept.append(f)
        starts.insert(i, f.start)
        ends.insert(i, f.end)
    out = kept + list(signals.values())
    out.sort(key=lambda f: (f.start, f.end, f.kind))
    return out
