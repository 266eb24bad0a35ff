"""False-positive filters: named ``is_<reason>()`` functions, the name is the explanation.

Each takes the normalized text and the candidate's span in it (and what else it needs), and
returns True when the candidate is ruled out for that reason.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .normalize.text import word_set

_PRICE_BEFORE = re.compile(r"(?:[$€£¥₹₦₱₩₽]|\b(?:usd|eur|gbp|inr|rs\.?|ngn|php|brl|r\$|mxn|kes|aed|budget|price|cost|rate|pay|paid|fee|fees|salary|total)\b)[ \t:=~]{0,3}$")
_PRICE_AFTER = re.compile(r"^[ \t]{0,2}(?:k\b|m\b|(?:usd|eur|gbp|inr|idr|php|vnd|try|egp|pkr|bdt|zar|aud|cad|chf|jpy|cny|rub|ngn|kes|ghs|ars|cop|clp|pen|uah|pln|huf|czk|sek|nok|dkk|sgd|myr|thb|krw|hkd|nzd|sar|qar|aed|mad|brl|mxn|usdt|usdc)\b|dollars?|euros?|rupees?|bucks|naira|pesos?|reais|/h\b|/hr|/hour|per hour|/month|/mo\b|an hour|a month|€|\$|£)")
_DATE_FULL = re.compile(
    r"(?:\d{1,4}[./-]\d{1,2}[./-]\d{1,4}(?:[ t]\d{1,2}:\d{2}(?::\d{2})?)?"
    r"|\d{1,2}:\d{2}(?::\d{2})?(?:\s?[ap]m)?(?:\s?-\s?\d{1,2}:\d{2})?"
    # office hours written with dots ("09.00-17.00 WIB", "9.30–18.00")
    r"|\d{1,2}[.:]\d{2}\s?[-–]\s?\d{1,2}[.:]\d{2})"
)
_YEAR_RANGE = re.compile(r"(?:19|20)\d{2}\s?[-–/]\s?(?:19|20)?\d{2}")
_VERSION_BEFORE = re.compile(r"(?:\bv(?=$)|\bversion|\bver\.?|\bbuild|\brelease|\bsdk|\bapi|\bpython|\bnode|\bios|\bandroid|\brc)[ \t]{0,2}$")
_VERSION_SHAPE = re.compile(r"\d{1,4}(?:\.\d{1,4}){1,3}")
#: Order, invoice and parcel words beyond English (German and Dutch write them as one word:
#: "Bestellnummer", "factuurnummer"); a number after one is that reference, not a phone.
_MORE_ORDER_WORDS = (
    "bestellnummer", "bestelnummer", "bestellnr", "bestelnr", "rechnungsnummer", "rechnungsnr", "auftragsnummer",
    "ersatzteil", "teil", "bauteil", "artikel", "teilenummer", "ersatzteilnummer",
    "kundennummer", "kundennr", "sendungsnummer", "trackingnummer", "referenznummer", "artikelnummer",
    "vorgangsnummer", "ticketnummer", "aktenzeichen", "factuurnummer", "ordernummer", "referentienummer",
    "klantnummer", "zendingnummer", "dossiernummer", "bestelling", "factuur", "zending", "pakket",
    "siret", "siren", "iva", "vergi", "vkn", "nip", "regon", "krs", "cnpj", "abn", "acn", "gstin", "kvk", "btw",
    "steuernummer", "ust", "uid", "rea", "codice fiscale", "handelsregister", "hrb",
    "rental", "reservation", "rezerwacja", "reserva", "réservation", "buchung", "buchungsnummer", "lockbox",
    "zamówienia", "zamówienie", "faktury", "faktura", "przesyłki", "sipariş", "siparis", "fatura", "kargo",
    "pesanan", "resi", "faktur", "ordine", "spedizione", "envío", "envio", "rastreio", "rastreamento",
    "encomenda", "suivi", "colis", "đơn", "hóa", "offerte", "angebot", "devis", "presupuesto", "orçamento",
    "preventivo", "quote", "quotation", "estimate", "waybill", "consignment",
)
_ORDER_BEFORE = re.compile(
    r"(?:#|№|n°|nº|\b(?:order|orders|invoice|inv|ticket|tracking|track|po|ref|reference|id|sku|ean|gtin|"
    r"isbn|upc|imei|serial|s/n|sn|case|claim|booking|confirmation|transaction|txn|tx|receipt|"
    r"account no|acct|policy|tax|vat|ein|tin|gst|employee|emp|item|model|part|batch|lot|"
    r"article|art|product|job|project|contract|milestone|pedido|factura|commande|bestellung|"
    r"zakaz|заказ|заказа|заказу|заказе|code|pin|otp|zip|postal|postcode|cep|pincode|awb|bol|container|"
    r"flight|room|seat|license|licence|plate|vin|iban|bic|swift|routing|facture|fattura|rechnung|nota|"
    r"boleto|imei|device|registration|reg|matricule|dossier|expediente|protocolo|protocol|build|release|"
    r"commit|revision|rev|changeset|issue|bug|pr|pull request|jira|" + "|".join(_MORE_ORDER_WORDS) + r")\b"
    r"(?:[\s#:.\-]{1,3}(?:number|no|num|nr|n°|id|is|was|in|of|the|their|our|my|your|system|for|at|on|es|est|ist|"
    r"é|era|fue|war|de|do|da|del|der|des|"
    r"test|this|code|should|be|must|will|invoice|form|field|nomor|numero|número|numer|nummer|nº|samples?|goods|parcel|"
    r"package|shipment|=)){0,6}[\s#:.\-]{0,4}(?:[a-z]{2}[ \-]?)?)$"
)
_WORD = re.compile(r"\w+")
#: The first word of every keyword of _ORDER_BEFORE ("account no" -> "account", "s/n" -> "s").
_ORDER_FIRST_WORDS = frozenset(_WORD.match(w).group() for w in (
    "order", "orders", "invoice", "inv", "ticket", "tracking", "track", "po", "ref", "reference", "id", "sku",
    "ean", "gtin", "isbn", "upc", "imei", "serial", "s/n", "sn", "case", "claim", "booking", "confirmation",
    "transaction", "txn", "tx", "receipt", "account", "acct", "policy", "tax", "vat", "ein", "tin", "gst",
    "employee", "emp", "item", "model", "part", "batch", "lot", "article", "art", "product", "job", "project",
    "contract", "milestone", "pedido", "factura", "commande", "bestellung", "zakaz", "заказ", "заказа", "заказу",
    "заказе", "code", "pin", "otp",
    "zip", "postal", "postcode", "cep", "pincode", "awb", "bol", "container", "flight", "room", "seat",
    "license", "licence", "plate", "vin", "iban", "bic", "swift", "routing", "facture", "fattura", "rechnung",
    "nota", "boleto", "device", "registration", "reg", "matricule", "dossier", "expediente", "protocolo",
    "build", "release", "commit", "revision", "rev", "changeset", "issue", "bug", "pr", "pull", "jira",
    "protocol", *_MORE_ORDER_WORDS,
))
# bytes.translate table: ASCII word characters kept, every other byte a blank
_ASCII_NON_WORD = bytes(c if c < 128 and (chr(c).isalnum() or c == 95) else 32 for c in range(256))


def words_of(window: str) -> list[str]:
    """``_WORD.findall(window)`` (the ``\\w+`` runs), for an ASCII window by one ``translate`` and a
    ``split`` in C instead of a match object per word."""
    if window.isascii():
        return window.encode("ascii").translate(_ASCII_NON_WORD).decode("ascii").split()
    return _WORD.findall(window)


_IP_RE = re.compile(r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?!\d|\.\d)")
_DIMENSION = re.compile(r"^\s?(?:x|×|\*|by)\s?\d")
_DIMENSION_INSIDE = re.compile(r"\d[ \t]?[×x*][ \t]?\d")
# a phone number's extension: "(415) 555-2671 x12" (7+ digits, then x/ext and at most 5 digits)
_EXTENSION_TAIL = re.compile(r"\d(?:[^\dx\n]{0,3}\d){6,}[ \t.]{0,2}(?:x|ext\.?|extension)[ \t.]{0,2}\d{1,5}$")
_UNIT_AFTER = re.compile(
    r"^[ \t]{0,2}(?:px|pt|dpi|ppi|mm|cm|m|km|in|inch|ft|kg|g|lb|lbs|mb|gb|tb|kb|ms|s|sec|min|mins|"
    r"minutes|hours|hrs|days|weeks|months|years|words|pages|units|pcs|items|%|x\b|fps|hz|mhz|ghz|"
    r"rpm|mah|w\b|kw|v\b|sqft|m2|m²)\b"
)

OWN_PLATFORM_SUFFIX = ".marketplace.example"

#: Domains reserved for documentation (RFC 2606 / RFC 6761).
RESERVED_EXAMPLE_DOMAINS = ("example.com", "example.org", "example.net", "example.edu", "test", "example",
                            "invalid", "localhost", "local")


def is_price(text: str, start: int, end: int) -> bool:
    """"$5,500", "5500 USD", "1,234,567.89 IDR", "budget 12000", "40/hr", "3,450,000" (thousands
    grouped by commas: a quantity, never how a phone number is written)."""
    before = text[max(0, start - 12):start]
    after = text[end:end + 12]
    return bool(
        _PRICE_BEFORE.search(before) or _PRICE_AFTER.search(after) or _AMOUNT.fullmatch(text, start, end)
    )


#: An amount written with thousands separators and cents: "1,234,567.89", "12.500,00".
_AMOUNT = re.compile(r"\d{1,3}(?:,\d{3}){1,4}\.\d{2}|\d{1,3}(?:\.\d{3}){1,4},\d{2}|\d{1,3}(?:,\d{3}){2,4}")


def is_date(text: str, start: int, end: int) -> bool:
    """"2024-03-15", "03/15/2024 10:30", "12:47", "2019-2023"."""
    cand = text[start:end].strip()
    return bool(_DATE_FULL.fullmatch(cand) or _YEAR_RANGE.fullmatch(cand) or _ISO_DATE_INSIDE.search(cand))


#: An ISO date inside a longer run of digits ("2.9.0 - 2024-09-18", a release line): no phone number
#: has a year, a month and a day in this shape
_ISO_DATE_INSIDE = re.compile(r"(?<!\d)(?:19|20)\d\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?!\d)")


_DOTTED_PHONE = re.compile(r"\(?\d{3,5}\)?\.\d{3,4}\.\d{3,4}")  # 415.555.2671, 0917.552.8410


def is_version(text: str, start: int, end: int) -> bool:
    """"v2.14.3", "version 10.0.19045", "Python 3.11.7"."""
    cand = text[start:end].strip()
    if cand.startswith("+") or _DOTTED_PHONE.fullmatch(cand):
        return False  # "353.256.9850" is how a US number is dotted; versions are not 3.3.4
    if _VERSION_BEFORE.search(text[max(0, start - 12):start]):
        return True
    return bool(_VERSION_SHAPE.fullmatch(cand)) and cand.count(".") >= 2 and not _IP_RE.fullmatch(cand)


_CEP = re.compile(r"\d{5}-\d{3}")


def is_order_number(text: str, start: int, end: int) -> bool:
    """"order #48213977", "PO number 4500082731", "my employee ID in their system was 20190347",
    "VAT number is GB 123 4567 89"; a barcode (a GTIN with a valid check digit in a message about
    barcodes)."""
    if _is_barcode(text, start, end):
        return True
    if "cep" in text[max(0, start - 60):start] and _CEP.fullmatch(text, start, end):
        return True  # a Brazilian postal code ("o CEP no cadastro está errado: 01310-100")
    before = text[max(0, start - 64):start]
    # The pattern needs "#", "№", "n°", "nº" or one of its words: most windows have none of them.
    if not ("#" in before or "№" in before or "n°" in before or "nº" in before) and _ORDER_FIRST_WORDS.isdisjoint(
        words_of(before)
    ):
        return False
    return bool(_ORDER_BEFORE.search(before))


_BARCODE_WORDS = re.compile(r"\b(?:barcode|barcodes|ean|gtin|upc|isbn|sku|skus)\b")


#: every byte but an ASCII digit (deleted by ``bytes.translate`` to keep the digits)
_NOT_ASCII_DIGIT = bytes(c for c in range(256) if not 48 <= c <= 57)


def _is_barcode(text: str, start: int, end: int) -> bool:
    span = text[start:end]
    if span.isascii():  # the same digits ("isdigit" on ASCII is 0-9), by one translate in C
        digits = span.encode("ascii").translate(None, _NOT_ASCII_DIGIT).decode("ascii")
    else:
        digits = "".join(c for c in span if c.isdigit())
    if len(digits) not in (8, 12, 13, 14) or _BARCODE_WORDS.search(text, max(0, start - 160), end + 160) is None:
        return False  # a window, not the whole text: a long text with many candidates stays linear
    body, check = digits[:-1], int(digits[-1])
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10 == check


_CODE_TOKEN_BEFORE = re.compile(r"(?:[a-z]+\d|\d+[a-z])[a-z0-9]*[ \t\-]{1,2}$")
_CODE_TOKEN_AFTER = re.compile(r"^[ \t\-]{0,2}(?:[a-z]+\d|\d+[a-z]{1,3}\d)")


def is_part_of_code(text: str, start: int, end: int) -> bool:
    """Digits that continue a letters-and-digits code: "1Z 999 AA1 01 2345 6784" (a UPS number)."""
    return bool(_CODE_TOKEN_BEFORE.search(text[max(0, start - 16):start]) or _CODE_TOKEN_AFTER.match(text[end:end + 8]))


_STREET = re.compile(
    r"\b(?:(?:cad|sok|sk|mah|st|ave|rd|av|str|ul|jl|apt)\.|caddesi|sokak|mahallesi|street|avenue|road|blvd|boulevard|"
    r"calle|rua|avenida|straße|strasse|weg|laan|straat|ulica|via|viale|rue|jalan|suite)")


def is_street_address(text: str, start: int, end: int) -> bool:
    """"Moda Cad. No: 58/3, 34710": a house number and a postcode after a street name, written as one
    group of digits ("58/3, 34710"), not a phone number."""
    span = text[start:end]
    if "/" not in span and ", " not in span:
        return False
    return _STREET.search(text, max(0, start - 40), start) is not None


def is_ip_address(text: str, start: int, end: int) -> bool:
    """"10.0.0.12", "203.0.113.7:8080", "192.168.1.1.1" (a mistyped one), "2001:db8:85a3::8a2e"."""
    window = text[max(0, start - 3):min(len(text), end + 3)]
    if "." in window and (_IP_RE.search(window) or _DOTTED_OCTETS.search(window)):
        return True
    # an IPv6 address: hex groups joined by ":" around the digits
    if ":" in text[max(0, start - 6):min(len(text), end + 6)]:
        a, b = start, end
        while a > 0 and text[a - 1] in _IPV6_CHARS and start - a < 40:
            a -= 1
        while b < len(text) and text[b] in _IPV6_CHARS and b - end < 40:
            b += 1
        return _IPV6.fullmatch(text, a, b) is not None
    return False


#: Four or more dotted groups of 1-3 digits, all octets (<= 255), one of them 3 digits long.
_DOTTED_OCTETS = re.compile(
    r"(?<![\d.])(?=[\d.]{0,40}\b\d{3}\b)(?:25[0-5]|2[0-4]\d|1\d\d|\d{1,2})(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|\d{1,2})){3,6}(?!\d|\.\d)"
)
_IPV6_CHARS = frozenset("0123456789abcdef:")
_IPV6 = re.compile(r"(?=[0-9a-f:]{0,60}:[0-9a-f]{0,4}:)[0-9a-f:]{2,60}")


_COORDINATES = re.compile(r"-?\d{1,3}\.\d{3,8},\s?-?\d{1,3}\.\d{3,8}")


def is_coordinates(text: str, start: int, end: int) -> bool:
    """"40.7128, -74.0060": a latitude and a longitude."""
    window = text[max(0, start - 2):min(len(text), end + 10)]
    return _COORDINATES.search(window) is not None


_COLOUR_BEFORE = re.compile(r"(?:\b(?:rgba?|hsla?|hsv|cmyk)\s?\(\s?|\b(?:rgb|cmyk|pantone)\s?:?\s?)$", re.IGNORECASE)


def is_measurement(text: str, start: int, end: int) -> bool:
    """"1920 x 1080", "3840 × 2160", "300 dpi", "85.6 x 54 mm", "5000 words", and colour values
    ("rgb(255, 99, 71)", "CMYK 0, 60, 100, 0")."""
    if _DIMENSION_INSIDE.search(text, start, end) and not _EXTENSION_TAIL.search(text, start, end):
        return True
    if _COLOUR_BEFORE.search(text, max(0, start - 8), start):
        return True
    after = text[end:end + 12]
    return bool(_DIMENSION.match(after) or _UNIT_AFTER.match(after))


#: Where freelancers and clients share the work itself: a file, a document, a design, a repository,
#: a recorded walkthrough. A link to one item there is work material, not a way to talk.
#: (registered domain, regex the path must match from its start)
_WORK_MATERIAL: dict[str, re.Pattern[str]] = {
    "figma.com": re.compile(r"/(?:file|design|proto|board|slides|community/file)/"),
    "google.com": re.compile(r"/(?:document|spreadsheets|presentation|forms|file|drive/folders|drive/u/\d/folders)/"),
    "dropbox.com": re.compile(r"/(?:s|sh|scl|l)/"),
    "github.com": re.compile(r"/[\w.\-]{1,40}/[\w.\-]{1,100}"),
    "gitlab.com": re.compile(r"/[\w.\-]{1,40}/[\w.\-]{1,100}"),
    "bitbucket.org": re.compile(r"/[\w.\-]{1,40}/[\w.\-]{1,100}"),
    "loom.com": re.compile(r"/(?:share|embed)/"),
    "wetransfer.com": re.compile(r"/downloads/"),
    "stackoverflow.com": re.compile(r"/(?:questions|a)/"),
    "miro.com": re.compile(r"/app/board/"),
    "canva.com": re.compile(r"/design/"),
}


def is_work_material_link(registered: str, host: str, path: str) -> bool:
    """"figma.com/file/…", "docs.google.com/document/…", "github.com/acme/site.git": one item of
    work on a file, document, design or code host. Profiles there ("github.com/ana") are not."""
    pattern = _WORK_MATERIAL.get(registered)
    if pattern is None:
        return False
    if registered == "google.com" and host not in ("docs.google.com", "drive.google.com"):
        return False
    return pattern.match(path) is not None


#: Services a job is done on or moved between (site builders, hosts, code and design tools, shops):
#: their bare home page named is the topic of the work, not a way to reach someone.
SERVICE_HOMES = frozenset({
    "wix.com", "wordpress.com", "wordpress.org", "shopify.com", "squarespace.com", "webflow.com", "godaddy.com",
    "namecheap.com", "hostinger.com", "bluehost.com", "siteground.com", "github.com", "gitlab.com", "bitbucket.org",
    "figma.com", "canva.com", "notion.so", "trello.com", "airtable.com", "google.com", "stripe.com", "amazon.com",
    "etsy.com", "ebay.com", "medium.com", "substack.com", "mailchimp.com", "zapier.com", "hubspot.com",
    "salesforce.com", "vercel.com", "netlify.com", "heroku.com", "cloudflare.com", "woocommerce.com", "bigcommerce.com",
    "weebly.com", "carrd.co", "framer.com", "bubble.io", "glitch.com", "replit.com", "behance.net", "dribbble.com",
})


#: Companies named by their bare domain in a sentence ("I worked at Booking.com for 3 years"): a
#: company, not a page to visit. Only the bare name: a link with a scheme or "www." is a link.
COMPANY_DOMAINS = frozenset({
    "booking.com", "hotels.com", "expedia.com", "airbnb.com", "vrbo.com", "tripadvisor.com", "zillow.com",
    "indeed.com", "glassdoor.com", "salesforce.org", "walmart.com", "target.com", "alibaba.com", "aliexpress.com",
    "netflix.com", "spotify.com", "microsoft.com", "apple.com", "adobe.com", "oracle.com",
    "ibm.com", "meta.com", "openai.com", "bing.com", "twitch.tv", "reddit.com", "quora.com",
    "wikipedia.org", "coursera.org", "udemy.com", "skillshare.com", "duolingo.com", "zoho.com", "atlassian.com",
    "slack.com", "dropbox.com", "box.com", "asana.com", "monday.com", "clickup.com", "miro.com", "loom.com",
})


def is_company_name(registered: str, host: str, path: str, raw: str) -> bool:
    """"Booking.com" as a company's name in a sentence: its bare domain, no scheme, no "www.", no path."""
    return registered in COMPANY_DOMAINS and host == registered and not path.strip("/?#") and "/" not in raw


