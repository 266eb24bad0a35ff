"""The long-text paths the detectors take on hostile input (1 MB of noise) give exactly what the
plain regex passes give.

On a text longer than a chat message some patterns are tried only at positions a shared pass
found (the words intent patterns start with; the places an app name starts), instead of each
pattern scanning the whole text. Every test here compares such a path with the plain
``finditer`` over long texts made of real phrasings glued with noise, and checks the premise the
path rests on (every match starts with one of the listed first words) on every phrasing.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from offplatform.config import ScanConfig
from offplatform.detect import handles, intent, scam
from offplatform.normalize import normalize

DATA = Path(__file__).parent / "data" / "phrasings.jsonl"
#: The first 990 rows (the table as it stood when these mixtures were tuned): rows added later
#: must not shift the mixtures of this test.
PHRASINGS = [json.loads(line)["text"] for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()][:990]

NOISE = "аеорсухіјοαει\u200b\ufeff０１２①𝟎٠१＠．ⓐ@.:/+-_ \n?!,abcdefghijklmnopqrstuvwxyz0123456789\ufffd"
#: Pieces the patterns below start with or need, so matches (and near misses) are frequent.
PIECES = [
    "no fees", "avoid the fee", "sin comisión", "without the commission", "save 20%", "cut out the cut",
    "my number is in my profile", "it's on my bio", "scan my qr", "qr code on my card", "details in the cv",
    "google me", "search my name", "look me up on linkedin", "find us on facebook", "look up",
    "work directly", "deal with me privately", "do business directly", "together directly",
    "send me your whatsapp", "what's your insta", "nomor WA nya", "kirim nomor wa kamu", "de do",
    "instagram @ana_b", "ana_b on insta", "telegram: olu_codes", "fb messenger ana.b", "@ana_b",
    "claim your prize at claim-bonus.net", "you won our lottery", "claim your reward", "see www.example.com",
    "let's take this off the platform", "we are available on telegram", "im active on whatsapp", "doing it outside",
    "talking somewhere else", "check my website, the contact page has my number", "i'll send you my number",
    "sending you my email", "take down my number", "happy to share my linkedin", "id like to share my insta",
    "my", "the", "it", "u", "r", "do", " ", " ", "\n", ".", "?", "-", "_",
]


def _long_texts(seed: int, n: int, noise: float = 0.3, noise_len: int = 30) -> list[str]:
    """Long texts of phrasings, pieces and noise (``noise`` the share of noise chunks, each up to
    ``noise_len`` characters): mostly words (dense: the patterns scan the text themselves) or
    mostly noise (sparse: the shared position passes)."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        parts: list[str] = []
        size = 0
        target = rng.choice([2100, 4000, 12000])
        while size < target:
            r = rng.random()
            if r < (1 - noise) * 0.43:
                piece = rng.choice(PHRASINGS)
            elif r < 1 - noise:
                piece = rng.choice(PIECES)
            else:
                piece = "".join(rng.choice(NOISE) for _ in range(rng.randint(1, noise_len)))
            parts.append(piece + rng.choice(["", " ", ". ", "\n"]))
            size += len(parts[-1])
        out.append(normalize("".join(parts)).text)
    return out


LONG = _long_texts(1, 60) + _long_texts(4, 60, noise=0.9, noise_len=400)


def test_both_paths_are_exercised() -> None:
    fast = [t for t in LONG if intent._word_hits(t) is not None]
    assert 5 <= len(fast) <= len(LONG) - 5
    assert sum(handles._app_starts(t) is not None for t in LONG) >= 5  # dense app names: the cache test

#: (pattern, the first words every match of it starts with, the stems it may start with)
_FIRST_WORD_PATTERNS = [
    ("fee", intent._FEE_FIRST, ()),
    ("profile", intent._PROFILE_FIRST, ()),
    ("search", intent._SEARCH_FIRST, ()),
    ("direct", intent._DIRECT_FIRST, ()),
    ("ask_suffix", intent._GIVE_FIRST, ()),
    ("ask", intent._patterns().ask_openers, ()),
    ("outside", intent._OUTSIDE_FIRST, intent._OUTSIDE_STEMS),
    ("offer_contact", intent._OFFER_FIRST, intent._OFFER_STEMS),
]
_WORD = re.compile(r"\w+")


def _spans(matches) -> list[tuple[tuple[int, int], str]]:
    return [(m.span(), m.group()) for m in matches]


