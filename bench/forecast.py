"""The forecast and the digests over a big pipeline: 100,000 accounts by default.

Run: python -m bench.forecast [--database-url URL] [--accounts 100000] [--reps 20]

It builds the accounts (with their leads and timelines) straight into a fresh database,
then times what a manager waits for, through the same handlers the bot runs:
`/forecast` for the team and for one rep, the forecast digest (figures, moves, stale
accounts, lost reasons, conversions, and the chart), and the workload digest. The figures
are then checked against totals computed independently, account by account, in Python.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from bench._harness import (
    NoChat,
    add_database_argument,
    analyze,
    describe_url,
    is_postgres,
    percentile,
    scratch_database,
    workdir,
)
from bot.config import parse_config
from bot.runtime import build_runtime
from handlers.core.commands import run_command
from handlers.core.context import identify
from handlers.digests import forecast as digest
from handlers.digests import scheduled, workload
from handlers.pipeline import forecast
from storage.accounts import Account, AccountEvent
from storage.models import Lead, Member, Team

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday: the forecast digest's default time
BATCH = 5000
REASONS = ["price", "competitor", "no budget", "timing", "no decision", "went quiet"]


class FixedClock:
    def now(self) -> datetime:
        return NOW


def config(url: str, reps: int) -> Any:
    return parse_config(
        {
            "database": {"url": url},
            "teams": [
                {
                    "name": "sales",
                    "manager_channel": "C0MGRS",
                    "managers": [{"name": "Maria", "slack": "U0MARIA"}],
                    "reps": [
                        {"name": f"Rep{i:02d}", "slack": f"U0REP{i:02d}", "capacity": 10_000}
                        for i in range(reps)
                    ],
                }
            ],
        }
    )


def build(svc: Any, n: int, seed: int = 7) -> float:
    """Insert `n` accounts, their leads and timelines in batches; returns the seconds taken."""
    rng = random.Random(seed)
    stages = svc.config.pipeline.stages
    funnel = [s for s in stages if s.final is None]
    with svc.db.transaction() as s:
        team_id = s.scalar(select(Team.id))
        reps = s.scalars(select(Member.id).where(Member.is_rep.is_(True))).all()
    quarters = [forecast.Quarter(2025, 3).start + timedelta(days=91 * q) for q in range(8)]
    started = time.monotonic()
    for first in range(1, n + 1, BATCH):
        leads, accounts, events = [], [], []
        for i in range(first, min(first + BATCH, n + 1)):
            owner = rng.choice(reps)
            opened_at = NOW - timedelta(days=rng.randint(1, 200), minutes=rng.randint(0, 1440))
            roll = rng.random()
            outcome = "won" if roll < 0.15 else "lost" if roll < 0.30 else "open"
            reached = rng.randint(0, len(funnel) - 1)
            stage = (
                next(s for s in stages if s.final == outcome) if outcome != "open" else None
            ) or funnel[reached]
            close = (
                None
                if rng.random() < 0.05
                else quarters[rng.randint(0, 7)] + timedelta(days=rng.randint(0, 90))
            )
            cents = rng.randint(100_000, 50_000_000)
            override = rng.choice((None,) * 9 + (rng.randint(5, 95),))
            active = NOW - timedelta(days=rng.randint(0, 40))
            leads.append(
                {
                    "id": i,
                    "team_id": team_id,
                    "company": f"Company {i:06d}",
                    "status": "claimed" if outcome == "open" else "closed",
                    "owner_id": owner,
                    "created_at": opened_at,
                    "claimed_at": opened_at,
                }
            )
            accounts.append(
                {
                    "id": i,
                    "team_id": team_id,
                    "lead_id": i,
                    "name": f"Company {i:06d}",
                    "owner_id": owner,
                    "stage": stage.name,
                    "outcome": outcome,
                    "stage_probability": stage.probability,
                    "probability_override": override if outcome == "open" else None,
                    "amount_cents": cents,
                    "close_date": close,
                    "lost_reason": rng.choice(REASONS) if outcome == "lost" else None,
                    "created_at": opened_at,
                    "last_activity_at": max(active, opened_at),
                    "closed_at": active if outcome != "open" else None,
                }
            )
            path = [funnel[0].name] + [f.name for f in funnel[1 : reached + 1]]
            if outcome != "open":
                path.append(stage.name)
            for step, name in enumerate(path):
                events.append(
                    {
                        "account_id": i,
                        "team_id": team_id,
                        "member_id": owner,
                        "kind": "opened" if step == 0 else "stage",
                        "stage": name,
                        "from_stage": path[step - 1] if step else None,
                        "at": opened_at + timedelta(days=step),
                    }
                )
        with svc.db.transaction() as s:
            s.execute(Lead.__table__.insert(), leads)
            s.execute(Account.__table__.insert(), accounts)
            s.execute(AccountEvent.__table__.insert(), events)
    analyze(svc.db, ("leads", "accounts", "account_events"))
    return time.monotonic() - started


def timed(runs: int, work: Callable[[], Any]) -> tuple[list[float], Any]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return times, result


def show(label: str, times: list[float]) -> None:
    print(
        f"  {label}: p50 {percentile(times, 50) * 1000:.0f} ms, "
        f"max {max(times) * 1000:.0f} ms ({len(times)} runs)"
    )


def check(svc: Any) -> bool:
    """The team's 2026-Q1 figures, summed again account by account in Python."""
    quarter = forecast.Quarter(2026, 1)
    with svc.db.transaction() as s:
        team_id = s.scalar(select(Team.id))
        rows = s.execute(
            select(
                Account.amount_cents,
                Account.outcome,
                forecast.probability(),
            ).where(Account.close_date.between(quarter.start, quarter.end))
        ).all()
        computed = forecast.compute(s, team_id, quarter)
    amount = sum(Decimal(c) / 100 for c, outcome, _ in rows if outcome != "lost")
    weighted = sum(Decimal(c) * p / 10000 for c, outcome, p in rows if outcome != "lost")
    count = sum(1 for _, outcome, _ in rows if outcome != "lost")
    total = computed.total
    ok = (
        total.count == count
        and Decimal(total.cents) / 100 == amount
        and Decimal(total.weighted) / 10000 == weighted
    )
    print(
        f"  2026-Q1 from SQL: {total.count:,} accounts, {Decimal(total.cents) / 100:,} unweighted, "
        f"{Decimal(total.weighted) / 10000:,} weighted"
    )
    print(
        f"  recomputed in Python: {count:,} accounts, {amount:,} unweighted, {weighted:,} weighted"
    )
    return ok


