"""Phone numbers: candidates from the normalized text, validated by libphonenumber.

No numbering plan is written here: ``phonenumbers`` decides what is a valid number for the
configured default regions. This module only finds digit runs people use as phone numbers
(including ones spelled out, dotted, spaced or written in other scripts, which the normalizer has
folded) and weighs the context around them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache, lru_cache

import phonenumbers

from ..config import ScanConfig
from ..filters import (
    is_content_for_the_work,
    is_quoted_content,
    is_coordinates,
    is_date,
    is_fictional_number,
    is_ip_address,
    is_measurement,
    is_order_number,
    is_part_of_code,
    is_price,
    is_street_address,
    is_test_data,
    is_version,
    words_of,
)
from ..finding import Finding, Kind
from ..lexicon import AMBIGUOUS_NUMBER_WORDS, MESSAGING_APPS, number_words_of, trie_regex
from ..normalize import NormalizedText
from ..normalize.text import word_set
from .base import PHONE_BIT, BaseDetector, make_finding, text_shape

# Words people put between the parts of a number they dictate: "99502 then 18347".
_CONNECTOR_WORDS = ("and then", "then", "followed by", "and finally", "and", "y luego", "luego", "y después", "después",
                    "et enfin", "et puis", "puis", "enfin", "und dann", "dann", "e depois", "depois", "e poi", "poi",
                    "phir", "aur", "и", "потом")
_CONNECTOR = r"[ \t,]{1,2}(?:" + "|".join(_CONNECTOR_WORDS) + r")[ \t,:]{1,2}\(?"
#: The first word of each connector: a number dictated in pairs joined by them ("06, puis 39, puis 98")
#: has no four digits close together.
_CONNECTOR_FIRST = frozenset(w.split()[0] for w in _CONNECTOR_WORDS if w not in ("and", "и", "aur"))
_CONNECTOR_RE = re.compile(_CONNECTOR)
# A digit, then 6..16 more digits each after at most 3 separator characters. Separators exclude
# letters, digits and line breaks, so the repetition is unambiguous (linear time).
# The leading look-ahead names the characters a candidate can start with ("+", "(", a digit, or one
# or two blanks before one of those): most positions fail on it before the look-behinds are tried.
_CANDIDATE = re.compile(
    r"(?=[+(\d]|[ \t]{1,2}[(\d])"
    r"(?:(?<=tel:)|(?<=sms:)|(?<=callto:)|(?<![\w@#$/.:-]))(?<!\d,)(?:\+|00)?[ \t]{0,2}\(?\d(?:(?:(?:[^\w\n@+]|_){0,3}|" + _CONNECTOR + r")\d){6,16}"
    r"(?:[ \t]{0,2}(?:x|ext\.?|extension|doc\.?)[ \t.]{0,2}\d{1,5})?(?![\w@]|\.\d)"
)
# What every candidate holds from its first digit on (the same digits and gaps as _CANDIDATE, seven
# digits): one search with a digit as its first character (the engine jumps from digit to digit),
# where _CANDIDATE's leading look-ahead makes the engine try every position.
_SEVEN_DIGITS = re.compile(r"\d(?:(?:(?:[^\w\n@+]|_){0,3}|" + _CONNECTOR + r")\d){6}")
# The same in the shape of an ASCII text (base.text_shape: "0" a digit, "a"/"A" a letter), where
# "\w" is [aA0_] and a connector is its words with each letter an "a" (a gate: any words of those
# shapes pass too). It starts where _SEVEN_DIGITS would or before.
_SEVEN_SHAPE = re.compile(
    rb"0(?:(?:[^aA0\n@+]{0,3}|[ \t,]{1,2}(?:"
    + b"|".join(sorted({re.sub("[a-z]", "a", w).encode() for w in _CONNECTOR_WORDS if w.isascii()}, key=len,
                       reverse=True))
    + rb")[ \t,:]{1,2}\(?)0){6}"
)
#: At most this many characters of a candidate come before its first digit: "00", two blanks, "(".
_MAX_LEAD = 5
#: above this many characters ``detect`` makes its findings lazily (see there)
_LAZY_TEXT = 4096
_EXTENSION_SPLIT = re.compile(r"x|ext|doc")
_NON_DIGITS = re.compile(r"\D+")
_QUICK = re.compile(r"\d(?:\D{0,3}\d){3}")
# _QUICK in the shape of an ASCII text (base.text_shape: each digit is "0"): the engine jumps from
# "0" to "0" where "\d" makes it try every position
_QUICK_SHAPE = re.compile(rb"0(?:[^0]{0,3}0){3}")
_CUE = re.compile(
    r"(?:\b(?:call|calls|calling|text|txt|phone|ph|number|num|no|mob|mobile|cell|cellphone|tel|"
    r"telephone|contact|reach|ring|sms|whatsapp|wa|wsp|zap|viber|signal|telegram|tg|imo|botim|numbr|nmbr|numba|"
    r"handynummer|telefonnummer|rufnummer|mobilnummer|numer|numara|numaram|nomor|namba|nambari|số|رقم|رقمي|"
    r"app me|bel me|bellen|wp|yaz bana|ara beni|zadzwoń|zadzwon|napisz|"
    r"dial|hit me|msg|message|digits|dígitos|digitos|numero|número|numéro|nummer|cel|telefono|teléfono|telefone|celular|móvil|movil|"
    r"handy|portable|téléphone|номер|телефон|fone|zap|mpesa|m-pesa|gcash|paytm|upi|whats|"
    # "call me" in the languages whose number words the normalizer reads
    r"appelle\w{0,2}|appelez|llám\w{0,4}|llam\w{1,4}|ligue\w{0,2}|liga|chiama\w{0,2}|ruf|anrufen|"
    r"escríbeme|escribeme|escríbame|escribame|écris-moi|écrivez-moi|schreib mir|scrivimi|"
    r"звони\w{0,2}|позвони\w{0,2}|bulao|baat karo|"
    # Swahili and Tagalog ("nipigie simu", "tawagan mo ko")
    r"simu|nipigie|tupigie|tawagan|tawag|telepono|appje|appen|вайбер|вайбері|мобільний|дзвоніть|подзвоніть)\b"
    r"|[📞📱☎]|tel:|sms:|callto:)"
)
# _CUE's alternatives that are one word: a window holding one as a word has a cue (no search needed)
_CUE_BODY = _CUE.pattern[len(r"(?:\b(?:"):_CUE.pattern.index(r")\b|[")]
_CUE_WORDS = frozenset(w for w in _CUE_BODY.split("|") if re.fullmatch(r"\w+", w))
# what every other alternative holds: a stem ("llám\w{0,4}"), a blank or "-" ("hit me", "m-pesa"), a sign
_CUE_MARKS = tuple({re.match(r"[^\\]+", w).group() for w in _CUE_BODY.split("|") if not re.fullmatch(r"\w+", w)}
                   | {"📞", "📱", "☎", "tel:", "sms:", "callto:"})

#: The marks an ASCII text can hold (the others have a letter or sign outside ASCII).
_CUE_MARKS_ASCII = tuple(m for m in _CUE_MARKS if m.isascii())


def _has_cue_mark(text: str) -> bool:
    """``any(mark in text for mark in _CUE_MARKS)``, written out (a generator costs as much as the
    searches), over the ASCII marks only when the text is ASCII."""
    for mark in _CUE_MARKS_ASCII if text.isascii() else _CUE_MARKS:
        if mark in text:
            return True
    return False


def _has_cue(window: str) -> bool:
    """``_CUE.search(window) is not None``: a cue word among the window's words answers at once; the
    pattern runs only when the window holds the start of another alternative."""
    if not _CUE_WORDS.isdisjoint(words_of(window)):
        return True
    return _has_cue_mark(window) and _CUE.search(window) is not None


#: Someone promising the rest of a number later ("you'll get the rest when you accept").
_PARTIAL_CUE = re.compile(
    r"\b(?:(?:the )?rest|remaining (?:digits|part|numbers)|other half|second half|last (?:part|digits|few)|"
    r"missing digits)\b(?=.{0,60}\b(?:later|after|when|once|if|until|tomorrow|as soon as)\b)"
)
#: The first word of each of _PARTIAL_CUE's phrases, a whole word there (the gate of the pattern).
_PARTIAL_CUE_WORDS = frozenset({"rest", "remaining", "other", "second", "last", "missing"})
_SEPARATOR_COMMA = re.compile(r"\d,\s")
_APP_CUE = re.compile(r"\b(?:" + trie_regex(s for names in MESSAGING_APPS.values() for s in names if len(s) >= 3) + r")\b")


#: ``_scattered``: a group of three to five digits (blank- or dash-separated digits count as one
#: group) that is not part of a word, a price, a decimal, a time or a date; at most this many
#: groups are read, a gap between two groups is at most this long and holds no sentence end.
_SCATTERED_GROUP = re.compile(r"(?<![\w+$€£₹#/.:,-])\d(?:[ -]?\d){2,4}(?![\w%°$€£]|[.,:/-]\d)")
_SCATTERED_MAX_GROUPS = 32
_SCATTERED_GAP = 45
_SCATTERED_BREAK = re.compile(r"[.!?\n]")
#: words of a street address between the groups ("350 Fifth Avenue, Suite 5400")
_SCATTERED_ADDRESS = re.compile(
    r"\b(?:avenue|ave|street|st|road|rd|blvd|boulevard|lane|ln|drive|dr|suite|ste|apt|apartment|unit|floor|fl|"
    r"building|bldg|zip|postcode|calle|rua|avenida|straße|strasse|chapter|verse|page|pages|item|items|units?)\b")
_SCATTERED_WORD = re.compile(r"[^\W\d_]{2}")  # words between the groups (symbols alone are the candidates' job)
_SCATTERED_MIN_DIGITS = 10


class PhoneDetector(BaseDetector):
    kinds = frozenset({Kind.PHONE})
    detail_gated = True  # its gates are a clause of detail_gate.detail_mask: keep them in step
    detail_bit = PHONE_BIT

    def __init__(self, config: ScanConfig) -> None:
        super().__init__(config)
        self._validate = lru_cache(maxsize=4096)(self._validate_uncached)

    def detect(self, nt: NormalizedText) -> Iterable[Finding]:
        """Gates first: a candidate needs seven digits (counted once per message), four of them
        close together (``_QUICK``) and seven in the shape of a candidate (``_SEVEN_DIGITS``); most
        messages fail one and get an empty tuple without a generator."""
        text = nt.text
        shape, digits = text_shape(text)
        if digits < 7:
            return ()
        if (_QUICK_SHAPE.search(shape) if text.isascii() else _QUICK.search(text)) is None and (
                _CONNECTOR_FIRST.isdisjoint(word_set(text))):
            # no four digits close together, and no "then"/"puis" joining groups of two
            return self._scattered(nt) if digits >= _SCATTERED_MIN_DIGITS else ()
        seven = _SEVEN_SHAPE.search(shape) if text.isascii() else _SEVEN_DIGITS.search(text)
        if seven is None:
            return self._scattered(nt) if digits >= _SCATTERED_MIN_DIGITS else ()
        # every candidate starts at most 5 characters ("00", two blanks, "(") before its first
        # digit, which is where a run of seven digits starts: no candidate starts before this
        if len(text) > _LAZY_TEXT:
            # hostile text: the scanner reads at most ``max_findings`` + 1 findings of a detector,
            # so they are made as it asks for them (the same findings, in the same order)
            return self._lazy(nt, max(0, seven.start() - _MAX_LEAD), digits)
        found = tuple(self._detect(nt, max(0, seven.start() - _MAX_LEAD)))
        if not found and digits >= _SCATTERED_MIN_DIGITS:
            # "call or text 415 dog 555 cat 0162": seven digits in a candidate's shape, none of them a
            # number, and the groups with words between are
            return self._scattered(nt)
        return found

    def _lazy(self, nt: NormalizedText, pos: int, digits: int) -> Iterator[Finding]:
        """What ``detect`` returns once its gates passed, one finding at a time: ``_detect``'s
        findings, or when it has none (and the text holds ten digits) ``_scattered``'s."""
        found = False
        for finding in self._detect(nt, pos):
            found = True
            yield finding
        if not found and digits >= _SCATTERED_MIN_DIGITS:
            yield from self._scattered(nt)

    def _detect(self, nt: NormalizedText, pos: int) -> Iterator[Finding]:
        text = nt.text
        hint: frozenset[str] | None = None  # the language hint, worked out for the first candidate
        partial_cue: re.Match[str] | None | bool = False  # "the rest later", likewise
        for m in _candidates(text, pos):
            start, end = m.span()
            cand = m.group()
            lead = len(cand) - len(cand.lstrip(" \t"))
            if cand.lstrip(" \t").startswith("(") and ")" not in cand:
                lead += 1
            start += lead
            if "x" in cand or "doc" in cand:  # an extension: "x12", "ext. 12", "doc 3"
                cand_main = _EXTENSION_SPLIT.split(cand, maxsplit=1)[0]
            else:
                cand_main = cand
            digits = _NON_DIGITS.sub("", cand_main)
            international = cand.lstrip(" \t(").startswith(("+", "00"))
            if international and cand.lstrip(" \t(").startswith("00"):
                digits = digits[2:]
            if not 7 <= len(digits) <= 15:
                continue
            if partial_cue is False:
                partial_cue = (_PARTIAL_CUE.search(text)
                               if "0" in text and not _PARTIAL_CUE_WORDS.isdisjoint(word_set(text)) else None)
            if (not international and partial_cue is not None and self._partial_mobile(digits)
                    and not any(f(text, start, end) for f in _PARTIAL_FILTERS)
                    and not is_order_number(_blank(text, partial_cue), start, end)):
                # "the first part is 0917 842, you'll get the rest when you accept": the start of
                # a mobile number given now, the rest promised ("part" is no part number here)
                yield make_finding(nt, Kind.PHONE, start, end, value=f"partial:{digits}",
                                   rule="phone.partial", score=0.6)
                continue
            if _ruled_out(text, start, end):
                continue
            parsed = self._validate(digits, international)
            if parsed is None:
                continue
            e164, rule, score, rivals = parsed
            if len(rivals) > 1:
                # valid in several regions alike: the message's language picks the reading
                if hint is None:
                    hint = _language_regions(text)
                for region, value in rivals:
                    if region in hint:
                        e164, rule = value, f"phone.national.{region}"
                        break
            before = text[max(0, start - 48):start]
            after = text[end:end + 24]
            cue_before = _has_cue(before) or _APP_CUE.search(before) is not None
            if cue_before or _has_cue(after):
                score = (0.6 if score == _SHORT_LANDLINE else score) + 0.2
            if _CONNECTOR_RE.search(cand) and not (cue_before or (len(digits) >= 10 and _has_cue(after))):
                continue  # "5 and then 12" is a list unless someone says it's their number
            if _SEPARATOR_COMMA.search(cand) and counts_in_steps(cand):
                continue  # "5, 10, 15, 20, 25": counting, whoever says "call"
            if _SEPARATOR_COMMA.search(cand) and (nt.is_verbatim(start, end) or is_fictional_number(digits)):
                # "10, 20, 30, 40" reads as a list unless someone says it's a number; a number spelled
                # out in words and read in groups ("nine eight double two, triple five") is dictated
                score -= 0.2
            if is_test_data(text, start, end) or is_content_for_the_work(text) or is_quoted_content(text, start):
                continue
            yield make_finding(nt, Kind.PHONE, start, end, value=e164, rule=rule, score=score)

    def _scattered(self, nt: NormalizedText) -> tuple[Finding, ...]:
        """A number given in three or four groups with words between each two, after a phone cue:
        "call 917 after 6pm my time, then 555, and the last bit is 0199", "whatsapp 0917 (thats
        globe) 555 (easy to remember) 2231". Read only where the candidate gates found no seven
        digits close together; each group must pass the span filters (no price, date or time) and
        the groups read together must be a valid number."""
        text = nt.text
        if _CUE_WORDS.isdisjoint(word_set(text)) and not _has_cue_mark(text):
            return ()
        groups = []
        for m in _SCATTERED_GROUP.finditer(text):
            groups.append(m)
            if len(groups) >= _SCATTERED_MAX_GROUPS:
                break
        for i in range(len(groups) - 2):
            for size in (3, 4):
                run = groups[i:i + size]
                if len(run) < size:
                    break
                if any(b.start() - a.end() > _SCATTERED_GAP or _SCATTERED_BREAK.search(text, a.end(), b.start())
                       or _SCATTERED_WORD.search(text, a.end(), b.start()) is None
                       or _SCATTERED_ADDRESS.search(text, a.end(), b.start()) for a, b in zip(run, run[1:])):
                    continue
                digits = "".join(_NON_DIGITS.sub("", g.group()) for g in run)
                if not 10 <= len(digits) <= 12:
                    continue
                start, end = run[0].start(), run[-1].end()
                if not _has_cue(text[max(0, start - 60):start]):
                    continue
                if any(_ruled_out(text, g.start(), g.end()) for g in run):
                    continue
                parsed = self._validate(digits, False)
                if parsed is None or is_test_data(text, start, end) or is_quoted_content(text, start):
                    continue
                return (make_finding(nt, Kind.PHONE, start, end, value=parsed[0], rule="phone.scattered",
                                     score=0.7),)
        return ()

    @lru_cache(maxsize=256)  # noqa: B019 - detectors live as long as their scanner
    def _partial_mobile(self, digits: str) -> bool:
        """The digits begin a mobile number of a configured region (some completion with zeros
        is a valid mobile number there) without being a whole valid number."""
        if not 6 <= len(digits) <= 10:
            return False
        for region in self.config.phone_regions:
            prefix = _national_prefix(region)
            if prefix != "0" or not digits.startswith(prefix):
                continue  # a partial number is written the national way, trunk prefix first ("0917")
            for extra in range(1, 16 - len(digits)):
                num = _parse(digits + "0" * extra, region)
                if num is None or not phonenumbers.is_possible_number(num):
                    continue
                if phonenumbers.is_valid_number(num) and phonenumbers.number_type(num) in _MOBILE_TYPES:
                    return True
        return False

    def _validate_uncached(
        self, digits: str, international: bool
    ) -> tuple[str, str, float, tuple[tuple[str, str], ...]] | None:
        """(E.164, rule, score, rivals) of the best reading of ``digits``, or None. ``rivals``: the
        valid national readings as good as the best by the national prefix as typed, (region,
        E.164) in rank order, among which the message's language may choose."""
        fmt = phonenumbers.PhoneNumberFormat.E164
        if international:
            num = _parse("+" + digits, None)
            if num is not None and phonenumbers.is_valid_number(num):
                return phonenumbers.format_number(num, fmt), "phone.international", 0.8, ()
            if digits.startswith("521") and len(digits) == 13:
                # "+52 1 55 ...": Mexico's old mobile prefix, gone from the plan since 2019 (and so
                # from libphonenumber's data) but still how many people, and WhatsApp, write a
                # Mexican mobile; the number is the one without it
                old = _parse("+52" + digits[3:], None)
                if old is not None and phonenumbers.is_valid_number(old):
                    return phonenumbers.format_number(old, fmt), "phone.international.mx_mobile_1", 0.8, ()
            if num is not None and phonenumbers.is_possible_number_with_reason(num) == _IS_POSSIBLE:
                # right length for its country but not in an assigned range (or a range reserved
                # for fiction, like UK 07700 900xxx): still someone writing a phone number; a
                # local-only length ("+1 555 0100") cannot be dialled from abroad
                return phonenumbers.format_number(num, fmt), "phone.international.possible", 0.55, ()
            return None
        possible = None
        readings: list[tuple[tuple[int, int, int], str, str]] = []
        for order, region in enumerate(self.config.phone_regions):
            if not may_be_valid_in(digits, region):
                # no reading of these digits fits the region's numbering plan: only the
                # "possible number" fallback below can still use the region
                if possible is None and digits.startswith("0"):
                    num = _parse(digits, region)
                    if num is not None and phonenumbers.is_possible_number(num):
                        possible = (phonenumbers.format_number(num, fmt), f"phone.possible.{region}", 0.35, ())
                continue
            num = _parse(digits, region)
            if num is None:
                continue
            if phonenumbers.is_valid_number(num):
                # Prefer the reading a person of that country would write: the national prefix
                # as typed ("07911..." in GB), then a personal number type (mobile before
                # premium-rate), then the configured order.
                prefix = _national_prefix(region)
                rank = (0 if prefix and digits.startswith(prefix) else 1,
                        _TYPE_RANK.get(phonenumbers.number_type(num), 9), order)
                readings.append((rank, phonenumbers.format_number(num, fmt), region))
            elif possible is None and digits.startswith("0") and phonenumbers.is_possible_number(num):
                possible = (phonenumbers.format_number(num, fmt), f"phone.possible.{region}", 0.35, ())
        if readings:
            readings.sort()
            best = readings[0]
            rivals = tuple((region, value) for rank, value, region in readings if rank[0] == best[0][0])
            # a short landline number without its trunk prefix ("555 0192", "4471 2290") is what
            # tickets, codes and amounts look like: it needs a phone cue (+0.2) to be reported
            score = _SHORT_LANDLINE if (len(digits) < 9 and best[0][0] == 1
                                        and best[0][1] >= _TYPE_RANK[_T.FIXED_LINE]) else 0.6
            return best[1], f"phone.national.{best[2]}", score, rivals
        # written with the country code but without "+": "44 7700 900374", "91 99871 40326"
        if len(digits) >= 10:
            num = _parse("+" + digits, None)
            if num is not None and phonenumbers.is_valid_number(num):
                return phonenumbers.format_number(num, fmt), "phone.country_code", 0.55, ()
        # a national number of a valid length in a range not assigned (US 555-01xx is fiction):
        # reported only when the context says it is a phone number
        if possible is None and len(digits) == 10:
            num = _parse(digits, "US")
            if num is not None and phonenumbers.is_possible_number(num) and digits[3:6] == "555":
                possible = (phonenumbers.format_number(num, fmt), "phone.possible.US", 0.35, ())
        return possible


