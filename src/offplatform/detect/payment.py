"""(work in progress)"""

from __future__ import annotations

from collections.abc import Iterator

from ..finding import Finding, Kind
from ..normalize import NormalizedText
from .base import BaseDetector


class PaymentDetector(BaseDetector):
    kinds = frozenset({Kind.PAYMENT})

    def detect(self, nt: NormalizedText) -> Iterator[Finding]:
        return iter(())
