"""Texts the speed-equivalence tests run over: the phrasing tables, the packaged samples and
generated chat (shared by test_speed_detect_gate.py and test_speed_detail_mask.py)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"


def rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def table_texts() -> list[str]:
    out = [r["text"] for r in rows(DATA / "phrasings.jsonl")]
    for conv in rows(DATA / "phrasing_conversations.jsonl"):
        out += list(conv["messages"])
    out += [r["text"] for r in rows(ROOT / "src" / "offplatform" / "data" / "sample_messages.jsonl")]
    for conv in rows(ROOT / "src" / "offplatform" / "data" / "sample_conversations.jsonl"):
        out += [m["text"] for m in conv["messages"]]
    return out


def chat_texts(n: int, seed: int) -> list[str]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from chat_corpus import generate
    finally:
        sys.path.pop(0)
    return [s.text for s in generate(n, seed=seed)]
