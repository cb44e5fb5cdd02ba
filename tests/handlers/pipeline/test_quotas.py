"""Quotas and attainment, with every figure worked out by hand: won + weighted against the
quota, the gap, coverage of what is left to win, and a quarter boundary that falls where
the team is (Asia/Shanghai), not at midnight UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime

from handlers.pipeline.quotas import Attainment
from tests.pipeline_support import open_account, say

SHANGHAI = {"team": {"timezone": "Asia/Shanghai"}}


def quarter_accounts(svc) -> None:
    """Q1 2026 (team time): Alice 20,000 in trial (60%) and 10,000 won; Bob 30,000 in needs
    (30%) and 5,000 lost."""
    open_account(svc, "U0ALICE", "A1", "20000", date(2026, 3, 20))
    open_account(svc, "U0ALICE", "A2", "10000", date(2026, 3, 25))
    open_account(svc, "U0BOB", "B1", "30000", date(2026, 3, 31))
    open_account(svc, "U0BOB", "B2", "5000", date(2026, 3, 31))
    for user, text in (
        ("U0ALICE", "A1 stage trial"),
        ("U0ALICE", "A2 stage won"),  # won today, 2026-03-02 in Shanghai
        ("U0BOB", "B2 stage lost price"),
    ):
        assert not say(svc, user, "/deal", text).startswith(("Usage", "There")), text


def test_figures_against_the_reps_quotas_and_the_team_quota(make_bot):
    bot = make_bot(**SHANGHAI)
    quarter_accounts(bot.svc)
    assert say(bot.svc, "U0MARIA", "/forecast", "quota @Alice 2026-Q1 40000") == (
        "Quota of Alice for 2026-Q1: 40,000."
    )
    assert say(bot.svc, "U0MARIA", "/forecast", "quota Bob Q1 50,000") == (
        "Quota of Bob for 2026-Q1: 50,000."
    )
    lines = say(bot.svc, "U0MARIA", "/forecast").splitlines()
    start = lines.index("Quota 2026-Q1 (the sum of the reps' quotas):")
    # team: won 10,000; weighted 20,000 × 60% + 30,000 × 30% = 21,000; quota 40,000 + 50,000
    # 31,000 / 90,000 = 34.4% → 34%; gap 59,000; left 80,000; open 50,000 / 80,000 = 0.625 → 0.6
    assert lines[start + 1 : start + 5] == [
        "won 10,000 + weighted 21,000 = 31,000 · 34% of 90,000 · gap 59,000 · coverage 0.6× "
        "(open 50,000 ÷ 80,000 left to win)",
        "By rep:",
        # 22,000 / 40,000 = 55%; gap 18,000; left 30,000; 20,000 / 30,000 = 0.67 → 0.7
        "• Alice: won 10,000 + weighted 12,000 = 22,000 · 55% of 40,000 · gap 18,000 · "
        "coverage 0.7× (open 20,000 ÷ 30,000 left to win)",
        # 9,000 / 50,000 = 18%; gap 41,000; left 50,000; 30,000 / 50,000 = 0.6
        "• Bob: won 0 + weighted 9,000 = 9,000 · 18% of 50,000 · gap 41,000 · "
        "coverage 0.6× (open 30,000 ÷ 50,000 left to win)",
    ]
    # a team quota set replaces the sum; the earlier settings stay in the history
    assert say(bot.svc, "U0MARIA", "/forecast", "quota this 100000") == (
        "Quota of sales for 2026-Q1: 100,000."
    )
    assert say(bot.svc, "U0MARIA", "/forecast", "quota this 120000.50") == (
        "Quota of sales for 2026-Q1: 120,000.50 (was 100,000)."
    )
    lines = say(bot.svc, "U0MARIA", "/forecast").splitlines()
    start = lines.index("Quota 2026-Q1 (set for the team):")
    # 31,000 / 120,000.50 = 25.8% → 26%; gap 89,000.50; 50,000 / 110,000.50 = 0.45 → 0.5
    assert lines[start + 1] == (
        "won 10,000 + weighted 21,000 = 31,000 · 26% of 120,000.50 · gap 89,000.50 · "
        "coverage 0.5× (open 50,000 ÷ 110,000.50 left to win)"
    )
    # a rep reads their own
    mine = say(bot.svc, "U0ALICE", "/forecast").splitlines()
    assert mine[-1] == (
        "Quota 2026-Q1: won 10,000 + weighted 12,000 = 22,000 · 55% of 40,000 · gap 18,000 · "
        "coverage 0.7× (open 20,000 ÷ 30,000 left to win)"
    )
    assert say(bot.svc, "U0MARIA", "/forecast", "quota").splitlines() == [
        "Quotas (latest quarter first):",
        "• 2026-Q1 the team: 120,000.50 — set by Maria on 2026-03-02 17:00 CST (in force)",
        "• 2026-Q1 the team: 100,000 — set by Maria on 2026-03-02 17:00 CST (replaced)",
        "• 2026-Q1 Alice: 40,000 — set by Maria on 2026-03-02 17:00 CST (in force)",
        "• 2026-Q1 Bob: 50,000 — set by Maria on 2026-03-02 17:00 CST (in force)",
    ]


def test_a_quarter_ends_at_midnight_where_the_team_is(make_bot, clock):
    bot = make_bot(**SHANGHAI)
    open_account(bot.svc, "U0ALICE", "Late", "8000", date(2026, 3, 31))
    say(bot.svc, "U0MARIA", "/forecast", "quota @Alice 2026-Q1 10000")
    say(bot.svc, "U0MARIA", "/forecast", "quota @Alice 2026-Q2 10000")
    # 17:30 UTC on 31 March is 01:30 on 1 April in Shanghai: the deal is won in Q2
    clock.current = datetime(2026, 3, 31, 17, 30, tzinfo=UTC)
    say(bot.svc, "U0ALICE", "/deal", "Late stage won")
    this = say(bot.svc, "U0ALICE", "/forecast").splitlines()
    assert this[0].startswith("Forecast for Alice, 2026-Q2 (2026-04-01 to 2026-06-30)")
    assert this[-1] == (
        "Quota 2026-Q2: won 8,000 + weighted 0 = 8,000 · 80% of 10,000 · gap 2,000 · "
        "coverage 0.0× (open 0 ÷ 2,000 left to win)"
    )
    before = say(bot.svc, "U0ALICE", "/forecast", "2026-Q1").splitlines()
    assert before[-1] == (
        "Quota 2026-Q1: won 0 + weighted 0 = 0 · 0% of 10,000 · gap 10,000 · "
        "coverage 0.0× (open 0 ÷ 10,000 left to win)"
    )


def test_met_quota_and_the_rounding_of_percent_and_coverage():
    # 4,500 won + 5,000 × 50% = 7,000 of 4,000: 175%, no gap, nothing left to win
    met = Attainment(quota=400_000, won=450_000, weighted=500_000 * 50, open=500_000)
    assert (met.percent, met.gap, met.left, met.coverage) == (175, 0, 0, None)
    # 1 won of 200: 0.5% rounds up to 1%; 149.25 open ÷ 199 left = 0.75 → 0.8
    tiny = Attainment(quota=20_000, won=100, weighted=0, open=14_925)
    assert (tiny.percent, str(tiny.coverage)) == (1, "0.8")
    assert Attainment(quota=None, won=1, weighted=0, open=0).percent is None


def test_bad_quota_commands_change_nothing(bot):
    assert say(bot.svc, "U0ALICE", "/forecast", "quota this 100") == (
        "Only managers can use /forecast quota."
    )
    assert say(bot.svc, "U0MARIA", "/forecast", "quota @Alice Q5 100") == (
        "Q5 is not a quarter: use 2026-Q2, Q2, this or next."
    )
    assert say(bot.svc, "U0MARIA", "/forecast", "quota @Alice Q2 -100") == (
        "-100 is not an amount: use a number from 0 up, such as 12000 or 12,000.50."
    )
    assert say(bot.svc, "U0MARIA", "/forecast", "quota @Alice Q2 0") == (
        "0: a quota is an amount above 0."
    )
    assert say(bot.svc, "U0MARIA", "/forecast", "quota @Maria Q2 100") == (
        "Maria is no rep of the team: quotas are for reps or the whole team."
    )
    assert say(bot.svc, "U0MARIA", "/forecast", "quota @Zed Q2 100") == (
        "No one called @Zed on team sales."
    )
    assert say(bot.svc, "U0MARIA", "/forecast", "quota Q2").startswith("Usage of /forecast:")
    assert say(bot.svc, "U0MARIA", "/forecast", "quota") == (
        "No quota is set. /forecast quota [@rep] <quarter> <amount> sets one."
    )