@pytest.mark.parametrize(("name", "first", "stems"), _FIRST_WORD_PATTERNS)
def test_every_match_starts_with_a_listed_first_word(name: str, first: frozenset[str], stems: tuple[str, ...]) -> None:
    pattern = getattr(intent._patterns(), name)
    assert first <= intent._start_words()[1]
    assert set(stems) <= set(intent._start_words()[2])
    seen = 0
    for text in [normalize(t).text for t in PHRASINGS] + LONG:
        for m in pattern.finditer(text):
            w = _WORD.match(text, m.start())
            assert w is not None and (w.group() in first or w.group().startswith(stems)), (name, m.group())
            assert m.start() == 0 or not (text[m.start() - 1].isalnum() or text[m.start() - 1] == "_")
            seen += 1
    assert seen > 20, name  # the texts exercise the pattern


@pytest.mark.parametrize(("name", "first", "stems"), _FIRST_WORD_PATTERNS)
def test_long_text_path_gives_the_plain_matches(name: str, first: frozenset[str], stems: tuple[str, ...]) -> None:
    pattern = getattr(intent._patterns(), name)
    found = 0
    for text in LONG:
        assert len(text) > intent._LONG_TEXT
        plain = _spans(pattern.finditer(text))
        if name == "ask":
            p = intent._patterns()
            fast = _spans(intent.finditer_at(pattern, intent._word_positions(text, p.ask_openers, p.ask_opener_re), text))
        else:
            fast = _spans(intent._finditer_from(pattern, text, first, stems))
        assert fast == plain, name
        found += len(plain)
    assert found > 20, name


def test_app_positions_give_the_plain_matches() -> None:
    found = 0
    for text in LONG:
        for pattern in (handles.APP_MENTION, handles._APP_THEN_HANDLE):
            plain = _spans(pattern.finditer(text))
            assert _spans(handles._at_app_names(pattern, text)) == plain
            found += len(plain)
    assert found > 50


def test_the_position_caches_answer_for_the_text_asked() -> None:
    a, b = [t for t in LONG if intent._word_hits(t) is not None and handles._app_starts(t) is not None][:2]
    assert intent._word_hits(a) == intent._word_hits(a[:])  # same text
    hits_b = intent._word_hits(b)
    assert intent._word_hits(a)[0] != hits_b[0]
    assert intent._word_hits(a)[0] == [m.start() for m in intent._start_words()[0].finditer(a)]
    assert handles._app_starts(a) == [m.start() for m in handles._APP_START.finditer(a)]
    assert handles._app_starts(b) == [m.start() for m in handles._APP_START.finditer(b)]
    dense = "send your whatsapp " * 200
    assert intent._word_hits(dense) is None and handles._app_starts(dense) is None


def test_detectors_on_long_texts_match_a_plain_reference() -> None:
    """The whole detectors: a long text gives the findings of the same detector run with the
    long-text threshold raised above its length (the chat-message path, the oracle's)."""
    config = ScanConfig()
    detectors = (intent.IntentDetector(config), handles.HandleDetector(config), scam.ScamDetector(config))
    texts = _long_texts(2, 25) + _long_texts(5, 25, noise=0.9, noise_len=400)

    def run() -> list[list[list]]:
        return [[list(d.detect(normalize(t))) for d in detectors] for t in texts]

    fast = run()
    saved = intent._LONG_TEXT, handles.LONG_TEXT, scam._LONG_TEXT
    try:
        intent._LONG_TEXT = handles.LONG_TEXT = scam._LONG_TEXT = 10**9
        plain = run()
    finally:
        intent._LONG_TEXT, handles.LONG_TEXT, scam._LONG_TEXT = saved
    assert fast == plain
    for k in range(3):
        assert sum(len(per_text[k]) for per_text in plain) > 5, detectors[k]
    rules = {f.rule for per_text in plain for f in per_text[2]}
    assert "scam.phishing.prize_claim" in rules  # a link rule, taken pattern first on a long text


def test_link_rule_on_a_long_text_still_needs_a_link() -> None:
    det = scam.ScamDetector(ScanConfig())
    filler = "ok thanks, the draft is fine and the colours work. " * 60
    no_link = filler + "you won our lottery! claim your $500 prize today. " + filler
    with_link = filler + "you won our lottery! claim your $500 prize at claim-bonus.net " + filler
    assert len(no_link) > scam._LONG_TEXT
    assert [f.rule for f in det.detect(normalize(no_link))] == []
    assert [f.rule for f in det.detect(normalize(with_link))] == ["scam.phishing.prize_claim"]


