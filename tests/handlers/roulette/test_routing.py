"""Routing rules with a moving clock: working hours and time zones, holidays, what happens
after hours, weighted shares and calibration, and "who is next"."""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

from sqlalchemy import select, update

from handlers.core.commands import run_command
from handlers.roulette import offers
from handlers.roulette.intake import LeadInput, add_lead
from handlers.roulette.sweep import release_waiting
from storage.models import Lead, Member, Offer

BERLIN_TEAM = {"timezone": "Europe/Berlin", "hours": "mon-fri 09:00-18:00"}


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def say(bot, user, command, text=""):
    return "\n".join(r.plain() for r in run_command(bot.svc, bot.actor(user), command, text))


def add(bot, company="Acme", **kw):
    lead, _ = add_lead(bot.svc, "sales", LeadInput(company=company, **kw))
    bot.deliver()
    return lead


def lead_row(bot, lead_id):
    with bot.svc.db.transaction() as s:
        return s.get_one(Lead, lead_id)


def offers_of(bot, lead_id):
    """(name, status, reason) of every offer of the lead, in order."""
    with bot.svc.db.transaction() as s:
        rows = s.execute(
            select(Member.name, Offer.status, Offer.reason)
            .join(Member, Member.id == Offer.member_id)
            .where(Offer.lead_id == lead_id)
            .order_by(Offer.seq)
        ).all()
    return [tuple(r) for r in rows]


def holder(bot, lead_id):
    with bot.svc.db.transaction() as s:
        offer = s.scalar(select(Offer).where(Offer.lead_id == lead_id, Offer.status == "open"))
        return (s.get_one(Member, offer.member_id), offer) if offer else (None, None)


def first_look(bot, lead_id):
    return next(name for name, status, _ in offers_of(bot, lead_id) if status != "skipped")


def pass_on(bot, lead_id):
    rep, offer = holder(bot, lead_id)
    assert offers.pass_offer(bot.svc, bot.actor(rep.slack_id), str(offer.id)) is None
    bot.deliver()


# -- working hours ------------------------------------------------------------------


def test_a_rep_outside_their_own_hours_is_skipped_with_the_reason(make_bot, clock):
    bot = make_bot(
        team={
            **BERLIN_TEAM,
            "reps": [
                # Alice works Shanghai mornings; at 14:00 in Berlin it is 21:00 there
                {
                    "name": "Alice",
                    "slack": "U0ALICE",
                    "hours": "mon-fri 08:00-12:00",
                    "timezone": "Asia/Shanghai",
                },
                {"name": "Bob", "slack": "U0BOB"},
            ],
        }
    )
    clock.current = at(2026, 3, 2, 13, 0)  # Monday 14:00 in Berlin
    lead = add(bot)
    assert offers_of(bot, lead.id) == [("Alice", "skipped", "off-hours"), ("Bob", "open", None)]
    assert "#1 Acme: Alice skipped (off-hours); Bob holds the window" in say(
        bot, "U0MARIA", "/lead", "list"
    )
    assert "• 14:00:00 CET · skipped Alice: off-hours" in say(bot, "U0MARIA", "/lead", "show 1")


def test_after_hours_the_lead_waits_for_the_first_shift_even_across_a_restart(make_bot, clock):
    overrides = {"team": {**BERLIN_TEAM, "window": "10m"}}
    bot = make_bot(**overrides)
    clock.current = at(2026, 3, 6, 17, 30)  # Friday 18:30 in Berlin: everyone has gone home
    lead = add(bot)
    assert lead_row(bot, lead.id).status == "waiting"
    assert offers_of(bot, lead.id) == []
    assert bot.chat.log == []
    assert "#1 Acme: waiting for working hours: offered at 2026-03-09 09:00 CET" in say(
        bot, "U0MARIA", "/lead", "list"
    )
    # the bot restarts over the weekend: the wait is a row, a new process picks it up
    bot.runtime.svc.db.dispose()
    again = make_bot(**overrides)
    clock.current = at(2026, 3, 9, 7, 59, 59)
    assert release_waiting(again.svc) == 0
    clock.current = at(2026, 3, 9, 8, 0)  # Monday 09:00 CET
    assert release_waiting(again.svc) == 1
    assert release_waiting(again.svc) == 0
    again.deliver()
    [card] = again.dm_cards("U0ALICE")
    assert card.title == "New lead: Acme"
    shown = say(again, "U0MARIA", "/lead", "show 1")
    assert "waits until 2026-03-09 09:00 CET" in shown
    assert "Status: being offered" in shown


