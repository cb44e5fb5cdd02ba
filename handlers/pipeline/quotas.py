"""Quotas and attainment: what the team and each rep are to win in a quarter, against
what is won so far and the weighted open pipeline ("control next quarter's KPI early").

A team's quota is the one a manager set for it, else the sum of its reps' quotas. Every
setting is kept; the latest is in force. Money stays in integer cents (weighted sums in
cents × percent), and a percent or a ratio is rounded half up once, when shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers.core.display import when
from handlers.core.i18n import Translator
from handlers.core.messages import Text
from handlers.core.money import show_cents, show_weighted, to_cents
from handlers.core.settings import PipelineConfig, TeamConfig
from handlers.pipeline import forecast
from handlers.pipeline.forecast import Forecast, Quarter, names
from storage.accounts import Outcome
from storage.models import Member
from storage.quotas import Quota

LISTED = 30


@dataclass(frozen=True)
class Attainment:
    """One quarter's figures for the team or a rep: cents, and cents × percent."""

    quota: int | None  # cents; None when none is set
    won: int  # cents won so far
    weighted: int  # the open pipeline, cents × percent
    open: int  # the open pipeline, unweighted cents

    @property
    def expected(self) -> int:
        """Won + weighted open, in cents × percent."""
        return self.won * 100 + self.weighted

    @property
    def percent(self) -> int | None:
        """(won + weighted) ÷ quota, as a whole percent rounded half up."""
        if not self.quota:
            return None
        return (2 * self.expected + self.quota) // (2 * self.quota)

    @property
    def gap(self) -> int | None:
        """What won + weighted falls short of the quota by (cents × percent); 0 if none."""
        return None if self.quota is None else max(0, self.quota * 100 - self.expected)

    @property
    def left(self) -> int | None:
        """What is left to win: quota − won, in cents (0 once it is met)."""
        return None if self.quota is None else max(0, self.quota - self.won)

    @property
    def coverage(self) -> Decimal | None:
        """The unweighted open pipeline ÷ what is left to win, to one decimal; None when
        nothing is left to win (or there is no quota)."""
        if not self.left:
            return None
        ratio = Decimal(self.open) / Decimal(self.left)
        return ratio.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def attainment(forecast: Forecast, quota: int | None, owner_id: int | None = None) -> Attainment:
    """A quarter's attainment from its forecast rows (those of one rep, with `owner_id`)."""
    won = weighted = open_cents = 0
    for _stage, owner, outcome, _n, cents, percent in forecast.rows:
        if owner_id is not None and owner != owner_id:
            continue
        if outcome == Outcome.WON:
            won += cents
        elif outcome == Outcome.OPEN:
            weighted += cents * percent
            open_cents += cents
    return Attainment(quota=quota, won=won, weighted=weighted, open=open_cents)


@dataclass(frozen=True)
class Quotas:
    """The quotas in force for one team and quarter: the team's own (if set) and each rep's."""

    team_set: int | None
    reps: dict[int, int]

    @property
    def team(self) -> int | None:
        if self.team_set is not None:
            return self.team_set
        return sum(self.reps.values()) if self.reps else None


def in_force(s: Session, team_id: int, quarter: Quarter) -> Quotas:
    rows = s.scalars(
        select(Quota)
        .where(
            Quota.team_id == team_id, Quota.year == quarter.year, Quota.quarter == quarter.number
        )
        .order_by(Quota.id)
    ).all()
    latest = {row.member_id: row.amount_cents for row in rows}  # later rows replace earlier
    team = latest.pop(None, None)
    return Quotas(team_set=team, reps={k: v for k, v in latest.items() if k is not None})


def set_quota(
    s: Session,
    team_id: int,
    rep: Member | None,
    quarter: Quarter,
    amount: Decimal,
    by: Member,
    now: datetime,
) -> int | None:
    """Set a quota (the earlier one is kept in the history); returns the one it replaces."""
    before = in_force(s, team_id, quarter)
    was = before.team_set if rep is None else before.reps.get(rep.id)
    s.add(
        Quota(
            team_id=team_id,
            member_id=rep.id if rep is not None else None,
            year=quarter.year,
            quarter=quarter.number,
            amount_cents=to_cents(amount),
            set_by=by.id,
            set_at=now,
        )
    )
    return was


