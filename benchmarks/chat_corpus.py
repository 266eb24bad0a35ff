"""A seeded generator of marketplace chat for the throughput benchmark.

Most real chat on a freelance marketplace carries no contact detail at all: it talks about the
brief, deadlines, prices, revisions and files. :func:`generate` builds such a mix from the
templates and vocabulary below (written for this benchmark, no external data): ordinary messages
plus a small share that carry one *planted* contact detail (phone, email, link, handle, or a
disguised form of one), with the planted span recorded so the benchmark can check that every one
is still found.

Nothing here is built at import time beyond constant tables; the generator takes its own
``random.Random(seed)``, so two runs with the same seed give the same corpus.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import phonenumbers

# --------------------------------------------------------------------------------------------
# vocabulary for ordinary chat
# --------------------------------------------------------------------------------------------

GREETINGS = ("Hi", "Hello", "Hey", "Good morning", "Good evening", "Hi there", "Thanks", "Great", "Sure",
             "Ok", "Perfect", "Sounds good", "Hello again", "Quick update", "Morning")
NAMES = ("Anna", "Ben", "Carlos", "Dana", "Elif", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kemi",
         "Luca", "Maya", "Nikhil", "Olga", "Priya", "Quentin", "Rosa", "Sam", "Tariq", "Uma", "Victor")
PROJECTS = ("logo", "landing page", "Shopify store", "WordPress site", "mobile app", "pitch deck",
            "product video", "blog post series", "SEO audit", "Figma prototype", "data dashboard",
            "Python script", "REST API", "brand guide", "podcast edit", "translation", "resume",
            "Excel model", "React component", "email template", "book cover", "3D render",
            "illustration set", "chatbot", "scraper", "Power BI report", "animation", "UX review")
DELIVERABLES = ("first draft", "wireframes", "final files", "source files", "mockups", "revised version",
                "invoice", "style frames", "test build", "spreadsheet", "report", "export",
                "storyboard", "copy", "screenshots", "changelog")
FILES = ("PNG", "SVG", "PDF", "PSD", "AI", "MP4", "ZIP", "DOCX", "XLSX", "CSV", "Figma link here in the chat",
         "JSON", "MOV", "EPS")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "tomorrow",
        "the weekend", "next week", "end of the month", "tonight")
FEEDBACK = ("looks great", "is almost there", "needs a bit more contrast", "feels too busy",
            "is exactly what I had in mind", "could use a bolder font", "reads well", "is a bit long",
            "needs the colors from our brand guide", "works on mobile now", "loads much faster")
FEATURES = ("dark mode", "a contact form", "a pricing table", "an FAQ section", "search", "filters",
            "a login page", "multi-language support", "analytics", "a newsletter signup", "a cart",
            "an export button", "unit tests", "pagination", "a sitemap", "lazy loading")
TOOLS = ("Figma", "Photoshop", "Illustrator", "After Effects", "Premiere", "Blender", "Django", "Flask",
         "Next.js", "Vue", "Laravel", "Webflow", "Canva", "Notion", "Airtable", "Pandas", "Tableau")
UNITS = ("hours", "days", "revisions", "pages", "screens", "words", "slides", "minutes of footage")

ORDINARY = (
    "{greet} {name}, I've uploaded the {deliv} for the {proj}. Let me know what you think.",
    "{greet}! The {proj} {fb}. Could you send the {file} version by {day}?",
    "I can start on {day} and deliver the {proj} in {n} {unit}.",
    "My budget is ${price} for the whole {proj}, including {n} revisions.",
    "Could we add {feat} to the {proj}? Happy to pay a bit more for it.",
    "I usually work in {tool}, is that ok for the {proj}?",
    "The {deliv} is attached as a {file}. I changed the header and the footer as you asked.",
    "{greet}, just checking in: any feedback on the {deliv}?",
    "Milestone {m} is done. Please review and release it when you're happy.",
    "Sorry for the delay, I was sick yesterday. The {deliv} will be ready by {day}.",
    "Can you make the title bigger and move the button to the right?",
    "We need {feat} and {feat2} before launch, the rest can wait.",
    "The client meeting moved to {day} at {hour}:{minute}, so I need the {deliv} before then.",
    "I've read your brief carefully. I built a similar {proj} last year using {tool}.",
    "{greet}, thanks for the quick turnaround, the {proj} {fb}!",
    "Please keep the text under {words} words, it has to fit on one slide.",
    "Can you do {n} versions of the {proj} so we can compare?",
    "Rate is ${rate}/hr, and I estimate about {n} hours for this.",
    "The file is {size} MB, I'll compress it before uploading here.",
    "I'll send the {deliv} through the platform as soon as it's done.",
    "Version {v1}.{v2} is live on staging, please test {feat} there.",
    "We're in different time zones, I'm usually online from {hour}am to {hour2}pm.",
    "Is it ok if I use {tool} instead of {tool2}? It will be faster.",
    "Great work {name}, I'll leave a review once the contract ends.",
    "The colors should be #{hex} and #{hex2}, matching our website.",
    "Resolution should be {w}x{h} for the banner.",
    "I accepted the offer, let's get started. First milestone is the {deliv}.",
    "No worries, take your time, the deadline is {day}.",
    "I fixed the bug in {feat}; it was a timezone issue in the date parser.",
    "Could you explain step {n} of your plan? I'm not sure I follow.",
    "Let's keep all communication here on the platform, that works best for me.",
    "The order came to ${price}.{cents} with the rush fee included.",
    "I've attached {n} references I like, mostly minimal and clean.",
    "Do you need access to the repo? I can add you as a collaborator here.",
    "The video is {mm}:{ss} long, please cut it to {n2} seconds for the ad.",
    "{greet} {name}! Did you get a chance to look at the {deliv} I sent on {day}?",
    "I'd suggest {tool} for the {proj}, it's easier to maintain.",
    "The {proj} needs to be ready before our launch on {month} {date}.",
    "Our team of {n} will review it together and get back to you.",
    "Could you lower the price to ${price}? That's the maximum we can do.",
)
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")

# --------------------------------------------------------------------------------------------
# planted details
# --------------------------------------------------------------------------------------------

FIRST = ("alex", "maria", "john", "sara", "omar", "lena", "kofi", "mei", "raj", "ivan", "nora", "pablo",
         "aisha", "tom", "yuki", "zara", "leo", "fatima", "dev", "chris")
LAST = ("smith", "garcia", "khan", "okafor", "silva", "nguyen", "mueller", "rossi", "ivanova", "patel",
        "brown", "santos", "kim", "lopez", "adeyemi", "cohen")
PROVIDERS = ("gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "protonmail.com", "icloud.com",
             "mail.ru", "gmx.de", "yandex.ru")
SITE_WORDS = ("studio", "design", "dev", "works", "labs", "creative", "media", "pixel", "craft", "code")
TLDS = ("com", "io", "net", "co", "dev", "studio", "org", "design")

LEADS = {
    "phone": ("call me on {d}", "my number is {d}", "whatsapp {d}", "text me at {d}", "reach me: {d}",
              "my cell {d}", "{d} is my number, call after 6", "ping me on {d} anytime"),
    "email": ("email me at {d}", "my email is {d}", "send it to {d}", "write to {d} please",
              "contact: {d}", "{d} is my personal mail"),
    "link": ("see my work at {d}", "portfolio: {d}", "check {d} for samples", "book a call here {d}",
             "my site {d} has everything"),
    "handle": ("telegram {d}", "add me on skype {d}", "my insta is {d}", "discord: {d}",
               "find me on telegram {d}", "dm me on instagram {d}"),
}

ONES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")

#: (region, national-number shapes; "N" = 2-9 digit, "X" = any digit)
PHONE_SHAPES = (
    ("US", ("(NXX) NXX-XXXX", "NXX-NXX-XXXX", "NXX.NXX.XXXX", "+1 NXX NXX XXXX")),
    ("GB", ("07NXX NXXXXX", "+44 7NXX NXXXXX")),
    ("IN", ("+91 9XXXX XXXXX", "9XXXXXXXXX", "+91 8XXXXXXXXX")),
    ("NG", ("+234 80X XXX XXXX", "080X XXX XXXX")),
    ("DE", ("+49 15X XXXXXXXX", "015X XXXXXXXX")),
    ("BR", ("+55 11 9XXXX-XXXX",)),
    ("PH", ("+63 917 XXX XXXX", "0917 XXX XXXX")),
    ("KE", ("+254 7XX XXX XXX",)),
)

DISGUISES = ("phone_spaced", "phone_words", "phone_fullwidth", "email_at_dot", "email_brackets",
             "email_zero_width", "email_cyrillic", "link_www", "link_zero_width")


@dataclass(frozen=True, slots=True)
class Planted:
    start: int
    end: int
    kind: str   # phone | email | link | handle
    form: str   # plain | a disguise name


@dataclass(frozen=True, slots=True)
class Sample:
    text: str
    planted: tuple[Planted, ...] = ()


def _fill_shape(rng: random.Random, shape: str) -> str:
    return "".join(
        str(rng.randint(2, 9)) if c == "N" else str(rng.randint(0, 9)) if c == "X" else c for c in shape
    )


def _phone(rng: random.Random) -> tuple[str, phonenumbers.PhoneNumber]:
    """A number libphonenumber calls valid for its region (drawn until it is): (as written, parsed)."""
    while True:
        region, shapes = rng.choice(PHONE_SHAPES)
        written = _fill_shape(rng, rng.choice(shapes))
        if "555" in written:
            continue  # keep clear of the fictional 555 range, which filters may treat as test data
        try:
            num = phonenumbers.parse(written, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(num):
            return written, num


def _email(rng: random.Random) -> tuple[str, str, str]:
    user = rng.choice(FIRST) + rng.choice((".", "_", "")) + rng.choice(LAST) + rng.choice(("", str(rng.randint(1, 99))))
    provider = rng.choice(PROVIDERS)
    return user, provider, f"{user}@{provider}"


def _domain(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)}{rng.choice(SITE_WORDS)}.{rng.choice(TLDS)}"


def _plain_detail(rng: random.Random, kind: str) -> str:
    if kind == "phone":
        return _phone(rng)[0]
    if kind == "email":
        return _email(rng)[2]
    if kind == "link":
        return rng.choice(("https://", "http://", "https://www.")) + _domain(rng) + rng.choice(("", "/portfolio", "/work"))
    handle = rng.choice(FIRST) + rng.choice(("_", ".", "")) + rng.choice(LAST) + str(rng.randint(1, 999))
    return rng.choice(("@", "@", "")) + handle


_FULLWIDTH = {str(i): chr(0xFF10 + i) for i in range(10)}
_CYRILLIC = {"a": "а", "o": "о", "e": "е", "c": "с", "p": "р"}
_ZWSP = "\u200b"


def _disguised_detail(rng: random.Random, form: str) -> tuple[str, str]:
    """Returns (kind, written detail)."""
    if form.startswith("phone"):
        digits = phonenumbers.format_number(_phone(rng)[1], phonenumbers.PhoneNumberFormat.E164)
        if form == "phone_spaced":
            return "phone", " ".join(digits)
        if form == "phone_words":
            return "phone", ("plus " if digits.startswith("+") else "") + " ".join(
                ONES[int(c)] for c in digits if c.isdigit())
        return "phone", "".join(_FULLWIDTH.get(c, c) for c in digits)
    if form.startswith("email"):
        user, provider, _ = _email(rng)
        name, tld = provider.rsplit(".", 1)
        if form == "email_at_dot":
            return "email", f"{user} at {name} dot {tld}"
        if form == "email_brackets":
            return "email", f"{user} [at] {name} [dot] {tld}"
        if form == "email_zero_width":
            cut = rng.randint(1, len(user) - 1)
            return "email", user[:cut] + _ZWSP + user[cut:] + "@" + provider
        swapped = "".join(_CYRILLIC.get(c, c) if rng.random() < 0.5 else c for c in user)
        if swapped == user:
            swapped = user.replace("a", "а", 1).replace("o", "о", 1)
        return "email", f"{swapped}@{provider}"
    domain = _domain(rng)
    if form == "link_www":
        return "link", f"www.{domain}"
    cut = domain.index(".")
    return "link", "https://" + domain[:cut] + _ZWSP + domain[cut:]


def _ordinary(rng: random.Random) -> str:
    tool, tool2 = rng.sample(TOOLS, 2)
    feat, feat2 = rng.sample(FEATURES, 2)
    hour = rng.randint(7, 11)
    return rng.choice(ORDINARY).format(
        greet=rng.choice(GREETINGS), name=rng.choice(NAMES), proj=rng.choice(PROJECTS),
        deliv=rng.choice(DELIVERABLES), file=rng.choice(FILES), day=rng.choice(DAYS),
        fb=rng.choice(FEEDBACK), feat=feat, feat2=feat2, tool=tool, tool2=tool2,
        n=rng.randint(2, 12), n2=rng.choice((15, 30, 45, 60)), unit=rng.choice(UNITS),
        price=rng.choice((150, 200, 250, 300, 450, 600, 800, 1200, 1500, 2500)),
        cents=rng.choice(("00", "50", "99")), rate=rng.choice((15, 20, 25, 35, 40, 60)),
        m=rng.randint(1, 5), hour=hour, hour2=hour - 2 + 6, minute=rng.choice(("00", "15", "30", "45")),
        words=rng.choice((50, 80, 120, 200)), size=rng.randint(2, 900), v1=rng.randint(1, 4),
        v2=rng.randint(0, 20), hex=f"{rng.randrange(16**6):06X}", hex2=f"{rng.randrange(16**6):06X}",
        w=rng.choice((728, 970, 1200, 1920)), h=rng.choice((90, 250, 628, 1080)),
        mm=rng.randint(1, 9), ss=f"{rng.randint(0, 59):02d}", month=rng.choice(MONTHS),
        date=rng.randint(1, 28),
    )


def ordinary_message(rng: random.Random) -> str:
    """One to three sentences of ordinary chat, no contact detail."""
    return " ".join(_ordinary(rng) for _ in range(rng.choice((1, 1, 1, 2, 2, 3))))


def planted_message(rng: random.Random) -> Sample:
    """An ordinary sentence or two around one contact detail, plain (60%) or disguised (40%)."""
    if rng.random() < 0.6:
        kind = rng.choice(("phone", "phone", "email", "email", "link", "handle"))
        form, detail = "plain", _plain_detail(rng, kind)
    else:
        form = rng.choice(DISGUISES)
        kind, detail = _disguised_detail(rng, form)
    lead = rng.choice(LEADS[kind])
    before, after = lead.split("{d}")
    prefix = _ordinary(rng) + " " if rng.random() < 0.7 else ""
    suffix = " " + _ordinary(rng) if rng.random() < 0.4 else ""
    head = prefix + before
    text = head + detail + after + suffix
    return Sample(text, (Planted(len(head), len(head) + len(detail), kind, form),))


def generate(n: int, *, seed: int = 20261124, planted_share: float = 0.05) -> list[Sample]:
    """``n`` messages; exactly ``round(n * planted_share)`` carry a planted detail, spread at random."""
    rng = random.Random(seed)
    n_planted = round(n * planted_share)
    planted_at = set(rng.sample(range(n), n_planted))
    return [planted_message(rng) if i in planted_at else Sample(ordinary_message(rng)) for i in range(n)]