def test_a_wait_ends_when_the_clocks_have_gone_forward(make_bot, clock):
    bot = make_bot(team=BERLIN_TEAM)
    clock.current = at(2026, 3, 27, 18, 0)  # Friday 19:00 CET; summer time from Sunday
    lead = add(bot)
    assert lead_row(bot, lead.id).wait_until == at(2026, 3, 30, 7, 0)  # Monday 09:00 CEST
    clock.current = at(2026, 3, 30, 6, 59)
    assert release_waiting(bot.svc) == 0
    clock.current = at(2026, 3, 30, 7, 0)
    assert release_waiting(bot.svc) == 1


def test_a_wait_ends_when_the_clocks_have_gone_back(make_bot, clock):
    bot = make_bot(team=BERLIN_TEAM)
    clock.current = at(2026, 10, 23, 17, 0)  # Friday 19:00 CEST; winter time from Sunday
    lead = add(bot)
    assert lead_row(bot, lead.id).wait_until == at(2026, 10, 26, 8, 0)  # Monday 09:00 CET


def test_an_overnight_shift_takes_leads_after_midnight(make_bot, clock):
    bot = make_bot(
        team={
            "timezone": "Europe/Berlin",
            "reps": [{"name": "Nina", "slack": "U0NINA", "hours": "sun-thu 22:00-06:00"}],
        }
    )
    clock.current = at(2026, 3, 2, 23, 30)  # Tuesday 00:30 in Berlin: Monday's night shift
    assert offers_of(bot, add(bot, "Night").id) == [("Nina", "open", None)]
    clock.current = at(2026, 3, 6, 6, 0)  # Friday 07:00: no shift starts on Friday
    late = add(bot, "Weekend")
    assert lead_row(bot, late.id).wait_until == at(2026, 3, 8, 21, 0)  # Sunday 22:00 CET


def test_holidays_make_leads_wait_for_the_next_working_day(make_bot, clock):
    bot = make_bot(team={"timezone": "Asia/Shanghai", "holidays": ["2026-10-01", "2026-10-02"]})
    clock.current = at(2026, 10, 1, 2, 0)  # 10:00 on 1 October in Shanghai
    lead = add(bot)
    assert lead_row(bot, lead.id).wait_until == at(2026, 10, 2, 16, 0)  # 3 October, 00:00


def test_after_hours_pool_sends_the_lead_straight_to_the_pool(make_bot, clock):
    clock.current = at(2026, 3, 7, 12, 0)  # a Saturday
    pooled = make_bot(team={**BERLIN_TEAM, "after_hours": "pool"})
    lead = add(pooled)
    assert lead_row(pooled, lead.id).status == "pool"
    assert [r for _, _, r in offers_of(pooled, lead.id)] == ["off-hours"] * 3


def test_after_hours_anyway_offers_as_if_hours_did_not_apply(make_bot, clock):
    clock.current = at(2026, 3, 7, 12, 0)  # a Saturday
    bot = make_bot(team={**BERLIN_TEAM, "after_hours": "anyway"})
    lead = add(bot)
    assert offers_of(bot, lead.id) == [("Alice", "open", None)]


def test_a_window_running_past_the_end_of_the_day_keeps_its_length(make_bot, clock):
    bot = make_bot(team={**BERLIN_TEAM, "window": "30m"})
    clock.current = at(2026, 3, 2, 16, 55)  # 17:55 in Berlin: five minutes of work left
    lead = add(bot)
    _, offer = holder(bot, lead.id)
    assert offer.expires_at == at(2026, 3, 2, 17, 25)


