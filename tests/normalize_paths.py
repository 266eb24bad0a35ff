"""The word rewriter read two ways, for the tests of its long-text fast paths: the plain path (no
text counts as long) and every fast path on (every text counts as long and sparse)."""

from __future__ import annotations

import pytest

from offplatform.normalize import words as W
from offplatform.normalize.chars import fold_chars


def slow_and_fast(folded, monkeypatch: pytest.MonkeyPatch):
    """((text, starts, ends) on the plain path, the same with every fast path on)."""
    with monkeypatch.context() as patch:
        patch.setattr(W, "_LONG_TEXT", 10**9)
        slow = W.rewrite_words(folded)
    with monkeypatch.context() as patch:
        patch.setattr(W, "_LONG_TEXT", 0)
        patch.setattr(W, "_SPARSE_WORDS", 0)
        W._leet_piece_starts.cache_clear()
        fast = W.rewrite_words(folded)
    W._leet_piece_starts.cache_clear()
    return (slow.text, slow.starts, slow.ends), (fast.text, fast.starts, fast.ends)


def assert_fast_paths_agree(texts, monkeypatch: pytest.MonkeyPatch, min_changed: int = 100) -> None:
    """Every text reads the same both ways, and at least ``min_changed`` of them are rewritten at all
    (a table of texts that nothing rewrites would prove nothing)."""
    changed = 0
    for text in texts:
        folded = fold_chars(text)
        slow, fast = slow_and_fast(folded, monkeypatch)
        assert fast == slow, text
        changed += slow[0] != folded.text
    assert changed >= min_changed, changed
