"""Word-level rewriting of char-folded text: how people spell out what filters look for.

- spelled separators: "(at)", "[at]", " at gmail", "arroba", "собака", "at the rate" -> "@";
  "dot", "(dot)", "d0t", "punto", "точка" -> "."; "underscore" -> "_";
- number words in English, Spanish, Portuguese, French, German, Italian, Hinglish and Russian,
  "oh" for zero and "double"/"triple", converted when they form a run of numbers;
- letters spaced or dotted apart ("g m a i l") joined; split names ("g mail", "whats app") joined;
- leetspeak inside a word that is then a known app or provider name ("telegr@m", "sk¥pe").

Every rewrite records the source range it stands for, so spans still map to the original text.
All patterns use bounded repetition only (linear time on any input).
"""

from __future__ import annotations

import heapq
import re
from bisect import bisect_left
from collections.abc import Callable, Iterator
from functools import cache, lru_cache
from itertools import compress, repeat

from ..lexicon import (
    AMBIGUOUS_NUMBER_WORDS,
    CONTEXT_ZERO_WORDS,
    LEET,
    MAIL_PROVIDERS,
    NUMBER_CONNECTORS,
    REPEAT_WORDS,
    SPELLED_TLDS,
    VOCABULARY,
    number_word_languages,
    number_word_table,
    trie_regex,
)
from .text import NormalizedText, OffsetBuilder, compose, word_set

_AT_SPELLED_RE = r"at(?: the rate(?: of)?| symbol| sign| sign symbol)?"  # "at" and its longer forms
# the other spelled "@"s, in the order they are tried (plain words: no pattern syntax)
_AT_OTHER_WORDS = ("arroba", "собака", "собачка", "chez", "chiocciola", "arobase", "arobas", "ät", "małpa", "malpa",
                   "apenstaartje", "klammeraffe", "a còng", "a móc")
_AT_WORDS_RE = f"(?:{_AT_SPELLED_RE}|{'|'.join(_AT_OTHER_WORDS)})"
_DOT_WORDS_RE = r"(?:dot|d0t|punto|ponto|точка|tochka|тчк|full stop|period|kropka|chấm|titik|nokta)"
_BRACKET_L = r"[(\[{<]"
_NUMBER_SEP = re.compile(r"[\s,.\-/()_:;*|+~·•]{0,4}")


def _word_start_alternation(words: list[str], *, first_level_trie: bool = False) -> str:
    r"""``(?<![a-z])(?:w1|w2|...)`` written so every branch starts with a literal (the engine then
    skips straight to positions holding one of the first letters): the look-behind moves after
    the first character. With ``first_level_trie`` the words are the branches of ``trie_regex``
    by first character, followed by "plus" (the number-word alternation); otherwise each word is
    one branch in the given order. (``\b`` before a letter is the same test as ``(?<![a-z])``
    only for ``\w``; callers pass the look-behind class they need via the word list.)"""
    if not first_level_trie:
        return "|".join(re.escape(w[0]) + rf"(?<!\w{re.escape(w[0])})" + re.escape(w[1:]) for w in words)
    by_first: dict[str, list[str]] = {}
    for w in words:
        by_first.setdefault(w[0], []).append(w[1:])
    branches = []
    for first in sorted(by_first):
        rest = by_first[first]
        tail = trie_regex(rest) if any(rest) else ""
        branches.append(re.escape(first) + rf"(?<![a-z]{re.escape(first)})" + tail)
    branches.append("p(?<![a-z]p)lus")
    return "|".join(branches)


@cache
def _family_parts() -> dict[str, list[str]]:
    numbers = number_word_table()
    num_word_list = sorted(set(numbers) | set(REPEAT_WORDS) | CONTEXT_ZERO_WORDS)
    # "\d{1,20}" as one branch per digit so the pattern starts with literals (folded text holds
    # ASCII digits only: ``fold_chars`` turns every decimal digit into one)
    digit_runs = "|".join(f"{d}\\d{{0,19}}" for d in "0123456789")
    tlds = trie_regex(SPELLED_TLDS)
    providers = trie_regex(MAIL_PROVIDERS)
    at_words = _AT_WORDS_RE
    dot_words = _DOT_WORDS_RE
    bracket_l = _BRACKET_L
    bracket_r = r"[)\]}>]"
    leet_chars = re.escape("".join(LEET))
    # "[ \t]{0,3}" + an opening bracket, written to start with a character class (a blank or the
    # bracket, then the rest as a look-behind) so the engine skips straight to where it can start
    # instead of trying the optional blanks at every position of the text
    spaced_bracket_l = rf"[ \t(\[{{<](?:(?<=[ \t])[ \t]{{0,2}}{bracket_l}|(?<={bracket_l}))"
    sep = [
        # "(at)", "[at]", "{@}", "< at >"
        rf"(?P<at_br>{spaced_bracket_l}[ \t]{{0,2}}(?:{at_words}|@|a(?=[ \t]{{0,2}}{bracket_r}[ \t]{{0,3}}"
        # "(a)" stands for "@" only before a domain written out: "ana_b (a) icloud (.) com"
        rf"[a-z0-9\-]{{1,40}}[ \t]{{0,3}}(?:\.|{bracket_l}[ \t]{{0,2}}(?:\.|{dot_words})|{dot_words}\b)))"
        rf"[ \t]{{0,2}}{bracket_r}[ \t]{{0,3}})",
        rf"(?P<dot_tld_br>{spaced_bracket_l}[ \t]{{0,2}}(?:{dot_words}|\.)[ \t]{{0,2}}(?:{tlds})[ \t]{{0,2}}{bracket_r})",
        rf"(?P<dot_br>{spaced_bracket_l}[ \t]{{0,2}}(?:{dot_words}|point|punkt|\.)[ \t]{{0,2}}{bracket_r}[ \t]{{0,3}})",
        # bare "at" only when an address plainly follows: "john at gmail", "john at acme dot com"
        rf"(?P<at_word>[ \t](?<=[\w.][ \t])[ \t]{{0,2}}{at_words}[ \t]{{1,3}}(?![^\s]{{0,64}}@)(?![^\s]{{0,80}}/)(?!www\.)(?=[a-z0-9\-.]{{0,60}}[a-z])(?=(?:[a-z]{{1,5}}[ \-]?(?:mail|look|hoo|cloud)\b)|(?:{providers})\b|[a-z0-9][a-z0-9-]{{0,40}}(?:[ \t]{{0,3}}(?:\.|{dot_words}\b|{bracket_l})|[ \t]{{1,3}}(?:point|punkt)[ \t])))",
        # "john @ gmail.com", "john@ gmail.com"
        rf"(?P<at_space>[ \t@](?:(?<=\w[ \t])[ \t]{{0,2}}@[ \t]{{1,3}}(?=\w)|(?<=\w@)[ \t]{{1,3}}(?=\w)"
        # "ig: @ marina.clips": a lone "@" before a handle
        rf"|(?<=@)(?<![^\s:(]@)[ \t]{{1,2}}(?=[a-z0-9_][a-z0-9_.]{{1,30}}(?:[^\w@.]|$))"
        # "lena.k88 @gmail.com": a blank before the "@" of a mail provider's address
        rf"|(?<=[a-z0-9][ \t])[ \t]{{0,2}}@(?=(?:{providers})\.[a-z]{{2,6}}\b)))",
        # bare "dot": "gmail dot com"; "point"/"punkt" only before a known TLD
        rf"(?P<dot_word>[ \t](?:(?<=\w[ \t])[ \t]{{0,2}}(?:{dot_words}|point|punkt)[ \t]{{1,3}}(?=(?:{tlds})\b)|(?<=\w[ \t])[ \t]{{0,2}}{dot_words}[ \t]{{1,3}}(?=\w)))",
        # "gmail . com"
        rf"(?P<dot_space>[ \t.•·∙](?:(?<=\w[ \t])[ \t]{{0,2}}[.•·∙][ \t]{{0,3}}(?=(?:{tlds})\b)|(?<=\w[.•·∙])[ \t]{{1,3}}(?=(?:{tlds})\b(?![ \t]*[a-z]{{3}}))))",
        # "mike . tran @ gmail": a spaced dot in the user part, right before an "@"
        r"(?P<dot_local>[ \t](?<=\w[ \t])[ \t]{0,2}\.[ \t]{1,3}(?=[a-z0-9][a-z0-9_\-]{0,30}[ \t]{0,3}(?:@|\bat\b|[(\[]at[)\]])))",
        r"(?P<underscore>(?<=\w)[ \t]{0,3}[(\[]?\b(?:underscore|under score|guion bajo)\b[)\]]?[ \t]{0,3}(?=\w))",
        # a middle dot or bullet between letters or digits: "m·a·r·i·a@gmail·com"
        r"(?P<dot_mid>[·∙•](?<=[a-z0-9][·∙•])(?=[a-z0-9]))",
    ]
    split_first = ["g", "hot", "out", "ya", "i", "proton", "y", "whats", "what's", "wats", "tele", "face", "insta",
                   "snap", "sky", "disc", "dis", "linked", "tik", "we", "pay", "cash", "ms"]
    split = [
        # split names: "g mail", "whats app", "tele gram"
        rf"(?P<split>(?:{_word_start_alternation(split_first)})"
        r"[ \t\-_.*]{1,2}(?:mail|look|hoo|cloud|app|ap|gram|book|chat|pe|ord|cord|in|tok|pal|app|n)\b)",
    ]
    spaced = [
        # letters spaced or dotted apart: "g m a i l", "w.h.a.t.s.a.p.p"
        # (the separator after the first letter is tested before the look-behind: most letters
        # are followed by another one, and that test fails sooner)
        r"(?P<spaced>[a-z](?=[ .\-_*])(?<!\w[a-z])(?:(?:[ .\-_*]|[ ][.@][ ])[a-z]){2,60}\b)",
    ]
    digits = [
        # letters standing for digits inside a group of digits: "o8o3", "4l2", "9o4"
        # (that is "(?<![a-z0-9])(?=...)(?=...)[0-9oil]{3,12}", written to start with the character
        # class: the assertions on its start move into a look-behind over the first character)
        # (two digits in the group, or one in a group right beside a group of digits: "07700 9oo 382")
        r"(?P<letterdigits>[0-9oil](?<=(?<![a-z0-9])(?:(?=[0-9oil]{0,11}\d[0-9oil]{0,11}\d)|(?<=\d[ .\-])(?=[0-9oil]{0,11}\d)"
        r"|(?=[0-9oil]{0,11}\d[0-9oil]{0,11}[ .\-]\d))(?=\d{0,11}[oil])[0-9oil])"
        r"[0-9oil]{2,11}(?![a-z0-9]))",
        rf"(?P<num>(?:{_word_start_alternation(num_word_list, first_level_trie=True)})(?![a-z]))",
        rf"(?P<digits>{digit_runs})",
    ]
    leet = [
        # leetspeak inside a word that then names an app or provider
        rf"(?P<leet>[a-z{leet_chars}](?<![\w@.$][a-z{leet_chars}])(?:(?<=[a-z])[a-z]{{0,11}}[{leet_chars}]|(?<=[{leet_chars}])[{leet_chars}]{{0,2}}[a-z])[a-z{leet_chars}]{{0,12}}(?![\w@]))",
    ]
    return {"sep": sep, "split": split, "spaced": spaced, "digits": digits, "leet": leet}


