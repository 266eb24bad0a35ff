"""Conversations: details split across messages ("98" / "450" / "31762", "john" / "at" / "icloud.").

Each message is scanned on its own first. Then a sliding window of recent messages is joined into
one text and scanned again; a finding of the joined text that crosses a message boundary (or that
only the context of earlier messages made visible) is reported as one finding per message piece,
each naming its message index and the span inside that message. Joining glues fragments that
end or start with address punctuation ("t.me/" + "yuliia", "kaito" + "_vfx") and puts a space
between the rest.

Innocent conversations that merely contain numbers in several messages stay clean: a phone number
assembled across messages must be made of fragments (messages that are mostly that number) or come
with a phone cue, and passes the same false-positive filters as in a single message.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from .detect.cues import clause_bounds, is_negated, is_negated_inside, is_reported_speech, is_warning
from .detect.payment import WEB3_TASK_CONTEXT
from .detect.phone import counts_in_steps
from .detect.scam import clears_piece
from .detect.handles import APP_MENTION, APP_OF, BROADCAST_MENTIONS, JOB_TOPIC_AFTER, PROSE_APP_NAMES, VOCATIVE_AFTER
import phonenumbers

from .filters import (
    is_date,
    is_fictional_number,
    is_measurement,
    is_order_number,
    is_price,
    is_reserved_example_domain,
    is_test_data,
    is_version,
    mentions_test_data,
)
from .finding import DETAIL_KINDS, Finding, Kind
from .lexicon import MAIL_PROVIDERS
from .normalize import normalize
from .scanner import Scanner, ScanResult, moves_off_platform

_GLUE_END = tuple("/.:_-@#")
_GLUE_START = tuple("/._-:")
#: A Discord tag's number given in its own message ("mancer" + "#4471").
_TAG_START = re.compile(r"\s{0,2}#\d{4}\s{0,2}$")
#: A Skype id cut before its 16 hex digits ("live:.cid.9d41e07b" + "c52fa318") goes on in the next message.
_PARTIAL_CID = re.compile(r"\.cid\.[0-9a-f]{1,15}$", re.IGNORECASE)
_HEX_START = re.compile(r"[0-9a-f]+$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ConversationResult:
    """Findings carry ``message`` (the index) and spans inside that message's text."""

    findings: tuple[Finding, ...]
    offplatform: bool
    scam: bool
    leak_in: tuple[int, ...]

    def to_dict(self) -> dict:
        return {
            "offplatform": self.offplatform,
            "scam": self.scam,
            "leak_in": list(self.leak_in),
            "findings": [f.to_dict() for f in self.findings],
        }


