"""The forecast digest for the manager channel: attainment against the quota this quarter
and next, totals by stage and by rep with the change since the last digest, next quarter,
the accounts that moved, stale accounts, lost reasons, stage-to-stage conversion rates,
and a chart with each rep's quota beside their bar.

Every figure is summed by the database; only a bounded number of rows (stages × reps,
a few listed accounts) ever reaches Python.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from handlers.core.context import Services
from handlers.core.display import when
from handlers.core.i18n import Translator
from handlers.core.messages import Card, Image
from handlers.core.money import from_cent_percents, from_cents, show_cents, show_weighted
from handlers.core.settings import PipelineConfig, TeamConfig
from handlers.pipeline import chart, quotas
from handlers.pipeline.forecast import (
    Figure,
    Forecast,
    Quarter,
    compute,
    names,
    quarter_of,
    stage_order,
    table,
    today,
)
from storage.accounts import Account, AccountEvent, Outcome
from storage.models import Member, Team

LISTED = 6  # accounts listed by name under "moved" and "stale"; the rest are counted


def _moved(t: Translator, s: Session, team_id: int, since: datetime, now: datetime) -> list[str]:
    """Accounts whose stage or amount changed in the period: first value → last value."""
    where = and_(
        AccountEvent.team_id == team_id,
        AccountEvent.kind.in_(("stage", "amount")),
        AccountEvent.at > since,
        AccountEvent.at <= now,
    )
    total = s.scalar(select(func.count(func.distinct(AccountEvent.account_id))).where(where))
    if not total:
        return [t("digest.moved_none")]
    firsts = (
        select(AccountEvent.account_id)
        .where(where)
        .group_by(AccountEvent.account_id)
        .order_by(func.min(AccountEvent.id))
        .limit(LISTED)
    )
    rows = s.execute(
        select(AccountEvent, Account.name, Member.name)
        .join(Account, Account.id == AccountEvent.account_id)
        .join(Member, Member.id == Account.owner_id)
        .where(where, AccountEvent.account_id.in_(firsts))
        .order_by(AccountEvent.id)
    ).all()
    changes: dict[int, dict] = {}
    for event, account, owner in rows:
        seen = changes.setdefault(event.account_id, {"name": account, "owner": owner})
        if event.kind == "stage":
            seen.setdefault("from", event.from_stage)
            seen["to"] = event.stage
        else:
            seen.setdefault("old", event.old_amount_cents)
            seen["new"] = event.amount_cents
    lines = [t("digest.moved", n=total)]
    for account_id, seen in changes.items():
        parts = []
        if "to" in seen:
            parts.append(f"{seen['from']} → {seen['to']}")
        if "new" in seen:
            parts.append(
                t("digest.moved_amount", old=show_cents(seen["old"]), new=show_cents(seen["new"]))
            )
        head = t("digest.account", id=account_id, name=seen["name"], owner=seen["owner"])
        lines.append(f"• {head}: " + "; ".join(parts))
    if total > len(changes):
        lines.append(t("digest.more", n=total - len(changes)))
    return lines


def _stale(
    t: Translator, s: Session, pipeline: PipelineConfig, team_id: int, now: datetime
) -> list[str]:
    """Open accounts with no activity for longer than their stage allows."""
    days = {stage.name: stage.stale_days for stage in pipeline.open_stages if stage.stale_days}
    if not days:
        return []
    limits = [
        and_(Account.stage == name, Account.last_activity_at < now - timedelta(days=n))
        for name, n in days.items()
    ]
    where = and_(
        Account.team_id == team_id,
        Account.outcome == Outcome.OPEN,
        # the loosest limit, so the index on last activity narrows the rows to look at
        Account.last_activity_at < now - timedelta(days=min(days.values())),
        or_(*limits),
    )
    total = s.scalar(select(func.count()).select_from(Account).where(where))
    if not total:
        return [t("digest.stale_none")]
    rows = s.execute(
        select(Account, Member.name)
        .join(Member, Member.id == Account.owner_id)
        .where(where)
        .order_by(Account.last_activity_at, Account.id)
        .limit(LISTED)
    ).all()
    lines = [t("digest.stale", n=total)]
    for account, owner in rows:
        stage = pipeline.stage(account.stage)
        lines.append(
            "• "
            + t(
                "digest.stale_row",
                account=t("digest.account", id=account.id, name=account.name, owner=owner),
                stage=account.stage,
                days=(now - account.last_activity_at).days,
                limit=stage.stale_days if stage else "—",
            )
        )
    if total > len(rows):
        lines.append(t("digest.more", n=total - len(rows)))
    return lines


def _lost(t: Translator, s: Session, team_id: int, since: datetime, now: datetime) -> list[str]:
    """Why deals were lost in the period, most frequent reason first."""
    rows = s.execute(
        select(Account.lost_reason, func.count(), func.sum(Account.amount_cents))
        .where(
            Account.team_id == team_id,
            Account.outcome == Outcome.LOST,
            Account.closed_at > since,
            Account.closed_at <= now,
        )
        .group_by(Account.lost_reason)
        .order_by(func.count().desc(), Account.lost_reason)
    ).all()
    if not rows:
        return [t("digest.lost_none")]
    lines = [t("digest.lost", n=sum(n for _, n, _ in rows))]
    for reason, n, cents in rows:
        lines.append(
            "• " + t("digest.lost_row", reason=reason or "—", n=n, amount=show_cents(int(cents)))
        )
    return lines


def conversions(
    s: Session, pipeline: PipelineConfig, team_id: int
) -> list[tuple[str, str, int, int]]:
    """(stage, next stage, accounts that reached the next, accounts that reached the stage).

    Measured from the timeline: an account "reached" every funnel stage up to the highest
    it ever entered, so a deal lost in trial counts for needs and trial, not beyond.
    """
    funnel = [stage.name for stage in pipeline.funnel]
    rank = case({name: i for i, name in enumerate(funnel)}, value=AccountEvent.stage)
    highest = (
        select(func.max(rank).label("top"))
        .where(AccountEvent.team_id == team_id, AccountEvent.kind.in_(("opened", "stage")))
        .group_by(AccountEvent.account_id)
        .subquery()
    )
    counts = dict(
        s.execute(
            select(highest.c.top, func.count())
            .where(highest.c.top.is_not(None))
            .group_by(highest.c.top)
        ).all()
    )
    reached = [sum(n for top, n in counts.items() if top >= i) for i in range(len(funnel))]
    return [(funnel[i], funnel[i + 1], reached[i + 1], reached[i]) for i in range(len(funnel) - 1)]


def _percent(part: int, whole: int) -> int:
    """100 × part / whole, rounded half up, in integers."""
    return (200 * part + whole) // (2 * whole)


def _conversion_lines(t: Translator, rates: list[tuple[str, str, int, int]]) -> list[str]:
    parts = [
        t("digest.rate", old=old, new=new, pct=_percent(got, base), got=got, of=base)
        for old, new, got, base in rates
        if base
    ]
    return [t("digest.conversions") + " " + " · ".join(parts)] if parts else []


def chart_data(
    pipeline: PipelineConfig, forecast: Forecast, targets: quotas.Quotas, who: dict[int, str]
) -> chart.Bars:
    """What the chart draws: per rep (by weighted amount, largest first) a bar stacked by
    stage (won counts in full, open stages weighted), and the rep's quota beside it."""
    reps = sorted(
        set(forecast.by_rep) | set(targets.reps),
        key=lambda r: (-forecast.by_rep.get(r, Figure()).weighted, who.get(r, ""), r),
    )
    name = {rep: who.get(rep, f"#{rep}") for rep in reps}
    return chart.Bars(
        reps=[name[rep] for rep in reps],
        stages=stage_order(pipeline, {stage for _, stage in forecast.cells}),
        values={
            (name[rep], stage): from_cent_percents(figure.weighted)
            for (rep, stage), figure in forecast.cells.items()
        },
        marks={name[rep]: from_cents(cents) for rep, cents in targets.reps.items()},
    )


