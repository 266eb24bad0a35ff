"""The normalizer's fast paths give exactly what the straightforward code gives.

``rewrite_words`` decides which rules can apply with cheap tests (one intersection of the word set
with every gate word, ``in`` tests, literal-first patterns on a translated copy of ASCII text),
leaves a text with number words alone when no two number items stand side by side, and leaves out
the "dot_space" rule where it cannot match; several patterns are written to start with a character
class (brackets, letters for digits, spaced letters, the number-word probe, substitution signs);
``fold_chars`` builds the identity map of ASCII text by setting the slots. Each is checked here
against the plain version it replaced (kept below as the reference), on realistic chat, on
mixtures built to hit every branch, and on arbitrary text."""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from offplatform.normalize import NormalizedText
from offplatform.normalize import words as W
from offplatform.normalize.chars import fold_chars
from offplatform.normalize.text import word_set

# --------------------------------------------------------------------------------------------
# the reference: the gates as they were written before the fast paths, one regular expression each
# --------------------------------------------------------------------------------------------

_DIGIT = re.compile(r"\d")
_GLUED = re.compile(r"[0-9](?:(?<=[^\W\d_][0-9])|[^\W\d_])")
_LETTER_DIGIT_GATE = re.compile(r"\d(?:[oil]|(?<=[oil]\d))")
_BRACKET = re.compile(r"[(\[{<]")
_DIGIT_RUNS = re.compile(r"\d+")


def reference_leet_may_rewrite(text: str) -> bool:
    automaton = W._vocabulary_automaton()
    for m in W._LEET_RUN.finditer(text):
        run = m.group()
        if run.isalpha():
            continue
        plain = run.translate(W._DE_LEET)
        if next(automaton.iter(plain), None) is not None or (
            "i" in plain and next(automaton.iter(plain.replace("i", "l")), None) is not None
        ):
            return True
    return False


def reference_glued_number_words(text: str) -> set[str]:
    return {part for w in word_set(text) if not w.isalpha() and not w.isdigit()
            for part in _DIGIT_RUNS.split(w) if part in W._number_words()}


def reference_active_rules(text: str) -> list[str]:
    words = word_set(text)
    rules = W._rules()
    on: list[str] = []
    has_mid_dot = "·" in text or "∙" in text or "•" in text
    bracketed_a = ("a)" in text or "a]" in text) and W._BRACKETED_A.search(text) is not None
    if "@" in text or has_mid_dot or bracketed_a or not W._SEP_WORDS.isdisjoint(words) or (
        not W._AT_WORDS.isdisjoint(words)
        and ("." in text or "•" in text or not W._PROVIDER_WORDS.isdisjoint(words))
    ):
        has_bracket = _BRACKET.search(text) is not None
        at_context = "@" in text or "ⓐ" in text or not W._AT_WORDS.isdisjoint(words)
        for name, _ in rules["sep"]:
            if name in ("at_br", "dot_tld_br", "dot_br"):
                needed = has_bracket
            elif name == "at_word":
                needed = not W._AT_WORDS.isdisjoint(words) and (
                    not W._PROVIDER_TOKENS.isdisjoint(words) or W._AT_DOMAIN_GATE.search(text) is not None
                )
            elif name == "at_space":
                needed = "@" in text
            elif name == "dot_word":
                needed = not W._DOT_WORDS.isdisjoint(words)
            elif name == "dot_space":
                needed = at_context and not W._TLD_TOKENS.isdisjoint(words) and (
                    "." in text or "•" in text or "·" in text or "∙" in text)
            elif name == "dot_mid":
                needed = has_mid_dot and "@" in text
            elif name == "dot_local":
                needed = at_context and (" ." in text or "\t." in text)
            else:
                needed = "underscore" in words or "guion" in words or ("under" in words and "score" in words)
            if needed:
                on.append(name)
    firsts = W._SPLIT_FIRST.intersection(words)
    if firsts:
        pairs = W._split_pairs()
        if any(not pairs[a].isdisjoint(words) for a in firsts):
            on.append("split")
    if len(words & W._SINGLE_LETTERS) >= 3 and W._SPACED_GATE.search(text):
        on.append("spaced")
    has_digit = _DIGIT.search(text) is not None
    numbers = words & W._spoken_words()
    glued = has_digit and _GLUED.search(text) is not None
    letter_digits = glued and _LETTER_DIGIT_GATE.search(text) is not None
    if glued and not numbers:
        numbers = reference_glued_number_words(text)
    spoken = len(numbers) >= 2 or not numbers.isdisjoint(W._clear_number_words()) if numbers else False
    if spoken or letter_digits:
        on.extend(name for name, _ in rules["digits"] if (name != "letterdigits" and spoken)
                  or (name == "letterdigits" and letter_digits))
    if (((has_digit or "@" in text or "$" in text or "¥" in text or "€" in text)
         and W._LEET_GATE.search(text)) or (("!" in text or "|" in text) and W._LEET_BANG_GATE.search(text))
            ) and reference_leet_may_rewrite(text):
        on.append("leet")
    return on


