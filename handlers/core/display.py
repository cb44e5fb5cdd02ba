"""How amounts, spans of time and moments are written for people."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from handlers.core.i18n import Translator


def money(amount: Decimal | None) -> str:
    """12,000 or 12,000.50; a missing amount is a dash."""
    if amount is None:
        return "—"
    text = f"{amount:,.2f}"
    return text[:-3] if text.endswith(".00") else text


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