@cache
def _rules() -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    """Every rewrite rule compiled on its own, by family, in priority order. One pattern per rule
    (instead of one alternation of all of them) lets the regex engine skip ahead to where a rule
    can start, and lets ``rewrite_words`` run only the rules whose words occur in the text."""
    return {
        family: [(re.match(r"\(\?P<(\w+)>", part).group(1), re.compile(part)) for part in parts]
        for family, parts in _family_parts().items()
    }


_SEP_WORDS = frozenset({"dot", "d0t", "punto", "ponto", "точка", "tochka", "underscore", "stop", "period",
                        "point", "punkt", "guion"})
_AT_WORDS = frozenset({"at", "arroba", "собака", "собачка", "chez", "chiocciola", "arobase", "arobas", "ät", "małpa",
                       "malpa", "apenstaartje", "klammeraffe", "còng", "móc"})
_PROVIDER_WORDS = frozenset(MAIL_PROVIDERS) | {"g", "hot", "out", "ya", "i", "proton"}
_SINGLE_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")
_BRACKETED_A = re.compile(r"[(\[{<][ \t]{0,2}a[ \t]{0,2}[)\]}>]")
# the first \w run of each provider and TLD name: the word a match of "at_word" / "dot_space"
# must hold when it names one
_PROVIDER_TOKENS = frozenset(re.match(r"\w+", p).group() for p in MAIL_PROVIDERS)
_TLD_TOKENS = frozenset(re.match(r"\w+", t).group() for t in SPELLED_TLDS)
# a dot, blanks and a spelled TLD: what the "dot_space" rule needs in ASCII text without a blank
# before a dot
_DOT_TLD = re.compile(r"\.[ \t]{1,3}(?:" + trie_regex(SPELLED_TLDS) + r")\b")
# a digit beside "o", "i" or "l"; written to start with the digit so the engine skips to digits
_LETTER_DIGIT_GATE = re.compile(r"\d(?:[oil]|(?<=[oil]\d))")
_SPLIT_FIRST = frozenset({"g", "hot", "out", "ya", "i", "proton", "y", "whats", "what", "wats", "tele", "face",
                          "insta", "snap", "sky", "disc", "dis", "linked", "tik", "we", "pay", "cash", "ms"})
_SPLIT_SECOND = frozenset({"mail", "look", "hoo", "cloud", "app", "ap", "gram", "book", "chat", "pe", "ord", "cord", "in",
                           "tok", "pal", "n"})
_DIGIT = re.compile(r"\d")
_DOT_WORDS = frozenset({"dot", "d0t", "punto", "ponto", "точка", "tochka", "тчк", "stop", "period", "point", "punkt",
                        "kropka", "chấm", "titik", "nokta"})
# the letters of a word right after a digit ("two" of "nine1-two04", "am" of "9am"); on the
# reversed text, right before one
_GLUED_PART = re.compile(r"\d([^\W\d]++)")
# a letter touching a digit (folded text: digits are ASCII); starts on the digit so the engine
# skips straight to digits
_GLUED = re.compile(r"[0-9](?:(?<=[^\W\d_][0-9])|[^\W\d_])")
# "at" + a domain-like word: the third branch of the "at_word" rule, except that a dot must be
# followed by the rest of the address ("at scale. Com is the suffix" is a sentence); its first
# branch, a split provider name, is the second branch here; its second, a provider named whole,
# is told by the word set
_AT_DOMAIN_TAIL = (
    r"[ \t]{1,3}(?:[a-z0-9][a-z0-9\-]{0,40}[ \t]{0,3}(?:[.•·∙]\S|" + _DOT_WORDS_RE + r"\b|"
    + _BRACKET_L + r"|point[ \t]|punkt[ \t])|[a-z]{1,5}[ \-]?(?:mail|look|hoo|cloud)\b)"
)
_AT_DOMAIN_GATE = re.compile(_AT_WORDS_RE + _AT_DOMAIN_TAIL)
# ``_AT_DOMAIN_GATE`` with the spelled "at" alone (the first branch of ``_AT_WORDS_RE``): a pattern
# that starts with the literal "at", which the engine finds with a fast scan (the full gate starts
# with an alternation of words, tried at every position). The same answer on ASCII text that holds
# none of the other branches' words (``_other_at_word_inside``)
_AT_ONLY_DOMAIN_GATE = re.compile(_AT_SPELLED_RE + _AT_DOMAIN_TAIL)
# the words of ``_AT_WORDS_RE``'s other branches that ASCII text can hold
_OTHER_ASCII_AT_WORDS = tuple(w for w in _AT_OTHER_WORDS if w.isascii())


def _other_at_word_inside(text: str) -> bool:
    """Whether ``text`` holds (anywhere, inside a word too) one of ``_OTHER_ASCII_AT_WORDS``."""
    for word in _OTHER_ASCII_AT_WORDS:
        if word in text:
            return True
    return False
_LEET_SYMBOLS = "@$¥€!|"
# a leet character inside a word, or next to three letters: "telegr@m", "sk¥pe", "skyp3", "@pp"
# (the same test as "[a-z][L]{1,3}[a-z]|[a-z]{3}[L]|[L][a-z]{3}", written to start with the leet
# character so the engine skips to one)
_LEET_GATE = re.compile(r"[@$¥€!|0-9](?:(?<=[a-z][@$¥€!|0-9])[@$¥€!|0-9]{0,2}[a-z]|(?<=[a-z]{3}[@$¥€!|0-9])|[a-z]{3})")


# ASCII byte -> class, for the digit and leet gates of ASCII text: "0" a digit, "o" one of "o",
# "i", "l" (letters that stand for digits), "a" another lower-case letter, "A" an upper-case
# letter, "!" one of the ASCII leet symbols "!|@$", "_" itself, "#" one of the other symbols a
# substitution instruction names ("#%&*+~^/\\", for ``_ascii_unchanged``), " " anything else. On the
# translated copy each gate below is a pattern that starts with a literal, which the engine finds
# with a fast scan (a pattern that starts with a character class on the text tries every position)
_SHAPE = bytes(
    ord("0" if chr(c).isdigit() else "o" if chr(c) in "oil" else "a" if "a" <= chr(c) <= "z"
        else "A" if "A" <= chr(c) <= "Z" else "!" if chr(c) in "!|@$" else "_" if chr(c) == "_"
        else "#" if chr(c) in "#%&*+~^/\\" else " ")
    if c < 128 else 32
    for c in range(256)
)
# on the shape: _GLUED (a digit beside a letter)
_SHAPE_GLUED = re.compile(r"0(?:[aoA]|(?<=[aoA]0))")
# on the shape: _LETTER_DIGIT_GATE (a digit beside "o", "i" or "l")
_SHAPE_LETTER_DIGIT = re.compile(r"0(?:o|(?<=o0))")
# on the shape: a digit, or a leet symbol, beside [a-z] (what _LEET_GATE needs at least)
_SHAPE_DIGIT_LOWER = re.compile(r"0(?:[ao]|(?<=[ao]0))")
_SHAPE_SYMBOL_LOWER = re.compile(r"!(?:[ao]|(?<=[ao]!))")
# on the shape: a leet symbol between two letters of [a-z] (what _LEET_BANG_GATE needs at least)
_SHAPE_BANG = re.compile(r"!(?<=[ao]!)[ao]")
# on the shape: lower-case letters right after a digit that are a whole piece of their word (the
# word's next character is not an upper-case letter or "_"); on the reversed shape: right before
_SHAPE_GLUED_PART = re.compile(r"0([ao]++)(?![A_])")
# on the shape: a digit beside two letters of [a-z] (every number word has two letters at least)
_SHAPE_TWO_LETTERS_GLUED = re.compile(r"0(?:[ao]{2}|(?<=[ao]{2}0))")


