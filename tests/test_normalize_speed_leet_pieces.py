"""The long-text path of the leet rule (``words._leet_piece_starts``) agrees with the per-run path.

On a text longer than ``_LONG_TEXT`` the leet gate asks whether ``_leet_piece_starts`` is empty
instead of testing each run with ``_run_can_rewrite``, and ``_ProductiveLeet`` tries the rule only
where such a piece starts instead of at every raw match. Both must give what the per-run path
gives: checked here with the threshold moved (0 forces the long-text path on short texts) on texts
built from leeted known names, leet characters and the characters that bound a run, and on slices
of the hostile benchmark inputs through the whole of ``rewrite_words``."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

from offplatform.normalize import words as W
from offplatform.normalize.chars import fold_chars

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))


def _leeted(rng: random.Random, name: str) -> str:
    by_letter: dict[str, list[str]] = {}
    for char, letter in W.LEET.items():
        by_letter.setdefault(letter, []).append(char)
    return "".join(rng.choice(by_letter.get(c, [c])) if rng.random() < 0.3 else c for c in name)


def _texts(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    alphabet = "abcdefghijklmnopqrstuvwxyz" + W._LEET_CHARS + " .,-x2ié@"
    names = sorted(W.VOCABULARY)
    out = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 30)):
            if rng.random() < 0.3:
                parts.append(_leeted(rng, rng.choice(names)))
            else:
                parts.append("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 8))))
        out.append(rng.choice(["", "!", "|", " ", "$"]).join(parts))
    return out


@pytest.mark.parametrize("seed", range(4))
def test_piece_starts_tell_the_gate(seed: int) -> None:
    texts = _texts(seed, 800)
    answers = [bool(W._leet_piece_starts(text)) for text in texts]
    assert answers == [W._leet_may_rewrite(text, W._run_can_rewrite) for text in texts]
    assert any(answers) and not all(answers)


@pytest.mark.parametrize("not_on_digits", [False, True])
@pytest.mark.parametrize("seed", range(3))
def test_productive_leet_on_pieces_matches_the_plain_search(seed: int, not_on_digits: bool,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    rule = dict(W._rules()["leet"])["leet"]
    for text in _texts(100 + seed, 600):
        plain = [m.span() for m in W._ProductiveLeet(rule, not_on_digits=not_on_digits).finditer(text)]
        with monkeypatch.context() as patch:
            patch.setattr(W, "_LONG_TEXT", 0)
            fast = [m.span() for m in W._ProductiveLeet(rule, not_on_digits=not_on_digits).finditer(text)]
        assert fast == plain, text


def test_hostile_slices_rewrite_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    import bench_adversarial

    rng = random.Random(3)
    for name in ("unicode_mix", "random_bytes", "app_names", "mixed_contact"):
        whole = bench_adversarial.CASES[name](60_000)
        for _ in range(2):
            a = rng.randrange(len(whole) - 20_000)
            folded = fold_chars(whole[a:a + rng.randrange(5_000, 20_000)])
            with monkeypatch.context() as patch:
                patch.setattr(W, "_LONG_TEXT", 10**9)
                slow = W.rewrite_words(folded)
            W._leet_piece_starts.cache_clear()
            fast = W.rewrite_words(folded)
            assert (fast.text, fast.starts, fast.ends) == (slow.text, slow.starts, slow.ends), name