def reference_rewrite(folded: NormalizedText) -> NormalizedText:
    """``rewrite_words`` without any fast path: the substitution, then every rule the reference
    gates let through, through the full matching machinery."""
    text = folded.text
    if W._SUBSTITUTION_WORDS.isdisjoint(word_set(text)) and W._SUBSTITUTION_MARK.search(text) is None:
        substituted = folded
    else:
        substituted = W._apply_substitution(folded)
    names = reference_active_rules(substituted.text)
    if not names:
        return substituted
    by_name = {name: rule for family in W._rules().values() for name, rule in family}
    return W._apply_rules(substituted, [(name, by_name[name]) for name in names])


# --------------------------------------------------------------------------------------------
# texts
# --------------------------------------------------------------------------------------------

_PIECES = [
    # number words, digits and what sits between them
    "one", "two", "nine", "ten", "twenty", "three", "vingt", "et", "un", "y", "treinta", "dos", "o", "oh",
    "plus", "double", "do", "sat", "один", "два", "três", "zéro", "1", "22", "0", "7", "555",
    "12345678901234567890123",
    # letters for digits, glued words
    "8o3", "4l2", "9o4", "nine1", "two04", "9am", "3d", "mp4", "728x90", "#29faad", "x", "A", "NINE", "_",
    "_one", "one_", "²", "٣",
    # separators, spelled and symbolic
    " ", " ", "  ", "\t", "\n", ",", "-", ".", ". ", " . ", "(", ")", "[", "]", "{", "<", ":", "/", "·", "•",
    "∙", "@", " @ ", "(at)", "[at]", "(a)", "a)", "a]", "at", " at ", "dot", "d0t", "punto", "underscore",
    "under", "score", "guion", "ⓐ",
    # providers, TLDs, split and spaced names
    "gmail", "g", "mail", "whats", "app", "we", "chat", "linked", "in", "com", "me", "it", "io",
    "g m a i l", "w.h.a.t.s", "a", "i", "b",
    # leet
    "telegr@m", "sk¥pe", "wh!tsapp", "te1egram", "skyp3", "@pp", "$", "!", "|", "€", "great!", "hi!there",
    # substitution instructions
    "replace # with @", "# = @", "% means at", "# is @", "=", "->", "→", "is", "#", "%", "switch", "means",
]


def _mixtures(seed: int, count: int) -> list[str]:
    rnd = random.Random(seed)
    return ["".join(rnd.choice(_PIECES) + rnd.choice(["", " ", " "]) for _ in range(rnd.randint(1, 24)))
            for _ in range(count)]


def _chat(count: int) -> list[str]:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from chat_corpus import generate

    return [s.text for s in generate(count, seed=20261124)]


_HAND_PICKED = [
    "",
    "please keep the text under 200 words, it has to fit on one slide.",
    "the client meeting moved to monday at 8:45, so i need the storyboard before then.",
    "resolution should be 728x250 for the banner. the colors should be #29faad and #9b016a.",
    "my budget is $250 for the whole logo, including 3 revisions. version 1.17 is live!",
    "call me at nine one seven, five five five, two three four one",
    "nine1-two04 and treinta y dos, vingt-et-un, quatre-vingt-dix-huit",
    "five 5 five", "one 2", "2 one", "one,,,,, 2", "ones 2", "one_2", "_one 2", "o 5", "oh oh oh",
    "great! see you at 10:15. in 3 days", "see you at 8:45. it works", "mail me at sara. com", "at x . io",
    "at x .io", "at x.\tcom", "no. de do", "john at gmail dot com", "mike . tran @ gmail . com",
    "m·a·r·i·a@gmail·com", "ana_b (a) icloud (.) com", "g m a i l", "whats app", "telegr@m", "wh!tsapp me",
    "replace # with @: john#gmail.com", "(% means at) ana%yahoo.com %", "my id is 8o3-4l2",
    "ТЕЛЕГРАМ 5 пять", "один два три", "sk¥pe: jo.hn", "€5 for the s€rvice", "x@y", "a)b", "a]",
]


# --------------------------------------------------------------------------------------------
# tests
# --------------------------------------------------------------------------------------------


