"""The scanner: text -> normalized text -> findings (filtered and merged) -> ScanResult."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice

from .config import ScanConfig
from .detect import all_detectors
from .detect.detail_gate import detail_mask
from .detect.scam import payment_detail_scam
from .errors import InputError
from .finding import DETAIL_KINDS, Finding, Kind, ScamCategory
from .merge import merge_findings
from .normalize import NormalizedText, normalize


@dataclass(frozen=True, slots=True)
class ScanResult:
    """What the scan of one message found.

    ``offplatform``: the message gives or asks for a way to talk or pay outside the platform.
    ``scam``: the message follows a fraud pattern.
    """

    text: str
    findings: tuple[Finding, ...]
    normalized: NormalizedText

    @property
    def details(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.kind in DETAIL_KINDS)

    @property
    def offplatform(self) -> bool:
        return any(moves_off_platform(f) for f in self.findings)

    @property
    def scam(self) -> bool:
        return any(f.kind is Kind.SCAM for f in self.findings)

    def to_dict(self) -> dict:
        return {
            "offplatform": self.offplatform,
            "scam": self.scam,
            "findings": [f.to_dict() for f in self.findings],
        }


#: Scam patterns that also move the conversation or the payment off the platform.
_OFFPLATFORM_SCAMS = frozenset(
    {ScamCategory.PAYMENT_OUTSIDE_ESCROW, ScamCategory.CRYPTO_OR_GIFT_CARD, ScamCategory.PHISHING,
     ScamCategory.FAKE_INTERVIEW, ScamCategory.FAKE_CHECK}
)


#: Rules of those categories whose pattern names no way off the platform: a task scam ("rate 30
#: hotels a day, $0.80 per rating") is a scam told here; a channel it names is a finding of its own.
_IN_CHAT_RULES = frozenset({"scam.fake_interview.task_scam", "scam.fake_interview.like_and_screenshot"})


def moves_off_platform(f: Finding) -> bool:
    """A contact or payment detail, a request to move off the platform, or a scam that does."""
    return f.kind in DETAIL_KINDS or f.kind is Kind.INTENT or (
        f.kind is Kind.SCAM and f.category in _OFFPLATFORM_SCAMS and f.rule not in _IN_CHAT_RULES
    )


#: ``ScanResult(text, findings, normalized)`` without the frozen dataclass's ``__init__``, which sets
#: each field through ``object.__setattr__`` (0.6 us, a measurable share of an ordinary message's
#: scan): the slots are filled by their descriptors. Only for the three fields, all given.
_new_object = object.__new__
_set_text = ScanResult.text.__set__  # type: ignore[attr-defined]
_set_findings = ScanResult.findings.__set__  # type: ignore[attr-defined]
_set_normalized = ScanResult.normalized.__set__  # type: ignore[attr-defined]


def _result(text: str, findings: tuple[Finding, ...], normalized: NormalizedText) -> ScanResult:
    result = _new_object(ScanResult)
    _set_text(result, text)
    _set_findings(result, findings)
    _set_normalized(result, normalized)
    return result


def finish_findings(nt: NormalizedText, kept: list[Finding], kinds: frozenset[Kind]) -> list[Finding]:
    """The detectors' kept findings, merged, with the signals read off the merged details: a
    payment detail is money routed outside escrow (``detect.scam.payment_detail_scam``)."""
    merged = merge_findings(kept)
    if Kind.SCAM in kinds:
        paid = payment_detail_scam(nt, merged)
        if paid is not None:
            merged = merge_findings([*merged, paid])
    return merged


LIMIT_RULE = "limit.max_findings"


def _limit_finding(first_unreported: Finding, cap: int) -> Finding:
    """The one finding that says a detector stopped at ``cap`` findings: an empty span where the
    first finding it did not report starts (the rest of the text was not searched by it)."""
    return Finding(
        kind=Kind.LIMIT,
        start=first_unreported.start,
        end=first_unreported.start,
        text="",
        value=str(cap),
        rule=LIMIT_RULE,
        score=1.0,
        explanation=f"more than {cap:,} findings in one message: the rest was not scanned for "
        f"{first_unreported.kind} and the message needs review",
    )


class Scanner:
    """Build once with a :class:`ScanConfig`, then call :meth:`scan` for every message.

    Thread-safe: detectors keep no per-call state.
    """

    def __init__(self, config: ScanConfig | None = None) -> None:
        self.config = config or ScanConfig()
        self._detectors = all_detectors(self.config)
        self._detects = tuple(d.detect for d in self._detectors)
        # The leading detectors whose gates ``detail_mask`` covers (the detail detectors come
        # first): a chat message runs only those whose bit that one gate sets, the rest as always.
        gated = 0
        while gated < len(self._detectors) and getattr(self._detectors[gated], "detail_gated", False) and getattr(
                self._detectors[gated], "detail_bit", 0):
            gated += 1
        self._gated_detects = self._detects[:gated]
        self._gated = tuple((d.detail_bit, d.detect) for d in self._detectors[:gated])
        self._other_detects = self._detects[gated:]

    def scan(self, text: str) -> ScanResult:
        if not isinstance(text, str):
            raise InputError(f"text must be str, not {type(text).__name__}")
        config = self.config
        if len(text) > config.max_text_chars:
            raise InputError(
                f"text is {len(text):,} characters; the limit is {config.max_text_chars:,}"
            )
        nt = normalize(text)
        found: list[Finding] = []
        cap = config.max_findings
        capped: Finding | None = None
        if len(text) <= cap:  # a chat message: far too short to hold ``cap`` findings
            mask = detail_mask(nt) if self._gated else 0
            if mask:
                for bit, detect in self._gated:
                    if mask & bit:  # a clear bit: that detector would return ()
                        got = detect(nt)
                        if got:  # most detectors return an empty tuple (a generator is always true)
                            found.extend(got)
            for detect in self._other_detects:
                got = detect(nt)
                if got:
                    found.extend(got)
        else:
            for detect in self._detects:
                before = len(found)
                found.extend(islice(detect(nt), cap + 1))
                if len(found) - before > cap:  # hostile text: stop this detector, hold the message
                    last = found.pop()
                    if capped is None:
                        capped = _limit_finding(last, cap)
        if not found:  # most messages: nothing to filter or merge
            return _result(text, (), nt)
        kinds = config.kinds
        min_score = config.min_score
        kept = [f for f in found if f.kind in kinds and f.score >= min_score]
        if capped is not None:
            kept.append(capped)
        return _result(text, tuple(finish_findings(nt, kept, kinds)), nt)

    def scan_many(self, texts: Iterable[str]) -> list[ScanResult]:
        return [self.scan(t) for t in texts]
