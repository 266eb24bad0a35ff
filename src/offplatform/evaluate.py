"""Scoring against labelled data (the format of the shared development set).

Message files: ``{"id", "text", "offplatform", "scam", "spans": [[start, end, kind]]}``.
Conversation files: ``{"id", "stage", "messages": [{"from", "text"}], "offplatform", "scam", "leak_in"}``.

Span matching: a gold span is *found* when one detail finding overlaps at least half of it; a
finding is *correct* when it overlaps at least half of a gold span or a gold span covers at least
half of the finding.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import InputError
from .finding import DETAIL_KINDS, Finding


@dataclass
class BinaryScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, gold: bool, predicted: bool) -> None:
        if gold and predicted:
            self.tp += 1
        elif predicted:
            self.fp += 1
        elif gold:
            self.fn += 1
        else:
            self.tn += 1

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def false_positive_rate(self) -> float:
        return self.fp / (self.fp + self.tn) if self.fp + self.tn else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "false_positive_rate": round(self.false_positive_rate, 4),
            "tp": self.tp, "fp": self.fp, "fn": self.fn, "tn": self.tn,
        }


@dataclass
class Report:
    """Scores plus the examples behind every error (for ``offplatform eval --errors``)."""

    items: int = 0
    offplatform: BinaryScore = field(default_factory=BinaryScore)
    scam: BinaryScore = field(default_factory=BinaryScore)
    gold_spans: int = 0
    gold_spans_found: int = 0
    predicted_spans: int = 0
    predicted_spans_correct: int = 0
    negatives: int = 0
    negatives_flagged: int = 0
    kind_confusions: Counter = field(default_factory=Counter)
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def span_recall(self) -> float:
        return self.gold_spans_found / self.gold_spans if self.gold_spans else 1.0

    @property
    def span_precision(self) -> float:
        return self.predicted_spans_correct / self.predicted_spans if self.predicted_spans else 1.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "items": self.items,
            "offplatform": self.offplatform.as_dict(),
            "scam": self.scam.as_dict(),
            "span_recall": round(self.span_recall, 4),
            "span_precision": round(self.span_precision, 4),
            "gold_spans": self.gold_spans,
            "predicted_spans": self.predicted_spans,
            "negatives": self.negatives,
            "negatives_flagged": self.negatives_flagged,
            "false_positive_rate_on_negatives": round(
                self.negatives_flagged / self.negatives if self.negatives else 0.0, 4
            ),
            "kind_confusions": {f"{g}->{p}": n for (g, p), n in sorted(self.kind_confusions.items())},
        }


def read_jsonl(path: str | Path) -> Iterator[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}:{lineno}: not valid JSON ({exc.msg})") from None
            if not isinstance(obj, dict):
                raise InputError(f"{path}:{lineno}: expected a JSON object")
            yield obj


def _overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def score_spans(report: Report, gold: list[list[Any]], findings: Iterable[Finding]) -> tuple[int, int]:
    details = [f for f in findings if f.kind in DETAIL_KINDS]
    found = 0
    for g0, g1, gkind in gold:
        best = None
        for f in details:
            if _overlap(g0, g1, f.start, f.end) * 2 >= (g1 - g0):
                best = f
                break
        if best is not None:
            found += 1
            if str(best.kind) != gkind:
                report.kind_confusions[(gkind, str(best.kind))] += 1
    correct = 0
    for f in details:
        if any(
            (ov := _overlap(g0, g1, f.start, f.end)) * 2 >= (g1 - g0) or ov * 2 >= (f.end - f.start)
            for g0, g1, _ in gold
        ):
            correct += 1
    report.gold_spans += len(gold)
    report.gold_spans_found += found
    report.predicted_spans += len(details)
    report.predicted_spans_correct += correct
    return found, correct


def evaluate_messages(records: Iterable[dict[str, Any]], scanner) -> Report:
    report = Report()
    for rec in records:
        result = scanner.scan(rec["text"])
        report.items += 1
        gold_off, gold_scam = bool(rec.get("offplatform")), bool(rec.get("scam"))
        report.offplatform.add(gold_off, result.offplatform)
        report.scam.add(gold_scam, result.scam)
        gold_spans = rec.get("spans") or []
        found, correct = score_spans(report, gold_spans, result.findings)
        if not gold_off and not gold_scam:
            report.negatives += 1
            report.negatives_flagged += bool(result.findings)
        wrong = (
            gold_off != result.offplatform
            or gold_scam != result.scam
            or found < len(gold_spans)
            or correct < len(result.details)
        )
        if wrong:
            report.errors.append({
                "id": rec.get("id"),
                "text": rec["text"],
                "gold": {"offplatform": gold_off, "scam": gold_scam, "spans": gold_spans},
                "predicted": result.to_dict(),
                "note": rec.get("note"),
            })
    return report


def evaluate_conversations(records: Iterable[dict[str, Any]], scanner) -> Report:
    """``scanner`` is a :class:`~offplatform.conversation.ConversationScanner`."""
    report = Report()
    for rec in records:
        messages = [m.get("text", "") for m in rec["messages"]]
        result = scanner.scan_conversation(messages)
        report.items += 1
        gold_off, gold_scam = bool(rec.get("offplatform")), bool(rec.get("scam"))
        report.offplatform.add(gold_off, result.offplatform)
        report.scam.add(gold_scam, result.scam)
        if not gold_off and not gold_scam:
            report.negatives += 1
            report.negatives_flagged += bool(result.offplatform or result.scam)
        gold_leak = set(rec.get("leak_in") or [])
        report.gold_spans += len(gold_leak)
        report.gold_spans_found += len(gold_leak & set(result.leak_in))
        report.predicted_spans += len(result.leak_in)
        report.predicted_spans_correct += len(set(result.leak_in) & gold_leak)
        if gold_off != result.offplatform or gold_scam != result.scam:
            report.errors.append({
                "id": rec.get("id"),
                "messages": messages,
                "gold": {"offplatform": gold_off, "scam": gold_scam, "leak_in": sorted(gold_leak)},
                "predicted": result.to_dict(),
                "note": rec.get("note"),
            })
    return report