#: First labels of a company's documentation or help pages ("docs.acme-tools.com"): for reading, nobody's
#: page or mailbox.
_DOC_LABELS = frozenset({"docs", "doc", "developer", "developers", "help", "status", "learn", "kb", "wiki",
                         "documentation", "api-docs", "devdocs"})


def is_documentation_host(host: str) -> bool:
    """"docs.acme-tools.com", "help.example.io": a subdomain of documentation or help pages."""
    return host.count(".") >= 2 and host.split(".", 1)[0] in _DOC_LABELS


def is_service_home(registered: str, host: str, path: str) -> bool:
    """"Our old site is on wix.com, we want it moved to WordPress": a service's bare home page, named
    as what the work is about. A page under it ("wix.com/studio-ana") is not covered."""
    return registered in SERVICE_HOMES and host in (registered, "www." + registered) and not path.strip("/?#")


#: Domains that stand for "any domain" in instructions and forms ("name@domain.com").
PLACEHOLDER_DOMAINS = frozenset({
    "domain.com", "yourdomain.com", "mydomain.com", "your-domain.com", "somedomain.com", "anydomain.com",
    "yoursite.com", "yourwebsite.com", "yourcompany.com", "company-domain.com", "emaildomain.com",
    "yourbrand.com", "your-brand.com", "yourbusiness.com", "yourstore.com", "yourshop.com", "mycompany.com",
    "your-company.com", "yourcompanyname.com",
})
_PLACEHOLDER_LOCAL = frozenset({
    "name", "yourname", "your.name", "username", "user", "first.last", "firstname.lastname", "firstname",
    "john.doe", "jane.doe", "johndoe", "janedoe", "someone", "email", "youremail", "your.email", "me",
    "foo", "bar", "baz", "test", "tester", "abc", "xyz", "asdf", "qwerty", "a", "b", "x", "y",
})
_EXAMPLE_CONTEXT = re.compile(
    r"\b(?:like|e\.g\.?|eg|such as|for example|example|format|formats|field|fields|validate|validation|"
    r"placeholder|sample|samples|test|tests|testing|dummy|fake|mock|regex|pattern|accept|accepts|input|validator|"
    r"walidator\w{0,3}|validador\w{0,2}|validateur|testowy|testowe|docs|documentation|dokumentacj\w{1,3}|documentación|"
    r"documentação|beispiel|ejemplo|exemplo|exemple|esempio|przykład)\b"
)