def counts_in_steps(cand: str) -> bool:
    """Four or more comma-separated small numbers counting up or down by one step ("5, 10, 15, 20,
    25"): a list. (Three groups of a dictated number can step evenly by chance: "987, 555, 123".)"""
    values = [int(d) for d in (_NON_DIGITS.sub("", g) for g in cand.split(",")) if d]
    if len(values) < 4 or max(values) >= 1000:
        return False
    steps = {b - a for a, b in zip(values, values[1:])}
    return len(steps) == 1


def _candidates(text: str, pos: int) -> Iterator[re.Match[str]]:
    """``_CANDIDATE.finditer(text, pos)``, where ``pos`` is at most ``_MAX_LEAD`` before the first run of
    seven digits: after each candidate the search resumes at the next such run (a candidate
    starts at most ``_MAX_LEAD`` characters before its first digit), not at every position of the
    words between two numbers."""
    ascii_shape = text_shape(text)[0] if text.isascii() else None
    while True:
        m = _CANDIDATE.search(text, pos)
        if m is None:
            return
        yield m
        end = m.end()
        seven = _SEVEN_SHAPE.search(ascii_shape, end) if ascii_shape is not None else _SEVEN_DIGITS.search(text, end)
        if seven is None:
            return
        pos = max(end, seven.start() - _MAX_LEAD)


