"""``offplatform eval``: score the scanner on a labelled file (or on the peer test cases)."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..config import ScanConfig
from ..conversation import ConversationScanner
from ..errors import ConfigError
from ..evaluate import Report, evaluate_conversations, evaluate_messages
from ..io import read_labelled
from ..scanner import Scanner
from ._common import (
    AllowDomainOption,
    KindsOption,
    MaxCharsOption,
    MinScoreOption,
    OwnDomainOption,
    RegionOption,
    build_config,
    mapping_table,
    output_console,
    print_json,
)


def evaluate(
    path: Annotated[
        str | None,
        typer.Argument(
            help="Labelled JSON Lines file (dev-set format). Optional with --peer.", show_default=False
        ),
    ] = None,
    conversations: Annotated[
        bool, typer.Option("--conversations", help="The file holds labelled conversations.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    errors: Annotated[
        int, typer.Option("--errors", min=0, help="Also show up to N misclassified examples.")
    ] = 0,
    peer: Annotated[
        bool, typer.Option("--peer", help="Run the peer projects' test cases instead (PATH optional).")
    ] = False,
    regions: RegionOption = None,
    own_domains: OwnDomainOption = None,
    allowed_domains: AllowDomainOption = None,
    kinds: KindsOption = None,
    min_score: MinScoreOption = None,
    max_chars: MaxCharsOption = None,
) -> None:
    """Score precision, recall, F1, false-positive rate and span recall/precision on labelled data."""
    config = build_config(regions, own_domains, allowed_domains, kinds, min_score, max_chars)
    if peer:
        if conversations:
            raise ConfigError("--peer cases are single messages; drop --conversations")
        _evaluate_peer(path, config, as_json=as_json)
        return
    if path is None:
        raise ConfigError("eval needs a PATH to a labelled file (or --peer)")
    scanner = Scanner(config)
    records = read_labelled(path, conversations=conversations)
    if conversations:
        report = evaluate_conversations(records, ConversationScanner(scanner))
    else:
        report = evaluate_messages(records, scanner)
    if as_json:
        data = report.as_dict()
        if errors:
            data["errors"] = report.errors[:errors]
        print_json(data, indent=2)
        return
    console = output_console()
    noun = "conversations" if conversations else "messages"
    console.print(Text(f"{path}: {report.items} {noun}", style="bold"), soft_wrap=True)
    console.print(report_table(report, conversations=conversations))
    if errors:
        print_errors(console, report.errors[:errors], total=len(report.errors))


def report_table(report: Report, *, conversations: bool) -> Table:
    table = Table(show_header=True, header_style="bold")
    table.add_column("metric")
    table.add_column("offplatform", justify="right")
    table.add_column("scam", justify="right")
    off, scam = report.offplatform, report.scam
    for label, a, b in (
        ("precision", off.precision, scam.precision),
        ("recall", off.recall, scam.recall),
        ("F1", off.f1, scam.f1),
        ("false-positive rate", off.false_positive_rate, scam.false_positive_rate),
    ):
        table.add_row(label, f"{a:.3f}", f"{b:.3f}")
    table.add_row(
        "tp / fp / fn / tn",
        f"{off.tp} / {off.fp} / {off.fn} / {off.tn}",
        f"{scam.tp} / {scam.fp} / {scam.fn} / {scam.tn}",
    )
    table.add_section()
    what = "leak_in messages" if conversations else "spans"
    table.add_row(
        f"{what}: recall", f"{report.span_recall:.3f}", f"{report.gold_spans_found}/{report.gold_spans} found"
    )
    table.add_row(
        f"{what}: precision",
        f"{report.span_precision:.3f}",
        f"{report.predicted_spans_correct}/{report.predicted_spans} correct",
    )
    fpr = report.negatives_flagged / report.negatives if report.negatives else 0.0
    table.add_row("negatives flagged", f"{fpr:.3f}", f"{report.negatives_flagged}/{report.negatives}")
    for (gold, predicted), n in sorted(report.kind_confusions.items()):
        table.add_row(Text(f"kind {gold} found as {predicted}"), str(n), "")
    return table


def print_errors(console: Console, errors: list[dict[str, Any]], *, total: int) -> None:
    console.print(Text(f"\n{len(errors)} of {total} misclassified examples", style="bold"))
    for err in errors:
        gold, predicted = err["gold"], err["predicted"]
        console.print(Text(f"\n{err.get('id')}", style="bold"))
        if "text" in err:
            console.print(Text(f"  text: {err['text']}"))
        else:
            for i, message in enumerate(err.get("messages", [])):
                console.print(Text(f"  [{i}] {message}"))
        console.print(Text(f"  gold:      {_labels(gold)}"))
        console.print(Text(f"  predicted: {_labels(predicted)}"))
        if err.get("note"):
            console.print(Text(f"  note: {err['note']}", style="dim"))


def _labels(d: dict[str, Any]) -> str:
    parts = [f"offplatform={d.get('offplatform')}", f"scam={d.get('scam')}"]
    if "leak_in" in d:
        parts.append(f"leak_in={d['leak_in']}")
    if "spans" in d:
        parts.append("spans=" + ", ".join(f"{k}@{a}-{b}" for a, b, k in d["spans"]))
    if "findings" in d:
        parts.append(
            "findings="
            + ", ".join(
                f"{f['kind']}@{f.get('message', '')}{'/' if 'message' in f else ''}{f['start']}-{f['end']}"
                for f in d["findings"]
            )
        )
    return "  ".join(parts)


def _evaluate_peer(path: str | None, config: ScanConfig, *, as_json: bool) -> None:
    from .. import peer

    def scanner_factory(overrides: ScanConfig | dict[str, Any] | None = None) -> Scanner:
        """A scanner with the CLI's settings, or with a case's own settings on top of them."""
        if overrides is None:
            return Scanner(config)
        if isinstance(overrides, ScanConfig):
            return Scanner(overrides)
        return Scanner(ScanConfig.from_mapping({**config.to_mapping(), **overrides}))

    result = peer.evaluate_peer(path, scanner_factory)
    if as_json:
        print_json(result, indent=2)
    else:
        output_console().print(mapping_table(result, title="peer test cases"))
