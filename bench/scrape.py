"""A /metrics scrape over a big history: what the database part of a scrape costs.

Run: python -m bench.scrape [--database-url URL] [--offers 500000] [--messages 500000]

It fills a fresh database with closed offers and delivered chat messages (what months of
use leave behind), plus a few hundred open windows past their deadline and messages still
owed, then times `GET /metrics` through the app's own Flask endpoint: the counters, the
outbox backlog per platform and the overdue windows, read at each scrape. The figures it
reads back are checked against what was inserted.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import select

from bench._harness import (
    NoChat,
    add_database_argument,
    describe_url,
    percentile,
    scratch_database,
    workdir,
)
from bot.config import parse_config
from bot.runtime import build_runtime
from bot.web import build_web_app
from storage.models import Lead, Member, Offer, OutboxMessage, Team

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
BATCH = 10_000
OVERDUE, OWED = 300, 400  # open windows 1-300 s past their deadline; messages still owed


class FixedClock:
    def now(self) -> datetime:
        return NOW


def config(url: str) -> Any:
    return parse_config(
        {
            "database": {"url": url},
            "teams": [
                {
                    "name": "sales",
                    "manager_channel": "C0MGRS",
                    "managers": [{"name": "Maria", "slack": "U0MARIA"}],
                    "reps": [{"name": f"Rep{i}", "slack": f"U0REP{i}"} for i in range(10)],
                }
            ],
        }
    )


def build(svc: Any, offers: int, messages: int) -> float:
    """Closed offers (one lead each) and delivered messages, then the due ones."""
    with svc.db.transaction() as s:
        team_id = s.scalar(select(Team.id))
        reps = s.scalars(select(Member.id).where(Member.is_rep.is_(True))).all()
    started = time.monotonic()
    for first in range(1, offers + 1, BATCH):
        ids = range(first, min(first + BATCH, offers + 1))
        past = NOW - timedelta(days=90)
        leads = [
            {
                "id": i,
                "team_id": team_id,
                "company": f"Lead {i}",
                "status": "offering" if i <= OVERDUE else "claimed",
                "start_position": 0,
                "created_at": past,
            }
            for i in ids
        ]
        rows = [
            {
                "lead_id": i,
                "member_id": reps[i % len(reps)],
                "seq": 1,
                "status": "open" if i <= OVERDUE else "claimed",
                "opened_at": NOW - timedelta(minutes=10, seconds=i) if i <= OVERDUE else past,
                "expires_at": NOW - timedelta(seconds=i) if i <= OVERDUE else past,
                "shown_at": past,
                "closed_at": None if i <= OVERDUE else past,
            }
            for i in ids
        ]
        with svc.db.transaction() as s:
            s.execute(Lead.__table__.insert(), leads)
            s.execute(Offer.__table__.insert(), rows)
    for first in range(1, messages + 1, BATCH):
        ids = range(first, min(first + BATCH, messages + 1))
        rows = [
            {
                "action": "send",
                "target": "slack:user:U0REP1" if i % 2 else "wecom:user:rep1",
                "card_key": f"offer:{i}",
                "payload": {"kind": "text", "text": "hello"},
                "status": "pending" if i <= OWED else "done",
                "attempts": 0 if i <= OWED else 1,
                "created_at": NOW - timedelta(seconds=i) if i <= OWED else NOW - timedelta(days=9),
                "next_attempt_at": NOW + timedelta(minutes=5),
            }
            for i in ids
        ]
        with svc.db.transaction() as s:
            s.execute(OutboxMessage.__table__.insert(), rows)
    return time.monotonic() - started


def values(text: str) -> dict[tuple[str, tuple], float]:
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def run(server_url: str | None, offers: int, messages: int, scrapes: int) -> bool:
    with workdir() as tmp, scratch_database(server_url, tmp, "scrape") as url:
        runtime = build_runtime(config(url), {"slack": NoChat(), "wecom": NoChat()}, FixedClock())
        svc = runtime.svc
        try:
            print(f"building {offers:,} offers and {messages:,} chat messages ...")
            print(f"  built in {build(svc, offers, messages):.1f} s")
            client = build_web_app(svc, lambda: True, metrics=runtime.metrics).test_client()
            client.get("/metrics")  # the first scrape warms the connection pool
            times = []
            for _ in range(scrapes):
                started = time.perf_counter()
                answer = client.get("/metrics")
                times.append((time.perf_counter() - started) * 1000)
            print(f"\nGET /metrics on {describe_url(server_url)} ({scrapes} scrapes)")
            print(
                f"  p50 {percentile(times, 50):.1f} ms, p99 {percentile(times, 99):.1f} ms, "
                f"max {max(times):.1f} ms; {len(answer.data):,} B"
            )
            got = values(answer.get_data(as_text=True))
            owed = {
                p: got[("salesbot_outbox_backlog_messages", (("platform", p),))]
                for p in ("slack", "wecom")
            }
            oldest = got[("salesbot_outbox_oldest_owed_seconds", (("platform", "wecom"),))]
            late = got[("salesbot_sweep_lag_seconds", ())]
            overdue = got[("salesbot_windows_overdue", ())]
            print(f"  backlog {owed}, oldest owed on wecom {oldest:.0f} s")
            print(f"  windows overdue {overdue:.0f}, the oldest {late:.0f} s late")
            ok = (
                owed == {"slack": OWED / 2, "wecom": OWED / 2}
                and oldest == OWED
                and (overdue, late) == (OVERDUE, OVERDUE)
            )
            print(f"correct (the figures are what was inserted): {'yes' if ok else 'NO'}")
            return ok
        finally:
            runtime.delivery.pool.shutdown()
            svc.db.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scrape", description=__doc__)
    add_database_argument(parser)
    parser.add_argument("--offers", type=int, default=500_000)
    parser.add_argument("--messages", type=int, default=500_000)
    parser.add_argument("--scrapes", type=int, default=200)
    args = parser.parse_args(argv)
    return 0 if run(args.database_url, args.offers, args.messages, args.scrapes) else 1


if __name__ == "__main__":
    sys.exit(main())
