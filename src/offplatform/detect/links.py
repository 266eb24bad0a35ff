"""Links: URLs, bare domains and app URIs, classified by where they lead.

A link to a messaging app (t.me/..., wa.me/..., discord.gg/...) is ``messaging``; to a social
profile ``social``; to a meeting ``meeting``; to a payment page ``payment``; anything else that
leads to a person or another site is ``url``. Links to the platform itself, to allow-listed
domains and to documentation domains are not reported; a host that imitates the platform's own
domain is reported as ``url`` together with a ``scam`` finding (phishing).
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterable, Iterator
from urllib.parse import urlsplit

from ..filters import (
    is_company_name,
    is_documentation_host,
    is_content_for_the_work,
    is_allowed_domain,
    is_link_for_the_page,
    is_own_platform_link,
    is_reserved_example_domain,
    is_service_home,
    is_test_data,
    is_work_material_link,
)
from ..finding import Finding, Kind, ScamCategory
from ..lexicon import MAIL_PROVIDERS
from ..normalize import NormalizedText
from .base import LINK_BIT, BaseDetector, make_finding
from .cues import clause_bounds
from .domains import MARKETPLACES, PROFILE_PATH_REQUIRED, SHORTENERS, registered_domain, service_for, split_host

_PATH = r"(?:[/?#][^\s<>\"'`]{0,2000})?"
_HOST = r"(?:[a-z0-9](?:[a-z0-9\-]{0,62}[a-z0-9])?\.){1,8}[a-z][a-z0-9\-]{1,23}"
_LINK = re.compile(
    rf"(?P<scheme>\bhttps?://|\bftp://)(?P<host1>{_HOST}|\[[0-9a-f:]{{2,45}}\]|\d{{1,3}}(?:\.\d{{1,3}}){{3}})(?::\d{{1,5}})?{_PATH}"
    rf"|(?<![\w@.\-/])(?P<host2>{_HOST})(?::\d{{1,5}})?(?P<path2>{_PATH})"
)
#: A host right after a spelled "at" ("see my work at lucasreyes.com", normalized "work@lucasreyes.com"):
#: ``_LINK``'s bare-host alternative without its look-behind, with the same groups.
_LINK_AFTER_AT = re.compile(
    rf"(?:(?P<scheme>(?!))(?P<host1>(?!)))?(?P<host2>{_HOST})(?::\d{{1,5}})?(?P<path2>{_PATH})"
)
#: At most this many spelled "at"s of a message are read for a host after them (a chat message has a few).
_AT_HOSTS_MAX = 16
_URI = re.compile(
    r"\b(?P<scheme>tg|whatsapp|viber|skype|weixin|line|signal|sgnl|discord|zoommtg|msteams|fb-messenger|kik)"
    r":(?://)?(?P<rest>[^\s<>\"'`]{2,500})"
)
# "x.y": searched from the dot (a literal the engine jumps to), the letter or digit before it checked behind.
_DOTTED = re.compile(r"\.(?<=[a-z0-9]\.)[a-z]")
# a scheme's last letter then ":" (searched from the ":", a literal the engine jumps to)
_LETTER_COLON = re.compile(r":(?<=[a-z]:)")
_URI_GATE = re.compile(r"(?:tg|whatsapp|viber|skype|weixin|line|signal|sgnl|discord|zoommtg|msteams|messenger|kik):")
_TRAILING = ".,;:!?)]}'\"*"
# Common file-name endings that are also country TLDs: "main.py", "README.md", "photo.ai".
_FILE_SUFFIXES = frozenset(
    "py md sh rs pl js ts cs go rb php sql ai ps psd pdf doc docx xls xlsx csv txt zip rar png jpg jpeg gif"
    " svg mp4 mov mp3 wav json yaml yml xml html htm css java kt swift c h cpp so dll exe apk ipa bin iso"
    " log ini cfg conf env lock tf fig sketch xd indd eps tif tiff webp heic dmg pkg deb rpm jar war"
    " ipynb r m am pm ac ad".split()
)
#: "SmsSender.java:88": a file and a line in it, not a host and a port
_LINE_REF = re.compile(r":\d{1,6}(?::\d{1,4})?")
#: Container registries: "ghcr.io/acme/api:1.14.2" is an image to pull, never a way to reach someone.
_REGISTRY_HOSTS = frozenset({"ghcr.io", "docker.io", "index.docker.io", "registry.hub.docker.com", "quay.io", "gcr.io",
                             "registry.gitlab.com", "public.ecr.aws", "mcr.microsoft.com", "registry.k8s.io"})
_REGISTRY_SUFFIXES = (".azurecr.io", ".pkg.dev", ".gcr.io")
#: First labels of a host that is infrastructure ("smtp.mailgun.org", "api.telegram.org"), not a page.
_INFRA_LABELS = frozenset({"smtp", "imap", "pop", "pop3", "mx", "ns1", "ns2", "ftp", "sftp", "cdn", "s3", "api", "ws",
                           "wss", "grpc", "webhook", "webhooks", "hooks"})
#: Click-to-chat links on an "api." host ("api.whatsapp.com/send?phone=..."): a way to reach someone.
_CLICK_TO_CHAT_HOSTS = frozenset({"api.whatsapp.com"})
#: Telegram's own pages under t.me ("t.me/share/url?...": the share intent), not a user or a group.
_TELEGRAM_SYSTEM_PATHS = frozenset({"share", "addstickers", "addemoji", "addtheme", "iv", "proxy", "socks",
                                    "setlanguage", "login", "confirmphone", "bg"})
#: The link is the value of a page's attribute being fixed ("the iframe src is calendly.com/...").
_ATTRIBUTE_BEFORE = re.compile(r"\b(?:src|href|action|frame-src|embed(?:ded)? (?:url|code|link))\s?(?:is|=|:)?\s?[\"']?$")
#: "t.me/brightkettle_news (that's the company channel)": the business's own channel, as content.
_COMPANY_CHANNEL = re.compile(r"\b(?:the|our)\s(?:company|brand|public|official|announcements?)\s(?:\w{1,12}\s)?channel\b")
_LINK_TLDS = frozenset(
    "com net org io co me ly app dev site online store shop xyz info biz link page pro tech ai gg tv us uk"
    " ca de fr es it br in ng ke za ph id vn tr ru ae pk bd au mx ar pt pl nl be ch at se no dk fi ie nz"
    " sg my eg sa lk np cc to so digital studio design agency art blog website world space live cloud"
    " social media chat group work works tools club host top icu cn jp kr hk tw gl gle".split()
)
_LOOKALIKE_FOLD = str.maketrans({"0": "o", "1": "l", "3": "e", "5": "s", "-": ".", "_": "."})


_LABEL_DOT = re.compile(r"\.(?<=[a-z0-9]\.)[a-z0-9]")
_LABEL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")
_NOT_BEFORE_HOST = re.compile(r"[\w@.\-/]")
#: More candidate host starts than one per this many characters (a text made of "a.a.a."): one
#: regex pass over the text costs less than a Python step per start.
_DENSE = 16
#: ... (a chat message can have this many), judged first on this many characters of a long text.
_FEW = 64
_SAMPLE = 20000


def _label_starts(text: str) -> Iterator[int]:
    """Where a bare host (``_LINK``'s second alternative) can start, ascending: at the start of a
    label that a dot follows ("www" and "google" in "www.google.com") with no word character, "@",
    ".", "-" or "/" before it. Each such dot is found by ``_LABEL_DOT``, the label walked back from
    it (the labels before two dots never overlap: the starts ascend)."""
    for d in _LABEL_DOT.finditer(text):
        q = d.start()
        while q > 0 and text[q - 1] in _LABEL_CHARS:
            q -= 1
        if q == 0 or not _NOT_BEFORE_HOST.match(text, q - 1):
            yield q


def _scheme_starts(text: str) -> Iterator[int]:
    """Where a scheme (``_LINK``'s first alternative) can start, ascending: at the "https", "http"
    or "ftp" just before a "://"."""
    i = text.find("://")
    while i >= 0:
        for name in ("https", "http", "ftp"):  # the longest first: ascending positions
            if text.startswith(name, i - len(name)):
                yield i - len(name)
        i = text.find("://", i + 3)


def _link_starts(text: str, scheme: bool) -> Iterator[int]:
    """Every position where ``_LINK`` can match (a superset), ascending; ``scheme``: "://" is in the
    text (otherwise the first alternative cannot match)."""
    return heapq.merge(_label_starts(text), _scheme_starts(text)) if scheme else _label_starts(text)


def _links(text: str, scheme: bool) -> Iterator[re.Match[str]]:
    """``_LINK.finditer(text)``: the pattern tried at the positions where it can match (see
    ``_link_starts``) instead of at every position of the text. Lazy, like ``finditer`` (the
    scanner stops a detector at its cap of findings). A text with more candidate starts than one
    per _DENSE characters (judged on its first _SAMPLE characters, then as they come) is left to
    ``finditer``, one regex pass, from where the positions got to."""
    n = len(text)
    if n > _SAMPLE and (len(_LABEL_DOT.findall(text, 0, _SAMPLE))
                        + (text.count("://", 0, _SAMPLE) if scheme else 0)) * _DENSE > _SAMPLE:
        return _LINK.finditer(text)  # dense from the start
    return _links_at(text, scheme, max(_FEW, n // _DENSE))


def _links_at(text: str, scheme: bool, cap: int) -> Iterator[re.Match[str]]:
    end = 0
    tried = 0
    for pos in _link_starts(text, scheme):
        if pos < end:
            continue
        tried += 1
        if tried > cap:
            # dense after all: every start before ``pos`` was tried, so no match starts in
            # [end, pos); finditer from there gives the rest
            yield from _LINK.finditer(text, pos)
            return
        m = _LINK.match(text, pos)
        if m is not None:
            yield m
            end = m.end()


def _bare_links(text: str) -> Iterator[re.Match[str]]:
    """``_LINK.finditer(text)`` for a text without "://" (see ``_links``)."""
    return _links(text, False)


class LinkDetector(BaseDetector):
    kinds = frozenset({Kind.URL, Kind.MESSAGING, Kind.SOCIAL, Kind.MEETING, Kind.PAYMENT, Kind.SCAM})
    detail_gated = True  # its gates are a clause of detail_gate.detail_mask: keep them in step
    detail_bit = LINK_BIT

    def detect(self, nt: NormalizedText) -> Iterable[Finding]:
        """Gates first: "://", a dot between a letter or digit and a letter, an app's URI scheme
        (only after a letter then ":", which times like "10:15" are not); most messages pass none
        and get an empty tuple without a generator."""
        text = nt.text
        scheme = dotted = uris = False
        if "." in text:
            if "://" in text:
                scheme = True
            else:
                dotted = _DOTTED.search(text) is not None
        if ":" in text and _LETTER_COLON.search(text) is not None:
            uris = _URI_GATE.search(text) is not None
        if scheme or dotted or uris:
            return self._detect(nt, scheme, dotted, uris)
        if "." in text and ("/" in text or "slash" in text):
            return self._spaced(nt)  # "t . me / ravi_fixes_bugs": no dot touches a letter on both sides
        if "." in text and "www" in text:
            return self._spaced_www(nt)  # "www . sandoval-foto . mx"
        return ()

    def _spaced_www(self, nt: NormalizedText) -> Iterator[Finding]:
        """A site written with blanks around its dots after "www" ("www . sandoval-foto . mx"): the
        "www" says it is a site, however the dots are spaced."""
        for m in _SPACED_WWW.finditer(nt.text):
            host = f"www.{m.group('name')}.{m.group('tld').replace(' ', '')}"
            _, domain, suffix = split_host(host)
            if not domain or not suffix or suffix.rsplit(".", 1)[-1] not in _LINK_TLDS:
                continue
            if is_own_platform_link(host, self.config.own_domains) or is_allowed_domain(
                    host, self.config.allowed_domains) or is_reserved_example_domain(host):
                continue
            yield make_finding(nt, Kind.URL, m.start(), m.end(), value=f"https://{host}", rule="url.link.spaced",
                               score=0.85)

    def _spaced(self, nt: NormalizedText) -> Iterator[Finding]:
        """An app's link written with blanks around its dot and slash, or "slash" spelled out
        ("t . me / ravi_fixes_bugs", "instagram.com slash the.carla.edits")."""
        for m in _SPACED_APP_LINK.finditer(nt.text):
            host = f"{m.group('host')}.{m.group('tld')}"
            service = service_for(host)
            if service is None:
                continue
            kind, name = service
            yield make_finding(nt, kind, m.start(), m.end(), value=f"https://{host}/{m.group('path')}",
                               rule=f"{kind}.link.{name.replace(' ', '_')}.spaced", score=0.9)

    def _detect(self, nt: NormalizedText, scheme: bool, dotted: bool, uris: bool) -> Iterator[Finding]:
        text = nt.text
        if scheme or dotted:
            for m in _links(text, scheme):
                yield from self._link(nt, m)
            if dotted and text.count("@") > nt.original.count("@"):
                yield from self._after_spelled_at(nt)
        if uris:
            for m in _URI.finditer(text):
                yield from self._uri(nt, m)
        if "/" in text or "slash" in text:
            yield from self._spaced(nt)

    def _link(self, nt: NormalizedText, m: re.Match[str], after_at: bool = False) -> Iterator[Finding]:
        start, end = m.span()
        while end > start and nt.text[end - 1] in _TRAILING:
            end -= 1
        raw = nt.text[start:end]
        explicit = m.group("scheme") is not None
        host = (m.group("host1") or m.group("host2") or "").strip("[]")
        path = raw.split(host, 1)[1] if host and host in raw else ""
        if not explicit and not after_at and nt.text[max(0, start - 1):start] == "@":
            return
        if host.replace(".", "").isdigit():
            return  # an IP address: infrastructure talk, not a contact detail
        _, domain, suffix = split_host(host)
        if not domain or not suffix:
            return
        if not explicit and not raw.startswith("www."):
            # bare "name.tld": file names and sentence typos are not links
            last = suffix.rsplit(".", 1)[-1]
            if last in _FILE_SUFFIXES and (not path or _LINE_REF.fullmatch(path)):
                return
            if last not in _LINK_TLDS and not path:
                return
            if not nt.is_verbatim(start, end) and not path and not (
                    "-" in domain or any(c.isdigit() for c in domain) or "." in suffix
                    or _SITE_CUE.search(nt.text, max(0, start - 40), start) is not None
                    or _SPACED_PATH.match(nt.text, end) is not None):
                return  # "dot" spelled out around an ordinary word pair, nothing saying it is a site
        if is_own_platform_link(host, self.config.own_domains) or is_allowed_domain(
            host, self.config.allowed_domains
        ) or is_reserved_example_domain(host):
            return
        canonical = ("https://" if not explicit else "") + raw
        lookalike = self._imitates_own_domain(host)
        if lookalike:
            yield make_finding(nt, Kind.URL, start, end, value=canonical, rule="url.lookalike_platform", score=0.95)
            yield make_finding(
                nt, Kind.SCAM, start, end, value=host, rule="scam.phishing.lookalike_domain", score=0.95,
                category=ScamCategory.PHISHING,
            )
            return
        if is_link_for_the_page(nt.text, start):
            return  # "link the Instagram icon to instagram.com/ourbakery": a link the page carries
        if host in _REGISTRY_HOSTS or host.endswith(_REGISTRY_SUFFIXES):
            return  # "image: ghcr.io/acme/api:1.14.2": a container image
        if host.split(".", 1)[0] in _INFRA_LABELS and host.count(".") >= 2 and host not in _CLICK_TO_CHAT_HOSTS:
            return  # "ENOTFOUND smtp.mailgun.org", "api.telegram.org/bot<TOKEN>": a machine's address
        if _ATTRIBUTE_BEFORE.search(nt.text, max(0, start - 30), start) is not None:
            return  # "the iframe src is calendly.com/acme/demo": a page's attribute being fixed
        service = service_for(host)
        reg = registered_domain(host)
        if service is not None:
            kind, name = service
            bare_path = path.strip("/?#")
            if reg in PROFILE_PATH_REQUIRED and host.split(".")[0] in ("www", reg.split(".")[0]) and not bare_path:
                return  # "whatsapp.com" alone names the product, not a person
            if not bare_path and kind is not Kind.MEETING and host not in ("wa.me", "t.me"):
                return
            if not bare_path and kind is Kind.MEETING and host in (reg, "www." + reg):
                return  # "add https://calendly.com to frame-src": the service named, nobody's page
            if host in ("t.me", "telegram.me") and bare_path.split("/", 1)[0].split("?", 1)[0] in _TELEGRAM_SYSTEM_PATHS:
                return  # "t.me/share/url?url=...": Telegram's share intent
            if host == "wa.me" and is_test_data(nt.text, start, end):
                return  # '"whatsapp_cta": "https://wa.me/15555550188"': a fictional number in a config
            if _COMPANY_CHANNEL.search(nt.text, max(0, start - 100), min(len(nt.text), end + 100)) is not None:
                return  # "links to t.me/acme_news (that's the company channel)": the business's own
            yield make_finding(nt, kind, start, end, value=canonical, rule=f"{kind}.link.{name.replace(' ', '_')}",
                               score=0.95)
            return
        if (not path.strip("/?#") and host in (reg, "www." + reg) and reg.split(".")[0] in MAIL_PROVIDERS
                and "@" not in nt.text[max(0, start - 3):start]):
            return  # "I use outlook.com for my calendar": a mail service named, not a person's address
        if is_work_material_link(reg, host, path):
            return  # a design, document, file or repository shared for the work itself
        if is_service_home(reg, host, path):
            return  # "our old site is on wix.com": the service the work is about
        if not explicit and is_company_name(reg, host, path, raw):
            return  # "I worked at Booking.com for 3 years": a company's name
        if is_documentation_host(host):
            return  # "check the docs at docs.acme-tools.com": a product's documentation
        if not explicit and reg not in SHORTENERS and is_content_for_the_work(nt.text) and is_content_for_the_work(
                nt.text[slice(*clause_bounds(nt.text, start, end))]):
            return  # "the back of the flyer needs our support line and bakerybliss.co.uk": printed content
        if reg in SHORTENERS:
            rule, score = "url.shortener", 0.9
        elif reg in MARKETPLACES:
            rule, score = "url.other_marketplace", 0.9 if path.strip("/") else 0.0
        else:
            rule, score = ("url.link" if explicit or raw.startswith("www.") else "url.domain"), 0.8
        if score:
            yield make_finding(nt, Kind.URL, start, end, value=canonical, rule=rule, score=score)

    def _after_spelled_at(self, nt: NormalizedText) -> Iterator[Finding]:
        """A site named after a spelled "at": "see the galleries at lucasreyesphoto.com". When the
        words before make an address of it ("john at gmail.com"), the e-mail detector's finding
        covers this one and wins the merge."""
        text = nt.text
        i = text.find("@")
        seen = 0
        while i >= 0 and seen < _AT_HOSTS_MAX:
            if nt.original_text(i, i + 1) != "@":
                seen += 1
                m = _LINK_AFTER_AT.match(text, i + 1)
                if m is not None and "." in m.group("host2"):
                    yield from self._link(nt, m, after_at=True)
            i = text.find("@", i + 1)

    def _uri(self, nt: NormalizedText, m: re.Match[str]) -> Iterator[Finding]:
        start, end = m.span()
        while end > start and nt.text[end - 1] in _TRAILING:
            end -= 1
        scheme = m.group("scheme")
        if scheme in ("skype", "line", "signal", "discord", "kik") and not nt.text[m.end("scheme") + 1:end].strip():
            return
        if scheme in ("line", "signal", "discord") and "//" not in nt.text[start:end]:
            return  # "line: 42" is prose; the app URIs are "line://..."
        yield make_finding(nt, Kind.MESSAGING, start, end, value=nt.text[start:end], rule=f"messaging.uri.{scheme}",
                           score=0.95)

    def _imitates_own_domain(self, host: str) -> bool:
        """A host that contains or imitates the platform's own domain without being it."""
        for own in self.config.own_domains:
            if host == own or host.endswith("." + own):
                return False
            if host.startswith(own + ".") or ("." + own + ".") in host:
                return True
            folded = host.translate(_LOOKALIKE_FOLD).replace("rn", "m").replace("vv", "w")
            own_folded = own.translate(_LOOKALIKE_FOLD)
            if own_folded in folded:
                return True
        return False


#: An app's link host and path with blanks or a spelled "slash" between them.
_SPACED_APP_LINK = re.compile(
    r"\b(?P<host>t|wa|ig|m|discord|instagram|facebook|fb|tiktok|calendly|linktr|paypal|wa\.link|youtube|twitter|x|"
    r"linkedin|snapchat|venmo|cash)[ \t]{0,2}\.[ \t]{0,2}(?P<tld>me|gg|com|ee|app)"
    r"(?:[ \t]{1,2}/[ \t]{0,2}|[ \t]{0,2}\bslash\b[ \t]{0,2})"
    r"(?P<path>(?:in/|@)?[a-z0-9_][a-z0-9_.\-]{1,40})")
#: Words before a spelled-out domain that say it is a site ("my site is kaito dot com").
_SITE_CUE = re.compile(r"\b(?:site|website|web|page|portfolio|link|visit|check|book|bookings?|shop|store|blog|"
                       r"go to|find (?:me|us))\b")
#: "www . name . tld" with a blank around a dot (a dot touching letters on both sides is the plain link's).
_SPACED_WWW = re.compile(r"\bwww(?:\s{1,2}\.\s{0,2}|\.\s{1,2})(?P<name>[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?)\s{0,2}\.\s{0,2}"
                         r"(?P<tld>[a-z]{2,6}(?:\s{0,2}\.\s{0,2}[a-z]{2})?)\b")
#: A path written with blanks around its slash ("kaitodraws . com / portfolio").
_SPACED_PATH = re.compile(r"[ \t]{1,2}/[ \t]{0,2}[a-z0-9_\-]{2,40}")


def url_host(url: str) -> str:
    return urlsplit(url if "//" in url else "https://" + url).hostname or ""
