"""The weighted forecast: expected revenue = amount × probability, cut by quarter.

The database does the summing: one GROUP BY (stage, owner, outcome, probability) returns
a handful of rows however many accounts there are, and the multiplication by the
probability happens on exact integers (cents × percent) afterwards.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from handlers.core.i18n import Translator
from handlers.core.messages import Text
from handlers.core.money import change_cents, change_weighted, show_cents, show_weighted
from handlers.core.settings import PipelineConfig, TeamConfig
from storage.accounts import Account, Outcome
from storage.models import Member

_QUARTER = re.compile(r"^(?:(\d{4})-?q([1-4])|q([1-4])(?:-?(\d{4}))?)$", re.IGNORECASE)


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int

    @property
    def label(self) -> str:
        return f"{self.year}-Q{self.number}"

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> date:
        """The last day of the quarter."""
        return self.following.start - timedelta(days=1)

    @property
    def following(self) -> Quarter:
        if self.number == 4:
            return Quarter(self.year + 1, 1)
        return Quarter(self.year, self.number + 1)


def quarter_of(day: date) -> Quarter:
    return Quarter(day.year, (day.month - 1) // 3 + 1)


def today(now: datetime, zone: ZoneInfo) -> date:
    """The date on the team's calendar: a quarter starts at midnight where the team is."""
    return now.astimezone(zone).date()


def parse_quarter(word: str, this: Quarter) -> Quarter | None:
    """2026-Q2, 2026Q2, Q2 (this year), Q2-2026, this or next; None if it is none of them."""
    word = word.strip().lower()
    if word in ("this", "current"):
        return this
    if word == "next":
        return this.following
    match = _QUARTER.match(word)
    if match is None:
        return None
    year = match.group(1) or match.group(4)
    number = match.group(2) or match.group(3)
    found = Quarter(int(year) if year else this.year, int(number))
    return found if 2000 <= found.year <= 2100 else None


@dataclass
class Figure:
    """How many accounts, their amount and their weighted amount (cents × percent)."""

    count: int = 0
    cents: int = 0
    weighted: int = 0

    def add(self, count: int, cents: int, percent: int) -> None:
        self.count += count
        self.cents += cents
        self.weighted += cents * percent

    def minus(self, other: Figure) -> Figure:
        return Figure(
            self.count - other.count, self.cents - other.cents, self.weighted - other.weighted
        )


# One aggregated row: stage, owner id, outcome, count, cents, probability in percent.
Row = tuple[str, int, str, int, int, int]


@dataclass
class Forecast:
    """The figures of one quarter (or of the whole open pipeline) by stage and by rep.

    Totals and the by-rep figures leave lost accounts out: they are worth nothing, and
    their amounts would only inflate the unweighted pipeline. They show as a stage.
    """

    label: str
    rows: list[Row] = field(default_factory=list)
    total: Figure = field(default_factory=Figure)
    by_stage: dict[str, Figure] = field(default_factory=dict)
    by_rep: dict[int, Figure] = field(default_factory=dict)
    # (owner id, stage) -> figure: what the chart draws
    cells: dict[tuple[int, str], Figure] = field(default_factory=dict)

    @classmethod
    def of(cls, label: str, rows: list[Row]) -> Forecast:
        forecast = cls(label=label, rows=rows)
        for stage, owner, outcome, count, cents, percent in rows:
            forecast.by_stage.setdefault(stage, Figure()).add(count, cents, percent)
            if outcome == Outcome.LOST:
                continue
            forecast.total.add(count, cents, percent)
            forecast.by_rep.setdefault(owner, Figure()).add(count, cents, percent)
            forecast.cells.setdefault((owner, stage), Figure()).add(count, cents, percent)
        return forecast

    def snapshot(self) -> dict:
        """Plain data for the digest row, so the next digest can say what changed."""
        return {"label": self.label, "rows": [list(r) for r in self.rows]}

    @classmethod
    def from_snapshot(cls, data: dict) -> Forecast:
        return cls.of(data["label"], [tuple(r) for r in data["rows"]])  # type: ignore[misc]


def probability():
    """The probability in force: the account's override, else its stage's."""
    return func.coalesce(Account.probability_override, Account.stage_probability)


