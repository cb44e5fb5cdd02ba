"""Money as the pipeline keeps it: integer cents, and probabilities as whole percents.

Sums are taken over integers (cents × percent), so a total is exact however many
accounts it covers; a figure is rounded to the cent once, when it is shown.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from handlers.core.display import money

CENT = Decimal("0.01")


def to_cents(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value(rounding=ROUND_HALF_UP))


def from_cents(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(CENT)


def from_cent_percents(cent_percents: int) -> Decimal:
    """Cents × percent (a weighted sum) back to an amount, rounded half up to the cent."""
    return (Decimal(cent_percents) / 10000).quantize(CENT, rounding=ROUND_HALF_UP)


def show_cents(cents: int) -> str:
    return money(from_cents(cents))


def show_weighted(cent_percents: int) -> str:
    return money(from_cent_percents(cent_percents))


def signed(text_of: str, positive: bool, zero: bool) -> str:
    """A change as +1,200 / −1,200 / ±0."""
    if zero:
        return "±0"
    return ("+" if positive else "−") + text_of


def change_cents(delta: int) -> str:
    return signed(show_cents(abs(delta)), delta > 0, delta == 0)


def change_weighted(delta: int) -> str:
    return signed(show_weighted(abs(delta)), delta > 0, from_cent_percents(abs(delta)) == 0)
