"""Phrase vocabularies and context checks shared by the message-level detectors (intent, scam).

Everything here is a vocabulary of the field (how people name apps, ask for a channel, refuse,
warn, or describe a job) or a small pure function over the normalized text. Patterns are built
on first use (``functools.cache``), never at import time, and use bounded repetition only.

The words are matched in the normalizer's output: lower case, leetspeak and split app names
already folded ("telegr@m" -> "telegram", "whats app" -> "whatsapp").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cache, lru_cache
from typing import Any

from ..filters import QUOTED_CONTENT as _QUOTED_CONTENT
from ..lexicon import MEETING_SERVICES, MESSAGING_APPS, SOCIAL_NETWORKS, trie_regex

#: Characters that end a clause for the context checks.
_CLAUSE_BREAK = re.compile(r"[?!\n;]|\.(?=\s|$)")


def gap(n: int) -> str:
    """At most ``n`` characters inside one sentence (a period, "!" or "?" only when it ends no
    sentence: "gmail.com", "$1.5" and a password "Summer2024!," stay inside). Linear: the two branches
    never match the same character."""
    return rf"(?:[^.?!\n]|[.?!](?=[^\s.?!])){{0,{n}}}"


def alt(words: Iterable[str]) -> str:
    """An alternation of plain words or phrases (escaped, factored by prefix)."""
    return trie_regex(sorted(set(words)))


# --------------------------------------------------------------------------- fast alternations

try:  # the standard library's own parser, to read what an alternative can start with
    from re import _constants as _sre_c
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_constants as _sre_c  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

#: Characters that start something other than a literal character in a pattern.
_META = frozenset("\\()[]{}|.^$*+?")
_QUANTIFIER_START = frozenset("*+?{")
_EVERY = None  # a first-character set that may hold any character


def _first_chars(items: Any) -> tuple[frozenset[str] | None, bool]:
    """(the characters a match of the parsed sequence ``items`` can start with, or None for "any",
    whether it can match the empty string). A superset is fine: it only ever keeps order."""
    out: set[str] = set()
    for op, av in items:
        if op is _sre_c.LITERAL:
            return frozenset(out | {chr(av)}), False
        if op is _sre_c.IN:
            for iop, iav in av:
                if iop is _sre_c.LITERAL:
                    out.add(chr(iav))
                elif iop is _sre_c.RANGE and iav[1] - iav[0] <= 256:
                    out.update(map(chr, range(iav[0], iav[1] + 1)))
                else:  # NEGATE, CATEGORY (\w, \d...), a wide range
                    return _EVERY, False
            return frozenset(out), False
        if op in (_sre_c.AT, _sre_c.ASSERT, _sre_c.ASSERT_NOT):
            continue  # zero-width: the next item starts the match
        if op is _sre_c.SUBPATTERN:
            sub, empty = _first_chars(av[3])
        elif op is _sre_c.BRANCH:
            sub, empty = frozenset(), False
            for branch in av[1]:
                b, b_empty = _first_chars(branch)
                if b is _EVERY:
                    return _EVERY, False
                sub, empty = sub | b, empty or b_empty
        elif op in (_sre_c.MAX_REPEAT, _sre_c.MIN_REPEAT, getattr(_sre_c, "POSSESSIVE_REPEAT", None)):
            sub, empty = _first_chars(av[2])
            empty = empty or av[0] == 0
        else:  # ANY, NOT_LITERAL, CATEGORY, a group reference, an atomic group...
            return _EVERY, False
        if sub is _EVERY:
            return _EVERY, False
        out |= sub
        if not empty:
            return frozenset(out), False
    return frozenset(out), True


def _starts(alternative: str) -> frozenset[str] | None:
    """What ``alternative`` (a pattern) can start with; None when it can be empty or start anywhere."""
    chars, empty = _first_chars(_sre_parse.parse(alternative))
    return _EVERY if empty else chars


def _leading_literal(alternative: str) -> tuple[str, str] | None:
    """(the literal first character as written, the rest) when ``alternative`` starts with one
    plain character that no quantifier applies to ("ab", "\\ b"), else None."""
    if not alternative:
        return None
    if alternative[0] == "\\":
        if len(alternative) < 2 or alternative[1].isascii() and alternative[1].isalnum():
            return None  # \b, \d, \1, \x41...: not one plain literal
        head = alternative[:2]
    elif alternative[0] in _META:
        return None
    else:
        head = alternative[0]
    rest = alternative[len(head):]
    if rest[:1] in _QUANTIFIER_START:
        return None
    return head, rest


def _split_group(pattern: str, i: int) -> tuple[list[list[str | tuple[str, list]]], int] | None:
    """The alternatives of the group body starting at ``pattern[i]`` up to its ``)`` (or the end):
    each a list of tokens (text) and groups ((opener, alternatives)); the index after the body.
    None on anything this reader does not take apart (inline flags, conditionals, comments)."""
    alternatives: list[list] = [[]]
    n = len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            alternatives[-1].append(pattern[i:i + 2])
            i += 2
        elif c == "[":
            j = i + 1
            if j < n and pattern[j] == "^":
                j += 1
            if j < n and pattern[j] == "]":
                j += 1
            while j < n and pattern[j] != "]":
                j += 2 if pattern[j] == "\\" else 1
            alternatives[-1].append(pattern[i:j + 1])
            i = j + 1
        elif c == "(":
            opener = "("
            if pattern.startswith("(?", i):
                for o in ("(?:", "(?=", "(?!", "(?<=", "(?<!", "(?P<", "(?>"):
                    if pattern.startswith(o, i):
                        opener = o
                        break
                else:
                    return None  # flags, comments, conditionals, (?P=name)
                if opener == "(?P<":
                    opener = pattern[i:pattern.index(">", i) + 1]
            inner = _split_group(pattern, i + len(opener))
            if inner is None:
                return None
            body, i = inner
            if i >= n or pattern[i] != ")":
                return None
            alternatives[-1].append((opener, body))
            i += 1
        elif c == ")":
            return alternatives, i
        elif c == "|":
            alternatives.append([])
            i += 1
        else:
            alternatives[-1].append(c)
            i += 1
    return alternatives, i


def _join(alternatives: list[list], rewrite: bool) -> str:
    """The text of a group body, its groups' bodies rewritten when ``rewrite`` (not inside a
    lookbehind, which must keep its fixed width as written, nor a capturing group's numbering)."""
    texts = []
    for tokens in alternatives:
        parts = []
        for t in tokens:
            if isinstance(t, tuple):
                opener, body = t
                inner = rewrite and not opener.startswith("(?<")
                text = _join(body, inner)
                if inner and opener != "(?>":
                    text = _dispatch(text, body)
                parts.append(opener + text + ")")
            else:
                parts.append(t)
        texts.append("".join(parts))
    return "|".join(texts)


