"""Masking: replace detail spans with a placeholder naming the kind ("[phone hidden]").

Two promises, both property-tested: text outside the masked stretches is unchanged, and no
fragment of a detail stays visible. For the second, a mask is widened to whole words (a detector
span that stops inside a run of letters or digits would otherwise leave the rest of the run on
screen), and masks that touch or overlap are merged into one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

#: How far a mask may grow to reach a word boundary (keeps masking linear and bounded).
MAX_WIDEN = 64


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch to hide: ``[start, end)`` of the original text and the kind it held."""

    start: int
    end: int
    kind: str


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def widen(text: str, start: int, end: int) -> tuple[int, int]:
    """Grow ``[start, end)`` to word boundaries (at most :data:`MAX_WIDEN` characters each way)."""
    if start < end:
        lo = max(0, start - MAX_WIDEN)
        while start > lo and _is_word(text[start - 1]) and _is_word(text[start]):
            start -= 1
        hi = min(len(text), end + MAX_WIDEN)
        while end < hi and _is_word(text[end]) and _is_word(text[end - 1]):
            end += 1
    return start, end


def plan(text: str, spans: Sequence[Span]) -> list[Span]:
    """The stretches actually hidden: widened to words, sorted, merged where they touch.

    A merged stretch keeps the kind of its first span.
    """
    widened = sorted(
        (Span(*widen(text, s.start, s.end), s.kind) for s in spans if s.start < s.end),
        key=lambda s: (s.start, -s.end),
    )
    merged: list[Span] = []
    for s in widened:
        if merged and s.start <= merged[-1].end:
            last = merged[-1]
            if s.end > last.end:
                merged[-1] = Span(last.start, s.end, last.kind)
            continue
        merged.append(s)
    return merged


def placeholder_for(template: str, kind: str) -> str:
    return template.format(kind=kind)


def apply(text: str, stretches: Sequence[Span], template: str = "[{kind} hidden]") -> str:
    """Replace each stretch of :func:`plan`'s output with its placeholder."""
    out: list[str] = []
    pos = 0
    for s in stretches:
        out.append(text[pos : s.start])
        out.append(placeholder_for(template, s.kind))
        pos = s.end
    out.append(text[pos:])
    return "".join(out)


def mask_text(text: str, spans: Sequence[Span], template: str = "[{kind} hidden]") -> str:
    """Mask ``spans`` of ``text`` in one step (plan, then apply)."""
    return apply(text, plan(text, spans), template)