def compute(
    s: Session,
    team_id: int,
    quarter: Quarter | None,
    owner_id: int | None = None,
) -> Forecast:
    """A quarter's accounts by expected close date, or with no quarter every open account."""
    p = probability().label("p")
    query = select(
        Account.stage,
        Account.owner_id,
        Account.outcome,
        func.count(),
        func.sum(Account.amount_cents),
        p,
    ).where(Account.team_id == team_id)
    if quarter is None:
        query = query.where(Account.outcome == Outcome.OPEN)
    else:
        query = query.where(Account.close_date.between(quarter.start, quarter.end))
    if owner_id is not None:
        query = query.where(Account.owner_id == owner_id)
    query = query.group_by(Account.stage, Account.owner_id, Account.outcome, p)
    rows = [
        (stage, owner, outcome, int(n), int(cents), int(percent))
        for stage, owner, outcome, n, cents, percent in s.execute(query)
    ]
    rows.sort()
    return Forecast.of(quarter.label if quarter else "open", rows)


def undated(s: Session, team_id: int, owner_id: int | None = None) -> int:
    """Open accounts with no expected close date: they are in no quarter's forecast."""
    query = (
        select(func.count())
        .select_from(Account)
        .where(
            Account.team_id == team_id,
            Account.outcome == Outcome.OPEN,
            Account.close_date.is_(None),
        )
    )
    if owner_id is not None:
        query = query.where(Account.owner_id == owner_id)
    return s.scalar(query) or 0


def stage_order(pipeline: PipelineConfig, stages: set[str]) -> list[str]:
    """Config order; a stage since renamed in config comes last."""
    known = [s.name for s in pipeline.stages if s.name in stages]
    return known + sorted(stages - set(known))


def names(s: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(s.execute(select(Member.id, Member.name).where(Member.id.in_(ids))).all())


def figure_line(t: Translator, label: str, now: Figure, before: Figure | None = None) -> str:
    line = t(
        "forecast.row",
        label=label,
        weighted=show_weighted(now.weighted),
        amount=show_cents(now.cents),
        n=now.count,
    )
    if before is not None:
        delta = now.minus(before)
        line += t(
            "forecast.change",
            weighted=change_weighted(delta.weighted),
            amount=change_cents(delta.cents),
        )
    return line


def table(
    t: Translator,
    pipeline: PipelineConfig,
    forecast: Forecast,
    who: dict[int, str],
    previous: Forecast | None = None,
    by_rep: bool = True,
) -> list[str]:
    """The figures as lines: the total, each stage, each rep; with changes if `previous`."""
    before = previous or Forecast(label="")

    def line(label: str, now: Figure | None, then: Figure | None) -> str:
        was = None if previous is None else then or Figure()
        return figure_line(t, label, now or Figure(), was)

    lines = [line(t("forecast.total"), forecast.total, before.total)]
    lines.append(t("forecast.by_stage"))
    for stage in stage_order(pipeline, set(forecast.by_stage) | set(before.by_stage)):
        lines.append("• " + line(stage, forecast.by_stage.get(stage), before.by_stage.get(stage)))
    reps = set(forecast.by_rep) | set(before.by_rep)
    if by_rep and reps:
        lines.append(t("forecast.by_rep"))
        for rep in sorted(reps, key=lambda r: (-forecast.by_rep.get(r, Figure()).weighted, r)):
            name = who.get(rep, f"#{rep}")
            lines.append("• " + line(name, forecast.by_rep.get(rep), before.by_rep.get(rep)))
    return lines


def report(
    t: Translator,
    pipeline: PipelineConfig,
    team: TeamConfig,
    s: Session,
    team_id: int,
    quarter: Quarter,
    rep: Member | None,
    attainment: Callable[[Forecast], list[str]] | None = None,
) -> Text:
    """The answer to /forecast: a quarter's figures for the team, or for one rep, then
    what `attainment` says of them (won and weighted against the quota)."""
    owner_id = rep.id if rep is not None else None
    forecast = compute(s, team_id, quarter, owner_id)
    span = t("forecast.span", start=quarter.start.isoformat(), end=quarter.end.isoformat())
    if rep is None:
        head = t("forecast.title", team=team.name, quarter=quarter.label, span=span)
    else:
        head = t("forecast.title_rep", name=rep.name, quarter=quarter.label, span=span)
    lines = [head]
    if forecast.rows:
        lines.append(t("forecast.legend"))
        who = names(s, set(forecast.by_rep))
        lines += table(t, pipeline, forecast, who, by_rep=rep is None)
    else:
        lines.append(t("forecast.none", quarter=quarter.label))
    if attainment is not None:
        lines += attainment(forecast)
    missing = undated(s, team_id, owner_id)
    if missing:
        lines.append(t("forecast.undated", n=missing))
    return Text(text="\n".join(lines))