def is_placeholder_address(local: str, host: str, text: str) -> bool:
    """"name@domain.com", "john.doe@gmail.com, e.g.": an address that stands for any address in an
    instruction, a form or a format, not someone's own."""
    if host in PLACEHOLDER_DOMAINS:
        return True
    return local in _PLACEHOLDER_LOCAL and _mentions_an_example(text)


@lru_cache(maxsize=16)
def _mentions_an_example(text: str) -> bool:
    """``_EXAMPLE_CONTEXT.search(text)``, once per message (a long text asks for each address)."""
    return _EXAMPLE_CONTEXT.search(text) is not None


#: IBANs printed in standards, bank documentation and validator examples.
EXAMPLE_IBANS = frozenset({
    "GB82WEST12345698765432", "GB29NWBK60161331926819", "GB33BUKB20201555555555", "DE89370400440532013000",
    "FR1420041010050500013M02606", "FR7630006000011234567890189", "NL91ABNA0417164300", "ES9121000418450200051332",
    "IT60X0542811101000000123456", "BE68539007547034", "CH9300762011623852957", "AT611904300234573201",
    "PL61109010140000071219812874", "SE4550000000058398257466", "IE29AIBK93115212345678", "PT50000201231234567890154",
    "DK5000400440116243", "NO9386011117947", "FI2112345600000785", "LU280019400644750000",
})