#: Words that say which language a message is written in, and the regions that language points to
#: (only the configured ones are ever used). Number words shared with English are left out.
#: Per language: the regions it points to, and the words ("call me", "number") and word stems that
#: say a message is written in it; its unambiguous number words count too (``lexicon``).
_LANGUAGE_CUES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "fr": (("FR", "BE", "CH", "LU", "MA", "SN", "CI"), ("appelez", "numéro", "téléphone", "portable"), ("appelle",)),
    "es": (("ES", "MX", "AR", "CO", "CL", "PE"), ("número", "teléfono", "móvil", "movil"), ("llám", "llama")),
    "pt": (("BR", "PT"), ("liga", "telefone", "celular", "contacto"), ("ligue",)),
    "it": (("IT",), ("cellulare", "telefono"), ("chiama",)),
    "de": (("DE", "AT", "CH"), ("ruf", "anrufen", "handy", "nummer", "telefon"), ()),
    "ru": (("RU", "KZ", "BY"), ("номер", "телефон"), ("звони", "позвони")),
    "uk": (("UA",), ("номер", "телефон", "вайбер", "мій"), ("дзвон", "подзвон")),
    "nl": (("NL", "BE"), ("bel", "nummer", "telefoon", "mobiel", "appje", "appen"), ()),
    "pl": (("PL",), ("zadzwoń", "numer", "telefon", "komórka", "komórki"), ("dzwoń",)),
}


