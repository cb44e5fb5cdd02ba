"""A picture already posted (the latest digest's chart), shown on the page where the
platform can show it again, described in words where it cannot."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Chart:
    # the card key the picture was posted under: each platform knows where it went
    card_key: str
    title: str
    text: str
