"""Contract-aware policy: what happens to a message, given what was found in it and where the
conversation stands.

    findings + Context + Policy + sender history --decide()--> Decision

:class:`Guard` wires it together (scan, read history, decide, record); :func:`decide` is the pure
core; :func:`load_policy` reads a TOML policy (the default one ships with the package).
"""

from __future__ import annotations

from .decide import decide, match_rules
from .guard import Guard, Reveal, decide_text, keep_on_platform_notice, reveal_at_contract
from .ladder import HistoryStore, InMemoryStore, LadderState, OverrideRecord, Step, Violation, ladder_state
from .load import default_policy_text, load_policy, parse_policy
from .mask import mask_text
from .model import Action, Audience, Context, Decision, MaskedDetail, Notice, Stage, parse_stage
from .rules import Ladder, NewAccountRule, Override, Policy, Rule, When

__all__ = [
    "Action",
    "Audience",
    "Context",
    "Decision",
    "Guard",
    "HistoryStore",
    "InMemoryStore",
    "Ladder",
    "LadderState",
    "MaskedDetail",
    "NewAccountRule",
    "Notice",
    "Override",
    "OverrideRecord",
    "Policy",
    "Reveal",
    "Rule",
    "Stage",
    "Step",
    "Violation",
    "When",
    "decide",
    "decide_text",
    "default_policy_text",
    "keep_on_platform_notice",
    "ladder_state",
    "load_policy",
    "mask_text",
    "match_rules",
    "parse_policy",
    "parse_stage",
    "reveal_at_contract",
]
