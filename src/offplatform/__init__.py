"""offplatform: keep marketplace conversations on the platform until they may leave it."""

from __future__ import annotations

from .config import ScanConfig
from .conversation import ConversationResult, ConversationScanner
from .errors import ConfigError, InputError, OffplatformError
from .finding import DETAIL_KINDS, Finding, Kind, ScamCategory
from .normalize import NormalizedText, normalize
from .scanner import Scanner, ScanResult

__version__ = "0.1.0"

__all__ = [
    "ConfigError",
    "ConversationResult",
    "ConversationScanner",
    "DETAIL_KINDS",
    "Finding",
    "InputError",
    "Kind",
    "NormalizedText",
    "OffplatformError",
    "ScamCategory",
    "ScanConfig",
    "ScanResult",
    "Scanner",
    "normalize",
]
