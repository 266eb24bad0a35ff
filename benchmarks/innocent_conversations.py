"""False alarms on innocent conversations: random 2-6 message conversations built from the
negatives (messages labelled neither offplatform nor scam) of the development set and of
tests/data/phrasings.jsonl, scanned with ``ConversationScanner``; prints each one flagged and the
count. A diagnostic, not a test: real innocent conversations are about one job, and these random
ones mix topics, which is what makes a split-detail or split-request rule misfire.

Run from the repository root::

    .venv/bin/python benchmarks/innocent_conversations.py            # seed 1, 1,500 conversations
    .venv/bin/python benchmarks/innocent_conversations.py --seed 5 --n 3000
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

from offplatform.conversation import ConversationScanner

ROOT = Path(__file__).resolve().parents[1]
DEV = Path("/work/shared/data/dev_messages.jsonl")


def negatives(dev: Path) -> list[str]:
    rows = []
    for path in (dev, ROOT / "tests" / "data" / "phrasings.jsonl"):
        if path.exists():
            rows += [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    return [r["text"] for r in rows if not r["offplatform"] and not r["scam"]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--n", type=int, default=1500)
    parser.add_argument("--dev", type=Path, default=DEV)
    args = parser.parse_args()
    pool = negatives(args.dev)
    scanner = ConversationScanner()
    rng = random.Random(args.seed)
    flagged = 0
    for _ in range(args.n):
        messages = rng.sample(pool, rng.randint(2, 6))
        result = scanner.scan_conversation(messages)
        if result.offplatform or result.scam:
            flagged += 1
            print("flagged:", [(f.message, f.kind.value, f.text, f.rule) for f in result.findings][:4])
            for i in sorted({f.message for f in result.findings}):
                print(f"    {i}: {messages[i][:100]!r}")
    print(f"{flagged} of {args.n} innocent conversations flagged ({len(pool)} negative messages, seed {args.seed})")


if __name__ == "__main__":
    main()
