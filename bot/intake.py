"""POST /leads: the website's trial sign-ups, checked field by field."""

from __future__ import annotations

import hmac
import json
import math
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StrictStr, ValidationError, field_validator

from handlers.core.context import Services
from handlers.core.parse import has_control_characters
from handlers.roulette.intake import LeadInput, add_lead

MAX_BODY = 64 * 1024


def _text(max_length: int) -> Any:
    return Annotated[StrictStr | None, Field(default=None, max_length=max_length)]


class LeadBody(BaseModel):
    """The JSON a website posts. Unknown extra fields are ignored, never an error."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    company: StrictStr = Field(min_length=1, max_length=200)
    contact: _text(200) = None
    email: _text(254) = None
    phone: _text(64) = None
    source: _text(100) = None
    tier: _text(50) = None
    external_id: _text(200) = None
    amount: Decimal | None = None
    team: _text(80) = None

    @field_validator(
        "company", "contact", "email", "phone", "source", "tier", "external_id", "team"
    )
    @classmethod
    def _no_control_characters(cls, value: str | None) -> str | None:
        if value is not None and has_control_characters(value):
            raise ValueError("control characters are not allowed")
        return value

    @field_validator("amount", mode="before")
    @classmethod
    def _amount(cls, value: Any) -> Decimal | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError("must be a number, not text or true/false")
        if not math.isfinite(value) or not 0 <= value < 10**13:
            raise ValueError("must be a number from 0 up to 10^13")
        return Decimal(str(value)).quantize(Decimal("0.01"))


def field_errors(exc: ValidationError) -> list[str]:
    """Each problem as `<field>: <what is wrong>`."""
    problems = []
    for error in exc.errors():
        field = ".".join(str(p) for p in error["loc"]) or "body"
        if error["type"] == "missing":
            problems.append(f"{field}: is required")
        else:
            problems.append(f"{field}: {error['msg'].removeprefix('Value error, ')}")
    return problems


def lead_input(lead: LeadBody, source: str) -> LeadInput:
    """The lead as the roulette takes it; `source` when the body names none."""
    return LeadInput(
        company=lead.company,
        contact=lead.contact or None,
        email=lead.email or None,
        phone=lead.phone or None,
        source=lead.source or source,
        tier=lead.tier or None,
        external_id=lead.external_id or None,
        amount=lead.amount,
    )


def accept_lead(svc: Services, authorization: str | None, body: bytes) -> tuple[int, dict]:
    """Check the token and the body, then create (or find) the lead: (status, JSON answer)."""
    token = svc.config.intake.token
    if token is None:
        return 503, {"error": "intake is off: set intake.token in the config"}
    given = (authorization or "").removeprefix("Bearer ").strip()
    if not authorization or not hmac.compare_digest(given.encode(), token.encode()):
        return 401, {"error": "missing or wrong bearer token"}
    if len(body) > MAX_BODY:
        return 400, {"error": "body: larger than 64 KiB"}
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        return 400, {"error": "body: not valid JSON"}
    if not isinstance(data, dict):
        return 400, {"error": "body: expected a JSON object"}
    try:
        lead = LeadBody.model_validate(data)
    except ValidationError as exc:
        return 400, {"error": field_errors(exc)[0]}
    team = lead.team or svc.config.teams[0].name
    if svc.config.team(team) is None:
        return 400, {"error": f"team: no team called {team!r}"}
    row, created = add_lead(svc, team, lead_input(lead, "web"))
    return (201 if created else 200), {"id": row.id, "status": row.status}