def _active_rules(text: str, words: frozenset[str] | None = None) -> list[tuple[str, re.Pattern[str]]]:
    """The rules that can apply at all, in priority order: cheap checks that spare ordinary chat
    the patterns (the scanner sits in the send path of every message). A family is on when its
    gate passes; within the separator family each rule also needs its own word or character.
    The checks are ordered cheapest first: set operations and ``in`` tests before any regular
    expression, which then only confirms what the cheap test made possible. ``words`` is the
    text's words that any gate looks for (``_gate_words``): one intersection with the word set,
    then every set test works on a handful of words instead of the whole message."""
    if words is None:
        words = word_set(text) & _gate_words()
    rules = _rules()
    on: list[tuple[str, re.Pattern[str]]] = []
    has_at = "@" in text
    has_mid_dot = "·" in text or "∙" in text or "•" in text
    has_at_word = not _AT_WORDS.isdisjoint(words)
    if has_at or has_mid_dot or not _SEP_WORDS.isdisjoint(words) or (
        has_at_word and ("." in text or "•" in text or not _PROVIDER_WORDS.isdisjoint(words))
    ) or ((")" in text or "]" in text) and ("a)" in text or "a]" in text)
          and _BRACKETED_A.search(text) is not None):
        _add_separator_rules(on, rules["sep"], text, words, has_at, has_mid_dot, has_at_word)
    # a split name needs one of its second words ("mail", "app"...) before anything else
    if not _SPLIT_SECOND.isdisjoint(words):
        # from the second words, which are fewer ("in" is common, "linked" is not)
        firsts = _split_firsts()
        for second in _SPLIT_SECOND.intersection(words):
            if not firsts[second].isdisjoint(words):
                on.extend(rules["split"])
                break
    if len(words & _SINGLE_LETTERS) >= 3 and _SPACED_GATE.search(text):
        on.extend(rules["spaced"])
    shape = None
    if text.isascii():
        # the same tests as the regular expressions below, first on the classes of ``_SHAPE``
        shape = text.encode("ascii").translate(_SHAPE).decode("ascii")
        has_digit = "0" in shape
        glued = has_digit and _SHAPE_GLUED.search(shape) is not None
        letter_digits = glued and _SHAPE_LETTER_DIGIT.search(shape) is not None
        # _LEET_GATE needs a leet symbol (a digit or one of "!|@$") beside [a-z], _LEET_BANG_GATE
        # a "!" or "|" between two of them ("great!" is neither a digit nor between letters)
        leet = (((has_digit or has_at or "$" in text)
                 and ((glued and _SHAPE_DIGIT_LOWER.search(shape) is not None)
                      or ("!" in shape and _SHAPE_SYMBOL_LOWER.search(shape) is not None))
                 and _LEET_GATE.search(text) is not None)
                or (("!" in text or "|" in text) and _SHAPE_BANG.search(shape) is not None
                    and _LEET_BANG_GATE.search(text) is not None))
    else:
        has_digit = _DIGIT.search(text) is not None
        glued = has_digit and _GLUED.search(text) is not None
        letter_digits = glued and _LETTER_DIGIT_GATE.search(text) is not None
        leet = (((has_digit or has_at or "$" in text or "¥" in text or "€" in text)
                 and _LEET_GATE.search(text) is not None)
                or (("!" in text or "|" in text) and _LEET_BANG_GATE.search(text) is not None))
    spoken_words = _spoken_words()
    numbers = _NO_WORDS if spoken_words.isdisjoint(words) else words & spoken_words
    # digit runs alone never need rewriting: only number words and letters-for-digits do; a lone
    # word that is also an ordinary word elsewhere ("do", "un") cannot make a run by itself
    if glued and not numbers:
        # number words glued to digits ("nine1-two04") hide inside one \w+ token
        numbers = _glued_number_words(text, shape)
    spoken = len(numbers) >= 2 or not numbers.isdisjoint(_clear_number_words()) if numbers else False
    if spoken or letter_digits:
        on.extend(r for r in rules["digits"] if (r[0] != "letterdigits" and spoken)
                  or (r[0] == "letterdigits" and letter_digits))
    if leet and _leet_can_rewrite(text):
        on.extend(rules["leet"])
    return on


def _add_separator_rules(on: list, sep_rules: list, text: str, words: frozenset[str], has_at: bool,
                         has_mid_dot: bool, has_at_word: bool) -> None:
    """The separator rules ``text`` needs, each on its own word or character, in priority order."""
    has_bracket = "(" in text or "[" in text or "{" in text or "<" in text
    # a spaced "." only joins an address: after an "@" or a spelled-out "at"
    at_context = has_at or "ⓐ" in text or has_at_word
    for name, rule in sep_rules:
        if name in ("at_br", "dot_tld_br", "dot_br"):
            needed = has_bracket
        elif name == "at_word":
            # a provider named whole, or "at" + a domain-like word or a split provider name; then
            # the rule itself is asked (the gate also passes on an "at" inside a word, "that x.y",
            # and a provider's name may stand anywhere: "at 5, version 2 is live")
            needed = has_at_word and (
                not _PROVIDER_TOKENS.isdisjoint(words) or _AT_DOMAIN_GATE.search(text) is not None
            ) and rule.search(text) is not None
        elif name == "at_space":
            # every match holds an "@" beside a blank ("john @ gmail", "john@ gmail", "lena @gmail")
            needed = has_at and (" @" in text or "@ " in text or "\t@" in text or "@\t" in text)
        elif name == "dot_word":
            needed = not _DOT_WORDS.isdisjoint(words)
        elif name == "dot_space":
            # the rule ends on a spelled TLD ("gmail . com"); in ASCII text it needs a blank before
            # a dot, or a dot, blanks and a TLD ("at 8:45. it works" holds neither, and a rule
            # that cannot match changes nothing when it is left out)
            needed = at_context and not _TLD_TOKENS.isdisjoint(words) and (
                "." in text or "•" in text or "·" in text or "∙" in text) and (
                not text.isascii() or " ." in text or "\t." in text or _DOT_TLD.search(text) is not None)
        elif name == "dot_mid":
            needed = has_mid_dot and has_at  # only inside an address
        elif name == "dot_local":
            # the rule needs a blank right before the dot ("mike . tran @")
            needed = at_context and (" ." in text or "\t." in text)
        else:
            needed = "underscore" in words or "guion" in words or ("under" in words and "score" in words)
        if needed:
            on.append((name, rule))


def _glued_number_words(text: str, shape: str | None) -> set[str]:
    """The number words glued to digits ("nine1-two04"): the pieces between the digit runs of
    the \\w+ words that hold a digit, which are the runs of non-digit word characters that touch a
    digit (a word without a digit is no number word: it is not alphabetic). ``shape``: the text's
    ``_SHAPE`` translation when it is ASCII (number words in ASCII text are lower-case letters)."""
    number_words = _number_words()
    if shape is not None:
        # such a piece is a whole run of [a-z], two letters long at least ("9am", "mp4"; not "3d",
        # "728x90"), and most texts hold no number word as one at all
        if _SHAPE_TWO_LETTERS_GLUED.search(shape) is None:
            return set()
        runs = text.encode("ascii").translate(_LOWER_RUNS).decode("ascii").split()
        if number_words.isdisjoint(runs):
            return set()
        n = len(text)
        found = {text[m.start(1):m.end(1)] for m in _SHAPE_GLUED_PART.finditer(shape)}
        found.update(text[n - m.end(1):n - m.start(1)] for m in _SHAPE_GLUED_PART.finditer(shape[::-1]))
        return {part for part in found if part in number_words}
    after = {part for part in _GLUED_PART.findall(text) if part in number_words}
    before = {part[::-1] for part in _GLUED_PART.findall(text[::-1]) if part[::-1] in number_words}
    return after | before


_NO_WORDS: frozenset[str] = frozenset()


_GATE_WORDS: frozenset[str] = frozenset()  # ``_gate_words()``, once it has been asked for


@cache
def _gate_words() -> frozenset[str]:
    """Every word a gate of ``_active_rules`` or ``_apply_substitution`` tests for."""
    global _GATE_WORDS
    _GATE_WORDS = (_SEP_WORDS | _AT_WORDS | _PROVIDER_WORDS | _PROVIDER_TOKENS | _TLD_TOKENS | _DOT_WORDS
                   | _SPLIT_FIRST | _SPLIT_SECOND | _SINGLE_LETTERS | _spoken_words() | _SUBSTITUTION_WORDS
                   | {"underscore", "guion", "under", "score", "is"})
    return _GATE_WORDS


@cache
def _spoken_words() -> frozenset[str]:
    """Words that can be part of a dictated number."""
    return _number_words() | CONTEXT_ZERO_WORDS


@cache
def _clear_number_words() -> frozenset[str]:
    """Number words that are not also ordinary words somewhere ("nine", not "do" or "oh")."""
    return frozenset(w for w in _spoken_words() if w not in AMBIGUOUS_NUMBER_WORDS and w not in CONTEXT_ZERO_WORDS)


@cache
def _split_pairs() -> dict[str, frozenset[str]]:
    """First word -> the second words it joins with into a known name ("g" + "mail")."""
    return {
        a: frozenset(
            b for b in _SPLIT_SECOND
            if (a + b).replace("'", "") in VOCABULARY or (a, b) in (("whats", "ap"), ("what", "app"), ("wats", "app"))
        )
        for a in _SPLIT_FIRST
    }


@cache
def _split_firsts() -> dict[str, frozenset[str]]:
    """Second word -> the first words it joins with into a known name (``_split_pairs`` turned
    around)."""
    pairs = _split_pairs()
    return {b: frozenset(a for a in _SPLIT_FIRST if b in pairs[a]) for b in _SPLIT_SECOND}


# three letters spaced or dotted apart, as the "spaced" rule reads them
# (that is "(?<![a-z])[a-z]...", written to start with the letter and to test the separator after
# it before the look-behind, so the engine skips to letters and most fail at once)
_SPACED_GATE = re.compile(
    r"[a-z](?=[ .\-_*])(?<![a-z][a-z])(?:[ .\-_*]|[ ][.@][ ])[a-z](?:[ .\-_*]|[ ][.@][ ])[a-z](?![a-z])")
# ``_SPACED_GATE`` found from the separator after its first letter (the look-behind then holds
# that letter): the same texts match (one position later), and the engine enters the pattern at
# separators only, not at every letter
_SPACED_GATE_FROM_SEPARATOR = re.compile(
    r"[ .\-_*](?<=(?<![a-z])[a-z][ .\-_*])(?:|(?<=[ ])[.@][ ])[a-z](?:[ .\-_*]|[ ][.@][ ])[a-z](?![a-z])")
# on the ``_SHAPE`` of ASCII text without "_" or "#" in it: what ``_SPACED_GATE_FROM_SEPARATOR`` needs
# at least (a separator other than "_" and "*" is a blank on the shape, " . " three of them, " @ "
# is " ! "; a text with other blanks may pass, then the gate itself decides). Written to start with
# the blank before the middle letter, and to look ahead for a one-letter word first: most blanks
# are followed by a longer word, which fails on its second letter
_SHAPE_SPACED = re.compile(r" (?=[ao](?: | [ !] )[ao](?![ao]))(?:(?<=(?<![ao])[ao] )|(?<=(?<![ao])[ao] [ !] ))")
# "!" and "|" count as leetspeak only between letters ("wh!tsapp"), never after a word ("thanks!")
_LEET_BANG_GATE = re.compile(r"[!|](?<=[a-z][!|])[a-z]")


_NUMBER_REGION = re.compile(r"[0-9\s,.\-/()_:;*|+~·•]+")  # one class, nothing after it: linear


class _LiveDigits:
    """The digit rule searched only where a digit group can join a number word: a run of number
    words and digit groups is joined by separator characters only, so a digit group whose
    stretch of digits and separators touches no number word can only form a run of digits, which
    is never rewritten (``_convert_number_run``). Searching there alone spares hostile text the
    per-match work on every digit group (leet, which could start on those digits, is told by
    ``rewrite_words``)."""

    def __init__(self, pattern: re.Pattern[str], regions: list[tuple[int, int]]) -> None:
        self.pattern = pattern
        self.regions = regions
        self.i = 0

    def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
        regions = self.regions
        while self.i < len(regions):
            start, end = regions[self.i]
            if end > pos:
                m = self.pattern.search(text, max(pos, start), end)
                if m is not None:
                    return m
            self.i += 1
        return None


