"""Reading what people type or click: ids, amounts, dates, percents, links, words.

Every reader raises CommandError with a message that says what is wrong, in the user's
language, before anything is changed; an id nothing can have is simply unknown.
"""

from __future__ import annotations

import re
import shlex
import unicodedata
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from urllib.parse import urlsplit

from handlers.core.errors import CommandError

MAX_TEXT = 2000
MAX_AMOUNT = Decimal("1e13")
# The largest id a row can have: ids are INTEGER columns (32 bits on PostgreSQL).
MAX_ID = 2**31 - 1
_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_CLEAR = {"clear", "none", "off", "-", "清除"}


def parse_id(value: str) -> int | None:
    """Ids come back from buttons and commands as text; anything odd is simply unknown."""
    value = value.strip().lstrip("#")
    if not value.isascii() or not value.isdigit() or len(value) > 19:
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None


def parse_small(value: str, below: int) -> int | None:
    """A small whole number 0 ≤ n < `below` (a choice's place, a score), or None."""
    value = value.strip()
    if not value.isascii() or not value.isdigit() or len(value) > 3:
        return None
    number = int(value)
    return number if number < below else None


def parse_amount(t: Callable[..., str], text: str) -> Decimal:
    """An amount of money ≥ 0 (commas allowed), kept to the cent."""
    try:
        amount = Decimal(text.replace(",", ""))
    except InvalidOperation as exc:
        raise CommandError(t("input.bad_amount", value=text[:40])) from exc
    if not amount.is_finite() or amount < 0 or amount >= MAX_AMOUNT:
        raise CommandError(t("input.bad_amount", value=text[:40]))
    return amount.quantize(Decimal("0.01"))


def parse_date(t: Callable[..., str], text: str) -> date:
    """2026-06-30 (also 2026/6/30); a real day between 2000 and 2100."""
    match = _DATE.match(text.strip())
    problem = CommandError(t("input.bad_date", value=text[:40]))
    if match is None:
        raise problem
    try:
        day = date(*(int(g) for g in match.groups()))
    except ValueError as exc:
        raise problem from exc
    if not 2000 <= day.year <= 2100:
        raise problem
    return day


def parse_percent(t: Callable[..., str], text: str) -> int | None:
    """A whole percent from 0 to 100 (45 or 45%), or `clear` for none."""
    word = text.strip().removesuffix("%")
    if word.lower() in _CLEAR:
        return None
    if not word.isascii() or not word.isdigit() or len(word) > 3 or int(word) > 100:
        raise CommandError(t("input.bad_percent", value=text[:20]))
    return int(word)


def looks_like_link(word: str) -> bool:
    return word.lower().startswith(("http://", "https://"))


def parse_link(t: Callable[..., str], word: str) -> str:
    """An http(s) address of at most 1,000 characters."""
    parts = urlsplit(word)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or len(word) > 1000:
        raise CommandError(t("input.bad_link", value=word[:80]))
    return word


def has_control_characters(text: str) -> bool:
    """Control characters (NUL among them), lone surrogates and private-use characters:
    nothing a person types, and text columns on PostgreSQL cannot even hold NUL. Tabs and
    line breaks are text."""
    return any(unicodedata.category(ch) in ("Cc", "Cs", "Co") and ch not in "\t\n\r" for ch in text)


def words(t: Callable[..., str], text: str, free_text: bool = False) -> list[str]:
    """A command's text as words: quoted names stay whole ("Acme Ltd"); free text (a note)
    is split on spaces only, so an apostrophe is just a letter. Too long, control
    characters or an unclosed quote are refused."""
    if len(text) > MAX_TEXT:
        raise CommandError(t("input.too_long", max=MAX_TEXT))
    if has_control_characters(text):
        raise CommandError(t("input.control_chars"))
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\u3000", " ")
    if free_text:
        return text.split()
    try:
        return shlex.split(text)
    except ValueError as exc:
        raise CommandError(t("input.unbalanced_quote")) from exc
