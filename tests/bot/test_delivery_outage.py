"""Slack down for hours: the offer card waits in the outbox and goes out when Slack is back,
its window starting then; only after a day of failing is a message given up on."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bot.delivery import DeliveryError
from handlers.roulette.intake import LeadInput, add_lead
from storage.models import Offer, OfferStatus, OutboxMessage, OutboxStatus


def card_row(bot: Any) -> OutboxMessage:
    with bot.svc.db.reading() as s:
        return s.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).first()


def first_offer(bot: Any) -> Offer:
    with bot.svc.db.reading() as s:
        return s.scalars(select(Offer).order_by(Offer.id)).first()


def retry_for(bot: Any, hours: float) -> None:
    """Deliver whatever is due every 5 minutes (the longest wait between two tries)."""
    for _ in range(int(hours * 12)):
        bot.clock.advance(minutes=5)
        bot.deliver()


def test_a_card_waits_out_an_outage_and_its_window_starts_when_it_lands(bot: Any) -> None:
    bot.chat.broken["U0ALICE"] = DeliveryError("http_503")
    add_lead(bot.svc, "sales", LeadInput(company="Acme"))
    bot.deliver()
    retry_for(bot, hours=6)
    row = card_row(bot)
    assert row.status == OutboxStatus.PENDING and row.attempts > 12
    waiting = first_offer(bot)
    assert waiting.status == OfferStatus.OPEN and waiting.shown_at is None  # no sweep closes it
    assert bot.chat.to("U0ALICE") == []

    del bot.chat.broken["U0ALICE"]  # Slack is back
    retry_for(bot, hours=0.1)
    [card] = bot.chat.to("U0ALICE")
    assert card.message.title == "New lead: Acme"
    offer = first_offer(bot)
    assert offer.status == OfferStatus.OPEN and offer.shown_at == bot.clock.now()
    assert offer.expires_at == bot.clock.now() + bot.svc.config.teams[0].window


def test_a_message_failing_for_a_day_is_given_up_and_the_next_rep_offered(bot: Any) -> None:
    bot.chat.broken["U0ALICE"] = DeliveryError("http_503")
    add_lead(bot.svc, "sales", LeadInput(company="Acme"))
    bot.deliver()
    retry_for(bot, hours=23.5)
    assert card_row(bot).status == OutboxStatus.PENDING
    retry_for(bot, hours=1)
    assert card_row(bot).status == OutboxStatus.FAILED
    offer = first_offer(bot)
    assert (offer.status, offer.reason) == (OfferStatus.SKIPPED, "unreachable:http_503")
    [bob] = bot.chat.to("U0BOB")
    assert bob.message.title == "New lead: Acme"