def _has_groups(alternatives: list[str]) -> bool:
    """Some alternative holds a capturing group or a reference to one (moving it would renumber
    groups or change what a reference sees): such an alternation is left as written."""
    return any(re.search(r"\\\d|\(\?P=", a) or _sre_parse.parse(a).state.groups > 1 for a in alternatives)


def _dispatch(text: str, body: list[list]) -> str:
    """The alternation ``text`` (the joined ``body``) with its alternatives grouped by first
    character (see :func:`fast_alternation`)."""
    if len(body) < 3:
        return text
    alternatives = _top_alternatives(text)
    if alternatives is None or _has_groups(alternatives):
        return text
    return "|".join(_grouped(alternatives))


def _top_alternatives(text: str) -> list[str] | None:
    split = _split_group(text, 0)
    if split is None or split[1] != len(text):
        return None
    return [_join([tokens], False) for tokens in split[0]]


def _grouped(alternatives: list[str]) -> list[str]:
    """Alternatives regrouped: those that start with the same literal character go into one
    ``c(?:rest|rest...)`` in their order, which is placed where the first of them stood unless an
    alternative between them could start with ``c`` too (then a new group starts there)."""
    # slots: ("lit", head, [rests]) or ("other", alternative, its first characters)
    slots: list[list] = []
    latest: dict[str, int] = {}  # literal -> index of its open slot
    for a in alternatives:
        lead = _leading_literal(a)
        if lead is not None:
            head, rest = lead
            char = head[-1]
            k = latest.get(char)
            if k is not None and not any(s[0] == "other" and (s[2] is _EVERY or char in s[2])
                                         for s in slots[k + 1:]):
                slots[k][2].append(rest)
                continue
            latest[char] = len(slots)
            slots.append(["lit", head, [rest]])
        else:
            slots.append(["other", a, _starts(a)])
    out = []
    for kind, head, rests in slots:
        if kind == "other":
            out.append(head)
        elif len(rests) == 1:
            out.append(head + rests[0])
        else:
            inner = _grouped(rests)
            out.append(head + (inner[0] if len(inner) == 1 else "(?:" + "|".join(inner) + ")"))
    return out


def fast_alternation(pattern: str) -> str:
    """``pattern`` with each alternation of three or more alternatives regrouped by first
    character, for the backtracking engine: ``\\b(?:pay|paid|send|sent)`` becomes
    ``\\b(?:pa(?:y|id)|se(?:nd|nt))``, so at a word start ``re`` tests a few first characters
    instead of every alternative (``re`` skips an alternative that starts with a literal character
    cheaply, but still visits each one; 111 of them at every word start cost most of ``_TOPIC``).

    The same matches, spans and groups as ``pattern``, for every text and every search window.
    Why: at a position p, an alternation tries its alternatives in order and takes the first one
    (with its own first successful path) that lets the rest of the pattern match. An alternative
    whose first-character set (:func:`_first_chars`, a superset; "any" when it can match the empty
    string or starts with a class this reader does not expand) does not hold ``text[p]`` fails at
    once, having changed nothing; so the outcome only depends on the order, among themselves, of
    the alternatives that can start with ``text[p]``. The regrouping keeps in their order every two
    alternatives whose first-character sets meet (:func:`_grouped`: alternatives with the same
    literal first character share one group in their order, and a group is not continued past an
    alternative that could start with that character too), and factoring ``c`` out of
    ``cX|cY`` gives ``c(?:X|Y)`` the same paths in the same order. Moving alternatives that hold
    no capturing group and no group reference renumbers nothing; an alternation that holds one is
    left as written, and so are lookbehinds (their width is checked as written), atomic groups and
    any pattern with inline flags, comments or conditionals (returned unchanged). No repetition is
    added: a pattern that runs in linear time still does. Assumes the default flags (``str``
    pattern, no IGNORECASE or VERBOSE).
    """
    split = _split_group(pattern, 0)
    if split is None or split[1] != len(pattern):
        return pattern
    return _literal_first(_dispatch(_join(split[0], True), split[0]))


_ZERO_WIDTH_OPENERS = ("(?=", "(?!", "(?<=", "(?<!")
#: ``_literal_first`` gives up on a pattern it would make longer than this many times over
_MAX_GROWTH = 6
#: ... and on one that can open with more than this many characters: a scan for nearly every letter
#: skips little, and the look-behind at each of them costs more than the plain ``\\b`` did
#: (measured on the hostile benchmark's texts: a big trie of words, 40 first letters, got slower)
_MAX_HEADS = 32


def _literal_first(pattern: str) -> str:
    """``pattern`` written to open with an alternation whose every branch opens with a literal
    character, when it opens with ``\\b`` or a look-around before one:
    ``\\b(?:pay|send)\\s`` becomes ``p(?<=\\bp)ay\\s|s(?<=\\bs)end\\s``. Unchanged when some way to
    start holds no such literal (a class, ``\\w``, a quantified first character, an empty branch).

    Why: ``re`` finds where a pattern can start with a fast scan only when the pattern opens with
    a literal, a character class or an alternation whose every branch opens with a literal; a
    pattern that opens with ``\\b`` is tried at every position of the text (tens of milliseconds a
    megabyte, per pattern, on hostile input).

    The same matches, spans and groups, for every text and search window:
    - the assertions that stood before the literal (``\\b``, look-aheads, look-behinds) are asked
      in a look-behind right after it, at the very position they were asked at, which reads the
      same characters; a branch whose literal is not there fails at once either way;
    - a group ``(?:A|B)`` that a way to start opens with is spread over what follows it: ``(?:A|B)R``
      tries A then R, then B then R, exactly as ``AR|BR`` does; what follows is copied only when it
      holds no capturing group or group reference (which copying would renumber), so groups keep
      their numbers, and the order of all branches is kept;
    - no repetition is added: a pattern that runs in linear time still does."""
    if not pattern.startswith(("\\b", "(?")):
        return pattern
    split = _split_group(pattern, 0)
    if split is None or split[1] != len(pattern):
        return pattern
    if len(split[0]) == 1:
        opened = _group_first(split[0][0])
        if opened is not None:
            return opened
    branches: list[tuple[str, bool]] = []
    for alternative in split[0]:
        spread = _spread(alternative, "")
        if spread is None:
            return pattern
        branches.extend(spread)
    moved = any(asserted for _, asserted in branches)
    # (branches that open with the same literal regrouped, as ``_grouped`` does: a position is
    # then offered one branch per first character, not every branch in turn)
    if len({_leading_literal(branch)[0] for branch, _ in branches}) > _MAX_HEADS:
        return pattern
    plain = [branch for branch, _ in branches]
    out = "|".join(plain if _has_groups(plain) else _grouped(plain))  # (moving a group renumbers it)
    if not moved:
        return pattern  # no assertion to move: the pattern opens with literals already
    if len(out) > _MAX_GROWTH * len(pattern) + 200:
        return pattern
    return out


