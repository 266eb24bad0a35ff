"""``offplatform check``: one text, its findings highlighted and explained."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from ..errors import InputError
from ..scanner import Scanner, ScanResult
from ._common import (
    KIND_STYLES,
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


def check(
    text: Annotated[str, typer.Argument(help="The message to check, or - to read it from stdin.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the scan result as JSON.")] = False,
    regions: RegionOption = None,
    own_domains: OwnDomainOption = None,
    allowed_domains: AllowDomainOption = None,
    kinds: KindsOption = None,
    min_score: MinScoreOption = None,
    max_chars: MaxCharsOption = None,
) -> None:
    """Show what one message contains: the text with findings highlighted, and why each fired."""
    config = build_config(regions, own_domains, allowed_domains, kinds, min_score, max_chars)
    if text == "-":
        text = _read_stdin()
    result = Scanner(config).scan(text)
    if as_json:
        print_json(result.to_dict())
        return
    console = output_console()
    console.print(highlighted(result))
    console.print()
    verdict = Text()
    verdict.append("offplatform: ")
    verdict.append("yes" if result.offplatform else "no", style="bold red" if result.offplatform else "green")
    verdict.append("   scam: ")
    verdict.append("yes" if result.scam else "no", style="bold red" if result.scam else "green")
    console.print(verdict)
    if result.findings:
        console.print(findings_table(result))
    else:
        console.print("no findings")


def highlighted(result: ScanResult) -> Text:
    """The original text with every finding's span styled by kind."""
    out = Text(result.text)
    for f in sorted(result.findings, key=lambda f: (f.start, -f.end)):
        out.stylize(KIND_STYLES.get(str(f.kind), "bold"), f.start, f.end)
    return out


def findings_table(result: ScanResult) -> Table:
    table = Table(show_header=True, header_style="bold")
    for name, justify in (
        ("#", "right"),
        ("kind", "left"),
        ("span", "left"),
        ("text", "left"),
        ("value", "left"),
        ("rule", "left"),
        ("score", "right"),
    ):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for i, f in enumerate(result.findings, 1):
        kind = str(f.kind) + (f" ({f.category})" if f.category else "")
        rule = f.rule + (f"\n{f.explanation}" if f.explanation else "")
        table.add_row(
            str(i),
            Text(kind, style=KIND_STYLES.get(str(f.kind), "")),
            f"{f.start}-{f.end}",
            Text(repr(f.text)[1:-1] if not f.text.isprintable() else f.text),
            Text(f.value),
            Text(rule),
            f"{f.score:.2f}",
        )
    return table


def _read_stdin() -> str:
    data = sys.stdin.buffer.read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"stdin is not valid UTF-8 (byte {exc.start + 1})") from None
    return text.removesuffix("\n").removesuffix("\r")
