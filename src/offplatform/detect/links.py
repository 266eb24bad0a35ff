"""(work in progress)"""

from __future__ import annotations

from collections.abc import Iterator

from ..finding import Finding, Kind
from ..normalize import NormalizedText
from .base import BaseDetector


class LinkDetector(BaseDetector):
    kinds = frozenset({Kind.URL, Kind.MESSAGING, Kind.SOCIAL, Kind.MEETING, Kind.PAYMENT, Kind.SCAM})

    def detect(self, nt: NormalizedText) -> Iterator[Finding]:
        return iter(())