def _group_first(tokens: list) -> str | None:
    """A pattern of one alternative that opens with assertions and a group, ``\\b(?:A|B)R``, as
    ``(?:a(?<=\\ba)A'|b(?<=\\bb)B')R``: only the group is spread (``_spread``), what follows it
    stays after it once (``(?:X|Y)R`` is ``XR|YR``, without copying R). None when that does not
    apply or moves nothing."""
    asserts = ""
    i = 0
    while i < len(tokens) and (tokens[i] in ("\\b", "\\B") or (
            isinstance(tokens[i], tuple) and tokens[i][0] in _ZERO_WIDTH_OPENERS)):
        if i + 1 < len(tokens) and isinstance(tokens[i + 1], str) and tokens[i + 1][:1] in _QUANTIFIER_START:
            return None
        asserts += _join([[tokens[i]]], False)
        i += 1
    if not asserts or i == len(tokens) or not isinstance(tokens[i], tuple) or tokens[i][0] != "(?:":
        return None
    if i + 1 < len(tokens) and isinstance(tokens[i + 1], str) and tokens[i + 1][:1] in _QUANTIFIER_START:
        return None  # a quantified group
    branches: list[str] = []
    for alternative in tokens[i][1]:
        spread = _spread(list(alternative), asserts)
        if spread is None:
            return None
        branches.extend(branch for branch, _ in spread)
    if len({_leading_literal(branch)[0] for branch in branches}) > _MAX_HEADS:
        return None
    grouped = branches if _has_groups(branches) else _grouped(branches)  # (moving a group renumbers it)
    out = "(?:" + "|".join(grouped) + ")" + _join([tokens[i + 1:]], False)
    return out if len(out) <= _MAX_GROWTH * len(_join([tokens], False)) + 200 else None


def _spread(tokens: list, asserts: str) -> list[tuple[str, bool]] | None:
    """``_literal_first``'s branches for one way to start (``tokens``, after the zero-width
    ``asserts`` read so far), each with whether an assertion was moved behind its literal; or
    None."""
    if not tokens:
        return None  # an empty way to start: nothing to scan for
    first = tokens[0]
    if first == "\\b" or first == "\\B":
        return _spread(tokens[1:], asserts + first)
    if isinstance(first, tuple):
        opener, body = first
        if (opener == "(?:" and len(tokens) > 1 and tokens[1] == "?"
                and (len(tokens) == 2 or tokens[2] not in ("?", "+"))):
            # "(?:X)?" tries X, then nothing: the order of "(?:X|)"
            return _spread([(opener, [*body, []]), *tokens[2:]], asserts)
        if len(tokens) > 1 and isinstance(tokens[1], str) and tokens[1][:1] in _QUANTIFIER_START:
            return None  # a quantified group
        if opener in _ZERO_WIDTH_OPENERS:
            return _spread(tokens[1:], asserts + _join([[first]], False))
        if opener != "(?:":
            return None  # a capturing, named or atomic group first
        rest = tokens[1:]
        if len(body) > 1 and rest and _has_groups([_join([rest], False)]):
            return None
        out: list[tuple[str, bool]] = []
        for alternative in body:
            spread = _spread(list(alternative) + rest, asserts)
            if spread is None:
                return None
            out.extend(spread)
        return out
    lead = _leading_literal(_join([tokens], False))
    if lead is None:
        return None
    head, rest_text = lead
    return [(f"{head}(?<={asserts}{head}){rest_text}", True) if asserts else (head + rest_text, False)]


#: Each pattern :func:`compile_fast` rewrote, to its rewritten form (the tests compare the two).
REWRITTEN: dict[str, str] = {}


def compile_fast(pattern: str) -> re.Pattern[str]:
    """``re.compile(fast_alternation(pattern))``: the same matches as ``re.compile(pattern)``."""
    fast = fast_alternation(pattern)
    if fast != pattern:
        REWRITTEN[pattern] = fast
    return re.compile(fast)


def clause_bounds(text: str, start: int, end: int, reach: int = 160) -> tuple[int, int]:
    """The clause around ``[start, end)``: from the previous clause break to the next one,
    looking at most ``reach`` characters each way.

    The same as searching ``_CLAUSE_BREAK`` in the two windows (:func:`_clause_bounds_re` does
    that), with ``str.rfind``/``str.find`` per break character instead of a regex scan: every
    break is one character, and a full stop counts when white space follows it or the window
    ends right after it (a regex searched with an end position sees the text end there)."""
    lo = max(0, start - reach)
    a = lo
    for c in "?!\n;":
        j = text.rfind(c, lo, start)
        if j >= a:
            a = j + 1
    j = text.rfind(".", a, start)
    while j >= a:  # a full stop after the last break found so far
        if j + 1 == start or text[j + 1].isspace():
            a = j + 1
            break
        j = text.rfind(".", a, j)
    hi = min(len(text), end + reach)
    b = hi
    for c in "?!\n;":
        j = text.find(c, end, b)
        if j >= 0:
            b = j
    j = text.find(".", end, b)
    while j >= 0:
        if j + 1 == hi or text[j + 1].isspace():
            b = j
            break
        j = text.find(".", j + 1, b)
    return a, b


def _clause_bounds_re(text: str, start: int, end: int, reach: int = 160) -> tuple[int, int]:
    """:func:`clause_bounds` by regex: the reference the tests hold it to."""
    lo = max(0, start - reach)
    a = lo
    for m in _CLAUSE_BREAK.finditer(text, lo, start):
        a = m.end()
    m = _CLAUSE_BREAK.search(text, end, min(len(text), end + reach))
    b = m.start() if m else min(len(text), end + reach)
    return a, b


