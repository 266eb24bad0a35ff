"""``offplatform scan``: scan a file of messages (or conversations), write one JSON line each."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from ..config import ScanConfig
from ..conversation import ConversationResult, ConversationScanner
from ..errors import ConfigError, InputError
from ..io import FORMATS, BadRecord, JsonLinesWriter, MessageSource, Record
from ..policy import Action, Context, Guard, Stage
from ..policy.model import strictest
from ..scanner import Scanner, ScanResult
from ._common import (
    AllowDomainOption,
    KindsOption,
    MaxCharsOption,
    MinScoreOption,
    OwnDomainOption,
    PolicyOption,
    RegionOption,
    StageOption,
    build_config,
    error_console,
    mapping_table,
    stderr_is_terminal,
)

InputFormat = StrEnum("InputFormat", {f: f for f in FORMATS})  # type: ignore[misc]


class Engine(StrEnum):
    LOCAL = "local"
    SPARK = "spark"


SPARK_MISSING = "PySpark is not installed: pip install 'offplatform[spark]'"


def message_output(ident: Any, result: ScanResult) -> dict[str, Any]:
    """The public output line for one message (README: output contract)."""
    return {
        "id": ident,
        "offplatform": result.offplatform,
        "scam": result.scam,
        "findings": [f.to_dict() for f in result.findings],
    }


def conversation_output(ident: Any, result: ConversationResult) -> dict[str, Any]:
    """The public output line for one conversation (README: output contract)."""
    return {
        "id": ident,
        "offplatform": result.offplatform,
        "scam": result.scam,
        "leak_in": list(result.leak_in),
        "findings": [f.to_dict() for f in result.findings],
    }


def conversation_decisions(
    guard: Guard, messages: list[str], result: ConversationResult, stage: Stage
) -> dict[str, Any]:
    """Per-message decisions for a conversation scanned at ``stage`` (extends the output line with
    ``action``, the strictest, and ``actions``/``masked_texts``, one per message)."""
    actions: list[Action] = []
    masked: list[str | None] = []
    for i, text in enumerate(messages):
        own = [replace(f, message=None) for f in result.findings if f.message == i]
        decision = guard.review_findings(text, own, Context(stage=stage))
        actions.append(decision.action)
        masked.append(decision.text)
    return {"action": str(strictest(actions)), "actions": [str(a) for a in actions], "masked_texts": masked}


@dataclass
class Tally:
    """What the end-of-run summary reports."""

    scanned: int = 0
    offplatform: int = 0
    scam: int = 0
    flagged: int = 0
    errors: int = 0
    internal: int = 0
    by_kind: Counter = field(default_factory=Counter)

    def add(self, out: dict[str, Any]) -> None:
        self.scanned += 1
        self.offplatform += out["offplatform"]
        self.scam += out["scam"]
        self.flagged += out["offplatform"] or out["scam"]
        self.by_kind.update(f["kind"] for f in out["findings"])

    def table(self, noun: str) -> Table:
        table = Table(title="offplatform scan", show_header=True, header_style="bold")
        table.add_column("")
        table.add_column("count", justify="right")
        table.add_row(f"{noun} scanned", str(self.scanned))
        table.add_row(f"{noun} flagged", str(self.flagged))
        table.add_row("  offplatform", str(self.offplatform))
        table.add_row("  scam", str(self.scam))
        for kind, n in sorted(self.by_kind.items(), key=lambda kv: (-kv[1], kv[0])):
            table.add_row(Text(f"findings: {kind}"), str(n))
        table.add_row("errors (skipped)", Text(str(self.errors), style="bold red" if self.errors else ""))
        if self.internal:
            table.add_row("  internal errors", Text(str(self.internal), style="bold red"))
        return table


def scan(
    path: Annotated[str, typer.Argument(help="Input file, or - for stdin (JSON Lines unless --format).")],
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="Write here instead of stdout.", show_default=False)
    ] = None,
    fmt: Annotated[
        InputFormat | None,
        typer.Option(
            "--format", "-f", help="Input format (default: from the file extension).", show_default=False
        ),
    ] = None,
    conversations: Annotated[
        bool,
        typer.Option(
            "--conversations", help='Each record is a conversation: "messages": [{"from", "text"}].'
        ),
    ] = False,
    id_field: Annotated[str, typer.Option("--id-field", help="Field (column) holding the id.")] = "id",
    text_field: Annotated[
        str, typer.Option("--text-field", help="Field (column) holding the text.")
    ] = "text",
    strict: Annotated[
        bool, typer.Option("--strict", help="Stop at the first unusable record (exit 3).")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary table.")] = False,
    engine: Annotated[
        Engine, typer.Option("--engine", help="local, or spark for big inputs.")
    ] = Engine.LOCAL,
    master: Annotated[
        str | None, typer.Option("--master", help="Spark master URL (--engine spark).", show_default=False)
    ] = None,
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="Replace an existing output directory (--engine spark).")
    ] = False,
    stage: StageOption = None,
    policy: PolicyOption = None,
    regions: RegionOption = None,
    own_domains: OwnDomainOption = None,
    allowed_domains: AllowDomainOption = None,
    kinds: KindsOption = None,
    min_score: MinScoreOption = None,
    max_chars: MaxCharsOption = None,
) -> None:
    """Scan messages (JSON Lines, CSV, Parquet or text) and write one JSON line per message."""
    config = build_config(regions, own_domains, allowed_domains, kinds, min_score, max_chars)
    if policy is not None and stage is None:
        raise ConfigError("--policy goes with --stage")
    fmt_name = fmt.value if fmt is not None else None
    if engine is Engine.SPARK:
        _scan_with_spark(
            path,
            output,
            fmt_name,
            config=config,
            master=master,
            conversations=conversations,
            id_field=id_field,
            text_field=text_field,
            overwrite=overwrite,
            quiet=quiet,
            stage=str(stage) if stage is not None else None,
            policy=policy,
        )
        return
    if master is not None or overwrite:
        raise ConfigError("--master and --overwrite are for --engine spark")
    _scan_local(
        path,
        output,
        fmt_name,
        config=config,
        conversations=conversations,
        id_field=id_field,
        text_field=text_field,
        strict=strict,
        quiet=quiet,
        stage=stage,
        policy=policy,
    )


def _scan_local(
    path: str,
    output: str | None,
    fmt: str | None,
    *,
    config: ScanConfig,
    conversations: bool,
    id_field: str,
    text_field: str,
    strict: bool,
    quiet: bool,
    stage: Stage | None = None,
    policy: str | None = None,
) -> None:
    """Stream the input through the scanner, one output line per usable record."""
    if output is not None and path != "-" and _same_file(path, output):
        raise ConfigError(f"--output {output} is the input file; writing would destroy it")
    err = error_console()
    tally = Tally()
    scanner = Scanner(config)
    guard = Guard(policy, scanner=scanner) if stage is not None else None
    run_one: Callable[[Record], dict[str, Any]]
    if conversations:
        conversation_scanner = ConversationScanner(scanner)

        def run_one(rec: Record) -> dict[str, Any]:
            assert rec.messages is not None
            result = conversation_scanner.scan_conversation(rec.messages)
            out = conversation_output(rec.id, result)
            if guard is not None and stage is not None:
                out.update(conversation_decisions(guard, rec.messages, result, stage))
            return out
    else:

        def run_one(rec: Record) -> dict[str, Any]:
            assert rec.text is not None
            result = scanner.scan(rec.text)
            out = message_output(rec.id, result)
            if guard is not None and stage is not None:
                decision = guard.review_findings(rec.text, result.findings, Context(stage=stage))
                out["action"] = str(decision.action)
                out["masked_text"] = decision.text
            return out

    line_cap = config.max_text_chars * (64 if conversations else 12) + (1 << 20)
    source = MessageSource(
        path,
        fmt=fmt,
        id_field=id_field,
        text_field=text_field,
        conversations=conversations,
        max_line_bytes=line_cap,
    )
    with source, JsonLinesWriter(output) as writer, _progress(err, source) as tick:
        for item in source.records():
            if isinstance(item, Record):
                try:
                    out = run_one(item)
                except InputError as exc:  # e.g. a text over the length limit
                    item = BadRecord(item.line, str(exc), item.id)
                except Exception as exc:  # a detector bug must not cost the rest of a long run
                    if strict:
                        raise
                    tally.internal += 1
                    reason = f"internal error ({type(exc).__name__}: {exc}); please report it"
                    item = BadRecord(item.line, reason, item.id)
                else:
                    writer.write(out)
                    tally.add(out)
            if isinstance(item, BadRecord):
                tally.errors += 1
                where = f"{source.path}: {'row' if source.unit == 'rows' else 'line'} {item.line}"
                if strict:
                    raise InputError(f"{where}: {item.reason}")
                ident = f" (id {item.id})" if item.id is not None else ""
                err.print(Text(f"{where}{ident}: {item.reason}; skipped", style="yellow"))
            tick()
    if not quiet:
        err.print(tally.table("conversations" if conversations else "messages"))
    if tally.internal:
        raise typer.Exit(1)


@contextmanager
def _progress(console: Console, source: MessageSource) -> Iterator[Callable[[], None]]:
    """A progress bar on stderr when stderr is a terminal; yields a cheap per-record tick."""
    if not stderr_is_terminal():
        yield lambda: None
        return
    columns = [TextColumn("[progress.description]{task.description}"), BarColumn()]
    columns.append(MofNCompleteColumn() if source.unit == "rows" else TextColumn("{task.percentage:>3.0f}%"))
    columns.append(TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("scanning", total=source.total)
        count = 0

        def tick() -> None:
            nonlocal count
            count += 1
            if count % 200 == 0:
                progress.update(task, completed=source.position)

        yield tick
        progress.update(task, completed=source.position if source.total is None else source.total)


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _scan_with_spark(
    path: str,
    output: str | None,
    fmt: str | None,
    *,
    config: ScanConfig,
    master: str | None,
    conversations: bool,
    id_field: str,
    text_field: str,
    overwrite: bool,
    quiet: bool,
    stage: str | None = None,
    policy: str | None = None,
) -> None:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        error_console().print(Text(SPARK_MISSING, style="bold red"))
        raise typer.Exit(2) from None
    if path == "-":
        raise ConfigError("--engine spark reads a file, directory or glob, not stdin")
    if output is None:
        raise ConfigError("--engine spark writes Parquet: pass --output DIRECTORY")
    from .. import spark

    summary = spark.scan_to_parquet(
        path,
        output,
        config=config,
        master=master,
        conversations=conversations,
        text_field=text_field,
        id_field=id_field,
        input_format=fmt,
        overwrite=overwrite,
        stage=stage,
        policy_path=policy,
    )
    if not quiet:
        err = error_console()
        if isinstance(summary, dict):
            err.print(mapping_table(summary, title="offplatform scan (spark)"))
        err.print(Text(f"wrote {output}"))