def test_a_pass_after_hours_makes_the_lead_wait_for_the_next_rep(make_bot, clock):
    bot = make_bot(
        team={
            **BERLIN_TEAM,
            "reps": [
                {"name": "Alice", "slack": "U0ALICE", "hours": "always"},
                {"name": "Bob", "slack": "U0BOB"},
            ],
        }
    )
    clock.current = at(2026, 3, 2, 19, 0)  # Monday 20:00: only Alice is at work
    lead = add(bot)
    pass_on(bot, lead.id)
    row = lead_row(bot, lead.id)
    assert (row.status, row.wait_until) == ("waiting", at(2026, 3, 3, 8, 0))
    clock.current = at(2026, 3, 3, 8, 0)
    release_waiting(bot.svc)
    assert offers_of(bot, lead.id) == [("Alice", "passed", None), ("Bob", "open", None)]


# -- weighted shares --------------------------------------------------------------------

WEIGHTED = {
    "reps": [
        {"name": "Alice", "slack": "U0ALICE", "capacity": 1000},
        {"name": "Bob", "slack": "U0BOB", "capacity": 1000},
        {"name": "Carol", "slack": "U0CAROL", "capacity": 1000, "weight": 2},
    ]
}


def test_a_weight_two_rep_gets_every_other_lead_never_two_in_a_row(make_bot):
    bot = make_bot(team=WEIGHTED)
    firsts = [first_look(bot, add(bot, f"L{i}").id) for i in range(8)]
    assert firsts == ["Carol", "Alice", "Carol", "Bob"] * 2


def test_any_hundred_leads_share_within_two_points_of_the_weights(make_bot):
    bot = make_bot(team=WEIGHTED)
    firsts = [first_look(bot, add(bot, f"L{i}").id) for i in range(120)]
    for start in range(0, 21, 4):
        counts = Counter(firsts[start : start + 100])
        assert abs(counts["Alice"] - 25) <= 2 and abs(counts["Bob"] - 25) <= 2
        assert abs(counts["Carol"] - 50) <= 2


def test_a_rep_back_from_away_starts_at_the_teams_level(make_bot):
    bot = make_bot(team=WEIGHTED)
    for i in range(4):
        add(bot, f"Before{i}")
    say(bot, "U0MARIA", "/team", "away @Alice")
    away = [first_look(bot, add(bot, f"Away{i}").id) for i in range(30)]
    assert "Alice" not in away
    say(bot, "U0MARIA", "/team", "back @Alice")
    back = [first_look(bot, add(bot, f"Back{i}").id) for i in range(12)]
    # neither flooded to catch up on the 30 she missed, nor put at the back
    assert Counter(back) == {"Alice": 3, "Bob": 3, "Carol": 6}
    assert "Alice" in back[:4]


def test_skips_for_capacity_are_turns_lost_not_owed(make_bot):
    bot = make_bot(team=WEIGHTED)
    with bot.svc.db.transaction() as s:
        s.execute(update(Member).where(Member.name == "Alice").values(capacity=0))
    full = [first_look(bot, add(bot, f"Full{i}").id) for i in range(12)]
    assert "Alice" not in full
    with bot.svc.db.transaction() as s:
        s.execute(update(Member).where(Member.name == "Alice").values(capacity=1000))
    after = [first_look(bot, add(bot, f"After{i}").id) for i in range(8)]
    assert Counter(after) == {"Alice": 2, "Bob": 2, "Carol": 4}


def test_a_rep_added_to_the_config_joins_at_the_teams_level(make_bot):
    bot = make_bot(team=WEIGHTED)
    for i in range(20):
        add(bot, f"L{i}")
    bot.runtime.svc.db.dispose()
    reps = [*WEIGHTED["reps"], {"name": "Dan", "slack": "U0DAN", "capacity": 1000}]
    grown = make_bot(team={"reps": reps})
    firsts = [first_look(grown, add(grown, f"M{i}").id) for i in range(10)]
    assert Counter(firsts) == {"Alice": 2, "Bob": 2, "Carol": 4, "Dan": 2}


# -- who is next ----------------------------------------------------------------------