def _chart(
    t: Translator,
    pipeline: PipelineConfig,
    team: str,
    forecast: Forecast,
    targets: quotas.Quotas,
    who: dict[int, str],
) -> Image | None:
    if not forecast.cells and not targets.reps:
        return None
    bars = chart_data(pipeline, forecast, targets, who)
    title = t("digest.chart_title", team=team, quarter=forecast.label)
    png = chart.stacked_bars(title, t("digest.chart_axis"), t("digest.chart_quota"), bars)
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", team).strip("-") or "team"
    return Image.png(title, f"forecast-{slug}-{forecast.label}.png", png)


def _attainment(
    t: Translator,
    s: Session,
    team_id: int,
    quarter: Quarter,
    forecast: Forecast,
    targets: quotas.Quotas,
) -> list[str]:
    """The digest's first lines: the team against its quota in a quarter."""
    figures = quotas.attainment(forecast, targets.team)
    line = quotas.attainment_line(t, figures)
    return [t("digest.attainment", quarter=quarter.label, figures=line)]


def forecast_digest(
    svc: Services,
    s: Session,
    team: Team,
    tcfg: TeamConfig,
    since: datetime,
    previous: dict | None,
) -> tuple[list[Card | Image], dict]:
    """The digest's card and chart, and the figures to keep for the next one."""
    t = svc.t
    pipeline = svc.config.pipeline
    now = svc.clock.now()
    quarter = quarter_of(today(now, tcfg.zone))
    current = compute(s, team.id, quarter)
    before = None
    if previous is not None and previous.get("label") == quarter.label:
        before = Forecast.from_snapshot(previous)
    targets = quotas.in_force(s, team.id, quarter)
    following = compute(s, team.id, quarter.following)
    who = names(s, set(current.by_rep) | set(before.by_rep if before else ()) | set(targets.reps))
    lines = _attainment(t, s, team.id, quarter, current, targets)
    lines += _attainment(
        t, s, team.id, quarter.following, following, quotas.in_force(s, team.id, quarter.following)
    )
    span = t("forecast.span", start=quarter.start.isoformat(), end=quarter.end.isoformat())
    lines.append(t("digest.quarter", quarter=quarter.label, span=span))
    if previous is None:
        lines.append(t("digest.first"))
    elif before is None:
        lines.append(t("digest.new_quarter", quarter=previous.get("label", "—")))
    if current.rows or (before and before.rows):
        lines.append(t("digest.legend_change" if before else "forecast.legend"))
        lines += table(t, pipeline, current, who, before)
    else:
        lines.append(t("forecast.none", quarter=quarter.label))
    lines.append(
        t(
            "digest.next_quarter",
            quarter=quarter.following.label,
            weighted=show_weighted(following.total.weighted),
            amount=show_cents(following.total.cents),
            n=following.total.count,
        )
    )
    lines += _moved(t, s, team.id, since, now)
    lines += _stale(t, s, pipeline, team.id, now)
    lines += _lost(t, s, team.id, since, now)
    lines += _conversion_lines(t, conversions(s, pipeline, team.id))
    card = Card(
        title=t("digest.forecast_title", team=team.name, date=today(now, tcfg.zone).isoformat()),
        text="\n".join(lines),
        footer=t("digest.since", since=when(since, tcfg.zone)),
    )
    picture = _chart(t, pipeline, team.name, current, targets, who)
    return ([card, picture] if picture else [card]), current.snapshot()
