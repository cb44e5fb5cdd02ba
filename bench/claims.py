"""Bursts of simultaneous Claim clicks on one offer, against the real bot over HTTP.

Run: python -m bench.claims [--database-url URL] [--leads 100] [--clicks 35]

The bot runs as `salesbot run` in its own process (Slack HTTP mode) with its Web API
pointed at a fake Slack in this process. Each lead is posted to /leads; once its DM card
reaches the fake Slack, `--clicks` Slack-signed Claim clicks from the offered rep on that
card are released together and each is timed until its HTTP answer. Exactly one per lead
may win. For scale, the bare conditional UPDATE behind a claim is timed on a scratch
database of the same kind.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

from sqlalchemy import func, select

from bench._harness import (
    SIGNING_SECRET,
    BotProcess,
    TimedSlack,
    add_database_argument,
    bot_config,
    claim_clicks,
    describe_url,
    is_postgres,
    lead_session,
    ms,
    percentile,
    post_lead,
    print_load,
    print_problems,
    scratch_database,
    wait_card,
    workdir,
)
from handlers.roulette.offers import close_offer
from storage.db import Database
from storage.models import Lead, LeadEvent, Member, Offer, Team
from tests.fakes.slack_requests import SlackSender, fire_concurrently

ALREADY = "You have already claimed this lead."
TARGET_MS = 100.0


def _safely(post: Callable[[], tuple[int, str, float]]) -> tuple[int, str, float] | str:
    try:
        return post()
    except OSError as exc:
        return f"{type(exc).__name__}: {exc}"


def time_bare_update(url: str, samples: int, warmup: int = 100) -> list[float]:
    """Seconds per transaction that runs only `_close_offer(..., "claimed")`, one at a time.

    Same engine settings as the bot (storage.db.Database), same schema, each
    sample on its own open offer, so every UPDATE wins as the first click does.
    """
    db = Database(url)
    try:
        db.migrate()
        now = datetime.now(UTC)
        with db.transaction() as s:
            team = Team(name="sales")
            s.add(team)
            s.flush()
            rep = Member(team_id=team.id, name="Rep0", slack_id="U0REP0", is_rep=True)
            s.add(rep)
            s.flush()
            leads = [
                Lead(
                    team_id=team.id,
                    company=f"Scratch {i}",
                    status="offering",
                    created_at=now,
                )
                for i in range(warmup + samples)
            ]
            s.add_all(leads)
            s.flush()
            offers = [
                Offer(
                    lead_id=lead.id,
                    member_id=rep.id,
                    seq=1,
                    status="open",
                    opened_at=now,
                    expires_at=now + timedelta(hours=1),
                )
                for lead in leads
            ]
            s.add_all(offers)
            s.flush()
            ids = [o.id for o in offers]
        times = []
        for i, offer_id in enumerate(ids):
            start = time.perf_counter()
            with db.transaction() as s:
                won = close_offer(s, offer_id, "claimed", datetime.now(UTC))
            elapsed = time.perf_counter() - start
            if not won:
                raise RuntimeError(f"the bare UPDATE did not win on offer {offer_id}")
            if i >= warmup:
                times.append(elapsed)
        return times
    finally:
        db.dispose()


def count_outcomes(url: str) -> tuple[int, int, int]:
    """(leads claimed, offers claimed, 'claimed' audit events) as the database has them."""
    db = Database(url)
    try:
        with db.transaction() as s:
            leads = s.scalar(select(func.count()).where(Lead.status == "claimed"))
            offers = s.scalar(select(func.count()).where(Offer.status == "claimed"))
            events = s.scalar(select(func.count()).where(LeadEvent.kind == "claimed"))
        return int(leads or 0), int(offers or 0), int(events or 0)
    finally:
        db.dispose()


def run(server_url: str | None, n_leads: int, n_clicks: int, samples: int) -> bool:
    engine = "PostgreSQL" if is_postgres(server_url) else "SQLite"
    print(f"database: {describe_url(server_url)}")
    print_load("at start")
    with workdir() as tmp, scratch_database(server_url, tmp, "bot") as url:
        slack = TimedSlack().start()
        bot = BotProcess(bot_config(url, slack.url, window="10m", reps=3), tmp)
        try:
            return _measure(bot, slack, url, server_url, tmp, engine, n_leads, n_clicks, samples)
        finally:
            bot.stop()
            slack.stop()


def _measure(
    bot: BotProcess,
    slack: TimedSlack,
    url: str,
    server_url: str | None,
    tmp: Path,
    engine: str,
    n_leads: int,
    n_clicks: int,
    samples: int,
) -> bool:
    bot.start()
    print(f"bot: pid {bot.pid}, {bot.url}; fake Slack: {slack.url}")
    rss_idle = bot.status_kb("VmRSS") or 0
    sender = SlackSender(
        bot.url, SIGNING_SECRET, response_url_base=slack.response_url_base, timeout=30
    )
    intake = lead_session()
    click_times: list[float] = []
    failed: list[str] = []
    intake_times: list[float] = []
    card_times: list[float] = []
    started = time.monotonic()
    cpu_before = bot.cpu_seconds() or 0.0
    own_cpu_before = time.process_time()
    try:
        for i in range(n_leads):
            company = f"Claims lead {i:04d}"
            t0 = time.monotonic()
            post_lead(intake, bot.url, company)
            intake_times.append(time.monotonic() - t0)
            card = wait_card(slack, company)
            card_times.append(card.at - t0)
            clicks = claim_clicks(sender, card, n_clicks)
            for result in fire_concurrently([partial(_safely, c) for c in clicks], timeout=60):
                if isinstance(result, str):
                    failed.append(result)
                elif result[0] != 200:
                    failed.append(f"HTTP {result[0]}: {result[1][:200]}")
                else:
                    click_times.append(result[2])
        burst_time = time.monotonic() - started
        bot_cpu = (bot.cpu_seconds() or 0.0) - cpu_before
        own_cpu = time.process_time() - own_cpu_before

        # The clicker is told once per lead why their other clicks did nothing (repeats of
        # the same note to the same person are quieted for a few seconds).
        expected_notes = n_leads
        slack.wait(
            lambda: (
                slack.count_titles("chat.update", "Claimed by you: ") >= n_leads
                and slack.by_text.get(("chat.postEphemeral", ALREADY), 0) >= expected_notes
            ),
            timeout=60,
        )
        time.sleep(1.0)  # anything extra (a second winner, a late duplicate) lands by now
        claimed_updates = slack.count_titles("chat.update", "Claimed by you: ")
        notes = slack.by_text.get(("chat.postEphemeral", ALREADY), 0)
        other_notes = sum(
            n for (m, t), n in slack.by_text.items() if m == "chat.postEphemeral" and t != ALREADY
        )
        manager_lines = sum(
            n
            for (m, t), n in slack.by_text.items()
            if m == "chat.postMessage" and " claimed lead #" in t
        )
        rss = bot.status_kb("VmHWM")
    finally:
        intake.close()
        sender.close()
        bot.stop()
    leads_claimed, offers_claimed, claim_events = count_outcomes(url)

    print("\nbare conditional UPDATE (scratch database, same engine settings)")
    with scratch_database(server_url, tmp, "update") as scratch:
        update_times = time_bare_update(scratch, samples)
    up50, up99 = percentile(update_times, 50), percentile(update_times, 99)
    print(f"  samples: {len(update_times)}  p50 {ms(up50)} ms  p99 {ms(up99)} ms")

    p50, p90 = percentile(click_times, 50), percentile(click_times, 90)
    p99, worst = percentile(click_times, 99), max(click_times, default=float("nan"))
    print(f"\nclaims on {engine}")
    print(f"  leads: {n_leads}  clicks: {n_leads * n_clicks} ({n_clicks} at once per lead)")
    print(
        f"  bursts took {burst_time:.1f} s in all; CPU meanwhile: bot {bot_cpu:.1f} s, "
        f"this process (clients + fake Slack) {own_cpu:.1f} s"
    )
    print(
        f"  bot CPU per click: {ms(bot_cpu / max(1, n_leads * n_clicks))} ms "
        f"(with intake and delivery; {os.cpu_count()} CPUs here)"
    )
    print(f"  POST /leads: p50 {ms(percentile(intake_times, 50))} ms")
    print(f"  POST /leads -> DM card at fake Slack: p50 {ms(percentile(card_times, 50))} ms")
    print(
        f"  time to HTTP answer (ms): p50 {ms(p50)}  p90 {ms(p90)}  p99 {ms(p99)}  max {ms(worst)}"
    )
    print(f"  clicks without a 200 answer: {len(failed)}")
    for line in failed[:5]:
        print(f"    {line}")
    print(
        f"  successful claims: leads claimed {leads_claimed}, offers claimed {offers_claimed}, "
        f"'claimed' events {claim_events} (expected {n_leads} each)"
    )
    print(f"  'Claimed by you' chat.update calls: {claimed_updates} (expected {n_leads})")
    print(f"  manager 'claimed' posts: {manager_lines} (expected {n_leads})")
    print(f"  '{ALREADY}' notes: {notes} (expected {expected_notes}), other notes: {other_notes}")
    print(
        f"  bot peak RSS: {(rss or 0) / 1024:.0f} MB (once started, idle: {rss_idle / 1024:.0f} MB)"
    )
    print(f"  ratio p99(HTTP)/p99(UPDATE): {p99 / up99:.1f}")
    print_problems(bot)
    print_load("at end")
    correct = (
        not failed
        and leads_claimed == offers_claimed == claim_events == n_leads
        and claimed_updates == n_leads
        and manager_lines == n_leads
        and notes == expected_notes
    )
    print(f"correct (one winner per lead, every click answered): {'yes' if correct else 'NO'}")
    met = p99 * 1000 < TARGET_MS
    print(f"target p99 < {TARGET_MS:.0f} ms on {engine}: {'met' if met else 'NOT met'}")
    return correct


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.claims", description=__doc__)
    add_database_argument(parser)
    parser.add_argument("--leads", type=int, default=100)
    parser.add_argument("--clicks", type=int, default=35, help="simultaneous clicks per lead")
    parser.add_argument("--update-samples", type=int, default=1000)
    args = parser.parse_args(argv)
    ok = run(args.database_url, args.leads, args.clicks, args.update_samples)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
