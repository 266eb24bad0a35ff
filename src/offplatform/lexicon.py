"""Words the normalizer and the detectors share: number words, app and provider names.

These are vocabularies of the field (how people say digits, which apps exist), not examples
copied from any data set. Detectors build their patterns from them; nothing here runs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

#: Number words, by language, to the digit(s) they stand for. Tens map to their tens digit and
#: are combined with a following unit word by the normalizer ("twenty three" -> "23").
NUMBER_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5",
        "six": "6", "seven": "7", "eight": "8", "nine": "9", "ten": "10", "eleven": "11",
        "twelve": "12", "thirteen": "13", "fourteen": "14", "fifteen": "15", "sixteen": "16",
        "seventeen": "17", "eighteen": "18", "nineteen": "19", "twenty": "2_", "thirty": "3_",
        "forty": "4_", "fifty": "5_", "sixty": "6_", "seventy": "7_", "eighty": "8_",
        "ninety": "9_", "hundred": "00", "nil": "0",
    },
    "es": {
        "cero": "0", "uno": "1", "una": "1", "dos": "2", "tres": "3", "cuatro": "4",
        "cinco": "5", "seis": "6", "siete": "7", "ocho": "8", "nueve": "9", "diez": "10",
    },
    "pt": {
        "um": "1", "dois": "2", "duas": "2", "três": "3", "quatro": "4", "meia": "6",
        "sete": "7", "oito": "8", "nove": "9", "dez": "10",
    },
    "fr": {
        "zéro": "0", "un": "1", "une": "1", "deux": "2", "trois": "3", "quatre": "4",
        "cinq": "5", "sept": "7", "huit": "8", "neuf": "9", "dix": "10",
    },
    "de": {
        "null": "0", "eins": "1", "ein": "1", "zwei": "2", "zwo": "2", "drei": "3",
        "vier": "4", "fünf": "5", "fuenf": "5", "sechs": "6", "sieben": "7", "acht": "8",
        "neun": "9", "zehn": "10",
    },
    "it": {
        "due": "2", "tre": "3", "quattro": "4", "cinque": "5", "sei": "6", "sette": "7",
        "otto": "8", "dieci": "10",
    },
    "hi-Latn": {
        "shunya": "0", "shoonya": "0", "sunya": "0", "ek": "1", "do": "2", "teen": "3",
        "tin": "3", "char": "4", "chaar": "4", "paanch": "5", "panch": "5", "chhe": "6",
        "chhah": "6", "che": "6", "chah": "6", "saat": "7", "sat": "7", "aath": "8",
        "aat": "8", "nau": "9", "das": "10",
    },
    "ru": {
        "ноль": "0", "нуль": "0", "один": "1", "одна": "1", "два": "2", "две": "2",
        "три": "3", "четыре": "4", "пять": "5", "шесть": "6", "семь": "7", "восемь": "8",
        "девять": "9", "десять": "10",
    },
    # Indonesian, Vietnamese and Turkish, as the traffic dictates them ("nol delapan satu tiga",
    # "không chín không ba", "sıfır beş otuz iki"): the words that clash with other languages'
    # ordinary words ("hai" is Hinglish "is", "ba" a Tagalog particle, "on" English) are left out
    # or marked ambiguous below.
    "id": {
        "nol": "0", "kosong": "0", "satu": "1", "dua": "2", "tiga": "3", "empat": "4", "lima": "5",
        "enam": "6", "tujuh": "7", "delapan": "8", "sembilan": "9", "sepuluh": "10", "sebelas": "11",
    },
    "vi": {
        "không": "0", "linh": "0", "một": "1", "hai": "2", "ba": "3", "bốn": "4", "năm": "5", "lăm": "5",
        "sáu": "6", "bảy": "7", "tám": "8", "chín": "9", "mười": "10",
    },
    "pl": {
        "zero": "0", "jeden": "1", "jedna": "1", "dwa": "2", "dwie": "2", "trzy": "3", "cztery": "4", "pięć": "5",
        "sześć": "6", "siedem": "7", "osiem": "8", "dziewięć": "9", "dziesięć": "10",
    },
    "nl": {
        "nul": "0", "een": "1", "één": "1", "twee": "2", "drie": "3", "vier": "4", "vijf": "5", "zes": "6",
        "zeven": "7", "acht": "8", "negen": "9", "tien": "10",
    },
    # Swahili and Tagalog ("sifuri saba moja mbili", "siyam na apat"): the words that are ordinary
    # words elsewhere ("sita" is Italian, "moja" Polish, "isa" a name) are marked ambiguous below.
    "sw": {
        "sifuri": "0", "moja": "1", "mbili": "2", "tatu": "3", "nne": "4", "tano": "5", "sita": "6",
        "saba": "7", "nane": "8", "tisa": "9", "kumi": "10",
    },
    "tl": {
        "isa": "1", "dalawa": "2", "tatlo": "3", "apat": "4", "lima": "5", "anim": "6", "pito": "7",
        "walo": "8", "siyam": "9", "sampu": "10",
    },
    "uk": {
        "нуль": "0", "один": "1", "одна": "1", "два": "2", "дві": "2", "три": "3", "чотири": "4", "п'ять": "5",
        "п’ять": "5", "шість": "6", "сім": "7", "вісім": "8", "дев'ять": "9", "дев’ять": "9", "десять": "10",
        "двадцять": "2_", "тридцять": "3_", "п'ятдесят": "5_", "шістдесят": "6_", "сімдесят": "7_",
        "вісімдесят": "8_", "дев'яносто": "9_",
    },
    "tr": {
        "sıfır": "0", "sifir": "0", "bir": "1", "iki": "2", "üç": "3", "dört": "4", "beş": "5", "altı": "6",
        "yedi": "7", "sekiz": "8", "dokuz": "9", "yirmi": "2_", "otuz": "3_", "kırk": "4_", "elli": "5_",
        "altmış": "6_", "yetmiş": "7_", "seksen": "8_", "doksan": "9_", "yüz": "00",
    },
}

# Teens and tens beyond English: numbers are dictated in pairs in much of the world ("zéro six,
# trente-neuf, quatre-vingt-dix-huit", "cincuenta y cinco", "trentanove", "neununddreißig").
_MORE_NUMBER_WORDS: dict[str, dict[str, str]] = {
    "es": {
        "once": "11", "doce": "12", "trece": "13", "catorce": "14", "quince": "15", "dieciséis": "16",
        "dieciseis": "16", "diecisiete": "17", "dieciocho": "18", "diecinueve": "19", "veinte": "2_",
        "treinta": "3_", "cuarenta": "4_", "cincuenta": "5_", "sesenta": "6_", "setenta": "7_",
        "ochenta": "8_", "noventa": "9_", "veintiuno": "21", "veintiún": "21", "veintidós": "22",
        "veintidos": "22", "veintitrés": "23", "veintitres": "23", "veinticuatro": "24",
        "veinticinco": "25", "veintiséis": "26", "veintiseis": "26", "veintisiete": "27",
        "veintiocho": "28", "veintinueve": "29",
    },
    "pt": {
        "onze": "11", "doze": "12", "treze": "13", "catorze": "14", "quatorze": "14", "quinze": "15",
        "dezesseis": "16", "dezasseis": "16", "dezessete": "17", "dezassete": "17", "dezoito": "18",
        "dezenove": "19", "dezanove": "19", "vinte": "2_", "trinta": "3_", "quarenta": "4_",
        "cinquenta": "5_", "sessenta": "6_", "setenta": "7_", "oitenta": "8_", "noventa": "9_",
    },
    "fr": {
        "douze": "12", "treize": "13", "quatorze": "14", "quinze": "15", "seize": "16",
        "vingt": "2_", "vingts": "2_", "trente": "3_", "quarante": "4_", "cinquante": "5_",
        "soixante": "6_",
    },
    "it": {
        "undici": "11", "dodici": "12", "tredici": "13", "quattordici": "14", "quindici": "15",
        "sedici": "16", "diciassette": "17", "diciotto": "18", "diciannove": "19",
    },
    "de": {
        "elf": "11", "zwölf": "12", "zwoelf": "12", "dreizehn": "13", "vierzehn": "14",
        "fünfzehn": "15", "fuenfzehn": "15", "sechzehn": "16", "siebzehn": "17", "achtzehn": "18",
        "neunzehn": "19",
    },
    "ru": {
        "одиннадцать": "11", "двенадцать": "12", "тринадцать": "13", "четырнадцать": "14",
        "пятнадцать": "15", "шестнадцать": "16", "семнадцать": "17", "восемнадцать": "18",
        "девятнадцать": "19", "двадцать": "2_", "тридцать": "3_", "сорок": "4_", "пятьдесят": "5_",
        "шестьдесят": "6_", "семьдесят": "7_", "восемьдесят": "8_", "девяносто": "9_",
        # hundreds: "восемь девятьсот шестнадцать" -> 8 916
        "сто": "1__", "двести": "2__", "триста": "3__", "четыреста": "4__", "пятьсот": "5__", "шестьсот": "6__",
        "семьсот": "7__", "восемьсот": "8__", "девятьсот": "9__",
    },
    "pl": {
        "jedenaście": "11", "dwanaście": "12", "trzynaście": "13", "czternaście": "14", "piętnaście": "15",
        "szesnaście": "16", "siedemnaście": "17", "osiemnaście": "18", "dziewiętnaście": "19", "dwadzieścia": "2_",
        "trzydzieści": "3_", "czterdzieści": "4_", "pięćdziesiąt": "5_", "sześćdziesiąt": "6_", "siedemdziesiąt": "7_",
        "osiemdziesiąt": "8_", "dziewięćdziesiąt": "9_", "sto": "1__", "dwieście": "2__", "trzysta": "3__",
        "czterysta": "4__", "pięćset": "5__", "sześćset": "6__", "siedemset": "7__", "osiemset": "8__",
        "dziewięćset": "9__",
    },
    "nl": {
        "elf": "11", "twaalf": "12", "dertien": "13", "veertien": "14", "vijftien": "15", "zestien": "16",
        "zeventien": "17", "achttien": "18", "negentien": "19",
    },
}


def _italian_compounds() -> dict[str, str]:
    """"ventuno", "trentanove", "ottantotto": tens and unit in one word, the tens' last vowel
    dropped before "uno" and "otto", "tre" written "tré" too."""
    tens = {"venti": "2", "trenta": "3", "quaranta": "4", "cinquanta": "5", "sessanta": "6",
            "settanta": "7", "ottanta": "8", "novanta": "9"}
    units = {"uno": "1", "due": "2", "tre": "3", "quattro": "4", "cinque": "5", "sei": "6", "sette": "7",
             "otto": "8", "nove": "9"}
    out = {word: digit + "_" for word, digit in tens.items()}
    for ten, d in tens.items():
        for unit, u in units.items():
            stem = ten[:-1] if unit[0] in "uo" else ten
            out[stem + unit] = d + u
            if unit == "tre":
                out[stem + "tré"] = d + u
    return out


def _german_compounds() -> dict[str, str]:
    """"einundzwanzig", "neununddreißig": the unit first, "und", the tens, in one word."""
    tens = {"zwanzig": "2", "dreißig": "3", "dreissig": "3", "vierzig": "4", "fünfzig": "5", "fuenfzig": "5",
            "sechzig": "6", "siebzig": "7", "achtzig": "8", "neunzig": "9"}
    units = {"ein": "1", "zwei": "2", "drei": "3", "vier": "4", "fünf": "5", "fuenf": "5", "sechs": "6",
             "sieben": "7", "acht": "8", "neun": "9"}
    out = {word: digit + "_" for word, digit in tens.items()}
    for ten, d in tens.items():
        for unit, u in units.items():
            out[f"{unit}und{ten}"] = d + u
    return out


def _dutch_compounds() -> dict[str, str]:
    """"vierendertig", "zesenvijftig", "tweeëntwintig": the unit first, "en", the tens, in one word."""
    tens = {"twintig": "2", "dertig": "3", "veertig": "4", "vijftig": "5", "zestig": "6", "zeventig": "7",
            "tachtig": "8", "negentig": "9"}
    units = {"een": "1", "twee": "2", "drie": "3", "vier": "4", "vijf": "5", "zes": "6", "zeven": "7", "acht": "8",
             "negen": "9"}
    out = {word: digit + "_" for word, digit in tens.items()}
    for ten, d in tens.items():
        for unit, u in units.items():
            out[f"{unit}en{ten}"] = d + u
            if unit.endswith("e"):
                out[f"{unit}ën{ten}"] = d + u
    return out


#: Words that join tens and a unit: "treinta y dos", "trinta e dois", "vingt et un", "soixante et onze".
NUMBER_CONNECTORS: frozenset[str] = frozenset({"y", "e", "et", "und"})

#: Words that repeat the next digit: "double 7" -> "77".
REPEAT_WORDS: dict[str, int] = {
    "double": 2, "triple": 3, "doble": 2, "dobre": 2, "duplo": 2, "doppel": 2,
    "doppio": 2, "triplo": 3, "двойная": 2,
}

#: Words that are "0" only between other number words or digits ("five oh two").
CONTEXT_ZERO_WORDS: frozenset[str] = frozenset({"oh", "o"})

#: Number words that are also ordinary words in another language; a run made only of two of
#: them ("do one") is left alone.
AMBIGUOUS_NUMBER_WORDS: frozenset[str] = frozenset(
    {"do", "char", "che", "nau", "um", "un", "une", "ein", "null", "sei", "tre", "due", "sat", "ek",
     "tin", "das", "teen", "aat", "una", "nil", "dos", "sept", "six", "hundred", "once", "elf", "seize",
     "doze", "venti", "onze", "vinte", "hai", "ba", "một", "năm", "không", "linh", "lima", "dua", "satu", "bir",
     "altı", "elli", "kosong", "yüz", "tám", "een", "één", "sto", "nul", "zes", "moja", "sita", "saba", "tano",
     "tatu", "nane", "tisa", "kumi", "isa", "anim", "apat", "pito"}
)


@cache
def number_words_of(language: str) -> frozenset[str]:
    """The number words of one language (``NUMBER_WORDS`` keys, plus its teens, tens and compounds)."""
    words = set(NUMBER_WORDS.get(language, {})) | set(_MORE_NUMBER_WORDS.get(language, {}))
    if language == "it":
        words |= set(_italian_compounds())
    if language == "de":
        words |= set(_german_compounds())
    if language == "nl":
        words |= set(_dutch_compounds())
    return frozenset(words)


@cache
def number_word_languages() -> dict[str, frozenset[str]]:
    """Number word -> the languages it is a number word of."""
    out: dict[str, set[str]] = {}
    for language in {*NUMBER_WORDS, *_MORE_NUMBER_WORDS}:
        for word in number_words_of(language):
            out.setdefault(word, set()).add(language)
    return {word: frozenset(langs) for word, langs in out.items()}


@cache
def number_word_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for words in NUMBER_WORDS.values():
        table.update(words)
    for words in _MORE_NUMBER_WORDS.values():
        table.update(words)
    table.update(_italian_compounds())
    table.update(_german_compounds())
    table.update(_dutch_compounds())
    return table


#: Messaging apps: canonical name -> spellings and slang (lowercase, after normalization).
MESSAGING_APPS: dict[str, tuple[str, ...]] = {
    "whatsapp": ("whatsapp", "whatsap", "watsapp", "watsap", "whatapp", "whtsapp", "whtsap",
                 "whts app", "wsp", "wa", "whats", "zap", "zapzap", "wassap", "wasap", "ws",
                 "ватсап", "вотсап", "вацап", "whatsapp'e", "واتساب", "واتس", "واتس اب", "appje", "whatsappa", "whatsappie", "whatsappem", "whatsappu"),
    "telegram": ("telegram", "telegrm", "telegramm", "tg", "tele", "telgram", "telegran", "телеграм",
                 "телеграмм", "телеграме", "телеге", "телега", "телегу", "телеграмме", "тг", "تليجرام", "تيليجرام", "تلغرام", "تلجرام",
                 "التليجرام", "التيليجرام", "التلغرام", "التلجرام", "telegrama", "telegramie", "telegramem", "telegramu"),
    "skype": ("skype", "skyp", "skipe", "skypie", "skypea"),
    "discord": ("discord", "discrd", "dc", "discorda", "discordzie", "discordem", "disc"),
    "signal": ("signal",),
    "wechat": ("wechat", "weixin", "微信", "wx"),
    "line": ("line",),
    "viber": ("viber", "вайбер", "вайбері", "вайбере", "vibera", "viberze"),
    "kakaotalk": ("kakaotalk", "kakao talk", "kakao", "카톡", "카카오톡", "카카오"),
    "kik": ("kik",),
    "threema": ("threema",),
    "zalo": ("zalo",),
    "imo": ("imo",),
    "botim": ("botim",),
    "messenger": ("messenger", "fb messenger", "messengera", "messengerze", "messengerem"),
    "imessage": ("imessage", "facetime"),
    "slack": ("slack",),
    "hangouts": ("hangouts", "google chat"),
}

SOCIAL_NETWORKS: dict[str, tuple[str, ...]] = {
    "instagram": ("instagram", "insta", "ig", "the gram", "the 'gram", "instagramm", "instagrama", "instagramie", "instagramem", "انستا", "انستقرام", "انستغرام", "إنستغرام", "انستجرام"),
    "facebook": ("facebook", "fb", "facebooka", "facebooku", "فيسبوك", "فيس بوك"),
    "linkedin": ("linkedin", "linked in"),
    "x": ("twitter", "x"),
    "tiktok": ("tiktok", "tik tok", "تيك توك", "تيكتوك"),
    "snapchat": ("snapchat", "snap", "sc", "سناب", "سناب شات", "سنابشات"),
    "youtube": ("youtube", "yt"),
    "threads": ("threads",),
    "github": ("github",),
    "behance": ("behance",),
    "dribbble": ("dribbble",),
}

#: Free mail providers: a name after "at"/"@" is strong evidence that an address follows.
MAIL_PROVIDERS: tuple[str, ...] = (
    "gmail", "googlemail", "yahoo", "hotmail", "outlook", "live", "icloud", "me", "aol",
    "protonmail", "proton", "gmx", "yandex", "mail", "zoho", "rediffmail", "qq", "163",
    "msn", "ymail", "tutanota", "fastmail", "hey", "web", "orange", "libero", "uol", "bol",
)

MEETING_SERVICES: tuple[str, ...] = ("zoom", "meet", "teams", "calendly", "whereby", "webex")

PAYMENT_SERVICES: tuple[str, ...] = (
    "paypal", "venmo", "cashapp", "cash app", "zelle", "payoneer", "wise", "transferwise",
    "western union", "moneygram", "revolut", "skrill", "pix", "gcash", "maya", "m-pesa",
    "mpesa", "paytm", "upi", "phonepe", "gpay", "google pay", "apple pay", "alipay",
    "wechat pay", "remitly", "worldremit", "neteller", "perfect money", "bank transfer",
    "wire transfer",
)

#: Words that the normalizer restores when written with leetspeak or split apart.
VOCABULARY: frozenset[str] = frozenset(
    {name for name in MESSAGING_APPS}
    | {s for spellings in MESSAGING_APPS.values() for s in spellings if len(s) >= 5 and " " not in s}
    | set(SOCIAL_NETWORKS)
    | {s for spellings in SOCIAL_NETWORKS.values() for s in spellings if len(s) >= 5 and " " not in s}
    | {p for p in MAIL_PROVIDERS if len(p) >= 4 and p.isalpha()}
    | {m for m in MEETING_SERVICES if len(m) >= 4}
    | {p.replace(" ", "") for p in PAYMENT_SERVICES if len(p) >= 4}
    | {"email", "gmail", "number", "phone", "contact", "telegram", "whatsapp"}
)

#: Leetspeak substitutions tried when restoring a vocabulary word ("telegr@m", "sk¥pe").
LEET: dict[str, str] = {
    "@": "a", "4": "a", "3": "e", "1": "i", "!": "i", "|": "l", "0": "o", "5": "s",
    "$": "s", "7": "t", "¥": "y", "€": "e", "8": "b", "9": "g", "6": "g",
}

#: Common top-level domains people spell out ("gmail dot com").
SPELLED_TLDS: tuple[str, ...] = (
    "com", "net", "org", "io", "co", "me", "info", "biz", "dev", "app", "ru", "uk", "in", "de",
    "fr", "es", "it", "br", "mx", "ar", "au", "ca", "pk", "ng", "ke", "za", "ph", "id", "vn",
    "tr", "eg", "ae", "bd", "pt", "us", "edu", "gov", "xyz", "online", "site", "store", "ly",
)


def trie_regex(words: Iterable[str]) -> str:
    """A regex alternation of ``words`` factored by common prefix (fast in a backtracking engine:
    one branch per first character instead of one per word). No quantifiers: linear time."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = []
        optional = False
        for ch in sorted(node):
            if ch == "":
                optional = True
                continue
            branches.append(re.escape(ch) + build(node[ch]))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if optional:
            body = "(?:" + body + ")?"
        return body

    return build(trie)