def is_example_iban(compact: str, text: str) -> bool:
    """A documentation IBAN ("GB82 WEST 1234 5698 7654 32") in a message about forms, tests or
    formats; offered as the writer's own account it is still reported."""
    return compact in EXAMPLE_IBANS and _mentions_an_example(text)


def is_reserved_example_domain(domain: str) -> bool:
    """example.com and friends: documentation addresses, never a person's contact."""
    return _is_or_under(domain, RESERVED_EXAMPLE_DOMAINS)


def is_own_platform_link(domain: str, own_domains: tuple[str, ...]) -> bool:
    """A link to the platform itself (profile, job, help article)."""
    return _is_or_under(domain, own_domains)


def is_allowed_domain(domain: str, allowed: tuple[str, ...]) -> bool:
    return _is_or_under(domain, allowed)


def _is_or_under(domain: str, domains: tuple[str, ...]) -> bool:
    """``domain`` is one of ``domains`` or a subdomain of one (letter case and a final dot aside)."""
    domain = domain.lower().rstrip(".")
    return domain in domains or domain.endswith(_dotted(domains))


@lru_cache(maxsize=64)
def _dotted(domains: tuple[str, ...]) -> tuple[str, ...]:
    return tuple("." + d for d in domains)


_TEST_DATA = re.compile(
    r"\b(?:test data|test case|testing|dummy|placeholder|sample data|sample|fake|mock|fixture|seed data|"
    r"spreadsheet|column|csv|excel|row|rows|qa|lorem|regex|validate|validation|format|e\.164|"
    r"fictional|field|mockup|mock-up|wireframe|figma|unit test|expect|assert|jest|pytest|placeholder|"
    r"example|lorem ipsum|beispiel|platzhalter|ejemplo|exemplo|exemple|esempio|voorbeeld|przykład|örnek)\b"
)
#: Words that make the number right after them data of the work ("test number 555-0155",
#: "TWILIO_FROM=+1555...", "маску +7 (999) 000-00-00"): read in the line before the number only.
_TEST_DATA_NEAR = re.compile(
    r"(?P<w>\b(?:tests?|test (?:number|numbers|recipient|phone|message|account)|fixtures|sandbox|staging|env|config|"
    r"yaml|json|stripped|redact\w{0,5}|scrub\w{0,3}|mask|маск\w{0,3}|тест\w{0,5}|testowy|magic numbers?|ficticio|"
    r"ficticia|fictício|fictif|fittizio|fiktiv)\b|[A-Z_]{3,}=|\"[\w-]{1,30}\"\s?:\s?\"?)[^\n]{0,50}$"
)
#: The number is a value in code or a config: after a key and its ":" or "=" (and a URL's start).
_CODE_VALUE_BEFORE = re.compile(r"(?:\b[a-z_][a-z0-9_]{2,}=|[\"'][\w-]{1,30}[\"']\s?:\s?[\"']?)[^\"'\s]{0,30}$")
#: A contact cue between such a word and the number: "while you test is a text: 646-555-0129".
_CONTACT_AFTER_TEST = re.compile(r"\b(?:text|call|reach|cell|phone|whatsapp|sms|ring|me at|my number)\b", re.IGNORECASE)