@cache
def _number_word_probe(pattern: str) -> re.Pattern[str]:
    """Every number word's start and end, overlapping ones too: group 1 of a match is the word
    that starts where the match does. Written as one first letter of a number word (``pattern``
    is the "num" rule's, whose words are ``_num_rule_words``) with the word as a look-ahead in a
    look-behind over that letter, so the engine skips to such letters; a bare look-ahead
    "(?=(...))" would be tried at every position of the text."""
    first = "[" + re.escape("".join(sorted({w[0] for w in _num_rule_words()}))) + "]"
    # (every branch of the rule wants no [a-z] before its first letter: tested first, on its own,
    # it turns most letters of a word away before the alternation is tried)
    return re.compile(f"{first}(?<![a-z]{first})(?<=(?=({pattern})){first})")


def _live_digit_runs(text: str, rules: list[tuple[str, re.Pattern[str]]]) -> list:
    words = dict(rules)["num"]
    probe = _number_word_probe(words.pattern)
    spans = [m.span(1) for m in probe.finditer(text)]
    kept = None
    if len(text) > _LONG_TEXT and len(spans) * _SPARSE_WORDS <= len(text):
        # hostile text: most number words stand alone ("o" in random letters); where they are
        # dense ("five five five ...") nearly all have a neighbour, and the check is not worth it
        # (a productive leet match can start only where ``_leet_piece_starts`` says: with the leet
        # rule on, a number word there is kept, since its match is what keeps the leet one out)
        leet_starts = frozenset(_leet_piece_starts(text)) if any(name == "leet" for name, _ in rules) else frozenset()
        kept = _paired_number_words(text, spans, leet_starts)
        spans = [span for span in spans if span[0] in kept]
        kept = sorted(kept)
    word_starts = {start for start, _ in spans}
    word_ends = {end for _, end in spans}
    # the maximal runs of digits and separators that start where a number word ends or end where
    # one starts: found from the words (a letter never belongs to a run, so a run beside a word
    # begins or ends exactly there), not by walking every run of the text
    if len(word_ends) > len(text) // 64:
        # number words everywhere ("five five five ..."): one walk over the runs is cheaper
        regions = [m.span() for m in _NUMBER_REGION.finditer(text) if m.start() in word_ends or m.end() in word_starts]
        return _wrap_live(rules, regions, kept)
    # (``map`` over the region pattern's ``match`` keeps the loop over hostile text's many
    # one-letter words in C)
    match = _NUMBER_REGION.match
    found = {m.span() for m in map(match, repeat(text), word_ends) if m is not None}
    starts = [start for start in word_starts if start > 0]
    before = list(compress(starts, map(match, repeat(text), [start - 1 for start in starts], starts)))
    if before:
        reverse = text[::-1]
        n = len(text)
        for start in before:
            m = match(reverse, n - start)
            found.add((start - (m.end() - m.start()), start))
    return _wrap_live(rules, sorted(found), kept)


_SPARSE_WORDS = 64  # characters per number word at least for ``_paired_number_words`` to be asked


def _wrap_live(rules: list[tuple[str, re.Pattern[str]]], regions: list[tuple[int, int]],
               kept: list[int] | None = None) -> list:
    wrap = {"digits": lambda rule: _LiveDigits(rule, regions),
            "leet": lambda rule: _ProductiveLeet(rule, not_on_digits=True)}
    if kept is not None:
        wrap["num"] = lambda rule: _LiveWords(rule, kept)
    return [(name, wrap[name](rule) if name in wrap else rule) for name, rule in rules]


def _paired_number_words(text: str, spans: list[tuple[int, int]],
                         leet_starts: frozenset[int] | None = None) -> set[int]:
    """The starts of the number words (``spans``: every place the "num" rule matches) that may
    belong to a run of two items or more, or may hide a leet match. A word with no digit group or
    number word beside it (across ``_NUMBER_SEP`` or a connector, as ``_apply_rules`` joins them)
    is a run of one item, which is never converted; leaving it out of the matches changes no other
    match: no rule can start inside a number word (each needs a non-letter before its start or
    starts on one), and at its start only the leet rule, which then runs on through a leet
    character right after the word (such words are kept)."""
    after, before, _ = _number_pair_patterns()
    start_of_end = {end: start for start, end in spans}
    # (each test is mapped over every word in C: hostile text has tens of thousands of them)
    starts = [start for start, _ in spans]
    ends = [end for _, end in spans]
    afters = list(map(after.match, repeat(text), ends))
    # a word followed by a number item, and that item when it is a number word
    kept: set[int] = set(compress(starts, afters))
    kept.update(map(start_of_end.get, [m.end() for m in afters if m is not None]))
    kept.discard(None)
    # the others: a digit group before, or a leet character right after
    alone = [m is None for m in afters]
    rest = list(compress(spans, alone))
    rest_starts = [start for start, _ in rest]
    kept.update(compress(rest_starts, map(before.search, repeat(text), [max(0, start - 5) for start in rest_starts],
                                          rest_starts)))
    kept.update(compress(rest_starts, [text[end:end + 1] in _LEET_RUN_CHARS for _, end in rest]))
    if leet_starts is None:
        return kept
    return _without_lone_ambiguous(text, kept, dict(spans), leet_starts)


# what may stand between two items of one run of numbers (``_NUMBER_SEP``'s characters) and the
# digit groups themselves: a run's items and gaps lie inside one stretch of these
_RUN_STRETCH = re.compile(r"[\d\s,.\-/()_:;*|+~·•]*+")


@cache
def _lone_droppable() -> frozenset[str]:
    """Number words that alone in a run leave it unconverted (``_convert_number_run``: a run whose
    only word is ambiguous or a context zero, "o", "do", "un"), other than tens words (which join
    a following word across a connector)."""
    return frozenset(w for w in AMBIGUOUS_NUMBER_WORDS | CONTEXT_ZERO_WORDS if w != "plus" and w not in _tens_words())


def _without_lone_ambiguous(text: str, kept: set[int], end_of: dict[int, int], leet_starts: frozenset[int]) -> set[int]:
    """``kept`` without the words that are the only word of any run they can be in, when that
    word is ambiguous ("o" between digits of hostile text: "3 o 5"). Items of one run are joined by
    separators (or a connector after a tens word), so a run that holds word ``i`` lies in the
    stretch of digits and separators around it, up to the neighbouring words; when neither
    neighbour's stretch reaches it (nor a connector), word ``i`` is the run's only word, and a run
    whose only word is ambiguous is never converted (``_convert_number_run``: ambiguous words
    alone and fewer than two of them), nor is any part of it that ``_apply_rules`` cuts off (fewer
    items, the same one word at most). Leaving the word out then changes no rewrite, as for a word
    with no neighbour (see ``_paired_number_words``), except where a leet match that rewrites could
    start (``leet_starts``: ``_leet_piece_starts`` with the leet rule on; no rule can start inside a
    number word, and at its start only the leet rule, ahead of which the num rule then no longer
    stands)."""
    droppable = _lone_droppable()
    starts = sorted(kept)
    if len(starts) < 2:
        return kept
    ends = [end_of[s] for s in starts]
    names = list(map(text.__getitem__, map(slice, starts, ends)))
    reach = [m.end() for m in map(_RUN_STRETCH.match, repeat(text), ends)]
    # linked[i]: word i and word i + 1 may be items of one run
    linked = [r == s for r, s in zip(reach, starts[1:])]
    tens = _tens_words()
    for i in compress(range(len(linked)), [name in tens for name in names[:-1]]):
        if _CONNECTOR_GAP.fullmatch(text, ends[i], starts[i + 1]) is not None:
            linked[i] = True
    linked.append(False)
    out = set()
    prev_linked = False
    for start, name, link in zip(starts, names, linked):
        if prev_linked or link or name not in droppable or start in leet_starts:
            out.add(start)
        prev_linked = link
    return out


@cache
def _tens_words() -> frozenset[str]:
    """Number words for tens ("twenty", "vingt"), which join a following word across a connector."""
    return frozenset(w for w, value in number_word_table().items() if value.endswith("_"))


class _LiveWords:
    """The "num" rule's matches at ``starts`` only (``_paired_number_words``): the rule matches
    at each of them (they come from its probe) and at no other place ``_LiveWords`` skips."""

    def __init__(self, pattern: re.Pattern[str], starts: list[int]) -> None:
        self.pattern = pattern
        self.starts = starts

    def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
        i = bisect_left(self.starts, pos)
        return self.pattern.match(text, self.starts[i]) if i < len(self.starts) else None


class _ProductiveLeet:
    """Leet matches that rewrite to a known name: a match that would be left as is ("update!",
    "john@" before " gmail") must not hide a rule that starts inside it. With ``not_on_digits``
    (the digit rule is on): no match starting on a digit either, since the digit rule, ahead of
    leet, takes every digit group (also the ones ``_LiveDigits`` skips)."""

    def __init__(self, pattern: re.Pattern[str], *, not_on_digits: bool = False) -> None:
        self.pattern = pattern
        self.not_on_digits = not_on_digits
        self.starts: list[int] | None = None  # a long text's ``_leet_piece_starts``, once asked

    def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
        if len(text) > _LONG_TEXT:
            return self._search_at_pieces(text, pos)
        m = self.pattern.search(text, pos)
        while m is not None and (
            (self.not_on_digits and "0" <= text[m.start()] <= "9") or _rewrite("leet", m.group()) is None
        ):
            m = self.pattern.search(text, m.start() + 1)
        return m

    def _search_at_pieces(self, text: str, pos: int) -> re.Match[str] | None:
        """``search`` on a long text: a match that rewrites is a piece of ``_leet_piece_starts``,
        so the rule is only tried where one starts (a match at a position is the one the plain
        search would find there), not at every raw match of hostile text."""
        if self.starts is None:
            self.starts = _leet_piece_starts(text)
        starts = self.starts
        for i in range(bisect_left(starts, pos), len(starts)):
            q = starts[i]
            m = self.pattern.match(text, q)
            if m is not None and not (self.not_on_digits and "0" <= text[q] <= "9") and (
                    _rewrite("leet", m.group()) is not None):
                return m
        return None

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        m = self.search(text)
        while m is not None:
            yield m
            m = self.search(text, max(m.end(), m.start() + 1))


_LEET_CHARS = "".join(LEET)
_LEET_RUN = re.compile(f"[a-z{re.escape(_LEET_CHARS)}]+")
_DE_LEET = str.maketrans(LEET)


