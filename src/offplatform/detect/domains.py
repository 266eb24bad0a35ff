"""Domain names: the public suffix list (tldextract's bundled snapshot, never fetched) and the
table that says what a host is (a messaging app, a social network, a meeting service...)."""

from __future__ import annotations

from functools import cache

import tldextract

from ..finding import Kind


@cache
def extractor() -> tldextract.TLDExtract:
    # suffix_list_urls=() -> use the snapshot bundled with tldextract; cache_dir=None -> no disk cache.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=False)


@cache
def split_host(host: str) -> tuple[str, str, str]:
    """(subdomain, domain, suffix) of a host name; suffix is '' when it is not a public suffix."""
    ext = extractor()(host)
    return ext.subdomain, ext.domain, ext.suffix


def registered_domain(host: str) -> str:
    _, domain, suffix = split_host(host)
    return f"{domain}.{suffix}" if domain and suffix else ""


#: host (or registered domain) -> (kind, service name). Longest match on the host wins.
SERVICE_HOSTS: dict[str, tuple[Kind, str]] = {
    # messaging
    "t.me": (Kind.MESSAGING, "telegram"), "telegram.me": (Kind.MESSAGING, "telegram"),
    "telegram.dog": (Kind.MESSAGING, "telegram"), "telegram.org": (Kind.MESSAGING, "telegram"),
    "wa.me": (Kind.MESSAGING, "whatsapp"), "api.whatsapp.com": (Kind.MESSAGING, "whatsapp"),
    "chat.whatsapp.com": (Kind.MESSAGING, "whatsapp"), "wa.link": (Kind.MESSAGING, "whatsapp"),
    "whatsapp.com": (Kind.MESSAGING, "whatsapp"), "web.whatsapp.com": (Kind.MESSAGING, "whatsapp"),
    "discord.gg": (Kind.MESSAGING, "discord"), "discord.com": (Kind.MESSAGING, "discord"),
    "discordapp.com": (Kind.MESSAGING, "discord"), "m.me": (Kind.MESSAGING, "messenger"),
    "messenger.com": (Kind.MESSAGING, "messenger"), "join.skype.com": (Kind.MESSAGING, "skype"),
    "skype.com": (Kind.MESSAGING, "skype"), "signal.me": (Kind.MESSAGING, "signal"),
    "signal.group": (Kind.MESSAGING, "signal"), "line.me": (Kind.MESSAGING, "line"),
    "lin.ee": (Kind.MESSAGING, "line"), "invite.viber.com": (Kind.MESSAGING, "viber"),
    "viber.com": (Kind.MESSAGING, "viber"), "kik.me": (Kind.MESSAGING, "kik"),
    "threema.id": (Kind.MESSAGING, "threema"), "zalo.me": (Kind.MESSAGING, "zalo"),
    "join.slack.com": (Kind.MESSAGING, "slack"), "slack.com": (Kind.MESSAGING, "slack"),
    "weixin.qq.com": (Kind.MESSAGING, "wechat"), "u.wechat.com": (Kind.MESSAGING, "wechat"),
    "imo.im": (Kind.MESSAGING, "imo"), "botim.me": (Kind.MESSAGING, "botim"),
    # social
    "instagram.com": (Kind.SOCIAL, "instagram"), "instagr.am": (Kind.SOCIAL, "instagram"),
    "facebook.com": (Kind.SOCIAL, "facebook"), "fb.com": (Kind.SOCIAL, "facebook"),
    "fb.me": (Kind.SOCIAL, "facebook"), "linkedin.com": (Kind.SOCIAL, "linkedin"),
    "lnkd.in": (Kind.SOCIAL, "linkedin"), "twitter.com": (Kind.SOCIAL, "x"), "x.com": (Kind.SOCIAL, "x"),
    "tiktok.com": (Kind.SOCIAL, "tiktok"), "snapchat.com": (Kind.SOCIAL, "snapchat"),
    "youtube.com": (Kind.SOCIAL, "youtube"), "youtu.be": (Kind.SOCIAL, "youtube"),
    "threads.net": (Kind.SOCIAL, "threads"), "threads.com": (Kind.SOCIAL, "threads"),
    "vk.com": (Kind.SOCIAL, "vk"), "pinterest.com": (Kind.SOCIAL, "pinterest"),
    # meeting
    "zoom.us": (Kind.MEETING, "zoom"), "zoom.com": (Kind.MEETING, "zoom"),
    "meet.google.com": (Kind.MEETING, "google meet"), "teams.microsoft.com": (Kind.MEETING, "teams"),
    "teams.live.com": (Kind.MEETING, "teams"), "calendly.com": (Kind.MEETING, "calendly"),
    "whereby.com": (Kind.MEETING, "whereby"), "webex.com": (Kind.MEETING, "webex"),
    "meet.jit.si": (Kind.MEETING, "jitsi"), "cal.com": (Kind.MEETING, "cal.com"),
    "hangouts.google.com": (Kind.MEETING, "hangouts"), "gotomeeting.com": (Kind.MEETING, "gotomeeting"),
    # payment
    "paypal.me": (Kind.PAYMENT, "paypal"), "paypal.com": (Kind.PAYMENT, "paypal"),
    "venmo.com": (Kind.PAYMENT, "venmo"), "cash.app": (Kind.PAYMENT, "cash app"),
    "revolut.me": (Kind.PAYMENT, "revolut"), "wise.com": (Kind.PAYMENT, "wise"),
    "buymeacoffee.com": (Kind.PAYMENT, "buy me a coffee"), "ko-fi.com": (Kind.PAYMENT, "ko-fi"),
    "payoneer.com": (Kind.PAYMENT, "payoneer"), "paystack.com": (Kind.PAYMENT, "paystack"),
    "skrill.me": (Kind.PAYMENT, "skrill"), "monzo.me": (Kind.PAYMENT, "monzo"),
}

#: Hosts whose links are about a product, not a person: reported only when the path names someone.
PROFILE_PATH_REQUIRED: frozenset[str] = frozenset(
    {"whatsapp.com", "telegram.org", "discord.com", "discordapp.com", "skype.com", "slack.com",
     "viber.com", "paypal.com", "wise.com", "payoneer.com", "zoom.com", "youtube.com",
     "facebook.com", "linkedin.com", "instagram.com", "x.com", "twitter.com", "tiktok.com"}
)

#: Link shorteners and link-in-bio pages hide where a link leads.
SHORTENERS: frozenset[str] = frozenset(
    {"bit.ly", "tinyurl.com", "t.co", "goo.gl", "ow.ly", "is.gd", "buff.ly", "rebrand.ly", "cutt.ly",
     "shorturl.at", "rb.gy", "linktr.ee", "beacons.ai", "bio.link", "lnk.bio", "tiny.cc", "s.id"}
)

#: Other freelance marketplaces: a gig link there moves the deal elsewhere.
MARKETPLACES: frozenset[str] = frozenset(
    {"fiverr.com", "upwork.com", "freelancer.com", "peopleperhour.com", "guru.com", "toptal.com",
     "99designs.com", "workana.com", "contra.com", "malt.com", "taskrabbit.com", "thumbtack.com"}
)


def service_for(host: str) -> tuple[Kind, str] | None:
    host = host.lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    parts = host.split(".")
    for i in range(len(parts) - 1):
        hit = SERVICE_HOSTS.get(".".join(parts[i:]))
        if hit is not None:
            return hit
    return None
