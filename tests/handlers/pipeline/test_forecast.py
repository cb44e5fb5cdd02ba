"""/forecast against figures worked out by hand: overrides, lost deals, exact cents, and
quarters that start at midnight where the team is."""

from __future__ import annotations

from datetime import UTC, date, datetime

from handlers.pipeline.forecast import Quarter, parse_quarter
from tests.pipeline_support import open_account, say

# The example, all closing in 2026-Q1 unless said (the clock: 2026-03-02 09:00 UTC):
#   A1 Alice  12,000.00 needs        30%            -> 3,600.00
#   A2 Alice  10,000.00 trial        45% (override) -> 4,500.00
#   B1 Bob     7,500.50 negotiation  90%            -> 6,750.45
#   B2 Bob    20,000.00 lost          0%            -> left out of the totals
#   C1 Carol   3,333.33 won         100%            -> 3,333.33 (closes today)
#   C2 Carol  50,000.00 needs, closes 2026-04-15 (Q2) -> 15,000.00 in Q2 only
#   A3 Alice   1,000.00 needs, no close date: in no quarter
# Q1: 4 accounts, unweighted 32,833.83, weighted 18,183.78.


def example(svc) -> None:
    q1 = date(2026, 3, 31)
    open_account(svc, "U0ALICE", "A1", "12000", q1)
    open_account(svc, "U0ALICE", "A2", "10000", q1)
    open_account(svc, "U0BOB", "B1", "7500.50", q1)
    open_account(svc, "U0BOB", "B2", "20000", q1)
    open_account(svc, "U0CAROL", "C1", "3333.33", date(2026, 2, 1))
    open_account(svc, "U0CAROL", "C2", "50000", date(2026, 4, 15))
    open_account(svc, "U0ALICE", "A3", "1000")
    for user, text in (
        ("U0ALICE", "A2 stage trial"),
        ("U0ALICE", "A2 probability 45"),
        ("U0BOB", "B1 stage negotiation"),
        ("U0BOB", "B2 stage lost price"),
        ("U0CAROL", "C1 stage won"),
    ):
        assert not say(svc, user, "/deal", text).startswith(("Usage", "There")), text


def test_team_forecast_by_stage_and_rep(bot):
    example(bot.svc)
    assert say(bot.svc, "U0MARIA", "/forecast").splitlines() == [
        "Forecast for sales, 2026-Q1 (2026-01-01 to 2026-03-31), by expected close date",
        "weighted / unweighted (accounts); totals leave lost deals out",
        "Total: 18,183.78 / 32,833.83 (4)",
        "By stage:",
        "• needs: 3,600 / 12,000 (1)",
        "• trial: 4,500 / 10,000 (1)",
        "• negotiation: 6,750.45 / 7,500.50 (1)",
        "• won: 3,333.33 / 3,333.33 (1)",
        "• lost: 0 / 20,000 (1)",
        "By rep:",
        "• Alice: 8,100 / 22,000 (2)",
        "• Bob: 6,750.45 / 7,500.50 (1)",
        "• Carol: 3,333.33 / 3,333.33 (1)",
        "Quota 2026-Q1: won 3,333.33 + weighted 14,850.45 = 18,183.78 · no quota set",
        "1 open account(s) have no expected close date, so no quarter counts them: "
        "/deal <account> close <YYYY-MM-DD>.",
    ]


def test_another_quarter_and_one_rep(bot):
    example(bot.svc)
    q2 = say(bot.svc, "U0MARIA", "/forecast", "2026-Q2").splitlines()
    assert q2[2:7] == [
        "Total: 15,000 / 50,000 (1)",
        "By stage:",
        "• needs: 15,000 / 50,000 (1)",
        "By rep:",
        "• Carol: 15,000 / 50,000 (1)",
    ]
    assert say(bot.svc, "U0MARIA", "/forecast", "next") == say(
        bot.svc, "U0MARIA", "/forecast", "q2"
    )
    bob = say(bot.svc, "U0MARIA", "/forecast", "@Bob Q1").splitlines()
    assert bob[0] == "Forecast for Bob, 2026-Q1 (2026-01-01 to 2026-03-31), by expected close date"
    assert bob[2:6] == [
        "Total: 6,750.45 / 7,500.50 (1)",
        "By stage:",
        "• negotiation: 6,750.45 / 7,500.50 (1)",
        "• lost: 0 / 20,000 (1)",
    ]
    assert "By rep:" not in bob