@cache
def _vocabulary_automaton():
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for word in VOCABULARY:
        automaton.add_word(word, word)
    automaton.make_automaton()
    return automaton


# the maximal runs of letters and leet characters (``_LEET_RUN``) that hold a leet character
_LEET_SYMBOL_RUN = re.compile(f"(?<![a-z{re.escape(_LEET_CHARS)}])[a-z]*+[{re.escape(_LEET_CHARS)}]"
                              f"[a-z{re.escape(_LEET_CHARS)}]*+")
# ASCII byte -> "L" for a leet character, "a" for [a-z], " " for anything else
_LEET_SHAPE = bytes(
    ord("L" if chr(c) in _LEET_CHARS else "a" if "a" <= chr(c) <= "z" else " ") if c < 128 else 32
    for c in range(256)
)


def _leet_may_rewrite(text: str, names: Callable[[str], bool] | None = None) -> bool:
    """Whether some run of letters and leet characters reads, de-leeted, as a text holding a
    known name: a leet match lies inside one run and rewrites only to a known name ("1" also as
    "l"), so without such a run the leet rule can change nothing. Runs of letters alone are
    skipped without being looked at (no leet character is a letter): in ASCII text the runs that
    hold a leet character are found with ``str.find`` on a translated copy, elsewhere by a pattern.
    ``names`` tells whether a run holds a known name (``_names_a_known_word`` unless given)."""
    if names is None:
        names = _names_a_known_word
    if text.isascii():
        shape = text.encode("ascii").translate(_LEET_SHAPE).decode("ascii")
        # a run of leet characters alone ("$250", "10:15") de-leets to letters that spell no
        # known name (checked on the vocabulary, see _names_from_leet_alone)
        skip_bare = not _names_from_leet_alone()
        p = shape.find("L")
        while p != -1:
            start = shape.rfind(" ", 0, p) + 1
            end = shape.find(" ", p)
            if end == -1:
                end = len(shape)
            if not (skip_bare and shape.find("a", start, end) == -1) and names(text[start:end]):
                return True
            p = shape.find("L", end)
        return False
    return any(names(m.group()) for m in _LEET_SYMBOL_RUN.finditer(text))


@cache
def _names_from_leet_alone() -> bool:
    """Whether some known name is spelled only with letters that leet characters stand for
    ("a", "e", "i"...; "l" also for "i"): if none is, a run of leet characters alone names none."""
    letters = set(LEET.values())
    return any(set(word) <= letters for word in VOCABULARY)


def _names_a_known_word(run: str) -> bool:
    """Whether ``run`` de-leeted ("1" also as "l") holds a known name. Kept per run up to 32
    characters: chat repeats the same few ("great!", "thanks!", "9am", "mp4")."""
    return _names_a_known_word_cached(run) if len(run) <= 32 else _names_a_known_word_uncached(run)


def _names_a_known_word_uncached(run: str) -> bool:
    automaton = _vocabulary_automaton()
    plain = run.translate(_DE_LEET)
    return next(automaton.iter(plain), None) is not None or (
        "i" in plain and next(automaton.iter(plain.replace("i", "l")), None) is not None
    )


_names_a_known_word_cached = lru_cache(maxsize=4096)(_names_a_known_word_uncached)
# where a leet match can start inside a run (right after one of these: its look-behind rules out
# the rest, "\w", "@", "." and "$") and end (right before one of these: its look-ahead rules out
# "\w" and "@")
_LEET_STARTS_AFTER = frozenset("!|¥€")
_LEET_ENDS_BEFORE = frozenset("!|$¥€")


@cache
def _longest_name() -> int:
    return max(len(word) for word in VOCABULARY)


def _run_can_rewrite(run: str) -> bool:
    """Whether a leet match inside ``run`` (a maximal run of letters and leet characters) can
    rewrite to a known name: whether a piece of it that starts at its start or after one of
    ``_LEET_STARTS_AFTER``, and ends at its end or before one of ``_LEET_ENDS_BEFORE``, reads
    de-leeted ("1" also as "l") as a known name, as ``_rewrite`` asks of a leet match. Tighter
    than ``_names_a_known_word`` ("alexsantos@icloud" holds "icloud" but is no name; "8x1080"
    holds "x"), and only asked where that one says yes. Kept per run up to 32 characters."""
    if not _names_a_known_word(run):
        return False
    return _run_can_rewrite_cached(run) if len(run) <= 32 else _run_can_rewrite_uncached(run)


def _run_can_rewrite_uncached(run: str) -> bool:
    starts = [0]
    ends = []
    for i, c in enumerate(run):
        if c in _LEET_ENDS_BEFORE:
            ends.append(i)
            if c in _LEET_STARTS_AFTER:
                starts.append(i + 1)
    ends.append(len(run))
    longest = _longest_name()
    vocabulary = VOCABULARY
    n = len(ends)
    first = 0  # the first end after the current start (starts and ends are sorted)
    for s in starts:
        while ends[first] <= s:
            first += 1
            if first == n:
                return False
        k = first
        while k < n and ends[k] - s <= longest:  # de-leeting keeps the length: a longer piece is no name
            plain = run[s:ends[k]].translate(_DE_LEET)
            if plain in vocabulary or plain.replace("i", "l") in vocabulary:
                return True
            k += 1
    return False


_run_can_rewrite_cached = lru_cache(maxsize=4096)(_run_can_rewrite_uncached)


def _leet_can_rewrite(text: str) -> bool:
    """Whether the leet rule can rewrite anything in ``text``: ``_leet_may_rewrite`` with
    ``_run_can_rewrite`` for each run (on a long text: whether it has a ``_leet_piece_starts``)."""
    if len(text) > _LONG_TEXT:
        return bool(_leet_piece_starts(text))
    return _leet_may_rewrite(text, _run_can_rewrite)


# above this many characters, the leet rule's pieces are found by ``_leet_piece_starts`` (hostile
# text has a hundred thousand runs of letters and leet characters, one in ten thousand of them
# naming something); chat stays on the per-run path
_LONG_TEXT = 4096
_LEET_RUN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz" + _LEET_CHARS)
_LEET_RUN_PIECE = re.compile(f"[a-z{re.escape(_LEET_CHARS)}]++")
_LEET_IN_PIECE = re.compile(f"[{re.escape(_LEET_CHARS)}]")


@cache
def _piece_automata():
    """Aho-Corasick automata of the known names (value: the name's length), and of the names
    holding an "l" (what the reading of "1" as "l" can add: a name without one that matches the
    text with every "i" read as "l" also matches it as it is)."""
    import ahocorasick

    built: list = []
    longer = [w for w in VOCABULARY if len(w) > 1]
    for names in (longer, [w for w in longer if "l" in w]):
        automaton = ahocorasick.Automaton()
        for word in names:
            automaton.add_word(word, len(word))
        automaton.make_automaton()
        built.append(automaton)
    built.append(_one_letter_names())
    return tuple(built)


def _one_letter_names() -> re.Pattern[str] | None:
    """The one-letter known names, as a pattern over the text (not the de-leeted copy): the letter,
    or a leet character standing for it ("1" also for "l"), with a leet character a leet match can
    start after right before it or one it can end before right after it (a piece of one character
    holds no leet character of its own: only then is its run one that holds one). Hostile text is
    full of one letter: the pattern, which starts with it, keeps those out of the per-hit loop."""
    letters = sorted(w for w in VOCABULARY if len(w) == 1)
    if not letters:
        return None
    forms = set(letters)
    forms.update(k for k, v in LEET.items() if v in letters or (v == "i" and "l" in letters))
    # (a form that is itself a leet character may stand alone in its run: kept in by the "|" branch)
    cls = "[" + re.escape("".join(sorted(forms))) + "]"
    after = "[" + re.escape("".join(sorted(_LEET_STARTS_AFTER))) + "]"
    before = "[" + re.escape("".join(sorted(_LEET_ENDS_BEFORE))) + "]"
    leet_forms = "".join(sorted(forms & set(LEET)))
    alone = "|(?<=[" + re.escape(leet_forms) + "])" if leet_forms else ""
    return re.compile(f"{cls}(?:(?<={after}{cls})|(?={before}){alone})")


def _de_leet(text: str) -> str:
    """``text.translate(_DE_LEET)``, one ``str.replace`` per leet character the text holds (a
    translation table is looked up for every character of a long non-ASCII text)."""
    for char, letter in LEET.items():
        if char in text:
            text = text.replace(char, letter)
    return text


@lru_cache(maxsize=2)
def _leet_piece_starts(text: str) -> list[int]:
    """The sorted start positions of the pieces ``_run_can_rewrite`` accepts, over every run of
    ``text`` at once: each run's pieces are the stretches inside it that start at its start or
    after one of ``_LEET_STARTS_AFTER``, end at its end or before one of ``_LEET_ENDS_BEFORE``, and
    read de-leeted ("1" also as "l") as a known name. De-leeting is one character for one, so the
    names are found in the de-leeted text with one automaton pass (two with "i" read as "l"), and
    each hit is kept when it is such a stretch of a run that holds a leet character. Empty when the
    leet rule can rewrite nothing. Kept for the last texts (the gate and the rule both ask)."""
    plain = _de_leet(text)
    every, with_l, single = _piece_automata()
    hits = set(every.iter(plain))
    if "i" in plain:
        hits.update(with_l.iter(plain.replace("i", "l")))
    if single is not None:
        # one-letter names ("x"): a match of one letter has its leet character beside it
        hits.update((m.start(), 1) for m in single.finditer(text))
    n = len(text)
    run_chars = _LEET_RUN_CHARS
    fullmatch = _LEET_RUN_PIECE.fullmatch
    found = set()
    for last, length in hits:
        start, end = last + 1 - length, last + 1
        if start in found or fullmatch(text, start, end) is None:
            continue
        before = text[start - 1] if start else " "
        after = text[end] if end < n else " "
        leet_beside = before in _LEET_STARTS_AFTER or after in _LEET_ENDS_BEFORE
        if before in run_chars and before not in _LEET_STARTS_AFTER:
            continue  # not at the run's start, nor after a leet character a match can start after
        if after in run_chars and after not in _LEET_ENDS_BEFORE:
            continue
        if leet_beside or _LEET_IN_PIECE.search(text, start, end) is not None:
            found.add(start)
    return sorted(found)


