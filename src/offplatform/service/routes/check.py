from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from ...policy.decide import decide
from ...policy.model import Context
from ..deps import Checker, RuntimeDep
from ..errors import Unprocessable
from ..schemas import CheckRequest

router = APIRouter(prefix="/v1", tags=["check"])


def check_length(text: str, limit: int) -> None:
    if len(text) > limit:
        raise Unprocessable(f"text is {len(text):,} characters; the limit is {limit:,}",
                            limit=limit, length=len(text))


@router.post("/check", summary="Review a text in a context (stateless: nothing stored, no history)")
def check(body: CheckRequest, rt: RuntimeDep, p: Checker) -> dict[str, Any]:
    rt.limits.hit(rt.limits.check, f"check:{p.ref}")
    check_length(body.text, rt.settings.max_message_chars)
    context = Context(
        conversation_id="check", sender="sender", recipient="recipient", stage=body.stage,
        keep_on_platform=frozenset({"sender"}) if body.keep_on_platform else frozenset(),
        account_age_days=body.account_age_days, override=body.override,
        consent_to_reveal=body.consent_to_reveal,
    )
    findings = rt.guard.scanner.scan(body.text).findings
    decision = decide(body.text, findings, context, rt.guard.policy)
    rt.metrics.decision(str(decision.action), (str(f.kind) for f in decision.findings), "check")
    return decision.to_dict()
