"""The digests: once per period however many processes fire them, one catch-up after
downtime, and their figures worked out by hand."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from handlers.core.messages import Card, Image
from handlers.digests import forecast as digest
from handlers.digests import scheduled
from handlers.digests.periods import fire_before, last_fire
from handlers.roulette import offers
from handlers.roulette.intake import LeadInput, add_lead
from handlers.roulette.sweep import expire_due
from storage.digests import Digest
from storage.models import Member, Offer
from tests.pipeline_support import actor, count, open_account, say

MONDAY_9 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # the forecast digest's default time


def posts(bot, channel: str = "C0MGRS") -> list:
    bot.deliver()
    return [s.message for s in bot.chat.to(channel)]


def digest_posts(bot) -> list:
    return [m for m in posts(bot) if isinstance(m, Image) or m.plain().startswith("Forecast")]


def test_periods_follow_the_crontab_in_the_teams_zone():
    shanghai = ZoneInfo("Asia/Shanghai")
    cron = "0 9 * * mon"  # 09:00 in Shanghai is 01:00 UTC
    at = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)
    assert last_fire(cron, shanghai, at) == datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
    assert last_fire(cron, shanghai, datetime(2026, 3, 2, 1, 0, tzinfo=UTC)) == datetime(
        2026, 3, 2, 1, 0, tzinfo=UTC
    )
    assert fire_before(cron, shanghai, datetime(2026, 3, 2, 1, 0, tzinfo=UTC)) == datetime(
        2026, 2, 23, 1, 0, tzinfo=UTC
    )
    assert last_fire("*/5 * * * *", shanghai, at) == at
    assert last_fire("0 0 1 1 *", shanghai, at) == datetime(2025, 12, 31, 16, 0, tzinfo=UTC)


def test_one_post_per_period_however_many_processes_fire_it(make_bot, clock):
    clock.current = MONDAY_9
    bots = [make_bot() for _ in range(4)]  # four processes, one database
    open_account(bots[0].svc, "U0ALICE", "Acme", "1000", date(2026, 3, 31))
    barrier = threading.Barrier(len(bots))
    won = []

    def fire(bot) -> None:
        barrier.wait()
        won.append(scheduled.run_scheduled(bot.svc, "forecast", "sales"))

    threads = [threading.Thread(target=fire, args=(b,)) for b in bots]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(won) == [False, False, False, True]
    assert count(bots[0].svc, Digest) == 1
    sent = [m for b in bots for m in digest_posts(b)]
    assert [type(m) for m in sent] == [Card, Image]
    clock.advance(hours=1)  # the same period, an hour later: still nothing new
    assert not scheduled.run_scheduled(bots[1].svc, "forecast", "sales")
    clock.advance(days=7)
    assert scheduled.run_scheduled(bots[2].svc, "forecast", "sales")
    assert count(bots[0].svc, Digest) == 2


def test_a_claim_goes_through_while_a_digest_is_composed(bot, clock, monkeypatch):
    clock.current = MONDAY_9
    open_account(bot.svc, "U0ALICE", "Acme", "1000", date(2026, 3, 31))
    lead, _ = add_lead(bot.svc, "sales", LeadInput(company="Beta"))
    bot.deliver()
    with bot.svc.db.reading() as s:
        offer = s.scalar(select(Offer).where(Offer.lead_id == lead.id))
        holder = s.get_one(Member, offer.member_id).slack_id
    composing, claimed = threading.Event(), threading.Event()
    compose = digest.forecast_digest

    def slow_digest(*args, **kwargs):  # a chart over many accounts takes a while
        composing.set()
        assert claimed.wait(10), "the claim waited for the digest"
        return compose(*args, **kwargs)

    monkeypatch.setattr(scheduled, "forecast_digest", slow_digest)
    posted = []
    digest_thread = threading.Thread(
        target=lambda: posted.append(scheduled.run_scheduled(bot.svc, "forecast", "sales"))
    )
    digest_thread.start()
    assert composing.wait(10)
    assert offers.claim(bot.svc, actor(bot.svc, holder), str(offer.id)) is None
    claimed.set()
    digest_thread.join(15)
    assert posted == [True]
    assert [type(m) for m in digest_posts(bot)] == [Card, Image]


def test_after_downtime_one_catch_up_digest(bot, clock):
    clock.current = MONDAY_9
    scheduled.catch_up(bot.svc)  # a first start: nothing was ever posted, nothing is missed
    assert count(bot.svc, Digest) == 0
    assert scheduled.run_scheduled(bot.svc, "forecast", "sales")
    clock.advance(days=23)  # down over three Mondays
    scheduled.catch_up(bot.svc)
    scheduled.catch_up(bot.svc)
    with bot.svc.db.transaction() as s:
        periods = s.scalars(select(Digest.period).where(Digest.kind == "forecast")).all()
    assert periods == [MONDAY_9, datetime(2026, 3, 23, 9, 0, tzinfo=UTC)]
    cards = [m for m in digest_posts(bot) if isinstance(m, Card)]
    assert len(cards) == 2
    assert cards[1].footer == "Covers what happened since 2026-03-02 09:00 UTC."
    assert not scheduled.run_scheduled(bot.svc, "forecast", "sales")


def test_digest_figures_changes_moves_stale_lost_and_conversions(bot, clock):
    clock.current = datetime(2026, 2, 9, 9, 0, tzinfo=UTC)
    open_account(bot.svc, "U0ALICE", "Delta", "1000", date(2026, 6, 30))  # #1, then untouched
    clock.current = MONDAY_9
    open_account(bot.svc, "U0ALICE", "Acme", "10000", date(2026, 3, 31))  # #2
    open_account(bot.svc, "U0BOB", "Beta", "20000", date(2026, 3, 31))  # #3
    assert scheduled.run_scheduled(bot.svc, "forecast", "sales")
    first = digest_posts(bot)[0]
    assert first.text.splitlines()[:5] == [
        "Attainment 2026-Q1: won 0 + weighted 9,000 = 9,000 · no quota set",
        "Attainment 2026-Q2: won 0 + weighted 300 = 300 · no quota set",
        "This quarter: 2026-Q1 (2026-01-01 to 2026-03-31)",
        "The first forecast digest: nothing earlier to compare with.",
        "weighted / unweighted (accounts); totals leave lost deals out",
    ]
    assert first.text.splitlines()[5] == "Total: 9,000 / 30,000 (2)"

    clock.advance(days=1)
    say(bot.svc, "U0ALICE", "/deal", "Acme stage trial")
    say(bot.svc, "U0ALICE", "/deal", "Acme amount 12000")
    say(bot.svc, "U0BOB", "/deal", "Beta stage lost competitor")
    open_account(bot.svc, "U0CAROL", "Gamma", "5000", date(2026, 3, 20))  # #4
    clock.current = datetime(2026, 3, 9, 9, 0, tzinfo=UTC)
    assert scheduled.run_scheduled(bot.svc, "forecast", "sales")
    card, chart = digest_posts(bot)[2:]
    assert card.title == "Forecast digest · sales · 2026-03-09"
    assert card.text.splitlines() == [
        "Attainment 2026-Q1: won 0 + weighted 8,700 = 8,700 · no quota set",
        "Attainment 2026-Q2: won 0 + weighted 300 = 300 · no quota set",
        "This quarter: 2026-Q1 (2026-01-01 to 2026-03-31)",
        "weighted / unweighted (accounts) · change since the previous digest; totals leave "
        "lost deals out",
        "Total: 8,700 / 17,000 (2) · change −300 / −13,000",
        "By stage:",
        "• needs: 1,500 / 5,000 (1) · change −7,500 / −25,000",
        "• trial: 7,200 / 12,000 (1) · change +7,200 / +12,000",
        "• lost: 0 / 20,000 (1) · change ±0 / +20,000",
        "By rep:",
        "• Alice: 7,200 / 12,000 (1) · change +4,200 / +2,000",
        "• Carol: 1,500 / 5,000 (1) · change +1,500 / +5,000",
        "• Bob: 0 / 0 (0) · change −6,000 / −20,000",
        "Next quarter, 2026-Q2: 300 / 1,000 (1)",
        "Moved since the previous digest: 2",
        "• #2 Acme (Alice): needs → trial; amount 10,000 → 12,000",
        "• #3 Beta (Bob): needs → lost",
        "Stale (no activity for too long): 1",
        "• #1 Delta (Alice): needs, nothing for 28 days (limit 14)",
        "Lost in the period: 1",
        "• competitor: 1 (20,000)",
        "Stage conversion so far: needs → trial 25% (1/4) · trial → negotiation 0% (0/1)",
    ]
    assert card.footer == "Covers what happened since 2026-03-02 09:00 UTC."
    assert chart.title == "Weighted forecast by rep and stage · sales · 2026-Q1"
    assert chart.filename == "forecast-sales-2026-Q1.png"
    assert chart.content.startswith(b"\x89PNG\r\n\x1a\n")


def test_asked_for_digest_goes_to_the_asker_and_keeps_no_figures(bot, clock):
    clock.current = MONDAY_9
    open_account(bot.svc, "U0ALICE", "Acme", "1000", date(2026, 3, 31))
    assert say(bot.svc, "U0MARIA", "/forecast", "digest") == (
        "The forecast digest is on its way to your DM."
    )
    bot.deliver()
    card, chart = [s.message for s in bot.chat.to("U0MARIA")]
    assert card.title == "Forecast digest · sales · 2026-03-02"
    assert "Total: 300 / 1,000 (1)" in card.text
    assert isinstance(chart, Image)
    assert count(bot.svc, Digest) == 0
    assert say(bot.svc, "U0MARIA", "/forecast", "digest now").startswith("Usage of /forecast:")


def claim_after(bot, lead_id: int, seconds: int) -> None:
    bot.deliver()  # the card reaches the rep: the window starts
    with bot.svc.db.transaction() as s:
        offer = s.scalar(select(Offer).where(Offer.lead_id == lead_id, Offer.status == "open"))
    from storage.models import Member

    with bot.svc.db.transaction() as s:
        slack_id = s.get_one(Member, offer.member_id).slack_id
    bot.clock.advance(seconds=seconds)
    assert offers.claim(bot.svc, actor(bot.svc, slack_id), str(offer.id)) is None


def test_workload_digest_per_rep(bot, clock):
    clock.current = MONDAY_9
    first, _ = add_lead(bot.svc, "sales", LeadInput(company="L1"))  # Alice
    claim_after(bot, first.id, 30)
    second, _ = add_lead(bot.svc, "sales", LeadInput(company="L2"))  # Bob
    bot.deliver()
    with bot.svc.db.transaction() as s:
        offer = s.scalar(select(Offer).where(Offer.lead_id == second.id, Offer.status == "open"))
    offers.pass_offer(bot.svc, actor(bot.svc, "U0BOB"), str(offer.id))  # on to Carol
    bot.deliver()
    clock.advance(seconds=61)
    expire_due(bot.svc)  # Carol let it expire: on to Alice
    claim_after(bot, second.id, 50)
    third, _ = add_lead(bot.svc, "sales", LeadInput(company="L3"))  # Carol
    claim_after(bot, third.id, 10)
    say(bot.svc, "U0ALICE", "/deal", f"new {first.id} 10000")
    clock.current = datetime(2026, 3, 6, 17, 0, tzinfo=UTC)  # Friday 17:00
    assert scheduled.run_scheduled(bot.svc, "workload", "sales")
    [card] = [m for m in posts(bot) if m.plain().startswith("Workload")]
    assert card.title == "Workload digest · sales · 2026-03-06"
    assert card.text.splitlines() == [
        "• Alice: 2/3 open leads · claims 2 · passes 0 · expiries 0 · median time to claim "
        "40 s · open accounts 1 · weighted pipeline 3,000",
        # L1 arrived 30 s and L2 111 s before Alice claimed them; her new deal on L1 came
        # 121 s after that claim
        "  arrival to claim 1 min 10 s · claim to first touch 2 min 1 s · SLA misses 0",
        "• Bob: 0/3 open leads · claims 0 · passes 1 · expiries 0 · median time to claim — · "
        "open accounts 0 · weighted pipeline 0",
        "  arrival to claim — · claim to first touch — · SLA misses 0",
        "• Carol: 1/3 open leads · claims 1 · passes 0 · expiries 1 · median time to claim "
        "10 s · open accounts 0 · weighted pipeline 0",
        "  arrival to claim 10 s · claim to first touch — · SLA misses 0",
    ]
    assert card.footer == "Covers what happened since 2026-02-27 17:00 UTC."


def test_a_digest_turned_off_never_posts(make_bot, clock):
    bot = make_bot(team={"digests": {"forecast": "off", "workload": None}})
    clock.current = MONDAY_9
    assert not scheduled.run_scheduled(bot.svc, "forecast", "sales")
    assert not scheduled.run_scheduled(bot.svc, "workload", "sales")
    assert count(bot.svc, Digest) == 0