def _matches(text: str, rules: list[tuple[str, re.Pattern[str]]]) -> Iterator[tuple[str, re.Match[str]]]:
    """The matches one alternation of ``rules`` (in that order) would give, from the separate
    patterns: the leftmost match of any rule, the earliest rule on a tie, then on from its end."""
    if len(rules) == 1:
        name, rule = rules[0]
        for m in rule.finditer(text):
            yield name, m
        return
    heap: list[tuple[int, int, re.Match[str]]] = []
    for i, (_, rule) in enumerate(rules):
        m = rule.search(text)
        if m is not None:
            heap.append((m.start(), i, m))
    heapq.heapify(heap)
    while heap:
        _, i, m = heapq.heappop(heap)
        yield rules[i][0], m
        end = m.end()
        m = rules[i][1].search(text, end)
        if m is not None:
            heapq.heappush(heap, (m.start(), i, m))
        while heap and heap[0][0] < end:
            _, j, stale = heapq.heappop(heap)
            m = rules[j][1].search(text, end)
            if m is not None:
                heapq.heappush(heap, (m.start(), j, m))


@cache
def _number_words() -> frozenset[str]:
    return frozenset(number_word_table()) | frozenset(REPEAT_WORDS) | {"plus"}


_LETTER_DIGITS = str.maketrans({"o": "0", "i": "1", "l": "1"})
_AFTER_AT = re.compile(
    r"(?:@|\bat\b|[(\[]at[)\]]|\barroba\b|ⓐ)[ \t]{0,3}[a-z0-9\-]{1,20}(?:[ \t][a-z0-9\-]{1,20})?$"
)

_FIXED = {"at_br": "@", "at_word": "@", "at_space": "@", "dot_br": ".", "dot_word": ".",
          "dot_space": ".", "dot_local": ".", "dot_mid": ".", "underscore": "_"}


# "replace # with @", "swap the * for a dot", "# = @", "(% means at)": the writer says which symbol
# stands for "@" or "."
_SYMBOL_CHARS = "#$%&*+=~^|/\\!?"
_SYMBOLS = "[" + re.escape(_SYMBOL_CHARS) + "]"
_SUBSTITUTION = re.compile(
    r"\b(?:replace|swap|change|substitute|switch|exchange|put)\s(?:the\s|every\s|each\s|all\s)?"
    r"(?:(?:symbol|sign|character|char)s?\s)?[\"'“‘(]?(?P<sym>" + _SYMBOLS + r")[\"'”’)]?\s(?:with|by|for|to|into)\s"
    r"(?:an?\s|the\s)?[\"'“‘(]?(?P<to>@|at\b|\.|dot\b|period\b)"
    r"|(?<!\S)[\"'“‘(]?(?P<sym2>" + _SYMBOLS + r")[\"'”’)]?\s?(?:=|means|is|stands for|->|→)\s?[\"'“‘(]?"
    r"(?P<to2>@|at\b|\.|dot\b|period\b)"
)
_SUBSTITUTION_WORDS = frozenset({"replace", "swap", "change", "substitute", "switch", "exchange", "put", "means",
                                 "stands"})
_SUBSTITUTION_VERBS = frozenset({"replace", "swap", "change", "substitute", "switch", "exchange", "put"})
# the two branches of ``_SUBSTITUTION`` on their own: the first only runs when its verb is one of
# the words; the second is written to start with its first character (an opening quote or the
# symbol; the symbol captured by a look-behind) so the engine skips to those, where the plain form,
# which starts with "(?<!\S)", is tried at every position of the text
_SUBSTITUTION_VERB = re.compile(_SUBSTITUTION.pattern.split("|(?<!\\S)")[0])
_SUBSTITUTION_SIGN = re.compile(
    r"[\"'“‘(" + re.escape(_SYMBOL_CHARS) + r"](?:(?<=[\"'“‘(])(?<!\S.)" + _SYMBOLS + r"|(?<!\S.))"
    r"(?<=(?P<sym2>" + _SYMBOLS + r"))[\"'”’)]?\s?(?:=|means|is|stands for|->|→)\s?[\"'“‘(]?"
    r"(?P<to2>@|at\b|\.|dot\b|period\b)"
)


def _find_substitution(text: str, words: frozenset[str]) -> tuple[str, str] | None:
    """(symbol, target) of ``_SUBSTITUTION.search(text)``, from its two branches searched apart
    (the leftmost match wins; the verb branch on a tie, which cannot happen: the branches start
    on different characters). ``words``: as for ``_active_rules``."""
    verb = _SUBSTITUTION_VERB.search(text) if not _SUBSTITUTION_VERBS.isdisjoint(words) else None
    sign = _SUBSTITUTION_SIGN.search(text)
    if verb is not None and (sign is None or verb.start() <= sign.start()):
        return verb.group("sym"), verb.group("to")
    if sign is not None:
        return sign.group("sym2"), sign.group("to2")
    return None
# "=", an arrow, or "# is @" ("is" is too common a word for the word gate)
_SUBSTITUTION_MARK = re.compile(r"=|→|->|[#$%&*+~^|/\\][\"'”’)]?\sis\s")
# the last branch of ``_SUBSTITUTION_MARK`` written to start with the literal "is" (the engine then
# skips to an "is"; the mark's first branches are plain ``in`` tests in ``_has_substitution_mark``)
_SYMBOL_IS = re.compile(r"is(?:(?<=[#$%&*+~^|/\\]\sis)|(?<=[#$%&*+~^|/\\][\"'”’)]\sis))\s")


def _has_substitution_mark(text: str, words: frozenset[str]) -> bool:
    """``_SUBSTITUTION_MARK.search(text) is not None``, cheaply: an alternation starting with "="
    is tried at every position of every message, three ``in`` tests are not; "<symbol> is" needs
    the word "is" (white space on both sides makes it a whole word)."""
    return "=" in text or ("-" in text and "->" in text) or "→" in text or (
        "is" in words and _SYMBOL_IS.search(text) is not None)


def _apply_substitution(folded: NormalizedText, words: frozenset[str] | None = None) -> NormalizedText:
    """Every occurrence of a symbol the writer says stands for "@" or "." becomes that character
    (one character for one: the offset map is unchanged). ``words``: as for ``_active_rules``."""
    text = folded.text
    if words is None:
        words = word_set(text) & _gate_words()
    if _SUBSTITUTION_WORDS.isdisjoint(words) and not _has_substitution_mark(text, words):
        return folded  # no verb of the instruction, no "=", arrow or "<symbol> is"
    if not any(text.count(c) >= 2 for c in _SYMBOL_CHARS):
        return folded  # the instruction and one use at least: the symbol occurs twice
    found = _find_substitution(text, words)
    if found is None:
        return folded
    symbol, target = found
    char = "@" if target in ("@", "at") else "."
    if text.count(symbol) < 2:
        return folded  # only the instruction itself holds the symbol: nothing to replace
    return NormalizedText(folded.original, text.replace(symbol, char), folded.starts, folded.ends)


def rewrite_words(folded: NormalizedText) -> NormalizedText:
    """Apply the word-level rewrites to char-folded text (see module doc)."""
    text = folded.text
    words = word_set(text) & (_GATE_WORDS or _gate_words())
    if text.isascii() and _ascii_unchanged(text, words):
        return folded  # ordinary chat: no substitution, no rule can apply
    return _rewrite_words(folded, words)


#: Mail providers and TLDs written in Cyrillic ("olga собака яндекс точка ру"), read in Latin next to
#: a spelled or written "@" or "." so the address rules see "olga собака yandex точка ru".
_CYRILLIC_DOMAIN_WORDS = {
    "яндекс": "yandex", "яндэкс": "yandex", "гмейл": "gmail", "гмайл": "gmail", "джимейл": "gmail",
    "мейл": "mail", "майл": "mail", "мэйл": "mail", "рамблер": "rambler", "ру": "ru", "ком": "com",
}
# the words alone (a pattern that opens with their letters: the engine skips to them), the context
# is read around each
_CYRILLIC_DOMAIN = re.compile("|".join(sorted(_CYRILLIC_DOMAIN_WORDS, key=len, reverse=True)))
_AFTER_AT_OR_DOT = re.compile(r"(?:собака|собачка|точка) $|@ ?$|\.$")
_BEFORE_DOT = re.compile(r" ?(?:точка|\.)")
_TLD_WORDS = frozenset({"ру", "ком"})


def _latin_domain_words(folded: NormalizedText) -> NormalizedText:
    """``folded`` with Cyrillic provider and TLD names beside an "@"/"." (spelled or not) in Latin."""
    text = folded.text
    builder: OffsetBuilder | None = None
    pos = 0
    for m in _CYRILLIC_DOMAIN.finditer(text):
        word = m.group()
        a, b = m.span()
        if (a and text[a - 1].isalnum()) or (b < len(text) and text[b].isalnum()):
            continue  # part of a longer word
        if _AFTER_AT_OR_DOT.search(text, max(0, a - 8), a) is None and (
                word in _TLD_WORDS or _BEFORE_DOT.match(text, b) is None):
            continue  # "моя собака ру...": a word of the sentence
        if builder is None:
            builder = OffsetBuilder()
        builder.copy(text[pos:m.start()], pos)
        builder.replace(_CYRILLIC_DOMAIN_WORDS[word], m.start(), m.end())
        pos = m.end()
    if builder is None:
        return folded
    builder.copy(text[pos:], pos)
    return compose(folded, builder.text(), builder)


def _rewrite_words(folded: NormalizedText, words: frozenset[str]) -> NormalizedText:
    """``rewrite_words`` without the ASCII shortcut (``words``: as for ``_active_rules``)."""
    text = folded.text
    substituted = _apply_substitution(folded, words)
    if substituted is not folded:
        folded = substituted
        text = folded.text
        words = word_set(text) & _gate_words()
    if not text.isascii() and ("собак" in text or "точк" in text or "@" in text):
        latin = _latin_domain_words(folded)
        if latin is not folded:
            folded = latin
            text = folded.text
            words = word_set(text) & _gate_words()
    rules = _active_rules(text, words)
    if not rules:
        return folded  # ordinary chat: no rule can apply
    if len(rules) == 2 and rules[0][0] == "num" and not _has_number_pair(text):
        return folded  # number words, but none beside another number: "fit on one slide"
    return _apply_rules(folded, rules)


