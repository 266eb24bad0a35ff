"""offplatform: keep marketplace conversations on the platform until they may leave it."""

from __future__ import annotations

from .config import ScanConfig
from .conversation import ConversationResult, ConversationScanner
from .errors import ConfigError, InputError, OffplatformError
from .finding import DETAIL_KINDS, Finding, Kind, ScamCategory
from .normalize import NormalizedText, normalize
from .policy import (
    Action,
    Context,
    Decision,
    Guard,
    HistoryStore,
    InMemoryStore,
    MaskedDetail,
    Notice,
    Policy,
    Reveal,
    Stage,
    Violation,
    decide,
    decide_text,
    load_policy,
    reveal_at_contract,
)
from .scanner import Scanner, ScanResult

__version__ = "0.1.0"

__all__ = [
    "Action",
    "ConfigError",
    "Context",
    "ConversationResult",
    "ConversationScanner",
    "DETAIL_KINDS",
    "Decision",
    "Finding",
    "Guard",
    "HistoryStore",
    "InMemoryStore",
    "InputError",
    "Kind",
    "MaskedDetail",
    "NormalizedText",
    "Notice",
    "OffplatformError",
    "Policy",
    "Reveal",
    "ScamCategory",
    "ScanConfig",
    "ScanResult",
    "Scanner",
    "Stage",
    "Violation",
    "decide",
    "decide_text",
    "load_policy",
    "normalize",
    "reveal_at_contract",
]
