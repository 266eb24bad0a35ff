"""Scoring against peers' test cases (offplatform.peer)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from offplatform.config import DEFAULT_PHONE_REGIONS, ScanConfig
from offplatform.errors import InputError
from offplatform.finding import Finding, Kind
from offplatform.peer import config_for, evaluate_peer, peer_kind
from offplatform.scanner import Scanner

PEER_FILE = Path("/work/shared/data/peer/peer_cases.jsonl")


def finding(kind: Kind, text: str, start: int, end: int) -> Finding:
    return Finding(kind=kind, start=start, end=end, text=text[start:end], value=text[start:end],
                   rule="test", score=0.9)


@dataclass
class FakeResult:
    findings: tuple[Finding, ...]


@dataclass
class FakeScanner:
    """Answers from a table: text -> [(kind, start, end)]."""

    answers: dict[str, list[tuple[Kind, int, int]]]
    config: ScanConfig

    def scan(self, text: str) -> FakeResult:
        return FakeResult(tuple(finding(k, text, s, e) for k, s, e in self.answers.get(text, [])))


@dataclass
class FakeFactory:
    answers: dict[str, list[tuple[Kind, int, int]]]
    configs: list[ScanConfig] = field(default_factory=list)

    def __call__(self, config: ScanConfig) -> FakeScanner:
        self.configs.append(config)
        return FakeScanner(self.answers, config)


def case(case_id: str, text: str, expected, kinds, *, count=None, config=None, note=None) -> dict:
    return {
        "id": case_id, "text": text, "expected": expected,
        "expected_count": count if count is not None else len(expected or []),
        "kinds_checked": kinds, "config": config, "note": note, "source": "test", "license": "MIT",
    }


def write_cases(tmp_path: Path, cases: list[dict]) -> Path:
    path = tmp_path / "peer_cases.jsonl"
    path.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases), encoding="utf-8")
    return path


E = "mail me at bob@gmail.com"       # email at 11..24
T = "ping t.me/bob_dev now"          # link-shaped messaging at 5..16
H = "telegram @bob_dev"              # handle at 9..17
P = "iban DE89 3704 0044 0532 0130 00"  # payment at 5..32

# (id, case, our findings, agrees)
AGREEMENT_TABLE = [
    ("exact-email", case("p-email-001", E, [[11, 24, "email"]], ["email"]), [(Kind.EMAIL, 11, 24)], True),
    ("missed-email", case("p-email-002", E, [[11, 24, "email"]], ["email"]), [], False),
    ("extra-email", case("p-email-003", E, [], ["email"]), [(Kind.EMAIL, 11, 24)], False),
    ("half-overlap-counts", case("p-email-004", E, [[11, 24, "email"]], ["email"]), [(Kind.EMAIL, 11, 20)], True),
    ("under-half-misses", case("p-email-005", E, [[11, 24, "email"]], ["email"]), [(Kind.EMAIL, 11, 15)], False),
    ("wrong-kind-misses", case("p-email-006", E, [[11, 24, "email"]], ["email", "url"]), [(Kind.URL, 11, 24)], False),
    ("unchecked-kind-ignored", case("p-iban-001", E, [], ["payment"]), [(Kind.EMAIL, 11, 24)], True),
    ("checked-kind-extra", case("p-iban-002", P, [], ["payment"]), [(Kind.PAYMENT, 5, 32)], False),
    ("iban-found", case("p-iban-003", P, [[5, 32, "payment"]], ["payment"]), [(Kind.PAYMENT, 5, 32)], True),
    ("link-shaped-messaging-is-url", case("p-url-001", T, [[5, 16, "url"]], ["url"]), [(Kind.MESSAGING, 5, 16)], True),
    ("handle-is-not-url", case("p-url-002", H, [], ["url"]), [(Kind.MESSAGING, 9, 17)], True),
    ("signal-kinds-ignored", case("p-url-003", E, [], ["url", "email"]), [(Kind.INTENT, 0, 7)], True),
    ("social-expectation-not-scored",
     case("s-twitter-001", H, [[9, 17, "social"]], ["email", "phone", "url", "social"]), [], True),
    ("count-only-equal", case("s-mixed-001", E, None, ["email"], count=1), [(Kind.EMAIL, 11, 24)], True),
    ("count-only-differs", case("s-mixed-002", E, None, ["email"], count=2), [(Kind.EMAIL, 11, 24)], False),
]


@pytest.mark.parametrize(("rec", "ours", "agrees"), [t[1:] for t in AGREEMENT_TABLE],
                         ids=[t[0] for t in AGREEMENT_TABLE])
def test_case_agreement(tmp_path: Path, rec: dict, ours: list, agrees: bool) -> None:
    path = write_cases(tmp_path, [rec])
    report = evaluate_peer(path, FakeFactory({rec["text"]: ours}))
    assert report["scored_cases"] == 1
    assert report["agree"] == int(agrees)
    assert [d["id"] for d in report["disagreements"]] == ([] if agrees else [rec["id"]])


def test_span_figures_per_source_and_kind(tmp_path: Path) -> None:
    cases = [
        case("p-email-001", E, [[11, 24, "email"]], ["email"]),         # found exactly
        case("p-email-002", "x " + E, [[13, 26, "email"]], ["email"]),  # found, not exact
        case("p-email-003", "y " + E, [[13, 26, "email"]], ["email"]),  # missed
        case("p-email-004", "no address here", [], ["email"]),          # we flag something wrong
        case("q-phone-001", "call 415 555 0132", [[5, 17, "phone"]], ["phone"]),
    ]
    answers = {
        E: [(Kind.EMAIL, 11, 24)],
        "x " + E: [(Kind.EMAIL, 13, 24)],
        "no address here": [(Kind.EMAIL, 0, 2)],
        "call 415 555 0132": [(Kind.PHONE, 5, 17)],
    }
    report = evaluate_peer(write_cases(tmp_path, cases), FakeFactory(answers))
    email = report["by_source_kind"]["p"]["email"]
    assert (email["cases"], email["agree"]) == (4, 2)
    assert (email["expected_spans"], email["found"], email["exact"]) == (3, 2, 1)
    assert (email["predicted"], email["correct"]) == (3, 2)
    assert email["span_recall"] == pytest.approx(2 / 3, abs=1e-4)
    assert email["span_precision"] == pytest.approx(2 / 3, abs=1e-4)
    assert report["by_source"] == {
        "p": {"cases": 4, "agree": 2, "agree_rate": 0.5},
        "q": {"cases": 1, "agree": 1, "agree_rate": 1.0},
    }
    assert report["by_group"]["p-email"]["expect_spans"] == 3
    assert report["by_group"]["p-email"]["expect_none"] == 1
    dis = {d["id"]: d for d in report["disagreements"]}
    assert set(dis) == {"p-email-003", "p-email-004"}
    assert dis["p-email-004"]["got"] == [[0, 2, "email", "email", "no"]]
    assert dis["p-email-003"]["expected"] == [[13, 26, "email"]]


def test_ip_cases_are_negatives_not_scored(tmp_path: Path) -> None:
    cases = [
        case("p-ip-001", "ssh to 10.0.0.12", [[7, 16, "ip"]], ["ip"]),
        case("p-ip-002", "2345:0425:2CA1::0567", [[0, 20, "ip"]], ["ip"]),
        case("p-email-001", E, [[11, 24, "email"]], ["email"]),
    ]
    answers = {"2345:0425:2CA1::0567": [(Kind.PHONE, 0, 9)], E: [(Kind.EMAIL, 11, 24)]}
    report = evaluate_peer(write_cases(tmp_path, cases), FakeFactory(answers))
    assert report["cases"] == 3
    assert report["scored_cases"] == 1
    assert report["ip"]["cases"] == 2
    assert report["ip"]["flagged"] == 1
    assert [c["id"] for c in report["ip"]["flagged_cases"]] == ["p-ip-002"]
    assert report["disagreements"] == []


CONFIG_TABLE = [
    ("peer-default", None, DEFAULT_PHONE_REGIONS),
    ("libphonenumber-region", "region=NZ, leniency=POSSIBLE", ("NZ",)),
    ("libphonenumber-plain-region", "region=DE", ("DE",)),
    ("unknown-region", "region=ZZ (unknown)", ()),
    ("null-region", "region=null", ()),
    ("presidio-restricted",
     "PhoneRecognizer(supported_regions=['TR'], supported_entity='TR_PHONE_NUMBER', context=TURKISH_CONTEXT)",
     ("TR",)),
    ("presidio-defaults-plus", "PhoneRecognizer(supported_regions=DEFAULT_SUPPORTED_REGIONS + ('JP', 'CN'))",
     DEFAULT_PHONE_REGIONS + ("JP", "CN")),
    ("leniency-not-emulated", "PhoneRecognizer(leniency=2)", DEFAULT_PHONE_REGIONS),
    ("replacement-text-only", "UrlFilth.keep_domain=True (only the replacement text changes)",
     DEFAULT_PHONE_REGIONS),
]


@pytest.mark.parametrize(("config", "regions"), [t[1:] for t in CONFIG_TABLE], ids=[t[0] for t in CONFIG_TABLE])
def test_config_for_phone_regions(config: str | None, regions: tuple[str, ...]) -> None:
    assert config_for(config).phone_regions == regions


def test_config_for_single_detector() -> None:
    assert config_for("EmailDetector only").kinds == frozenset({Kind.EMAIL})
    url_only = config_for("UrlDetector only").kinds
    assert Kind.URL in url_only and Kind.EMAIL not in url_only and Kind.PHONE not in url_only


def test_one_scanner_per_distinct_config(tmp_path: Path) -> None:
    cases = [
        case("l-phone-001", "a", [], ["phone"], config="region=NZ, leniency=POSSIBLE"),
        case("l-phone-002", "b", [], ["phone"], config="region=NZ"),
        case("l-phone-003", "c", [], ["phone"], config="region=US"),
        case("l-phone-004", "d", [], ["phone"]),
    ]
    factory = FakeFactory({})
    evaluate_peer(write_cases(tmp_path, cases), factory)
    assert [c.phone_regions for c in factory.configs] == [("NZ",), ("US",), DEFAULT_PHONE_REGIONS]


PEER_KIND_TABLE = [
    ("email", Kind.EMAIL, "bob@gmail.com", "email"),
    ("phone", Kind.PHONE, "+44 7700 900123", "phone"),
    ("url", Kind.URL, "bobstudio.io", "url"),
    ("messaging-link", Kind.MESSAGING, "t.me/bob", "url"),
    ("messaging-handle", Kind.MESSAGING, "@bob_dev", "messaging"),
    ("social-link", Kind.SOCIAL, "https://instagram.com/bob", "url"),
    ("meeting-link", Kind.MEETING, "zoom.us/j/123", "url"),
    ("paypal-link", Kind.PAYMENT, "paypal.me/bob", "url"),
    ("iban", Kind.PAYMENT, "DE89 3704 0044 0532 0130 00", "payment"),
    ("intent", Kind.INTENT, "let's talk on", None),
    ("scam", Kind.SCAM, "send the code", None),
]


@pytest.mark.parametrize(("kind", "text", "peer"), [t[1:] for t in PEER_KIND_TABLE],
                         ids=[t[0] for t in PEER_KIND_TABLE])
def test_peer_kind(kind: Kind, text: str, peer: str | None) -> None:
    assert peer_kind(finding(kind, text, 0, len(text))) == peer


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json\n", "not valid JSON"),
        (json.dumps({"id": "x", "text": "a"}) + "\n", "missing field"),
        (json.dumps(case("x-email-001", "abc", [[1, 9, "email"]], ["email"])) + "\n", "bad expected span"),
    ],
    ids=["not-json", "missing-field", "span-out-of-text"],
)
def test_bad_file_raises_input_error(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        evaluate_peer(path, FakeFactory({}))


def test_missing_file_raises_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        evaluate_peer(tmp_path / "nope.jsonl")


def test_real_scanner_on_plain_cases(tmp_path: Path) -> None:
    """The default factory is the real Scanner; plain details agree, an IP is not a contact detail."""
    cases = [
        case("p-email-001", "my email address is anna.k@gmail.com", [[20, 36, "email"]], ["email"]),
        case("p-iban-001", "IBAN DE89 3704 0044 0532 0130 00 please", [[5, 32, "payment"]], ["payment"]),
        case("p-iban-002", "DE89 3704 0044 0532 0130 01", [], ["payment"]),  # bad check digits
        case("l-phone-001", "Call +1 650-253-0000 today", [[5, 20, "phone"]], ["phone"], config="region=US"),
        case("l-phone-002", "The release is 2012-01-02 08:00", [], ["phone"], config="region=US"),
        case("p-ip-001", "the server is at 10.0.0.12", [[17, 26, "ip"]], ["ip"]),
    ]
    report = evaluate_peer(write_cases(tmp_path, cases), Scanner)
    assert report["disagreements"] == []
    assert report["agree"] == report["scored_cases"] == 5
    assert report["ip"] == {"cases": 1, "flagged": 0, "flagged_cases": []}


@pytest.mark.skipif(not PEER_FILE.exists(), reason=f"shared peer file {PEER_FILE} not present")
def test_smoke_on_real_peer_file() -> None:
    report = evaluate_peer(PEER_FILE)
    assert report["cases"] == sum(1 for line in PEER_FILE.open(encoding="utf-8") if line.strip())
    assert report["scored_cases"] + report["ip"]["cases"] + report["skipped_cases"] == report["cases"]
    assert set(report["by_source"]) == {"presidio", "scrubadub", "libphonenumber"}
    assert set(report["by_source_kind"]["presidio"]) == {"email", "phone", "url", "payment"}
    assert report["agree"] + len(report["disagreements"]) == report["scored_cases"]
    for d in report["disagreements"]:
        assert {"id", "text", "expected", "got"} <= set(d)
    json.dumps(report)  # the CLI prints it as JSON