# --------------------------------------------------------------------------- channels

#: Apps whose names are ordinary words too ("line chart", "signal processing", "snap to grid"):
#: they count only after an explicit request or a preposition of medium.
AMBIGUOUS_APP_NAMES: frozenset[str] = frozenset(
    {"line", "signal", "slack", "wa", "ws", "dc", "tele", "whats", "zap", "sc", "snap", "x", "fb",
     "yt", "threads", "meet", "teams", "imo", "kik", "messenger", "hangouts", "google chat", "zalo",
     "botim", "wx", "disc"}
)
#: Portfolio sites: sharing a work sample there is not a way to talk.
PORTFOLIO_SITES: frozenset[str] = frozenset({"github", "behance", "dribbble", "youtube", "yt"})

#: Spellings and nicknames beyond the lexicon (other scripts, slang).
EXTRA_APP_SPELLINGS: tuple[str, ...] = (
    "whtsp", "whatsaap", "wasap", "wtsp", "wp", "zapzap", "telega", "telegu", "telegramm",
    "tlgrm", "tgram", "the gram", "the 'gram", "insta", "ig", "snapchat", "linkedin", "facebook", "twitter",
    "tiktok", "wechat", "imessage", "facetime", "google meet", "gmeet", "ms teams",
    "microsoft teams", "zoom", "skype", "discord",
    # Cyrillic, Arabic, Devanagari-free romanized forms
    "телеграм", "телеграмм", "телеге", "телегу", "телега", "тг", "ватсап", "вотсап", "вацап",
    "whatsapp", "скайп", "зум", "зуме", "зуму", "вайбер", "дискорд", "инсту", "инстаграм",
    "واتساب", "واتس", "تيليجرام", "تلغرام", "سكايب", "الواتساب", "الواتس", "الوتساب", "التيليجرام", "التلغرام",
    # Devanagari, as the normalizer leaves it (non-spacing vowel signs and viramas dropped):
    # व्हाट्सएप, व्हाट्सऐप, टेलीग्राम, इंस्टाग्राम
    "वहाटसएप", "वहाटसऐप", "टलीगराम", "इसटागराम",
)

#: Nicknames for apps by their logo ("the green app", "the bird app", "paper plane").
EUPHEMISM_PATTERN = (
    r"(?:(?:green|blue|bird|purple|yellow|paper[ -]?plane|plane)[ -](?:app|one|icon)"
    r"|(?:app|messenger|one) with (?:the |a |that )?(?:(?:little|small|blue|white|green|purple|yellow)\s){0,2}"
    r"(?:(?:paper\s)?plane|bird|ghost)(?:\s(?:icon|logo))?"
    r"|app with (?:the |a )?(?:blue|white|green|purple|yellow)\s(?:icon|logo)|paper[ -]?plane"
    # "the app with the green phone bubble", "the app with the camera icon"
    r"|app with (?:the |a )?(?:(?:blue|white|green|purple|yellow|pink|orange|gradient)\s)?"
    r"(?:phone|speech|chat)?\s?(?:bubble|camera|ghost|phone)(?:\s(?:icon|logo))?)"
)

#: Words for a contact detail itself ("your number", "ur email id", "apna whatsapp no.").
CONTACT_NOUNS: tuple[str, ...] = (
    "email", "e-mail", "mail", "gmail", "hotmail", "yahoo", "outlook", "email id", "mail id",
    "email address", "number", "phone number", "mobile number", "cell number", "phone no",
    "mobile no", "whatsapp number", "digits", "contact", "contacts", "contact details",
    "contact info", "contact number", "handle", "socials", "cell", "mobile", "numero", "número", "nomor",
    "namba", "nambari", "номер", "nummer", "numer", "numeru", "telefoonnummer", "numerek", "handynummer", "telefonnummer", "numéro", "numero de", "почту", "почта", "ايميل", "ايميلك", "رقمك", "رقم", "correo",
    "courriel", "no.", "num", "numara", "numaranı", "numaranızı", "numaran", "instagramın", "instagramin",
    "whatsappın", "whatsappin", "telegramın", "telegramin", "e-postan", "e-posta adresin",
    "नबर", "ईमल",  # नंबर, ईमेल as normalized
)

#: Qualifiers that make "number"/"id" something else than a contact ("order number").
NON_CONTACT_QUALIFIERS = (
    r"(?:order|tracking|invoice|ticket|case|po|serial|model|part|account|contract|reference|ref|"
    r"transaction|employee|item|version|build|page|room|seat|flight|vat|tax|policy|claim|"
    r"confirmation|booking|batch|lot|sku|the|a|an|same|total|support|lucky|that|this|any|right|"
    r"wrong|exact|rough|ballpark|final|first|last|whole|round)"
)


def app_spellings() -> tuple[list[str], list[str]]:
    """(unambiguous app spellings, ambiguous ones)."""
    names: set[str] = set(EXTRA_APP_SPELLINGS)
    for spellings in (*MESSAGING_APPS.values(), *SOCIAL_NETWORKS.values()):
        names.update(spellings)
    names.update(MESSAGING_APPS)
    names.update(SOCIAL_NETWORKS)
    names.update(m for m in MEETING_SERVICES if m not in ("meet", "teams"))
    names -= PORTFOLIO_SITES
    strong = sorted(n for n in names if n not in AMBIGUOUS_APP_NAMES and len(n) >= 2)
    weak = sorted(n for n in names if n in AMBIGUOUS_APP_NAMES)
    return strong, weak


# --------------------------------------------------------------------------- misspellings

_VOWELS = str.maketrans("", "", "aeiouyh")


def skeleton(word: str) -> str:
    """Consonant skeleton: drop vowels (and h, y), collapse repeats. "whatsapp" -> "wtsp",
    "watts app" -> "wtsp", "telegrm" -> "tlgrm"."""
    letters = [c for c in word.lower().translate(_VOWELS) if c.isalpha()]
    out: list[str] = []
    for c in letters:
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


#: Canonical app names matched by skeleton (only names with a skeleton of 4+ consonants, so
#: ordinary words do not collide: "skype" -> "skp" would match "skip").
SKELETON_APPS: tuple[str, ...] = ("whatsapp", "telegram", "instagram", "discord", "snapchat",
                                  "linkedin", "facebook", "threema")


