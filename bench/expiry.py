"""Many claim windows closing at nearly the same moment, against the real bot.

Run: python -m bench.expiry [--database-url URL] [--leads 1000] [--spread 10] [--window 30s]

The bot runs as `salesbot run` in its own process against a fake Slack in this process.
`--leads` leads are posted to /leads, paced evenly over `--spread` seconds, so their first
windows close within the same `--spread` seconds. Nobody clicks: each window expires and
the sweeper hands the lead to the other rep. Lateness is when the fake Slack received that
next rep's DM card minus the first offer's deadline (`expires_at`, read from the database
afterwards); both are wall-clock UTC on this host.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC

from sqlalchemy import select

from bench._harness import (
    BotProcess,
    TimedSlack,
    add_database_argument,
    bot_config,
    describe_url,
    is_postgres,
    lead_session,
    percentile,
    post_lead,
    print_load,
    print_problems,
    scratch_database,
    workdir,
)
from handlers.core.settings import parse_duration
from storage.db import Database
from storage.models import Lead, Offer

TARGET_P99_S = 1.5
TARGET_RSS_MB = 200.0


def company(i: int) -> str:
    return f"Expiry lead {i:04d}"


def create_leads(bot_url: str, n: int, spread: float, workers: int = 8) -> tuple[float, float]:
    """Post `n` leads paced evenly over `spread` seconds; returns (first, last) wall times."""
    session = lead_session(pool=workers)
    start = time.monotonic() + 0.2
    done: list[float] = []
    lock = threading.Lock()

    def one(i: int) -> None:
        delay = start + spread * i / n - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        post_lead(session, bot_url, company(i))
        with lock:
            done.append(time.time())

    try:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            list(pool.map(one, range(n)))
    finally:
        session.close()
    return min(done), max(done)


def first_deadlines(url: str) -> dict[str, tuple[float, str]]:
    """Company -> (first offer's expires_at as a UNIX time, that offer's status now)."""
    db = Database(url)
    try:
        with db.transaction() as s:
            rows = s.execute(
                select(Lead.company, Offer.expires_at, Offer.status)
                .join(Offer, Offer.lead_id == Lead.id)
                .where(Offer.seq == 1)
            ).all()
        return {
            name: (expires.astimezone(UTC).timestamp(), status) for name, expires, status in rows
        }
    finally:
        db.dispose()


def run(server_url: str | None, n: int, spread: float, window: str) -> bool:
    engine = "PostgreSQL" if is_postgres(server_url) else "SQLite"
    window_s = parse_duration(window).total_seconds()
    if window_s <= spread + 5:
        raise SystemExit("--window must be well over --spread: every lead exists before any closes")
    print(f"database: {describe_url(server_url)}")
    print_load("at start")
    with workdir() as tmp, scratch_database(server_url, tmp, "bot") as url:
        slack = TimedSlack().start()
        bot = BotProcess(bot_config(url, slack.url, window=window, reps=2), tmp)
        try:
            bot.start()
            print(f"bot: pid {bot.pid}, {bot.url}; fake Slack: {slack.url}")
            rss_idle = bot.status_kb("VmRSS") or 0
            print(f"creating {n} leads over {spread:.0f} s, window {window} ...")
            first_made, last_made = create_leads(bot.url, n, spread)
            print(f"  created in {last_made - first_made:.1f} s")
            titles = [f"New lead: {company(i)}" for i in range(n)]

            def cards() -> int:
                return slack.titled_calls["chat.postMessage"]

            slack.wait(lambda: cards() >= n, timeout=60)
            print(f"  first cards delivered: {cards()}; waiting for the windows to close ...")
            remaining = first_made + window_s + spread + 60 - time.time()
            slack.wait(lambda: cards() >= 2 * n, timeout=max(remaining, 1))
            time.sleep(2.0)  # a duplicate card, if any, arrives by now
            rss = bot.status_kb("VmHWM")
            calls = {t: slack.titled("chat.postMessage", t) for t in titles}
            expired_updates = slack.count_titles("chat.update", "Expired: ")
        finally:
            bot.stop()
            slack.stop()
        deadlines = first_deadlines(url)

    lateness: list[float] = []
    # lateness by how long after the first deadline a window closed: shows a backlog growing
    by_second: dict[int, list[float]] = defaultdict(list)
    missing = twice = early = 0
    min_expiry = min((d for d, _ in deadlines.values()), default=0.0)
    for i, title in enumerate(titles):
        found = calls[title]
        if not found:
            missing += 1
            continue
        first_channel = found[0][1].args.get("channel")
        nexts = [wall for wall, call in found[1:] if call.args.get("channel") != first_channel]
        same_rep_again = len(found) - 1 - len(nexts)
        if not nexts:
            missing += 1
            continue
        if len(nexts) > 1 or same_rep_again:
            twice += 1
        expires_at, _status = deadlines[company(i)]
        late = nexts[0] - expires_at
        early += late < 0
        lateness.append(late)
        by_second[int(expires_at - min_expiry)].append(late)
    expires = [deadlines[company(i)][0] for i in range(n) if company(i) in deadlines]
    statuses = [deadlines[company(i)][1] for i in range(n) if company(i) in deadlines]

    p50, p99 = percentile(lateness, 50), percentile(lateness, 99)
    worst = max(lateness, default=float("nan"))
    rss_mb = (rss or 0) / 1024
    print(f"\nexpiry on {engine}")
    print(
        f"  leads: {n}, window {window}; first deadlines span {max(expires) - min(expires):.1f} s"
    )
    print(
        f"  last lead created {min(expires) - last_made:.1f} s before the first deadline"
        if min(expires) > last_made
        else "  WARNING: some leads were created after the first deadline"
    )
    print(
        f"  lateness of next rep's card (ms): p50 {p50 * 1000:.0f}  p99 {p99 * 1000:.0f}  "
        f"max {worst * 1000:.0f}  min {min(lateness, default=float('nan')) * 1000:.0f}"
    )
    print(
        f"  next-rep cards arrived: {len(lateness)} (expected {n}); missing {missing}, "
        f"sent twice {twice}, before the deadline {early}"
    )
    print(
        f"  first offers expired: {statuses.count('expired')}; 'Expired' card updates: "
        f"{expired_updates} (expected {n} each)"
    )
    print("  p50 / max lateness (ms) of windows closing in each second after the first:")
    print(
        "    "
        + "  ".join(
            f"+{sec}s {percentile(v, 50) * 1000:.0f}/{max(v) * 1000:.0f}"
            for sec, v in sorted(by_second.items())
        )
    )
    print(f"  bot peak RSS (VmHWM): {rss_mb:.0f} MB (once started, idle: {rss_idle / 1024:.0f} MB)")
    print_problems(bot)
    print_load("at end")
    correct = (
        len(lateness) == n
        and not twice
        and not early
        and statuses.count("expired") == n
        and expired_updates == n
    )
    print(f"correct (one next-rep card per lead, none early): {'yes' if correct else 'NO'}")
    met = p99 < TARGET_P99_S and rss is not None and rss_mb < TARGET_RSS_MB
    print(f"p99 < {TARGET_P99_S} s and RSS < {TARGET_RSS_MB:.0f} MB: {'met' if met else 'NOT met'}")
    return correct


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.expiry", description=__doc__)
    add_database_argument(parser)
    parser.add_argument("--leads", type=int, default=1000)
    parser.add_argument("--spread", type=float, default=10.0, help="seconds to create them over")
    parser.add_argument("--window", default="30s", help="the team's claim window")
    args = parser.parse_args(argv)
    return 0 if run(args.database_url, args.leads, args.spread, args.window) else 1


if __name__ == "__main__":
    sys.exit(main())
