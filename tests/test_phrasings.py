"""Phrasings written for this project (not taken from the development set), labelled the way
../shared/data/README.md labels messages: contact details and pitches in many disguises and
languages, scams in their usual shapes, and ordinary job talk that mentions apps, numbers and
payments. One row per message, so a failure names the phrasing that broke."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from offplatform import Scanner

ROWS = [json.loads(line) for line in (Path(__file__).parent / "data" / "phrasings.jsonl").read_text("utf-8").splitlines()]
SCANNER = Scanner()


@pytest.mark.parametrize("row", ROWS, ids=[r["id"] for r in ROWS])
def test_phrasing(row: dict) -> None:
    result = SCANNER.scan(row["text"])
    found = [(f.kind.value, f.text, f.rule) for f in result.findings]
    assert (result.offplatform, result.scam) == (row["offplatform"], row["scam"]), found


def test_the_table_holds_both_sides() -> None:
    assert sum(r["offplatform"] for r in ROWS) >= 60
    assert sum(r["scam"] for r in ROWS) >= 20
    assert sum(not r["offplatform"] and not r["scam"] for r in ROWS) >= 50