def assert_same(text: str) -> None:
    dot_space = dict(W._rules()["sep"])["dot_space"]
    at_space = dict(W._rules()["sep"])["at_space"]
    at_word = dict(W._rules()["sep"])["at_word"]
    leet = dict(W._rules()["leet"])["leet"]
    for source in (text, fold_chars(text).text):
        expected = reference_active_rules(source)
        names = [name for name, _ in W._active_rules(source)]
        if "dot_space" in expected and "dot_space" not in names:
            # the ASCII test for "dot_space" leaves out the rule only where it cannot match
            assert source.isascii() and dot_space.search(source) is None, source
            expected.remove("dot_space")
        if "at_word" in expected and "at_word" not in names:
            # left out where the rule itself finds nothing
            assert at_word.search(source) is None, source
            expected.remove("at_word")
        if "at_space" in expected and "at_space" not in names:
            # left out where no "@" stands beside a blank: the rule cannot match
            assert at_space.search(source) is None, source
            expected.remove("at_space")
        if "leet" in expected and "leet" not in names:
            # left out where no piece of a run can rewrite to a known name (``_run_can_rewrite``):
            # the rule, which skips matches that rewrite to nothing, finds none
            assert W._ProductiveLeet(leet).search(source) is None, source
            expected.remove("leet")
        assert names == expected, source
        assert W._leet_may_rewrite(source) == reference_leet_may_rewrite(source), source
        shape = source.encode("ascii").translate(W._SHAPE).decode("ascii") if source.isascii() else None
        assert W._glued_number_words(source, shape) == reference_glued_number_words(source), source
        words = word_set(source)
        mark = W._SUBSTITUTION_MARK.search(source) is not None
        assert W._has_substitution_mark(source, words) == mark, source
    folded = fold_chars(text)
    fast, slow = W.rewrite_words(folded), reference_rewrite(folded)
    assert (fast.text, fast.starts, fast.ends) == (slow.text, slow.starts, slow.ends), text


@pytest.mark.parametrize("text", _HAND_PICKED)
def test_fast_paths_match_reference_on_hand_picked_texts(text: str) -> None:
    assert_same(text)


def test_fast_paths_match_reference_on_chat() -> None:
    for text in _chat(3000):
        assert_same(text)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_fast_paths_match_reference_on_mixtures(seed: int) -> None:
    for text in _mixtures(seed, 1500):
        assert_same(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30).map(" ".join))
def test_fast_paths_match_reference_on_generated_mixtures(text: str) -> None:
    assert_same(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab oil019@$!|_.,-:()xA\tОо¥€·•"), max_size=40))
def test_fast_paths_match_reference_on_character_soup(text: str) -> None:
    assert_same(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_fast_paths_match_reference_on_any_text(text: str) -> None:
    assert_same(text)


def test_number_rule_matches_are_whole_lowercase_runs_in_ascii_text() -> None:
    """``_has_number_pair`` finds the "num" rule's matches in ASCII text as the whole [a-z] runs
    that are number words; the rule's own matches must be exactly those."""
    num = next(rule for name, rule in W._rules()["digits"] if name == "num")
    for text in _mixtures(4, 3000) + _HAND_PICKED:
        if not text.isascii():
            continue
        fast = [m.span() for m in re.finditer(r"[a-z]+", text) if m.group() in W._num_rule_words()]
        assert [m.span() for m in num.finditer(text)] == fast, text


def test_number_pair_equals_its_pattern() -> None:
    """The ASCII shortcut of ``_has_number_pair`` answers as one search of the whole pair."""
    anywhere = W._number_pair_patterns()[2]
    checked = 0
    for text in _mixtures(5, 3000) + _HAND_PICKED:
        expected = anywhere.search(text) is not None
        checked += expected
        assert W._has_number_pair(text) is expected, text
    assert checked > 300


def test_no_number_pair_means_no_number_rewrite() -> None:
    """The claim behind the shortcut: with the number rules alone, a text without a pair of
    number items comes out of the full machinery unchanged."""
    number_rules = [r for r in W._rules()["digits"] if r[0] != "letterdigits"]
    unpaired = 0
    for text in _mixtures(6, 3000) + _chat(1000) + _HAND_PICKED:
        folded = fold_chars(text)
        if W._has_number_pair(folded.text):
            continue
        unpaired += 1
        out = W._apply_rules(folded, number_rules)
        assert out.text == folded.text, text
    assert unpaired > 1000


@pytest.mark.parametrize("text, pair", [
    ("fit on one slide", False), ("one two", True), ("one 2", True), ("5 one", True), ("one,,,,, 2", False),
    ("treinta y dos", True), ("vingt-et-un", True), ("ones 2", False), ("nine1", True), ("один два", True),
])
def test_number_pair_examples(text: str, pair: bool) -> None:
    assert W._has_number_pair(text) is pair


def test_leet_characters_are_not_letters() -> None:
    # _leet_may_rewrite skips runs of letters alone; a leet character that is a letter would hide
    assert not any(c.isalpha() or "a" <= c <= "z" for c in W._LEET_CHARS)


# the rules rewritten to start with a character class, and the patterns they were written from
_SPACED_BRACKET = r"[ \t(\[{<](?:(?<=[ \t])[ \t]{0,2}[(\[{<]|(?<=[(\[{<]))"
_PLAIN_FORMS = {
    "spaced": r"(?P<spaced>[a-z](?<!\w[a-z])(?:(?:[ .\-_*]|[ ][.@][ ])[a-z]){2,60}\b)",
    # two digits in the group, or one beside a group of digits ("07700 9oo 382")
    "letterdigits": r"(?P<letterdigits>(?<![a-z0-9])(?:(?=[0-9oil]{0,11}\d[0-9oil]{0,11}\d)|(?<=\d[ .\-])(?=[0-9oil]{0,11}\d)"
                    r"|(?=[0-9oil]{0,11}\d[0-9oil]{0,11}[ .\-]\d))(?=\d{0,11}[oil])"
                    r"[0-9oil]{3,12}(?![a-z0-9]))",
}


def _plain_form(name: str, pattern: str) -> re.Pattern[str]:
    if name in _PLAIN_FORMS:
        return re.compile(_PLAIN_FORMS[name])
    assert pattern.count(_SPACED_BRACKET) == 1
    return re.compile(pattern.replace(_SPACED_BRACKET, r"[ \t]{0,3}[(\[{<]"))


@pytest.mark.parametrize("name", ["at_br", "dot_tld_br", "dot_br", "letterdigits", "spaced"])
def test_class_first_rules_match_their_plain_form(name: str) -> None:
    rule = next(r for family in W._rules().values() for n, r in family if n == name)
    plain = _plain_form(name, rule.pattern)
    pieces = [" ", "\t", "  ", "(", "[", "{", "<", ")", "]", "}", ">", "at", "@", "a", ".", "dot", "com", "point",
              "io", "gmail", "x", "o", "i", "l", "1", "23", "0", "A", "_", "8o3", "4l2", "-", "é", "g m a i l",
              "w.h.a.t.s", " . ", " @ ", "*", "b"]
    rnd = random.Random(9)
    texts = ["".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 30))) for _ in range(6000)] + _HAND_PICKED
    for text in texts:
        assert [m.span() for m in rule.finditer(text)] == [m.span() for m in plain.finditer(text)], text
        for pos in (1, 3):
            fast, slow = rule.search(text, pos), plain.search(text, pos)
            assert (fast and fast.span()) == (slow and slow.span()), (text, pos)


