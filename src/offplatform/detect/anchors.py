"""The anchor pass the message-level detectors share: one Aho-Corasick pass over a message says
which intent rule families and which scam rules are worth running (see :class:`~.cues.AnchorIndex`).

Both detectors read the same normalized text, so the pass runs once per message: the answer is
cached for the last few texts.
"""

from __future__ import annotations

from functools import cache, lru_cache

from .cues import AnchorIndex


_NO_NAMES: frozenset[str] = frozenset()


def _split(families: frozenset[tuple[str, str]]) -> tuple[frozenset[str], frozenset[str]]:
    """(intent rule families, scam rule ids) of a set of (detector, name) pairs."""
    intent = frozenset(name for detector, name in families if detector == "intent") or _NO_NAMES
    scam = frozenset(name for detector, name in families if detector != "intent") or _NO_NAMES
    return intent, scam


@cache
def _index() -> AnchorIndex:
    from .intent import anchor_words
    from .scam import RULE_ANCHORS

    intent_words, intent_substrings = anchor_words()
    words: dict[tuple[str, str], list[str] | tuple[str, ...]] = {}
    words.update({("intent", family): w for family, w in intent_words.items()})
    words.update({("scam", rule): w for rule, w in RULE_ANCHORS.items()})
    return AnchorIndex(words, substrings={("intent", family): s for family, s in intent_substrings.items()},
                       answer=_split)


@lru_cache(maxsize=64)
def message_families(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """(intent rule families, scam rule ids) whose anchors occur in ``text``: the split of
    ``_index().families(text)``, answered by :meth:`~.cues.AnchorIndex.lookup` (the pairs are built
    once per family set, and a text that wakes nothing gets one shared pair of empty sets)."""
    return _index().lookup(text)
