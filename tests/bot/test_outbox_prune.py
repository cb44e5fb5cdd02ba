"""Chat messages delivered long ago are forgotten; nothing still owed is, and cards stay
updatable in place."""

from __future__ import annotations

from sqlalchemy import select

from handlers.core.messages import Text
from handlers.roulette import offers
from handlers.roulette.intake import LeadInput, add_lead
from storage.models import Offer, OutboxMessage


def outbox_rows(bot) -> list[tuple[str, str | None, str]]:
    with bot.svc.db.reading() as s:
        rows = s.execute(
            select(OutboxMessage.action, OutboxMessage.card_key, OutboxMessage.status).order_by(
                OutboxMessage.id
            )
        ).all()
    return [tuple(r) for r in rows]


def test_old_deliveries_are_pruned_but_owed_messages_and_card_sends_stay(bot):
    acme, _ = add_lead(bot.svc, "sales", LeadInput(company="Acme"))
    bot.deliver()
    with bot.svc.db.reading() as s:
        offer = s.scalar(select(Offer).where(Offer.lead_id == acme.id))
    assert offers.claim(bot.svc, bot.actor("U0ALICE"), str(offer.id)) is None
    bot.deliver()  # the card turns into "Claimed by you", managers get a line
    [card] = bot.chat.to("U0ALICE")
    add_lead(bot.svc, "sales", LeadInput(company="Beta"))  # its card not sent yet
    card_key = f"offer:{offer.id}"
    assert outbox_rows(bot) == [
        ("send", card_key, "done"),
        ("send", None, "done"),
        ("update", card_key, "done"),
        ("send", f"offer:{offer.id + 1}", "pending"),
    ]

    bot.clock.advance(days=29)
    prune = bot.runtime.scheduler.get_job("outbox-prune")
    prune.func(*prune.args)
    assert len(outbox_rows(bot)) == 4  # nothing is old enough yet

    bot.clock.advance(days=2)
    prune.func(*prune.args)
    assert outbox_rows(bot) == [
        ("send", card_key, "done"),
        ("send", f"offer:{offer.id + 1}", "pending"),
    ]

    bot.deliver()  # what was still owed goes out
    assert [c.message.title for c in bot.chat.to("U0BOB")] == ["New lead: Beta"]
    with bot.svc.db.transaction() as s:  # and the old card can still change in place
        bot.svc.outbox.update(s, bot.clock.now(), card_key, Text(text="Acme: deal won"))
    bot.deliver()
    assert [u.message.text for u in bot.chat.updates_of(card.ref)][-1] == "Acme: deal won"
