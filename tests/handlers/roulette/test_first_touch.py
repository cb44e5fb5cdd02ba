"""The first-touch SLA: claimed is not contacted. Reminder, escalation, taking the lead
back, each once, and a touch at any time stops the rest."""

from __future__ import annotations

from sqlalchemy import select

from handlers.core.actions import run_action
from handlers.core.commands import run_command
from handlers.core.messages import Text
from handlers.roulette import offers
from handlers.roulette.intake import LeadInput, add_lead
from handlers.roulette.pool import grab
from handlers.roulette.sla import run_due
from handlers.roulette.sweep import expire_due
from storage.models import Lead, Member, Offer

SLA = {"first_touch": "1h", "first_touch_escalate": "2h", "first_touch_recover": "4h"}


def say(bot, user, command, text=""):
    return "\n".join(r.plain() for r in run_command(bot.svc, bot.actor(user), command, text))


def claimed(bot, company="Acme"):
    """A new lead claimed by Alice, whose card is delivered."""
    lead, _ = add_lead(bot.svc, "sales", LeadInput(company=company))
    bot.deliver()
    with bot.svc.db.transaction() as s:
        offer = s.scalar(select(Offer).where(Offer.lead_id == lead.id, Offer.status == "open"))
    assert offers.claim(bot.svc, bot.actor("U0ALICE"), str(offer.id)) is None
    bot.deliver()
    return lead.id


def card_updates(bot):
    return [s.message for s in bot.chat.log if s.action == "update"]


def texts_to(bot, where):
    return [s.message.text for s in bot.chat.to(where) if isinstance(s.message, Text)]


def lead_row(bot, lead_id):
    with bot.svc.db.transaction() as s:
        return s.get_one(Lead, lead_id)


def test_without_an_sla_the_claimed_card_has_no_contacted_button(bot):
    claimed(bot)
    [card] = card_updates(bot)
    assert [b.label for b in card.buttons] == ["New deal"]


def test_contacted_on_the_claimed_card_stops_the_sla(make_bot, clock):
    bot = make_bot(team=SLA)
    lead_id = claimed(bot)
    [card] = card_updates(bot)
    assert [b.label for b in card.buttons] == ["New deal", "Contacted"]
    clock.advance(minutes=12)
    contacted = next(b for b in card.buttons if b.label == "Contacted")
    assert run_action(bot.svc, bot.actor("U0ALICE"), contacted.action, contacted.value) is None
    bot.deliver()
    latest = card_updates(bot)[-1]
    assert [b.label for b in latest.buttons] == ["New deal"]
    assert latest.text == "First touch 12 min after the claim."
    again = run_action(bot.svc, bot.actor("U0ALICE"), contacted.action, contacted.value)
    assert again.text == "Lead #1: the first touch is already recorded (12 min after the claim)."
    clock.advance(hours=5)
    assert run_due(bot.svc) == 0
    bot.deliver()
    assert texts_to(bot, "U0ALICE") == []
    assert lead_row(bot, lead_id).owner_id is not None
    assert "first touch by Alice after 12 min" in say(bot, "U0MARIA", "/lead", f"show {lead_id}")


def test_each_step_happens_once_then_the_lead_goes_to_the_next_rep(make_bot, clock):
    bot = make_bot(team=SLA)
    lead_id = claimed(bot)
    clock.advance(minutes=59)
    assert run_due(bot.svc) == 0
    clock.advance(minutes=1)
    assert run_due(bot.svc) == 1
    assert run_due(bot.svc) == 0
    bot.deliver()
    [reminder] = texts_to(bot, "U0ALICE")
    assert reminder.startswith("Lead #1 Acme: you claimed it 1 h ago and have not been in touch")
    clock.advance(hours=1)
    run_due(bot.svc)
    bot.deliver()
    assert texts_to(bot, "C0MGRS")[-1] == (
        "Lead #1 Acme: Alice claimed it 2 h ago and has not been in touch yet."
    )
    clock.advance(hours=2)
    assert run_due(bot.svc) == 1
    assert run_due(bot.svc) == 0
    bot.deliver()
    assert card_updates(bot)[-1].title == "Taken back: Acme (no first touch in time)"
    assert card_updates(bot)[-1].buttons == ()
    assert texts_to(bot, "C0MGRS")[-1] == (
        "Lead #1 Acme taken back from Alice: no first touch 4 h after the claim; "
        "it goes to the next rep."
    )
    [bob] = bot.dm_cards("U0BOB")
    assert bob.title == "New lead: Acme"
    row = lead_row(bot, lead_id)
    assert (row.status, row.owner_id, row.claimed_at) == ("offering", None, None)
    listing = say(bot, "U0MARIA", "/lead", "list")
    assert "Alice claimed; Alice skipped (no first touch); Bob holds the window" in listing
    assert "skipped Alice: no first touch" in say(bot, "U0MARIA", "/lead", f"show {lead_id}")
    assert "SLA misses 1" in say(bot, "U0MARIA", "/team")