def skeleton_regex(name: str) -> str:
    """A regex matching one-word misspellings with ``name``'s consonant skeleton, and the
    two-word form "<x> app" for names ending in "app" ("watts app", "whts ap").

    The first letter is kept as written (so the regex engine can skip ahead to it); between
    the skeleton's consonants only vowels, h and y may appear (at most 3), each consonant may be
    doubled: bounded, unambiguous, linear."""
    first = name[0]
    sk = skeleton(name)
    filler = r"[aeiouyh']{0,3}"
    rest = sk[1:] if sk.startswith(first) else sk
    body = "".join(f"{filler}{re.escape(c)}{{1,3}}" for c in rest)
    single = rf"{re.escape(first)}{{1,2}}{body}{filler}"
    if name.endswith("app"):
        head = skeleton(name[:-3])
        head_rest = head[1:] if head.startswith(first) else head
        head_re = "".join(f"{filler}{re.escape(c)}{{1,3}}" for c in head_rest)
        return rf"(?:{single}|{re.escape(first)}{{1,2}}{head_re}{filler}[ .\-]{{1,2}}a{{1,2}}p{{1,3}})"
    return single


@cache
def app_pattern() -> str:
    """Any app: unambiguous spellings, skeleton misspellings, logo nicknames (named group
    ``app``). Ambiguous names are in :func:`weak_app_pattern`."""
    strong, _ = app_spellings()
    fuzzy = "|".join(skeleton_regex(n) for n in SKELETON_APPS)
    return rf"(?:{alt(strong)}|{fuzzy}|(?:the |a |that )?{EUPHEMISM_PATTERN})"


@cache
def weak_app_pattern() -> str:
    _, weak = app_spellings()
    return alt(weak)


@cache
def contact_noun_pattern() -> str:
    return alt(CONTACT_NOUNS)


# --------------------------------------------------------------------------- context checks

_NEGATION = compile_fast(
    r"\b(?:don'?t|do not|dont|never|won'?t|wont|will not|can'?t|cannot|can not|not|no need|"
    r"shouldn'?t|should not|mustn'?t|must not|refuse|rather not|stop|avoid asking|nobody should|"
    r"nunca|jamais|nie|nicht|niemals|никогда|не|hapana|jangan|wag|huwag|ayaw|mat|nahi|nahin|"
    r"لا)\b"
)

_STAY_HERE = compile_fast(
    r"\b(?:stay|staying|keep|keeping|remain|remaining|quedar|quede|quedemos|reste|rester|ficar|"
    r"bleiben)\b" + gap(30) + r"\b(?:here|aqui|aquí|ici|hier|on (?:the|this) platform|on here|"
    r"sur la plateforme|en la plataforma|na plataforma|auf der plattform)\b"
    r"(?!\s?(?:and then|then|first|for now|until|before|and after(?:wards)?)\b)"
    r"|\b(?:prefer|rather)\b" + gap(12) + r"\b(?:here|on the platform|on here)\b"
    r"|\b(?:platform|site|marketplace)(?:'s)? (?:rules|policy|terms|tos)\b|\bplatform rules\b"
    r"|\bagainst (?:the )?(?:rules|tos|terms|policy)\b|\bnot allowed\b|\bviolat"
    # a channel put off until the contract: "I'll add you to our Slack once the contract starts, not before"
    r"|\b(?:once|after|when|until|dopo che|dopo|después de|después que|depois que|depois de|quand|après|nach|sobald)\s"
    r"(?:\w{1,12}\s){0,3}(?:the |our |il |el |o |le |den )?(?:contract|contratto|contrato|contrat|vertrag|"
    r"milestone is funded|escrow is funded)\b"
    r"|\b(?:we'?ll|we will|let'?s|lets|we can|i'?d rather|prefer to)\s(?:\w{1,10}\s)?(?:talk|chat|"
    r"continue|discuss|communicate|stay)\s(?:\w{1,10}\s)?(?:here|on (?:the|this) platform)\b"
    r"(?!\s?(?:first|for now|until|before))"
)

_REPORTED = compile_fast(
    r"\b(?:someone|somebody|people|they|he|she|a lot of|lots of|many|freelancers|clients|"
    r"scammers?|a guy|a client|a user|user|freelancer|the client|my last client|seller|buyer|recruiter|"
    r"my (?:last|previous|old|former) (?:freelancer|designer|developer|dev|client|sitter|cleaner|tutor|contractor|tenant|host))\b"
    + gap(40)
    + r"\b(?:ask|asks|asked|asking|messag\w{0,3}|want|wants|wanted|tried|tries|told|said|pretend\w{0,4}|claim\w{0,4}|"
    r"wrote|writes|texted|dm'?e?d|kept pushing|kept asking|kept trying|insisted|pushed)\b"
    r"|\b(?:asking|asked) (?:me )?(?:for|to)\b"
)

# plain re.compile: tests/test_hostile_cues.py reads its alternatives from the pattern's source
_WARNING = re.compile(
    r"\b(?:scam|scams|scammer|scammers|scammy|fraud|fraudulent|phishing|beware|be careful|"
    r"careful|watch out|reported|report it|report them|pretending|pretended|claiming to be|"
    r"hung up|suspicious|never ask|will never|would never|won'?t ever|not us|it's not us|"
    r"red flag|estafa|golpe|arnaque|betrug|мошен\w{0,6})\b"
)


def is_negated(text: str, clause_start: int, cue_start: int, reach: int = 28) -> bool:
    """A negation in the same clause, shortly before the cue and not cut off by a comma ("I won't
    ask for your number"; not "if you don't have crypto, gift cards are fine")."""
    lo = max(clause_start, cue_start - reach)
    comma = text.rfind(",", lo, cue_start)
    if comma >= 0:
        lo = comma + 1
    if _NEGATION.search(text, lo, cue_start) is not None:
        return True
    # "no" right before a verb or "off" ("abeg no send me your number", "'no off platform'"); not before
    # an app's name, where Portuguese "no" means "on the" ("me chama no WhatsApp")
    return (cue_start >= lo + 3 and text.startswith("no ", cue_start - 3)
            and (cue_start == 3 or not (text[cue_start - 4].isalnum() or text[cue_start - 4] == "_"))
            and text.startswith(_NO_VERBS, cue_start))


