"""The shared anchor pass (``cues.AnchorIndex``) reads a folded text with folded keys; it must give
exactly what the plain pass gives: every key ("<start character><word>", phrases behind a space or
a line break, substrings anywhere) searched in the text as it is, a short word only before a
non-alphanumeric character. The reference below is that plain pass (the implementation before the
folding), run on the real anchor vocabulary and on texts built to sit on the folding's edges:
words behind every start character and behind characters that are no start character, keys that
hold start characters ("e-mail", "my #", "company's vendor"), words cut short, underscores,
non-ASCII text, and random mixtures of all of these.
"""

from __future__ import annotations

import random
from collections.abc import Iterable

import ahocorasick
import pytest

from offplatform.detect import anchors, cues, intent
from offplatform.detect.cues import _WORD_STARTS, AnchorIndex, anchor_keys, fold_starts
from offplatform.detect.scam import RULE_ANCHORS


class _ReferenceIndex:
    """The plain pass: every key stored behind every start character, the text read as it is."""

    def __init__(self, families: dict[str, Iterable[str]], substrings: dict[str, Iterable[str]] | None = None):
        # the same keys the index is built from (``anchor_keys``), stored unfolded
        self.automaton = ahocorasick.Automaton()
        for key, value in anchor_keys(families, substrings).items():
            self.automaton.add_word(key, value)
        self.automaton.make_automaton()

    def families(self, text: str) -> set[str]:
        found: set[str] = set()
        text = " " + text
        n = len(text)
        for end, (fams, end_check) in self.automaton.iter(text):
            if end_check and end + 1 < n and text[end + 1].isalnum():
                continue
            found |= fams
        return found


def _vocabulary() -> tuple[dict, dict]:
    intent_words, intent_substrings = intent.anchor_words()
    words: dict = {("intent", f): w for f, w in intent_words.items()}
    words.update({("scam", r): w for r, w in RULE_ANCHORS.items()})
    return words, {("intent", f): s for f, s in intent_substrings.items()}


@pytest.fixture(scope="module")
def indexes() -> tuple[AnchorIndex, _ReferenceIndex, list[str]]:
    words, substrings = _vocabulary()
    vocabulary = sorted({w.lower() for ws in words.values() for w in ws} | {s for ss in substrings.values() for s in ss})
    return AnchorIndex(words, substrings), _ReferenceIndex(words, substrings), vocabulary


#: Characters around and inside words: every start character, characters that are none ("$", "%",
#: "&", ")", "\r", a digit, a letter, "é"), and non-ASCII ones.
_AROUND = [*_WORD_STARTS, "$", "%", "&", ")", "]", "}", "\r", "^", "\\", "0", "7", "x", "é", "ж", "_", " ", "  ", "\u00a0", "。"]


def _texts(vocabulary: list[str], seed: int, n: int) -> list[str]:
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        parts = []
        for _ in range(rnd.randint(1, 8)):
            w = rnd.choice(vocabulary)
            r = rnd.random()
            if r < 0.15 and len(w) > 2:
                w = w[: rnd.randint(1, len(w) - 1)]  # cut short
            elif r < 0.3:
                w = w + rnd.choice(["s", "ing", "x", "_", "1", "é"])  # goes on
            elif r < 0.4:
                i = rnd.randrange(len(w) + 1)
                w = w[:i] + rnd.choice(_AROUND) + w[i:]  # a character inside
            parts.append(w)
            parts.append("".join(rnd.choice(_AROUND) for _ in range(rnd.randint(0, 2))))
        out.append("".join(parts))
    return out


def test_fold_keeps_the_length_and_folds_only_start_characters() -> None:
    for text in ("plain ascii, (text)!", "ünïcode «quoted» ¿qué? “so”", "a_b-c@d#e", ""):
        folded = fold_starts(text)
        assert len(folded) == len(text)
        assert all(f == (" " if c in _WORD_STARTS else c) for c, f in zip(text, folded))


def test_fold_equals_a_character_table_on_random_texts() -> None:
    table = {ord(c): " " for c in _WORD_STARTS}
    rng = random.Random(2)
    alphabet = [*_WORD_STARTS, *_AROUND, "a", "ж", "ا", "😀", "\u200b"]
    for n in (0, 1, 5, 40, 3000):
        for _ in range(50):
            text = "".join(rng.choice(alphabet) for _ in range(n))
            assert fold_starts(text) == text.translate(table)
            ascii_text = text.encode("ascii", "ignore").decode("ascii")
            assert fold_starts(ascii_text) == ascii_text.translate(table)


@pytest.mark.parametrize("seed", range(4))
def test_folded_pass_equals_the_plain_pass_on_random_texts(indexes, seed: int) -> None:
    index, reference, vocabulary = indexes
    for text in _texts(vocabulary, seed, 3000):
        assert index.families(text) == reference.families(text), text


def test_folded_pass_equals_the_plain_pass_on_every_key_behind_every_character(indexes) -> None:
    index, reference, vocabulary = indexes
    rnd = random.Random(7)
    for word in vocabulary:
        for before in rnd.sample(_AROUND, 6) + [" ", "-", "_", "$"]:
            for after in ("", " ", "s", "_", "é", ".", "-x"):
                text = f"a{before}{word}{after}"
                assert index.families(text) == reference.families(text), text
                assert index.families(word + after) == reference.families(word + after), word + after


@pytest.mark.parametrize("text", [
    pytest.param("e-mail me, e mail me, e_mail, e–mail", id="hyphenated-key"),
    pytest.param("my # is below; my#; my  #", id="key-with-a-start-character"),
    pytest.param("our vendor, our-vendor, company's vendor, companys vendor", id="phrases"),
    pytest.param("x_fee and $fee and )fee and 10%fee", id="behind-no-start-character"),
    pytest.param("u r there? u-r? u_r", id="short-phrase-end-check"),
    pytest.param("watsap, wats-ap, ts ap, ts-ap, ts\tap", id="substrings-with-a-space"),
    pytest.param("скинь мне свой телеграм «номер» ¿tu número?", id="non-ascii"),
    pytest.param("", id="empty"),
])
def test_folded_pass_on_edge_texts(indexes, text: str) -> None:
    index, reference, _ = indexes
    assert index.families(text) == reference.families(text)


def test_the_shared_index_is_the_folded_one() -> None:
    # message_families reads cues.AnchorIndex; a long hostile text gives the reference's answer too
    words, substrings = _vocabulary()
    reference = _ReferenceIndex(words, substrings)
    text = ("x_whatsapp $fee e-mail " * 2000) + "send me your number"
    intent_fams, scam_fams = anchors.message_families(text)
    expected = reference.families(text)
    assert {("intent", f) for f in intent_fams} | {("scam", r) for r in scam_fams} == expected
    assert isinstance(anchors._index(), cues.AnchorIndex)