def attainment_line(t: Translator, figures: Attainment) -> str:
    """Won + weighted against the quota, the gap, and the coverage of what is left."""
    base = t(
        "quota.figures",
        won=show_cents(figures.won),
        weighted=show_weighted(figures.weighted),
        expected=show_weighted(figures.expected),
    )
    if figures.quota is None:
        return base + t("quota.no_quota")
    line = base + t(
        "quota.against",
        quota=show_cents(figures.quota),
        pct=figures.percent,
        gap=show_weighted(figures.gap or 0),
    )
    if figures.coverage is None:
        return line + t("quota.met")
    return line + t(
        "quota.coverage",
        ratio=f"{figures.coverage}",
        open=show_cents(figures.open),
        left=show_cents(figures.left or 0),
    )


def report_lines(
    t: Translator,
    s: Session,
    team_id: int,
    quarter: Quarter,
    forecast: Forecast,
    rep: Member | None,
) -> list[str]:
    """The attainment part of /forecast: the team and each rep, or the one rep."""
    quotas = in_force(s, team_id, quarter)
    if not forecast.rows and quotas.team is None:
        return []  # nothing to win and nothing won: "no account" says it all
    if rep is not None:
        figures = attainment(forecast, quotas.reps.get(rep.id), rep.id)
        return [t("quota.head_rep", quarter=quarter.label, figures=attainment_line(t, figures))]
    if quotas.team is None:  # a team that sets no quotas gets one line, not one per rep
        figures = attainment_line(t, attainment(forecast, None))
        return [t("quota.head_rep", quarter=quarter.label, figures=figures)]
    source = "quota.team_set" if quotas.team_set is not None else "quota.team_sum"
    lines = [t("quota.head", quarter=quarter.label, source=t(source))]
    lines.append(attainment_line(t, attainment(forecast, quotas.team)))
    reps = set(forecast.by_rep) | set(quotas.reps)
    if reps:
        who = names(s, reps)
        lines.append(t("quota.by_rep"))
        for rep_id in sorted(reps, key=lambda r: (who.get(r, ""), r)):
            figures = attainment(forecast, quotas.reps.get(rep_id), rep_id)
            lines.append(f"• {who.get(rep_id, f'#{rep_id}')}: " + attainment_line(t, figures))
    return lines


def forecast_report(
    t: Translator,
    pipeline: PipelineConfig,
    tcfg: TeamConfig,
    s: Session,
    team_id: int,
    quarter: Quarter,
    rep: Member | None,
) -> Text:
    """/forecast's answer: the quarter's figures, then attainment against the quota."""

    def attainment(figures: Forecast) -> list[str]:
        return report_lines(t, s, team_id, quarter, figures, rep)

    return forecast.report(t, pipeline, tcfg, s, team_id, quarter, rep, attainment)


def history(t: Translator, s: Session, team_id: int, zone: ZoneInfo) -> list[str]:
    """Every quota set for the team, latest quarter first; which one is in force."""
    rows = s.scalars(
        select(Quota)
        .where(Quota.team_id == team_id)
        .order_by(
            Quota.year.desc(),
            Quota.quarter.desc(),
            Quota.member_id.is_not(None),  # the team's first, on either database
            Quota.member_id,
            Quota.id.desc(),
        )
        .limit(LISTED + 1)
    ).all()
    if not rows:
        return [t("quota.none")]
    who = names(s, {r.member_id for r in rows if r.member_id} | {r.set_by for r in rows})
    lines = [t("quota.history_head")]
    seen: set[tuple[int, int, int | None]] = set()
    for row in rows[:LISTED]:
        key = (row.year, row.quarter, row.member_id)
        state = t("quota.replaced") if key in seen else t("quota.current")
        seen.add(key)
        lines.append(
            "• "
            + t(
                "quota.history_row",
                quarter=f"{row.year}-Q{row.quarter}",
                who=who.get(row.member_id, "") if row.member_id else t("quota.the_team"),
                amount=show_cents(row.amount_cents),
                by=who.get(row.set_by, "—"),
                at=when(row.set_at, zone),
                state=state,
            )
        )
    if len(rows) > LISTED:
        lines.append(t("quota.more", n=LISTED))
    return lines