def is_test_data(text: str, start: int, end: int) -> bool:
    """Fictional numbers in test data: US 555-01xx, UK 07700 900xxx / 020 7946 0xxx, AU 0491 570,
    FR 06 39 98, in a message that talks about test data, spreadsheets or validation."""
    span = text[start:end].lstrip(" \t(")
    digits = _NON_DIGITS.sub("", span)
    if span.startswith(("+", "00")) and not span.startswith(("+1", "001", "+44", "0044", "+61", "+33", "+49")):
        # another country's number: none of the fiction ranges below is its own
        fictional = _is_placeholder_digits(digits[-7:])
    else:
        fictional = is_fictional_number(digits)
    return fictional and (_mentions_test_data(text) or _test_data_right_before(text, start))


def _test_data_right_before(text: str, start: int) -> bool:
    """A config key right before the number ('"to":"1555..."', "TWILIO_FROM=+1555..."), or a word of
    test data in the line just before it with no contact cue between them."""
    if _CODE_VALUE_BEFORE.search(text, max(0, start - 70), start) is not None:
        return True
    m = _TEST_DATA_NEAR.search(text, max(0, start - 80), start)
    return m is not None and _CONTACT_AFTER_TEST.search(text, m.end("w"), start) is None


def mentions_test_data(text: str) -> bool:
    """The message talks about test data, spreadsheets or validation (lower-case text)."""
    return _mentions_test_data(text)


