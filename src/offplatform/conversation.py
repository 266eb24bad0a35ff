"""Conversations: details split across messages (work in progress: interface fixed)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .finding import Finding
from .scanner import Scanner


@dataclass(frozen=True, slots=True)
class ConversationResult:
    """Findings carry ``message`` (the index) and spans inside that message's text."""

    findings: tuple[Finding, ...]
    offplatform: bool
    scam: bool
    leak_in: tuple[int, ...]

    def to_dict(self) -> dict:
        return {
            "offplatform": self.offplatform,
            "scam": self.scam,
            "leak_in": list(self.leak_in),
            "findings": [f.to_dict() for f in self.findings],
        }


class ConversationScanner:
    def __init__(self, scanner: Scanner | None = None, window: int = 6) -> None:
        self.scanner = scanner or Scanner()
        self.window = window

    def scan_conversation(self, messages: Sequence[str]) -> ConversationResult:
        findings: list[Finding] = []
        for i, text in enumerate(messages):
            findings.extend(f.with_message(i) for f in self.scanner.scan(text).findings)
        leak = tuple(sorted({f.message for f in findings if f.message is not None}))
        results = [self.scanner.scan(t) for t in messages]
        return ConversationResult(
            findings=tuple(findings),
            offplatform=any(r.offplatform for r in results),
            scam=any(r.scam for r in results),
            leak_in=leak,
        )
