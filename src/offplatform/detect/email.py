"""E-mail addresses, including spelled-out ones ("john (at) g mail dot com") that the normalizer
has rewritten, and addresses whose provider is only named ("my gmail is tyler.b")."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ..filters import (
    COMPANY_DOMAINS,
    SERVICE_HOMES,
    is_content_for_the_work,
    is_documentation_host,
    is_quoted_content,
    is_own_platform_link,
    is_placeholder_address,
    is_reserved_example_domain,
)
from ..finding import Finding, Kind, ScamCategory
from ..lexicon import MAIL_PROVIDERS, trie_regex
from ..normalize import NormalizedText
from ..normalize.text import word_set
from .base import EMAIL_BIT, LONG_TEXT, BaseDetector, finditer_around, finditer_at_words, make_finding
from .domains import split_host

_LOCAL = r"[a-z0-9à-öø-ÿ](?:[a-z0-9à-öø-ÿ._%+\-]{0,63}[a-z0-9à-öø-ÿ_])?"
_EMAIL = re.compile(
    rf"(?<![\w.%+\-])(?P<local>{_LOCAL})@(?P<host>(?:[a-z0-9](?:[a-z0-9\-]{{0,62}}[a-z0-9])?\.){{1,6}}[a-z]{{2,24}})(?![\w\-@]|\.[a-z0-9])"
)
_PROVIDERS = trie_regex(p for p in MAIL_PROVIDERS if p.isalpha() and len(p) >= 4)
# "tyler.b@gmail" (no top-level domain written)
_IMPLIED = re.compile(rf"(?<![\w.%+\-])(?P<local>{_LOCAL})@(?P<provider>{_PROVIDERS})\b(?![.\-][a-z0-9])")
# "my gmail is tyler.b", "gmail: tyler.b", "yahoo id - tyler_b"
_NAMED = re.compile(
    rf"\b(?P<provider>{_PROVIDERS})(?:[ \t]{{0,2}}(?:id|address|account|acc|mail|handle|username))?"
    rf"[ \t]{{0,2}}(?:is|:|-|=|->|→|es|é|est|ist)[ \t]{{0,3}}(?P<local>[a-z0-9][a-z0-9._\-]{{2,40}}[a-z0-9])\b(?![@.]\w)"
)
# "é rafa.costa.fotografia, no gmail": the user name, then the provider after a preposition of place
# of another language ("no"/"na" pt, "en" es, "bei" de, "chez"/"sur" fr)
_NAME_THEN_PROVIDER = re.compile(
    rf"(?<![\w.@%+\-])(?P<local>[a-z0-9][a-z0-9._\-]{{2,40}}[a-z0-9]),?[ \t]{{1,2}}(?:no|na|en|em|bei|chez|sur)[ \t]"
    rf"(?P<provider>{_PROVIDERS})\b(?![.\-][a-z0-9])"
)
#: _NAME_THEN_PROVIDER's words of place: one is a whole word of every text it matches (blanks on
#: both sides), and without one the pattern, tried at every position, is not run.
_PLACE_WORDS = frozenset({"no", "na", "en", "em", "bei", "chez", "sur"})
_FILE_NAME = re.compile(r"\.(?:pdf|png|jpe?g|gif|docx?|xlsx?|csv|txt|zip|rar|mp[34]|mov|psd|ai|svg|pptx?|json|html?)$")
# "I use outlook btw. k.mensah.dev is the username", "my username is priya.nair.design, it's a
# gmail": the provider and the user name given apart (in one message or a conversation window)
_USERNAME = (
    r"(?:\b(?:my |the |email |e-mail |mail )?(?:user ?name|username|email name|login)\s(?:is|:|=|-)\s?"
    r"(?P<local>[a-z0-9][a-z0-9._\-]{2,40}[a-z0-9])\b(?![@.]\w)"
    r"|(?<![\w@.])(?P<local2>[a-z0-9][a-z0-9._\-]{2,40}[a-z0-9])\s(?:is|=)\s(?:the|my)\s(?:user ?name|username|"
    r"email name|login)\b)"
)
_PROVIDER_CLAIM = rf"\b(?:i use|i'?m on|i am on|it'?s (?:a|an|on)|it is (?:a|an|on)|on|at|via)\s(?P<provider>{_PROVIDERS})\b"
_SPLIT_NAMED = re.compile(
    _USERNAME + r"(?:[^\n]|\n){0,60}?" + _PROVIDER_CLAIM.replace("P<provider>", "P<provider2>")
    + "|" + _PROVIDER_CLAIM + r"(?:[^\n]|\n){0,60}?" + _USERNAME.replace("P<local>", "P<local3>").replace("P<local2>", "P<local4>")
)
#: "my email is 'kwame.asante' then the usual gmail ending": the name part given as the address,
#: the provider said in words after it
_LOCAL_THEN_PROVIDER = re.compile(
    r"\b(?:e-?mail|mail|correo|email address)\s(?:is|es|é|ist|est|:)\s?['\"‘“]?"
    r"(?P<local>[a-z0-9][a-z0-9._\-]{2,40}[a-z0-9])['\"’”]?(?![@.\w])"
    rf"[^\n@]{{0,40}}?\b(?P<provider>{_PROVIDERS})[ \t]?(?:ending|domain|address|account|one|suffix|at the end)\b"
)
#: "my mail is on hotmail beatrice_m88", "i'm on hotmail as bea.m88": the provider, then the name part
#: (marked as a user name by a digit, "_" or ".": read below)
_ON_PROVIDER_LOCAL = re.compile(
    r"\b(?:(?:e-?mail|mail|address|inbox)(?:\s(?:is|id))?|i'?m|i am|reach me|write (?:to )?me|contact me)\s"
    rf"(?:on|at|via|use|using)\s(?P<provider>{_PROVIDERS})\s(?:as\s)?"
    r"(?P<local>[a-z0-9][a-z0-9._\-]{2,40}[a-z0-9])\b(?![@.]\w)(?!\s(?:folder|label|labels|tab|thread|drafts?|inbox|filter))"
)
#: Hinglish "mail kar do ankitasharma92 pe, gmail wala": the name part, "on" it, "the gmail one"
_LOCAL_PE_PROVIDER = re.compile(
    r"\b(?:e-?mail|mail)\s(?:kar\w{0,3}\s|bhej\w{0,3}\s)?(?:do\s|dena\s|dijiye\s)?"
    r"(?<![\w.@%+\-])(?P<local>[a-z0-9][a-z0-9._\-]{2,40}[a-z0-9])\s(?:pe|par)\b,?\s"
    rf"(?P<provider>{_PROVIDERS})\s(?:wala|wali|waala|waali|wale|id|account)\b"
)
_CUE = re.compile(r"\b(?:e-?mail|mail|correo|почта|courriel|write|reach|contact|send|inbox|address)\b")
_GIT_REMOTE_AFTER = re.compile(r":[\w./~-]")
_COMMON_WORDS = re.compile(
    r"^(?:look|looking|me|us|you|him|her|them|it|this|that|here|there|home|work|least|most|all|"
    r"once|first|last|best|worst|night|noon|times|google|the|a|an|our|your|my|his|their|same|name|"
    r"username|user|mine|this|it)$"
)
#: Words a spelled "at" follows when it says where or when, not whose address: a day or a time.
_TIME_WORDS = frozenset("""monday tuesday wednesday thursday friday saturday sunday today tomorrow tonight weekend
    morning evening afternoon week month year""".split())
#: A noun phrase's opening before the word: "the team inbox at gmail" names a mailbox, not an address.
_DETERMINER_BEFORE = re.compile(r"\b(?:the|our|their|its|this|that|these|those|a|an)\s(?:[a-z]{2,20}\s)?$")


def _is_word_at_a_place(nt: NormalizedText, m: re.Match[str]) -> bool:
    """``local@provider`` whose "@" the writer spelled ("at"), whose local part is a plain word
    (no digit, dot or underscore) that is a day or time, or opens with a determiner: the "at"
    says where or when ("the team inbox at gmail", "out Monday at outlook")."""
    at = m.start("provider") - 1
    if nt.is_verbatim(at, at + 1):
        return False
    local = m.group("local")
    if not local.isalpha():
        return False
    if local in _TIME_WORDS:
        return True
    start = m.start("local")
    return _DETERMINER_BEFORE.search(nt.text, max(0, start - 32), start) is not None


#: An address written right to left: a reversed top-level domain first ("moc.liamg@sregor.leah").
_REVERSED = re.compile(r"(?<![\w.@])(?:moc|ten|gro|ude|oi|oc|ku\.oc|ni\.oc|rb\.moc|ua\.moc|ed|rf|se|ti|ln|lp)"
                       r"\.[a-z0-9\-]{2,40}@[a-z0-9._%+\-]{1,64}(?![\w@])")
#: Every match starts with one of these (the pattern runs only when the text holds one).
_REVERSED_HINTS = ("moc.", "ten.", "gro.", "ude.", "oi.", "oc.", "ku.", "ni.", "rb.", "ua.", "ed.", "rf.", "se.",
                   "ti.", "ln.", "lp.")
_PROVIDER_STOPWORDS = {"is", "the", "and", "or", "me", "not", "was", "for", "account", "address", "only"}


#: The longest local part _LOCAL matches: an address starts at most this far before its "@".
_MAX_LOCAL = 65


#: What _LOCAL matches: a local part is a run of these characters just before its "@".
_LOCAL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789._%+-"
                         + "".join(chr(c) for c in range(ord("à"), ord("ö") + 1))
                         + "".join(chr(c) for c in range(ord("ø"), ord("ÿ") + 1)))


def _around_ats(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    r"""``pattern.finditer(text)`` for _EMAIL and _IMPLIED, which open with
    ``(?<![\\w.%+\\-])(?P<local>_LOCAL)@``.

    A chat message: the pattern is tried at one position per "@", the start of the run of
    _LOCAL_CHARS that ends at it. No other start can match: a start inside the run has a run
    character before it, and every run character is one the look-behind forbids (``\\w``, ".",
    "%", "+", "-"); a run longer than _MAX_LOCAL leaves no start at all. (A search from 65
    characters before the "@" tries every position there, each with a greedy local part that
    backs off to the "@": most of an address's cost.) A long text dense in "@" (hostile input: an
    "@" every few characters) takes ``finditer_around``, one search per match, where a Python step
    per "@" would cost more."""
    if len(text) > LONG_TEXT and text.count("@") * _DENSE_AT > len(text):
        return finditer_around(pattern, text, "@", _MAX_LOCAL)
    return _at_run_starts(pattern, text)


#: A long text with more than one "@" per this many characters is searched by ``finditer_around``.
_DENSE_AT = 32


def _at_run_starts(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    end = 0
    at = text.find("@")
    while at >= 0:
        s = at
        limit = max(end, at - _MAX_LOCAL - 1)
        while s > limit and text[s - 1] in _LOCAL_CHARS:
            s -= 1
        # s: the start of the run, or the limit (a run reaching back past the limit: the end of the
        # previous match, where finditer resumes, or more than _MAX_LOCAL characters)
        if at - s <= _MAX_LOCAL and s >= end:
            m = pattern.match(text, s)
            if m is not None:
                yield m
                end = m.end()
                at = text.find("@", end)
                continue
        at = text.find("@", at + 1)



class EmailDetector(BaseDetector):
    kinds = frozenset({Kind.EMAIL, Kind.SCAM})
    detail_gated = True  # its gates are a clause of detail_gate.detail_mask: keep them in step
    detail_bit = EMAIL_BIT

    def detect(self, nt: NormalizedText) -> Iterable[Finding]:
        """Gates first: an "@", or a mail provider's name among the words; most messages have
        neither and get an empty tuple without a generator."""
        text = nt.text
        if "@" in text or not _PROVIDER_WORDS.isdisjoint(word_set(text)):
            return self._detect(nt)
        return ()

    def _detect(self, nt: NormalizedText) -> Iterator[Finding]:
        text = nt.text
        has_at = "@" in text
        if has_at:
            for m in _around_ats(_EMAIL, text):
                finding = self._full_address(nt, m)
                if finding is not None:
                    yield finding
                    if self._poses_as_platform(m.group("local"), m.group("host")):
                        yield make_finding(nt, Kind.SCAM, m.start(), m.end(), value=finding.value,
                                           rule="scam.phishing.platform_sender", score=0.9,
                                           category=ScamCategory.PHISHING)
            # "moc.liamg@sregor.leah <- read it backwards": an address written right to left
            for m in _REVERSED.finditer(text) if len(text) <= 2000 and any(h in text for h in _REVERSED_HINTS) else ():
                forward = m.group()[::-1]
                if _EMAIL.fullmatch(forward):
                    yield make_finding(nt, Kind.EMAIL, m.start(), m.end(), value=forward,
                                       rule="email.reversed", score=0.85)
            # "name@gmail": the provider after the "@" is a whole word of the text
            for m in () if _PROVIDER_WORDS.isdisjoint(word_set(text)) else _around_ats(_IMPLIED, text):
                local, provider = m.group("local"), m.group("provider")
                if _COMMON_WORDS.match(local):
                    continue  # "same as my name here at gmail" points at an address without giving it
                if _is_word_at_a_place(nt, m):
                    continue  # "the team inbox at gmail", "it goes out Monday at outlook"
                yield make_finding(
                    nt, Kind.EMAIL, m.start(), m.end(), value=f"{local}@{provider}.com",
                    rule="email.provider_implied", score=0.8,
                )
        if not _PROVIDER_WORDS.isdisjoint(word_set(text)):
            # _NAMED opens with \b and a provider's name: tried only where one starts a word
            for m in finditer_at_words(_NAMED, text, _PROVIDER_WORDS):
                local = m.group("local")
                if local in _PROVIDER_STOPWORDS or not any(c.isdigit() or c in "._" for c in local) and len(local) < 5:
                    continue
                provider = m.group("provider")
                yield make_finding(
                    nt, Kind.EMAIL, m.start("local"), m.end("local"),
                    value=f"{local}@{provider}.com", rule="email.provider_named", score=0.7,
                )
            for m in () if _PLACE_WORDS.isdisjoint(word_set(text)) else _NAME_THEN_PROVIDER.finditer(text):
                local = m.group("local")
                if (local in _PROVIDER_STOPWORDS or not any(c.isdigit() or c in "._" for c in local)
                        or _FILE_NAME.search(local)):
                    continue  # "guardei o arquivo_v2.pdf no gmail": a file kept there
                yield make_finding(
                    nt, Kind.EMAIL, m.start("local"), m.end("local"),
                    value=f"{local}@{m.group('provider')}.com", rule="email.provider_named", score=0.7,
                )
            for m in () if ("name" not in text and "login" not in text) else _SPLIT_NAMED.finditer(text):
                group = next(g for g in ("local", "local2", "local3", "local4") if m.group(g))
                local = m.group(group)
                if local in _PROVIDER_STOPWORDS or not any(c.isdigit() or c in "._-" for c in local):
                    continue  # "the login is fine now, I use gmail": a user name has a digit or a dot
                pgroup = "provider" if m.group("provider") else "provider2"
                value = f"{local}@{m.group(pgroup)}.com"
                # both halves are the address: across messages each names its own message
                for g in sorted((group, pgroup), key=m.start):
                    yield make_finding(nt, Kind.EMAIL, m.start(g), m.end(g), value=value,
                                       rule="email.provider_named.apart", score=0.7)
            for m in () if "mail" not in text and "correo" not in text else (
                    *_LOCAL_THEN_PROVIDER.finditer(text), *_LOCAL_PE_PROVIDER.finditer(text),
                    *_ON_PROVIDER_LOCAL.finditer(text)):
                local = m.group("local")
                if local in _PROVIDER_STOPWORDS or not any(c.isdigit() or c in "._" for c in local):
                    continue  # "my email is fine, gmail domain works": a user name has a digit or a dot
                yield make_finding(nt, Kind.EMAIL, m.start("local"), m.end("local"),
                                   value=f"{local}@{m.group('provider')}.com", rule="email.provider_named.after",
                                   score=0.7)

    def _poses_as_platform(self, local: str, host: str) -> bool:
        """An address off the platform's domains whose name carries the platform's name
        ("marketplace-payments@protonmail.com" for marketplace.example): a sender posing as the
        platform, the phishing of release links and "verification" mails."""
        for own in self.config.own_domains:
            name = own.split(".")[0]
            if len(name) >= 5 and name in local.replace(".", "").replace("-", "").replace("_", "") and not (
                    host == own or host.endswith("." + own)):
                return True
        return False

    def _full_address(self, nt: NormalizedText, m: re.Match[str]) -> Finding | None:
        text = nt.text
        local, host = m.group("local"), m.group("host")
        _, domain, suffix = split_host(host)
        if not suffix or not domain:
            return None
        if is_reserved_example_domain(host) or is_own_platform_link(host, self.config.own_domains):
            return None
        if is_placeholder_address(local, host, text) or is_content_for_the_work(text) or is_quoted_content(
                text, m.start()):
            return None
        if _GIT_REMOTE_AFTER.match(text, m.end()):
            return None  # git@github.com:org/repo.git is an SSH remote, not an address
        at = m.start("host") - 1
        spelled_at = not nt.is_verbatim(at, at + 1)
        score = 0.95
        rule = "email.address"
        if spelled_at:
            rule = "email.spelled"
            dot = m.end("host") - len(suffix) - 1
            spelled_dot = any(c.isalpha() for c in nt.original_text(dot, dot + 1))
            provider = domain in MAIL_PROVIDERS
            odd_local = any(c.isdigit() or c in "._-" for c in local)
            cue = _CUE.search(text[max(0, m.start() - 40):m.start()]) is not None
            if not (provider or spelled_dot or odd_local or cue) or (
                _COMMON_WORDS.match(local) and not (provider or cue)
            ):
                return None  # "look at google.com" is not an address
            registered = f"{domain}.{suffix}"
            if not odd_local and (registered in SERVICE_HOMES or registered in COMPANY_DOMAINS
                                  or is_documentation_host(host)):
                return None  # "I worked at Booking.com", "the docs at docs.acme-tools.com": a place, not a mailbox
            score = 0.85
        return make_finding(
            nt, Kind.EMAIL, m.start(), m.end(), value=f"{local}@{host}", rule=rule, score=score
        )


_PROVIDER_WORDS = frozenset(p for p in MAIL_PROVIDERS if p.isalpha() and len(p) >= 4)
