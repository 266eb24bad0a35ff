"""``offplatform eval``: score the scanner on a labelled file (or on the peer test cases)."""

from __future__ import annotations

import os
from typing import Annotated, Any

import typer
from rich.console import Console, Group
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
        _evaluate_peer(path, config, as_json=as_json, errors=errors)
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


PEER_CASES_ENV = "OFFPLATFORM_PEER_CASES"


def _evaluate_peer(path: str | None, config: ScanConfig, *, as_json: bool, errors: int) -> None:
    """``eval --peer``: our scanner on the peer projects' own test cases (see offplatform.peer)."""
    if config != ScanConfig():
        raise ConfigError(
            "--peer scans each case with the settings its peer test used; drop the scan options"
        )
    path = path or os.environ.get(PEER_CASES_ENV)
    if not path:
        raise ConfigError(f"eval --peer needs the path of peer_cases.jsonl (or set {PEER_CASES_ENV})")
    from .. import peer

    result = peer.evaluate_peer(path, Scanner)
    total = len(result.get("disagreements", []))
    result = {**result, "disagreements": result.get("disagreements", [])[:errors]} if errors else result
    if as_json:
        print_json(result, indent=2)
        return
    console = output_console()
    console.print(peer_tables(result, disagreements=total))
    disagreements = result.get("disagreements", [])
    if errors and disagreements:
        console.print(Text(f"\n{len(disagreements)} of {total} disagreements", style="bold"))
        for case in disagreements:
            console.print(
                Text(f"\n{case.get('id')}  ({', '.join(case.get('kinds_checked') or [])})", style="bold")
            )
            console.print(Text(f"  text:     {case.get('text')}"))
            console.print(Text(f"  expected: {case.get('expected')}"))
            console.print(Text(f"  got:      {case.get('got')}"))
            if case.get("note"):
                console.print(Text(f"  note: {case['note']}", style="dim"))


def peer_tables(result: dict[str, Any], *, disagreements: int) -> Group:
    """The headline figures, then agreement and span scores per peer and kind."""
    head = Table(title="peer test cases", show_header=False)
    head.add_column("")
    head.add_column("", justify="right", overflow="fold")
    for key in ("file", "cases", "scored_cases", "skipped_cases", "agree", "agree_rate"):
        if key in result:
            head.add_row(key.replace("_", " "), Text(_fmt_value(result[key])))
    ip = result.get("ip") or {}
    if ip:
        head.add_row("IP cases with a contact finding", f"{ip.get('flagged', 0)}/{ip.get('cases', 0)}")
    head.add_row("disagreements (--errors N lists them)", str(disagreements))
    by_kind = Table(show_header=True, header_style="bold")
    for name in ("peer", "kind", "cases", "agree", "agree rate", "span recall", "span precision", "exact"):
        by_kind.add_column(name, justify="left" if name in ("peer", "kind") else "right", overflow="fold")
    for source, kinds in (result.get("by_source_kind") or {}).items():
        for kind, row in kinds.items():
            by_kind.add_row(
                Text(source),
                Text(kind),
                *(
                    Text(_fmt_value(row.get(k, "")))
                    for k in ("cases", "agree", "agree_rate", "span_recall", "span_precision", "exact")
                ),
            )
    parts: list[Any] = [head, by_kind]
    if result.get("not_emulated"):
        parts.append(
            Text("peer settings with no equivalent here: " + "; ".join(result["not_emulated"]), style="dim")
        )
    return Group(*parts)


def _fmt_value(value: Any) -> str:
    return f"{value:.4f}" if isinstance(value, float) else str(value)