def run(server_url: str | None, n: int, reps: int, runs: int) -> bool:
    engine = "PostgreSQL" if is_postgres(server_url) else "SQLite"
    print(f"database: {describe_url(server_url)}")
    with workdir() as tmp, scratch_database(server_url, tmp, "forecast") as url:
        runtime = build_runtime(config(url, reps), {"slack": NoChat()}, FixedClock())
        svc = runtime.svc
        try:
            print(f"building {n:,} accounts for {reps} reps ...")
            print(f"  built in {build(svc, n):.1f} s")
            with svc.db.transaction() as s:
                maria = identify(s, "slack", "U0MARIA")
                rep = identify(s, "slack", "U0REP00")
                team = s.scalar(select(Team))
                tcfg = svc.team_config(team)
            print(f"\nforecast and digests on {engine} ({n:,} accounts)")
            show(
                "/forecast (team, this quarter)",
                timed(runs, lambda: run_command(svc, maria, "forecast", ""))[0],
            )
            show(
                "/forecast 2026-Q3 @Rep01",
                timed(runs, lambda: run_command(svc, maria, "forecast", "2026-Q3 @Rep01"))[0],
            )
            show(
                "/forecast (a rep, own pipeline)",
                timed(runs, lambda: run_command(svc, rep, "forecast", ""))[0],
            )
            since = NOW - timedelta(days=7)

            def forecast_digest() -> Any:
                with svc.db.transaction() as s:
                    messages, _ = digest.forecast_digest(svc, s, team, tcfg, since, None)
                return messages

            def workload_digest() -> Any:
                with svc.db.transaction() as s:
                    return workload.workload_digest(svc, s, team, tcfg, since)

            times, messages = timed(max(3, runs // 4), forecast_digest)
            show("forecast digest (figures, moves, stale, lost, conversions, chart)", times)
            show("workload digest", timed(max(3, runs // 4), workload_digest)[0])
            started = time.perf_counter()
            posted = scheduled.run_scheduled(svc, "forecast", "sales")
            print(
                f"  scheduled forecast digest, guard row and outbox included: "
                f"{(time.perf_counter() - started) * 1000:.0f} ms (posted: {posted})"
            )
            card, chart = messages
            print(f"  digest card: {len(card.text):,} characters; chart: {len(chart.content):,} B")
            print("\nexactness")
            ok = check(svc)
            print(
                f"correct (SQL totals equal the account-by-account sums): {'yes' if ok else 'NO'}"
            )
            return ok
        finally:
            runtime.delivery.pool.shutdown()
            svc.db.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.forecast", description=__doc__)
    add_database_argument(parser)
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--reps", type=int, default=20)
    parser.add_argument("--runs", type=int, default=20, help="timed runs of each /forecast")
    args = parser.parse_args(argv)
    return 0 if run(args.database_url, args.accounts, args.reps, args.runs) else 1


if __name__ == "__main__":
    sys.exit(main())
