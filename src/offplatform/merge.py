"""Merging: one finding per stretch of text.

Two detail findings that overlap are one detail; the more specific kind wins (a t.me link is
``messaging`` rather than ``url``; an address in a ``mailto:`` link is an ``email``), then the
higher score, then the longer span. Message-level signals (intent, scam) are kept one per rule.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from operator import attrgetter

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


#: Order of the merged output.
_POSITION = attrgetter("start", "end", "kind")
_START = attrgetter("start")
_END = attrgetter("end")


def merge_findings(findings: Iterable[Finding]) -> list[Finding]:
    if isinstance(findings, list) and len(findings) <= 1:  # none or one finding: nothing to merge
        if not findings:
            return []
        f = findings[0]
        return [] if f.kind in DETAIL_KINDS and f.end <= f.start else [f]
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
    if _disjoint(details):
        # nothing overlaps (the usual case, and a text with thousands of details): every detail
        # is kept, already in output order (distinct starts); the few signals are put in place
        # (after anything with an equal key, as a stable sort would)
        for signal in sorted(signals.values(), key=_POSITION):
            details.insert(bisect_right(details, _POSITION(signal), key=_POSITION), signal)
        return details
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
    out.sort(key=_POSITION)
    return out


def _disjoint(details: list[Finding]) -> bool:
    """True when every detail has a non-empty span and no two spans overlap; sorts ``details`` by
    start (two details starting at the same position overlap, so then the order is the output's)."""
    details.sort(key=_START)
    starts = list(map(_START, details))
    ends = list(map(_END, details))
    # each span starts at or after the end of the one before (and so of every one before)
    return all(map(int.__lt__, starts, ends)) and all(map(int.__le__, ends, starts[1:]))