@cache
def _language_lookup() -> tuple[dict[str, frozenset[str]], tuple[tuple[str, frozenset[str]], ...]]:
    """(word -> regions, (word stem -> regions)); ``_language_words()`` holds the words as a set."""
    words: dict[str, set[str]] = {}
    stems: list[tuple[str, frozenset[str]]] = []
    for language, (regions, cues, cue_stems) in _LANGUAGE_CUES.items():
        for word in (*cues, *(number_words_of(language) - AMBIGUOUS_NUMBER_WORDS)):
            words.setdefault(word, set()).update(regions)
        stems.extend((stem, frozenset(regions)) for stem in cue_stems)
    return {w: frozenset(r) for w, r in words.items()}, tuple(stems)


@cache
def _language_words() -> frozenset[str]:
    """The words of ``_language_lookup``: a set intersects a message's few words by looking each up,
    where intersecting with the dict itself walks all of its hundreds of words."""
    return frozenset(_language_lookup()[0])


def _language_regions(text: str) -> frozenset[str]:
    """The regions the message's language points to, from its words (a message is written in
    one language)."""
    by_word, stems = _language_lookup()
    regions: set[str] = set()
    tokens = word_set(text)
    for word in tokens.intersection(_language_words()):
        regions |= by_word[word]
    for stem, hinted in stems:
        if stem in text and any(t.startswith(stem) for t in tokens):
            regions |= hinted
    return frozenset(regions)


