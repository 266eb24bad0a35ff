"""Conversations written for this project by someone who had not read the code (a blind set, see
docs/benchmarks.md), labelled the way ../shared/data/README.md labels conversations: details split
over messages, pitches and scams that develop over turns, and innocent conversations full of
numbers and app names. One test per conversation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from offplatform.conversation import ConversationScanner

ROWS = [json.loads(line) for line in
        (Path(__file__).parent / "data" / "phrasing_conversations.jsonl").read_text("utf-8").splitlines()]
SCANNER = ConversationScanner()


@pytest.mark.parametrize("row", ROWS, ids=[r["id"] for r in ROWS])
def test_conversation(row: dict) -> None:
    result = SCANNER.scan_conversation(row["messages"])
    found = [(f.message, f.kind.value, f.text, f.rule) for f in result.findings]
    assert (result.offplatform, result.scam) == (row["offplatform"], row["scam"]), found
    if not row["offplatform"] and not row["scam"]:
        assert not result.leak_in, found


def test_the_table_holds_both_sides() -> None:
    assert sum(r["offplatform"] or r["scam"] for r in ROWS) >= 20
    assert sum(not r["offplatform"] and not r["scam"] for r in ROWS) >= 15
