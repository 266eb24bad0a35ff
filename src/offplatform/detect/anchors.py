"""The anchor pass the message-level detectors share: one Aho-Corasick pass over a message says
which intent rule families and which scam rules are worth running (see :class:`~.cues.AnchorIndex`).

Both detectors read the same normalized text, so the pass runs once per message: the answer is
cached for the last few texts.
"""

from __future__ import annotations

from functools import cache, lru_cache

from .cues import AnchorIndex


@cache
def _index() -> AnchorIndex:
    from .intent import anchor_words
    from .scam import RULE_ANCHORS

    intent_words, intent_substrings = anchor_words()
    words: dict[tuple[str, str], list[str] | tuple[str, ...]] = {}
    words.update({("intent", family): w for family, w in intent_words.items()})
    words.update({("scam", rule): w for rule, w in RULE_ANCHORS.items()})
    return AnchorIndex(words, substrings={("intent", family): s for family, s in intent_substrings.items()})


@lru_cache(maxsize=64)
def message_families(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """(intent rule families, scam rule ids) whose anchors occur in ``text``."""
    intent: set[str] = set()
    scam: set[str] = set()
    for detector, name in _index().families(text):
        (intent if detector == "intent" else scam).add(name)
    return frozenset(intent), frozenset(scam)