_NO_VERBS = ("send", "share", "sharing", "give", "giving", "call", "calling", "text", "texting", "dm", "off ",
             "off-", "outside", "contact", "exchang", "moving", "taking")


def is_negated_inside(text: str, start: int, end: int) -> bool:
    """A refusal inside the matched phrase itself ("my login code, I can't share it")."""
    return _REFUSAL.search(text, start, end) is not None


_REFUSAL = compile_fast(
    r"\b(?:can'?t|cannot|can not|won'?t|will not|never|don'?t|do not|shouldn'?t|should not|"
    r"mustn'?t|must not)\s(?:\w{1,10}\s)?(?:share|send|give|tell|paste|forward|provide|"
    r"ask|pay|buy|transfer)\b"
)


@lru_cache(maxsize=64)  # asked of the same message by the intent and the scam detector
def is_stay_on_platform_talk(text: str) -> bool:
    """The message is about keeping the conversation here or about the platform's rules."""
    return _STAY_HERE.search(text) is not None


def is_reported_speech(text: str, clause_start: int, cue_start: int) -> bool:
    """Someone else's request, told as a story ("someone messaged me asking for my WhatsApp"), or
    words quoted as content of the work ("the intro says 'follow us on Instagram'")."""
    return (_REPORTED.search(text, clause_start, cue_start) is not None
            or _QUOTED_CONTENT.search(text, max(0, cue_start - 80), cue_start) is not None)


#: A piece of every alternative of ``_WARNING``, as a substring: without one the pattern cannot match.
_WARNING_PARTS = ("scam", "fraud", "phishing", "beware", "careful", "watch out", "report", "pretend", "claiming to be",
                  "hung up", "suspicious", "never", "won", "not us", "red flag", "estafa", "golpe", "arnaque", "betrug",
                  "мошен")
#: Above this many characters (no chat message), substring tests go before the regex pass.
_LONG_TEXT = 2000


@lru_cache(maxsize=64)  # asked of the same message by the intent and the scam detector
def is_warning(text: str) -> bool:
    """A warning about scams or a report of one, not a request."""
    # Substring tests first, on every text: without a piece of the pattern no pass over it (a long
    # hostile text; and a chat message, where the pass tries the pattern at every position: 5 us,
    # the tests 1 us)
    for part in _WARNING_PARTS:
        if part in text:
            break
    else:
        return False
    return _WARNING.search(text) is not None


#: Words after an app name that make it the subject of the job ("WhatsApp Business API").
_TOPIC_AFTER = compile_fast(
    r"^(?:'s|’s)?['\"’”)\]]?[ \t\-]{0,2}(?:business|api|apis|bot|bots|chatbot|button|buttons|template|templates|"
    r"integration|integrations|sdk|group|groups|channel|channels|ads?|advert\w{0,8}|campaign\w?|"
    r"login|mini[ -]?apps?|clone|style|export|widget|marketing|automation|cloud|webhook\w?|"
    r"posts?|reels?|stories|story|carousel|thumbnails?|content|page|pages|profile page|"
    r"followers|audience|account manager|app store|integrat\w{0,6}|recordings?|transcripts?|"
    r"meeting sdk|app\b|apps\b|chat export|history|backup|data|messages? templates?|"
    r"notifications?|link preview|clone|theme|promotions?|inbox|server\b|servers|community|"
    r"communities|feed|scraper|crawler|message templates?|opt[ -_]?in|"
    r"statements?|checkout|gateway|sandbox|validation|plugin|form|fields?|column|columns|"
    r"readonly|scope)\b"
)

_TOPIC_BEFORE = compile_fast(
    r"\b(?:integrat\w{0,6}|build\w{0,3}|built|develop\w{0,5}|design\w{0,3}|creat\w{0,5}|"
    r"translat\w{0,6}|export\w{0,3}|migrat\w{0,5}|manag\w{0,5}|automat\w{0,5}|embed\w{0,3}|"
    r"implement\w{0,6}|scrap\w{0,4}|clone|code|coding|program\w{0,6}|post\w{0,3} on|"
    r"upload\w{0,3} to|publish\w{0,3} (?:on|to)|grow\w{0,3}|market\w{0,3}|"
    r"client'?s|customers'?|"
    r"for (?:the|our|my) (?:client|customers|store|shop|restaurant|business|brand|company|app))\b"
    + gap(30) + "$"
)


def is_job_topic(text: str, start: int, end: int) -> bool:
    """The app or service is what the job is about, not a channel offered or asked for."""
    if _TOPIC_AFTER.search(text[end:end + 40]):
        return True
    return _TOPIC_BEFORE.search(text[max(0, start - 60):start]) is not None


# --------------------------------------------------------------------------- cheap pre-check


#: Characters that may stand before a word; anchor words are stored behind each of them so the
#: automaton reports word starts only (few hits, little Python work per message).
_WORD_STARTS = " \n\t([{\"'`,.;:!?/-_@#*¿¡«“‘<>|=+~"
#: The automaton reads the text with every word-start character written as a space, so a word is
#: stored behind one character instead of all of them: a node then has far fewer branches, and
#: pyahocorasick looks a node's branches up one by one (the pass took 2.3 us a chat message with
#: the words stored behind every start character, about 1.4 us folded).
_FOLD_STARTS_ASCII = bytes(32 if chr(c) in _WORD_STARTS else c for c in range(256))
_EVERY_START = frozenset(_WORD_STARTS)
#: Letters by how often they occur in English text (a space first: every word start is one). The
#: keys are added to the automaton in this order, so each node lists its branches most common
#: first and the branch-by-branch lookup stops early (the pass takes about a quarter less time;
#: the order changes nothing else).
_COMMON_FIRST = " etaoinsrhldcumfpgwybvkxjqz0123456789"
_BRANCH_RANK = {c: i for i, c in enumerate(_COMMON_FIRST)}


def _branch_order(key: str) -> list[int]:
    return [_BRANCH_RANK.get(c, len(_COMMON_FIRST) + ord(c)) for c in key]


def fold_starts(text: str) -> str:
    """``text`` with every word-start character (``_WORD_STARTS``) a space; the same length."""
    if text.isascii():
        return text.encode("ascii").translate(_FOLD_STARTS_ASCII).decode("ascii")
    # str.translate reads a non-ASCII text a character at a time through the table (46 ms a
    # megabyte); a replace per start character present is a fast scan each (4 ms)
    for c in _WORD_STARTS[1:]:
        if c in text:
            text = text.replace(c, " ")
    return text


