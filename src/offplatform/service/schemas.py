"""Request and response bodies (pydantic): ``XCreate`` in, ``XPublic`` out."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..policy.model import Stage

Text200 = Field(min_length=1, max_length=200)
#: Ids are 64-bit signed integers in the database.
MAX_ID = 2**63 - 1
IdField = Field(ge=1, le=MAX_ID)


class Body(BaseModel):
    """A request body: unknown fields and NUL characters (which PostgreSQL cannot store) are refused."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        items = value if isinstance(value, list) else [value]
        if any(isinstance(v, str) and "\x00" in v for v in items):
            raise ValueError("must not contain NUL characters")
        return value


class Problem(BaseModel):
    """application/problem+json (RFC 9457)."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    instance: str | None = None


class Page(BaseModel):
    next_cursor: str | None = Field(None, description="Pass as ?cursor= for the next page; null at the end")


# --- accounts -----------------------------------------------------------------------------------

class SignUp(Body):
    email: str = Field(min_length=3, max_length=320, pattern=r"^[^@\s]{1,64}@[^@\s]{1,255}$")
    name: str = Text200
    password: str = Field(min_length=10, max_length=200)
    role: Literal["client", "freelancer"]


class UserCreate(Body):
    email: str = Field(min_length=3, max_length=320, pattern=r"^[^@\s]{1,64}@[^@\s]{1,255}$")
    name: str = Text200
    password: str | None = Field(None, min_length=10, max_length=200)
    role: Literal["client", "freelancer", "moderator", "admin"]


class UserPublic(BaseModel):
    id: int
    name: str
    role: str
    member_since: datetime


class Me(UserPublic):
    email: str
    via: str
    scopes: list[str] | None = None


class SignIn(Body):
    email: str = Field(min_length=1, max_length=320)
    password: str = Field(min_length=1, max_length=200)


class SignedIn(BaseModel):
    user: UserPublic
    csrf_token: str = Field(description="Send as X-CSRF-Token on unsafe requests made with the cookie")


class ApiKeyCreate(Body):
    name: str = Text200
    owner_id: int = IdField
    scopes: list[Literal["check", "conversations", "moderation", "admin"]] = Field(min_length=1)


class ApiKeyPublic(BaseModel):
    id: int
    name: str
    prefix: str
    owner_id: int
    scopes: list[str]
    created_at: datetime
    revoked_at: datetime | None


class ApiKeyCreated(ApiKeyPublic):
    key: str = Field(description="The full key. Shown once: only its hash is stored.")


class ApiKeyPage(Page):
    items: list[ApiKeyPublic]


# --- marketplace --------------------------------------------------------------------------------

class JobCreate(Body):
    title: str = Field(min_length=1, max_length=300)
    description: str = Field("", max_length=10_000)


class JobPublic(BaseModel):
    id: int
    client_id: int
    title: str
    description: str
    created_at: datetime


class ConversationCreate(Body):
    job_id: int = IdField
    freelancer_id: int | None = Field(None, ge=1, le=MAX_ID, description="Required when the client starts it")


class ConversationPublic(BaseModel):
    id: int
    job_id: int
    client_id: int
    freelancer_id: int
    stage: Stage
    created_at: datetime


class ConversationPage(Page):
    items: list[ConversationPublic]


class PreferenceUpdate(Body):
    keep_on_platform: bool


class Preferences(BaseModel):
    conversation_id: int
    keep_on_platform: dict[str, bool] = Field(description="user id -> keep-on-platform choice")


class ContractCreate(Body):
    amount_cents: int = Field(gt=0, le=10**12)
    currency: str = Field("USD", pattern=r"^[A-Za-z]{3}$")
    terms: str = Field("", max_length=10_000)


class ContractPublic(BaseModel):
    id: int
    conversation_id: int
    state: str
    amount_cents: int
    currency: str
    terms: str
    created_at: datetime
    updated_at: datetime
    stage: Stage = Field(description="The conversation's stage after this contract's latest move")


# --- messages -----------------------------------------------------------------------------------

class MessageCreate(Body):
    text: str = Field(min_length=1, description="At most max_message_chars characters (422 beyond)")
    override: bool = Field(False, description="The sender says the masked text is not contact information")
    consent_to_reveal: bool = Field(False, description="Reveal hidden details when the contract starts")


class NoticeOut(BaseModel):
    audience: str
    code: str
    text: str


class MessagePublic(BaseModel):
    id: int
    conversation_id: int
    sender_id: int
    recipient_id: int
    created_at: datetime
    status: str
    text: str | None = Field(description="What the caller may see: the original for the sender, the "
                                         "delivered text for the recipient")
    delivered_text: str | None
    original: str | None
    action: str | None
    stage: str | None
    rules: list[str]
    findings: list[dict[str, Any]]
    masked: list[dict[str, Any]]
    revealed: bool
    notices: list[NoticeOut]
    policy_version: str | None


class MessagePage(Page):
    items: list[MessagePublic]


class ReportCreate(Body):
    reason: str = Field("", max_length=2000)


class CheckRequest(Body):
    """A stateless review: nothing is stored, no history is read."""

    text: str = Field(min_length=1)
    stage: Stage = Stage.INQUIRY
    keep_on_platform: bool = False
    account_age_days: float | None = Field(None, ge=0, le=100_000)
    override: bool = False
    consent_to_reveal: bool = False


# --- moderation ---------------------------------------------------------------------------------

class CasePublic(BaseModel):
    id: int
    kind: str
    status: str
    conversation_id: int
    message_id: int | None
    subject_id: int
    opened_by_id: int | None
    reason: str
    resolution: str | None
    created_at: datetime
    closed_at: datetime | None
    message: MessagePublic | None = None
    decisions: list[dict[str, Any]] = []


class CasePage(Page):
    items: list[CasePublic]


class CaseDecisionCreate(Body):
    action: Literal["release", "release_masked", "keep_blocked", "warn", "strike"]
    note: str = Field("", max_length=2000)


# --- webhooks, audit ----------------------------------------------------------------------------

class WebhookCreate(Body):
    url: str = Field(min_length=8, max_length=2000)
    events: list[str] = Field(default_factory=lambda: ["*"])
    secret: str | None = Field(None, min_length=16, max_length=100)


class WebhookPublic(BaseModel):
    id: int
    url: str
    events: list[str]
    active: bool
    created_at: datetime


class WebhookCreated(WebhookPublic):
    secret: str = Field(description="Verify Offplatform-Signature with it. Shown once.")


class DeliveryPublic(BaseModel):
    id: int
    endpoint_id: int
    event_id: str
    event: str
    status: str
    attempts: int
    last_status_code: int | None
    last_error: str | None
    next_attempt_at: datetime
    delivered_at: datetime | None


class DeliveryPage(Page):
    items: list[DeliveryPublic]


class AuditReport(BaseModel):
    ok: bool
    rows: int = Field(description="chained rows checked")
    first_broken: int | None = Field(description="seq of the first row that does not fit")
    reason: str
    pending: int = Field(description="rows committed but not chained yet (audit_chain=background)")
