"""The ASCII shortcut of ``rewrite_words`` (``words._ascii_unchanged``) and the per-word-set
profile it reads agree with the full path.

``_ascii_unchanged(text, words)`` says "nothing to rewrite" for ordinary ASCII chat after a
dictionary look-up and a few ``in`` tests. It may answer "maybe" (False) where the full path
would change nothing (the full path then decides), but never "unchanged" where the full path
changes something. Checked against the full path (``_rewrite_words``) and against the reference
(``reference_rewrite`` of tests/test_normalize_fast_paths.py, which has no fast path at all), on
realistic chat, on mixtures built to hit every branch and on arbitrary ASCII text."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_normalize_fast_paths import _HAND_PICKED, _PIECES, _chat, _mixtures, reference_rewrite

from offplatform.normalize import words as W
from offplatform.normalize.chars import fold_chars
from offplatform.normalize.text import word_set


def _gate(text: str) -> frozenset[str]:
    return word_set(text) & W._gate_words()


def _full_path_unchanged(text: str, words: frozenset[str]) -> bool:
    """What ``_rewrite_words`` concludes without rewriting: the substitution leaves the text as it
    is, and no rule is active, or only the number rules on a text without a pair of number items."""
    folded = fold_chars(text)
    if W._apply_substitution(folded, words) is not folded:
        return False
    names = [name for name, _ in W._active_rules(folded.text, words)]
    return not names or (names == ["num", "digits"] and not W._has_number_pair(folded.text))


def _conservative(text: str, words: frozenset[str]) -> bool:
    """Where the shortcut may say "maybe" although the full path changes nothing: a substitution
    verb, "=", an arrow or "<symbol> is" (the substitution's own checks decide), a bracketed "a"
    (the separator family is on, its rules decide)."""
    return (not W._SUBSTITUTION_WORDS.isdisjoint(words) or "=" in text or "->" in text
            or W._SYMBOL_IS.search(text) is not None or W._BRACKETED_A.search(text) is not None)


def assert_shortcut_exact(original: str) -> None:
    folded = fold_chars(original)
    text = folded.text
    if not text.isascii():
        return
    words = _gate(text)
    W._PROFILES.clear()  # the profile computed afresh ...
    fast = W._ascii_unchanged(text, words)
    assert W._ascii_unchanged(text, words) is fast, original  # ... and read back from the table
    expected = _full_path_unchanged(text, words)
    if fast:
        assert expected, original
        assert W._rewrite_words(folded, words) is folded, original
        reference = reference_rewrite(folded)
        assert (reference.text, reference.starts, reference.ends) == (text, folded.starts, folded.ends), original
    elif expected:
        assert _conservative(text, words), original
    out, slow = W.rewrite_words(folded), W._rewrite_words(folded, words)
    assert (out.text, out.starts, out.ends) == (slow.text, slow.starts, slow.ends), original


@pytest.mark.parametrize("text", _HAND_PICKED + [
    "see you at 3.30pm, the file is at drive. ok?", "meet at the cafe. bring the 2nd draft", "pay $250 for 3 logos",
    "i'm online from 8am to 12pm", "call me nine1 two04", "ring me at 5, it is under score", "a b c are the options",
    "x | y is the split", "the wh!tsapp group", "version 4.16 is live", "at john (dot) com", "at john . com",
    "reach me at ana.b.com", "at gmail", "we chat at 10", "do 2 do", "one 2 three", "write at x.io", "# is @ here #",
])
def test_shortcut_on_hand_picked_texts(text: str) -> None:
    assert_shortcut_exact(text)


def test_shortcut_on_chat_and_how_often_it_answers() -> None:
    chat = _chat(6000)
    answered = 0
    for text in chat:
        assert_shortcut_exact(text)
        folded = fold_chars(text).text
        answered += W._ascii_unchanged(folded, _gate(folded))
    # the point of the shortcut: ordinary chat (95 % of the mix) is answered by it
    assert answered >= 0.9 * len(chat)


@pytest.mark.parametrize("seed", [21, 22, 23])
def test_shortcut_on_mixtures(seed: int) -> None:
    for text in _mixtures(seed, 2000):
        assert_shortcut_exact(text)


_ASCII_PIECES = [p for p in _PIECES if p.isascii()] + [
    "is", " is ", "$", "|", "!", "5pm", "8am", "12pm", "mp4", "3d", "1080p", "v2", "nine1", "two04", "under", "score",
    "gmail", "yandex", "ru", "de", "io", ".", ". ", "3.30", "x.y", "point ", "punkt ", "(", "a", "b", "c", "hotmail",
    "icloud", "look", "out", "at", "at the rate", "arroba", "chez", "mail", "cloud", "hoo", "ya", "skyp3", "te1egram",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_ASCII_PIECES), max_size=25).map(" ".join))
def test_shortcut_on_generated_mixtures(text: str) -> None:
    assert_shortcut_exact(text)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab oil019@$!|_.,-:()[]=>#%xA\t"), max_size=40))
def test_shortcut_on_character_soup(text: str) -> None:
    assert_shortcut_exact(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=60))
def test_shortcut_on_any_ascii_text(text: str) -> None:
    assert_shortcut_exact(text)


@pytest.mark.parametrize("text, unchanged", [
    ("the storyboard will be ready by thursday.", True),
    ("my budget is $250 for 3 revisions", True),
    ("i'm online from 8am to 12pm", True),
    ("fit on one slide", True),  # a number word without a neighbour
    ("call one two three", False),
    ("contact: alexsantos@icloud.com", True),  # an address written as is: nothing to rewrite
    ("please look at that x.y file", True),  # the "at" gate passes inside "that", the rule finds nothing
    ("mail me at ana.b@gmail.com", True),  # written as is
    ("john @ gmail.com", False),
    ("reach me at ana.b dot com", False),
    ("ana at gmail dot com", False),
    ("g mail", False),
    ("my id is 8o3", False),  # letters for digits
    ("t e l e", False),  # spaced letters
    ("telegr@m me", False),
    ("nine1-two04", False),  # number words glued to digits
])
def test_shortcut_answers(text: str, unchanged: bool) -> None:
    assert W._ascii_unchanged(text, _gate(text)) is unchanged


def test_profile_table_stays_small() -> None:
    """Hostile text can make a new gate-word set per message: the table is emptied at its bound
    and profiles read from it equal freshly computed ones."""
    rnd = random.Random(5)
    vocabulary = sorted(W._gate_words())
    W._PROFILES.clear()
    sets = [frozenset(rnd.sample(vocabulary, rnd.randint(0, 6))) for _ in range(3 * W._MAX_PROFILES)]
    profiles = [W._word_profile(s) for s in sets]
    assert len(W._PROFILES) <= W._MAX_PROFILES
    for s, p in zip(sets[-50:], profiles[-50:]):
        assert W._PROFILES[s] == p
    W._PROFILES.clear()
    assert [W._word_profile(s) for s in sets[-50:]] == profiles[-50:]


# --------------------------------------------------------------------------------------------
# the leet rule is left out where no piece of a run can rewrite to a known name
# --------------------------------------------------------------------------------------------

_LEET_PIECES = ["telegr@m", "sk¥pe", "wh!tsapp", "te1egram", "skyp3", "@pp", "gm@il", "x", "8x1080", "728", "alex",
                "santos", "@", "icloud", ".com", "!", "|", "$", "€", "¥", "great", "9am", "mp4", "hi", "wh", "!ts",
                "app", "1", "0", "3", "5", "7", " ", " ", "-", "_", "A", "é", "z00m", "v3nm0", "ma¥a", "l!ne"]


def _leet_texts(seed: int, count: int) -> list[str]:
    rnd = random.Random(seed)
    return ["".join(rnd.choice(_LEET_PIECES) for _ in range(rnd.randint(1, 12))) for _ in range(count)]


def test_leet_left_out_only_where_it_rewrites_nothing() -> None:
    leet = dict(W._rules()["leet"])["leet"]
    left_out = kept = 0
    for text in _leet_texts(31, 6000) + _mixtures(32, 1500) + _chat(1500):
        folded = fold_chars(text).text
        if W._leet_can_rewrite(folded):
            kept += 1
            continue
        left_out += W._leet_may_rewrite(folded)  # the looser test would have let the rule run
        assert W._ProductiveLeet(leet).search(folded) is None, text
    assert left_out > 300 and kept > 300


@pytest.mark.parametrize("text, can", [
    ("contact: alexsantos@icloud.com", False), ("resolution 728x1080", False), ("great!", False),
    ("telegr@m me", True), ("sk¥pe", True), ("hi!telegr@m", True), ("wh@tsapp", True), ("te1egram", True),
    ("wh!tsapp", False), ("xtelegr@m", False), ("telegr@mx", False),
])
def test_leet_can_rewrite_examples(text: str, can: bool) -> None:
    assert W._leet_can_rewrite(text) is can


def test_leet_check_of_a_long_run_is_linear() -> None:
    """A run of hostile length: pieces longer than the longest name are never read, and runs
    this long are not kept in the per-run tables."""
    import time

    run = "a!" * 200_000 + "telegr@m"
    start = time.process_time()
    assert W._run_can_rewrite(run) is True
    assert W._run_can_rewrite("a!" * 200_000 + "q") is False
    assert time.process_time() - start < 2.0
    before = W._run_can_rewrite_cached.cache_info().currsize
    W._run_can_rewrite("a!" * 100 + "skype")
    assert W._run_can_rewrite_cached.cache_info().currsize == before  # not kept: longer than 32
    assert W._run_can_rewrite_cached.cache_info().maxsize == 4096


def test_spaced_gate_from_the_separator_finds_what_the_gate_finds() -> None:
    pieces = ["a", "b", "x", "ab", "abc", " ", "  ", ".", "-", "_", "*", " . ", " @ ", "@", "1", "A", "é", ",",
              "g m a i l", "w.h.a", "a-b", "i ", " i", "\t", ". .", "a . b . c", "x @ y @ z"]
    rnd = random.Random(41)
    texts = ["".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 16))) for _ in range(20000)]
    texts += _chat(2000) + _HAND_PICKED
    found = 0
    for text in texts:
        expected = W._SPACED_GATE.search(text) is not None
        found += expected
        assert (W._SPACED_GATE_FROM_SEPARATOR.search(text) is not None) is expected, text
    assert found > 2000


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from("abz .-_*@\tA1"), max_size=30))
def test_spaced_gate_from_the_separator_on_character_soup(text: str) -> None:
    assert (W._SPACED_GATE_FROM_SEPARATOR.search(text) is None) is (W._SPACED_GATE.search(text) is None)
