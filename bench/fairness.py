"""Weighted shares over many leads: who gets the first look, and how evenly.

Run: python -m bench.fairness [--database-url URL] [--leads 1000] [--weights 1,1,2]
                              [--away 0]

It builds the runtime in-process (a recording sender instead of a chat platform) and
sends `--leads` leads one after another through the same handlers the bot runs, to a
team of reps with `--weights`; the rep at index `--away` is marked away (`/team away`)
for the middle third and back (`/team back`) after it. Nobody claims: every lead's
first look is the figure. It prints each rep's first looks against its target (its
weight's share of the reps present at each lead), the worst deviation of any rep's
share over any 100 consecutive leads, and how many of the first 100 leads after coming
back went to the returning rep, against its fair share (target: within 3). It exits with
1 if a lead went to a rep who was away.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bench._harness import add_database_argument, describe_url, scratch_database, workdir
from bot.config import parse_config
from bot.runtime import build_runtime
from handlers.core.commands import run_command
from handlers.core.context import identify
from handlers.roulette.intake import LeadInput, add_lead
from storage.models import Member, Offer
from tests.fakes.recording import RecordingSender

STRETCH = 100
RETURN_TOLERANCE = 3


class Clock:
    """Leads a minute apart, so every figure is the same on every run."""

    def __init__(self) -> None:
        self.current = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self.current


def run(url: str | None, leads: int, weights: list[float], away: int) -> bool:
    names = [f"Rep{i}" for i in range(len(weights))]
    with workdir() as tmp, scratch_database(url, tmp, "bot") as database_url:
        reps = [
            {"name": n, "slack": f"U0REP{i}", "capacity": leads, "weight": w}
            for i, (n, w) in enumerate(zip(names, weights, strict=True))
        ]
        team = {"name": "sales", "managers": ["U0MGR"], "reps": reps}
        config = parse_config({"database": {"url": database_url}, "teams": [team]})
        clock = Clock()
        runtime = build_runtime(config, {"slack": RecordingSender()}, clock)
        svc = runtime.svc
        try:
            with svc.db.transaction() as s:
                manager = identify(s, "slack", "U0MGR")
            leave, back = leads // 3, 2 * leads // 3
            firsts: list[str] = []
            present: list[list[str]] = []
            for i in range(leads):
                if i == leave:
                    run_command(svc, manager, "team", f"away @{names[away]}")
                if i == back:
                    run_command(svc, manager, "team", f"back @{names[away]}")
                lead, _ = add_lead(svc, "sales", LeadInput(company=f"Lead {i}"))
                with svc.db.reading() as s:
                    first = s.scalar(
                        select(Member.name)
                        .join(Offer, Offer.member_id == Member.id)
                        .where(Offer.lead_id == lead.id, Offer.status == "open")
                    )
                firsts.append(first)
                present.append(
                    [n for j, n in enumerate(names) if j != away or not leave <= i < back]
                )
                clock.current += timedelta(minutes=1)
        finally:
            runtime.delivery.pool.shutdown()
            svc.db.dispose()

    def target(i: int, name: str) -> float:
        here = present[i]
        if name not in here:
            return 0.0
        return weights[names.index(name)] / sum(weights[names.index(n)] for n in here)

    print(f"\nfirst looks on {describe_url(url)}: {leads} leads, weights {weights},")
    print(f"{names[away]} away for leads {leave}-{back - 1}\n")
    got = Counter(firsts)
    for name, weight in zip(names, weights, strict=True):
        aim = sum(target(i, name) for i in range(leads))
        share = 100 * got[name] / leads
        print(
            f"  {name} (weight {weight:g}): {got[name]} first looks = {share:.1f}%"
            f"; target {aim:.1f} = {100 * aim / leads:.1f}%"
        )
    worst, where = 0.0, (0, "")
    for start in range(leads - STRETCH + 1):
        window = Counter(firsts[start : start + STRETCH])
        for name in names:
            aim = sum(target(i, name) for i in range(start, start + STRETCH)) / STRETCH
            off = abs(window[name] / STRETCH - aim)
            if off > worst:
                worst, where = off, (start, name)
    print(
        f"\n  worst deviation over any {STRETCH} consecutive leads: {100 * worst:.1f} points "
        f"({where[1]}, leads {where[0]}-{where[0] + STRETCH - 1})"
    )
    after = firsts[back : back + STRETCH]
    fair = sum(target(i, names[away]) for i in range(back, back + len(after)))
    returned = after.count(names[away])
    print(
        f"  {names[away]} in its first {len(after)} leads back: {returned} (fair share "
        f"{fair:.1f}; target within {RETURN_TOLERANCE}: "
        f"{'met' if abs(returned - fair) <= RETURN_TOLERANCE else 'NOT met'})"
    )
    for label, span in (
        ("all present", [*range(1, leave), *range(back + 1, leads)]),
        (f"{names[away]} away", range(leave + 1, back)),
    ):
        repeats = sum(1 for i in span if firsts[i] == firsts[i - 1])
        print(f"  the same rep twice in a row, {label}: {repeats} time(s)")
    wrong = firsts[leave:back].count(names[away])
    print(f"  first looks to {names[away]} while away: {wrong}")
    return wrong == 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.fairness", description=__doc__)
    add_database_argument(parser)
    parser.add_argument("--leads", type=int, default=1000)
    parser.add_argument("--weights", default="1,1,2", help="the reps' weights, comma-separated")
    parser.add_argument("--away", type=int, default=0, help="index of the rep away (default 0)")
    args = parser.parse_args(argv)
    weights = [float(w) for w in args.weights.split(",")]
    return 0 if run(args.database_url, args.leads, weights, args.away) else 1


if __name__ == "__main__":
    sys.exit(main())
