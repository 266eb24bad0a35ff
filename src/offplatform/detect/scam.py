"""Scam: the message follows a fraud pattern. One finding per rule that fired, with ``category``
set to a :class:`~offplatform.finding.ScamCategory` value and rule ids
``scam.<category>.<name>``.

Each rule pairs an *action* with an *object* inside one sentence (a bounded window, either
order): a verb of giving plus a verification code, a payment route plus a verb of paying, a fee
plus a gate to the job ("before you start", "refundable"), a link plus urgency... Some rules also
need a second cue anywhere in the message (``requires``). Named checks rule a candidate out:

- ``is_warning``: the message warns about scams or reports one ("never share your code");
- negation shortly before the action ("I can't share my login code");
- the object being the subject of the job (``topic``: "implement OTP login", "integrate PayPal");
- the payment staying in escrow (``escrow``: "I only get paid through escrow").

Labelling decisions (see the data README): paying outside escrow is a scam; moving only the chat
to dodge the fee is not (the intent detector reports that). Money mules and escrow manipulation
have no category of their own: they are reported as ``account_rental`` (someone else's money or
goods through your identity) and ``fake_check`` (refund tricks).

Performance: one Aho-Corasick pass (:func:`~.anchors.message_families`) finds which rules have their
rare words in the message; only those run, and proximity rules search the rare side first. A rule
woken on a common word ("pay", "fee", "platform") also needs the words of its other side in the
message's word set (``RULE_GATES``) before its cues and pattern are searched.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

from ..filters import is_order_number, is_own_platform_link, is_quoted_content
from ..finding import Finding, Kind, ScamCategory
from ..normalize import NormalizedText
from ..normalize.text import word_set
from .anchors import message_families
from .base import BaseDetector, is_word_char, make_finding, text_shape
from .cues import (
    WordGate,
    alt,
    compile_fast,
    clause_bounds,
    gap,
    gate,
    is_negated,
    is_negated_inside,
    is_stay_on_platform_talk,
    is_warning,
    passes_all,
    words_gate,
)

C = ScamCategory

# --------------------------------------------------------------------------- vocabularies

PAYMENT_ROUTES: tuple[str, ...] = (
    "paypal", "pay pal", "paypal.me", "venmo", "cash app", "cashapp", "zelle", "payoneer", "wise",
    "transferwise", "western union", "moneygram", "revolut", "skrill", "neteller",
    "perfect money", "pix", "chave pix", "gcash", "m-pesa", "mpesa", "paytm", "upi", "phonepe",
    "gpay", "google pay", "apple pay", "alipay", "wechat pay", "remitly", "worldremit",
    "bank transfer", "wire transfer", "bank account", "bank details", "banking details",
    "account details", "iban", "sort code", "acc no", "account no", "routing number",
    "cbu", "cvu", "rekening", "virement", "überweisung", "ueberweisung", "transferencia",
    "transferência", "на карту", "bkash", "nagad", "easypaisa", "jazzcash", "opay",
    "palmpay", "interac", "e-transfer", "just cash", "cash only", "only cash", "pay cash", "pay in cash", "tikkie", "blikiem", "qua momo", "via momo", "ví momo", "momo wallet", "ويسترن يونيون", "موني جرام", "باي بال", "بايبال", "friends & family", "friends and family",
    "freunde & familie", "freunde und familie", "in cash", "cash in hand", "swift code", "bic",
    # e-wallets by region (not those that are also first names, such as DANA, Maya, Lydia or MoMo)
    "mercado pago", "mercadopago", "nequi", "daviplata", "yape", "sinpe", "oxxo", "paymaya", "gopay",
    "shopeepay", "zalopay", "airtel money", "tigo pesa", "mtn momo", "papara", "satispay", "postepay", "blik",
    "paylib", "twint", "vipps", "mobilepay",
)
CRYPTO_WORDS: tuple[str, ...] = (
    "crypto", "cryptocurrency", "usdt", "usdc", "btc", "bitcoin", "bitcoin atm", "eth",
    "ethereum", "tether", "trc20", "trc-20", "erc20", "bep20", "bnb", "ltc", "litecoin", "solana",
    "xrp", "doge", "dogecoin", "binance pay", "крипта", "криптой", "криптовалюта", "криптовалютой",
    "cripto", "kripto", "crypto wallet", "wallet address", "usdt wallet", "btc wallet",
)
GIFT_CARDS = (
    r"(?:gift ?cards?|steam (?:cards?|wallet codes?|codes?)|itunes(?: cards?)?|google[ -]play[ -]"
    r"(?:cards?|codes?|karten?|gutscheine?)|apple (?:gift )?cards?|amazon (?:gift )?cards?|vanilla (?:visa|cards?)|"
    r"razer gold|ebay (?:gift )?cards?|sephora cards?|tarjetas? de regalo|cart[aã]o presente|"
    r"cartões presente|cartes? cadeaux?|gutscheinkarten?|gutscheine?|подарочн\w{0,3} карт\w{0,2})"
)
_PAY_VERB = (
    r"(?:pay|pays|paid|paying|payment|payments|send|sending|sent|transfer|transferring|wire|"
    r"deposit|refund|accept|receive|get paid|be paid|upfront|advance|top up|top-up|recharge|"
    r"bayar|bayad|bayaran|pago|"
    r"pagar|pague|paga|pagamento|pagos|zahl\w{0,4}|überweis\w{0,4}|ueberweis\w{0,4}|anzahlung|"
    r"payer|payé|paiement|paie|paye|payons|virement|оплат\w{0,3}|оплач\w{0,3}|перевед\w{0,3}|переведи\w{0,3}|скинь\w{0,3}|"
    r"malipo|lipa|lipia|nilipe|nilipie|kulipa|tuma|nitumie|bhej\w{0,3}|transfer aja|kirim|faz|fais|haz|mande|manda|kar do|kardo|"
    r"kar dunga|kar dungi|kar denge|karunga|"
    r"karo|kar dena|kar dijiye|gönder\w{0,4}|öde\w{0,4}|yatır\w{0,4}|envoy\w{0,3}|renvoy\w{0,3}|"
    r"ادفع|دفع|حول|حوّل|ارسل|transfier\w{0,3}|betaal\w{0,2}|stuur\w{0,2}|overmak\w{0,4}|zapłać|zaplac|przelej|tulipane|"
    r"lipana|tulipe|chuyển khoản|chuyển|отправ\w{0,4})"
)
#: Verbs that are about money on their own ("send" only with money after it): the words in
#: pattern order, a stem as "<stem>\\w{0,n}" (its gate takes the stem), "get paid"/"be paid"
#: gated by their last word ("paid", a whole word: the group ends at ``\\b``).
_PAY_MONEY_WORDS = (
    "pay", "pays", "paid", "paying", "payment", "payments", "transfer", "transferring", "wire", "deposit", "refund",
    "get paid", "be paid", "upfront", "bayar", "bayad", "bayaran", "pago", "pagar", "pague", "paga", "pagamento",
    "pagos", r"zahl\w{0,4}", r"überweis\w{0,4}", r"ueberweis\w{0,4}", "anzahlung", "payer", "payé", "paiement",
    "virement", r"оплат\w{0,3}", r"оплач\w{0,3}", r"перевед\w{0,3}", r"переведи\w{0,3}", "malipo", "lipa",
    "transfer aja", "تحويل", "ادفع", "دفع", "حول العربون", "حول المبلغ", "حول الفلوس", "حول الدفعة",
)
#: Verbs of sending, money only when money follows ("send me 50", "bhejo payment").
_SEND_MONEY_WORDS = ("send", "sending", "sent", r"bhej\w{0,3}", "kirim", "tuma", "mande", "manda")
_PAY_MONEY = (
    # "pra não pagar a taxa": not paying the fee is fee talk, not a payment
    r"(?<!não )(?<!nao )(?<!not )(?<!sin )(?<!sem )(?<!without )(?<!no )"
    rf"(?:(?:{'|'.join(_PAY_MONEY_WORDS)})\b"
    rf"|(?:{'|'.join(_SEND_MONEY_WORDS)})\b\s(?:\w{{1,10}}\s){{0,2}}?"
    r"(?:money|payment|funds|cash|\$|€|£|\d))"
)
_PREFER = (
    r"(?:only|works best|easier|better|faster|prefer|préfère|prefiero|prefiro|lieber|mejor|na lang|nalang|mas mabilis|"
    r"melhor|instead|rather|is fine|are fine|ok for me|good for me)"
)
_MINE_YOURS = (
    r"(?:my|your|ur|mi|mis|mon|ma|minha|meu|mein|meine|meinen|tu|tus|ton|ta|teu|tua|seu|sua|"
    r"твой|мой|ваш|yangu|yako|ko|mo|nya|aku)"
)
_OFF_ESCROW = (
    r"(?:directly|direct(?=\s?(?:$|[.,!?;)]|to (?:me|my|you|your)\b|into\b|instead\b|and\b|so\b|then\b))|"
    r"direto|directo|directamente|diretamente|directement|direkt|напрямую|"
    r"langsung|outside (?:of )?(?:the |this )?(?:platform|escrow|contract|milestone system|"
    r"milestones?|site|app)|off (?:the )?platform|por fuera|por fora|fora da plataforma|"
    r"(?<!fica )(?<!está )(?<!esta )(?<!fique )(?<!retido )(?<!guardado )(?<!depositado )no (?:need for |more )?escrow|without (?:the )?escrow|skip (?:the )?(?:platform|escrow)|"
    r"(?:skip|avoid|save|saves|saving|no|without|sparen)\s(?:\w{1,8}\s){0,3}?(?:the\s)?"
    r"(?:platform\s|service\s)?(?:fees?|gebühren|commission|comisión|taxa)|not through (?:the )?"
    r"(?:platform|site|escrow)|instead of (?:here|the platform|escrow)|badala ya hapa|"
    r"(?:cancel|close|end)\w{0,3} (?:the |our )?contract|cancelamos el contrato|"
    r"kontraknya kita tutup|close the contract here|mais barato|para walang fee|dun na lang|bahar se|"
    r"без комисси\w{0,2}|sin comisión|sin comision|sem taxa|sans frais|ohne gebühren|tanpa potongan|"
    r"platform ke bahar|مباشرة|بدون (?:ال)?منصة|خارج (?:ال)?منصة|"
    r"no (?:platform )?fees?|(?:do|finish|continue|deal|work|take (?:it|this)|settle|handle|pay|move|"
    r"sort)\w{0,3}\s(?:\w{1,10}\s){0,2}?outside(?=\s?(?:$|[.,!?;)]|so\b|and\b)))"
)

#: A payment that stays on the platform ("only through escrow", "via the milestone").
_ESCROW_KEPT = compile_fast(
    r"(?<!not )(?<!n't )\b(?:through|via|into|using|in) (?:the |this |a )?(?:platform|escrow|"
    r"milestones?|contract room)\b|\bonly (?:work|accept|get paid|pay) (?:with|through|via|in) "
    r"escrow\b|\b(?:only|just) (?:use|trust|work with) escrow\b|\b(?<!to )(?<!fee )withdraw\w{0,4}\b|"
    r"\bpayouts?\b(?!\s(?:take|takes|are|is)\s(?:forever|ages|too long|so long|long|slow|too slow|so slow))|"
    r"\bpayout (?:method|settings)\b|\bpaid (?:here|on the platform)\b|\bplatform (?:pays?|paying) out\b|"
    r"\bpay\w{0,3}\s(?:the\s|your\s|my\s)?(?:next\s|first\s|second\s|final\s|last\s)?milestones?\b"
    r"|\b(?:in|across|over|via|through) (?:\d{1,2}|two|three|four|five) milestones\b"
    # "lo pago en el hito 1 aquí mismo", "pago pela plataforma": the same in Spanish and Portuguese
    r"|\b(?:en|por|pela|pelo)\s(?:el\s|la\s|o\s|a\s)?(?:hito|hitos|marco|marcos|plataforma)\b"
    r"|\b(?:no|na)\s(?:marco|marcos|plataforma)\b"
    r"|\b(?:aquí|aqui) mismo\b|\baqui mesmo\b"
)

#: The thing named is what the job is about (building, integrating, testing, writing about it).
_TOPIC = compile_fast(
    # (a word inside a domain name, after "-" or ".", is no topic: "secure-checkout-staybook.com")
    r"(?<![-.])\b(?:implement\w{0,6}|feature|field|fields|input|screen|ui|ux|flow|api|sdk|integrat\w{0,6}|"
    r"validation|validate|hashed|hashing|database|column|schema|test (?:case|data)|mockup|"
    r"template|audit|rules|policy|strength|attempts|rate limit\w{0,3}|endpoint|webhook|"
    r"sandbox|checkout|gateway|plugin|bot|script|reset flow|article|articles|"
    r"newsletter\w?|blog|write about|writing about|copy for|deployed|testnet|sepolia|mainnet|бот|бота|ботом|"
    r"validators?|walidator\w{0,3}|validador\w{0,2}|validateur|checksum|mod[ -]97|sample (?:data|values)|"
    r"invoice template|test iban|testowy|"
    r"smart contract|token contract|dapp|reverts|backend|frontend|front-end|statements|"
    r"reconcil\w{0,5}|quickbooks|spreadsheet|csv|dashboard|wireframe|customers|users|buyers|"
    r"shoppers|subscribers|visitors|donors|students|logic|function|snippet|implementation|module|"
    r"component|library|generator|handler|repository|repo|codebase|unit tests?|landing page|integrar|"
    r"integración|integracion|integração|intégrer|intégration|integrieren|integrasi|implementar|implementasi|"
    r"desarrollar|pantalla|écran|bildschirm|fitur|funcionalidad|funcionalidade|fonctionnalité|"
    r"(?:the|a|each|every) user'?s|users'|(?:app|system|backend|server) (?:has to|should|must|needs to|will) send|"
    r"web app|mobile app|figma|prototype|(?:um|uma|una|un|une) (?:app|aplicativo|aplicación|appli|application|"
    r"loja virtual|tienda online|sistema)|(?:for|of) (?:our|their|the client'?s|a|an) (?:\w{1,12} ){0,2}app)\b"
)
#: A part of the product being built, named in the same clause ("add a 'Pay with Venmo' button").
_UI_TOPIC = compile_fast(r"\b(?:button|buttons|cta|ctas|call to action|widget|widgets|(?<!plane )icon|icons|badge|badges|checkout option|payment options?)\b")
#: A story about the past, not a request ("I was paid in Bitcoin once").
_PAST_STORY = compile_fast(
    r"\bonce(?=\s?(?:$|[.,;!]|and\b|but\b|before\b))|\b(?:last (?:year|month|week|time)|previously|used to|in the past|\w{1,10} ago|"
    r"my (?:previous|last|old|former) client|a client once|back then|never again|"
    r"(?:my |the )?(?:last|previous|old|former) (?:\w{1,12} ){1,4}?(?:wanted|asked(?: for| me)?|tried|demanded|requested|insisted)"
    r")\b"
)
#: The thing goes to the platform itself ("upload your ID to the platform's verification page").
_TO_PLATFORM = compile_fast(
    r"\b(?:to|on|through|via|in|into) (?:the |this )?(?:platform|site|marketplace)(?:'s)?\b|"
    r"\bplatform'?s (?:verification|page|settings|form|support|id check)\b|"
    r"\bverification (?:section|page|tab|settings|center|centre)\b|\b(?:profile|settings) here\b"
    # "di halaman verifikasi platform", "en la plataforma", "na plataforma", "sur la plateforme"
    r"|\b(?:di|ke) (?:halaman |menu )?(?:verifikasi|platform)\b|\b(?:en|na|no|pela|por) (?:la |a )?plataforma\b"
    r"|\bsur la plateforme\b|\bauf der plattform\b"
)
#: Systems whose logins a freelancer legitimately needs for the work itself.
_PROJECT_SYSTEM = compile_fast(
    r"\b(?:wordpress|wp|admin panel|wp-admin|hosting|cpanel|ftp|sftp|ssh|server|staging|shopify|"
    r"store|repo|database|db|site|website|cms|domain|dns|godaddy|namecheap|"
    r"aws|gcp|azure|vercel|netlify|heroku|analytics|search console|ads account|mailchimp|"
    r"klaviyo|hubspot|crm|figma|canva|test account|demo account|sandbox)\b"
)
#: The thing named is a design object ("gift card design, front and back").
_DESIGN = compile_fast(
    r"\b(?:design\w{0,3}|desain\w{0,3}|diseñ\w{0,3}|desenh\w{0,3}|artwork|illustrat\w{0,5}|logo|front and back|print\w{0,3}|layout|mockups?|"
    r"templates?|versions?|\d{1,3}(?:\.\d)? ?x ?\d{1,3}(?:\.\d)? ?mm|canvas|font)\b"
)

_LINK = compile_fast(
    r"(?:https?://|www\.)[^\s]{2,200}|\b[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.(?:[a-z0-9-]{1,63}\.)"
    r"{0,3}(?:com|net|org|io|app|co|me|info|biz|xyz|site|online|link|live|top|gle|ly|cc|ru|tk|"
    r"support|help|page|services?|center|click|store|work|jobs|gl|to)\b(?:/[^\s]{0,200})?"
)


def _external_links(text: str, own_domains: tuple[str, ...]) -> list[str]:
    hosts = []
    for m in _LINK.finditer(text):
        host = re.sub(r"^(?:https?://)?(?:www\.)?", "", m.group()).split("/", 1)[0].split("?", 1)[0]
        if not is_own_platform_link(host, own_domains):
            hosts.append(host)
    return hosts


# --------------------------------------------------------------------------- rules


@dataclass(frozen=True, slots=True)
class _Rule:
    rule: str
    category: ScamCategory
    pattern: str | _Near
    score: float
    requires: tuple[str, ...] = ()  #: each must also match somewhere in the message
    topic: bool = False  #: ruled out when the clause is about building/testing the thing
    escrow: bool = False  #: ruled out when the payment stays in escrow
    link: bool = False  #: needs an external (not own-platform) link in the message
    design: bool = False  #: ruled out when the message is about designing the thing
    project: bool = False  #: ruled out when the credentials are the project's (site, server, repo)
    stay: bool = False  #: ruled out when the message keeps the conversation on the platform
    past: bool = False  #: ruled out when the clause tells a past story
    platform: bool = False  #: ruled out when the thing is to go to the platform itself


@dataclass(frozen=True, slots=True)
class _Near:
    """``rare`` and ``other`` in the same sentence, at most ``n`` characters apart, either order.

    Matched rare-side first: ``rare`` is searched over the text, ``other`` only in the window
    around each hit (so the common words of ``other`` cost nothing on most messages)."""

    rare: str
    other: str
    n: int = 40


def _near(a: str, b: str, n: int = 40, *, rare: str = "a") -> _Near:
    """``a`` near ``b``; ``rare`` says which of the two is the rarer one to search first."""
    return _Near(a, b, n) if rare == "a" else _Near(b, a, n)


class _Span:
    """A match-like (start, end) pair for :class:`_NearMatcher` results."""

    __slots__ = ("_end", "_start")

    def __init__(self, start: int, end: int) -> None:
        self._start, self._end = start, end

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end


_LONG_TEXT = 2000
_MANY_RARE = 64


class _NearMatcher:
    __slots__ = ("_after", "_gap_only", "_other", "_other_starts", "_rare", "n")

    def __init__(self, spec: _Near) -> None:
        self._rare = compile_fast(spec.rare)
        self._other = compile_fast(f"(?:{spec.other})")
        self._other_starts = compile_fast(f"(?=(?:{spec.other}))")
        self._after = compile_fast(gap(spec.n) + f"(?:{spec.other})")
        self._gap_only = compile_fast(gap(spec.n) + r"\Z")
        self.n = spec.n

    def finditer(self, text: str) -> Iterator[_Span]:
        # After many rare matches in a long text, the positions where the other part can start are
        # found once; a rare match with none of them within reach is then skipped without the two
        # searches around it ("whatsapp whatsapp ..." with no interview word costs one pass, not
        # one per word).
        starts: list[int] | None = None
        tried = 0
        reach = self.n + 60
        for ma in self._rare.finditer(text):
            s, e = ma.span()
            if starts is None:
                tried += 1
                if tried > _MANY_RARE and len(text) > _LONG_TEXT:
                    starts = [m.start() for m in self._other_starts.finditer(text)]
                    if not starts:
                        return
            if starts is not None:
                i = bisect_left(starts, s - reach)
                if i == len(starts) or starts[i] > e + self.n:
                    continue
            mb = self._after.match(text, e)
            if mb is not None:
                yield _Span(s, mb.end())
                continue
            for mo in self._other.finditer(text, max(0, s - self.n - 60), s):
                if s - mo.end() <= self.n and self._gap_only.match(text, mo.end(), s):
                    yield _Span(mo.start(), e)
                    break


#: Giving, telling or sending a code, in the languages of the traffic: the words and phrases, and
#: stems that take an ending ("envíame", "schickst").
_GIVE_CODE_WORDS = (
    "send", "give", "tell", "share", "paste", "forward", "read", "type", "pass", "provide", "reply with",
    "replying with", "respond with", "responding with", "what is", "what's", "whats", "let me know", "me passa",
    "passa", "manda", "bata do", "batao", "bata", "скиньте", "скинь", "пришли", "пришлите", "ارسل", "ابعت", "قول",
    "nitumie", "niambie", "kirim", "kasih", "sabihin", "ibigay", "envoyez", "senden", "sende", "geben", "dime",
    "diga", "fala", "need", "needs", "i need", "paste it", "post it", "drop", "brauche", "gib mir", "schick mir",
    "necesito", "necesitamos", "preciso", "precisamos", "mándame", "mandame", "pásame", "pasame", "ipadala", "padala",
    "ibigay mo", "nipe", "envoyez-moi", "envoie-moi", "donnez-moi", "donne-moi", "j'ai besoin", "нужен", "нужно",
    "butuh", "kailangan", "nahitaji", "محتاج", "ابغى", "بدي", "chahiye", "bhejo", "bhej do",
    "أرسل", "إرسل", "ارسلي", "أرسلي", "ابعتلي", "ابعثلي", "me fala", "me diz", "me conta", "communiquer",
    "communiquez", "transmettre", "transmettez", "indiquez", "yaz", "yazın", "yazmanız", "gönder", "gönderin", "söyle",
    "paylaş", "ib3atli", "ib3atly", "eb3atli", "ib3at", "gửi", "envie", "me envie",
    "알려주세요", "알려줘", "알려", "보내주세요", "보내줘", "말해주세요", "发给", "發給", "告诉", "告訴", "发送", "教えて",
    "送って", "pakisend", "paki-send", "pakibigay", "pakisabi", "pakibigay mo",
)
_GIVE_CODE_STEMS = ("продиктуй", "назови", "сообщи", "envoie", "envía", "envia", "schick", "pásame", "pasame", "kirimin",
                    "mándame", "mandame", "dámelo", "damelo")
_GIVE_CODE = rf"\b(?:{alt(_GIVE_CODE_WORDS)}|(?:{alt(_GIVE_CODE_STEMS)})\w{{0,3}})\b"
_CODE = (
    r"\b(?:(?:verification|confirmation|security|login|log-in|sms|otp|one[- ]time|auth\w{0,10}|"
    r"2fa|backup|recovery|\d[- ]?digit|six[- ]digit|4[- ]digit)(?: \w{1,8})? codes?|"
    r"\d[- ]?digit (?:number|pin)\b(?=.{0,60}\b(?:phone|sms|text|texted|came|received|got|sent|card|bank)\b)|"
    r"pin (?:on|of|for) (?:your|ur) (?:\w{1,10} )?(?:card|bank|account|wallet)|"
    r"(?:the|those|these) (?:[4-8]|four|five|six|eight)[- ]?digits\b|"
    # "the platform will send you a code, tell me what it is"
    r"(?:send|text|email|sms)\w{0,2} (?:you|u) (?:a|an|the) (?!(?:promo|discount|coupon|voucher|referral|invite|invitation|"
    r"source|qr|zip|html|css|gift|bonus|tracking|colou?r|error|status|sample|example)\b)(?:\w{1,12} )?codes?\b"
    r"(?!\s(?:review|reviews|snippet|sample|samples|example|examples|base|block|file|files|fix|change|changes))|"
    r"otp|2fa (?:backup )?codes?|backup codes|one[- ]time password|passcode|"
    r"code (?:aus|von|in) der sms|sms-code|bestätigungscode|verifizierungscode|código (?:que te llegó|que chegou|del sms|do sms|de verificación|de verificação)|"
    r"(?:your|ur|account|card|atm|bank|m-?pesa|upi|wallet|secret) pin(?! ?code\s(?:for|of|is)\s"
    r"(?:the\s|your\s|my\s)?(?:delivery|shipping|address|area|city|location|post))|"
    r"pin (?:code|number)(?!\s(?:for|of|is)\s(?:the\s|your\s|my\s)?(?:delivery|shipping|address|area|"
    r"city|location|post))|"
    r"\(pin\)|nambari ya siri|msimbo|(?:steam )?guard code|authenticator code|código|codigo|код|كود|الكود|الرمز|رمز التحقق|kode(?: otp| verifikasi)?|mã otp|"
    # "chegou um SMS com um número aí? me fala ele": the code described as the number in a text
    r"(?:sms|mensagem|mensaje|texto|text) (?:com|con|with) (?:um|un|uma|una|a) (?:número|numero|number|code)|"
    # "you'll get an sms with 6 digits": the code described by its digits
    r"(?:sms|text|text message|message) (?:with|containing|of) (?:a |the )?(?:\d|four|five|six|eight)[- ]?digits?\b|"
    r"(?:sms|doğrulama|onay) kod\w{0,3}|mã (?:xác minh|xác nhận|kích hoạt)|(?:\d|altı|dört) haneli kod\w{0,3}|code elli (?:wasalak|gak|wesel\w{0,3})|"
    # a code someone received, in the languages of the traffic
    r"(?:code|codes|codigo|kode|kod|mã)\s(?:\w{1,10}\s)?(?:que te llegó|que te llego|recibido|recebido|reçu|recu|"
    r"que chegou|erhalten|ricevuto|yang masuk|na natanggap|na dumating|uliyopokea|iliyokuja|vừa nhận)|"
    r"code (?:de vérification|de confirmation|de sécurité|par sms|sms)|код из смс|код из sms|"
    r"code (?:à|de) \d chiffres|código de \d (?:dígitos|digitos)|\d-stelligen code|codice (?:a|di) \d cifre|"
    r"(?:الكود|كود|الرمز)\s(?:اللي|الذي)\s(?:وصلك|جاك)|인증\s?번호|인증\s?코드|확인\s?코드|验证码|驗證碼|认证码|認証コード|確認コード|認証番号)\b"
    r"|\bcodes? (?:that |which )?(?:you|u) (?:just )?(?:got|received|get|receive)\b(?=.{0,40}\b(?:sms|text|phone|email|e-mail|number)\b)"
    r"|\bcodes? (?:that |which )?(?:was |were |we |i |they )?(?:just )?(?:sent|texted|emailed) "
    r"(?:to )?(?:you|u|your)\b|\bcode\b" + gap(20) + r"\b(?:arriv\w{0,3}|comes? in|you (?:get|receive) it)\b"
    r"|\bcodes? (?:from|in) (?:the |your )?(?:sms|text|message|email)|\bcode (?:we|i|they|the "
    r"platform) (?:just )?(?:sent|emailed|texted)|\bcode (?:that )?(?:just )?(?:arrived|came)"
)
_PASSWORD = (
    r"\b(?:password|passwort|pasword|passwd|pwd|pass word|contraseña|senha|mot de passe|пароль|"
    r"كلمة السر|كلمة المرور|login details|login credentials|credentials|login info|"
    r"log-in details|(?:online )?banking login|username and password|user and pass|login and "
    r"password|card number|card details|card info|cvv|cvc|expiry date|"
    r"password|recovery phrase|seed phrase|private key|secret phrase|mnemonic|login|zugangsdaten|"
    r"online-banking-zugangsdaten|banking-zugangsdaten|anmeldedaten|login-daten|logindaten)\b"
)
_ID_DOC = (
    r"\b(?:(?:your|ur|votre|ta|ton|tes|tu|tua|tuo|seu|sua|ihr\w{0,2}|dein\w{0,2}|ваш\w{0,2}|тво\w{1,2}|je|jouw|uw|twój|twoj\w{0,3}|swój|swoj\w{0,3}|kamu) (?:(?:national|government|photo|valid|"
    r"official|own|state|personal|real|original) )?(?:id|id card|passport|"
    r"driver'?s licen[cs]e|national id|identity card|identity document|pièce d'identité|passeport|pasaporte|"
    r"passaporte|reisepass|carte bancaire|tarjeta bancaria|cartão bancário|paspoort|identiteitskaart|rijbewijs|bsn|"
    r"dni|cédula|rg|cnh|cpf|clave bancaria|carta d'identità|carta di identità|documento de identidade|جواز السفر|صورة الهوية|"
    r"carte d'identité|documento de identidad|ktp|aadhaar|aadhar|pan card|cnic|ausweis|"
    r"personalausweis|паспорт)|id (?:front|back|card|photo|copy|scan)|паспорта|снилс|dowodu osobistego|dowód osobisty|dowod osobisty|"
    r"karty płatniczej|karty kredytowej|kartu płatniczą|selfie (?:holding|with|segurando|sosteniendo|tenant)|"
    r"photo of (?:your )?(?:id|passport)|ssn|social security(?: number)?|date of birth|"
    r"mother'?s maiden name|pièce d'identité|recto-verso|recto verso|carta d'identità|carta di identità|جواز السفر|صورة الهوية|"
    r"dni|e-?ktp|ktp)\b"
)


#: Paying or buying, for a fee or a purchase: the words, and stems that take an ending.
_FEE_PAY_WORDS = ("pay", "pays", "paid", "buy", "purchase", "pagar", "quitar", "payer", "zahlen", "bayar", "acheter", "achetez",
                  "acquistare", "acquista", "comprare", "compra", "pagare", "lipa", "lipia", "nạp", "đóng", "payez",
                  "tuma", "bharna", "bharo", "bhar do", "jama karo", "jama karna",
                  "comprar", "compre", "kaufen", "beli", "bilhin", "nunua", "upgrade to", "complete a paid", "top up",
                  "top-up", "recharge", "ricarica", "ricaricare", "postepay", "via paypal", "via cashapp",
                  "via cash app", "via venmo", "via zelle", "via gcash", "via western union", "via moneygram")
_FEE_PAY_STEMS = ("kharid", "bhej")
_FEE_PAY = rf"\b(?:{alt(_FEE_PAY_WORDS)}|(?:{alt(_FEE_PAY_STEMS)})\w{{0,4}})\b"
#: Paid tiers: "VIP freelancer tier", "gold level".
_TIER_PHRASES = tuple(f"{w} {between}{t}" for w in ("vip", "premium", "gold", "pro", "elite")
                      for between in ("", "\\w{1,12} ") for t in ("tier", "level", "status"))
#: Things a scammer charges for to "unlock" a job: each alternative opens with a whole word (its gate).
_FEE_OBJECT_STRONG_WORDS = (
    "training", "registration", "verification", "vetting", "screening", "clearance",
    # "processing", not "signal processing" or "a processing pipeline": the work itself
    r"(?<!signal )(?<!data )(?<!image )(?<!language )(?<!word )(?<!post-)(?<!audio )(?<!video )(?<!batch )(?<!stream )"
    r"processing(?! (?:assignment|pipeline|script|module|library|code|power|unit|time|job|task))", "background check",
    "starter kit", "onboarding kit", "tokens?", "connects", "transfer fee", "release fee", "unlock fee",
    "withdrawal fee", "bank fee", "credits", "membership", "certificate", "certification", "upgrade",
    "verified (?:seller |member )?plan", "premium (?:account|plan|membership)", "activation", "cuota", "inscripción",
    "inscripcion", "inscrição", "taxa de inscrição", "frais d'inscription", "anmeldegebühr", "biaya pendaftaran",
    "pendaftaran", "usajili", "kit onboarding", "taxa de cadastro", "taxa de liberação", "taxa de ativação",
    "phí kích hoạt", "phí đăng ký", "ada ya usajili", "licenza", "licencia", "biaya (?:admin|kit|pelatihan|registrasi)",
    "kit de (?:trabajo|trabalho|travail)", "kit di lavoro", "tassa di attivazione", "tassa di iscrizione",
    "quota di iscrizione", "quota d'iscrizione", "iscrizione", "quota di registrazione", "opłata rejestracyjna", "kayıt ücreti",
    "inschrijfgeld", "registratiekosten",
    "shipping fee", "shipping", "customs fee", "courier fee", "delivery fee", "frais de formation",
    "frais de dossier", "registration fees", "handling fee", "key fee", "holding fee", "admin fee",
    "administration fee", "approval fee", "application fee",
    # "Upgrade to VIP freelancer tier for $30 to see the higher paying jobs" (gated by the last word)
    *_TIER_PHRASES,
)
_FEE_OBJECT_STRONG = rf"\b(?:{'|'.join(_FEE_OBJECT_STRONG_WORDS)})\b"
#: Things a client may also legitimately ask a freelancer to buy (a font licence).
_FEE_OBJECT_WORDS = ("fee", "fees", "tassa", "licen[cs]es?", "kit", "equipment", "plan", "package", "subscription", "course",
                     "software", "taxa", "frais", r"gebühr\w{0,2}", "biaya")
_FEE_OBJECT = rf"\b(?:{'|'.join(_FEE_OBJECT_WORDS)})\b"
#: The fee gates the job or the money: "to apply", "before you start", "to receive your salary".
_JOB_GATE = (
    r"\b(?:before (?:you |we )?(?:can )?(?:start|begin)\w{0,3}|before starting|before onboarding|"
    r"before (?:we|i|they) (?:can )?(?:send|share|give|assign|release)\w{0,3} (?:you )?(?:the |your )?(?:\w{1,10} )?"
    r"(?:job|jobs|task|tasks|work|project|projects|materials?|details|assignment|files?|contract|brief|videos?|"
    r"articles?|orders?|clips?|photos?|batch)|"
    r"before i can release|before i can (?:approve|accept|confirm) (?:you|your|the booking)|to apply|to start (?:working|the job|the work|the project)|to unlock|"
    r"to proceed|to receive (?:your|the) (?:salary|payment|pay|earnings|funds|money)|to withdraw|"
    r"to (?:receive|get|unlock|start) (?:your|the) (?:first )?(?:assignment|task|project|job|order|batch)|"
    r"to (?:confirm|secure|reserve|hold|lock in) (?:your|the|a) (?:spot|place|position|seat|slot|application|offer)|"
    r"to get (?:the )?(?:job|work|paid|started|hired)|to see the full|to be hired|to join|"
    r"to claim (?:the |your )?(?:\$?\d[\d,.]*\s)?(?:\w{1,12}\s)?(?:bonus|prize|reward|payout|earnings|winnings|funds|gift)|"
    r"to activate (?:your|the) (?:\w{1,12} )?(?:account|profile|membership)|"
    r"to see (?:the |more )?(?:\w{1,12} ){0,2}(?:jobs|projects|offers|gigs|clients)|"
    r"para empezar|para começar|pour commencer|um zu starten|untuk mulai|per iniziare|per cominciare|om te beginnen|"
    r"pour valider (?:votre|ta) (?:candidature|inscription|profil|compte)|to validate your (?:application|profile|account)|"
    r"para validar (?:tu|su|sua) (?:candidatura|perfil|cuenta|conta)|"
    r"aby zacząć|başlamak için|every new hire|per sbloccare|para desbloquear|"
    r"once (?:it'?s|it is|that'?s|you'?ve|you have|you) paid|(?:priority |full |instant )?access to (?:all |the |our |more |premium )*"
    r"(?:jobs|projects|tasks|gigs|clients|work)|"
    r"pour débloquer|para liberar|para receber|để nhận (?:nhiệm vụ|việc|công việc|lương)|ndipo tukupe kazi|"
    r"all (?:new )?(?:writers|hires|freelancers|members|workers|candidates)|mandatory for)\b"
)
_FEE_GATE = _JOB_GATE + (
    r"|\b(?:first|mandatory|required|requires|must|need to|needs to|antes de (?:empezar|comenzar|começar|iniciar)|"
    r"avant de commencer|bevor (?:du|sie) (?:anfängst|anfangen|startest)|sebelum (?:mulai|kerja)|dulu|"
    r"bago (?:magsimula|mag-umpisa)|kabla ya kuanza|pehle|phir kaam|kaam milega|primero|primeiro|d'abord|zuerst|"
    r"kwanza|trước|ndipo upate kazi|uske baad (?:project|kaam) milega|tabhi kaam milega|vous devez|tu dois|"
    r"avant de (?:recevoir|commencer|démarrer|obtenir|travailler)|antes de (?:recibir|receber|trabajar|trabalhar)|"
    r"bevor (?:sie|du) (?:\w{1,12} )?(?:erhalten|bekommen|arbeiten|anfangen))\b"
)
_REIMBURSED = (
    r"\b(?:refundable|reimburs\w{0,5}|refunded|reembols\w{0,5}|rembours\w{0,5}|erstatt\w{0,3}|"
    r"dikembalikan|returned|get it back|devol\w{0,6}|devolv\w{0,5}|devuelv\w{0,5}|te los devolvemos|"
    r"remboursé\w{0,2}|zurück|вернём|вернем|возвращ\w{0,4}|rimbors\w{0,5})\b|\$\d{1,6} back\b"
)
#: Who is paid: the sender, their "partner" or "vendor", or money promised back with pay.
_VENDOR_HINT = (
    r"\b(?:partner|vendor|supplier|our|from us|from me|to me|to us|recommended|approved|fornitore|proveedor|"
    r"fornecedor|fournisseur|lieferant|nostro|nuestro|nosso|notre|unser\w{0,2}|"
    r"first (?:payment|milestone|paycheck|salary|task|week|month))\b"
)
_MONEY = r"[$€£₹₦₱]|\d|\b(?:usd|eur|dollars?|euros?|rupees?|btc|usdt|fee|fees)\b"
#: Money promised back out of the first earnings: "you get it back on your first payout", "fully
#: refunded after your first 10 billed hours", "они вернутся с первой выплатой", "ibabalik po yan sa
#: unang sahod", "bekommen Sie mit der ersten Abrechnung zurück", "refunded once you are booked".
_BACK_WORDS = ("refunded", "reimbursed", "returned", "repaid", "get it back", "get them back", "get this back",
               "get your money back", "paid back", "zurück", "zurückerstattet", "erstattet", "rückerstattet",
               "вернутся", "вернём", "вернем", "возвращаем", "вернут", "ibabalik", "babalik", "dikembalikan",
               "kembali", "reembolsado", "reembolsada", "reembolsados", "devuelto", "devuelta", "devolvido",
               "devolvida", "remboursé", "remboursés", "remboursée", "rimborsato", "rimborsata", "restituito",
               "restituita", "ritorna", "te lo devolvemos", "te devolvemos", "você recebe de volta", "recebe de volta")
_BACK = rf"\b(?:{alt(_BACK_WORDS)})(?!\w)"
_FIRST_EARNINGS = (
    # (the reader's own first pay, not "their first payout" in a feature to build)
    r"(?<!\btheir )(?<!\bhis )(?<!\bher )(?<!\bmy )(?<!\bour )\b(?:first|1st|erste[nmr]?|primer[oa]?|primeir[oa]|premi(?:er|ère)|перв\w{0,3}|unang|pertama|prima|primo)\s"
    r"(?:\d{1,3}\s)?(?:\w{1,10}\s)?(?:payouts?|invoices?|salary|paycheck|pay ?check|payments?|withdrawals?|billed hours|"
    r"hours|earnings|commissions?|abrechnung|auszahlung|gehalt|lohn|выплат\w{0,3}|зарплат\w{0,3}|sahod|gaji|"
    r"pago|pagamento|salário|salario|sueldo|paie|paiement|facture|stipendio|fattura|payroll)\b"
    r"|\bonce (?:you(?:'re| are| get)?|u(?:'re| are)?) (?:booked|hired|placed|paid|start earning)\b"
)
#: A code someone was sent (not an error, source, promo or zip code).
_SENT_CODE = (
    r"\b(?<!error )(?<!status )(?<!source )(?<!promo )(?<!discount )(?<!coupon )(?<!zip )(?<!postal )"
    r"(?<!qr )(?<!area )(?<!country )(?<!html )(?<!css )(?<!color )(?<!colour )(?<!exit )(?<!the source )"
    r"codes?\b(?!\s(?:review|base|snippet|block|editor|change|fix))"
)
_INTERVIEW_WORDS = (
    r"interview\w{0,3}", "onboarding", "onboards", "onboard", "hiring manager", "recruiter", "recruitment", r"(?<![/\d])(?<!per )hr(?!/)",
    "human resources", "screening", "assessment", "orientation", "shortlisted", "selected", "chosen", "congratulations",
    "hiring team", "talent", "colloquio", "entrevista", "entretien", "vorstellungsgespräch", r"собеседовани\w{0,2}",
    "wawancara", "panayam", "mahojiano", "mülakat", "phỏng vấn", "مقابلة", "المقابلة",
)
_INTERVIEW = rf"\b(?:{'|'.join(_INTERVIEW_WORDS)})\b"
_CHAT_APP = r"\b(?:telegram|whatsapp|signal|wechat|discord|hangouts|kik|line app|tg|wa|teams chat|skype chat|google chat|"\
    r"text chat|chat interview|(?:app|one) with the (?:paper plane|paper-plane|blue plane)(?: icon| logo)?|paper plane app|تيليجرام|تليجرام|تلغرام|واتساب|واتس)\b"
#: Paying into an account, in the languages of the traffic (``send`` only with money after it).
_ACCOUNT_PAY_WORDS = ("wire", "transfer", "deposit", "pay", "remit", "chuyển", "bayar", "kirim", "pagar", "pague",
                      "paga", "depositar", "deposite", "virement", "virez", "vire", "ادفع", "حول", "gönder", "yatır",
                      "maak", "stort", "betaal", "киньте", "кинь", "скиньте", "скинь", "переведіть", "переведите",
                      "переказ", "wpłać", "przelej", "pagami", "bonifico", "versa", "versami")
_ACCOUNT_PAY_STEMS = ("depos", "transf", "überweis", "zahl", "envía", "envia", "yatır")
_ACCOUNT_PAY = (rf"\b(?:{alt(_ACCOUNT_PAY_WORDS)}|(?:{alt(_ACCOUNT_PAY_STEMS)})\w{{0,6}}|"
                r"send (?:the |your |me )?(?:money|payment|deposit|fee|rent|advance))\b")
#: Money said around the account number: an amount, or a word of money or of a bank account.
_ACCOUNT_MONEY = (r"[$€£₹₦₱]|\b\d+\s?(?:k|rb|usd|eur|dollars?|euros?)\b|\b(?:deposit|money|payment|fee|rent|advance|"
                  r"anticipo|dinero|pago|biaya|phí|tiền|geld|argent|dinheiro|iban|account|cuenta|conta|konto|compte|stk|"
                  r"rekening|rek|norek|dp|bank|\w{2,12}bank|tài khoản|kaution|caution|depósito|deposito|aluguel|"
                  r"alquiler|borg|huur|bonifico|передоплат\w{0,3}|предоплат\w{0,3}|аванс|карт\w{0,2}|zaliczk\w{0,2}|kaucj\w{0,2})\b")
#: An account number: an IBAN's shape, or eight digits and more in groups (not a date, a price or
#: a phone number's 3-3-4).
_ACCOUNT_NUMBER = r"\b(?:[a-z]{2}\d{2}(?: ?[a-z0-9]{4}){3,7}|\d{4}[ -]?\d{4}(?:[ -]?\d{2,4}){0,5})\b"
#: The desk a fake staff member claims ("the platform's trust and safety team", "platform support"):
#: the last words of the staff claim's alternatives, which its gate holds.
_STAFF_DESKS = (
    "trust (?:&|and) safety", "support", "verification", "security", "safety", "compliance", "billing", "payments?",
    "payout", r"admin\w{0,6}", r"moderat\w{1,6}", "department", "team", "customer (?:service|care|support)", "help ?desk",
    "account review",
)
_STAFF_TEAMS = ("trust (?:&|and) safety", "verification team", "security team", "support team", "compliance team",
                "safety team", "payments team", "billing team")
#: "sou do suporte", "je suis du support", "ich bin vom Support": the word before the desk (or none).
_STAFF_OF = ("do", "da", "del", "de la", "de l'", "du", "de", "vom", "von der", "von", "der", "dari", "ng", "службы", "")
_STAFF_DESKS_ABROAD = ("suporte", "soporte", "support", "segurança", "seguridad", "sécurité", "verificação",
                       "verificación", "vérification", "sicherheit", "keamanan", "verifikasi", "поддержки", "безопасности")
#: What a screenshot must not show ("a screenshot of your payment settings").
_MONEY_SCREENS = ("payment settings", r"bank\w{0,3}", "account number", "card number", "balance", "wallet",
                  "payout settings")
#: What a shared screen must not open ("share your screen and open your bank app").
_MONEY_PLACES = (r"bank\w{0,3}", "payment", "paypal", "wallet", "money")
#: Asking for a secret, and whose it is ("send me your password", "what's ur login").
_ASK_SECRET = ("send", "give", "tell", "share", "what is", "what's", "whats", "need", "reply with", "provide", "type",
               "enter", "confirm", r"bhej\w{0,2}", r"schick\w{0,2}", "senden", "envoyez", "envoie", "manda", "passa",
               "dime", r"скинь\w{0,2}", r"пришли\w{0,2}", "ارسل", "nitumie", "nennen", "nenne", "sagen", "sag",
               "verraten", "brauche", "benötige", "benötigen", "brauchen")
_SECRET_OWNERS = ("your", "ur", "yr", "ihr", "ihre", "ihren", "deine", "deinen", "dein", "votre", "tu", "seu", "sua",
                  "ваш", "твой")
#: The kinds of deposit a fake job asks for ("a refundable deposit", "one-time fee").
_DEPOSIT_KINDS = ("refundable", "security", "one-time", "onboarding", "registration", "application", "joining")
#: The paper a fake-check scam mails.
_CHECKS = ("check", "cheque", "chèque", "cashier'?s check", "money order", "certified check")
#: The chat apps an "easy money" pitch moves to.
_EASY_MONEY_APPS = ("telegram", "whatsapp", "signal", "wechat", "tg", "wa")
#: Equipment a fake employer has a new hire buy "to be reimbursed".
_EQUIPMENT = (
    r"\b(?:laptops?|computers?|macbooks?|imacs?|iphones?|ipads?|monitors?|printers?|equipment|devices?|"
    r"workstations?|work station|office supplies|starter kit|home office setup)\b"
)


#: What ``release_before_work`` releases.
_RELEASED = ("escrow", "payment", "funds", "milestones?", "money")
#: ``private_deal``: the verbs of settling (each may go on with ``\w{0,3}``; "take" opens "take care of"),
#: the thing settled, and the last word of each way of saying "privately" ("in private", "on the side",
#: "between us", "between ourselves", "under the table", "off the books").
_SETTLE_VERBS = ("settle", "handle", "pay", "sort", "arrange", "make", "send", "do", "take")
_SETTLED = ("payment", "payments", "money", "fee", "fees", "invoice", "rest", "balance", "deal", "you", "me", "u")
_PRIVATELY = ("privately", "private", "side", "us", "ourselves", "table", "books")


@cache
def _rules() -> tuple[tuple[_Rule, re.Pattern[str] | _NearMatcher, tuple[re.Pattern[str], ...]], ...]:
    routes = alt(PAYMENT_ROUTES)
    crypto = alt(CRYPTO_WORDS)
    rules = [
        # ---------------------------------------------------------------- payment outside escrow
        _Rule("scam.payment_outside_escrow.route", C.PAYMENT_OUTSIDE_ESCROW,
              _near(rf"\b(?:{routes})\b", rf"\b{_PAY_VERB}\b|\b{_PREFER}\b|\b{_MINE_YOURS}\b|:|@\w|\$\w"
                    rf"|\b(?:details|key|chave|info|ka ba|una|directly)\b|\b(?:me|us) (?:at|on) \+?\d"
                                        # (the amount right before the route: "R$ 190 no Pix"; "$" is where the route starts)
                    r"|(?<![\d.,])\d[\d.,]{0,9} (?:no|na|on|via|by|por|pelo|pela|com|con|in|en|with|über|par|bằng|qua)\s?$", 40),
              0.85, topic=True, escrow=True, past=True),
        _Rule("scam.payment_outside_escrow.direct", C.PAYMENT_OUTSIDE_ESCROW,
              _near(rf"\b{_OFF_ESCROW}\b", rf"\b{_PAY_MONEY}", 50), 0.85, escrow=True, past=True),
        # "can we settle the payment privately?", "I'll pay you under the table"
        _Rule("scam.payment_outside_escrow.private_deal", C.PAYMENT_OUTSIDE_ESCROW,
              rf"\b(?:{'|'.join(_SETTLE_VERBS[:-1])}|take care of)\w{{0,3}}\s(?:(?:the|our|your|my|this|that)\s)?"
              rf"(?:(?:{'|'.join(_SETTLED)})\s)(?:\w{{1,10}}\s)?"
              r"(?:privately|in private|on the side|between us|between ourselves|under the table|off the books)\b",
              0.85, escrow=True, past=True),
        # "Let's use SafeHold instead, it's a licensed escrow service": an escrow other than the platform's
        _Rule("scam.payment_outside_escrow.other_escrow", C.PAYMENT_OUTSIDE_ESCROW,
              r"\b(?:licensed|independent|third[- ]party|private|external|another|other|safer|better|real|outside|my|our|"
              r"a different)\s(?:\w{1,12}\s)?escrow\s(?:services?|sites?|websites?|company|companies|agents?|platforms?|"
              r"accounts?|apps?)\b",
              0.85, topic=True, past=True, stay=True,
              requires=(r"\b(?:use|using|through|via|go with|switch to|instead|deposited|deposit|pay\w{0,3} (?:into|to|via|through))\b",)),
        # "we'll settle the usual way outside": the payment settled outside (not "the dispute outside of court")
        _Rule("scam.payment_outside_escrow.settle_outside", C.PAYMENT_OUTSIDE_ESCROW,
              r"\b(?:settle|settling)\s(?:(?!the dispute|a dispute|disputes)\w{1,10}\s){0,3}?(?:outside|off[- ]platform|"
              r"off the platform)\b(?!\s(?:of\s)?(?:court|the court))", 0.85, escrow=True, past=True),
        # "wire the deposit to DE89 3704 0044 ...", "deposítame el anticipo a mi cuenta BBVA 0152 5550 4418 2270",
        # "chuyển 500k vào STK 1903 5550 1234": money asked for straight into an account number
        _Rule("scam.payment_outside_escrow.account_number", C.PAYMENT_OUTSIDE_ESCROW,
              _ACCOUNT_PAY + r"[^\n.!?]{0,50}?\b(?:to|into|a|al|ke|vào|sang|sur|su|auf|an|para|pra|en|на|naar|op|na)\s"
              r"[^\n.!?\d]{0,40}?" + _ACCOUNT_NUMBER, 0.85, escrow=True, past=True,
              requires=(_ACCOUNT_MONEY,)),  # and eight digits in the message (ScamDetector.detect)
        # ---------------------------------------------------------------- crypto and gift cards
        _Rule("scam.crypto_or_gift_card.crypto_payment", C.CRYPTO_OR_GIFT_CARD,
              _near(rf"\b(?:{crypto})\b", rf"\b{_PAY_VERB}\b|\b{_PREFER}\b|\b(?:address|in usdt|in btc|ile yap\w{{0,4}}|adres\w{{0,4}})\b|\bto (?:0x[0-9a-f]|bc1|"
                    r"t[a-z0-9]{20})|:\s?(?:0x[0-9a-f]|bc1|t[a-z0-9]{20})", 50),
              0.85, topic=True, escrow=True, past=True),
        # "send 25 USDT (TRC20) activation fee to TUGe8m...": an amount of a coin sent to a wallet address
        # for a fee; the address and the fee make it no talk about a payment feature (no topic check)
        _Rule("scam.crypto_or_gift_card.fee_to_wallet", C.CRYPTO_OR_GIFT_CARD,
              r"\b(?:send|pay|deposit|transfer|top up)\w{0,3}\s(?:\w{1,12}\s){0,2}?\d[\d.,]{0,8}\s?"
              r"(?:usdt|usdc|btc|eth|trx|bnb|ltc|sol|doge)\b[^\n]{0,60}?\bto\s(?:0x[0-9a-f]{40}|bc1[a-z0-9]{20,60}|"
              r"t[a-z0-9]{33}|[13][a-z0-9]{25,34})\b"
              # test coins sent while building something are no fee
              r"(?![^\n]{0,80}\b(?:testnet|sepolia|goerli|holesky|devnet|faucet|dapp|smart contract|test of|testing)\b)", 0.9,
              requires=(r"\b(?:fee|fees|unlock\w{0,3}|activat\w{0,5}|upgrade|withdraw\w{0,4}|verification|deposit|"
                        r"registration|membership|task|tasks|vip)\b",)),
        _Rule("scam.crypto_or_gift_card.wallet_activation", C.CRYPTO_OR_GIFT_CARD,
              r"\b(?:activat\w{0,4}|verif\w{1,6}|unlock\w{0,3}|validat\w{0,4}|upgrad\w{0,3}|подтверд\w{0,6}|активир\w{0,6})\s"
              r"(?:\w{1,10}\s){0,2}?(?:wallet|кошел\w{0,3})\b|\bwallet (?:activation|verification|"
              r"validation|upgrade|fee)\b", 0.9, topic=True),
        _Rule("scam.crypto_or_gift_card.investment_pitch", C.CRYPTO_OR_GIFT_CARD,
              _near(r"\b(?:trading|forex|crypto|bitcoin|investment (?:platform|opportunity|plan|"
                    r"group)|invest (?:with|in crypto|in bitcoin)|signals group)\b",
                    r"\b(?:made|make|earn\w{0,3}|profit\w{0,3}|returns?|income|double|guaranteed|"
                    r"teach (?:you|u)|show (?:you|u) how|passive)\b", 50), 0.8, topic=True,
              requires=((r"(?:\b\d[\d.,]{0,8}\s?k\b|\$\s?\d|\b\d{2,3}\s?%|\bper (?:day|week|month)\b|"
                       r"\bteach\b|\bshow you\b|\bjoin\b|\badd me\b|\bdm me\b|\bwhatsapp\b|"
                       r"\btelegram\b)"),)),
        _Rule("scam.crypto_or_gift_card.gift_card", C.CRYPTO_OR_GIFT_CARD,
              _near(GIFT_CARDS, r"\b(?:buy|purchase|get|need|needs|send|scratch\w{0,3}|upload|codes?|pics?|"
                               r"photos?|fine|accept\w{0,3}|pay\w{0,4}|worth|reimburs\w{0,5})\b", 60),
              0.9, topic=True, design=True),
        # ---------------------------------------------------------------- fake check / refunds
        _Rule("scam.fake_check.check_forward", C.FAKE_CHECK,
              _near(rf"\b(?:{'|'.join(_CHECKS)})\b",
                    r"\b(?:deposit\w{0,3}|clears?|cash it|encaiss\w{0,4}|mobile deposit|mail\w{0,3}|fedex|courier|keep \$?\d[\d,.]*|"
                    r"ups|dhl|post|ship\w{0,3}|send (?:you|u))\b", 80), 0.9,
              requires=(r"\b(?:send|forward|wire|zelle|transfer|pay|renvoy|envoy|rembours)\w{0,3}\b" + gap(40)
                       + r"(?:\b(?:the rest|rest|remainder|remaining|balance|difference|extra|excess|surplus|leftover|vendor|the other|"
                         r"supplier|back|le reste|la différence|transporteur)|\$\d|\b\d[\d ]{0,6}\s?€)",)),
        _Rule("scam.fake_check.overpayment_refund", C.FAKE_CHECK,
              _near(r"\b(?:mistakenly|accidentally|by mistake|instead of|too much|overpaid|"
                    r"extra by|twice)\b", r"\b(?:refund|return|send (?:it |the \w+ )?back|send back|"
                    r"give (?:it )?back)\w{0,3}\b", 80), 0.9,
              requires=((rf"\b(?:{routes})\b|\b(?:directly|outside|not through|my account|"
                       r"my card|rent)\b|\b(?:usdt|btc|crypto|gift)"),)),
        # "I funded the milestone with $1,500 by mistake. Please send back the difference before I release
        # it": the overpayment, then the difference asked for back (not "I'll send back the difference")
        _Rule("scam.escrow_manipulation.overpaid_send_back", C.ESCROW_MANIPULATION,
              r"\b(?:mistakenly|accidentally|by mistake|instead of|overpaid|too much)\b[^\n]{0,100}?"
              r"\b(?:please|pls|plz|kindly|can you|could you|can u|just)\s(?:\w{1,8}\s)?(?:send|wire|transfer|pay|refund|"
              r"return)\w{0,2}\s(?:me\s|it\s|us\s)?(?:back\s)?(?:the\s)?(?:difference|extra|excess|rest|balance|remainder)\b",
              0.85, escrow=True, past=True),
        # "mark the order as delivered now and I'll release the funds tomorrow": completion confirmed
        # before the work or the money, so escrow no longer protects anyone
        _Rule("scam.escrow_manipulation.mark_complete_early", C.ESCROW_MANIPULATION,
              r"(?<!\bi )(?<!\bi've )(?<!\bi have )(?<!\bwe )(?<!\bwe've )\b(?:mark|set|confirm|approve)\s"
              r"(?:the |this |my |your |our )?(?:order|job|contract|milestone|project|delivery|work|task)\s(?:#?\d{1,2}\s)?(?:as\s)?"
              r"(?:delivered|complete|completed|done|finished|received|approved|released|paid)\b", 0.8,
              requires=(r"\b(?:now|first|right away|today|immediately|in advance|before (?:you|i) (?:start|deliver|"
                        r"finish|begin|get|send))\b",
                        r"\b(?:tomorrow|later|after(?:wards)?|next week|promise|trust me|i swear|then i'?ll|then we'?ll)\b")),
        # "Release the full escrow now and I'll start today": the money out of escrow before the work
        _Rule("scam.escrow_manipulation.release_before_work", C.ESCROW_MANIPULATION,
              r"(?<!\bi )(?<!\bi'll )(?<!\bwe )(?<!\bwe'll )(?<!\bwill )\brelease\s(?:the |your |all |my )?(?:full |whole |entire |"
              rf"complete |rest of the |total )?(?:{'|'.join(_RELEASED)})\b"
              r"(?:\s(?:\w{1,10}\s){0,2}?(?:now|first|today|upfront|up front|in advance|before)\b)", 0.8,
              requires=(r"\b(?:i'?ll start|i will start|then i'?ll|before i start|before starting|start today|start right away|"
                        r"promise|trust me|previous clients|i swear|i'?ll deliver|i will deliver|deliver tomorrow)\b",)),
        # "just approve the $1,900 damage claim I filed, that's how the platform sends your deposit back":
        # a claim on the escrow dressed up as the way the platform works
        _Rule("scam.escrow_manipulation.approve_claim", C.ESCROW_MANIPULATION,
              _near(r"\b(?:damage|refund|release|extra|additional|cleaning|deposit)\s(?:claim|request|charge)s?\b",
                    r"\b(?:approve|accept|confirm)\s(?:it|the|my|this|that)\b", 80), 0.8,
              requires=(r"\b(?:how (?:the platform|deposits?|refunds?|it) (?:works?|sends?|gets?|returns?|refunds?)|"
                        r"how deposits? (?:get|are) (?:returned|refunded|sent back)|(?:refunds?|sends?|returns?) (?:you|your)"
                        r"(?: \w{1,10})? (?:the )?(?:same day|faster|quicker|sooner|back faster)|formality|or it (?:locks|expires|"
                        r"closes|cancels)|before midnight|back faster)\b",)),
        # "just hit 'Approve & Release' first, the download link only activates after the payment is
        # released": the release asked for before the work is handed over
        _Rule("scam.escrow_manipulation.approve_first", C.ESCROW_MANIPULATION,
              r"\b(?:click|hit|press|tap|select)\s['\"“‘]?(?:approve|release|accept|complete|confirm)\w{0,3}"
              r"(?:\s?(?:&|and|\+)\s?(?:release|pay|close)\w{0,3})?['\"”’]?\s(?:\w{1,10}\s)?first\b", 0.8,
              requires=(r"\b(?:files?|download\w{0,3}|links?|deliver\w{0,5}|unlock\w{0,3}|activat\w{0,3})\b"
                        r"[^\n]{0,80}?\b(?:after|once|only when|as soon as)\b",)),
        _Rule("scam.escrow_manipulation.refund_or_dispute", C.ESCROW_MANIPULATION,
              _near(r"\b(?:accept|start)\w{0,3}\s(?:the |my |this )?(?:contract|offer|job)\b",
                    r"\b(?:request|ask for|click|open|file)\w{0,3}\s(?:a |the )?\W?(?:refund|"
                    r"dispute|chargeback)", 90), 0.8),
        # ---------------------------------------------------------------- advance fee
        _Rule("scam.advance_fee.pay_to_unlock", C.ADVANCE_FEE, _near(_FEE_OBJECT_STRONG, _FEE_PAY, 60),
              0.85, requires=(_FEE_GATE + "|" + _REIMBURSED, _MONEY)),
        _Rule("scam.advance_fee.pay_to_start", C.ADVANCE_FEE, _near(_FEE_OBJECT, _FEE_PAY, 60), 0.85,
              requires=(_JOB_GATE, _MONEY)),
        _Rule("scam.advance_fee.deposit_to_start", C.ADVANCE_FEE,
              rf"\b(?:{'|'.join(_DEPOSIT_KINDS)}) (?:deposit|fee|payment)\b", 0.8, requires=(_FEE_GATE, _MONEY)),
        _Rule("scam.advance_fee.reimbursed_purchase", C.ADVANCE_FEE, _near(_FEE_OBJECT, _FEE_PAY, 60),
              0.8, requires=(_REIMBURSED, _VENDOR_HINT, _MONEY)),
        # "It's $89, you get it back on your first payout": a payment now, promised back out of the
        # first earnings, is what an advance fee says of itself (an honest cost is simply billed)
        _Rule("scam.advance_fee.back_from_first_pay", C.ADVANCE_FEE, _near(_BACK, _FIRST_EARNINGS, 40), 0.85, past=True,
              requires=(r"[$€£₹₦₱]|\b\d[\d.,]{0,9}\s?(?:k|usd|eur|usdt|rp|rb|ribu|dollars?|euros?|reais|pesos)\b|\b(?:rp|r\$|php|inr|usd)"
                        r"\s?\d|\b(?:fee|fees|cost|costs|price|deposit|gebühr\w{0,2}|taxa|frais|biaya|cuota|tassa|"
                        r"пополн\w{0,6}|взнос\w{0,2}|bayad|ada)\b",)),
        # "buy the laptop first and we will reimburse you": the fake-job equipment purchase
        _Rule("scam.advance_fee.equipment_purchase", C.ADVANCE_FEE, _near(_EQUIPMENT, _FEE_PAY, 40),
              0.85, topic=True, requires=(_REIMBURSED,)),
        # "we'll send you $3000 for the home office, buy the equipment from our vendor"
        _Rule("scam.fake_check.equipment_vendor", C.FAKE_CHECK,
              _near(_EQUIPMENT + r"|\bhome office\b", r"\b(?:our|their|the company'?s|approved|recommended|designated) "
                    r"(?:vendor|supplier|partner|store|provider)\b", 80), 0.85, topic=True,
              requires=(r"\b(?:check|cheque|money order)\b|\b(?:send|sent|mail|deposit|transfer|wire)\w{0,3}\b"
                        + gap(40) + r"(?:[$€£]\s?\d|\d)",)),
        # "you need a licensed copy - buy it only from our partner vendor": a purchase the job requires,
        # from the "employer's" own shop
        _Rule("scam.advance_fee.partner_purchase", C.ADVANCE_FEE,
              r"(?<!\bwe )(?<!\bi )(?<!\bwe'll )(?<!\bi'll )"
              r"\b(?:buy|purchase|acquire|acquistare|acquista|comprar|compra|kaufen|acheter|achetez)\w{0,3}\s"
              r"[^\n.!?]{0,40}?\b(?:from|dal|da|del|de|bei|chez)\s(?:our|nostro|nuestro|nosso|notre|unser\w{0,2}|"
              r"the company'?s)\s(?:\w{1,12}\s)?(?:partner|vendor|supplier|reseller|fornitore|proveedor|fornecedor|"
              r"fournisseur|partenaire|lieferant)\b", 0.85, topic=True,
              requires=(r"\b(?:only|must|need|needs|required|requires|mandatory|to use|before|devi|debes|precisa|"
                        r"müssen|musst|dois|unlock|sbloccare)\b",
                        r"\b(?:you|u|your|devi|debes|precisa|musst|dois|tu|vous|du|sie|before starting|only)\b")),
        # "ada biaya pendaftaran Rp 150.000 dulu ya", "there is a registration fee of $30 before you start": the fee
        # and its amount, no verb of paying
        _Rule("scam.advance_fee.fee_amount", C.ADVANCE_FEE,
              _FEE_OBJECT_STRONG + r"(?:\s(?:fee|fees|biaya|de|di|of|sebesar|von|do|da))?\s(?:\w{1,10}\s){0,2}?"
              r"(?:[$€£₹₦₱]\s?\d|rp\.?\s?\d|r\$\s?\d|\d[\d.,]{0,9}\s?(?:usd|eur|dollars?|euros?|rupiah|ribu|rb|k)\b)", 0.8,
              topic=True, requires=(_FEE_GATE + "|" + _REIMBURSED,)),
        # "Just prepay each task set and get 30% commission back": the task scam (pay in to unlock each set)
        _Rule("scam.advance_fee.task_prepay", C.ADVANCE_FEE,
              r"\b(?:prepay|pre-pay|prepaid|top up|top-up|recharge|deposit)\w{0,3}\s(?:\w{1,10}\s){0,3}?"
              r"(?:tasks?|task sets?|orders?|sets?)\b"
              # "then top up $50 to unlock your commission"
              r"|\b(?:top up|top-up|recharge|deposit)\w{0,3}\s(?:\w{1,10}\s){0,2}?(?:[$€£]\s?\d[\d,.]*|\d[\d,.]*\s?(?:usd|usdt|eur))"
              r"\s(?:\w{1,10}\s){0,2}?to (?:unlock|release|withdraw|claim)\b", 0.8, topic=True,
              requires=(r"\b(?:commission|earn\w{0,3}|profit|bonus|returns?|cashback|back after)\b",)),
        # "kindly send $30 for the training materials before you can start"
        _Rule("scam.advance_fee.send_fee_to_start", C.ADVANCE_FEE,
              _near(r"\bsend\s(?:me\s|us\s)?(?:[$€£₹₦₱]\s?\d|\d{1,5}\s?(?:usd|eur|dollars?|euros?)\b)",
                    _FEE_OBJECT_STRONG + "|" + _FEE_OBJECT, 50), 0.85, requires=(_JOB_GATE,)),
        # ---------------------------------------------------------------- credentials
        _Rule("scam.credentials.code_request", C.CREDENTIALS, _near(_CODE, _GIVE_CODE, 50), 0.9,
              topic=True, platform=True),
        # "forward me the verification code Google sends you": a code sent to the reader, asked for by the
        # writer; a job topic later in the sentence ("to link your channel to my dashboard") is the pretext,
        # unless the message is about building the code flow
        _Rule("scam.credentials.code_sent_to_you", C.CREDENTIALS,
              r"\b(?:forward|send|give|tell|read|pass|share|text)\s(?:me|us)\s(?:the\s|that\s|your\s)?(?:\w{1,14}\s)?"
              r"(?:code|otp|pin|passcode)\s(?:that\s|which\s)?(?:\w{1,12}\s)?(?:sends?|sent|texts?|texted|emails?|emailed|gives?|"
              r"will send)\s(?:you|u)\b"
              r"(?![^\n]{0,200}\b(?:implement\w{0,6}|integrat\w{0,6}|api|sdk|endpoint|webhook|unit tests?|test users?|"
              r"sandbox|staging)\b)", 0.9, platform=True),
        # "te llegó un código por sms? pásamelo", "Du bekommst gleich eine SMS mit einem Bestätigungscode.
        # Schick ihn mir": the code, then the ask for it in the next sentence
        _Rule("scam.credentials.code_then_ask", C.CREDENTIALS,
              # the ask names the code it asks for: "send it", "pásamelo", "me fala ele", "schick ihn mir"
              rf"(?:{_CODE})" + gap(40) + rf"[.?!]\s{{0,3}}(?:\w{{1,10}}\s)?(?:\b(?:{alt(_GIVE_CODE_WORDS)})\s"
              r"(?:it|them|that one|ele|ela|lo|la|mo|over|ihn|es|le)\b|\b(?:" + alt(_GIVE_CODE_STEMS) + r")"
              r"(?:lo|la|los|las|\w{0,3}\s(?:ihn|es|le|la|lo))\b)",
              0.9, topic=True, platform=True),
        # "what's the code you got? I sent it by mistake to your phone"
        _Rule("scam.credentials.code_sent_by_mistake", C.CREDENTIALS,
              _SENT_CODE + r"[^\n]{0,80}?\b(?:by mistake|accidentally|by accident|wrong number)\b"
              r"|\b(?:by mistake|accidentally|by accident|wrong number)\b[^\n]{0,80}?" + _SENT_CODE,
              0.9, topic=True, requires=(_GIVE_CODE, r"\b(?:phone|sms|text|texted|numbers?|digits|whatsapp|email|e-mail)\b")),
        # "you'll get a text with a code from the platform in a sec ... just read it back to me": the code
        # announced, and asked for (an instruction to enter it on a page asks nothing)
        _Rule("scam.credentials.code_incoming", C.CREDENTIALS,
              r"\b(?:you'?ll|you will|u will|u'?ll) (?:get|receive|see) (?:a |an )?(?:\w{1,10}[ -]){0,3}(?:a |an )?"
              r"(?:code|otp|sms)\b" + gap(30) + r"(?:sms|text|phone|email|second|sec|minute|moment|now)",
              0.65, topic=True,
              requires=(r"\b(?:to me|me the|send (?:it|me|that)|read (?:it|them|that) (?:back|out|to me)|tell me|"
                        r"give (?:it|me)|share (?:it|that)|paste (?:it|that)|forward (?:it|me)|type it here|"
                        r"(?:it|them) here|reply with|what(?:'s| is) (?:it|the code))\b",)),
        _Rule("scam.credentials.password_request", C.CREDENTIALS,
              _near(rf"\b(?:{'|'.join(_ASK_SECRET)})\b" + gap(28) + rf"\b(?:{'|'.join(_SECRET_OWNERS)})\b",
                    _PASSWORD, 16, rare="b"),
              0.9, topic=True, project=True),
        # "me manda a senha da sua conta", "dame la contraseña de tu cuenta": the owner after the noun
        _Rule("scam.credentials.account_password", C.CREDENTIALS,
              r"\b(?:me manda|manda|me passa|passa|envía\w{0,3}|envia\w{0,3}|dame|dime|pásame|pasame|mándame|mandame|"
              r"donne-moi|envoie-moi|give me|send me|tell me)\s(?:\w{1,10}\s)?(?:a |la |el |o |le |the )?"
              r"(?:senha|contraseña|contrasena|clave|password|mot de passe|passwort)\s(?:\w{1,10}\s)?(?:da|de|do|of|du)\s"
              r"(?:sua|seu|tu|tua|your|votre|ta|ton)\b"
              # "me passa o login e a senha": the login and its password asked for together
              r"|\b(?:me passa|passa|me manda|manda|pásame|pasame|dame|mándame|mandame)\s(?:o |el |tu |seu |sua )?"
              r"(?:login|usuário|usuario|user)\s(?:e|y)\s(?:a |la |tu |sua )?(?:senha|contraseña|contrasena|clave)\b",
              0.9, topic=True, project=True),
        # "şifreni atar mısın", "podaj mi hasło", "stuur je wachtwoord": the owner in the word or after the verb
        _Rule("scam.credentials.password_other_languages", C.CREDENTIALS,
              r"\bşifre(?:ni|nizi|n)\s(?:\w{1,10}\s)?(?:at|gönder|ver|söyle|yaz|paylaş)\w{0,8}"
              r"|\b(?:podaj|wyślij|daj|prześlij)\s(?:mi\s)?(?:swoje\s|twoje\s)?hasło\b"
              r"|\b(?:stuur|geef)\s(?:me\s)?(?:je|jouw|uw)\s(?:\w{1,10}\s)?wachtwoord\b"
              r"|\b(?:gửi|cho)\s(?:mình|em|anh|tôi|chị)\s(?:xin\s)?(?:\w{1,10}\s)?mật khẩu\b"
              r"|\b(?:kirim|kasih|kirimkan|berikan)\s(?:aku\s|saya\s|ke saya\s)?(?:kata sandi|sandi|password)\s(?:akun\s)?(?:kamu|anda|mu)\b"
              r"|(?:أرسل|ارسل|ابعت|ابعث|اعطني|عطني)\s(?:لي\s)?(?:\w{1,10}\s)?(?:كلمة المرور|كلمة السر|الباسورد|الرقم السري)"
              # Hinglish: "apna login aur password de do", "apna password bhejo"
              r"|\b(?:apna|apni|apne|tumhara|tera|aapka)\s(?:\w{1,10}\s){0,3}?(?:password|pass|login)\s"
              r"(?:de do|dedo|de dena|bhejo|bhej do|bata do|batao|share karo|send karo)\b",
              0.9, topic=True, project=True),
        # "send me the password for your business email": the password of the reader's own mailbox or bank,
        # which no project needs even when the job is a store or a domain
        _Rule("scam.credentials.personal_password", C.CREDENTIALS,
              r"\b(?:send|give|tell|share|need|what(?:'s| is)|type|paste|dm|text)\s(?:\w{1,10}\s){0,3}?(?:the\s)?"
              r"(?:password|passcode|login)\s(?:for|to|of)\s(?:your|ur)\s(?:\w{1,10}\s)?(?:email|e-mail|gmail|outlook|"
              r"hotmail|yahoo|mailbox|inbox|bank|banking|paypal|apple id|icloud|facebook|instagram|whatsapp)\b", 0.9,
              topic=True),
        _Rule("scam.credentials.disable_2fa", C.CREDENTIALS,
              r"\b(?:turn off|disable|remove|deactivate|switch off)\s(?:the |your |ur )?"
              r"(?:2fa|two[- ]factor|2-step|two[- ]step|authenticator)\b", 0.85, topic=True),
        _Rule("scam.credentials.id_documents", C.CREDENTIALS,
              _near(r"\b(?:photo|picture|pic|copy|copie|copia|cópia|scan|selfie|image|send|share|foto|stuur|zdjęcie|"
                    r"wyślij|fotoğraf\w{0,3}|skan|zdjęcia|фото|пришлите|пришли|скан|"
                    r"upload|what is|what's|whats|provide|envoyer|enviar|schick\w{0,2}|give|need)\b",
                    _ID_DOC, 50, rare="b"), 0.85, topic=True, platform=True),
        _Rule("scam.credentials.account_screenshot", C.CREDENTIALS,
              _near(r"\b(?:screenshot|screen ?shot|photo|picture)\b",
                    rf"\b(?:{'|'.join(_MONEY_SCREENS)})\b", 50), 0.8, topic=True),
        _Rule("scam.credentials.remote_banking", C.CREDENTIALS,
              _near(r"\b(?:share your screen|screen ?share|open your|anydesk|teamviewer|"
                    r"remote access|remote desktop)\b",
                    rf"\b(?:{'|'.join(_MONEY_PLACES)})\b", 50), 0.85),
        # "install AnyDesk so our IT can set up your work computer": remote control of the victim's machine
        _Rule("scam.credentials.remote_access_tool", C.CREDENTIALS,
              r"\b(?:install|download|run|open|set ?up|use)\w{0,3}\s(?:\w{1,10}\s)?(?:anydesk|teamviewer|rustdesk|"
              r"ultraviewer|supremo|quick ?assist|chrome remote desktop)\b", 0.85, topic=True,
              requires=(_JOB_GATE + r"|\b(?:our it|it team|it department|hired|hiring|onboarding|interview\w{0,3}|"
                        r"set up your (?:work |new )?(?:computer|laptop|pc|device)|bank\w{0,3}|payment|refund|wallet|"
                        r"payout)\b",)),
        # ---------------------------------------------------------------- account rental
        _Rule("scam.account_rental.rent_account", C.ACCOUNT_RENTAL,
              r"\b(?:rent|rental|renting|borrow|lend|lease|pinjam|pahiram|hiram\w{0,4}|alquil\w{0,4}|rentar|"
              r"empresta\w{0,2}|emprestar|presta\w{0,2}|prestar|prêtez|prêter|prêtes|"
              r"arrend\w{0,4}|alugar|aluguel|mieten|louer|аренд\w{0,4}|одолж\w{0,4}|kodisha)\b"
              + gap(25) + r"\b(?:account|akun|akaun|cuenta|conta|konto|compte|аккаунт\w{0,2}|"
              r"akaunti|profile)\b"
              # "дать свой аккаунт в аренду", "akun kamu disewakan": the account first (Russian and Indonesian only:
              # "an account for rent payments", "ein Konto für die Mieten" are bookkeeping)
              r"|\b(?:akun|akaun|cuenta|conta|konto|compte|аккаунт\w{0,2}|akaunti|hesab\w{0,4})\b" + gap(25)
              + r"\b(?:аренд\w{0,4}|disewa\w{0,3}|disewakan|sewakan|dipinjam\w{0,3}|pinjamkan|kirala\w{0,6})\b", 0.9,
              past=True),
        _Rule("scam.account_rental.use_account", C.ACCOUNT_RENTAL,
              r"\b(?:use|access(?: to)?|log ?in(?: to)?|buy|purchase|operate|work (?:on|from|under|through)|bid (?:from|under|"
              r"through|with)|run (?:my |the )?(?:orders|jobs|gigs|projects|bids|proposals|contracts|clients) (?:on|from|through|under))\s(?:your|ur|yr|their|someone'?s|another person'?s|"
              r"(?:my|a) (?:friend|brother|sister|cousin|relative|colleague|partner|uncle|aunt)'?s)\s"
              r"(?:\w{1,10}\s)?(?:account|profile)\b"
              # "my friend's account is verified, I'll log in and bid with it"
              r"|\b(?:my|a) (?:friend|brother|sister|cousin|relative|colleague|uncle|aunt)'?s "
              r"(?:\w{1,10} )?(?:account|profile)\b(?=" + gap(60) + r"\b(?:log\s?in|bid|apply|work|use)\w{0,3}\b)"
              # "my account got suspended, can I use yours?"
              r"|\bwork (?:under|on|from) (?:yours|your one|ur one)\b"
              r"|\b(?:use|borrow|rent|work from|bid from)\s(?:yours|your one|ur one)\b(?=.{0,80}(?:\d{1,2}\s?%|\b(?:split|"
              r"share|per month|weekly|monthly|every (?:job|project|week|month))\b))"
              # "you'll work under my account, I keep 30%": the work done under someone else's name
              r"|\b(?:you(?:'ll| will| would| can)?|u(?:'ll| will)?)\s(?:\w{1,10}\s)?(?:work|bid|deliver|apply)\s"
              r"(?:on|from|under|through|with|using)\s(?:my|our|his|her)\s(?:\w{1,10}\s)?(?:account|profile)\b(?!'s)", 0.85,
              requires=((r"\d{1,2}\s?%|\b(?:bid\w{0,3}|proposals?|apply (?:to|for) jobs|jobs here|split|every (?:job|project)|"
                       r"\d{2}/\d{2}|per month|a month|monthly|every month|"
                       r"my country|not supported|in your favou?r|rent|weekly|per week|a week|"
                       r"every week)\b|/\s?(?:week|wk|month|mo|day)\b|"
                       r"\bmine (?:got|was|is|has been) (?:suspended|banned|blocked|restricted|closed)\b|"
                       r"\bi'?ll (?:give|pay) (?:you|u) [$€£]?\d"),)),
        # "do you have a verified account with good rating? I'd pay $80/week to use it": money for the
        # use of an account whose standing is the point
        _Rule("scam.account_rental.pay_to_use", C.ACCOUNT_RENTAL,
              r"\b(?:your|ur|do you have an?|do u have an?|you have an?|u have an?|got an?)\s(?:\w{1,10}\s)?"
              r"(?:verified|top[- ]rated|good rating|high rating|rated|aged|old|established|level [12])\s"
              r"(?:\w{1,12}\s){0,3}?(?:account|profile)\b[^\n]{0,160}?\b(?:i'?d|i'?ll|i can|i will|we'?d|we'?ll|we can|"
              r"we will|i)\s(?:\w{1,8}\s)?(?:pay|give you|rent)\w{0,3}\s[^\n]{0,30}?"
              r"\bto use (?:it|them|your account|yours|your profile)\b"
              # "Vi que sua conta é Top Rated ... Te pago R$ 500 por mês pra eu usar ela"
              r"|\b(?:sua conta|tu cuenta|your account)\b[^\n]{0,160}?\b(?:te pago|eu pago|pago|te doy|te dou|i'?ll pay you)\b"
              r"[^\n]{0,40}?\b(?:pra|para)\s(?:eu\s|yo\s)?usar\b", 0.85),
        _Rule("scam.account_rental.identity", C.ACCOUNT_RENTAL,
              r"\b(?:verify|verif\w{1,6}|register|open|create)\s(?:\w{1,10}\s){0,2}?(?:account|profile)"
              r"\s(?:\w{1,10}\s)?(?:with|using|in|under)\s(?:your|ur)\s(?:\w{1,10}\s)?(?:id|identity|"
              r"name|documents?|face|selfie|details)\b|\b(?:use|borrow)\s(?:your|ur)\s(?:id|identity|"
              r"documents|ssn|name and)\b", 0.9),
        _Rule("scam.account_rental.share_login", C.ACCOUNT_RENTAL,
              _near(r"\b(?:give|send|share|pass)\s(?:you|u)\s(?:my|his|her|our|the|their)\s"
                    r"(?:\w{1,10}\s)?(?:login|password|credentials|account)\b|\blog (?:in|into)"
                    r"(?: to)? (?:my|his|her) account\b|\bpass me the login\b",
                    r"\b(?:proposals?|bid\w{0,3}|under (?:his|her|my) name|reviews|my name|"
                    r"in your name|as me|(?:his|her) (?:profile|account)|split\w{0,3}|earnings|\d{2}/\d{2}|jobs for me)\b", 120), 0.85),
        _Rule("scam.money_mule.receive_and_forward", C.MONEY_MULE,
              _near(r"\b(?:receive|accept|collect|get)\w{0,3}\s(?:the |my |our )?(?:money|payments?|"
                    r"funds|transfers?|deposits?)\b|\breceiv\w{1,3} (?:\w{1,10} ){0,3}?(?:packages?|parcels?|shipments?|goods|boxes)\b",
                    r"\b(?:forward|reship\w{0,4}|re-ship\w{0,4}|send (?:it|them|the rest|\d)|transfer (?:it|them)|"
                    r"keep \d{1,2}\s?%|ship them)(?!\w)", 80), 0.85),
        # ("at" may come spelled as "@": the normalizer reads "parcels at home" as "parcels@home")
        # "you receive parcels at home, repack them and ship to our overseas clients using prepaid labels":
        # the reshipping job (the goods are bought with stolen cards; the home address hides the buyer)
        _Rule("scam.money_mule.reship_from_home", C.MONEY_MULE,
              r"\b(?:receiv|accept|collect|get|ship|send|deliver)\w{0,3}\s(?:\w{1,12}\s){0,3}?(?:packages?|parcels?|shipments?|goods|boxes|"
              r"items|deliveries)(?:\s(?:\w{1,12}\s){0,2}?(?:at|to|in)\s|@)(?:your\s|ur\s)?(?:home|house|apartment|flat|"
              r"address|place)\b", 0.85, topic=True,
              requires=(r"\b(?:repack\w{0,3}|re-pack\w{0,3}|reship\w{0,4}|re-ship\w{0,4}|relabel\w{0,3}|prepaid labels?|"
                        r"ship (?:it |them )?(?:to|abroad|overseas)|forward (?:it|them))\b",)),
        # ---------------------------------------------------------------- phishing and malware
        _Rule("scam.phishing.verify_account_link", C.PHISHING,
              _near(r"\b(?:verify|confirm|claim|restore|unlock|reactivate|validate|appeal|"
                    r"click here|click the link|click below|verifica|verifique|verificar|confirma|confirme|confirmar|"
                    r"vérifiez|vérifier|confirmez|bestätigen|bestätige|verifizieren|verifikasi|konfirmasi|"
                    r"подтвердите|подтверди)\b",
                    r"\b(?:your|ur) (?:account|payout|payment|funds|earnings|identity|"
                    r"wallet|password)\b|\b(?:suspend\w{0,4}|locked|on hold|expire\w{0,2}|"
                    r"within \d{1,2} ?h\w{0,4}|flagged|disabled|deactivat\w{0,4}|permanent\w{0,2}|"
                    r"terminat\w{1,4}|closed|banned|restricted|suspendida|suspendido|suspensa|suspenso|suspendu\w{0,2}|"
                    r"gesperrt|ditangguhkan|diblokir|bloqueada|bloqueado|bloqué\w{0,2}|заблокирован\w{0,2}|"
                    r"tu cuenta|sua conta|seus dados|tus datos|votre compte|ton compte|dein konto|ihr konto|akun anda|"
                    r"akun kamu|ваш аккаунт|(?:you'?re|you are|ur) (?:a )?real (?:person|human)|not a (?:bot|robot))\b",
                    60), 0.85, link=True),
        _Rule("scam.phishing.urgent_link", C.PHISHING,
              r"\b(?:your|ur) (?:account|payout|payment|funds|earnings|profile|wallet)\s(?:will be|has been|"
              r"is|was|are|have been)\s(?:\w{1,12}\s)?(?:suspend\w{0,4}|terminat\w{1,4}|closed|locked|"
              r"on hold|frozen|flagged|disabled|deactivat\w{1,4}|restricted|banned|limited)\b", 0.85,
              link=True, requires=((r"\b(?:click|verify|confirm|appeal|log ?in|sign ?in|claim|restore|"
                                   r"unlock|reactivate|visit|go to|open)\b"),)),
        # "your payment failed, pay again or it cancels tonight: secure-checkout-staybook.com/pay/88213"
        _Rule("scam.phishing.repay_link", C.PHISHING,
              r"\b(?:pay (?:again|once more|a second time)|re-?pay|re-?submit (?:the |your )?payment|"
              r"re-?enter (?:your )?card|update (?:your )?(?:payment|card|billing) (?:details|info|method))\b",
              0.85, link=True, topic=True,
              requires=(r"\b(?:failed|glitch\w{0,3}|declined|didn'?t go through|cancel\w{0,3}|tonight|today|expire\w{0,2}|"
                        r"secure|verify|urgent\w{0,2}|or (?:it|the booking|your booking))\b",)),
        # "You won our lottery! Claim your $500 prize at claim-bonus.net"
        _Rule("scam.phishing.prize_claim", C.PHISHING,
              r"\b(?:claim|redeem|collect|withdraw)\w{0,3}\s(?:your\s|the\s|this\s)?(?:free\s)?"
              r"(?:[$€£]\s?\d[\d,.]{0,9}k?\s|\d[\d,.]{0,9}\s?(?:usd|eur|dollars?|euros?)\s)?"
              r"(?:prize|reward|bonus|winnings|gift|cash ?back|jackpot)\b"
              r"|\b(?:won|winner of|winning)\s(?:our |the |a |this )?(?:\w{1,12}\s)?(?:lottery|giveaway|raffle|"
              r"sweepstakes?|jackpot|prize|reward)\b", 0.85, link=True, topic=True),
        _Rule("scam.phishing.external_sign_in", C.PHISHING,
              r"\b(?:sign|log)[ -]?in (?:(?:to|on|at) (?:this|the|my|our|that) (?:page|site|link|portal|form|website) |"
              r"(?:here|there|below|now|at this link) )?"
              r"(?:with|using) (?:your|ur) (?:\w{1,12} )?(?:account|email|credentials|password|login)\b", 0.85, link=True),
        _Rule("scam.phishing.malware_download", C.PHISHING,
              r"\.(?:exe|msi|apk|scr|bat|cmd|jar|vbs|ps1|dmg|pkg)\b|\brun (?:it |this |the \w{1,10} )?"
              r"as (?:an )?admin\w{0,8}\b|\b(?:disable|turn off) (?:your )?(?:antivirus|defender|"
              r"firewall)\b", 0.85, link=True,
              requires=((r"\b(?:before (?:you |we )?start\w{0,3}|first|to start|to begin|required|"
                        r"mandatory|as admin\w{0,8}|to (?:view|open|see|access|read)|time tracker|"
                        r"tracker|antivirus|our company|our (?:software|tool|app)|run it|open it|install it|just run)\b"),)),
        _Rule("scam.phishing.app_install", C.PHISHING,
              r"\b(?:download|install)\w{0,3}\s(?:(?:our|the|this|my|a)\s)?(?:\w{1,12}\s)?(?:app|apk|software|tool|"
              r"client|program|extension|plugin|tracker|agent|launcher|installer|viewer|reader|player|codec|driver|setup)\b",
              0.85, link=True, topic=True,
              requires=((r"\b(?:interview|onboarding|before (?:you |we )?start\w{0,3}|to start|to begin|required|"
                         r"mandatory|first)\b"),
                        (r"(?:bit\.ly|tinyurl|t\.co/|is\.gd|cutt\.ly|rb\.gy|\.apk\b|mega\.nz|mediafire|"
                         r"drive\.google|dropbox|wetransfer|\.(?:xyz|top|site|online|click|link|live|support)\b)"))),
        # ---------------------------------------------------------------- fake support
        _Rule("scam.fake_support.staff_claim", C.FAKE_SUPPORT,
              r"(?:\b(?:this is|i'?m|i am|im|we are|we'?re|from|on behalf of|(?:i |we )?work(?:ing)? (?:for|at|with))\s|"
              r"^\s?[-–—]\s?|\n\s?[-–—]\s?)"
              r"(?:(?:the|your)\s)?(?:(?:platform|marketplace|site|official)(?:'s)?\s)"
              rf"(?:\w{{1,12}}\s)?(?:{'|'.join(_STAFF_DESKS)})\b"
              r"|\b(?:this is|i'?m from|i am from|we are from|(?:i'?m|i am|this is) \w{1,15} from)\s"
              r"(?:the\s)?(?:\w{1,15}\s)?"
              rf"(?:{'|'.join(_STAFF_TEAMS)})\b"
              # "sou do suporte da plataforma", "soy del equipo de soporte", "je suis du support"
              r"|\b(?:sou|somos|soy|je suis|nous sommes|ich bin|wir sind|saya dari|kami dari|ako ay (?:mula )?sa|"
              rf"я из|мы из|mimi ni|nitoka)\s(?:{'|'.join(_STAFF_OF)})\s?"
              r"(?:equipo de |equipe de |équipe (?:de |du )?|time de |tim |team |service |servicio de )?"
              rf"(?:{'|'.join(_STAFF_DESKS_ABROAD)})\b"
              # the platform's own staff, not a support job at some company
              r"(?=[^.!?\n]{0,40}\b(?:plataforma|plateforme|plattform|platform|площадк\w{0,2}|платформ\w{0,2}|"
              r"marketplace|jukwaa)\b)", 0.9,
              requires=((r"\b(?:code|password|verify|verif\w{1,6}|confirm|suspend\w{0,4}|on hold|"
                       r"flagged|locked|release|contact|whatsapp|telegram|click|link|reply with|"
                       r"tell us|identity|within \d{1,2}|24 ?h|login|log in|confirm\w{0,3}|código|codigo|senha|"
                       r"contraseña|dados|datos|données|daten|data|suspend\w{0,4}|bloque\w{0,3}|gesperrt|enlace|"
                       r"link|lien|tautan|код|ссылк\w{0,2}|подтверд\w{0,4})"),)),
        # ---------------------------------------------------------------- fake interview / task
        # the interview and the chat app are often in two sentences ("You're shortlisted! Continue
        # on Telegram"): near within 90 characters of the same line, across sentence ends
        _Rule("scam.fake_interview.chat_app_interview", C.FAKE_INTERVIEW,
              _INTERVIEW + r"[^\n]{0,90}?" + _CHAT_APP + "|" + _CHAT_APP + r"[^\n]{0,90}?" + _INTERVIEW,
              0.85, topic=True, stay=True),
        # "We are hiring product testers ... contact our manager on WhatsApp"
        _Rule("scam.fake_interview.hiring_on_chat_app", C.FAKE_INTERVIEW,
              _near(r"\b(?:we(?:'re| are)\s(?:now\s|currently\s)?hiring|now hiring|hiring now|job offers?|vacanc(?:y|ies)|"
                    r"open positions?|remote positions?)\b",
                    r"\b(?:contact|message|text|add|dm|write to|reach|apply)\w{0,3}\s(?:\w{1,12}\s){0,3}?(?:on|via|at|through)\s"
                    r"(?:whatsapp|telegram|signal|wechat|tg|wa|viber)\b", 120), 0.85, topic=True, stay=True),
        _Rule("scam.fake_interview.task_scam", C.FAKE_INTERVIEW,
              _near(r"\b(?:like|likes|liking|rate|rating|review|follow|subscribe|watch|click)(?:s|ing|ed)?\s"
                    r"(?:(?:&|and|dan|y|e|et|und)\s(?:follow|subscribe|share|comment)\s)?"
                    r"(?:\w{1,10}\s)?(?:youtube|tiktok|instagram|videos?|posts?|products?|hotels?|"
                    r"apps?|ads?|channels?|akun|accounts?)\b",
                    r"\b(?:earn\w{0,3}|paid daily|per (?:like|task|review|click|video)|commission|"
                    r"daily pay|nhận tiền|kiếm tiền|ganar dinero|ganhar dinheiro|gagner de l'argent|geld verdienen|"
                    r"dapat uang|kumita|pata pesa|para kazan|per tugas|langsung cair|\d{1,3} tasks? ?=)\b|\$\s?\d", 50,
                    rare="b"), 0.85, topic=True),
        # "you only like YouTube videos and send screenshots": likes and follows proved by screenshots, the task scam
        _Rule("scam.fake_interview.like_and_screenshot", C.FAKE_INTERVIEW,
              r"\b(?:like|likes|liking|follow|following|subscribe|subscribing)\s(?:\w{1,10}\s){0,2}?(?:youtube|tiktok|"
              r"instagram|videos?|posts?|channels?|pages?|reels?)\b[^\n.!?]{0,40}?\bsend (?:me |us |the |a )?screenshots?\b",
              0.85, topic=True),
        _Rule("scam.fake_interview.easy_money", C.FAKE_INTERVIEW,
              r"\b(?:earn|make|get paid)\s(?:up to\s)?[$€£₹]?\s?\d[\d,.]{0,7}\s?k?\s?(?:\$|usd|€)?\s?"
              r"(?:/|per\s|a\s|each\s)?(?:day|daily|hour|week|task)\b", 0.8,
              requires=(rf"\b(?:{'|'.join(_EASY_MONEY_APPS)})\b",
                        (r"\b(?:simple|easy|online tasks|no experience|from (?:your )?(?:phone|home)|"
                        r"part[- ]time|paid daily|daily|coordinator|mentor)\b"))),
        _Rule("scam.fake_interview.external_form", C.FAKE_INTERVIEW,
              _near(r"\bfill\w{0,3} (?:out |in )?(?:this|the|our) (?:\w{1,10} )?form\b",
                    r"\b(?:interview|proceed|application|apply|onboarding|hiring|shortlist\w{0,3})\b",
                    60), 0.75, link=True),
    ]
    compiled = []
    for r in rules:
        matcher = _NearMatcher(r.pattern) if isinstance(r.pattern, _Near) else compile_fast(r.pattern)
        compiled.append((r, matcher, tuple(compile_fast(q) for q in r.requires)))
    return tuple(compiled)


@cache
def _rule_order() -> dict[str, int]:
    """Rule id -> its place in :func:`_rules` (rules run in that order, only those anchored)."""
    order = {r.rule: i for i, (r, _, _) in enumerate(_rules())}
    if len(order) != len(_rules()):
        raise ValueError("two scam rules share an id")
    return order


@lru_cache(maxsize=512)
def _plan(families: frozenset[str]) -> tuple[tuple[_Rule, re.Pattern[str] | _NearMatcher,
                                                   tuple[re.Pattern[str], ...], tuple[WordGate, ...]], ...]:
    """The rules a set of anchored rule ids runs, in rule order, each with its word gates. The same
    few sets come back message after message: built once each."""
    rules = _rules()
    order = _rule_order()
    return tuple((*rules[i], RULE_GATES.get(rules[i][0].rule, ()))
                 for i in sorted(order[name] for name in families if name in order))


@lru_cache(maxsize=512)
def _plan_gate(families: frozenset[str]) -> WordGate | None:
    """One gate for a whole plan, when each of its rules has gates: the union of their first gates
    (words and stems). It fails exactly when every rule's first gate fails, so a message that
    wakes several gated rules and can fire none costs one check, not one per rule. None when some
    rule of the plan has no gate (the plan must run)."""
    plan = _plan(families)
    if not plan or not all(gates for *_, gates in plan):
        return None
    firsts = [gates[0] for *_, gates in plan]
    return WordGate(frozenset().union(*(g.words for g in firsts)), {p for g in firsts for p in g.prefixes})


@lru_cache(maxsize=512)
def _prepared(families: frozenset[str]) -> tuple[WordGate | None, tuple]:
    """(:func:`_plan_gate`, :func:`_plan`) in one cache lookup for the hot path."""
    return _plan_gate(families), _plan(families)


def _clear_plans() -> None:
    """Forget the plans (after ``RULE_GATES`` changed: tests)."""
    _plan.cache_clear()
    _plan_gate.cache_clear()
    _prepared.cache_clear()


_CODE_WORDS = ("code", "codes", "otp", "pin", "passcode", "2fa", "código", "codigo", "код", "كود", "الكود", "الرمز",
               "kode", "siri", "one-time", "one time", "mã", "msimbo", "kod", "رمز", "haneli", "인증번호", "인증",
               "확인", "验证码", "驗證碼", "认证码", "認証コード", "確認コード", "認証番号")
_ACCOUNT_WORDS = ("account", "accounts", "profile", "akun", "akaun", "cuenta", "conta", "konto",
                  "compte", "аккаунт", "akaunti")
_APP_WORDS = ("telegram", "whatsapp", "signal", "wechat", "discord", "hangouts", "kik", "line app",
              "tg", "wa", "تيليجرام", "تليجرام", "تلغرام", "واتساب", "واتس")
_PAY_WORDS = ("pay", "pays", "paid", "buy", "purchase", "pagar", "quitar", "payer", "zahlen", "bayar", "acheter", "achetez",
              "acquistare", "acquista", "comprare", "compra", "pagare", "lipa", "lipia", "nạp", "đóng", "payez",
              "tuma", "bharna", "bharo", "bhar do", "jama karo", "jama karna",
              "comprar", "compre", "kaufen", "beli", "bilhin", "nunua", "kharid", "bhej", "bhejo",
              "upgrade", "complete a paid", "top up", "top-up", "recharge", "ricarica", "ricaricare", "postepay",
              "via paypal", "via cashapp", "via cash app", "via venmo", "via zelle", "via gcash", "via western union",
              "via moneygram")

_RELATIVES = ("friend", "brother", "sister", "cousin", "relative", "colleague", "uncle", "aunt", "partner")

#: Words one of which must occur for a rule to run (the rarest necessary words of its pattern).
RULE_ANCHORS: dict[str, tuple[str, ...]] = {
    "scam.payment_outside_escrow.route": PAYMENT_ROUTES,
    "scam.payment_outside_escrow.direct": (
        "directly", "direct", "direto", "directo", "directamente", "diretamente", "directement",
        "direkt", "напрямую", "langsung", "outside", "off", "fuera", "fora", "escrow", "fee",
        "fees", "gebühren", "commission", "comisión", "taxa", "not through", "instead", "badala",
        "cancel", "close the", "close our", "close this", "end the", "end our", "end this",
        "cancelamos", "kontraknya", "barato", "walang", "dun na", "bahar", "без", "sin", "sem", "sans", "ohne",
        "tanpa", "مباشرة", "بدون", "خارج",
    ),
    "scam.payment_outside_escrow.account_number": (*_ACCOUNT_PAY_WORDS, *_ACCOUNT_PAY_STEMS,
                                                   *(f"send {o}{n}" for o in ("", "the ", "your ", "me ")
                                                     for n in ("money", "payment", "deposit", "fee", "rent", "advance"))),
    "scam.advance_fee.partner_purchase": ("partner", "vendor", "supplier", "reseller", "fornitore", "proveedor",
                                          "fornecedor", "fournisseur", "partenaire", "lieferant"),
    "scam.payment_outside_escrow.private_deal": ("privately", "private", "side", "between us", "between ourselves",
                                                 "table", "books"),
    "scam.payment_outside_escrow.other_escrow": ("escrow",),
    "scam.payment_outside_escrow.settle_outside": ("outside", "off-platform", "off platform", "off the platform"),
    "scam.crypto_or_gift_card.crypto_payment": CRYPTO_WORDS,
    "scam.crypto_or_gift_card.fee_to_wallet": ("usdt", "usdc", "btc", "eth", "trx", "bnb", "ltc", "sol", "doge"),
    "scam.crypto_or_gift_card.wallet_activation": ("wallet", "кошел"),
    "scam.crypto_or_gift_card.investment_pitch": ("trading", "forex", "crypto", "bitcoin",
                                                   "investment", "invest", "signals"),
    "scam.crypto_or_gift_card.gift_card": (
        "gift", "steam", "itunes", "google play", "google-play", "apple", "amazon", "vanilla", "razer", "ebay",
        "sephora", "tarjeta", "cartão", "cartões", "carte", "cartes", "gutschein", "подароч",
    ),
    "scam.fake_check.check_forward": ("check", "cheque", "chèque", "money order"),
    "scam.fake_check.overpayment_refund": ("mistakenly", "accidentally", "mistake", "instead of",
                                           "too much", "overpaid", "extra", "twice"),
    "scam.escrow_manipulation.overpaid_send_back": ("mistakenly", "accidentally", "mistake", "instead of", "overpaid",
                                           "too much"),
    "scam.escrow_manipulation.refund_or_dispute": ("refund", "dispute", "chargeback"),
    "scam.escrow_manipulation.approve_first": ("click", "hit", "press", "tap", "select"),
    "scam.escrow_manipulation.approve_claim": ("claim", "claims", "request", "requests", "charge", "charges"),
    "scam.escrow_manipulation.release_before_work": ("release",),
    "scam.escrow_manipulation.mark_complete_early": ("mark", "set the", "set this", "set my", "set your",
                                                    "set our", "confirm", "approve"),
    "scam.credentials.remote_access_tool": ("anydesk", "teamviewer", "rustdesk", "ultraviewer", "supremo",
                                            "quick assist", "quickassist", "chrome remote"),
    "scam.phishing.repay_link": ("pay again", "pay once", "pay a second", "repay", "re-pay", "resubmit", "re-submit",
                                 "reenter", "re-enter", "update your", "update payment", "update card", "update billing"),
    "scam.phishing.prize_claim": ("claim", "redeem", "collect", "withdraw", "won", "winner", "winning"),
    "scam.advance_fee.pay_to_unlock": _PAY_WORDS,
    "scam.advance_fee.pay_to_start": _PAY_WORDS,
    "scam.advance_fee.deposit_to_start": ("deposit", "fee", "payment"),
    "scam.advance_fee.reimbursed_purchase": ("reimburs", "refund", "reembols", "rembours", "erstatt", "rimbors",
                                             "dikembalikan", "returned", "get it back"),
    "scam.credentials.code_request": (*_CODE_WORDS, "digit", "bestätigungscode", "verifizierungscode", "sms-code",
                                      "sms com", "sms con", "mensagem com", "mensaje con", "texto com", "text with",
                                      "sms with", "sms containing", "message with", "message containing",
                                      "sms kod", "doğrulama kod", "onay kod", "guard code", "authenticator code"),
    "scam.credentials.code_then_ask": (*_CODE_WORDS, "digit", "bestätigungscode", "verifizierungscode",
                                                "sms-code", "guard code", "authenticator code"),
    "scam.credentials.code_sent_to_you": ("code", "otp", "pin", "passcode"),
    "scam.credentials.code_sent_by_mistake": ("mistake", "accidentally", "accident", "wrong number"),
    "scam.advance_fee.equipment_purchase": ("reimburs", "refund", "reembols", "rembours", "erstatt",
                                            "dikembalikan", "returned", "get it back"),
    "scam.advance_fee.back_from_first_pay": _BACK_WORDS,
    "scam.advance_fee.task_prepay": ("prepay", "pre-pay", "prepaid", "top up", "top-up", "recharge", "deposit"),
    # the fee words a scam names with its amount ("registration fee of $30", "biaya pendaftaran Rp 150.000"); the
    # common words of _FEE_OBJECT_STRONG ("pro", "kit", "bank", "delivery") would wake the rule on most long texts
    "scam.advance_fee.fee_amount": (
        "training", "registration", "verification", "vetting", "screening", "processing", "onboarding", "membership",
        "certification", "activation", "cuota", "inscripción", "inscripcion", "inscrição", "taxa", "frais",
        "anmeldegebühr", "biaya", "pendaftaran", "usajili", "phí", "tassa", "quota", "iscrizione", "opłata", "kayıt",
        "inschrijfgeld", "registratiekosten",
    ),
    "scam.advance_fee.send_fee_to_start": (
        "training", "registration", "verification", "vetting", "screening", "clearance", "processing",
        "background check", "starter kit", "onboarding kit", "token", "tokens", "connects", "credits",
        "membership", "certificate", "certification", "upgrade", "verified", "premium", "activation", "vip", "gold",
        "pro", "elite",
        "cuota", "inscripción", "inscripcion", "inscrição", "taxa", "frais", "anmeldegebühr", "biaya",
        "pendaftaran", "usajili", "fee", "fees", "license", "licence", "licenses", "licences", "kit",
        "equipment", "plan", "package", "subscription", "course", "software", "gebühr", "gebühren",
    ),
    "scam.credentials.code_incoming": ("code", "otp", "sms"),
    "scam.credentials.password_request": (
        "password", "passwort", "pasword", "passwd", "pwd", "pass word", "contraseña", "senha",
        "mot de passe", "пароль", "كلمة", "login", "credentials", "seed phrase", "private key",
        "card number", "card details", "card info", "cvv", "cvc",
        "mnemonic", "recovery phrase", "secret phrase", "banking", "zugangsdaten", "anmeldedaten", "logindaten",
    ),
    "scam.credentials.account_password": ("senha", "contraseña", "contrasena", "clave", "password", "mot de passe",
                                          "passwort"),
    "scam.credentials.password_other_languages": ("şifre", "hasło", "wachtwoord", "mật khẩu", "kata sandi", "sandi",
                                                  "password", "كلمة", "الباسورد", "الرقم", "apna", "apni", "apne",
                                                  "tumhara", "tera", "aapka"),
    "scam.credentials.personal_password": ("password", "passcode", "login"),
    "scam.credentials.disable_2fa": ("2fa", "two-factor", "two factor", "2-step", "two-step",
                                     "two step", "authenticator"),
    "scam.credentials.id_documents": (
        "id card", "id front", "id back", "id photo", "id copy", "id scan", "your id", "ur id",
        "your national", "your government", "your photo", "your valid", "your official",
        "your own id", "your state", "your personal", "your real", "your original",
        "passport", "passeport", "pasaporte", "passaporte", "reisepass", "votre passeport", "tu pasaporte", "paspoort",
        "dni", "cédula", "clave bancaria", "carta d'identità", "carta di identità", "documento de identidade",
        "جواز", "الهوية",
        "je paspoort", "bsn",
        "seu passaporte", "votre carte", "driver", "identity", "ssn", "social security", "birth",
        "maiden", "selfie", "pièce", "carte d'identité", "documento", "ktp", "aadhaar", "aadhar",
        "pan card", "cnic", "ausweis", "personalausweis", "паспорт", "recto", "dowodu", "dowód", "dowod", "karty",
        "паспорта", "снилс", "seu rg", "sua cnh", "seu cpf", "tu rg",
    ),
    "scam.credentials.account_screenshot": ("screenshot", "screen shot", "photo of your",
                                            "picture of your", "pic of your"),
    "scam.credentials.remote_banking": ("screen", "open your", "anydesk", "teamviewer", "remote"),
    "scam.account_rental.rent_account": ("disewa", "disewakan", "sewakan", "dipinjam", "pinjamkan",
        "rent", "rental", "renting", "borrow", "lend", "lease", "pinjam", "pahiram", "alquil",
        "rentar", "arrend", "alugar", "aluguel", "mieten", "louer", "аренд", "одолж", "kodisha", "kirala", "hiram",
        "empresta", "emprestar", "presta", "prestar", "prêtez", "prêter", "prêtes",
    ),
    "scam.account_rental.use_account": ("your account", "ur account", "yr account", "your profile",
                                        # "use your verified account": a word may stand between
                                        "use your", "use ur", "access your", "operate your", "buy your",
                                        "purchase your",
                                        *(f"{p} {o} {w}" for p in ("under", "through", "using", "from", "on", "with")
                                          for o in ("my", "our", "his", "her") for w in ("account", "profile")),
                                        "under my", "under our", "use yours", "my upwork", "my fiverr", "my freelancer",
                                        "access to your", "login to your", "log in to your", "log into your",
                                        "our upwork", "our fiverr",
                                        "borrow yours", "rent yours", "work under yours", "work on yours",
                                        "work from yours", "bid from yours",
                                        "ur profile", "their account", "someone's account",
                                        *(f"{who}{s} {what}" for who in _RELATIVES for s in ("'s", "s")
                                          for what in ("account", "profile", "verified", "freelancer",
                                                       "upwork", "fiverr")),
                                        *(f"{who}'s" for who in _RELATIVES),
                                        "someones account", "another person's", "your freelancer",
                                        "your upwork", "your fiverr"),
    "scam.account_rental.pay_to_use": ("to use it", "to use them", "to use your", "to use yours", "usar"),
    "scam.account_rental.identity": ("with your", "using your", "in your", "under your", "use your",
                                     "borrow your"),
    "scam.account_rental.share_login": ("login", "password", "credentials", "log in to my",
                                        "log into my", "log in to his", "log into his", "pass me"),
    "scam.money_mule.receive_and_forward": (
        "money", "payment", "payments", "funds", "transfer", "transfers", "deposit", "deposits",
        "package", "packages", "parcel", "parcels", "shipment", "shipments", "goods", "boxes",
    ),
    "scam.money_mule.reship_from_home": ("package", "packages", "parcel", "parcels", "shipment", "shipments", "goods",
                                         "boxes", "items", "deliveries"),
    "scam.phishing.verify_account_link": ("verify", "confirm", "claim", "restore", "unlock",
                                          "reactivate", "validate", "appeal", "click", "verifica", "verifique",
                                          "verificar", "confirma", "confirme", "confirmar", "vérifiez", "vérifier",
                                          "confirmez", "bestätigen", "bestätige", "verifizieren", "verifikasi",
                                          "konfirmasi", "подтвердите", "подтверди"),
    "scam.phishing.urgent_link": ("your account", "ur account", "your payout", "your payment",
                                  "your funds", "your earnings", "your profile", "your wallet"),
    "scam.phishing.external_sign_in": ("sign in", "log in", "signin", "login", "sign-in",
                                       "log-in"),
    "scam.phishing.app_install": ("download", "install"),
    "scam.fake_check.equipment_vendor": tuple(
        f"{who} {what}" for who in ("our", "their", "company's", "companys", "approved", "recommended", "designated")
        for what in ("vendor", "supplier", "store", "partner", "provider")
    ),
    "scam.phishing.malware_download": ("exe", "msi", "apk", "scr", "bat", "cmd", "jar", "vbs",
                                       "ps1", "dmg", "pkg", "admin", "antivirus", "defender",
                                       "firewall"),
    "scam.fake_support.staff_claim": (
        "platform", "platform's", "marketplace", "marketplace's", "site's", "official", "trust",
        "verification team", "security team", "support team", "compliance team", "safety team",
        "payments team", "billing team", "work for the", "working for the", "work at the", "work for",
        "suporte", "soporte", "support", "segurança", "seguridad", "sécurité", "verificação", "verificación",
        "vérification", "sicherheit", "keamanan", "verifikasi", "поддержки", "безопасности",
    ),
    "scam.fake_interview.chat_app_interview": (*_APP_WORDS, "teams chat", "skype chat", "google chat", "text chat",
                                               "chat interview", "paper plane", "paper-plane", "blue plane"),
    "scam.fake_interview.hiring_on_chat_app": ("hiring", "job offer", "job offers", "vacancy", "vacancies",
                                               "open position", "open positions", "remote position",
                                               "remote positions"),
    "scam.fake_interview.task_scam": ("earn", "paid daily", "per like", "per task", "per review",
                                      "per click", "per video", "commission", "daily pay", "youtube", "tiktok",
                                      "nhận tiền", "kiếm tiền", "ganar dinero", "ganhar dinheiro", "gagner", "verdienen",
                                      "dapat uang", "kumita", "pata pesa", "para kazan", "per tugas", "langsung cair",
                                      "tasks", "task"),
    "scam.fake_interview.like_and_screenshot": ("screenshot", "screenshots"),
    "scam.fake_interview.easy_money": ("earn", "make", "get paid"),
    "scam.fake_interview.external_form": ("fill",),
}


# --------------------------------------------------------------------------- word gates

#: The words of ``_FEE_PAY`` (each alternative's first word; all stand between word boundaries).
_FEE_PAY_GATE = gate(*_FEE_PAY_WORDS, prefixes=_FEE_PAY_STEMS)
#: The words of ``_FEE_OBJECT`` ("licen[cs]es?" spelled out, "gebühr\w{0,2}" a stem).
_FEE_OBJECT_GATE = words_gate(_FEE_OBJECT_WORDS)
#: The first words of ``_FEE_OBJECT_STRONG``'s alternatives ("tokens?" spelled out).
_FEE_OBJECT_STRONG_GATE = words_gate(_FEE_OBJECT_STRONG_WORDS, last_word=_TIER_PHRASES)
#: The words of ``_PAY_MONEY``'s alternatives, stems for the ``\w{0,n}`` ones; "get paid" and "be
#: paid" by "paid" (the common "get" and "be" would open the gate on most messages).
_PAY_MONEY_GATE = words_gate((*_PAY_MONEY_WORDS, *_SEND_MONEY_WORDS), last_word=("get paid", "be paid"))
_YOUR_GATE = gate("your", "ur")


def _staff_gate() -> WordGate:
    """Every alternative of the staff claim ends with a desk word, a whole word after white space,
    or, abroad, glued to the word before it when the optional space is left out ("sou dosuporte da
    plataforma", "je suis dusupport"): that word's last run and the desk make one word."""
    desks = words_gate((*_STAFF_DESKS, *_STAFF_TEAMS, *_STAFF_DESKS_ABROAD))
    glued = {re.findall(r"\w+", of)[-1] + desk for of in _STAFF_OF if of and is_word_char(of[-1])
             for desk in _STAFF_DESKS_ABROAD}
    return WordGate(desks.words | glued, desks.prefixes)


_STAFF_GATE = _staff_gate()
#: The other side of the staff claim, by alternative: the platform named before the desk
#: ("platform", "marketplace", "site", "official", a whole word before "'s" or white space), the team
#: ("... team", "trust & safety": the last word of each of ``_STAFF_TEAMS``), or, abroad, the platform
#: word the lookahead needs (whole words; the Russian ones a stem followed by ``\w{0,2}\b``).
_STAFF_WHO_GATE = WordGate(
    {"platform", "marketplace", "site", "official", *(re.findall(r"\w+", t)[-1] for t in _STAFF_TEAMS),
     "plataforma", "plateforme", "plattform", "jukwaa"},
    prefixes=("площадк", "платформ"),
)

#: Gates for the checks that rule a match out, searched in a window ``[a, b)`` of the text. A regex
#: searched with an end position sees the text as ending there, so a word can match cut short
#: ("escrow" in "escrowed"): these gates hold stems only (a stem is found at any word start of the
#: whole text, cut or not), or whole words followed by a literal space in the pattern (which must
#: lie inside the window).
_NO_WORDS: frozenset[str] = frozenset()
#: ``_ESCROW_KEPT``: each alternative holds one of these at a word start (after a space or ``\b``).
_ESCROW_KEPT_GATE = WordGate((), prefixes=("platform", "escrow", "milestone", "contract", "withdraw", "payout", "paid",
                                          "plataforma", "hito", "marco", "aquí", "aqui"))
#: ``_UI_TOPIC``.
_UI_TOPIC_GATE = WordGate((), prefixes=("button", "widget", "icon", "badge", "checkout", "payment", "cta", "call"))
#: ``_PAST_STORY``: "last ", "used to", "back then", "never again" by their first word (a space follows
#: it in the pattern); the rest by stems ("\w{1,10} ago" by "ago", "my old client" by "client",
#: "in the past" by "past"; "my previous sitter wanted" by its opening word).
_PAST_STORY_GATE = WordGate(("last", "used", "back", "never", "previous", "old", "former"),
                            prefixes=("once", "previously", "past", "ago", "client"))

#: Second conditions on a rule (see :class:`~.cues.WordGate`), checked on the message's word set
#: before its ``requires`` cues and its pattern. The anchor pass wakes a rule on one side of its
#: pattern, often on a common word ("pay", "fee", "platform", "instead of"); a gate holds the words
#: of another part that every match of the pattern (or every match of a ``requires`` cue) also
#: contains, so a failed gate proves the rule cannot fire. All of a rule's gates must pass.
RULE_GATES: dict[str, tuple[WordGate, ...]] = {
    # _near(crypto word, pay verb...): the crypto side, a whole word (woken by anchors that are also
    # substrings; a long noisy text wakes the rule without holding one)
    "scam.crypto_or_gift_card.crypto_payment": (gate(*CRYPTO_WORDS),),
    # _near(_OFF_ESCROW, _PAY_MONEY): the money side
    "scam.payment_outside_escrow.direct": (_PAY_MONEY_GATE,),
    # the "refund / return / send it back / give it back" side
    "scam.fake_check.overpayment_refund": (gate("send", "give", prefixes=("refund", "return")),),
    # "<refundable|security|one-time|...> <deposit|fee|payment>": woken by the second word
    "scam.advance_fee.deposit_to_start": (words_gate(_DEPOSIT_KINDS),),
    # "\bsend\s..." is the rare side; woken by the fee objects
    "scam.advance_fee.send_fee_to_start": (gate("send"),),
    # woken by the paying verb: the fee object side
    "scam.advance_fee.pay_to_unlock": (_FEE_OBJECT_STRONG_GATE,),
    "scam.advance_fee.fee_amount": (_FEE_OBJECT_STRONG_GATE,),
    "scam.advance_fee.pay_to_start": (_FEE_OBJECT_GATE,),
    # woken by "refund"/"reimburse": both sides of _near(_FEE_OBJECT, _FEE_PAY)
    "scam.advance_fee.reimbursed_purchase": (_FEE_OBJECT_GATE, _FEE_PAY_GATE),
    "scam.advance_fee.equipment_purchase": (_FEE_PAY_GATE,),
    # every alternative of the staff claim ends with a desk word (see _STAFF_GATE), and names the platform or
    # a team ("multi-language support" wakes it on job talk; see _STAFF_WHO_GATE)
    "scam.fake_support.staff_claim": (_STAFF_GATE, _STAFF_WHO_GATE),
    # woken by "release" (any word that starts with it): the timing words, then "release" itself and the
    # money it releases, each a whole word of the pattern ("up front" by "front", "in advance" by "advance")
    "scam.escrow_manipulation.release_before_work": (
        gate("now", "first", "today", "upfront", "front", "advance", "before"),
        gate("release"),
        words_gate(_RELEASED),
    ),
    # woken by "private", "side", "table"...: the end of the phrase (whole words after white space), the
    # thing settled (after white space, before one) and the verb (a stem at a word start: "\w{0,3}" follows)
    "scam.payment_outside_escrow.private_deal": (
        gate(*_PRIVATELY),
        words_gate(_SETTLED),
        gate(prefixes=_SETTLE_VERBS),
    ),
    # woken by the password words: the verb and the possessive of the other side
    "scam.credentials.password_request": (words_gate(_ASK_SECRET), words_gate(_SECRET_OWNERS)),
    "scam.account_rental.share_login": (gate("give", "send", "share", "pass", "log"),),
    "scam.phishing.external_sign_in": (gate("with", "using"), _YOUR_GATE),
    # woken by "check..." at a word start; the pattern needs the whole word
    "scam.fake_check.check_forward": (words_gate(_CHECKS),),
    # woken by the chat app: both alternatives hold an _INTERVIEW word ("hr" stands between \b's)
    "scam.fake_interview.chat_app_interview": (words_gate(_INTERVIEW_WORDS),),
    # woken by the code words: the _GIVE_CODE side ("let me know" by "know", "me passa" by "passa",
    # "i need" by "need", "schick mir" by its stem: a whole word of each phrase)
    "scam.credentials.code_request": (gate(*_GIVE_CODE_WORDS, prefixes=_GIVE_CODE_STEMS),),
    # the first ``requires`` cue, word for word
    "scam.fake_interview.easy_money": (words_gate(_EASY_MONEY_APPS),),
    "scam.credentials.account_screenshot": (words_gate(_MONEY_SCREENS),),
    "scam.credentials.remote_banking": (words_gate(_MONEY_PLACES),),
    # this session's rules, each woken by a word of one side: the other sides, word for word
    "scam.escrow_manipulation.approve_first": (gate("first"),
                                              gate(prefixes=("approve", "release", "accept", "complete", "confirm"))),
    "scam.money_mule.reship_from_home": (gate("home", "house", "apartment", "flat", "address", "place"),
                                         gate(prefixes=("receiv", "accept", "collect", "get", "ship", "send", "deliver"))),
    "scam.advance_fee.back_from_first_pay": (gate("first", "1st", "erste", "ersten", "erstem", "erster", "primer", "primera",
                                                  "primero", "primeiro", "primeira", "premier", "première", "unang",
                                                  "pertama", "prima", "primo", "once", prefixes=("перв",)),),
    "scam.credentials.code_sent_to_you": (gate("forward", "send", "give", "tell", "read", "pass", "share", "text"),
                                          gate("me", "us"), gate("you", "u")),
    "scam.credentials.personal_password": (gate("your", "ur"),
                                           gate("send", "give", "tell", "share", "need", "what", "type", "paste", "dm",
                                                "text")),
    "scam.payment_outside_escrow.settle_outside": (gate("settle", "settling"),),
    "scam.payment_outside_escrow.other_escrow": (gate("service", "services", "site", "sites", "website", "websites",
                                                      "company", "companies", "agent", "agents", "platform", "platforms",
                                                      "account", "accounts", "app", "apps"),),
    "scam.escrow_manipulation.overpaid_send_back": (gate("please", "pls", "plz", "kindly", "can", "could", "just"),
                                                    gate("difference", "extra", "excess", "rest", "balance", "remainder")),
    "scam.fake_interview.task_scam": (gate(prefixes=("lik", "rat", "review", "follow", "subscrib", "watch", "click")),),
}


_ACCOUNT_RULE = "scam.payment_outside_escrow.account_number"
_WITHOUT_ACCOUNT_DIGITS = frozenset({_ACCOUNT_RULE})


class ScamDetector(BaseDetector):
    """Findings of kind ``scam``, one per rule that fired, ``category`` a ScamCategory value."""

    kinds = frozenset({Kind.SCAM})

    def detect(self, nt: NormalizedText) -> Iterator[Finding]:
        """A plain function, not a generator: most messages wake no rule, or no rule fires, and
        get ``()`` without a generator."""
        text = nt.text
        families = message_families(text)[1]
        if not families:
            return ()
        if _ACCOUNT_RULE in families and text_shape(text)[1] < 8:
            # an account number holds eight digits at least: the rule (woken by "pay", "transfer")
            # cannot fire, and left out it keeps the plan's shared gate able to turn the message away
            families = families - _WITHOUT_ACCOUNT_DIGITS
            if not families:
                return ()
        any_rule = _prepared(families)[0]
        if any_rule is not None and not any_rule.passes(word_set(text), text):
            return ()  # the plan gate of _find, asked before a generator is made: most woken messages end here
        found = list(self._find(text, families, gated=True))
        if not found or is_warning(text):
            return ()
        return iter([
            make_finding(
                nt, Kind.SCAM, m.start(), m.end(), value=str(rule.category), rule=rule.rule,
                score=rule.score, category=str(rule.category),
                explanation=f"{rule.rule}: {text[m.start():m.end()]!r}",
            )
            for rule, m in found
        ])

    def _find(
        self, text: str, families: frozenset[str], gated: bool = False
    ) -> Iterator[tuple[_Rule, re.Match[str]]]:
        """``gated``: the caller has seen the plan gate pass."""
        links: list[str] | None = None
        present: dict[re.Pattern[str], bool] = {}  # several rules require the same cue
        words: frozenset[str] | None = None
        any_rule, plan = _prepared(families)
        if any_rule is not None and not gated:
            words = word_set(text)
            if not any_rule.passes(words, text):
                return  # every rule of the plan has a gate, and each fails on its first one
        for rule, pattern, requires, gates in plan:
            if gates:
                if words is None:
                    words = word_set(text)
                if not passes_all(gates, words, text):
                    continue  # a word every match needs is missing: the rule cannot fire
            missing = False
            for q in requires:
                found = present.get(q)
                if found is None:
                    found = present[q] = q.search(text) is not None
                if not found:
                    missing = True
                    break
            if missing:
                continue
            # A link rule needs an external link in the message. On a chat message the links are
            # found first (cheap, and shared by the link rules); on a long text (hostile input) the
            # pattern goes first, since a pass of the link regex costs more than the rule's own
            # pass and most such texts have no match. The same findings either way.
            link_first = rule.link and (links is not None or len(text) <= _LONG_TEXT)
            if link_first:
                if links is None:
                    links = _external_links(text, self.config.own_domains)
                if not links:
                    continue
            for m in pattern.finditer(text):
                if self._ruled_out(text, rule, m):
                    continue
                if rule.link and not link_first:
                    if links is None:
                        links = _external_links(text, self.config.own_domains)
                    if not links:
                        break
                yield rule, m
                break

    @staticmethod
    def _ruled_out(text: str, rule: _Rule, m: re.Match[str]) -> bool:
        a, b = clause_bounds(text, m.start(), m.end())
        if is_negated(text, a, m.start()) or is_negated_inside(text, m.start(), m.end()):
            return True
        if rule.topic and (_TOPIC.search(text, max(0, a - 120), min(len(text), b + 120))
                           or (_UI_TOPIC_GATE.passes(_NO_WORDS, text) and _UI_TOPIC.search(text, a, b))):
            return True
        if rule.past and _PAST_STORY_GATE.passes(word_set(text), text) and _PAST_STORY.search(text, a, b):
            return True
        if rule.platform and _TO_PLATFORM.search(text, a, b):
            return True
        if rule.design and _DESIGN.search(text):
            return True
        if rule.project and _PROJECT_SYSTEM.search(text, a, b):
            return True
        if rule.stay and is_stay_on_platform_talk(text):
            return True
        if is_quoted_content(text, m.start()):
            return True  # "the banner should say 'pay with gift cards'", "someone DMed me 'send the code'"
        return rule.escrow and _ESCROW_KEPT_GATE.passes(_NO_WORDS, text) and _ESCROW_KEPT.search(text, a, b) is not None


#: Scam categories that already say the money leaves escrow: a payment detail adds nothing to them.
_PAID_OUTSIDE = frozenset({str(C.PAYMENT_OUTSIDE_ESCROW), str(C.CRYPTO_OR_GIFT_CARD), str(C.FAKE_CHECK)})
PAYMENT_DETAIL_RULE = "scam.payment_outside_escrow.payment_detail"


def payment_detail_scam(nt: NormalizedText, findings: list[Finding]) -> Finding | None:
    """A payment detail (a cashtag, an IBAN, a wallet, a Pix key) given in a message is money routed
    outside escrow: the scam finding that says so, over the first such detail. None when there is
    no payment detail, when a scam finding already names the money leaving escrow, or when the
    message warns about such a request rather than making it."""
    first = None
    for f in findings:
        if f.kind is Kind.PAYMENT:
            if first is None:
                first = f
        elif f.kind is Kind.SCAM and f.category in _PAID_OUTSIDE:
            return None
    if first is None:
        return None
    text = nt.text
    if len(text) > 600:  # a long text: the words around the detail (its spans are the original's)
        text = nt.original[max(0, first.start - 160):first.end + 160].lower()
    if is_warning(text) or _TOPIC.search(text) is not None:
        return None  # a warning, or the detail is data of the work ("the gas fee test of the dapp")
    return Finding(
        kind=Kind.SCAM, start=first.start, end=first.end, text=first.text,
        value=str(C.PAYMENT_OUTSIDE_ESCROW), rule=PAYMENT_DETAIL_RULE, score=0.8,
        category=str(C.PAYMENT_OUTSIDE_ESCROW),
        explanation=f"{PAYMENT_DETAIL_RULE}: a payment detail ({first.rule}) routes the money outside escrow",
    )


def clears_piece(text: str, start: int, end: int) -> bool:
    """One message's piece of a scam pattern that a conversation completes across messages, read in
    its own message: a job topic, a payment kept in escrow, quoted copy or talk of staying here
    there clears the whole split pattern ("the login page should say 'Enter the code we sent
    you'" + "I'll send you a check-in message" is no code request), and so does a piece that goes to
    the platform itself, or an identity document being designed ("upload foto KTP di halaman verifikasi
    platform", "desain ulang kartu KTP")."""
    a, b = clause_bounds(text, start, end)
    return (_TOPIC.search(text, max(0, a - 120), min(len(text), b + 120)) is not None
            or _UI_TOPIC.search(text, a, b) is not None or _ESCROW_KEPT.search(text, a, b) is not None
            or is_quoted_content(text, start) or is_quoted_content(text, max(start, end - 1))
            or is_stay_on_platform_talk(text) or _names_a_reference(text, start, end)
            or _TO_PLATFORM.search(text, a, b) is not None or _OTHER_CODE.search(text, a, b) is not None
            or (_DESIGN.search(text, a, b) is not None and _ID_DOC_PIECE.search(text, start, end) is not None))


#: A code that opens something else than an account: a door, a locker, a discount ("a chave do apartamento
#: está com o porteiro, código 1234-5678").
_OTHER_CODE = compile_fast(r"\b(?:chave|door|gate|lock|lockbox|wifi|wi-fi|alarm|garage|locker|promo|coupon|discount|"
                           r"zip|postal|error|source|porteiro|portão|puerta|porte|tür)\b")
#: An identity document named in a piece (a design of one is no request for it: "desain ulang kartu KTP").
_ID_DOC_PIECE = compile_fast(_ID_DOC)
_PIECE_NUMBER = compile_fast(r"\d[\d \-]{5,30}\d")


def _names_a_reference(text: str, start: int, end: int) -> bool:
    """The piece's number is a purchase order, an invoice or a ticket ("AP needs PO 4500019823"),
    not an account to pay into."""
    return any(is_order_number(text, m.start(), m.end()) for m in _PIECE_NUMBER.finditer(text, start, end))