# bits of a word profile (``_word_profile``): what the gate words of a text allow on their own
_W_SLOW = 1  # a substitution verb, a spelled separator or a split name: a rule may apply
_W_IS = 2  # "is": "<symbol> is @" may be an instruction
_W_AT = 4  # a spelled "at"
_W_PROVIDER = 8  # a mail provider's name (or the first part of a split one)
_W_SPACED = 16  # three single letters or more
_W_NUMBERS = 32  # number words, none of them dictating a number on its own
_W_SPOKEN = 64  # number words that turn the number rules on
_W_PROVIDER_TOKEN = 128  # a provider's name ("at_word" is on with a spelled "at")
_W_TLD = 256  # a spelled TLD's word ("dot_space" may be on)
_W_UNDER_SCORE = 512  # "under" and "score" ("underscore" is on)
_PROFILES: dict[frozenset[str], int] = {}
_MAX_PROFILES = 4096


def _word_profile(words: frozenset[str]) -> int:
    """What ``_apply_substitution`` and ``_active_rules`` conclude from ``words`` (a text's gate
    words) alone, as bits; kept per word set (chat repeats the same few gate words: "i", "is", "a",
    "at"...), so a text pays one dictionary look-up for them."""
    profile = 0
    if not _SUBSTITUTION_WORDS.isdisjoint(words) or not _SEP_WORDS.isdisjoint(words):
        profile |= _W_SLOW
    if not _SPLIT_SECOND.isdisjoint(words):
        firsts = _split_firsts()
        if any(not firsts[second].isdisjoint(words) for second in _SPLIT_SECOND.intersection(words)):
            profile |= _W_SLOW
    if "is" in words:
        profile |= _W_IS
    if not _AT_WORDS.isdisjoint(words):
        profile |= _W_AT
    if not _PROVIDER_WORDS.isdisjoint(words):
        profile |= _W_PROVIDER
    if not _PROVIDER_TOKENS.isdisjoint(words):
        profile |= _W_PROVIDER_TOKEN
    if not _TLD_TOKENS.isdisjoint(words):
        profile |= _W_TLD
    if "under" in words and "score" in words:
        profile |= _W_UNDER_SCORE
    if len(words & _SINGLE_LETTERS) >= 3:
        profile |= _W_SPACED
    numbers = words & _spoken_words()
    if numbers:
        spoken = len(numbers) >= 2 or not numbers.isdisjoint(_clear_number_words())
        profile |= _W_SPOKEN if spoken else _W_NUMBERS
    if len(_PROFILES) >= _MAX_PROFILES:
        _PROFILES.clear()  # hostile text can make many sets: keep the table small
    _PROFILES[words] = profile
    return profile


# on the ``_SHAPE`` of ASCII text, the two halves of ``_LEET_GATE`` (a digit; one of "!|@$"), each
# starting with its literal
_SHAPE_LEET_DIGIT = re.compile(r"0(?:(?<=[ao]0)[0!]{0,2}[ao]|(?<=[ao]{3}0)|[ao]{3})")
_SHAPE_LEET_SYMBOL = re.compile(r"!(?:(?<=[ao]!)[0!]{0,2}[ao]|(?<=[ao]{3}!)|[ao]{3})")


@cache
def _at_word_rule() -> re.Pattern[str]:
    return dict(_rules()["sep"])["at_word"]


def _ascii_unchanged(text: str, words: frozenset[str]) -> bool:
    """True when ``_rewrite_words`` would leave ASCII ``text`` as it is for certain: no
    substitution instruction and no active rule but the number rules on a text without a pair of
    number items (``_apply_substitution``, ``_active_rules`` and ``_has_number_pair``, with what
    the gate words decide read from their profile). False means "maybe": the full path then
    decides. Most chat messages answer True after a dictionary look-up and a few ``in`` tests."""
    profile = _PROFILES.get(words)
    if profile is None:
        profile = _word_profile(words)
    if profile & _W_SLOW or "=" in text or "->" in text:
        return False  # a rule or the substitution may apply
    shape = text.encode("ascii").translate(_SHAPE).decode("ascii")
    # "<symbol> is": one of the symbols of ``_SYMBOL_IS`` ("$" and "|" are "!" on the shape)
    if profile & _W_IS and ("#" in shape or "!" in shape) and _SYMBOL_IS.search(text) is not None:
        return False
    # the separator family (ASCII text holds no middle dot) is on with an "@", a spelled "at"
    # before a dot or a provider's name, or a bracketed "a"; its rules then, as
    # ``_add_separator_rules`` decides them
    has_at = "@" in text
    at_word = profile & _W_AT
    if has_at or (at_word and ("." in text or profile & _W_PROVIDER)):
        if ("(" in text or "[" in text or "{" in text or "<" in text or " ." in text or "\t." in text
                or profile & _W_UNDER_SCORE):
            return False  # the bracket rules, "dot_local", "underscore"
        if has_at and (" @" in text or "@ " in text or "\t@" in text or "@\t" in text):
            return False  # "at_space"
        if profile & _W_TLD and "." in text and _DOT_TLD.search(text) is not None:
            return False  # "dot_space"
        if at_word and (profile & _W_PROVIDER_TOKEN or (
                _AT_DOMAIN_GATE if _other_at_word_inside(text) else _AT_ONLY_DOMAIN_GATE).search(text) is not None) and (
                _at_word_rule().search(text) is not None):
            return False  # "at_word"
    if ((")" in text or "]" in text) and ("a)" in text or "a]" in text)
            and _BRACKETED_A.search(text) is not None):
        return False  # the separator family is on: its rules decide
    if profile & _W_SPACED and ("_" in shape or "#" in shape or _SHAPE_SPACED.search(shape) is not None) and (
            _SPACED_GATE_FROM_SEPARATOR.search(text) is not None):
        return False  # the "spaced" rule
    spoken = profile & _W_SPOKEN
    has_digit = "0" in shape
    if has_digit:
        glued = _SHAPE_GLUED.search(shape) is not None
        if glued and _SHAPE_LETTER_DIGIT.search(shape) is not None:
            return False  # the "letterdigits" rule
        if glued and not profile & (_W_NUMBERS | _W_SPOKEN):
            numbers = _glued_number_words(text, shape)
            spoken = numbers and (len(numbers) >= 2 or not numbers.isdisjoint(_clear_number_words()))
    # the leet rule, as ``_active_rules`` decides it for ASCII text
    if "!" in shape or (has_digit and glued):
        # (a match of ``_SHAPE_LEET_DIGIT`` is a digit beside a letter: glued)
        leet = ((has_digit or has_at or "$" in text)
                and ((has_digit and glued and _SHAPE_LEET_DIGIT.search(shape) is not None)
                     or ("!" in shape and _SHAPE_LEET_SYMBOL.search(shape) is not None))) or (
            ("!" in text or "|" in text) and _SHAPE_BANG.search(shape) is not None
            and _LEET_BANG_GATE.search(text) is not None)
        if leet and _leet_can_rewrite(text):
            return False
    # the number rules alone: a text without a pair of number items is left as it is
    if not spoken:
        return True
    if not (has_digit and glued) and "A" not in shape and "_" not in shape:
        # no letter beside a digit, an upper-case letter or "_": every run of [a-z] is a whole word
        return not _has_number_pair_among(text, words & _num_rule_words())
    return not _has_number_pair(text)


def _has_number_pair_among(text: str, candidates: frozenset[str]) -> bool:
    """``_has_number_pair`` for ASCII text whose runs of [a-z] are its alphabetic words, of which
    ``candidates`` are the number words: the same neighbours of the same occurrences (found with
    ``str.find`` and a look at the characters on either side), without building the copy of runs."""
    after, before, _ = _number_pair_patterns()
    n = len(text)
    for word in candidates:
        size = len(word)
        p = text.find(word)
        while p != -1:
            end = p + size
            if (p == 0 or not "a" <= text[p - 1] <= "z") and (end == n or not "a" <= text[end] <= "z") and (
                    after.match(text, end) is not None or before.search(text, max(0, p - 5), p) is not None):
                return True
            p = text.find(word, p + 1)
    return False


def _has_number_pair(text: str) -> bool:
    """Whether two items of a number run stand side by side: a number word followed by a digit
    or another number word (across at most ``_NUMBER_SEP``, or a connector: "treinta y dos"), or
    a digit followed by a number word. With the number rules alone, a text without such a pair is
    left as it is: every run of items is then one item long, which ``_convert_number_run`` never
    converts (a digit group has no word; a lone word is neither three items nor beside a digit
    group). In ASCII text a match of the "num" rule is a whole run of [a-z] (it is all letters
    and the rule looks for no [a-z] on either side), so the words are found with ``str.split`` and
    ``str.find`` on a copy holding only those runs, and only their neighbours are looked at; any
    other text gets one search of a pattern built from the rule's own word alternation."""
    after, before, anywhere = _number_pair_patterns()
    if not text.isascii():
        return anywhere.search(text) is not None
    runs = f" {text.encode('ascii').translate(_LOWER_RUNS).decode('ascii')} "
    for word in _num_rule_words().intersection(runs.split()):
        needle = f" {word} "
        p = runs.find(needle)
        while p != -1:
            # the word is text[p:p + len(word)] (``runs`` has one more character in front)
            end = p + len(word)
            if after.match(text, end) is not None or before.search(text, max(0, p - 5), p) is not None:
                return True
            p = runs.find(needle, end + 1)
    return False


# ASCII byte -> itself for [a-z], a space for anything else
_LOWER_RUNS = bytes(c if 97 <= c <= 122 else 32 for c in range(256))


@cache
def _num_rule_words() -> frozenset[str]:
    """The words of the "num" rule's alternation."""
    return frozenset(number_word_table()) | frozenset(REPEAT_WORDS) | CONTEXT_ZERO_WORDS | {"plus"}


@cache
def _number_pair_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """For ``_has_number_pair``: what may follow a number word to pair with it (matched at its
    end), a digit and separators ending where a number word starts (searched in the five
    characters before it), and a whole pair (searched for); the word alternation is the "num"
    rule's own, so the words and their boundaries are the same."""
    num_rule = next(rule for name, rule in _rules()["digits"] if name == "num").pattern
    num = num_rule[len("(?P<num>"):-1]
    sep = _NUMBER_SEP.pattern
    follow = rf"{sep}(?:\d|{num})|{_CONNECTOR_GAP.pattern}(?:{num})"
    return (re.compile(follow), re.compile(rf"\d{sep}\Z"),
            re.compile(rf"(?:{num})(?:{follow})|\d{sep}(?:{num})"))