def is_fictional_number(digits: str) -> bool:
    """Digits in a range reserved for fiction, or typed as a placeholder (a counting run)."""
    return bool(
        "555" in digits[:6] or _US_FICTION.search(digits) or "7700900" in digits or "2079460" in digits
        or "491570" in digits or "639980" in digits or "5005550" in digits or _is_placeholder_digits(digits)
        or _REPEATED_GROUPS.fullmatch(digits) is not None
        or _has_counting_run(digits)
    )


def _has_counting_run(digits: str) -> bool:
    """``any(run in digits for run in _COUNTING_RUNS)``, written out (the generator costs more than
    the searches)."""
    for run in _COUNTING_RUNS:
        if run in digits:
            return True
    return False


@lru_cache(maxsize=16)
def _mentions_test_data(text: str) -> bool:
    """``_TEST_DATA.search(text)``, once per message (a long text with many number candidates asks
    for each of them), leaving out a word in an address's local part: "aaa.qa@mailbox.com" is an
    address, not talk of QA. A word in the domain still counts ("write to user@example.com")."""
    skipped = 0
    for m in _TEST_DATA.finditer(text):
        if _REST_OF_LOCAL_PART.match(text, m.end()) is None:
            return True
        skipped += 1
        if skipped >= 32:  # a text of nothing but such addresses: read it as the plain search does
            return True
    return False


#: What follows a word up to the "@" of the address it sits in (bounded: linear time).
_REST_OF_LOCAL_PART = re.compile(r"[\w.+-]{0,64}@\w")


#: Runs of one repeated digit ("111 222 3333", "444 555 6666"): typed as a stand-in.
_REPEATED_GROUPS = re.compile(r"(\d)\1{2,3}(\d)\2{2,3}(\d)\3{2,3}")
#: Six digits counting up or down ("+49 30 12345678"): a number typed as an example.
_COUNTING_RUNS = tuple({("01234567890123456789"[i:i + 6]) for i in range(10)}
                       | {("98765432109876543210"[i:i + 6]) for i in range(10)})


def _is_placeholder_digits(digits: str) -> bool:
    """"123 456 789", "9876543210", "000 0000": a run of consecutive or repeated digits."""
    if len(digits) < 6:
        return False
    if digits.isascii() and len(digits) <= 30:  # every step +1, every step -1 (mod 10), or every step 0
        return digits in _ASCENDING or digits in _DESCENDING or digits == digits[0] * len(digits)
    steps = {(int(b) - int(a)) % 10 for a, b in zip(digits, digits[1:])}
    return len(steps) == 1 and steps <= {0, 1, 9}


_NON_DIGITS = re.compile(r"\D+")
# runs of consecutive digits, up or down, wrapping from 9 to 0: any such run of up to 30 digits is in them
_ASCENDING = "0123456789" * 4
_DESCENDING = "9876543210" * 4
_US_FICTION = re.compile(r"55501\d\d$")