#: The handle patterns as they were written before their look-behind moved after the "@".
_AT_HANDLE_PLAIN = re.compile(
    r"(?<![\w@.])@(?!(?:media|import|font-face|keyframes|supports|page|charset|container|layer|tailwind|apply|"
    r"use|include|mixin|extend|forward|namespace|property)\b)[a-z0-9_](?:[a-z0-9_.\-]{1,30}[a-z0-9_])(?![\w@]|\.[a-z0-9])"
)
_HANDLE_THEN_APP_PLAIN = re.compile(
    rf"(?<![\w@])(?P<handle>@[a-z0-9_](?:[a-z0-9_.\-]{{1,30}}[a-z0-9_]))[ \t]{{1,3}}(?:on|in|at|via|en|em|sur|auf|pe|ng|"
    rf"sa|в|на)[ \t]{{1,3}}(?P<app>{handles._APPS})\b"
)


def test_handle_patterns_with_the_look_behind_after_the_at_sign() -> None:
    at_texts = ["@a", "@ab", "x@ab", ".@ab", "@@ab", " @ab", "@ab on insta", "a @ab_1 on telegram", "@media x",
                "\n@ana_b in ig", "mail@ana_b on ig", "@" * 5 + "ab on ig"]
    found = 0
    for text in at_texts + LONG + [normalize(t).text for t in PHRASINGS]:
        for fast, plain in ((handles._AT_HANDLE, _AT_HANDLE_PLAIN), (handles._HANDLE_THEN_APP, _HANDLE_THEN_APP_PLAIN)):
            expected = [(m.span(), m.groupdict()) for m in plain.finditer(text)]
            assert [(m.span(), m.groupdict()) for m in fast.finditer(text)] == expected, text[:80]
            found += len(expected)
    assert found > 100


def test_mockup_substrings_gate() -> None:
    for text in LONG + [normalize(t).text for t in PHRASINGS] + ["in the design", "mock-ups", "lorem ipsum", "x"]:
        assert handles._is_mockup(text) is (handles._MOCKUP.search(text) is not None)
    assert handles._is_mockup("see the placeholder handle")


def test_start_words_search_equals_reference() -> None:
    """``_start_words()[0]`` (first letter, then the word in a look-ahead: group 1) finds the same
    starts and words as the plain ``\\b(?:words)\\b|stems\\w*`` search, on chat and hostile text."""
    import random

    from offplatform.normalize import normalize

    fast, reference = intent._start_words()[0], intent._start_words_reference()
    rng = random.Random(11)
    pool = list(intent._start_words()[1]) + list(intent._start_words()[2]) + ["x", "ok", "1", "é", "_"]
    texts = [*LONG, "send me your whatsapp number", "offerte offers outside_of", "email@x", "é-mail contact"]
    for _ in range(200):
        texts.append(rng.choice(["", " ", "-", "_", "a"]).join(
            rng.choice(pool) + rng.choice(["", "s", "x", "é"]) for _ in range(rng.randint(1, 30))))
    texts.append(normalize("".join(rng.choice("аеоabcdemnopstwy é_-1@.\u200b") for _ in range(20000))).text)
    for text in texts:
        assert [(m.start(), m.group(1)) for m in fast.finditer(text)] == \
            [(m.start(), m.group()) for m in reference.finditer(text)]
        assert len(fast.findall(text, 0, 5000)) == len(reference.findall(text, 0, 5000))


def test_app_start_search_equals_reference() -> None:
    """``handles._APP_START`` (first letter first) finds the positions of the plain look-ahead."""
    import random

    from offplatform.detect.handles import APP_OF
    from offplatform.normalize import normalize

    rng = random.Random(12)
    pool = [*APP_OF, "x", "ok", "1", "é", "_", "google", "chat"]
    texts = [*LONG, "fb messenger and google chat", "my whatsapp: x", "wwhatsapp whatsappp"]
    for _ in range(200):
        texts.append(rng.choice(["", " ", "-", "_", ".", "a"]).join(
            rng.choice(pool) + rng.choice(["", "s", "x", " ", "é"]) for _ in range(rng.randint(1, 30))))
    texts.append(normalize("".join(rng.choice("аеоabcdegilmnopstwy é_-1@.\u200b") for _ in range(20000))).text)
    for text in texts:
        assert [m.start() for m in handles._APP_START.finditer(text)] == \
            [m.start() for m in handles._APP_START_REFERENCE.finditer(text)]
        assert len(handles._APP_START.findall(text, 0, 5000)) == len(handles._APP_START_REFERENCE.findall(text, 0, 5000))
