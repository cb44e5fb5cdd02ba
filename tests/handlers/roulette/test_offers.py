"""The roulette's rules, checked through the handlers with a moving clock."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select, update

from bot.delivery import DeliveryError
from handlers.core.messages import Card
from handlers.roulette import offers
from handlers.roulette.intake import LeadInput, add_lead
from handlers.roulette.pool import grab
from handlers.roulette.sweep import expire_due
from storage.models import Lead, Member, Offer
from tests.conftest import demo_team


def add(bot, company="Acme", **kw):
    lead, created = add_lead(bot.svc, "sales", LeadInput(company=company, **kw))
    bot.deliver()
    return lead


def open_offer(bot, lead_id):
    with bot.svc.db.transaction() as s:
        return s.scalar(select(Offer).where(Offer.lead_id == lead_id, Offer.status == "open"))


def lead_row(bot, lead_id):
    with bot.svc.db.transaction() as s:
        return s.get(Lead, lead_id)


def test_first_rep_gets_a_card_with_claim_and_pass(bot):
    lead = add(bot, "Acme", amount=Decimal("12000"), contact="Li Lei", tier="smb")
    [card] = bot.dm_cards("U0ALICE")
    assert isinstance(card, Card)
    assert card.title == "New lead: Acme"
    assert [b.label for b in card.buttons] == ["Claim", "Pass"]
    fields = {f.label: f.value for f in card.fields}
    assert fields["Amount"] == "12,000"
    assert fields["Contact"] == "Li Lei"
    assert fields["Window"].startswith("1 min, until 09:01:00")
    assert bot.dm_cards("U0BOB") == []
    assert lead_row(bot, lead.id).status == "offering"


def test_claim_inside_window_makes_it_theirs_and_tells_managers(bot):
    lead = add(bot, amount=Decimal("500"))
    offer = open_offer(bot, lead.id)
    bot.clock.advance(seconds=42)
    assert offers.claim(bot.svc, bot.actor("U0ALICE"), str(offer.id)) is None
    bot.deliver()
    row = lead_row(bot, lead.id)
    assert row.status == "claimed"
    [update_] = [s for s in bot.chat.log if s.action == "update"]
    assert update_.message.title == "Claimed by you: Acme"
    assert [b.label for b in update_.message.buttons] == ["New deal"]  # Claim, Pass gone
    [line] = bot.chat.to("C0MGRS")
    assert line.message.text == "Alice claimed lead #1 Acme (500) after 42 s."


def test_pass_updates_card_and_offers_next_rep_with_fresh_window(bot):
    lead = add(bot)
    first = open_offer(bot, lead.id)
    bot.clock.advance(seconds=30)
    offers.pass_offer(bot.svc, bot.actor("U0ALICE"), str(first.id))
    bot.deliver()
    updates = [s for s in bot.chat.log if s.action == "update"]
    assert updates[0].message.title == "Passed: Acme"
    assert updates[0].message.buttons == ()
    [bob_card] = bot.dm_cards("U0BOB")
    second = open_offer(bot, lead.id)
    assert second.member_id != first.member_id
    assert second.expires_at == bot.clock.now() + (first.expires_at - first.opened_at)
    assert [b.label for b in bob_card.buttons] == ["Claim", "Pass"]


def test_expiry_moves_on_exactly_once(bot):
    lead = add(bot)
    bot.clock.advance(seconds=59)
    assert expire_due(bot.svc) == 0
    bot.clock.advance(seconds=1)
    assert expire_due(bot.svc) == 1
    assert expire_due(bot.svc) == 0
    bot.deliver()
    [update_] = [s for s in bot.chat.log if s.action == "update"]
    assert update_.message.title == "Expired: Acme (your window closed)"
    assert len(bot.dm_cards("U0BOB")) == 1
    assert open_offer(bot, lead.id) is not None


def test_claim_after_deadline_is_refused_even_before_the_sweeper_runs(bot):
    lead = add(bot)
    offer = open_offer(bot, lead.id)
    bot.clock.advance(seconds=61)
    reply = offers.claim(bot.svc, bot.actor("U0ALICE"), str(offer.id))
    assert reply.text == "Too late: your window closed at 09:01:00 UTC; the lead has moved on."
    assert lead_row(bot, lead.id).status == "offering"


def test_only_the_offered_rep_can_answer(bot):
    lead = add(bot)
    offer = open_offer(bot, lead.id)
    reply = offers.claim(bot.svc, bot.actor("U0BOB"), str(offer.id))
    assert reply.text == "This offer is for Alice; only they can answer it."
    assert open_offer(bot, lead.id).id == offer.id
    assert offers.claim(bot.svc, bot.actor("U0ALICE"), "abc").text == "That offer does not exist."
    assert offers.claim(bot.svc, bot.actor("U0ALICE"), "99999").text == "That offer does not exist."


def test_late_clicks_are_told_how_the_offer_closed_and_change_nothing(bot):
    claimed, passed, expired = add(bot, "Acme"), add(bot, "Beta"), add(bot, "Gamma")
    claimed_offer, passed_offer, expired_offer = (
        open_offer(bot, lead.id) for lead in (claimed, passed, expired)
    )
    alice, carol = bot.actor("U0ALICE"), bot.actor("U0CAROL")
    # Rotation offers the three leads to Alice, Bob and Carol in turn.
    assert offers.claim(bot.svc, alice, str(claimed_offer.id)) is None
    assert offers.pass_offer(bot.svc, bot.actor("U0BOB"), str(passed_offer.id)) is None
    bot.clock.advance(seconds=61)
    late = "Too late: your window closed at 09:01:00 UTC; the lead has moved on."
    assert offers.claim(bot.svc, carol, str(expired_offer.id)).text == late
    expire_due(bot.svc)
    for _ in range(2):  # the first late click reads how it closed; the second is told the same
        assert offers.claim(bot.svc, alice, str(claimed_offer.id)).text == (
            "You have already claimed this lead."
        )
        assert offers.pass_offer(bot.svc, alice, str(claimed_offer.id)).text == (
            "You have already claimed this lead."
        )
        assert offers.claim(bot.svc, bot.actor("U0BOB"), str(passed_offer.id)).text == (
            "You passed on this lead."
        )
        assert offers.claim(bot.svc, carol, str(expired_offer.id)).text == late
        # Anyone else is still told whose offer it was, not how it closed.
        assert offers.claim(bot.svc, carol, str(claimed_offer.id)).text == (
            "This offer is for Alice; only they can answer it."
        )
    assert lead_row(bot, claimed.id).status == "claimed"
    with bot.svc.db.transaction() as s:
        statuses = dict(
            s.execute(
                select(Offer.id, Offer.status).where(
                    Offer.id.in_([claimed_offer.id, passed_offer.id, expired_offer.id])
                )
            ).all()
        )
    assert statuses == {
        claimed_offer.id: "claimed",
        passed_offer.id: "passed",
        expired_offer.id: "expired",
    }


def test_rotation_starts_one_place_further_for_each_lead(bot):
    firsts = []
    for i in range(4):
        lead = add(bot, f"Co{i}")
        with bot.svc.db.transaction() as s:
            offer = s.scalar(select(Offer).where(Offer.lead_id == lead.id, Offer.status == "open"))
            firsts.append(s.get(Member, offer.member_id).name)
    assert firsts == ["Alice", "Bob", "Carol", "Alice"]


def test_away_inactive_and_full_reps_are_skipped_with_reasons(make_bot):
    bot = make_bot(
        team={
            "reps": [
                {"name": "Alice", "slack": "U0ALICE", "active": False},
                {"name": "Bob", "slack": "U0BOB", "capacity": 0},
                {"name": "Carol", "slack": "U0CAROL"},
                {"name": "Dan", "slack": "U0DAN", "tiers": ["smb"]},
                {"name": "Eve"},
            ]
        }
    )
    with bot.svc.db.transaction() as s:
        s.execute(update(Member).where(Member.name == "Carol").values(away=True))
    lead = add(bot, tier="enterprise")
    with bot.svc.db.transaction() as s:
        reasons = dict(
            s.execute(
                select(Member.name, Offer.reason).join(Member, Member.id == Offer.member_id)
            ).all()
        )
    assert reasons == {
        "Alice": "inactive",
        "Bob": "capacity:0/0",
        "Carol": "away",
        "Dan": "tier:enterprise",
        "Eve": "unreachable:no_chat",
    }
    assert lead_row(bot, lead.id).status == "pool"


def test_everyone_lets_it_go_then_pool_grab(bot):
    lead = add(bot, "Pooly")
    for _ in range(3):  # each window starts when its card is delivered
        bot.deliver()
        bot.clock.advance(seconds=60)
        expire_due(bot.svc)
    bot.deliver()
    assert lead_row(bot, lead.id).status == "pool"
    posts = bot.chat.to("C0MGRS")
    pool_card = next(p.message for p in posts if isinstance(p.message, Card))
    assert pool_card.title == "Open pool: Pooly"
    assert [b.label for b in pool_card.buttons] == ["Grab"]
    escalation = next(p.message for p in posts if not isinstance(p.message, Card))
    assert "went to the open pool" in escalation.text
    assert (
        "Alice's window expired" in escalation.text and "Carol's window expired" in escalation.text
    )

    assert grab(bot.svc, bot.actor("U0MARIA"), str(lead.id)).text == (
        "Only reps of team sales can grab this lead."
    )
    assert grab(bot.svc, bot.actor("U0BOB"), str(lead.id)) is None
    assert grab(bot.svc, bot.actor("U0CAROL"), str(lead.id)).text == "Bob grabbed it first."
    bot.deliver()
    row = lead_row(bot, lead.id)
    assert row.status == "claimed"
    grabbed = [s for s in bot.chat.log if s.action == "update"][-1].message
    assert grabbed.title == "Grabbed by Bob: Pooly" and grabbed.buttons == ()


def test_one_sweep_hands_on_every_due_lead_of_every_team(make_bot):
    east = {
        "name": "east",
        "window": "60s",
        "manager_channel": "C0EAST",
        "managers": [{"name": "Maria", "slack": "U0MARIA"}],
        "reps": [{"name": "Dan", "slack": "U0DAN"}, {"name": "Eve", "slack": "U0EVE"}],
    }
    bot = make_bot(teams=[demo_team(), east])
    first, second = add(bot, "Acme"), add(bot, "Beta")  # offered to Alice, then Bob
    lead, _ = add_lead(bot.svc, "east", LeadInput(company="Delta"))  # to Dan
    bot.deliver()
    with bot.svc.db.transaction() as s:
        s.execute(update(Member).where(Member.name == "Carol").values(away=True))
    bot.clock.advance(seconds=60)
    assert expire_due(bot.svc) == 3
    assert expire_due(bot.svc) == 0
    bot.deliver()
    expired = [s.message.title for s in bot.chat.log if s.action == "update"]
    assert sorted(expired) == [
        "Expired: Acme (your window closed)",
        "Expired: Beta (your window closed)",
        "Expired: Delta (your window closed)",
    ]
    # Acme moves on to Bob; Beta skips Carol (away) and goes round to Alice; Delta to Eve.
    assert [c.title for c in bot.dm_cards("U0BOB")] == ["New lead: Beta", "New lead: Acme"]
    assert [c.title for c in bot.dm_cards("U0ALICE")] == ["New lead: Acme", "New lead: Beta"]
    assert bot.dm_cards("U0CAROL") == []
    assert [c.title for c in bot.dm_cards("U0EVE")] == ["New lead: Delta"]
    opened = {x.id: open_offer(bot, x.id) for x in (first, second, lead)}
    claim_values = {
        c.title: c.buttons[0].value
        for slack_id in ("U0BOB", "U0ALICE", "U0EVE")
        for c in bot.dm_cards(slack_id)[-1:]
    }
    assert claim_values == {
        "New lead: Acme": str(opened[first.id].id),
        "New lead: Beta": str(opened[second.id].id),
        "New lead: Delta": str(opened[lead.id].id),
    }
    with bot.svc.db.transaction() as s:
        beta = s.scalars(select(Offer).where(Offer.lead_id == second.id).order_by(Offer.seq))
        assert [(o.status, o.reason) for o in beta] == [
            ("expired", None),
            ("skipped", "away"),
            ("open", None),
        ]


def test_undeliverable_rep_is_skipped_with_the_reason(bot):
    bot.chat.broken["U0ALICE"] = DeliveryError("user_not_found", permanent=True)
    lead = add(bot)
    with bot.svc.db.transaction() as s:
        alice = s.scalar(select(Offer).where(Offer.lead_id == lead.id, Offer.seq == 1))
    assert alice.status == "skipped"
    assert alice.reason == "unreachable:user_not_found"
    assert len(bot.dm_cards("U0BOB")) == 1


def test_transient_failure_is_retried_not_lost(bot):
    bot.chat.broken["U0ALICE"] = DeliveryError("ratelimited", retry_after=5)
    lead = add(bot)
    assert bot.dm_cards("U0ALICE") == []
    del bot.chat.broken["U0ALICE"]
    bot.deliver()
    assert bot.dm_cards("U0ALICE") == []  # not yet due
    bot.clock.advance(seconds=6)
    bot.deliver()
    assert len(bot.dm_cards("U0ALICE")) == 1
    assert open_offer(bot, lead.id).seq == 1


def test_same_external_id_returns_the_first_lead(bot):
    first, created = add_lead(bot.svc, "sales", LeadInput("Acme", external_id="web-1"))
    again, created_again = add_lead(bot.svc, "sales", LeadInput("Acme", external_id="web-1"))
    assert created and not created_again and again.id == first.id
    with bot.svc.db.transaction() as s:
        assert s.scalar(select(func.count()).select_from(Offer)) == 1


def test_cancel_withdraws_open_card(bot):
    lead = add(bot)
    reply = offers.cancel(bot.svc, bot.actor("U0MARIA"), lead.id)
    assert reply.text == "Lead #1 Acme withdrawn."
    bot.deliver()
    assert [s for s in bot.chat.log if s.action == "update"][-1].message.title == (
        "Withdrawn by a manager: Acme"
    )
    again = offers.cancel(bot.svc, bot.actor("U0MARIA"), lead.id)
    assert again.text == "Lead #1 is not in flight (it is withdrawn); nothing changed."
    assert open_offer(bot, lead.id) is None