def test_lead_next_is_the_order_the_next_lead_gets(make_bot, clock):
    bot = make_bot(
        team={
            **BERLIN_TEAM,
            "reps": [
                {"name": "Alice", "slack": "U0ALICE", "weight": 2, "capacity": 5},
                {"name": "Bob", "slack": "U0BOB", "capacity": 0},
                {"name": "Carol", "slack": "U0CAROL", "tiers": ["smb"]},
                {"name": "Dan", "slack": "U0DAN", "hours": "mon-fri 14:00-22:00"},
                {"name": "Eve", "slack": "U0EVE"},
            ],
        }
    )
    clock.current = at(2026, 3, 2, 9, 0)  # Monday 10:00 in Berlin
    for i in range(3):
        add(bot, f"Earlier{i}")
    say(bot, "U0MARIA", "/team", "away @Eve until 2026-03-10 training")
    shown = say(bot, "U0MARIA", "/lead", "next").splitlines()
    assert shown[0] == "sales: the next lead would be offered in this order"
    order = [line.split(". ", 1)[1].split(":", 1)[0] for line in shown[1:]]
    # Dan's turn has come (the others had the three earlier leads), but he starts at 14:00
    assert order == ["Dan", "Alice", "Bob", "Carol", "Eve"]
    assert shown[1:] == [
        "1. Dan: skipped: off-hours until 2026-03-02 14:00 CET · first looks (30 days) 0 = 0% "
        "(target 16.7%)",
        "2. Alice: gets the first look · first looks (30 days) 2 = 66.7% (target 33.3%)",
        "3. Bob: skipped: at capacity (0/0 open leads) · first looks (30 days) 0 = 0% "
        "(target 16.7%)",
        "4. Carol: next if it is passed on · takes tiers smb only · first looks (30 days) 1 = "
        "33.3% (target 16.7%)",
        "5. Eve: skipped: away until 2026-03-10 · first looks (30 days) 0 = 0% (target 16.7%)",
    ]
    lead = add(bot, "Next")
    while holder(bot, lead.id)[0] is not None:
        pass_on(bot, lead.id)
    assert [name for name, _, _ in offers_of(bot, lead.id)] == order
    assert lead_row(bot, lead.id).status == "pool"


def test_lead_next_says_what_happens_when_nobody_is_at_work(make_bot, clock):
    bot = make_bot(team=BERLIN_TEAM)
    clock.current = at(2026, 3, 7, 12, 0)  # Saturday
    shown = say(bot, "U0MARIA", "/lead", "next").splitlines()
    assert shown[1].startswith("1. Alice: skipped: off-hours until 2026-03-09 09:00 CET")
    assert (
        shown[-1]
        == "No one who could take it is within hours: it would wait until 2026-03-09 09:00 CET."
    )
    assert say(bot, "U0MARIA", "/lead", "next nowhere") == "You manage no team called nowhere."
    assert say(bot, "U0ALICE", "/lead", "next") == "Only managers can use /lead next."
    assert say(bot, "U0MARIA", "/lead", "next sales").startswith("sales: the next lead")


def test_leads_from_before_the_weights_keep_moving(bot):
    """A lead in flight from before the upgrade has no route: it gets one on its next step."""
    lead = add(bot)
    with bot.svc.db.transaction() as s:
        s.execute(update(Lead).where(Lead.id == lead.id).values(route=None))
    pass_on(bot, lead.id)
    assert [n for n, _, _ in offers_of(bot, lead.id)] == ["Alice", "Bob"]
    assert lead_row(bot, lead.id).route is not None


def test_leads_arriving_together_each_get_their_own_turn(make_bot):
    """The first look is decided under the team's lock: six leads at once, two each."""
    bot = make_bot()
    with ThreadPoolExecutor(6) as pool:
        made = list(
            pool.map(lambda i: add_lead(bot.svc, "sales", LeadInput(f"Co{i}"))[0], range(6))
        )
    assert Counter(first_look(bot, lead.id) for lead in made) == {"Alice": 2, "Bob": 2, "Carol": 2}


def test_a_waiting_lead_can_be_withdrawn(make_bot, clock):
    bot = make_bot(team=BERLIN_TEAM)
    clock.current = at(2026, 3, 7, 12, 0)  # Saturday
    lead = add(bot)
    assert say(bot, "U0MARIA", "/lead", f"cancel {lead.id}") == "Lead #1 Acme withdrawn."
    clock.current = at(2026, 3, 9, 8, 0)
    assert release_waiting(bot.svc) == 0
    assert lead_row(bot, lead.id).status == "cancelled"
