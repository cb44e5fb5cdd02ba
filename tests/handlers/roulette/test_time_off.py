"""Time off: away until a day on the rep's clock, back by themselves, told in their DM."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from handlers.core.commands import run_command
from handlers.core.messages import Text
from handlers.roulette.intake import LeadInput, add_lead
from handlers.roulette.time_off import return_due
from storage.models import Member, Offer

BERLIN_ALICE = {
    "reps": [
        {"name": "Alice", "slack": "U0ALICE", "timezone": "Europe/Berlin"},
        {"name": "Bob", "slack": "U0BOB"},
    ]
}


def say(bot, user, command, text=""):
    return "\n".join(r.plain() for r in run_command(bot.svc, bot.actor(user), command, text))


def alice(bot):
    with bot.svc.db.transaction() as s:
        return s.scalar(select(Member).where(Member.name == "Alice"))


def test_away_until_a_day_then_back_by_themselves(make_bot, clock):
    bot = make_bot(team=BERLIN_ALICE)
    assert say(bot, "U0ALICE", "/team", "away until 2026-03-05 family visit") == (
        "Alice is now away until 2026-03-05: no new leads until then."
    )
    assert "• Alice: away until 2026-03-05 (family visit) ·" in say(bot, "U0MARIA", "/team")
    lead, _ = add_lead(bot.svc, "sales", LeadInput(company="Acme"))
    with bot.svc.db.transaction() as s:
        offered = s.scalar(select(Offer.member_id).where(Offer.lead_id == lead.id))
    assert offered != alice(bot).id
    clock.current = datetime(2026, 3, 4, 22, 59, tzinfo=UTC)  # 23:59 in Berlin
    assert return_due(bot.svc) == 0
    clock.current = datetime(2026, 3, 4, 23, 0, tzinfo=UTC)  # 5 March begins in Berlin
    assert return_due(bot.svc) == 1
    assert return_due(bot.svc) == 0
    bot.deliver()
    [welcome] = [s.message for s in bot.chat.to("U0ALICE") if isinstance(s.message, Text)]
    assert welcome.text == (
        "Welcome back: your time off until 2026-03-05 is over and you receive leads again."
    )
    back = alice(bot)
    assert (back.away, back.back_at, back.away_reason) == (False, None, None)
    assert "• Alice: available ·" in say(bot, "U0MARIA", "/team")


def test_a_manager_marks_a_rep_away_and_the_skip_names_the_day(bot, clock):
    assert say(bot, "U0MARIA", "/team", "away @Alice until 2026-03-10") == (
        "Alice is now away until 2026-03-10: no new leads until then."
    )
    assert say(bot, "U0MARIA", "/team", "away @Alice until 2026-03-10") == (
        "Alice is already away."
    )
    assert say(bot, "U0MARIA", "/team", "away @Alice until 2026-03-12 longer trip") == (
        "Alice is now away until 2026-03-12: no new leads until then."
    )
    say(bot, "U0MARIA", "/team", "away @Bob")
    say(bot, "U0MARIA", "/team", "away @Carol")
    lead, _ = add_lead(bot.svc, "sales", LeadInput(company="Nobody"))
    shown = say(bot, "U0MARIA", "/lead", f"show {lead.id}")
    assert "skipped Alice: away until 2026-03-12" in shown
    assert "skipped Bob: away" in shown


def test_bad_time_off_is_refused_and_changes_nothing(bot, clock):
    assert say(bot, "U0ALICE", "/team", "away until 2026-03-02") == (
        "2026-03-02 is not after today: give the day the rep is back."
    )
    assert say(bot, "U0ALICE", "/team", "away until someday").startswith(
        "someday is not a date: use YYYY-MM-DD"
    )
    assert say(bot, "U0ALICE", "/team", "away until").startswith("Usage of /team:")
    assert say(bot, "U0ALICE", "/team", "away @Bob until 2026-03-10") == (
        "You can only mark yourself away or back; managers can mark anyone."
    )
    assert say(bot, "U0ALICE", "/team", "away " + "x" * 201).startswith(
        "The reason is longer than 200 characters"
    )
    assert alice(bot).away is False
    assert say(bot, "U0ALICE", "/team", "back") == "Alice is not away; nothing changed."