def anchor_keys(
    families: dict[str, Iterable[str]], substrings: dict[str, Iterable[str]] | None = None
) -> dict[str, tuple[frozenset[str], bool]]:
    """key -> (families, end check): every anchor word behind every start character (a phrase
    behind a space or a line break only), every substring as it is. A key with the end check
    counts only where no letter or digit follows it: a word of three characters or fewer ("id" is
    not "idea")."""
    table: dict[str, set[str]] = {}
    bounded: set[str] = set()
    for family, words in families.items():
        for word in words:
            word = word.lower()
            # Phrases ("your email") are looked for after white space only: enough, and it
            # keeps the automaton small.
            for lead in (_WORD_STARTS if " " not in word else " \n"):
                table.setdefault(lead + word, set()).add(family)
                bounded.add(lead + word)
    for family, words in (substrings or {}).items():
        for word in words:
            table.setdefault(word.lower(), set()).add(family)
    return {key: (frozenset(fams), key in bounded and len(key) <= 4) for key, fams in table.items()}


#: At most this many joined family sets keep their answer (:meth:`AnchorIndex.lookup`).
_MAX_ANSWERS = 4096


class AnchorIndex:
    """Which rule families a text may trigger, from one Aho-Corasick pass over it.

    ``families`` maps a family name to its anchor words: a family is returned when one of its
    words occurs at a word start (and, for words of three characters or fewer, at a word end
    too). ``substrings`` families match anywhere (misspelling fragments such as "tsap", "tlgr").
    A family being returned only means its rules are worth running.

    The keys (:func:`anchor_keys`) are held folded (:func:`fold_starts`) and looked for in the
    folded text; a folded hit stands for the keys that fold to it, and each counts only where the
    text itself holds it. One folded from a single word behind every start character needs no such
    check when the word holds no start character (every text the folded key matches then holds one
    of the keys): the common case, nothing more than before per hit. :meth:`families` gives
    exactly what a pass of the keys over the unfolded text gives (tests/test_speed_rules_anchors.py
    holds it to that reference).
    """

    __slots__ = ("_answer", "_answers", "_automaton", "_empty")

    def __init__(
        self,
        families: dict[str, Iterable[str]],
        substrings: dict[str, Iterable[str]] | None = None,
        answer: Callable[[frozenset[str]], Any] = frozenset,
    ) -> None:
        import ahocorasick

        # folded key -> {(rest, families, end check): start characters before ``rest``}; a key that
        # does not open with a start character is its own rest, behind None
        groups: dict[str, dict[tuple[str, frozenset[str], bool], set[str | None]]] = {}
        for key, (fams, end_check) in anchor_keys(families, substrings).items():
            lead, rest = (key[0], key[1:]) if key[0] in _EVERY_START else (None, key)
            groups.setdefault(fold_starts(key), {}).setdefault((rest, fams, end_check), set()).add(lead)
        automaton = ahocorasick.Automaton()
        for folded, entries in sorted(groups.items(), key=lambda item: _branch_order(item[0])):
            value: tuple[frozenset[str] | None, bool, tuple | None] | None = None
            if len(entries) == 1:
                ((rest, fams, end_check), leads), = entries.items()
                if (leads == {None} or leads == _EVERY_START) and _EVERY_START.isdisjoint(rest):
                    value = (fams, end_check, None)
            if value is None:
                value = (None, False, tuple(
                    (rest, None if None in leads else frozenset(leads), fams, end_check)
                    for (rest, fams, end_check), leads in entries.items()
                ))
            automaton.add_word(folded, value)
        automaton.make_automaton()
        self._automaton = automaton
        # :meth:`lookup`'s answers: one per family set a single key wakes, built here, the rest
        # (several keys' families together) on first use
        self._answer = answer
        self._empty = answer(frozenset())
        self._answers: dict[frozenset[str], Any] = {}
        for _, (fams, _, keys) in automaton.items():
            for f in [fams] if keys is None else [k[2] for k in keys]:
                self._answers.setdefault(f, answer(f))

    def families(self, text: str) -> set[str]:
        found: set[str] = set()
        text = " " + text
        n = len(text)
        for end, (fams, end_check, keys) in self._automaton.iter(fold_starts(text)):
            if keys is None:
                if end_check and end + 1 < n and text[end + 1].isalnum():
                    continue
                found |= fams
                continue
            for rest, leads, fams, end_check in keys:  # the keys this folded hit may stand for
                start = end + 1 - len(rest)
                if text[start:end + 1] != rest or (leads is not None and text[start - 1] not in leads):
                    continue
                if end_check and end + 1 < n and text[end + 1].isalnum():
                    continue
                found |= fams
        return found

    def lookup(self, text: str) -> Any:
        """``answer(frozenset(self.families(text)))``, without the set building: a text with no hit
        (most chat) gets the one empty answer, a text whose hits all wake the same family set (one
        key, or the same key twice) that set's answer, built once; only hits of different sets are
        joined. The same loop as :meth:`families` otherwise."""
        acc: frozenset[str] | None = None
        padded = " " + text
        n = len(padded)
        for end, (fams, end_check, keys) in self._automaton.iter(fold_starts(padded)):
            if keys is None:
                if end_check and end + 1 < n and padded[end + 1].isalnum():
                    continue
                if acc is None:
                    acc = fams
                elif fams is not acc:
                    acc = acc | fams
                continue
            for rest, leads, fams, end_check in keys:
                start = end + 1 - len(rest)
                if padded[start:end + 1] != rest or (leads is not None and padded[start - 1] not in leads):
                    continue
                if end_check and end + 1 < n and padded[end + 1].isalnum():
                    continue
                acc = fams if acc is None else acc | fams
        if acc is None:
            return self._empty
        answer = self._answers.get(acc)
        if answer is None:
            answer = self._answer(acc)
            if len(self._answers) < _MAX_ANSWERS:  # bounded: hostile text can join many sets
                self._answers[acc] = answer
        return answer



# --------------------------------------------------------------------------- word gates

_FIRST_WORD = re.compile(r"\w+")


