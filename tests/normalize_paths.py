"""The word rewriter read two ways, for the tests of its long-text fast paths: the plain path (no
text counts as long) and every fast path on (every text counts as long and sparse)."""

from __future__ import annotations

import pytest

from offplatform.normalize import words as W


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