_IS_POSSIBLE = phonenumbers.ValidationResult.IS_POSSIBLE
_T = phonenumbers.PhoneNumberType
_MOBILE_TYPES = frozenset({_T.MOBILE, _T.FIXED_LINE_OR_MOBILE})
#: The score of a short landline number read without its trunk prefix: under ``min_score`` unless
#: a phone cue stands beside it, which makes it an ordinary national reading (0.6 + 0.2).
_SHORT_LANDLINE = 0.45
_TYPE_RANK = {_T.MOBILE: 0, _T.FIXED_LINE_OR_MOBILE: 1, _T.FIXED_LINE: 2, _T.VOIP: 3, _T.PERSONAL_NUMBER: 4}


@lru_cache(maxsize=512)
def _national_prefix(region: str) -> str:
    meta = phonenumbers.PhoneMetadata.metadata_for_region(region)
    return (meta.national_prefix or "") if meta is not None else ""


#: The number types ``phonenumbers`` tells apart (``_number_type_helper``): a valid number matches one.
_TYPE_DESCS = ("premium_rate", "toll_free", "shared_cost", "voip", "personal_number", "pager", "uan", "voicemail",
               "fixed_line", "mobile")


@lru_cache(maxsize=512)
def _region_screen(
    region: str,
) -> tuple[str, re.Pattern[str] | None, re.Pattern[str] | None, re.Pattern[str], str | None] | None:
    """What ``may_be_valid_in`` needs from the region's libphonenumber metadata: its country code,
    international (IDD) prefix, national prefix for parsing, one pattern a valid national
    significant number of that country code matches, and the rule that rewrites the national
    prefix (Argentina's "0 11 15" -> "9 11", Brazil's carrier codes), if any. None: always parse
    (no metadata).

    ``is_valid_number`` holds when the number matches, for one region of its country code, the
    region's general pattern and the pattern of one number type (fixed line, mobile, toll free...).
    The pattern is that, region by region: the general pattern as a look-ahead to the end, then the
    alternatives of the type patterns. Type patterns name the assigned ranges (US area codes, UK
    mobile prefixes), so far fewer regions pass than with the general pattern alone, and each
    region screened out saves a ``parse`` and an ``is_valid_number`` (about 30 us)."""
    meta = phonenumbers.PhoneMetadata.metadata_for_region(region)
    if meta is None or meta.general_desc is None:
        return None
    patterns = []
    for other in phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(meta.country_code, (region,)):
        other_meta = phonenumbers.PhoneMetadata.metadata_for_region(other)
        if other_meta is None or other_meta.general_desc is None or other_meta.general_desc.national_number_pattern is None:
            return None
        types = [desc.national_number_pattern for desc in (getattr(other_meta, name) for name in _TYPE_DESCS)
                 if desc is not None and desc.national_number_pattern]
        if types:  # a region without any type pattern has no valid number
            patterns.append(f"(?=(?:{other_meta.general_desc.national_number_pattern})\\Z)"
                            + "(?:" + "|".join(f"(?:{t})" for t in types) + ")")
    idd = re.compile(meta.international_prefix) if meta.international_prefix else None
    prefix = re.compile(meta.national_prefix_for_parsing) if meta.national_prefix_for_parsing else None
    return (str(meta.country_code), idd, prefix, re.compile("|".join(patterns) or "(?!)"),
            meta.national_prefix_transform_rule or None)


