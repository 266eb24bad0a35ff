"""Scoring against other detectors' own test cases (``offplatform eval --peer``).

The peer file (``peer_cases.jsonl``, kept outside this project; see its README) holds test cases
taken from the unit tests of Microsoft Presidio, scrubadub and libphonenumber, one JSON object a
line::

    {"id": "presidio-email-003", "text": "...", "expected": [[25, 43, "email"]], "expected_count": 1,
     "kinds_checked": ["email"], "config": null, "note": null, "source": "...", "license": "MIT"}

These are what the *peers* expect, not what we want, so the result is a list of agreements and
disagreements to read, not an accuracy. How a case is scored:

- Only ``email``, ``phone``, ``url`` and ``payment`` are scored. A case's expectation covers only
  the kinds in its ``kinds_checked`` (a presidio IBAN test's ``[]`` means "no IBAN here", not "no
  contact detail here"), so only our findings of those kinds are compared; expected spans of other
  kinds (scrubadub's Skype names and Twitter handles) are left out.
- Our kinds are mapped onto the peers' coarser ones: a messaging, social, meeting or payment
  finding written as a link (``t.me/x``, ``https://linkedin.com/in/x``, ``paypal.me/x``) is a
  ``url``; other payment findings (IBAN, wallet) are ``payment``.
- Span matching is the rule of :mod:`offplatform.evaluate`: an expected span is found when a
  finding of the same kind overlaps at least half of it; a finding is correct when it overlaps at
  least half of an expected span of its kind or such a span covers at least half of it. Exact
  span agreement is counted besides.
- A case agrees when every expected span is found and every finding is correct. ``expected:
  null`` means the peer's test gives only a count: the case agrees when our number of findings of
  the checked kinds equals ``expected_count``.
- ``config`` is honoured where it names phone regions (``region=NZ``, presidio's
  ``supported_regions=['TR']``, its default regions plus JP and CN): the case is scanned with
  ``ScanConfig(phone_regions=...)``. A missing or unknown default region (``region=ZZ``,
  ``region=null``) means no national-format region at all. Leniency settings have no equivalent
  here and are ignored; settings that only change replacement text do not matter. A scrubadub
  test that runs a single detector ("UrlDetector only") runs only our detectors of that kind.
- ``ip`` cases are negatives for us (an IP address is not a contact detail): they are not scored
  against the peer, only counted when we report any contact detail in them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Protocol

from .config import DEFAULT_PHONE_REGIONS, ScanConfig
from .errors import InputError
from .evaluate import read_jsonl
from .finding import DETAIL_KINDS, Finding, Kind

#: Peer kinds scored here.
SCORED_KINDS: tuple[str, ...] = ("email", "phone", "url", "payment")

_REGION = re.compile(r"\bregion=(?P<code>[A-Za-z]{2}|null)\b")
_SUPPORTED_REGIONS = re.compile(r"supported_regions=\[(?P<codes>[^\]]{0,200})\]")
_QUOTED_CODE = re.compile(r"['\"]([A-Z]{2})['\"]")
_PLUS_REGIONS = re.compile(r"DEFAULT_SUPPORTED_REGIONS\s{0,3}\+\s{0,3}\((?P<codes>[^)]{0,200})\)")
_ONLY_DETECTOR = re.compile(r"\b(?P<name>Email|Phone|Url)Detector only\b")
_ONLY_KINDS = {
    "Email": frozenset({Kind.EMAIL}),
    "Phone": frozenset({Kind.PHONE}),
    "Url": frozenset({Kind.URL, Kind.MESSAGING, Kind.SOCIAL, Kind.MEETING, Kind.PAYMENT}),
}
_LINK_SHAPE = re.compile(r"://|^www\.|/", re.IGNORECASE)


class _Scanner(Protocol):
    def scan(self, text: str) -> Any: ...


ScannerFactory = Callable[[ScanConfig], _Scanner]


def config_for(config: str | None, base: ScanConfig | None = None) -> ScanConfig:
    """The :class:`ScanConfig` that stands for a case's ``config`` string.

    Phone regions carry over, and a scrubadub test that runs one detector ("EmailDetector only")
    runs only our detectors of that kind; everything else keeps ``base`` (default: ``ScanConfig()``).
    """
    base = base or ScanConfig()
    if not config:
        return base
    if m := _ONLY_DETECTOR.search(config):
        return ScanConfig.from_mapping({**base.to_mapping(), "kinds": _ONLY_KINDS[m["name"]]})
    if m := _PLUS_REGIONS.search(config):
        extra = tuple(c for c in _QUOTED_CODE.findall(m["codes"]) if c not in DEFAULT_PHONE_REGIONS)
        return _with_regions(base, DEFAULT_PHONE_REGIONS + extra)
    if m := _SUPPORTED_REGIONS.search(config):
        return _with_regions(base, tuple(_QUOTED_CODE.findall(m["codes"])))
    if m := _REGION.search(config):
        code = m["code"].upper()
        import phonenumbers

        return _with_regions(base, (code,) if code in phonenumbers.SUPPORTED_REGIONS else ())
    return base


def _with_regions(base: ScanConfig, regions: tuple[str, ...]) -> ScanConfig:
    return ScanConfig.from_mapping({**base.to_mapping(), "phone_regions": list(regions)})


def peer_kind(finding: Finding) -> str | None:
    """The peer kind one of our findings counts as (``None`` for message-level signals)."""
    kind = finding.kind
    if kind not in DETAIL_KINDS:
        return None
    if kind in (Kind.EMAIL, Kind.PHONE, Kind.URL):
        return str(kind)
    if _LINK_SHAPE.search(finding.text):
        return "url"
    return "payment" if kind is Kind.PAYMENT else str(kind)


def _overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def _new_span_row() -> dict[str, int]:
    return {"cases": 0, "agree": 0, "expected_spans": 0, "found": 0, "exact": 0, "predicted": 0,
            "correct": 0}


def _finish_span_row(row: dict[str, int]) -> dict[str, Any]:
    out: dict[str, Any] = dict(row)
    out["agree_rate"] = round(row["agree"] / row["cases"], 4) if row["cases"] else None
    out["span_recall"] = round(row["found"] / row["expected_spans"], 4) if row["expected_spans"] else None
    out["span_precision"] = round(row["correct"] / row["predicted"], 4) if row["predicted"] else None
    return out


def _validate(rec: dict[str, Any], where: str) -> None:
    for key in ("id", "text", "kinds_checked", "expected_count"):
        if key not in rec:
            raise InputError(f"{where}: missing field {key!r}")
    if not isinstance(rec["text"], str) or not isinstance(rec["kinds_checked"], list):
        raise InputError(f"{where}: 'text' must be a string and 'kinds_checked' a list")
    expected = rec.get("expected")
    if expected is not None:
        n = len(rec["text"])
        for span in expected:
            if not (isinstance(span, list) and len(span) == 3 and 0 <= span[0] < span[1] <= n):
                raise InputError(f"{where}: bad expected span {span!r}")


def evaluate_peer(path: str | Path, scanner_factory: ScannerFactory | None = None) -> dict[str, Any]:
    """Run our scanner over the peer cases in ``path`` and compare with what each peer expects.

    ``scanner_factory(config)`` builds a scanner (anything with ``scan(text)`` returning a result
    with ``findings``); by default :class:`~offplatform.scanner.Scanner`. One scanner is built per
    distinct configuration. Returns a JSON-ready dict (see the module doc for the rules)::

        {"file", "cases", "scored_cases", "agree", "agree_rate",
         "by_source": {source: {"cases", "agree", "agree_rate"}},
         "by_group": {"presidio-email": {...}, ...},
         "by_source_kind": {source: {kind: {"cases", "agree", "expected_spans", "found", "exact",
                                           "predicted", "correct", "span_recall", "span_precision"}}},
         "ip": {"cases", "flagged", "flagged_cases": [{"id", "text", "got"}]},
         "disagreements": [{"id", "source", "kinds_checked", "config", "text", "expected", "got", "note"}],
         "not_emulated": [...]}
    """
    if scanner_factory is None:
        from .scanner import Scanner

        scanner_factory = Scanner
    path = Path(path)
    if not path.is_file():
        raise InputError(f"peer case file not found: {path}")
    scanners: dict[ScanConfig, _Scanner] = {}

    def scan(text: str, config: str | None) -> list[Finding]:
        cfg = config_for(config)
        if cfg not in scanners:
            scanners[cfg] = scanner_factory(cfg)
        return list(scanners[cfg].scan(text).findings)

    return _score(read_jsonl(path), scan, str(path))


def _score(
    records: Iterable[dict[str, Any]], scan: Callable[[str, str | None], list[Finding]], where: str
) -> dict[str, Any]:
    by_source: dict[str, dict[str, int]] = defaultdict(lambda: {"cases": 0, "agree": 0})
    by_group: dict[str, dict[str, int]] = defaultdict(lambda: {"cases": 0, "agree": 0, "expect_spans": 0,
                                                                "expect_none": 0, "count_only": 0})
    by_source_kind: dict[str, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(_new_span_row))
    disagreements: list[dict[str, Any]] = []
    ip = {"cases": 0, "flagged": 0, "flagged_cases": []}
    total = scored = agreed = skipped = 0
    ignored_configs: set[str] = set()

    for lineno, rec in enumerate(records, 1):
        _validate(rec, f"{where}: case {lineno}")
        total += 1
        case_id = str(rec["id"])
        source = case_id.split("-", 1)[0]
        group = case_id.rsplit("-", 1)[0]
        checked = [str(k) for k in rec["kinds_checked"]]
        config = rec.get("config")
        findings = [f for f in scan(rec["text"], config) if peer_kind(f) is not None]

        if "ip" in checked:
            ip["cases"] += 1
            if findings:
                ip["flagged"] += 1
                ip["flagged_cases"].append({"id": case_id, "text": rec["text"], "got": _got(findings)})
            continue
        kinds = [k for k in SCORED_KINDS if k in checked]
        if not kinds:
            skipped += 1
            continue
        if config and config_for(config) == ScanConfig():
            ignored_configs.add(config)
        scored += 1
        expected = rec.get("expected")
        grow = by_group[group]
        grow["cases"] += 1

        if expected is None:
            grow["count_only"] += 1
            ours = [f for f in findings if peer_kind(f) in checked]
            agree = len(ours) == int(rec["expected_count"])
            for kind in kinds:
                by_source_kind[source][kind]["cases"] += 1
                by_source_kind[source][kind]["agree"] += agree
            expected_out: Any = {"count": rec["expected_count"]}
            got_out = _got(ours)
        else:
            gold = [(int(s), int(e), str(k)) for s, e, k in expected if k in kinds]
            grow["expect_spans" if gold else "expect_none"] += 1
            ours = [f for f in findings if peer_kind(f) in kinds]
            agree = True
            for kind in kinds:
                row = by_source_kind[source][kind]
                g = [(s, e) for s, e, k in gold if k == kind]
                o = [f for f in ours if peer_kind(f) == kind]
                found = sum(
                    any(_overlap(s, e, f.start, f.end) * 2 >= e - s for f in o) for s, e in g
                )
                exact = sum(any((f.start, f.end) == (s, e) for f in o) for s, e in g)
                correct = sum(
                    any(
                        (ov := _overlap(s, e, f.start, f.end)) * 2 >= e - s or ov * 2 >= f.end - f.start
                        for s, e in g
                    )
                    for f in o
                )
                kind_agrees = found == len(g) and correct == len(o)
                agree = agree and kind_agrees
                row["cases"] += 1
                row["agree"] += kind_agrees
                row["expected_spans"] += len(g)
                row["found"] += found
                row["exact"] += exact
                row["predicted"] += len(o)
                row["correct"] += correct
            expected_out = [list(s) for s in gold]
            got_out = _got(ours)

        grow["agree"] += agree
        by_source[source]["cases"] += 1
        by_source[source]["agree"] += agree
        agreed += agree
        if not agree:
            disagreements.append({
                "id": case_id, "source": rec.get("source"), "kinds_checked": checked, "config": config,
                "text": rec["text"], "expected": expected_out, "got": got_out, "note": rec.get("note"),
            })

    return {
        "file": where,
        "cases": total,
        "scored_cases": scored,
        "skipped_cases": skipped,
        "agree": agreed,
        "agree_rate": round(agreed / scored, 4) if scored else None,
        "by_source": {
            s: {**row, "agree_rate": round(row["agree"] / row["cases"], 4) if row["cases"] else None}
            for s, row in sorted(by_source.items())
        },
        "by_group": {
            g: {**row, "agree_rate": round(row["agree"] / row["cases"], 4) if row["cases"] else None}
            for g, row in sorted(by_group.items())
        },
        "by_source_kind": {
            s: {k: _finish_span_row(row) for k, row in sorted(kinds.items())}
            for s, kinds in sorted(by_source_kind.items())
        },
        "ip": ip,
        "disagreements": disagreements,
        "not_emulated": sorted(ignored_configs),
    }


def _got(findings: Iterable[Finding]) -> list[list[Any]]:
    return [[f.start, f.end, peer_kind(f), str(f.kind), f.text] for f in findings]