class ConversationScanner:
    """Scan whole conversations; ``window`` is how many consecutive messages are joined."""

    def __init__(self, scanner: Scanner | None = None, window: int = 6) -> None:
        if window < 1:
            raise ValueError("window must be at least 1")
        self.scanner = scanner or Scanner()
        self.window = window

    def scan_conversation(self, messages: Sequence[str]) -> ConversationResult:
        results = [self.scanner.scan(t) for t in messages]
        findings: dict[tuple[int, int, int, str], Finding] = {}
        for i, result in enumerate(results):
            for f in result.findings:
                findings[(i, f.start, f.end, f.kind)] = f.with_message(i)
        if len(messages) > 1:
            _add_split(findings, self._split_findings(messages, results))
            if self.window > 1:
                _add_split(findings, _context_findings(messages, results, findings.values()))
                _add_split(findings, self._labelled_pieces(messages))
                _add_split(findings, _names_given(messages, list(findings.values()), self.window))
        _drop_numbers_named_before(findings, messages)
        _drop_test_numbers(findings, messages)
        ordered = sorted(findings.values(), key=lambda f: (f.message, f.start, f.end, f.kind))
        offplatform = any(moves_off_platform(f) for f in ordered)
        scam = any(f.kind is Kind.SCAM for f in ordered)
        leak = tuple(sorted({f.message for f in ordered if f.message is not None}))
        return ConversationResult(tuple(ordered), offplatform, scam, leak)

    def scan_last(self, messages: Sequence[str]) -> tuple[Finding, ...]:
        """The findings :meth:`scan_conversation` gives the LAST message (``message`` set to its
        index, same order), without the work that only the other messages' findings need.

        What the guard asks for every new message, with the sender's earlier ones as context: the
        earlier messages are not scanned on their own (their findings never decide the last
        message's: a split finding is checked against the single scan of the message its piece is
        in), and of the joined windows only those holding the last message are scanned.
        """
        last = len(messages) - 1
        if last < 0:
            return ()
        results: list[ScanResult | None] = [None] * last + [self.scanner.scan(messages[last])]
        findings: dict[tuple[int, int, int, str], Finding] = {}
        for f in results[last].findings:
            findings[(last, f.start, f.end, f.kind)] = f.with_message(last)
        if last > 0:
            _add_split(findings, self._split_findings(messages, results, only=last))
            if self.window > 1:
                if _needs_previous(messages[last]):
                    results[last - 1] = self.scanner.scan(messages[last - 1])
                _add_split(findings, _context_findings(messages, results, list(findings.values()), only=last))
                _add_split(findings, self._labelled_pieces(messages, only=last))
        _drop_numbers_named_before(findings, messages)
        _drop_test_numbers(findings, messages)
        return tuple(sorted(findings.values(), key=lambda f: (f.start, f.end, f.kind)))

    def _labelled_pieces(self, messages: Sequence[str], only: int | None = None) -> list[Finding]:
        """A number given in labelled parts, one short message each ("first 3 digits: 415" /
        "next: 555" / "last: 0193", "pehla half 98201" / "dusra 55017"): the last digit group of
        each message, read together. The labels keep the groups apart in the joined window, so they
        are read here: two to four consecutive short messages, each ending in (or made of) one
        digit group, at least one of them labelled, a phone cue among them or just before them, and
        each group checked in its own message like any other piece."""
        out: list[Finding] = []
        n = len(messages)
        parts = [_labelled_part(t) for t in messages]
        for first in range(n):
            if parts[first] is None:
                continue
            for size in (4, 3, 2):
                last = first + size - 1
                if last >= n or any(parts[k] is None for k in range(first, last + 1)):
                    continue
                if only is not None and not first <= only <= last:
                    continue
                group = range(first, last + 1)
                if not any(parts[k][0] for k in group):
                    continue  # no label: the joined window reads these already
                window = " ".join(messages[max(0, first - 1):last + 2])
                if _PHONE_CUE.search(window) is None:
                    continue
                if any(_not_a_phone_piece(messages[k], parts[k][1], parts[k][2]) for k in group):
                    continue
                digits = " ".join(messages[k][parts[k][1]:parts[k][2]] for k in group)
                found = [f for f in self.scanner.scan(digits).findings
                         if f.kind is Kind.PHONE and f.start == 0 and f.end == len(digits)]
                if not found:
                    continue
                f = found[0]
                for k in group:
                    if only is None or k == only:
                        a, b = parts[k][1], parts[k][2]
                        out.append(replace(f, start=a, end=b, text=messages[k][a:b], message=k,
                                           rule=f.rule + ".labelled"))
                break
        return out

    def _split_findings(self, messages: Sequence[str], results: Sequence[ScanResult | None],
                        only: int | None = None) -> list[Finding]:
        """Findings of the joined windows that cross a message boundary, or that only the earlier
        messages' context made visible. ``only``: just the pieces in that message (the windows
        without it are skipped; ``results`` need to hold that message's scan alone)."""
        n = len(messages)
        step = max(1, self.window // 2)
        starts = list(range(0, max(1, n - self.window + 1), step))
        if starts[-1] + self.window < n:
            starts.append(n - self.window)
        out: list[Finding] = []
        for first in starts:
            idx = list(range(first, min(n, first + self.window)))
            if only is not None and only not in idx:
                continue
            texts = [messages[i] for i in idx]
            joined, offsets = _join(texts)
            if len(joined) > self.scanner.config.max_text_chars:
                continue
            result = self.scanner.scan(joined)
            found = list(result.findings)
            if Kind.MESSAGING in self.scanner.config.kinds:
                found.extend(_handle_messages(joined, offsets, texts, None if only is None else only - first))
            if only is not None:  # the findings that reach into that message
                a = offsets[only - first]
                b = a + len(messages[only])
                found = [f for f in found if f.start < b and a < f.end]
            for f in found:
                if f.rule == "phone.scattered":
                    continue  # groups with words between them are read in one message only
                pieces = _pieces(f, offsets, texts)
                if not pieces:
                    continue
                crosses = len(pieces) > 1
                k, (start, end) = pieces[0]
                if not crosses:
                    if only is not None and idx[k] != only:
                        continue
                    if f.kind not in DETAIL_KINDS and not (f.rule in _LINK_APART_RULES and _link_nearby(texts, k)):
                        continue  # (a phishing ask whose link came in the message before or after is read whole)
                    if any(g.kind == f.kind and g.start < end and start < g.end for g in results[idx[k]].findings):
                        continue  # the message's own scan has it
                    if f.text.lower() in BROADCAST_MENTIONS:
                        continue  # "@channel please review ...": a team chat's mention, whatever app came before
                    if f.rule.startswith("payment.wallet") and WEB3_TASK_CONTEXT.search(texts[k].lower()):
                        continue  # the wallet's own message makes it a task's contract ("the mint contract is at 0x...")
                if crosses and f.kind is Kind.PHONE and not _plausible_split_phone(f, pieces, messages, idx, joined):
                    continue
                if crosses and f.kind is Kind.URL and _sentence_then_domain(pieces, texts):
                    continue
                if crosses and f.rule in _ONE_MESSAGE_RULES and not all(
                        len(texts[k].split()) <= _SHORT_MESSAGE_WORDS for k, _ in pieces):
                    continue  # two messages of job talk; "I'll pay the deposit" + "on Wise" is one thought
                if crosses and f.rule == "scam.credentials.code_request" and not all(
                        len(texts[k].split()) <= _CODE_REQUEST_WORDS for k, _ in pieces):
                    continue
                if crosses and f.kind is Kind.INTENT and not all(
                        len(texts[k].split()) <= _SHORT_MESSAGE_WORDS + 2 for k, _ in pieces):
                    continue  # an ask split over messages comes in fragments ("add me on whats" + "app")
                if crosses and f.kind in (Kind.SCAM, Kind.INTENT) and _a_piece_is_told(pieces, texts):
                    continue  # "support asked me to share it here" + "the SMS code didn't arrive": a story
                if crosses and f.kind is Kind.SCAM and _a_piece_is_cleared(pieces, texts):
                    continue
                if not crosses and f.kind is Kind.PHONE and _LIST_WORD.search(f.text):
                    continue  # "prices like 1,299.99 and 12.50": a list, unless its own message calls it a number
                if not crosses and f.kind is Kind.PHONE and not _is_fragment(texts[k], start, end):
                    continue  # "555 0192 is the ticket": a number read as a phone only by another message's cue
                if not crosses and f.kind in (Kind.MESSAGING, Kind.SOCIAL) and _addresses_someone(texts[k], start, end):
                    continue  # "@anna can you check the copy?": a mention opening a message addresses someone
                if crosses and f.kind in DETAIL_KINDS and _across_a_full_stop(pieces, texts):
                    continue  # "... on November 15." + "No worries, ..." is no domain "15.no"
                for k, (start, end) in pieces:
                    if only is not None and idx[k] != only:
                        continue
                    msg = messages[idx[k]]
                    out.append(replace(f, start=start, end=end, text=msg[start:end], message=idx[k],
                                       rule=f.rule + (".split" if crosses else ".context")))
        return out


#: Phishing rules whose link often comes in a message of its own, just before or after the ask ("you need
#: to pay again or it cancels tonight" + "use this secure page: <link>"; "download: <link>.exe" + "run it as
#: administrator").
_LINK_APART_RULES = frozenset({"scam.phishing.repay_link", "scam.phishing.malware_download",
                               "scam.phishing.app_install", "scam.phishing.external_sign_in"})


_LINKISH = re.compile(r"(?:https?://|www\.)|\b[a-z0-9-]{2,63}\.(?:com|net|org|io|co|me|app|site|online|xyz|top|info|link|"
                      r"live|page|support|help|pay)\b", re.IGNORECASE)


def _link_nearby(texts: list[str], k: int) -> bool:
    """Piece ``k``'s message holds something like a link, or a short message (the link and a few
    words: "use this secure page: <link>") one or two before it or right after it does."""
    if _LINKISH.search(texts[k]):
        return True
    return any(0 <= j < len(texts) and len(texts[j].split()) <= _LINK_MESSAGE_WORDS and _LINKISH.search(texts[j])
               for j in (k - 2, k - 1, k + 1))


_LINK_MESSAGE_WORDS = 8


def _add_split(findings: dict[tuple[int, int, int, str], Finding], split: list[Finding]) -> None:
    """Add the split findings that no finding of the same kind in the same message overlaps."""
    for f in split:
        key = (f.message, f.start, f.end, f.kind)
        if not any(k[0] == f.message and k[3] == f.kind and k[1] < f.end and f.start < k[2] for k in findings):
            findings[key] = f


_HANDLE_TOKEN = re.compile(r"(?<!\S)@?[A-Za-z0-9_][A-Za-z0-9_.\-]{1,40}(?!\S)")


#: A message this short is a fragment of the one before ("on Wise", "in USDT"), not job talk of its own.
_SHORT_MESSAGE_WORDS = 6

#: Scam rules whose two halves are everyday job words ("payment", "PayPal", "crypto wallet"): the
#: halves must be in one message (two messages of job talk would otherwise make a pitch).
_ONE_MESSAGE_RULES = frozenset({"scam.payment_outside_escrow.route", "scam.crypto_or_gift_card.crypto_payment",
                                "scam.fake_interview.task_scam", "scam.payment_outside_escrow.direct",
                                "scam.fake_interview.like_and_screenshot", "scam.credentials.id_documents"})
#: A code request split over messages comes in short turns (twelve words or fewer) ("you got a text with a number starting
#: G-" + "type it back to me here"); across a long brief it is two topics ("the coupon code is X" +
#: "we need a design for our gift card ...").
_CODE_REQUEST_WORDS = 12


#: A piece that opens with its own negation ("please don't cancel the contract").
_NEGATION_OPENS = re.compile(r"\b(?:don'?t|do not|never|won'?t|will not|can'?t|cannot|shouldn'?t|should not)\b")
_LIST_WORD = re.compile(r"\b(?:and|or|then|to|und|y|et|e)\b", re.IGNORECASE)
def _a_piece_is_told(pieces: list[tuple[int, tuple[int, int]]], texts: list[str]) -> bool:
    """A piece of a request split over messages is, in its own message, someone else's request told
    as a story, part of a warning, or negated ("please don't cancel the contract"): the request is
    not the writer's."""
    for k, (start, end) in pieces:
        text = texts[k].lower()
        a, _ = clause_bounds(text, start, start)
        if (is_reported_speech(text, a, start) or is_warning(text) or is_negated(text, a, start)
                or is_negated_inside(text, start, end) or _NEGATION_OPENS.search(text, start, min(end, start + 24))):
            return True
    return False


def _a_piece_is_cleared(pieces: list[tuple[int, tuple[int, int]]], texts: list[str]) -> bool:
    """A piece of a scam pattern split over messages is, in its own message, job talk, escrow
    talk or quoted copy (:func:`~.detect.scam.clears_piece`)."""
    return any(clears_piece(texts[k].lower(), start, end) for k, (start, end) in pieces)


def _across_a_full_stop(pieces: list[tuple[int, tuple[int, int]]], texts: list[str]) -> bool:
    """A detail that crosses from a message ending in "." into a message of several words: the
    full stop ended a sentence (the join glued it so that sentence-spanning patterns still read
    the messages together), it did not split an address."""
    for (k, _), (k2, _) in zip(pieces, pieces[1:]):
        if k2 != k + 1:
            continue
        if not texts[k].rstrip().endswith("."):
            continue
        nxt = texts[k2].strip()
        if " " in nxt and nxt.split(None, 1)[0] not in _TLD_WORDS:
            return True  # ("yahoo." + "com 👍" goes on: "com" is no word to open a sentence with)
        if nxt.lower().strip(" !.?,") in _REPLY_WORDS:
            return True  # "... ask @BotFather." + "ok": a reply, not the rest of a handle
    return False


#: One-word replies: a message of its own after a full stop, never the rest of a detail.
_REPLY_WORDS = frozenset({"ok", "okay", "k", "kk", "thanks", "thx", "ty", "yes", "yep", "yeah", "no", "nope", "sure",
                          "cool", "great", "done", "noted", "perfect", "nice", "alright", "fine", "got it"})
#: Top-level domains that are no word of the languages here ("de", "es" are), so a message opening
#: with one, in lower case, goes on the address before it.
_TLD_WORDS = frozenset({"com", "net", "org", "io", "uk", "fr", "ng", "ke", "ph", "au", "ca", "info", "biz", "dev", "xyz",
                        "ru", "pk", "mx", "com.br", "co.uk", "com.au"})  # as typed: a sentence opens capitalized


#: What a message that is nothing but (part of) a handle token holds, once stripped.
_TOKEN_MESSAGE = re.compile(r"[@A-Za-z0-9_.\-]+")


def _handle_messages(joined: str, offsets: list[int], texts: list[str], only: int | None = None) -> list[Finding]:
    """A message that is nothing but a handle ("@artem" + "_backend", "kaito" + "_vfx") after an
    app was named earlier in the window. ``only``: just the handles that cover ``texts[only]``.

    A handle token has no space and is made of whole messages, so each message it covers is,
    stripped, all token characters: a window without such a message (most of them) has none, and
    is not searched.
    """
    if only is not None:
        if not _TOKEN_MESSAGE.fullmatch(texts[only].strip()):
            return []
    elif not any(_TOKEN_MESSAGE.fullmatch(t.strip()) for t in texts):
        return []
    out = []
    lowered = joined.lower()
    for m in _HANDLE_TOKEN.finditer(joined):
        token = m.group()
        if not any(c in "_@." for c in token) and not (any(c.isdigit() for c in token) and any(c.isalpha() for c in token)):
            continue
        # the token must be made of whole messages
        covered = [k for k, (off, t) in enumerate(zip(offsets, texts, strict=True))
                   if off < m.end() and m.start() < off + len(t)]
        if not covered or any(texts[k].strip() != joined[max(m.start(), offsets[k]):min(m.end(), offsets[k] + len(texts[k]))].strip()
                              for k in covered):
            continue
        asked = covered[0] > 0 and _HANDLE_QUESTION.fullmatch(texts[covered[0] - 1].strip().lower()) is not None
        # (an app name that is also a word, "line", counts when the handle was asked for: "punya line?")
        apps = [a for a in APP_MENTION.finditer(lowered, 0, m.start())
                if (asked or a.group("app") not in PROSE_APP_NAMES) and not JOB_TOPIC_AFTER.match(lowered[a.end():])]
        if not apps:
            continue
        if token.lower() in BROADCAST_MENTIONS:
            continue
        if len(covered) == 1 and not token.startswith("@") and not asked:
            # one plain word after an app name is too little to call it a handle, unless it answers
            # "username?" / "idnya" right before it
            continue
        kind, name = APP_OF[apps[-1].group("app")]
        out.append(Finding(kind=kind, start=m.start(), end=m.end(), text=token, value=f"{name}:{token.lstrip('@')}",
                           rule=f"{kind}.handle.{name}.message", score=0.8))
    return out


#: A message that only asks for the handle on an app named before ("username?", "idnya", "ur id?").
_HANDLE_QUESTION = re.compile(
    r"(?:(?:and|ok|okay|so|ya|kak|bro|sis)\s)?(?:(?:your|ur|the|ton|tu|seu)\s)?(?:user ?name|handle|id|id nya|idnya|"
    r"id mo|nick|nickname|pseudo|usuario|usuário|name there|what name|under what name|what'?s? (?:it|the (?:username|handle|id)))"
    r"(?:\s(?:there|on it|pls|please|po|kak))?\s?[?.!]{0,3}"
)


def _sentence_then_domain(pieces: list[tuple[int, tuple[int, int]]], texts: list[str]) -> bool:
    """A sentence's last word and full stop, then a message that is a whole domain of its own
    ("… end to end." + "github.com"): two messages, not one split address."""
    (k0, (a0, b0)), (k1, (a1, b1)) = pieces[0], pieces[-1]
    return texts[k0][a0:b0].endswith(".") and "." in texts[k1][a1:b1].strip(".")


def _join(texts: list[str]) -> tuple[str, list[int]]:
    parts: list[str] = []
    offsets: list[int] = []
    pos = 0
    for i, t in enumerate(texts):
        if i:
            prev = texts[i - 1].rstrip()
            sep = "" if (prev.endswith(_GLUE_END) or t.lstrip().startswith(_GLUE_START)
                         or (_PARTIAL_CID.search(prev) and _HEX_START.match(t))
                         or (_TAG_START.match(t) and prev[-1:].isalnum())) else " "
            parts.append(sep)
            pos += len(sep)
        offsets.append(pos)
        parts.append(t)
        pos += len(t)
    return "".join(parts), offsets


def _pieces(f: Finding, offsets: list[int], texts: list[str]) -> list[tuple[int, tuple[int, int]]]:
    pieces = []
    for k, (off, t) in enumerate(zip(offsets, texts, strict=True)):
        a, b = max(f.start, off), min(f.end, off + len(t))
        if a >= b:
            continue
        a, b = a - off, b - off
        while a < b and t[a].isspace():
            a += 1
        while b > a and t[b - 1].isspace():
            b -= 1
        if a < b:
            pieces.append((k, (a, b)))
    return pieces


_PHONE_CUE = re.compile(r"\b(?:call|text|number|num|phone|mobile|cell|whats ?app|wa|zap|telegram|viber|signal|"
                        r"sms|número|numero|nummer|номер|ring|dial|cel|celular|móvil|movil|wasap|whats|handy|telefone|"
                        r"telefono|teléfono|téléphone|portable)\b|\+\d", re.IGNORECASE)


#: A message that says its numbers are not real ones ("five five five is the placeholder").
_NOT_REAL = re.compile(r"\b(?:placeholder|dummy|sample|example|fake|lorem|mock ?up|mockups?|test data)\b", re.IGNORECASE)
_ZONE_OFFSET = re.compile(r"\b(?:gmt|utc|est|cet|pst|ist)\s?[+-]\s?$", re.IGNORECASE)
_CODE_BEFORE = re.compile(r"\b(?:shortcode|short code|code|port|pin|id|v|version|build|rev)\b[^\d\n]{0,24}[:#]?\s?$",
                          re.IGNORECASE)


def _not_a_phone_piece(text: str, a: int, b: int) -> bool:
    """The digits of one piece, read in their own message, are a price, a date, a version, an
    order or code number, a measurement, test data or a time zone's offset."""
    return (is_price(text, a, b) or is_date(text, a, b) or is_version(text, a, b) or is_order_number(text, a, b)
            or is_measurement(text, a, b) or is_test_data(text, a, b)
            or _ZONE_OFFSET.search(text, max(0, a - 6), a) is not None
            or _CODE_BEFORE.search(text, max(0, a - 40), a) is not None
            or _NOT_REAL.search(text) is not None)


def _plausible_split_phone(f: Finding, pieces, messages, idx, joined: str) -> bool:
    """A number assembled from several messages must continue across each boundary: the first
    piece ends its message, the last starts its message, the ones between are whole messages;
    and it is a valid number or a phone cue stands in the window."""
    for n, (k, (a, b)) in enumerate(pieces):
        text = messages[idx[k]]
        starts_msg = not text[:a].strip()
        ends_msg = not text[b:].strip(" \t.,;:!?)")
        if (n > 0 and not starts_msg) or (n < len(pieces) - 1 and not ends_msg):
            return False
        if _not_a_phone_piece(text, a, b):
            return False  # "(GMT+2)" + "€1.200,50 incl. VAT?": each piece is something else in its own message
        if text.count(",", a, b) >= 3 and (counts_in_steps(text[a:b]) or counts_in_steps(normalize(text[a:b]).text)):
            return False  # "call me: 5, 10, 15, 20, 25" + "12 reels": a list counting up, read alone
            # (or in words: "five, ten, fifteen, twenty, twenty five")
    return f.score >= 0.8 or _PHONE_CUE.search(joined) is not None


# --------------------------------------------------------------------------------------------
# a message read with its neighbour: a lead-in, an answer, a country code, a provider given apart
# --------------------------------------------------------------------------------------------

_WORD = re.compile(r"\w+")
#: What a lead-in names, by the kind of the detail that follows it.
_LEAD_IN_CUE: dict[Kind, re.Pattern[str]] = {
    Kind.PHONE: _PHONE_CUE,
    Kind.EMAIL: re.compile(r"\b(?:e-?mail|mail|gmail|correo|courriel|почта|address|adresse|endereço)\b", re.IGNORECASE),
    Kind.MESSAGING: re.compile(r"\b(?:id|handle|username|user ?name|user|add me|whats ?app|telegram|tg|skype|discord|"
                               r"signal|wechat|viber|line|kik)\b", re.IGNORECASE),
    Kind.SOCIAL: re.compile(r"\b(?:handle|username|user ?name|profile|insta|ig|instagram|facebook|fb|linkedin|tiktok|"
                            r"twitter|snap|snapchat)\b", re.IGNORECASE),
}
#: An answer that declines ("no, I don't use WhatsApp", "nope, only here").
_DECLINES = re.compile(r"^\W*(?:no|nope|nah|not|never|don'?t|do not|i don'?t|sorry|only here)\b", re.IGNORECASE)
#: A message that is a mail provider after "at"/"@" ("at gmail, no dots", "@outlook"): the rest of
#: an address whose name the message before gave.
_PROVIDER_FRAGMENT = re.compile(
    r"^\W{0,3}(?:(?:and|then|y|e|et|und)\s+)?(?:at|@|arroba|en|no|na|on|in|di|sur|auf|bei|chez|em)\s?(?P<provider>"
    + "|".join(sorted((re.escape(p) for p in MAIL_PROVIDERS if p.isalpha() and len(p) >= 3), key=len, reverse=True))
    + r")\b", re.IGNORECASE)
#: A message that is a top-level domain ("it's a .io", "dot com"): the end of a site whose name the
#: message before gave ("the name is carterbuilds").
_DOMAIN_FRAGMENT = re.compile(
    r"^\W{0,3}(?:(?:it'?s|its|it is|and|then|just|the site is|domain is)\s)?(?:an?\s)?(?:\.\s?|dot\s)"
    r"(?P<tld>com|io|net|org|co|me|dev|app|studio|design|art|site|online|store|xyz|info|biz|page|ink|photo|photography)"
    r"\b\W{0,3}$", re.IGNORECASE)
#: The name given in the message before a domain fragment, and a word of the same talk naming a site.
_SITE_NAME = re.compile(r"\b(?:name|site|domain|website|url|address)\s(?:is|=|:)\s?(?P<name>[a-z0-9][a-z0-9-]{2,40})\b",
                        re.IGNORECASE)
_SITE_WORD = re.compile(r"\b(?:my|our)\s(?:own\s|personal\s|full\s)?(?:site|website|web site|domain|portfolio|page|url)\b",
                        re.IGNORECASE)
#: A country calling code standing alone ("+254 if you ever need to call"), not a time zone's
#: offset ("UTC+3") nor the start of a number given in the same message.
_LONE_CODE = re.compile(r"(?<![\w+])\+(?P<cc>\d{1,3})(?![\d%])(?![ \t\-.]{0,2}\d)")
#: The digits a message opens with ("701 552 839 whatsapp is best").
_OPENING_DIGITS = re.compile(r"^\s{0,3}(?P<digits>\(?\d[\d \t\-.()]{4,18}\d)(?![\d])")
#: A complaint about the platform's cut, read as the start of the pitch that follows it.
_FEE_COMPLAINT = re.compile(r"\b(?:fees?|commission|cut|service charge|comisi[oó]n|comiss[aã]o|taxa|tarifa|frais|gebühr\w{0,2})\b",
                            re.IGNORECASE)
#: The intent rules that pitch leaving the platform (not asks for one channel).
_PITCH_RULES = ("intent.work_directly", "intent.fee_avoidance", "intent.move_off", "intent.other_channel")
#: How many words a fee complaint before a pitch may have ("Honestly the fee here is 20% which is crazy").
_LONG_LEAD_IN = 14
#: A short reply that confirms ("yes that's it", "yep", "correct", "sí, ese").
_CONFIRMS = re.compile(
    r"^\W{0,3}(?P<yes>yes|yep|yeah|yup|ya|correct|exactly|right|that'?s it|that'?s right|that'?s the one|sí|si|sim|"
    r"oui|ja|да|haan|ha|iya|evet|ndiyo|oo|đúng|نعم)\b(?!\W{0,3}\w+(?:\W+\w+){6})", re.IGNORECASE)
#: The short messages these checks read: a lead-in, an answer or a fragment.
_SHORT = _SHORT_MESSAGE_WORDS


def _needs_previous(text: str) -> bool:
    """Whether the newest message could be an answer, a confirmation or a provider fragment, whose
    reading needs the scan of the message before it (most short messages are none of these, and the
    guard then scans the newest message alone)."""
    return len(text.split()) <= _SHORT and (
        _CONFIRMS.match(text) is not None or _PROVIDER_FRAGMENT.search(text) is not None
        or _DOMAIN_FRAGMENT.search(text) is not None or APP_MENTION.search(text.lower()) is not None)


def _context_findings(messages: Sequence[str], results: Sequence[ScanResult | None], found,
                      only: int | None = None) -> list[Finding]:
    """Findings a message only has read with its neighbour:

    - a lead-in: a short message with no finding of its own that names what the next message
      gives ("number note karo sir" + "97731" + "05842 pe call karo"; "my email:" + an address);
    - an answer: a short reply naming a chat app right after an ask for a channel ("what app do
      you use most?" + "whatsapp mostly, why");
    - a country code given apart from the rest of the number ("+254 if you ever need to call" +
      "701 552 839 whatsapp is best"), when the two make a valid number;
    - a mail provider given apart from the name ("email is my username here" + "at gmail, no dots").

    ``found``: the findings so far (with ``message`` set). ``only``: just the findings in that
    message (``results`` then needs that message's and, for an answer or a fragment, the previous
    message's scan).
    """
    out: list[Finding] = []
    by_message: dict[int, list[Finding]] = {}
    for f in found:
        by_message.setdefault(f.message, []).append(f)
    n = len(messages)
    targets = range(1, n) if only is None else (only,)
    for k in targets:
        text = messages[k]
        prev = messages[k - 1]
        if only is None:  # a lead-in is read once the detail after it has come
            out.extend(_lead_in(k - 1, prev, text, by_message))
        out.extend(_country_code_apart(k - 1, prev, k, text))
        if len(text.split()) > _SHORT or results[k - 1] is None:
            continue
        own = results[k].findings if results[k] is not None else ()
        if own:
            continue
        prev_found = results[k - 1].findings
        out.extend(_answer(k, text, prev, prev_found))
        out.extend(_confirmation(k, text, prev, prev_found))
        out.extend(_provider_fragment(k, text, prev_found, prev, messages[max(0, k - 3):k - 1]))
        out.extend(_domain_fragment(k, text, messages))
    return out if only is None else [f for f in out if f.message == only]


#: A handle or address said to be built from a name ("the studio name with a dot in the middle",
#: "just search my full name"): the intent findings that point back at a name given before.
_NAME_POINTER_RULES = ("intent.same_handle", "intent.search")
_NAME_POINTER = re.compile(r"\bname\b", re.IGNORECASE)
#: A name introduced: "I'm Tomás Ibarra", "we're Lumen Bakery", "a print studio called Kora Prints".
_NAME_GIVEN = re.compile(
    r"\b(?i:i'?m|i am|we'?re|we are|this is|my name is|our name is|called|named|from)\s"
    r"(?P<name>(?:[A-Z][\w'’.&-]*)(?:\s(?:[A-Z][\w'’.&-]*|&|of|de|da|do|van|von)){0,4})"
)


def _names_given(messages: Sequence[str], found: list[Finding], window: int) -> list[Finding]:
    """The name an earlier message gave, when a later one builds a handle or an address out of it
    ("Hi, I'm Amara from Studio Amara" ... "my IG is the studio name with a dot in the middle"): the
    name is part of the detail, so its message is part of the leak."""
    out: list[Finding] = []
    pointers = sorted({f.message for f in found if f.kind is Kind.INTENT and f.rule.startswith(_NAME_POINTER_RULES)
                       and f.message is not None and _NAME_POINTER.search(f.text + " " + messages[f.message][f.end:f.end + 30])})
    has_findings = {f.message for f in found}
    for k in pointers:
        for j in range(k - 1, max(-1, k - window), -1):
            if j in has_findings:
                continue
            names = [m for m in _NAME_GIVEN.finditer(messages[j]) if len(m.group("name")) >= 3]
            if not names:
                continue
            for m in names:
                out.append(Finding(kind=Kind.INTENT, start=m.start("name"), end=m.end("name"), text=m.group("name"),
                                   value="name", rule="intent.name_given.context", score=0.6, message=j,
                                   explanation=f"the name message {k} builds a handle or an address from"))
            break
    return out


def _lead_in(j: int, lead: str, nxt: str, by_message: dict[int, list[Finding]]) -> list[Finding]:
    if by_message.get(j) or "?" in lead:
        return []
    if len(lead.split()) <= _LONG_LEAD_IN:
        m = _FEE_COMPLAINT.search(lead)
        if m is not None and any(f.kind is Kind.INTENT and f.rule.startswith(_PITCH_RULES)
                                 for f in by_message.get(j + 1, ())):
            return [Finding(kind=Kind.INTENT, start=m.start(), end=m.end(), text=m.group(), value="fee",
                            rule="intent.lead_in.fee.context", score=0.7, message=j,
                            explanation="complains about the platform's fee right before a pitch to leave it")]
    if len(lead.split()) > _SHORT:
        return []
    for f in by_message.get(j + 1, ()):
        cue = _LEAD_IN_CUE.get(f.kind)
        if cue is None or len(nxt[:f.start].split()) > 3:
            continue
        m = cue.search(lead)
        if m is None or is_negated(lead.lower(), 0, m.start()):
            continue
        return [Finding(kind=Kind.INTENT, start=m.start(), end=m.end(), text=m.group(), value=f.kind.value,
                        rule="intent.lead_in.context", score=0.7, message=j,
                        explanation=f"announces the {f.kind.value} given in the next message")]
    return []


def _confirmation(k: int, text: str, prev: str, prev_found) -> list[Finding]:
    """"yes that's it" after a detail read back as a question ("so 718 555 0191?")."""
    if not prev.rstrip().endswith("?") or not any(f.kind in DETAIL_KINDS for f in prev_found):
        return []
    m = _CONFIRMS.match(text)
    if m is None:
        return []
    return [Finding(kind=Kind.INTENT, start=m.start("yes"), end=m.end("yes"), text=m.group("yes"), value="confirm",
                    rule="intent.confirm_detail.context", score=0.7, message=k,
                    explanation="confirms the contact detail read back in the message before")]


def _answer(k: int, text: str, prev: str, prev_found) -> list[Finding]:
    if "?" not in prev or _DECLINES.search(text) or not any(f.kind is Kind.INTENT for f in prev_found):
        return []
    lowered = text.lower()
    for a in APP_MENTION.finditer(lowered):
        name = a.group("app")
        if JOB_TOPIC_AFTER.match(lowered[a.end():]) or (name in PROSE_APP_NAMES and name not in ("wa", "whats")):
            continue
        kind, app = APP_OF[name]
        return [Finding(kind=Kind.INTENT, start=a.start(), end=a.end(), text=text[a.start():a.end()], value=app,
                        rule="intent.answer_channel.context", score=0.7, message=k,
                        explanation=f"names {app} in answer to an ask for a channel")]
    return []


#: The name part of an address given alone at the end of a message ("meine Adresse ist lena.hoffmann").
_ADDRESS_NAME_END = re.compile(r"\b(?:e-?mail|mail|adresse|address|correo|endereço|endereco|courriel|почта)\s?"
                               r"(?:is|ist|es|é|est|:|=)\s?[a-z0-9][a-z0-9._-]{2,40}\W{0,3}$", re.IGNORECASE)


#: A message that is one bare user name ("julianamorais").
_BARE_NAME = re.compile(r"^\W{0,3}[a-z0-9][a-z0-9._-]{2,40}\W{0,3}$", re.IGNORECASE)
_MAIL_WORD = re.compile(r"\b(?:e-?mail|mail|correo|courriel|почт\w{0,2})\b", re.IGNORECASE)


def _provider_fragment(k: int, text: str, prev_found, prev: str = "", earlier: Sequence[str] = ()) -> list[Finding]:
    """A mail provider given alone after the name of the address: the name found in the message
    before (an address, an ask, "my address is lena.hoffmann"), or a bare user name there after
    talk of e-mail ("Me manda por e-mail" / "Qual é?" / "julianamorais" / "no hotmail")."""
    m = _PROVIDER_FRAGMENT.search(text)
    if m is None or not (any(f.kind is Kind.EMAIL or (f.kind is Kind.INTENT and f.rule.startswith(
            ("intent.same_handle", "intent.ask_channel", "intent.offer_contact"))) for f in prev_found)
            or _ADDRESS_NAME_END.search(prev) is not None
            or (_BARE_NAME.match(prev) is not None and any(_MAIL_WORD.search(t) for t in earlier))):
        return []
    return [Finding(kind=Kind.INTENT, start=m.start("provider"), end=m.end(), text=m.group("provider"),
                    value=m.group("provider").lower(), rule="intent.mail_provider.context", score=0.7, message=k,
                    explanation="a mail provider completing the address the message before began")]


def _domain_fragment(k: int, text: str, messages: Sequence[str]) -> list[Finding]:
    """"it's a .io" after "the name is carterbuilds", in talk of the writer's own site ("my full
    portfolio is on my own site"): the name and the domain given apart make that site."""
    m = _DOMAIN_FRAGMENT.search(text)
    if m is None:
        return []
    name = _SITE_NAME.search(messages[k - 1])
    if name is None or not any(_SITE_WORD.search(t) for t in messages[max(0, k - 2):k]):
        return []
    site = f"{name.group('name').lower()}.{m.group('tld').lower()}"
    if is_reserved_example_domain(site):
        return []
    explanation = f"the writer's own site, its name and its domain given apart ({site})"
    return [Finding(kind=Kind.INTENT, start=name.start("name"), end=name.end("name"), text=name.group("name"),
                    value=site, rule="intent.site_name.context", score=0.7, message=k - 1, explanation=explanation),
            Finding(kind=Kind.INTENT, start=m.start("tld"), end=m.end("tld"), text=m.group("tld"), value=site,
                    rule="intent.site_name.context", score=0.7, message=k, explanation=explanation)]


def _country_code_apart(j: int, prev: str, k: int, text: str) -> list[Finding]:
    if "+" not in prev:
        return []
    opening = _OPENING_DIGITS.match(text)
    if opening is None:
        return []
    codes = list(_LONE_CODE.finditer(prev))
    if not codes:
        return []
    code = codes[-1]
    a, b = opening.span("digits")
    if _not_a_phone_piece(text, a, b) or _not_a_phone_piece(prev, code.start(), code.end()):
        return []
    if _PHONE_CUE.search(prev[code.end():] + " " + text) is None and text[b:].strip():
        return []
    digits = "".join(c for c in opening.group("digits") if c.isdigit())
    try:
        number = phonenumbers.parse("+" + code.group("cc") + digits, None)
    except phonenumbers.NumberParseException:
        return []
    if not phonenumbers.is_valid_number(number):
        return []
    value = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    rule = "phone.country_code.split"
    return [Finding(kind=Kind.PHONE, start=code.start(), end=code.end(), text=code.group(), value=value, rule=rule,
                    score=0.85, message=j),
            Finding(kind=Kind.PHONE, start=a, end=b, text=text[a:b], value=value, rule=rule, score=0.85, message=k)]


#: A short message ending in (or made of) one group of digits after an optional label: "next: 555",
#: "first 3 digits: 415", "pehla half 98201", "05842 pe call karo" (the group first, then words).
_LABELLED_PART = re.compile(
    r"^\s{0,3}(?P<label>[^\n]{0,30}?[^\d\s+(-][ \t:\-=>]{0,3})?(?P<digits>\+?\(?\d[\d \-]{0,10}\d)"
    r"(?P<tail>[ \t.,;!?][^\d\n]{0,40})?\s{0,3}$")


#: A longer message may open a labelled number when it ends with its first digits after "starts with"
#: ("Si quieres escríbeme, mi cel empieza con 55").
_STARTS_WITH = re.compile(r"\b(?:starts? with|begins? with|empieza con|comienza con|começa com|commence par|beginnt mit|"
                          r"inizia con)\s(?P<digits>\+?\d[\d \-]{0,6}\d)\W{0,3}$", re.IGNORECASE)


def _labelled_part(text: str) -> tuple[bool, int, int] | None:
    """(labelled, start, end) of a message that is a labelled digit group, else None."""
    if len(text) > 80 or len(text.split()) > _SHORT:
        m = _STARTS_WITH.search(text) if len(text) <= 160 else None
        return None if m is None else (True, m.start("digits"), m.end("digits"))
    m = _LABELLED_PART.match(text)
    if m is None:
        return None
    a = m.start("digits")
    if a >= 2 and text[a - 1] in ".-/:" and text[a - 2].isdigit():
        return None  # the last group of "10.0.19045.2965" or "2024-05-17": one number, not a piece
    b = m.end("digits")
    if (a >= 1 and (text[a - 1] == "_" or text[a - 1].isalpha())) or (
            b < len(text) and (text[b] == "_" or text[b].isalpha()
                               or (text[b] == "." and b + 1 < len(text) and text[b + 1].isalpha()))):
        return None  # digits inside a name: "IMG_20240315_123456.jpg"
    digits = sum(c.isdigit() for c in m.group("digits"))
    if not 2 <= digits <= 8:
        return None
    return bool(m.group("label") and m.group("label").strip()), m.start("digits"), m.end("digits")


def _is_fragment(text: str, start: int, end: int) -> bool:
    """The span is most of its message: at most two words around it ("my cell: 0803 555 1234")."""
    return len((text[:start] + " " + text[end:]).split()) <= 2


def _addresses_someone(text: str, start: int, end: int) -> bool:
    """An @mention opening its message, followed by a request or a comma: someone addressed."""
    return not text[:start].strip() and text[start:end].startswith("@") and VOCATIVE_AFTER.match(text, end) is not None


#: A message naming what the numbers after it are: a tracking, order or reference number.
_NUMBER_NAMED = re.compile(r"\b(?:tracking|track|order|invoice|ref|reference|sku|serial|awb|parcel|shipment|"
                           r"booking|confirmation|ticket|case|po)\b(?:\s?(?:no\.?|number|#|id|code))?\W{0,3}$",
                           re.IGNORECASE)


def _drop_test_numbers(findings: dict[tuple[int, int, int, str], Finding], messages: Sequence[str]) -> None:
    """Fictional phone numbers (555-01xx, 07700 900xxx, a counting run) in a message right after one
    about test data ("For the signup tests use test@example.com" / "and phone numbers 555-0100
    through 555-0199 only?"): the test talk of the message before covers them."""
    for key, f in list(findings.items()):
        if f.kind is not Kind.PHONE or not f.message or not is_fictional_number(re.sub(r"\D", "", f.text)):
            continue
        if any(mentions_test_data(messages[k].lower()) for k in range(max(0, f.message - 2), f.message)):
            del findings[key]


def _drop_numbers_named_before(findings: dict[tuple[int, int, int, str], Finding], messages: Sequence[str]) -> None:
    """Phone findings in messages that are only a number, right after a message that names a
    tracking, order or reference number ("tracking" / "1Z999AA1" / "0123456784"): the number's
    own message cannot say what it is, the one before does."""
    for key, f in list(findings.items()):
        if f.kind is not Kind.PHONE or f.message is None or f.message == 0:
            continue
        text = messages[f.message]
        if not _is_fragment(text, f.start, f.end):
            continue
        for k in range(f.message - 1, max(-1, f.message - 3), -1):
            prev = messages[k].strip()
            if _NUMBER_NAMED.search(prev):
                del findings[key]
                break
            if not _LABELLED_OR_CODE.fullmatch(prev):
                break  # only a piece of the same reference may stand between them


#: A message that is one code-like token ("1Z999AA1"): a piece of the reference before.
_LABELLED_OR_CODE = re.compile(r"[A-Za-z0-9\-#]{3,20}")