def may_be_valid_in(digits: str, region: str) -> bool:
    """False only when ``phonenumbers.is_valid_number(parse(digits, region))`` is certainly False:
    no national significant number ``parse`` could take from ``digits`` (as typed, without the
    national prefix or with it rewritten by the region's transform rule, without the country code,
    or both) matches the pattern of a valid number of that country code (see ``_region_screen``).
    Parsing and validating for 25 regions costs about a millisecond per candidate; this screen a
    few microseconds."""
    screen = _region_screen(region)
    if screen is None:
        return True
    cc, idd, prefix, valid, transform = screen
    if idd is not None and idd.match(digits):
        return True  # dialled from that country to another one: let the parser read it
    forms = [digits]
    if digits.startswith(cc):
        forms.append(digits[len(cc):])
    for form in tuple(forms):
        m = prefix.match(form) if prefix is not None else None
        if m is not None and m.end() > 0:
            forms.append(form[m.end():])
            if transform is not None and m.re.groups and m.group(m.re.groups) is not None:
                # what phonenumbers does then: the prefix rewritten in place ("0 11 15 ..." -> "9 11 ...")
                forms.append(prefix.sub(transform, form, count=1))
    return any(valid.fullmatch(form) for form in forms)


def _parse(number: str, region: str | None) -> phonenumbers.PhoneNumber | None:
    try:
        return phonenumbers.parse(number, region)
    except phonenumbers.NumberParseException:
        return None


_FILTERS = (is_price, is_date, is_version, is_order_number, is_ip_address, is_measurement, is_part_of_code,
            is_coordinates, is_street_address)
_PARTIAL_FILTERS = tuple(f for f in _FILTERS if f is not is_order_number)


def _ruled_out(text: str, start: int, end: int) -> bool:
    """``any(f(text, start, end) for f in _FILTERS)`` written out, in the same order (a generator
    costs about as much as a filter that answers at once)."""
    return (is_price(text, start, end) or is_date(text, start, end) or is_version(text, start, end)
            or is_order_number(text, start, end) or is_ip_address(text, start, end)
            or is_measurement(text, start, end) or is_part_of_code(text, start, end)
            or is_coordinates(text, start, end) or is_street_address(text, start, end))


_PART_PHRASE = re.compile(r"\b(?:first|second|last|other) (?:part|half|digits|few)\b")


def _blank(text: str, cue: re.Match[str]) -> str:
    """``text`` with the promise and "first part"-like phrases blanked out (same length): they
    name a part of the number, not a part number."""
    text = text[:cue.start()] + " " * (cue.end() - cue.start()) + text[cue.end():]
    return _PART_PHRASE.sub(lambda m: " " * len(m.group()), text)
