"""The channel request (``ask``) tried at each opener word with only the alternatives that word
opens (``intent._ask_matches``) gives exactly the whole pattern's matches.

Two claims make that true: every match of an alternative starts with a word of its opener tuple
(checked on random strings of each alternative alone), and the whole pattern at a position returns
the first alternative, in order, that matches there (kept: a word's alternatives are compiled in the
pattern's order). The result is then compared with ``ask.finditer`` on real and built texts.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from offplatform.detect import intent
from offplatform.normalize import normalize

from test_speed_rules import _around, _parsed, _sample

PHRASINGS = Path(__file__).parent / "data" / "phrasings.jsonl"


def _alternative_patterns() -> list[re.Pattern[str]]:
    """Each alternative compiled alone: the regex ``ask_by_word`` gives a word that opens only it."""
    p = intent._patterns()
    openers = [intent._first_words(t) for t in intent._ASK_ALTERNATIVES]
    out = []
    for i, words in enumerate(openers):
        only = sorted(w for w in words if not any(w in other for j, other in enumerate(openers) if j != i))
        assert only, f"alternative {i} has no opener of its own"
        out.append(p.ask_by_word[only[0]])
    return out


def _first_word(text: str, pos: int) -> str:
    return re.compile(r"\w+").match(text, pos).group()


@pytest.mark.parametrize("index", range(len(intent._ASK_ALTERNATIVES)))
def test_every_match_of_an_alternative_opens_with_one_of_its_words(index: int) -> None:
    pattern = _alternative_patterns()[index]
    openers = intent._first_words(intent._ASK_ALTERNATIVES[index])
    rng = random.Random(index)
    parsed = _parsed(pattern.pattern)
    matched = 0
    for _ in range(1500):
        text = normalize(_around(rng, _sample(parsed, rng))).text
        for m in pattern.finditer(text):
            matched += 1
            assert _first_word(text, m.start()) in openers, (text, m.group())
    assert matched >= 200, matched


def test_word_regexes_hold_the_alternatives_in_order() -> None:
    """A word's regex is its alternatives joined in the whole pattern's order (each opens with a
    named cue group, so the pattern splits there)."""
    p = intent._patterns()

    def split(pattern: str) -> list[str]:
        first, *rest = pattern.split("|(?P<cue")
        return [first, *("(?P<cue" + piece for piece in rest)]

    whole = split(p.ask.pattern)
    assert len(whole) == len(intent._ASK_ALTERNATIVES)
    for word, pattern in p.ask_by_word.items():
        pieces = split(pattern.pattern)
        indexes = [whole.index(piece) for piece in pieces]
        assert indexes == sorted(indexes), word
        opened = [i for i, t in enumerate(intent._ASK_ALTERNATIVES) if word in intent._first_words(t)]
        assert indexes == opened, word


def _texts(seed: int, n: int) -> list[str]:
    rng = random.Random(seed)
    vocabulary = [*intent._ASK_OPENERS, "your", "ur", "my", "me", "whatsapp", "email", "number", "telegram", "insta",
                  "on", "to", "via", "the", "line", "signal", "contact", "here", "is", "?", ".", ",", "-", "me?"]
    return [" ".join(rng.choice(vocabulary) for _ in range(rng.randint(1, 14))) for _ in range(n)]


def _spans(matches) -> list[tuple[tuple[int, int], dict[str, str]]]:
    return [(m.span(), {k: v for k, v in m.groupdict().items() if v is not None}) for m in matches]


def test_ask_by_opener_equals_the_whole_pattern() -> None:
    p = intent._patterns()
    texts = [json.loads(line)["text"] for line in PHRASINGS.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts += _texts(1, 4000)
    found = 0
    for raw in texts:
        text = normalize(raw).text
        expected = _spans(p.ask.finditer(text))
        found += len(expected)
        assert _spans(intent._ask_matches(text, p)) == expected, text
    assert found >= 1000, found


def test_long_text_keeps_the_whole_pattern() -> None:
    p = intent._patterns()
    text = "send me your whatsapp. can i get your email? " * 100
    assert len(text) > intent._LONG_TEXT
    assert _spans(intent._ask_matches(text, p)) == _spans(p.ask.finditer(text))
