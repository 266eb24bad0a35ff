"""The shared anchor pass answers by :meth:`cues.AnchorIndex.lookup`: the split (intent families, scam
rules) of each family set is built once, and a text that wakes nothing gets one shared empty answer.
It must give exactly ``answer(frozenset(families(text)))``, the plain pass split afterwards: on the
random and edge texts of tests/test_speed_rules_anchors.py, on the phrasing set, with the store of
joined answers full, and for an index with the default answer (the family set itself).
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from offplatform.detect import anchors, cues
from offplatform.detect.cues import AnchorIndex
from offplatform.normalize import normalize

from test_speed_rules_anchors import _AROUND, _texts, _vocabulary

DATA = Path(__file__).parent / "data" / "phrasings.jsonl"


def _reference(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """The answer before :meth:`~cues.AnchorIndex.lookup`: the families as a set, split by detector."""
    found = anchors._index().families(text)
    return (frozenset(name for detector, name in found if detector == "intent"),
            frozenset(name for detector, name in found if detector == "scam"))


def _phrasings() -> list[str]:
    return [normalize(json.loads(line)["text"]).text
            for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("seed", range(3))
def test_lookup_equals_the_split_families_on_random_texts(seed: int) -> None:
    words, substrings = _vocabulary()
    vocabulary = sorted({w.lower() for ws in words.values() for w in ws} | {s for ss in substrings.values() for s in ss})
    index = anchors._index()
    woke = 0
    for text in _texts(vocabulary, 100 + seed, 3000):
        expected = _reference(text)
        assert index.lookup(text) == expected, text
        woke += bool(expected[0] or expected[1])
    assert woke > 2000


def test_lookup_equals_the_split_families_on_phrasings_and_edges() -> None:
    texts = _phrasings()
    texts += ["", " ", "e-mail me, e mail me, e_mail", "my # is below; my#", "x_fee and $fee and 10%fee",
              "watsap, wats-ap, ts ap, ts-ap", "скинь мне свой телеграм «номер»", "pay pay pay", "release release",
              "u r there? u-r? u_r"]
    texts += [f"a{c}pay{d}" for c in _AROUND for d in ("", " ", "s", "_", "é")]
    for text in texts:
        assert anchors.message_families.__wrapped__(text) == _reference(text), text


def test_a_text_that_wakes_nothing_gets_the_shared_empty_answer() -> None:
    index = anchors._index()
    a = index.lookup("the button colour is fine")
    b = index.lookup("thanks, see you tomorrow")
    assert a == (frozenset(), frozenset())
    assert a is b  # one object, not two pairs of new empty sets


def test_one_key_twice_gets_the_answer_built_for_its_set() -> None:
    index = anchors._index()
    assert index.lookup("release it. release it") is index.lookup("release the files")


def test_lookup_without_stored_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    """With the store of joined answers full, a joined set's answer is built each time, the same."""
    index = anchors._index()
    texts = _phrasings()[:400]
    expected = [index.lookup(t) for t in texts]
    monkeypatch.setattr(cues, "_MAX_ANSWERS", 0)
    fresh = AnchorIndex(*_vocabulary(), answer=anchors._split)
    assert [fresh.lookup(t) for t in texts] == expected


def test_default_answer_is_the_family_set() -> None:
    words, substrings = _vocabulary()
    index = AnchorIndex(words, substrings)
    rng = random.Random(3)
    texts = _phrasings()
    for text in rng.sample(texts, 300) + ["", "nothing here"]:
        assert index.lookup(text) == frozenset(index.families(text)), text
