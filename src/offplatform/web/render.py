"""Turning stored messages into what a page shows: highlighted spans, chips, durations.

Spans may overlap (a scam phrase around a phone number): :func:`segments` cuts the text at every
span boundary, so each piece knows every span that covers it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from itertools import pairwise


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    marks: tuple[int, ...]  # indices of the spans covering this piece (empty: plain text)


def segments(text: str, spans: Sequence[tuple[int, int]]) -> list[Segment]:
    """``text`` cut at every boundary of ``spans`` (``[start, end)`` pairs, clipped to the text)."""
    n = len(text)
    clipped = [(max(0, min(s, n)), max(0, min(e, n))) for s, e in spans]
    cuts = sorted({0, n, *(s for s, _ in clipped), *(e for _, e in clipped)})
    out: list[Segment] = []
    for a, b in pairwise(cuts):
        if a == b:
            continue
        marks = tuple(i for i, (s, e) in enumerate(clipped) if s <= a and b <= e and s < e)
        out.append(Segment(text[a:b], marks))
    return out


def term_spans(text: str, words: Sequence[str], limit: int = 50) -> list[tuple[int, int]]:
    """Where each (lowercase) search term occurs in ``text``, case-insensitively; none when
    lowercasing changes the text's length (offsets would not map back)."""
    lower = text.lower()
    if len(lower) != len(text):
        return []
    spans: list[tuple[int, int]] = []
    for word in words:
        if not word:
            continue
        pos = lower.find(word)
        while pos != -1 and len(spans) < limit:
            spans.append((pos, pos + len(word)))
            pos = lower.find(word, pos + len(word))
    return spans


@lru_cache(maxsize=8)
def placeholder_pattern(template: str) -> re.Pattern[str]:
    """A pattern for the policy's placeholder (``"[{kind} hidden]"``); the kind is group 1."""
    head, _, tail = template.partition("{kind}")
    return re.compile(re.escape(head) + r"([a-z_]{1,20})" + re.escape(tail))


@dataclass(frozen=True, slots=True)
class Piece:
    """Part of a message as shown: plain ``text``, or a chip for a hidden ``kind``."""

    text: str
    kind: str | None = None


def chips(delivered: str, template: str, masked: bool) -> list[Piece]:
    """The delivered text with each placeholder as a chip (only for messages that were masked, so
    a typed "[phone hidden]" in an ordinary message stays text)."""
    if not masked:
        return [Piece(delivered)]
    out: list[Piece] = []
    pos = 0
    for m in placeholder_pattern(template).finditer(delivered):
        if m.start() > pos:
            out.append(Piece(delivered[pos:m.start()]))
        out.append(Piece(m.group(0), m.group(1)))
        pos = m.end()
    if pos < len(delivered):
        out.append(Piece(delivered[pos:]))
    return out


def duration(delta: timedelta | None) -> str:
    """``3 d 4 h``, ``5 h 12 min``, ``7 min``, ``just now``."""
    if delta is None:
        return "-"
    seconds = int(delta.total_seconds())
    if seconds < 60:
        return "just now"
    minutes, hours, days = seconds // 60 % 60, seconds // 3600 % 24, seconds // 86400
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {minutes} min"
    return f"{minutes} min"
