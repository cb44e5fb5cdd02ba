"""Working hours: "mon-fri 09:00-18:00", "mon-thu 08:00-16:00, fri 08:00-12:00", an
overnight shift "sun-thu 22:00-06:00", or `always`.

Hours are wall-clock times in a time zone: a shift from 09:00 starts at nine on the local
clock whatever the UTC offset that day, and on the night the clocks go back an overnight
shift is an hour longer. A start the clocks skip (02:30 on the night they go forward)
begins when they jump.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_MINUTES = 24 * 60
WEEK_MINUTES = 7 * DAY_MINUTES
_SHIFT = re.compile(r"^([a-z]+)(?:-([a-z]+))?\s+(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$")
EXAMPLE = "'mon-fri 09:00-18:00'"


def _day(name: str) -> int:
    if name not in DAYS:
        raise ValueError(f"{name!r} is not a day: use {', '.join(DAYS)}")
    return DAYS.index(name)


def _minutes(hours: str, minutes: str, *, end: bool) -> int:
    h, m = int(hours), int(minutes)
    if m > 59 or h > 24 or (h == 24 and (m or not end)):
        raise ValueError(f"{hours}:{minutes} is not a time of day")
    return h * 60 + m


@dataclass(frozen=True)
class WorkingHours:
    """The weekly spans someone works, as (start, end) minutes from Monday 00:00 local time;
    a span may run past Sunday midnight into Monday. No spans: always."""

    spans: tuple[tuple[int, int], ...] = ()
    text: str = "always"

    @classmethod
    def parse(cls, value: object) -> WorkingHours:
        if isinstance(value, WorkingHours):
            return value
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"expected working hours such as {EXAMPLE} or always")
        text = " ".join(value.lower().split())
        if text == "always":
            return cls()
        spans: list[tuple[int, int]] = []
        for part in text.split(","):
            match = _SHIFT.match(part.strip())
            if match is None:
                raise ValueError(f"{part.strip()!r} is not a shift such as {EXAMPLE}")
            first, last, h1, m1, h2, m2 = match.groups()
            start, end = _minutes(h1, m1, end=False), _minutes(h2, m2, end=True)
            if start == end:
                raise ValueError(f"{part.strip()!r} starts and ends at the same time")
            length = end - start if end > start else end + DAY_MINUTES - start
            day, stop = _day(first), _day(last or first)
            while True:
                spans.append((day * DAY_MINUTES + start, day * DAY_MINUTES + start + length))
                if day == stop:
                    break
                day = (day + 1) % 7
        return cls(tuple(sorted(spans)), text)

    @property
    def always(self) -> bool:
        return not self.spans

    def is_open(self, at: datetime, zone: ZoneInfo) -> bool:
        if self.always:
            return True
        local = at.astimezone(zone)
        minute = local.weekday() * DAY_MINUTES + local.hour * 60 + local.minute
        minute += local.second / 60
        return any(
            start <= m < end for start, end in self.spans for m in (minute, minute + WEEK_MINUTES)
        )

    def next_open(self, at: datetime, zone: ZoneInfo) -> datetime:
        """`at` if it is within hours, else the moment the next shift starts."""
        if self.is_open(at, zone):
            return at
        local = at.astimezone(zone)
        monday = local.date() - timedelta(days=local.weekday())
        minute = local.weekday() * DAY_MINUTES + local.hour * 60 + local.minute
        starts = sorted({s % WEEK_MINUTES for s, _ in self.spans})
        later = [s for s in starts if s * 60 > minute * 60 + local.second]
        start = later[0] if later else starts[0] + WEEK_MINUTES
        wall = datetime.combine(monday, time()) + timedelta(minutes=start)
        return first_instant(wall, zone, not_before=at)


def first_instant(wall: datetime, zone: ZoneInfo, not_before: datetime) -> datetime:
    """The first moment from `not_before` on at which the clocks in `zone` show `wall` (a
    naive local time), or, if they skip it, the moment they jump past it."""
    candidates = []
    for fold in (0, 1):
        at = wall.replace(tzinfo=zone, fold=fold).astimezone(UTC)
        if at.astimezone(zone).replace(tzinfo=None) == wall and at >= not_before:
            candidates.append(at)
    if candidates:
        return min(candidates)
    # a gap: fold=1 reads the time with the offset after the jump, which lands before it
    low = int(wall.replace(tzinfo=zone, fold=1).timestamp())
    high = int(wall.replace(tzinfo=zone, fold=0).timestamp())
    while high - low > 1:  # the jump is the first second whose local time is past `wall`
        middle = (low + high) // 2
        if datetime.fromtimestamp(middle, zone).replace(tzinfo=None) >= wall:
            high = middle
        else:
            low = middle
    return max(datetime.fromtimestamp(high, UTC), not_before)


def start_of_day(day: date, zone: ZoneInfo) -> datetime:
    """When `day` begins on the clocks of `zone`, in UTC."""
    wall = datetime.combine(day, time())
    return first_instant(wall, zone, not_before=wall.replace(tzinfo=UTC) - timedelta(days=2))
