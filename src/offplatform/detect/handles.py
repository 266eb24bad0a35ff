"""Handles on messaging apps and social networks: an app name, then the user's handle.

"telegram @olu_codes", "kik me tyler_b_dsgn", "sk¥pe: james.hartley.design", "ig: @the.copy.kitchen",
"@cakes.by.mira on tiktok", Skype ``live:`` ids, Discord ``name#1234``, Zoom meeting ids.
A handle needs an app name next to it (or an unmistakable shape such as ``live:...``); a bare
"@name" is how people address each other in chat and is not reported.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from functools import cache

from spellchecker import SpellChecker

from ..filters import is_content_for_the_work, mentions_test_data
from ..finding import Finding, Kind
from ..lexicon import MESSAGING_APPS, SOCIAL_NETWORKS, trie_regex
from ..normalize import NormalizedText
from ..normalize.text import word_set
from .domains import split_host
from .base import HANDLE_BIT, BaseDetector, LONG_TEXT, finditer_at, finditer_at_words, make_finding, text_shape

APP_OF: dict[str, tuple[Kind, str]] = {}
for _name, _spellings in MESSAGING_APPS.items():
    for _s in _spellings:
        APP_OF[_s] = (Kind.MESSAGING, _name)
for _name, _spellings in SOCIAL_NETWORKS.items():
    for _s in _spellings:
        APP_OF.setdefault(_s, (Kind.SOCIAL, _name))
# Names too common in prose to introduce a handle on their own ("line", "x", "signal", "snap", "meet").
PROSE_APP_NAMES = frozenset({"line", "x", "signal", "snap", "sc", "dc", "wa", "ws", "zap", "whats", "tele", "yt",
                          "threads", "imo", "messenger", "github", "hangouts", "google chat", "slack", "fb messenger",
                              "wx", "disc"})
_APPS = trie_regex(sorted(APP_OF, key=len, reverse=True))
# Ways people say "my X is", in several languages.
_LINK_WORDS = (
    r"(?:id|i\.d\.|name|user ?name|handle|acc|account|profile|is|es|é|est|ist|me|pe|par|mein|mi|my|on|at|"
    r"here|there|dm|add|ko|aku|aja|mo|sa|la|no|na|em|в|мне|my username|username is|id is|kak|as|under|called|"
    r"named|아이디|계정|アカウント|账号|帐号|の|は|是|号|为|為)"
)
_SEP = r"[ \t]{0,3}(?:[:=\-–>→]{1,2}|[ \t])[ \t]{0,3}"
#: A handle in dotted parts after "snap = " ("jay.r.films"): with a prose app name, "=" marks a handle only so
#: ("snap = true", "signal = strong" are settings)
_DOTTED_HANDLE = re.compile(r"[a-z][a-z0-9_]{0,29}(?:\.[a-z0-9_]{1,30}){1,3}")
_HANDLE = r"@?[a-z0-9_](?:[a-z0-9_.\-]{1,30}[a-z0-9_])"
_APP_THEN_HANDLE = re.compile(
    rf"\b(?P<app>{_APPS})\b(?P<glue>(?:{_SEP}{_LINK_WORDS}\b){{0,3}}{_SEP}|[ \t]{{0,2}}[:=][ \t]{{0,2}})"
    rf"(?P<handle>{_HANDLE})(?![\w@]|\.[a-z0-9])"
)
# The look-behinds of _HANDLE_THEN_APP and _AT_HANDLE come after the "@" (and look at the character
# before it): a pattern that opens with a literal lets the search jump from "@" to "@" instead of
# trying every position of the text. The matches are the same as with the look-behind first.
_HANDLE_THEN_APP = re.compile(
    rf"(?P<handle>@(?<![\w@]@)[a-z0-9_](?:[a-z0-9_.\-]{{1,30}}[a-z0-9_]))[ \t]{{1,3}}(?:on|in|at|via|en|em|sur|auf|pe|ng|sa|в|на)"
    rf"[ \t]{{1,3}}(?P<app>{_APPS})\b"
)
# "ana_b on insta", "reach me at ana_b on the gram": a handle marked as one (a digit, "_" or
# ".") before the app it is on
# the handle then " on ": searched back from an app name, which is rarer than a blank
_HANDLE_ON = re.compile(
    r"(?<![\w@./])(?P<handle>[a-z0-9_](?:[a-z0-9_.\-]{1,30}[a-z0-9_]))[ \t]{1,3}"
    r"(?:on|in|at|via|en|no|na|sur|auf|di|sa|kwa|на|в|على|عبر|في)[ \t]{1,3}(?:the[ \t])?$"
)
#: "insta@luna.draws.stuff": an app's name, "@", a handle (the normalizer's reading of "at sign").
_APP_AT_HANDLE = re.compile(rf"\b(?P<app>{_APPS})@(?P<handle>[a-z0-9_](?:[a-z0-9_.]{{0,30}}[a-z0-9_]))(?![\w@]|\.[a-z0-9])")
#: "snap me emmyk_2003", "tg me @artem_k": an app used as a verb, then the handle.
_APP_ME_HANDLE = re.compile(
    rf"\b(?P<app>{_APPS})\b[ \t](?:me|us)[ \t](?:on[ \t]|at[ \t])?"
    r"(?P<handle>@?[a-z0-9_](?:[a-z0-9_.\-]{1,30}[a-z0-9_]))(?![\w@]|\.[a-z0-9])")
#: What follows an @mention that opens a sentence to address someone ("@anna can you check",
#: "@ben, thanks"), not a handle given to be added.
VOCATIVE_AFTER = re.compile(
    r"[ \t]{0,2}(?:[,:](?![ \t]{0,2}(?:it'?s|that'?s|my|add|dm|text|message)\b)|(?:can you|could you|would you|will you|"
    r"please|pls|plz|did you|have you|are you|do you|thanks|thank you|what do you|when|how|where|why|let me know|lmk)\b)")
# "I'm ana_b everywhere (IG, TikTok)": one handle for every app
_EVERYWHERE = re.compile(
    r"\b(?:i'?m|i am|find me as|search(?: for)?|look for|my (?:handle|user ?name|name|id|tag) is)\s"
    r"(?P<handle>@?[a-z0-9_](?:[a-z0-9_.\-]{1,30}[a-z0-9_]))\s"
    r"(?:everywhere|on all (?:platforms|socials|apps|social media)|on every (?:platform|app|social))\b"
)
# "my linkedin is /in/ana-b-design": the profile path without the domain
# a token with a digit, "_" or "." inside: what a bare handle before " on <app>" must be
_MARKED_TOKEN = re.compile(r"[a-z0-9][_.][a-z0-9]|[a-z][0-9]|[0-9][a-z_]|_[a-z0-9]")
_EVERY_PLACE = frozenset({"platforms", "platform", "socials", "social", "apps", "app", "media"})
_LINKEDIN_PATH = re.compile(r"\blinked ?in\b[^\n]{0,20}?(?<![\w.])(?P<path>/?in/[a-z0-9][a-z0-9\-_%]{2,99})")
_SKYPE_LIVE = re.compile(r"(?<![\w.])live:[.a-z0-9_\-]{3,60}[a-z0-9_]")
_DISCORD_TAG = re.compile(r"(?<![\w@#])[a-z0-9_.]{2,32}#\d{4}(?!\d)")
# Gates true whenever the pattern below them can match: a tag's "#1234", a meeting id's digits.
_DISCORD_GATE = re.compile(r"#\d{4}")
_THREE_DIGITS = re.compile(r"\d{3}")
# _DISCORD_TAG in the shape of an ASCII text (base.text_shape: "a" a lowercase letter, "0" a digit):
# two name characters, "#", four digits and no fifth; searched from the literal "#0000" (a hex colour
# "#2361ca" after a blank is not a tag)
_DISCORD_SHAPE = re.compile(rb"#0000(?<=[a0_.][a0_.]#0000)(?!0)")
_ZOOM_ID = re.compile(
    r"\b(?:zoom|meeting|webinar)(?:[ \t]{0,2}(?:meeting|id|no|number|#)){0,2}[ \t:#.]{0,4}(?P<id>\d{3}[ \t\-]?\d{3,4}[ \t\-]?\d{3,4})(?!\d)"
)
#: "zoom at 5? sure, id 881 204 7736": a meeting id named "id" after the service was named (checked
#: by ``_MEETING_BEFORE`` in the 80 characters before)
_BARE_MEETING_ID = re.compile(r"\b(?:meeting )?id[ \t:#.]{0,4}(?P<id>\d{3}[ \t\-]?\d{3,4}[ \t\-]?\d{3,4})(?!\d)")
_MEETING_BEFORE = re.compile(r"\b(?:zoom|meeting|webinar)\b")
#: "ticket id 881 204 7736": the id of something else
_OTHER_ID_OWNER = re.compile(
    r"\b(?:ticket|order|invoice|tracking|user|customer|employee|transaction|case|bug|issue|session|account|client|"
    r"project|job|product|item|student|patient|member|device|chat|group|app|tax|vat|shipment|parcel|booking|"
    r"reference|ref|payment|request)\W{0,2}$")
_STOPWORDS = frozenset(
    "me is my the a an and or to for of on in at it if so we you your our this that there here then "
    "them him her his its not no yes ok okay pls please now later today tomorrow soon asap first "
    "chat call group app id name account username handle number same link profile dm dms message "
    "messages text only instead too also bro sir maam dear thanks thank hi hello hey is: with from "
    "business api bot bots integration web desktop mobile channel channels page pages video videos "
    "tonight later instead anytime sometime everyday daily asap right away ads ad post posts story stories reel reels content marketing campaign campaigns store shop "
    "group chats inbox status call calls voice clone login api's number's because but just".split()
)
_CONTACT_BEFORE = re.compile(
    r"\b(?:my|add|dm|message|msg|ping|find|reach|text|contact|hit|search|follow|catch|chat)\b"
    r"(?:[ \t]{1,2}(?:me|us))?(?:[ \t]{1,2}(?:up|on|at|in|via|over))?[ \t]{1,2}(?:the[ \t])?$"
)
# CSS and preprocessor at-rules are code, not handles
_AT_HANDLE = re.compile(
    r"@(?<![\w@.]@)(?!(?:media|import|font-face|keyframes|supports|page|charset|container|layer|tailwind|apply|"
    r"use|include|mixin|extend|forward|namespace|property)\b)[a-z0-9_](?:[a-z0-9_.\-]{1,30}[a-z0-9_])(?![\w@]|\.[a-z0-9])"
)
APP_MENTION = re.compile(rf"\b(?P<app>{_APPS})\b")
#: The message is about content being designed or filled in, not the writer's own accounts.
_MOCKUP = re.compile(r"\b(?:mockups?|mock-ups?|placeholders?|templates?|wireframes?|sample (?:text|handle|post)|"
                     r"dummy|lorem ipsum|in the design|on the flyer|on the banner|in the footer)\b")
#: A word of every alternative of _MOCKUP, as a substring: without one the pattern cannot match.
_MOCKUP_PARTS = ("mock", "placeholder", "template", "wireframe", "sample ", "dummy", "lorem ipsum", "design", "flyer",
                 "banner", "footer")


def _is_mockup(text: str) -> bool:
    """``_MOCKUP.search(text)``, after substring tests (a long text seldom holds any of them)."""
    for part in _MOCKUP_PARTS:
        if part in text:
            return _MOCKUP.search(text) is not None
    return False


JOB_TOPIC_AFTER = re.compile(r"^[ \t]{0,2}(?:api|bot|bots|integration|business|ads|marketing|clone|app|sdk|webhook|channel|group|"
                             r"folder|folders|export|exports|backup|backups|downloads?|directory|cache|settings)\b")


@cache
def _spelling() -> SpellChecker:
    return SpellChecker(language="en", distance=1)


def is_dictionary_word(word: str) -> bool:
    """An ordinary English word (pyspellchecker's frequency list), not a user name."""
    return word.isalpha() and bool(_spelling().known([word]))


#: Glue that ends with a possessive ("instagram is on my ..."): what follows is a thing of the writer's.
_POSSESSIVE_END = re.compile(r"\b(?:my|mi|mein|meine|mon|ma|meu|minha)[ \t]*$")


def _is_compound_word(word: str) -> bool:
    """Dictionary words joined by hyphens ("to-do", "follow-up", "sign-in")."""
    parts = word.split("-")
    return len(parts) > 1 and all(is_dictionary_word(p) for p in parts)


#: Every single word that names an app (the gate: no app word, no handle rule runs).
_APP_WORDS = frozenset(max(name.split(), key=len) for name in APP_OF)
_MEETING_WORDS = frozenset({"zoom", "meeting", "webinar"})
#: The first word of every app name ("fb messenger" -> "fb", "whatsapp'e" -> "whatsapp").
_APP_FIRST_WORDS = frozenset(re.match(r"\w+", name).group() for name in APP_OF)


#: Every position where ``\\b(?:_APPS)\\b`` matches (a zero-width search: overlapping app names
#: included), which is every position a pattern that starts with it can match at.
_APP_START_REFERENCE = re.compile(rf"(?=\b(?:{_APPS})\b)")
# The same positions as ``_APP_START_REFERENCE`` (each app name starts with a word character, so the
# "\b" before it is "no word character before"), found by a search that opens with a first letter
# of an app name: the engine skips to those letters, where a leading look-ahead is tried at every
# position (tests/test_hostile_paths.py holds the two to each other).
if not all(re.match(r"\w", app) for app in APP_OF):
    raise ValueError("app names start with a word character")
_APP_FIRST = "[" + re.escape("".join(sorted({app[0] for app in APP_OF}))) + "]"
_APP_START = re.compile(rf"{_APP_FIRST}(?<!\w{_APP_FIRST})(?<=(?=(?:{_APPS})\b){_APP_FIRST})")


#: App names sampled at the start of a long text before the full pass, and the density (one per this
#: many characters) above which the patterns scan the text themselves: a Python step per position
#: costs more than a regex pass when a text is made of app names.
_SAMPLE = 20000
_DENSE = 20


def _app_starts(text: str) -> list[int] | None:
    """The positions of ``_APP_START`` in ``text``, or None when they are dense (see ``_DENSE``);
    the last answer is kept (one slot, replaced in a single assignment), since one long text asks
    for them up to three times."""
    global _last_app_starts
    last = _last_app_starts
    if last[0] is text:
        return last[1]
    starts: list[int] | None = None
    sample = min(len(text), _SAMPLE)
    if len(_APP_START.findall(text, 0, sample)) * _DENSE <= sample:
        starts = [m.start() for m in _APP_START.finditer(text)]
        if len(starts) * _DENSE > len(text):
            starts = None
    _last_app_starts = (text, starts)
    return starts


_last_app_starts: tuple[str, list[int] | None] = ("", [])


def _at_app_names(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern that starts with ``\\b(?P<app>_APPS)\\b``: a match
    starts where a word of the text is the first word of an app name, so the pattern is tried
    there only (a few positions) instead of at every position of the message. On a long text
    (hostile input: app-like words every few characters) the positions come from one regex pass
    shared by the three patterns that ask for them."""
    if len(text) > LONG_TEXT:
        starts = _app_starts(text)
        return pattern.finditer(text) if starts is None else finditer_at(pattern, starts, text)
    return finditer_at_words(pattern, text, _APP_FIRST_WORDS.intersection(word_set(text)))


#: Every word one of the gates of HandleDetector.detect asks for.
_GATE_WORDS = _APP_WORDS | _MEETING_WORDS | {"everywhere"}


#: A role or a permission named after an @mention ("the @verified role", "@admin permissions").
_ROLE_AFTER = re.compile(r"[ \t]{1,2}(?:role|roles|rank|tag|permission|permissions|channel|group)\b")
#: Mentions that address everyone in a team chat (Slack, Discord, Teams), never a person's handle.
BROADCAST_MENTIONS = frozenset({"@channel", "@here", "@everyone", "@all", "@team",
                                # Telegram's own bots, named when a bot is the work
                                "@botfather", "@botfather.", "@userinfobot", "@getidsbot", "@jsondumpbot"})


def _looks_like_handle(bare: str) -> bool:
    """A digit, "_" or "." in it: a user name, not an ordinary word."""
    return any(c.isdigit() or c in "_." for c in bare)


#: More digit groups right after a digits-only "handle": it opens a phone number.
_MORE_DIGITS = re.compile(r"[ \t.\-]{1,2}\d")


class HandleDetector(BaseDetector):
    kinds = frozenset({Kind.MESSAGING, Kind.SOCIAL, Kind.MEETING})
    detail_gated = True  # its gates are a clause of detail_gate.detail_mask: keep them in step
    detail_bit = HANDLE_BIT

    def detect(self, nt: NormalizedText) -> Iterable[Finding]:
        """Gates first (an app's name, "everywhere" or "on all/every <platform>", "live:", a "#1234"
        tag, a meeting word with nine digits): most messages pass none and get an empty tuple without a generator."""
        text = nt.text
        words = word_set(text)
        if _GATE_WORDS.isdisjoint(words) and "live:" not in text and "#" not in text and "on all " not in text \
                and "on every " not in text:
            return ()  # most messages: no app, no "everywhere", no meeting word, no Skype id, no tag
        app = not _APP_WORDS.isdisjoint(words)
        if app or "everywhere" in words or "live:" in text:
            return self._detect(nt, words, app)
        if ("on all " in text or "on every " in text) and not _EVERY_PLACE.isdisjoint(words):
            return self._detect(nt, words, app)  # _EVERYWHERE's other endings: "on all apps", "on every platform"
        if "#" in text and (
            _DISCORD_SHAPE.search(text_shape(text)[0]) if text.isascii() else _DISCORD_GATE.search(text)
        ):
            return self._detect(nt, words, app)
        if not _MEETING_WORDS.isdisjoint(words) and text_shape(text)[1] >= 9:  # a meeting id: 9+ digits
            return self._detect(nt, words, app)
        return ()

    def _detect(self, nt: NormalizedText, words: frozenset[str], app: bool) -> Iterator[Finding]:
        text = nt.text
        if app and is_content_for_the_work(text):
            return  # "the client's Instagram is @acme_bakery, we'll post the designs there"
        if app:
            yield from self._app_handles(nt)
            for m in () if " me " not in text and " us " not in text else _at_app_names(_APP_ME_HANDLE, text):
                # "snap me emmyk_2003": the app as a verb, then the handle (even an app whose name is a word)
                bare = m.group("handle").lstrip("@")
                if bare.isdigit() and _MORE_DIGITS.match(text, m.end("handle")):
                    continue  # "whatsapp me 0733 561 208": the first group of a phone number (the phone detector's)
                if _looks_like_handle(bare) and bare not in APP_OF:
                    kind, name = APP_OF[m.group("app")]
                    yield make_finding(nt, kind, m.start("handle"), m.end("handle"), value=f"{name}:{bare}",
                                       rule=f"{kind}.handle.{name}.app_verb", score=0.85)
        if "@" in text and app:
            yield from self._at_handles_near_app(nt)
            for m in _at_app_names(_APP_AT_HANDLE, text):
                # "insta at sign luna dot draws dot stuff" reads "insta@luna.draws.stuff": no address
                # (no domain after the "@"), the app and its handle
                if split_host(m.group("handle"))[2] or m.group("app") in PROSE_APP_NAMES:
                    continue  # "insta@gmail.com" is an address; "sc@raper" is "scraper" in leet
                kind, name = APP_OF[m.group("app")]
                yield make_finding(nt, kind, m.start("handle") - 1, m.end("handle"), value=f"{name}:{m.group('handle')}",
                                   rule=f"{kind}.handle.{name}.at", score=0.85)
            for m in _HANDLE_THEN_APP.finditer(text):
                kind, name = APP_OF[m.group("app")]
                bare = m.group("handle").lstrip("@")
                yield make_finding(nt, kind, m.start("handle"), m.end("handle"), value=f"{name}:{bare}",
                                   rule=f"{kind}.handle.{name}", score=0.85)
        if app:
            mockup: bool | None = None  # _MOCKUP.search(text), asked once, when first needed
            for a in () if _MARKED_TOKEN.search(text) is None else _at_app_names(APP_MENTION, text):
                m = _HANDLE_ON.search(text, max(0, a.start() - 48), a.start())
                if m is None:
                    continue
                bare = m.group("handle")
                if not _looks_like_handle(bare) or bare in APP_OF:
                    continue
                if a.group("app") in PROSE_APP_NAMES or JOB_TOPIC_AFTER.match(text[a.end("app"):]):
                    continue
                if mockup is None:
                    mockup = _is_mockup(text)
                if mockup:
                    continue
                kind, name = APP_OF[a.group("app")]
                yield make_finding(nt, kind, m.start("handle"), m.end("handle"), value=f"{name}:{bare}",
                                   rule=f"{kind}.handle.{name}.before_app", score=0.8)
            if ("/in/" in text or "in/" in text) and "linked" in text:  # the pattern holds both
                for m in _LINKEDIN_PATH.finditer(text):
                    yield make_finding(nt, Kind.SOCIAL, m.start("path"), m.end("path"),
                                       value="linkedin:" + m.group("path").lstrip("/"), rule="social.link.linkedin.path",
                                       score=0.85)
        if "everywhere" in words or (("all" in words or "every" in words) and not _EVERY_PLACE.isdisjoint(words)):
            for m in _EVERYWHERE.finditer(text):
                bare = m.group("handle").lstrip("@")
                if not (m.group("handle").startswith("@") or _looks_like_handle(bare)):
                    continue
                yield make_finding(nt, Kind.SOCIAL, m.start("handle"), m.end("handle"), value=f"any:{bare}",
                                   rule="social.handle.everywhere", score=0.8)
        if "live:" in text:
            for m in _SKYPE_LIVE.finditer(text):
                yield make_finding(nt, Kind.MESSAGING, m.start(), m.end(), value=f"skype:{m.group()}",
                                   rule="messaging.skype_live_id", score=0.95)
        if "#" in text and _DISCORD_GATE.search(text):
            for m in _DISCORD_TAG.finditer(text):
                yield make_finding(nt, Kind.MESSAGING, m.start(), m.end(), value=f"discord:{m.group()}",
                                   rule="messaging.discord_tag", score=0.95)
        if not _MEETING_WORDS.isdisjoint(words) and _THREE_DIGITS.search(text) and not mentions_test_data(text):
            # (meeting ids in test data: "test data from the sandbox: meeting 111 222 3333")
            seen = set()
            for m in finditer_at_words(_ZOOM_ID, text, _MEETING_WORDS):
                digits = re.sub(r"\D", "", m.group("id"))
                if 9 <= len(digits) <= 11:
                    seen.add(m.start("id"))
                    yield make_finding(nt, Kind.MEETING, m.start("id"), m.end("id"), value=f"zoom:{digits}",
                                       rule="meeting.zoom_id", score=0.9)
            for m in () if "id" not in words else _BARE_MEETING_ID.finditer(text):
                digits = re.sub(r"\D", "", m.group("id"))
                if (9 <= len(digits) <= 11 and m.start("id") not in seen
                        and _MEETING_BEFORE.search(text, max(0, m.start() - 80), m.start()) is not None
                        and _OTHER_ID_OWNER.search(text, max(0, m.start() - 16), m.start()) is None):
                    yield make_finding(nt, Kind.MEETING, m.start("id"), m.end("id"), value=f"zoom:{digits}",
                                       rule="meeting.zoom_id.after", score=0.85)

    def _app_handles(self, nt: NormalizedText) -> Iterator[Finding]:
        text = nt.text
        for m in _at_app_names(_APP_THEN_HANDLE, text):
            app = m.group("app")
            handle = m.group("handle")
            bare = handle.lstrip("@")
            if bare in _STOPWORDS or bare in APP_OF or bare.replace("-", "").replace(".", "").replace(",", "").isdigit() or JOB_TOPIC_AFTER.match(text[m.end("app"):]):
                continue
            if text.startswith("/", m.end("handle")) and "." in bare:
                continue  # "github: github.com/kai": the start of a link, which the link detector reports whole
            glue = m.group("glue")
            marked = handle.startswith("@") or ":" in glue or "=" in glue or _looks_like_handle(bare)
            explicit_id = re.search(r"\b(?:id|name|user ?name|handle|is|es|ist|est)\b", glue) is not None
            contact_before = _CONTACT_BEFORE.search(text[max(0, m.start() - 24):m.start()]) is not None
            if contact_before:
                explicit_id = explicit_id or len(bare) >= 5
            named_id = re.search(r"\b(?:id|name|user ?name|handle)\b", glue) is not None
            # "on signal as bex.92": a marked handle introduced by "as", "under", "called"
            named_id = named_id or (
                _looks_like_handle(bare) and len(bare) >= 4 and any(c.isalpha() for c in bare)
                and re.search(r"\b(?:as|under|called|named)\b", glue) is not None
                and re.search(r"\b(?:on|my|in)[ \t]$", text[max(0, m.start() - 4):m.start()]) is not None)
            if app in PROSE_APP_NAMES and not (
                handle.startswith("@") or ":" in glue or ("=" in glue and _DOTTED_HANDLE.fullmatch(bare) is not None) or named_id
                or (contact_before and marked)
            ):
                continue
            if not marked and is_dictionary_word(bare):
                continue  # "my discord is down", "the signal is weak"
            if not marked and _POSSESSIVE_END.search(glue) and _is_compound_word(bare):
                continue  # "instagram is on my to-do list": a thing of mine, not a user name
            if not (marked or explicit_id):
                continue
            kind, name = APP_OF[app]
            score = 0.9 if marked else 0.7
            yield make_finding(nt, kind, m.start("handle"), m.end("handle"), value=f"{name}:{bare}",
                               rule=f"{kind}.handle.{name}", score=score)

    def _at_handles_near_app(self, nt: NormalizedText) -> Iterator[Finding]:
        """"Telegram pe aa jao ... @ankit_dev": an @handle in a message that names an app."""
        text = nt.text
        if _is_mockup(text):
            return  # "the Instagram handle in the mockup should be @brandname": content being designed
        handles = list(_AT_HANDLE.finditer(text))
        if not handles:
            return
        apps = [m for m in _at_app_names(APP_MENTION, text)
                if m.group("app") not in PROSE_APP_NAMES and not JOB_TOPIC_AFTER.match(text[m.end():])]
        app_starts = [a.start() for a in apps]  # ascending
        for h in handles:
            # the apps within 120 characters: a slice of the sorted list, not a pass over every app
            # per handle (quadratic on a long text full of both)
            hs = h.start()
            near = apps[bisect_left(app_starts, hs - 120):bisect_right(app_starts, hs + 120)]
            if _ROLE_AFTER.match(text, h.end()):
                continue  # "give the @verified role": a Discord role being set up, not a person
            if text.startswith("(", h.end()):
                continue  # "@app.route('/webhook')": a decorator in code
            if not near or h.group().lower() in BROADCAST_MENTIONS:
                continue  # no app near, or "@channel please review": a team chat's mention of everyone
            if VOCATIVE_AFTER.match(text, h.end()) and (not text[:hs].strip() or text[:hs].rstrip()[-1] in ".!?\n"):
                continue  # "@anna can you check the copy for the WhatsApp campaign?": someone addressed
            app = min(near, key=lambda a: abs(a.start() - hs)).group("app")
            kind, name = APP_OF[app]
            yield make_finding(nt, kind, h.start(), h.end(), value=f"{name}:{h.group()[1:]}",
                               rule=f"{kind}.handle.{name}.nearby", score=0.75)