def test_reps_see_only_their_own_pipeline(bot):
    example(bot.svc)
    mine = say(bot.svc, "U0ALICE", "/forecast").splitlines()
    assert mine[0].startswith("Forecast for Alice, 2026-Q1")
    assert mine[2] == "Total: 8,100 / 22,000 (2)"
    assert say(bot.svc, "U0ALICE", "/forecast", "@Bob") == (
        "Reps see their own pipeline only; managers see everyone's."
    )
    assert (
        say(bot.svc, "U0ALICE", "/forecast", "digest") == "Only managers can use /forecast digest."
    )


def test_bad_quarters_and_people(bot):
    for word in ("Q5", "2026-Q0", "1e400", "3000-Q1"):
        assert say(bot.svc, "U0MARIA", "/forecast", word) == (
            f"{word} is not a quarter: use 2026-Q2, Q2, this or next."
        )
    assert say(bot.svc, "U0MARIA", "/forecast", "@nobody") == "No one called @nobody on team sales."
    assert say(bot.svc, "U0MARIA", "/forecast", "Q1 Q2").startswith("Usage of /forecast:")
    assert say(bot.svc, "U0MARIA", "/forecast", "Q3").splitlines()[1] == (
        "No account is expected to close in 2026-Q3."
    )


def test_weighted_totals_are_summed_exactly_then_rounded_once(bot):
    # 3 × (0.10 × 33%) = 0.099 -> 0.10; rounding each account first would say 0.09.
    for name, user in (("X", "U0ALICE"), ("Y", "U0BOB"), ("Z", "U0CAROL")):
        open_account(bot.svc, user, name, "0.10", date(2026, 3, 1))
        say(bot.svc, user, "/deal", f"{name} probability 33")
    assert say(bot.svc, "U0MARIA", "/forecast").splitlines()[2] == "Total: 0.10 / 0.30 (3)"


def test_the_quarter_turns_at_midnight_in_the_teams_time_zone(make_bot, clock):
    bot = make_bot(team={"timezone": "Asia/Shanghai"})
    open_account(bot.svc, "U0ALICE", "March", "1000", date(2026, 3, 31))
    open_account(bot.svc, "U0BOB", "April", "2000", date(2026, 4, 1))
    clock.current = datetime(2026, 3, 31, 15, 59, tzinfo=UTC)  # 23:59 in Shanghai
    before = say(bot.svc, "U0MARIA", "/forecast").splitlines()
    assert before[0].startswith("Forecast for sales, 2026-Q1")
    assert before[2] == "Total: 300 / 1,000 (1)"
    clock.current = datetime(2026, 3, 31, 16, 0, tzinfo=UTC)  # 00:00 on 1 April there
    after = say(bot.svc, "U0MARIA", "/forecast").splitlines()
    assert after[0].startswith("Forecast for sales, 2026-Q2")
    assert after[2] == "Total: 600 / 2,000 (1)"
    # won at that moment, the deal closed on 1 April where the team is: it counts in Q2
    say(bot.svc, "U0ALICE", "/deal", "March stage won")
    assert say(bot.svc, "U0MARIA", "/forecast").splitlines()[2] == "Total: 1,600 / 3,000 (2)"


def test_quarter_words():
    this = Quarter(2026, 1)
    assert parse_quarter("2026-q3", this) == Quarter(2026, 3)
    assert parse_quarter("2027Q1", this) == Quarter(2027, 1)
    assert parse_quarter("Q4-2025", this) == Quarter(2025, 4)
    assert parse_quarter("q2", this) == Quarter(2026, 2)
    assert parse_quarter("next", Quarter(2026, 4)) == Quarter(2027, 1)
    assert parse_quarter("this", this) == this
    assert parse_quarter("Q5", this) is None
    assert (Quarter(2026, 4).start, Quarter(2026, 4).end) == (date(2026, 10, 1), date(2026, 12, 31))