def test_a_touch_after_the_reminder_stops_the_rest(make_bot, clock):
    bot = make_bot(team=SLA)
    lead_id = claimed(bot)
    clock.advance(minutes=61)
    run_due(bot.svc)
    assert say(bot, "U0ALICE", "/lead", f"contacted {lead_id}") == (
        "Lead #1 Acme: first touch recorded, 1 h 1 min after the claim."
    )
    clock.advance(hours=4)
    assert run_due(bot.svc) == 0
    assert lead_row(bot, lead_id).status == "claimed"


def test_a_new_deal_and_a_note_are_first_touches(make_bot, clock):
    bot = make_bot(team=SLA)
    deal = claimed(bot, "Deal")
    clock.advance(minutes=5)
    assert say(bot, "U0ALICE", "/deal", f"new {deal} 5000").startswith("Account opened: #1")
    assert lead_row(bot, deal).touched_at == clock.now()
    clock.advance(hours=5)
    assert run_due(bot.svc) == 0
    assert "claim to first touch 5 min" in say(bot, "U0MARIA", "/team")


def test_only_the_owner_or_a_manager_records_the_touch(make_bot, clock):
    bot = make_bot(team=SLA)
    lead_id = claimed(bot)
    assert say(bot, "U0BOB", "/lead", f"contacted {lead_id}") == (
        "Lead #1 is Alice's; only they or a manager can record the first touch."
    )
    assert say(bot, "U0BOB", "/lead", "contacted 99") == "There is no lead #99."
    assert say(bot, "U0MARIA", "/lead", f"contacted {lead_id}").startswith("Lead #1 Acme: first")
    other, _ = add_lead(bot.svc, "sales", LeadInput(company="Open"))
    assert say(bot, "U0MARIA", "/lead", f"contacted {other.id}") == (
        "Lead #2 is not claimed (it is being offered); nothing changed."
    )


def test_the_sla_survives_a_restart(make_bot, clock):
    bot = make_bot(team=SLA)
    claimed(bot)
    bot.runtime.svc.db.dispose()
    again = make_bot(team=SLA)
    clock.advance(hours=1)
    assert run_due(again.svc) == 1
    again.deliver()
    assert len(texts_to(again, "U0ALICE")) == 1


def test_a_lead_grabbed_from_the_pool_is_under_the_sla_too(make_bot, clock):
    bot = make_bot(team={**SLA, "window": "10s"})
    lead, _ = add_lead(bot.svc, "sales", LeadInput(company="Pooly"))
    for _ in range(3):
        bot.deliver()
        clock.advance(seconds=11)
        expire_due(bot.svc)
    assert lead_row(bot, lead.id).status == "pool"
    assert grab(bot.svc, bot.actor("U0BOB"), str(lead.id)) is None
    clock.advance(hours=4)
    run_due(bot.svc)  # reminder, escalation and recovery are all due
    row = lead_row(bot, lead.id)
    assert row.status == "pool"  # everyone had it already: back to the pool
    with bot.svc.db.transaction() as s:
        bob = s.scalar(select(Member).where(Member.name == "Bob"))
        reasons = s.scalars(
            select(Offer.reason).where(Offer.lead_id == lead.id, Offer.member_id == bob.id)
        ).all()
    assert "no-first-touch" in reasons