#: Where a detail goes when it is content of the work: a page, a document, a design.
_WORK_PLACES = (
    r"(?:website|web site|site|footer|header|contact page|contact section|landing page|home ?page|about page|"
    r"flyer|banner|poster|brochure|business cards?|email signature|signature|template|invoice|receipt|menu|"
    r"label|packaging|mockup|mock-up|profile page|google business profile|listing|storefront|slide|deck)"
)
#: The first word of each of ``_WORK_PLACES``' places, a whole word wherever the place matches.
_WORK_PLACE_FIRST = frozenset({
    "website", "web", "site", "footer", "header", "contact", "landing", "home", "homepage", "about", "flyer",
    "banner", "poster", "brochure", "business", "email", "signature", "template", "invoice", "receipt", "menu",
    "label", "packaging", "mockup", "mock", "profile", "google", "listing", "storefront", "slide", "deck",
})
#: The alternatives of ``_CONTENT_FOR_THE_WORK`` (each a whole pattern: the big pattern matches
#: where one of them does), each with the word sets its matches need: a whole word (a ``\w+`` run,
#: as :func:`word_set` gives them) from every set. ``is_content_for_the_work`` searches only the
#: alternatives whose sets all meet the text's words: a search of the joined pattern tried some
#: twenty alternatives at every position (14 us on a chat message that passed its gates, paid by
#: every message with an address or a number in it and a "'s" or a place word).
_CONTENT_ALTERNATIVES: tuple[tuple[str, tuple[frozenset[str], ...]], ...] = (
    (r"\b(?:add|put|include|place|display|show|update|change|use|insert|list|print)\b[^.!?\n]{0,80}?"
     r"\b(?:to|in|on|into|at|for)\s(?:the\s|our\s|their\s|my\s|a\s)?(?:new\s)?" + _WORK_PLACES + r"\b",
     (frozenset({"add", "put", "include", "place", "display", "show", "update", "change", "use", "insert", "list",
                 "print"}), _WORK_PLACE_FIRST)),
    (r"\b(?:should|must|needs? to|has to|will)\s(?:\w{1,10}\s)?(?:appear|be shown|be displayed|be listed|be printed|go|be)"
     r"\s(?:on|in|at)\s(?:the\s|our\s|their\s|every\s|each\s)?(?:new\s)?" + _WORK_PLACES + r"\b",
     (frozenset({"should", "must", "need", "needs", "has", "will"}), _WORK_PLACE_FIRST)),
    # "it should be the office line 020 ...": the business's line a listing or a page must show
    (r"\b(?:should|must|needs? to)\s(?:show\s|be\s|read\s|list\s|display\s)(?:the\s|our\s)(?:office|business|support|"
     r"store|shop|reception|company)\s(?:line|number|phone|hotline|email|address)\b",
     (frozenset({"should", "must", "need", "needs"}),
      frozenset({"office", "business", "support", "store", "shop", "reception", "company"}))),
    # "back of the flyer needs our support line ...": what the printed piece carries
    (r"\b(?:flyer|flyers|poster|posters|brochure|banner|menu|label|labels|business cards?|packaging|sign|signage|"
     r"invoice template|letterhead)\s(?:\w{1,10}\s)?(?:needs|need|should (?:have|show|include|list|carry)|must (?:have|show|"
     r"include)|has to (?:have|show)|gets|will (?:have|show|carry))\s(?:our|the|their|a|an)\b",
     (frozenset({"flyer", "flyers", "poster", "posters", "brochure", "banner", "menu", "label", "labels", "business",
                 "packaging", "sign", "signage", "invoice", "letterhead"}),)),
    (r"\b(?:the\s)?(?:client|company|brand|business|shop|store|restaurant|bakery|clinic|salon)(?:'s|’s|s')\s(?:\w{1,12}\s)?"
     r"(?:whatsapp|instagram|insta|ig|facebook|tiktok|telegram|email|phone|number|handle|page|account)\b",
     (frozenset(w + s for w in ("client", "company", "brand", "business", "shop", "store", "restaurant", "bakery",
                                "clinic", "salon") for s in ("", "s")),)),
    # "our brand handle will be @acme_official": the account the work is for
    (r"\b(?:our|the|their|client'?s)\s(?:new\s)?(?:brand|company|business|shop|store|official)\s(?:handle|account|page|"
     r"username|profile|email|number|channel|support line|line|hotline)\b",
     (frozenset({"brand", "company", "business", "shop", "store", "official"}),)),
    (r"\b(?:that'?s |it'?s )?(?:the|our) (?:company|brand|public|official|announcements?) (?:\w{1,12} )?channel\b",
     (frozenset({"channel"}),)),
    # "comptes à gérer : Instagram @atelier.brume": the accounts a social-media job manages
    (r"\b(?:accounts|pages|profiles) to manage\b|\bmanage (?:our|the|their|the client'?s) (?:\w{1,12} )?(?:accounts|socials|pages|profiles)\b",
     (frozenset({"manage"}),)),
    (r"\bcomptes? à gérer\b|\bcuentas? a gestionar\b|\bcontas? (?:para|a) gerenciar\b|\bkonten,? die du betreust\b",
     (frozenset({"compte", "comptes", "cuenta", "cuentas", "conta", "contas", "konten"}),)),
    # "brief for the HTML email signature", "für die Signatur im Newsletter-Template"
    (r"\b(?:brief|spec|copy|layout|draft|mockup|design)\s(?:for|of)\s(?:the|our|their|a|an)\s(?:[\w-]{1,12}\s){0,3}"
     r"(?:signature|template|footer|header|flyer|banner|newsletter)\b",
     (frozenset({"brief", "spec", "copy", "layout", "draft", "mockup", "design"}),)),
    (r"\b(?:für|in|im|pour|dans|para|per|nel|nella)\s(?:die|den|das|der|la|le|el|o|a|il)?\s?(?:e-?mail-?)?"
     r"(?:signatur|vorlage|fußzeile|impressum|pied de page|rodapé|pie de página|newsletter-template|plantilla|modelo)\b",
     (frozenset({"für", "in", "im", "pour", "dans", "para", "per", "nel", "nella"}),)),
    # an address the work configures: "use x@y as the sender address", "set the reply-to to x@y"
    (r"\b(?:sender|reply-to|reply to|from|no-?reply|notification|default|billing)\s(?:address|email|e-mail|mailbox)\b",
     (frozenset({"address", "email", "mail", "mailbox"}),)),
    # "the placeholder number is ...", "the hotline on the poster mockup is ...": a stand-in in the design
    (r"\b(?:placeholder|dummy)\s(?:\w{1,12}\s)?(?:number|phone|hotline|email|e-mail|address|handle|contact|is|are)\b",
     (frozenset({"placeholder", "dummy"}),)),
    (r"\b(?:on|in)\s(?:the|our|this)\s(?:\w{1,12}\s)?(?:mockup|mock-up)\s(?:is|are|reads|says|shows)\b",
     (frozenset({"mockup", "mock"}),)),
    (r"\breply-to\b", (frozenset({"reply"}),)),
    (r"\b(?:in|on|into)\s(?:the\s)?(?:mailchimp|klaviyo|sendgrid|mailgun|hubspot|zendesk|intercom|smtp|\.env)\b",
     (frozenset({"mailchimp", "klaviyo", "sendgrid", "mailgun", "hubspot", "zendesk", "intercom", "smtp", "env"}),)),
    (r"\b(?:in|on)\s(?:the\s)?(?:shopify|wordpress|woocommerce|wix|squarespace|webflow)\s(?:settings|notifications|"
     r"admin|config\w{0,9}|emails?)\b",
     (frozenset({"shopify", "wordpress", "woocommerce", "wix", "squarespace", "webflow"}),)),
)
_CONTENT_FOR_THE_WORK = re.compile("|".join(source for source, _ in _CONTENT_ALTERNATIVES))
#: (compiled alternative, the word sets it needs), in the pattern's order. Only whether one of them
#: matches is asked, so an optional lead-in before a word that stands at a word start either way is
#: left out ("the client's" holds "client's"; "it's our channel" holds "our channel"): the same
#: texts match, and the search does not try the lead-in at every position (15 us, 2 us without).
_CONTENT_PARTS = tuple(
    (re.compile(source.replace(r"\b(?:the\s)?(?:client|", r"\b(?:client|", 1)
                .replace(r"\b(?:that'?s |it'?s )?(?:the|our) ", r"\b(?:the|our) ", 1)), needs)
    for source, needs in _CONTENT_ALTERNATIVES
)