def test_number_word_probe_finds_every_number_word_start() -> None:
    """The probe skips to first letters of number words; it must find what a look-ahead tried at
    every position finds, overlapping words included."""
    num = next(rule for name, rule in W._rules()["digits"] if name == "num").pattern
    everywhere = re.compile(f"(?=({num}))")
    probe = W._number_word_probe(num)
    texts = _mixtures(10, 2000) + _HAND_PICKED + ["одиннадцать двадцатьодин", "dieciséis três zéro fünfzehn"]
    for text in texts:
        assert [m.span(1) for m in probe.finditer(text)] == [m.span(1) for m in everywhere.finditer(text)], text


@pytest.mark.parametrize("original", ["", "Hello There", "call 0917 842 11", "x" * 500])
def test_identity_text_equals_the_dataclass(original: str) -> None:
    from offplatform.normalize.text import NormalizedText, identity_text

    fast, plain = identity_text(original, original.lower()), NormalizedText(original, original.lower())
    assert fast == plain and hash(fast) == hash(plain) and repr(fast) == repr(plain)
    assert fold_chars(original) == plain
    with pytest.raises(AttributeError):
        fast.text = "changed"  # still frozen


def test_substitution_branches_searched_apart_find_what_the_alternation_finds() -> None:
    pieces = ["replace", "swap", "put", " ", "  ", "the ", "every ", "symbol ", "#", "%", "$", "=", "->", "→", " is ",
              " means ", "stands for", " with ", " by ", "@", "at", ".", "dot", "period", '"', "'", "“", "(", ")",
              "”", "x", "a", "\t", "!", "?", "*", "/", "\\", "~"]
    rnd = random.Random(11)
    found = 0
    for _ in range(20000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 14)))
        m = W._SUBSTITUTION.search(text)
        expected = None if m is None else (m.group("sym") or m.group("sym2"), m.group("to") or m.group("to2"))
        found += expected is not None
        assert W._find_substitution(text, word_set(text) & W._gate_words()) == expected, text
    assert found > 100


def test_number_words_have_two_letters_at_least() -> None:
    # _glued_number_words looks for glued number words only beside two letters
    assert min(len(w) for w in W._number_words()) >= 2


def test_runs_of_leet_characters_alone_name_nothing() -> None:
    # _leet_may_rewrite skips runs without a letter ("$250") only while this holds
    assert not W._names_from_leet_alone()
    assert not any(W._names_a_known_word(run) for run in ["$250", "10", "1.17", "7@$!|", "0", "5$", "€5", "¥1"])
