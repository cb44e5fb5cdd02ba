"""How amounts, shares, spans of time and moments are written for people."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

from handlers.core.i18n import Translator


def money(amount: Decimal | None) -> str:
    """12,000 or 12,000.50; a missing amount is a dash."""
    if amount is None:
        return "—"
    text = f"{amount:,.2f}"
    return text[:-3] if text.endswith(".00") else text


def number(value: Fraction | int) -> str:
    """12, 4.5, 45.5: one decimal at most, rounded half up (5 of 11 is 45.5%, not 45.4%)."""
    value = Fraction(value)
    tenths = (Decimal(value.numerator) * 10 / Decimal(value.denominator)).to_integral_value(
        rounding=ROUND_HALF_UP
    )
    whole, tenth = divmod(int(tenths), 10)
    return str(whole) if tenth == 0 else f"{whole}.{tenth}"


def duration(t: Translator, span: timedelta) -> str:
    """2 h 5 min, 3 min 20 s, 45 s: the two largest units that matter."""
    seconds = max(0, int(span.total_seconds()))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    parts = []
    if hours:
        parts.append(t("unit.h", n=hours))
    if minutes:
        parts.append(t("unit.min", n=minutes))
    if secs and not hours:
        parts.append(t("unit.s", n=secs))
    return " ".join(parts) or t("unit.s", n=0)


def clock_time(at: datetime | None, zone: ZoneInfo) -> str:
    """09:30:05 CST: a moment today, on the team's clock."""
    if at is None:
        return "—"
    local = at.astimezone(zone)
    return local.strftime("%H:%M:%S") + f" {local.tzname()}"


def when(at: datetime | None, zone: ZoneInfo) -> str:
    """2026-03-02 09:30 CST: a moment on any day, on the team's clock."""
    if at is None:
        return "—"
    local = at.astimezone(zone)
    return local.strftime("%Y-%m-%d %H:%M") + f" {local.tzname()}"