#: An open quotation introduced as text of the work: a word for what is written or said, then a
#: quote mark (after a blank or a colon, so "says I'll" is no quote) not closed before the end.
QUOTED_CONTENT = re.compile(
    r"\b(?:ends? with|starts? with|opens? with|closes? with|(?:should|must|will|would|to|can) (?:say|show|display)|"
    r"reads?|line|script|copy|text|caption|slide|"
    r"banner|flyer|poster|outro|intro|cta|tagline|slogan|headline|title|subtitle|label|button|voice ?over|jingle|"
    r"lyrics?|translat\w{0,5}|wording|message template|"
    # reported speech: "someone DMed me 'pay me in gift cards'" (a third party's words, quoted to report them)
    r"(?:someone|somebody|some guy|a guy|this guy|that guy|he|she|they|a client|the client|a scammer|the scammer|"
    r"a user|a buyer|another freelancer|a recruiter|a stranger)\s(?:\w{1,10}\s)?(?:dm'?e?d|pm'?e?d|messaged|texted|"
    r"wrote|said|told|asked|emailed|sent)(?:\s(?:me|us|him|her|them))?)\b[^\n\"'“‘]{0,30}(?:^|(?<=[\s:]))[\"'“‘]"
    r"[^\n\"'”’]{0,80}$"
)


_LINK_FOR_THE_PAGE = re.compile(
    r"\blink\w{0,3}\s(?:the\s|our\s|their\s|each\s)?(?:\w{1,12}\s)?(?:icon|button|logo|badge|widget|banner)s?\s"
    r"(?:to|with)\s(?:https?://)?$"
)


def is_link_for_the_page(text: str, start: int) -> bool:
    """"Link the Instagram icon to instagram.com/ourbakery": the link at ``start`` is one the page
    being built will carry, not a way to reach the writer."""
    a = max(0, start - 60)
    return "link" in text[a:start] and _LINK_FOR_THE_PAGE.search(text, a, start) is not None


def is_quoted_content(text: str, start: int) -> bool:
    """"The video should end with 'Call us today at 555-0100'": the detail at ``start`` is inside
    words quoted as text of the work (a script, a caption, a button), not the writer's own."""
    a = max(0, start - 120)
    window = text[a:start]  # the tests below look at the window only: one call costs the same in any text
    if "'" not in window and '"' not in window and "“" not in window and "‘" not in window:
        return False
    return QUOTED_CONTENT.search(text, a, start) is not None


_WORK_PLACE_WORDS = frozenset({
    "sender", "reply", "from", "noreply", "no", "notification", "default", "billing", "mailchimp", "klaviyo",
    "sendgrid", "mailgun", "hubspot", "zendesk", "intercom", "smtp", "env", "shopify", "wordpress", "woocommerce",
    "wix", "squarespace", "webflow", "brand", "company", "official", "shop", "store",
    "website", "web", "site", "footer", "header", "contact", "landing", "home", "homepage", "about", "flyer",
    "banner", "poster", "brochure", "business", "card", "cards", "email", "signature", "template", "invoice",
    "receipt", "menu", "label", "packaging", "mockup", "mock", "profile", "google", "listing", "storefront",
    "placeholder", "dummy",
    "slide", "deck", "office", "support", "reception",
    "channel", "manage", "comptes", "compte", "cuentas", "cuenta", "contas", "konten", "accounts", "pages",
    "profiles", "brief", "spec", "copy", "layout", "draft", "design", "signatur", "vorlage", "fußzeile", "impressum",
    "pied", "rodapé", "pie", "plantilla", "modelo", "newsletter",
})


@lru_cache(maxsize=64)  # asked of the same message by several detectors
def is_content_for_the_work(text: str) -> bool:
    """"add our WhatsApp number to the website footer", "the support email should appear on the
    invoice template", "the client's Instagram is @acme_bakery": the detail is content the job
    puts somewhere, or a client's business channel, not a way to reach the writer."""
    words = _words(text)
    if "'s" not in text and "’s" not in text and "s'" not in text and _WORK_PLACE_WORDS.isdisjoint(words):
        return False  # neither a place for the detail nor a possessive: the pattern cannot match
    if _CONTENT_NEEDS.isdisjoint(words) and "config" not in text:
        return False  # no alternative's key word (on a long noisy text the first gate passes by chance)
    for pattern, needs in _CONTENT_PARTS:
        for need in needs:
            if need.isdisjoint(words):
                break
        else:
            if pattern.search(text) is not None:
                return True
    return False


#: One whole word of every match of ``_CONTENT_FOR_THE_WORK``, alternative by alternative: the place
#: (first words of ``_WORK_PLACES``), the owner before "'s" (with its plural "s'"), the brand-like
#: word before "handle", the address word ("e-mail" holds "mail"), "reply-to" or the mail service,
#: what is set in the shop builder ("settings", "config..." by the substring). tests/test_hostile_filters.py
#: checks it on every phrasing.
_CONTENT_NEEDS = frozenset({
    "website", "web", "site", "footer", "header", "contact", "landing", "home", "homepage", "about", "flyer", "banner",
    "poster", "brochure", "business", "email", "signature", "template", "invoice", "receipt", "menu", "label",
    "packaging", "mockup", "mock", "profile", "google", "listing", "storefront", "slide", "deck", "office", "support",
    "reception", "store", "shop",
    *(w + s for w in ("client", "company", "brand", "business", "shop", "store", "restaurant", "bakery", "clinic",
                      "salon") for s in ("", "s")),
    "official",
    "address", "mail", "mailbox",
    "reply", "mailchimp", "klaviyo", "sendgrid", "mailgun", "hubspot", "zendesk", "intercom", "smtp", "env",
    "settings", "notifications", "admin", "emails", "placeholder", "dummy", "channel", "manage", "comptes",
    "compte", "cuentas", "cuenta", "contas", "konten", "accounts", "pages", "profiles", "brief", "spec", "copy",
    "layout", "draft", "design", "signatur", "vorlage", "fußzeile", "impressum", "pied", "rodapé", "pie", "plantilla",
    "modelo", "newsletter",
})


_words = word_set
