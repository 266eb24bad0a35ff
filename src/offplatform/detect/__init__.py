"""Detectors, one family per module. ``all_detectors(config)`` builds the enabled ones."""

from __future__ import annotations

from ..config import ScanConfig
from .base import Detector


def all_detectors(config: ScanConfig) -> list[Detector]:
    from .email import EmailDetector
    from .intent import IntentDetector
    from .handles import HandleDetector
    from .links import LinkDetector
    from .payment import PaymentDetector
    from .phone import PhoneDetector
    from .scam import ScamDetector

    classes = [EmailDetector, LinkDetector, HandleDetector, PhoneDetector, PaymentDetector, IntentDetector, ScamDetector]
    return [cls(config) for cls in classes if cls.kinds & config.kinds]


__all__ = ["Detector", "all_detectors"]