class WordGate:
    """A *necessary* condition on the words of a text, checked before a costly regex: one of
    ``words`` is a whole word of the text (a ``\\w+`` run of it, as :func:`~..normalize.text.word_set`
    gives them), or one of the text's words starts with one of ``prefixes``.

    A gate is sound for a pattern when every match of the pattern contains such a word: the
    pattern's alternatives each hold a literal word between word boundaries (``\\b``, white space
    or punctuation: an exact word) or at a word start followed by more word characters (``\\w{0,4}``,
    a prefix). Failing the gate then proves the pattern cannot match; passing it proves nothing,
    the pattern still runs. :func:`gate` builds the word list from the pattern's own phrases.
    """

    __slots__ = ("_ascii_prefixes", "prefixes", "words")

    def __init__(self, words: Iterable[str], prefixes: Iterable[str] = ()) -> None:
        self.words = frozenset(words)
        self.prefixes = tuple(sorted(set(prefixes)))
        self._ascii_prefixes = tuple(p for p in self.prefixes if p.isascii())  # all an ASCII text can hold

    def passes(self, text_words: frozenset[str], text: str) -> bool:
        """``text_words`` is ``word_set(text)``."""
        if not self.words.isdisjoint(text_words):
            return True
        if self.prefixes:
            for prefix in self._ascii_prefixes if text.isascii() else self.prefixes:
                if _starts_a_word(text, prefix):
                    return True
        return False

    def __repr__(self) -> str:
        return f"WordGate({sorted(self.words)!r}, prefixes={self.prefixes!r})"


def _starts_a_word(text: str, prefix: str) -> bool:
    """``prefix`` occurs where a ``\\w+`` run of ``text`` starts (``\\w`` as ``re`` has it:
    ``str.isalnum()`` or "_")."""
    i = text.find(prefix)
    while i >= 0:
        if i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_"):
            return True
        i = text.find(prefix, i + 1)
    return False


def passes_all(gates: Iterable[WordGate], text_words: frozenset[str], text: str) -> bool:
    """Every gate passes (a plain loop: this runs on every message that wakes a gated rule)."""
    for g in gates:
        if not g.passes(text_words, text):
            return False
    return True


def first_word(phrase: str) -> str:
    """The first ``\\w+`` run of a phrase: a whole word of any text the phrase matches at a word
    start, when the phrase goes on with a non-word character or is followed by ``\\b``."""
    m = _FIRST_WORD.match(phrase)
    if m is None:
        raise ValueError(f"{phrase!r} does not start with a word character")
    return m.group()


def gate(*phrases: str, prefixes: Iterable[str] = ()) -> WordGate:
    """A :class:`WordGate` from the phrases a pattern's alternatives open with (their first words;
    each phrase must stand at a word start and end at a word end in the pattern) and the stems of
    alternatives that go on with ``\\w{0,n}`` (``prefixes``)."""
    return WordGate((first_word(p) for p in phrases), prefixes)


def _leading_words(fragment: str) -> tuple[set[str], set[str]]:
    """(words, stems) a regex fragment can open with: the ``\\w+`` runs its matches start with,
    spelled out ("tokens?" -> token, tokens; "licen[cs]es?" -> four words; "help ?desk" -> help,
    helpdesk), or, where the run goes on with ``\\w{m,n}``, the stem before it. Literal
    characters, sets of literal characters, optional ones and lookarounds (they read nothing) are
    understood; anything else raises ``ValueError`` (write the words out)."""
    from re import _parser  # the standard library's own regex parser

    def is_word(c: int) -> bool:
        return chr(c).isalnum() or chr(c) == "_"

    def chars(op, av) -> list[str] | None:
        """The word characters one item stands for, or None when it is no plain word character."""
        name = str(op)
        if name == "LITERAL":
            return [chr(av)] if is_word(av) else None
        if name == "IN" and all(str(o) == "LITERAL" and is_word(v) for o, v in av):
            return [chr(v) for _, v in av]
        return None

    def non_word(op, av) -> bool:
        return str(op) == "LITERAL" and not is_word(av)

    done: set[str] = set()  # words already ended (before an optional non-word character)
    partials = [""]
    for op, av in _parser.parse(fragment):
        name = str(op)
        one = chars(op, av)
        if one is not None:
            partials = [p + c for p in partials for c in one]
            continue
        if name in ("ASSERT", "ASSERT_NOT") or (name == "AT" and str(av) == "AT_BOUNDARY" and not any(partials)):
            continue  # reads nothing
        if non_word(op, av):  # a non-word character ends the first word
            break
        if name == "MAX_REPEAT":
            lo, hi, sub = av
            if len(sub) == 1 and str(sub[0][0]) == "IN" and str(sub[0][1][0][1]) == "CATEGORY_WORD" \
                    and len(sub[0][1]) == 1 and not done:
                if not all(partials):
                    raise ValueError(f"{fragment!r}: a stem needs letters before it")
                return set(), set(partials)  # "<stem>\\w{m,n}": a word that starts with the stem
            if len(sub) == 1 and lo == 0 and hi == 1:
                if chars(*sub[0]) is not None:
                    partials = partials + [p + c for p in partials for c in chars(*sub[0])]
                    continue
                if non_word(*sub[0]) and all(partials):
                    done.update(partials)  # with the character the word ends; without, it goes on
                    continue
        raise ValueError(f"{fragment!r}: cannot read the first word off {name}")
    if not all(partials):
        raise ValueError(f"{fragment!r} does not open with a word character")
    return done | set(partials), set()


def words_gate(alternatives: Iterable[str], *, last_word: Iterable[str] = ()) -> WordGate:
    """The :class:`WordGate` of a pattern ``\\b(?:<alternatives>)\\b`` built from the same tuple:
    each alternative by the word it opens with (spelled out by :func:`_leading_words`; a stem for
    ``<stem>\\w{0,n}``). A phrase in ``last_word`` is gated by its last word instead (a whole word
    too: the pattern ends it at ``\\b``), where its first is too common to gate anything ("get paid"
    by "paid")."""
    last = set(last_word)
    words: set[str] = set()
    stems: set[str] = set()
    for alternative in alternatives:
        if alternative in last:
            tail = _FIRST_WORD.findall(alternative)[-1]
            if not alternative.endswith(tail) or not alternative[: -len(tail)].endswith(" "):
                raise ValueError(f"{alternative!r}: the last word must follow a space and end the phrase")
            words.add(tail)
            continue
        w, p = _leading_words(alternative)
        words |= w
        stems |= p
    if last - set(alternatives):
        raise ValueError(f"not alternatives: {sorted(last - set(alternatives))}")
    return WordGate(words, {s for s in stems if not any(s != t and s.startswith(t) for t in stems)})
