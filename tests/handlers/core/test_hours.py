"""Working hours on a real clock: shifts, overnight shifts, and Berlin's clock changes."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.core.hours import WorkingHours, start_of_day

BERLIN = ZoneInfo("Europe/Berlin")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=BERLIN)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("mon-fri 9-18", "'mon-fri 9-18' is not a shift such as 'mon-fri 09:00-18:00'"),
        ("mon-fry 09:00-18:00", "'fry' is not a day: use mon, tue, wed, thu, fri, sat, sun"),
        ("mon 25:00-26:00", "25:00 is not a time of day"),
        ("mon 09:60-10:00", "09:60 is not a time of day"),
        ("mon 24:00-10:00", "24:00 is not a time of day"),
        ("mon 10:00-10:00", "'mon 10:00-10:00' starts and ends at the same time"),
        ("mon-fri 09:00-18:00,", "'' is not a shift such as 'mon-fri 09:00-18:00'"),
        ("", "expected working hours such as 'mon-fri 09:00-18:00' or always"),
    ],
)
def test_hours_that_do_not_parse_say_why(text: str, problem: str) -> None:
    with pytest.raises(ValueError) as caught:
        WorkingHours.parse(text)
    assert str(caught.value) == problem


def test_a_working_week_on_the_local_clock() -> None:
    hours = WorkingHours.parse("mon-thu 08:00-16:00, fri 08:00-12:00")
    assert hours.is_open(local(2026, 3, 5, 15, 59), BERLIN)  # Thursday
    assert not hours.is_open(local(2026, 3, 5, 16, 0), BERLIN)
    assert hours.is_open(local(2026, 3, 6, 11, 59, 59), BERLIN)  # Friday
    assert not hours.is_open(local(2026, 3, 6, 12, 0), BERLIN)
    assert not hours.is_open(local(2026, 3, 7, 10, 0), BERLIN)  # Saturday
    assert hours.next_open(local(2026, 3, 6, 12, 0), BERLIN) == local(2026, 3, 9, 8, 0)
    assert hours.next_open(local(2026, 3, 5, 7, 59), BERLIN) == local(2026, 3, 5, 8, 0)
    at = local(2026, 3, 5, 9, 30)
    assert hours.next_open(at, BERLIN) == at  # within hours already


def test_the_week_the_clocks_go_forward_and_back() -> None:
    hours = WorkingHours.parse("mon-fri 09:00-18:00")
    # Berlin goes to summer time on Sunday 29 March 2026: nine o'clock is an hour earlier in UTC
    assert hours.next_open(utc(2026, 3, 27, 17, 0), BERLIN) == utc(2026, 3, 30, 7, 0)
    assert hours.next_open(utc(2026, 3, 20, 17, 0), BERLIN) == utc(2026, 3, 23, 8, 0)
    assert hours.is_open(utc(2026, 3, 30, 7, 0), BERLIN)
    assert not hours.is_open(utc(2026, 3, 30, 16, 0), BERLIN)  # 18:00 summer time
    # and back to winter time on Sunday 25 October 2026
    assert hours.next_open(utc(2026, 10, 23, 16, 0), BERLIN) == utc(2026, 10, 26, 8, 0)
    assert hours.is_open(utc(2026, 10, 26, 16, 59), BERLIN)
    assert not hours.is_open(utc(2026, 10, 26, 17, 0), BERLIN)


def test_an_overnight_shift_runs_past_midnight() -> None:
    hours = WorkingHours.parse("sun-thu 22:00-06:00")
    assert not hours.is_open(local(2026, 3, 1, 21, 59), BERLIN)  # Sunday evening
    assert hours.is_open(local(2026, 3, 1, 22, 0), BERLIN)
    assert hours.is_open(local(2026, 3, 2, 5, 59), BERLIN)  # Monday morning
    assert not hours.is_open(local(2026, 3, 2, 6, 0), BERLIN)
    assert hours.is_open(local(2026, 3, 6, 5, 0), BERLIN)  # Thursday's shift ends on Friday
    assert not hours.is_open(local(2026, 3, 6, 23, 0), BERLIN)  # no shift starts on Friday
    assert hours.next_open(local(2026, 3, 6, 6, 0), BERLIN) == local(2026, 3, 8, 22, 0)


def test_overnight_shifts_on_the_nights_the_clocks_change() -> None:
    hours = WorkingHours.parse("sat 22:00-06:00")
    # 24-25 October: the night is an hour longer, 22:00 summer time to 06:00 winter time
    assert hours.is_open(utc(2026, 10, 24, 20, 0), BERLIN)
    assert hours.is_open(utc(2026, 10, 25, 4, 59), BERLIN)
    assert not hours.is_open(utc(2026, 10, 25, 5, 0), BERLIN)
    # 28-29 March: an hour shorter, 22:00 winter time to 06:00 summer time
    assert hours.is_open(utc(2026, 3, 28, 21, 0), BERLIN)
    assert hours.is_open(utc(2026, 3, 29, 3, 59), BERLIN)
    assert not hours.is_open(utc(2026, 3, 29, 4, 0), BERLIN)


def test_a_shift_starting_in_the_hour_the_clocks_skip_starts_when_they_jump() -> None:
    hours = WorkingHours.parse("sun 02:30-05:00")
    # 02:30 never happens on 29 March 2026: the clocks jump from 02:00 to 03:00 (01:00 UTC)
    assert hours.next_open(utc(2026, 3, 28, 12, 0), BERLIN) == utc(2026, 3, 29, 1, 0)
    assert hours.is_open(utc(2026, 3, 29, 1, 0), BERLIN)


def test_always_is_always_open_and_days_start_at_local_midnight() -> None:
    always = WorkingHours.parse("Always")
    assert always.always and always.is_open(utc(2026, 12, 25, 3, 0), BERLIN)
    assert start_of_day(datetime(2026, 3, 29).date(), BERLIN) == utc(2026, 3, 28, 23, 0)
    assert start_of_day(datetime(2026, 3, 30).date(), BERLIN) == utc(2026, 3, 29, 22, 0)