def _apply_rules(folded: NormalizedText, rules: list[tuple[str, re.Pattern[str]]]) -> NormalizedText:
    """Rewrite with ``rules`` (the active ones, in priority order)."""
    text = folded.text
    builder: OffsetBuilder | None = None
    pos = 0
    numbers: list[tuple[int, int, str]] = []

    def flush_numbers() -> None:
        nonlocal builder, pos
        if not numbers:
            return
        if len(numbers) == 1:
            numbers.clear()  # one item is never converted (see _convert_number_run): hostile
            return           # text is full of lone digit groups and one-letter words ("o")
        converted = _convert_number_run(numbers, text)
        numbers.clear()
        if converted is None:
            return
        if builder is None:
            builder = OffsetBuilder()
        for start, end, out in converted:
            builder.copy(text[pos:start], pos)
            builder.replace(out, start, end) if out != text[start:end] else builder.copy(out, start)
            pos = end

    if any(name == "digits" for name, _ in rules):
        rules = _live_digit_runs(text, rules)
    else:
        rules = [(name, _ProductiveLeet(rule) if name == "leet" else rule) for name, rule in rules]
    for kind, m in _matches(text, rules):
        start, end = m.span()
        if kind == "num" or kind == "digits":
            if numbers and _NUMBER_SEP.fullmatch(text, numbers[-1][1], start) is None and not (
                # "treinta y dos", "vingt et un": a connector between tens and what follows
                _CONNECTOR_GAP.fullmatch(text, numbers[-1][1], start) is not None
                and number_word_table().get(numbers[-1][2], "").endswith("_") and kind == "num"
            ):
                flush_numbers()
            numbers.append((start, end, m.group()))
            continue
        flush_numbers()
        out = _rewrite(kind, m.group())
        if kind == "dot_space" and not _AFTER_AT.search(text, max(0, start - 48), start):
            out = None  # "no. de do" is a sentence; "john@gmail . com" is an address
        if out is None or out == m.group():
            continue
        if builder is None:
            builder = OffsetBuilder()
        builder.copy(text[pos:start], pos)
        builder.replace(out, start, end)
        pos = end
    flush_numbers()
    if builder is None:
        return folded
    builder.copy(text[pos:], pos)
    return compose(folded, builder.text(), builder)


def _rewrite(kind: str | None, token: str) -> str | None:
    if kind in _FIXED:
        return _FIXED[kind]
    if kind == "split":
        if re.fullmatch(r"we[ \t]{1,2}chat|linked[ \t]{1,2}in", token):
            return None  # "could we chat on discord", "I linked in the file": ordinary words with a space
        joined = re.sub(r"[ \t\-_.*']", "", token)
        if joined == "whatsap":
            joined = "whatsapp"
        return joined if joined in VOCABULARY else None
    if kind == "letterdigits":
        return token.translate(_LETTER_DIGITS)
    if kind == "dot_tld_br":
        return "." + re.sub(r"[^a-z]|dot|d0t|punto|ponto|tochka", "", token)
    if kind == "spaced":
        # " . " and " @ " are real punctuation; single separators are only spacing
        joined = re.sub(r"[ .\-_*]", "", token.replace(" . ", "\0").replace(" @ ", "\1"))
        joined = joined.replace("\0", ".").replace("\1", "@")
        return joined if len(joined) >= 3 else None
    if kind == "leet":
        if not any(c.isalpha() for c in token):
            return None
        plain = token.translate(_DE_LEET)
        if plain in VOCABULARY:
            return plain
        # "1" reads as "l" as often as "i": "te1egram"
        alt = plain.replace("i", "l")
        return alt if alt in VOCABULARY else None
    return None


_MAX_RUN_ITEMS = 64
_CONNECTOR_GAP = re.compile(r"[ \t\-]{1,2}(?:" + "|".join(sorted(NUMBER_CONNECTORS)) + r")[ \t\-]{1,2}")


def _tens(items: list[tuple[int, int, str]], i: int, tens: int, table: dict[str, str]) -> tuple[str, int]:
    """The number that tens ``tens`` (say 6 for "soixante", 8 for "quatre-vingt") starts, reading
    on from item ``i``, and the index after the items it takes: a unit word ("twenty three" ->
    23), a teen after 60 or 80 ("soixante-douze" -> 72, "quatre-vingt-dix-huit" -> 98)."""
    n = len(items)

    def value(k: int) -> str | None:
        return None if k >= n or items[k][2].isdigit() else table.get(items[k][2])

    nxt = value(i)
    if tens in (6, 8) and nxt is not None and nxt.isdigit() and 10 <= int(nxt) <= 19:
        teen, k = int(nxt), i + 1
        after = value(k)
        if teen == 10 and after is not None and after in ("7", "8", "9"):  # "dix-huit"
            teen, k = 10 + int(after), k + 1
        return str(tens * 10 + teen), k
    if nxt is not None and len(nxt) == 1 and nxt in "123456789":
        return f"{tens}{nxt}", i + 1
    return f"{tens}0", i


def _without_stray_ends(items: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """``items`` without the ambiguous words at either end that are number words only in languages
    none of the run's other words is in: "mera number hai nau aath ..." keeps Hinglish "hai" ("is"),
    which is a number only in Vietnamese."""
    languages = number_word_languages()
    clear = [languages.get(w, frozenset()) for _, _, w in items
             if not w.isdigit() and w not in AMBIGUOUS_NUMBER_WORDS and w in languages]
    if not clear:
        return items
    spoken = frozenset().union(*clear)
    a, b = 0, len(items)
    while a < b and items[a][2] in AMBIGUOUS_NUMBER_WORDS and not languages.get(items[a][2], frozenset()) & spoken:
        a += 1
    while b > a and items[b - 1][2] in AMBIGUOUS_NUMBER_WORDS and not languages.get(items[b - 1][2], frozenset()) & spoken:
        b -= 1
    return items if (a, b) == (0, len(items)) else items[a:b]


def _below_hundred(items: list[tuple[int, int, str]], i: int, table: dict[str, str]) -> tuple[str, int] | None:
    """The number under a hundred that item ``i`` starts ("fifty five", "twelve", "three") and the
    index after it, or None."""
    value = table.get(items[i][2])
    if value is None or value.endswith("__"):
        return None
    if value.endswith("_"):
        return _tens(items, i + 1, int(value[0]), table)
    if value.isdigit() and len(value) <= 2 and value != "00":
        return value, i + 1
    return None


def _convert_number_run(items: list[tuple[int, int, str]], text: str) -> list[tuple[int, int, str]] | None:
    """Turn a run of number words and digit groups into digits, or None to leave it alone."""
    if len(items) > _MAX_RUN_ITEMS:
        return None  # no one dictates a 64-part number: this is text about numbers (or an attack)
    table = number_word_table()
    if items[0][2] in AMBIGUOUS_NUMBER_WORDS or items[-1][2] in AMBIGUOUS_NUMBER_WORDS:
        items = _without_stray_ends(items)
    words = [w for _, _, w in items if not w.isdigit() and w != "plus"]
    if not words:
        return None
    digit_groups = [w for _, _, w in items if w.isdigit()]
    n = len(items)
    # A run must look like someone dictating a number: three or more items, or a word beside
    # a group of digits ("nine 7 three" yes, "do one" no, "two 3-bedroom" no).
    if n < 3 and not any(len(g) >= 2 for g in digit_groups):
        return None
    if all(w in AMBIGUOUS_NUMBER_WORDS or w in CONTEXT_ZERO_WORDS for w in words) and (
        n < 3 or len(words) < 2
    ):
        return None  # "250.00, due 2025" is Italian for nothing here
    out: list[tuple[int, int, str]] = []
    if "plus" in (w for _, _, w in items[1:]):
        return None  # "5 plus 3": arithmetic, not a number being dictated
    i = 0
    while i < n:
        start, end, w = items[i]
        if w.isdigit():
            out.append((start, end, w))
        elif w in REPEAT_WORDS and i + 1 < n:
            nstart, nend, nxt = items[i + 1]
            digits = nxt if nxt.isdigit() else table.get(nxt, "0" if nxt in CONTEXT_ZERO_WORDS else "")
            if digits:
                out.append((start, nend, digits[0] * REPEAT_WORDS[w] + digits[1:]))
                i += 2
                continue
        elif w == "plus":
            out.append((start, end, "+"))
        elif w in CONTEXT_ZERO_WORDS:
            out.append((start, end, "0"))
        elif w == "quatre" and i + 1 < n and items[i + 1][2] in ("vingt", "vingts"):
            value, k = _tens(items, i + 2, 8, table)  # "quatre-vingt(s)" is 80
            out.append((start, items[k - 1][1], value))
            i = k
            continue
        elif w == "dix" and i + 1 < n and table.get(items[i + 1][2]) in ("7", "8", "9") and not items[i + 1][2].isdigit():
            out.append((start, items[i + 1][1], "1" + table[items[i + 1][2]]))  # "dix-sept" is 17
            i += 2
            continue
        elif table.get(w, "").endswith("__"):
            # one word for hundreds: "девятьсот шестнадцать" -> 916, "pięćset sześćdziesiąt" -> 560
            below = _below_hundred(items, i + 1, table) if i + 1 < n and not items[i + 1][2].isdigit() else None
            if below is not None:
                value, k = below
                out.append((start, items[k - 1][1], table[w][0] + value.zfill(2)))
                i = k
                continue
            out.append((start, end, table[w][0] + "00"))
        elif table.get(w) == "00" and (not out or "," in text[out[-1][1]:start]) and i + 1 < n \
                and not items[i + 1][2].isdigit() and _below_hundred(items, i + 1, table) is not None:
            # "hundred" opening a group ("…, yüz yirmi üç"): one hundred and what follows -> 123
            value, k = _below_hundred(items, i + 1, table)
            out.append((start, items[k - 1][1], "1" + value.zfill(2)))
            i = k
            continue
        elif table.get(w) == "00" and out and len(out[-1][2]) == 1 and i + 1 < n and not items[i + 1][2].isdigit() \
                and _below_hundred(items, i + 1, table) is not None:
            # "five hundred fifty five" -> 555, "beş yüz elli beş" -> 555: the hundreds digit before
            value, k = _below_hundred(items, i + 1, table)
            hundreds = out.pop()
            out.append((hundreds[0], items[k - 1][1], hundreds[2] + value.zfill(2)))
            i = k
            continue
        elif w in table:
            value = table[w]
            if value.endswith("_"):
                # tens: combine with what follows ("twenty three" -> 23, "soixante-dix" -> 70)
                value, k = _tens(items, i + 1, int(value[0]), table)
                out.append((start, items[k - 1][1] if k > i + 1 else end, value))
                i = k
                continue
            out.append((start, end, value))
        i += 1
    return out


