"""The team: who is available, how loaded each rep is, how fast leads reach a claim and
a first touch, and each rep's share of first looks against their weight's."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta
from fractions import Fraction
from typing import Any

from sqlalchemy import Integer, cast, func, or_, select
from sqlalchemy.orm import Session, aliased

from handlers.core.context import Services
from handlers.core.display import duration, number
from handlers.core.i18n import Translator
from handlers.core.messages import Text
from handlers.core.settings import TeamConfig
from handlers.roulette import first_touch, routing
from storage.first_touch import FirstTouchStep, StepStatus
from storage.models import Lead, LeadEvent, LeadStatus, Member, Offer, OfferStatus, Team

FIRST_LOOKS_OVER = timedelta(days=30)


@dataclass(frozen=True)
class RepLoad:
    """One rep's load: leads held against capacity, how offers were answered, the median
    time to claim (from the card), from a lead's arrival to its claim (the routing) and
    from the claim to the first touch (the rep), and the first-touch SLA's misses."""

    rep: Member
    held: int
    claims: int
    passes: int
    expiries: int
    median_claim: timedelta | None
    median_routing: timedelta | None = None
    median_touch: timedelta | None = None
    sla_misses: int = 0

    def row_fields(self, t: Translator) -> dict[str, Any]:
        """The fields the team overview and the workload digest print for the rep."""

        def span(value: timedelta | None) -> str:
            return duration(t, value) if value is not None else "—"

        return {
            "name": self.rep.name,
            "held": self.held,
            "capacity": self.rep.capacity,
            "claims": self.claims,
            "passes": self.passes,
            "expiries": self.expiries,
            "median": span(self.median_claim),
            "routing": span(self.median_routing),
            "touch": span(self.median_touch),
            "misses": self.sla_misses,
        }


def _median_event_seconds(
    s: Session, kind: str, ids: list[int], period: tuple[datetime, datetime] | None
) -> dict[int, float]:
    """Each rep's median of the whole seconds their `kind` events note (claimed: the time
    to claim; contacted: from the claim to the first touch), computed by the database."""
    seconds = cast(LeadEvent.detail, Integer)
    where = [LeadEvent.kind == kind, LeadEvent.member_id.in_(ids)]
    if period is not None:
        where += [LeadEvent.at > period[0], LeadEvent.at <= period[1]]
    ranked = (
        select(
            LeadEvent.member_id.label("member"),
            seconds.label("secs"),
            func.row_number().over(partition_by=LeadEvent.member_id, order_by=seconds).label("rn"),
            func.count().over(partition_by=LeadEvent.member_id).label("n"),
        )
        .where(*where)
        .subquery()
    )
    middle = or_(ranked.c.rn == (ranked.c.n + 1) // 2, ranked.c.rn == (ranked.c.n + 2) // 2)
    rows = s.execute(
        select(ranked.c.member, func.avg(ranked.c.secs)).where(middle).group_by(ranked.c.member)
    ).all()
    return {member: float(secs) for member, secs in rows}


def _median_routing_seconds(
    s: Session, ids: list[int], period: tuple[datetime, datetime] | None
) -> dict[int, float]:
    """Each rep's median time from a lead's arrival to their claim (or grab) of it."""
    where = [LeadEvent.kind.in_(("claimed", "grabbed")), LeadEvent.member_id.in_(ids)]
    if period is not None:
        where += [LeadEvent.at > period[0], LeadEvent.at <= period[1]]
    spans: dict[int, list[float]] = {}
    for member_id, at, arrived in s.execute(
        select(LeadEvent.member_id, LeadEvent.at, Lead.created_at)
        .join(Lead, Lead.id == LeadEvent.lead_id)
        .where(*where)
    ):
        spans.setdefault(member_id, []).append((at - arrived).total_seconds())
    return {member_id: statistics.median(values) for member_id, values in spans.items()}


def _sla_misses(
    s: Session, ids: list[int], period: tuple[datetime, datetime] | None
) -> dict[int, int]:
    """How many claimed leads each rep was reminded of: no first touch within first_touch."""
    where = [
        FirstTouchStep.member_id.in_(ids),
        FirstTouchStep.step == first_touch.REMIND,
        FirstTouchStep.status == StepStatus.DONE,
    ]
    if period is not None:
        where += [FirstTouchStep.done_at > period[0], FirstTouchStep.done_at <= period[1]]
    return dict(
        s.execute(
            select(FirstTouchStep.member_id, func.count())
            .where(*where)
            .group_by(FirstTouchStep.member_id)
        ).all()
    )


def first_looks(s: Session, ids: list[int], since: datetime) -> dict[int, int]:
    """How many leads each rep was the first to be offered (skips aside) since `since`."""
    earlier = aliased(Offer)
    before = (
        select(earlier.id)
        .where(
            earlier.lead_id == Offer.lead_id,
            earlier.status != OfferStatus.SKIPPED,
            earlier.seq < Offer.seq,
        )
        .exists()
    )
    return dict(
        s.execute(
            select(Offer.member_id, func.count())
            .where(
                Offer.member_id.in_(ids),
                Offer.status != OfferStatus.SKIPPED,
                Offer.opened_at > since,
                ~before,
            )
            .group_by(Offer.member_id)
        ).all()
    )


def target_shares(tcfg: TeamConfig, reps: list[Member]) -> dict[int, float]:
    """Each active rep's share of first looks by weight, out of 1."""
    active = [(r.id, routing.weight(tcfg, r)) for r in reps if r.active and r.listed]
    total = sum(w for _, w in active)
    return {member_id: w / total for member_id, w in active}


def _median_wait_seconds(s: Session, ids: list[int]) -> dict[int, float]:
    """Each rep's median time to claim over every claimed offer, to the microsecond."""
    waits: dict[int, list[float]] = {}
    for member_id, opened, closed in s.execute(
        select(Offer.member_id, Offer.opened_at, Offer.closed_at).where(
            Offer.member_id.in_(ids), Offer.status == OfferStatus.CLAIMED
        )
    ):
        waits.setdefault(member_id, []).append((closed - opened).total_seconds())
    return {member_id: statistics.median(spans) for member_id, spans in waits.items()}


def rep_loads(
    s: Session, team_id: int, period: tuple[datetime, datetime] | None = None
) -> list[RepLoad]:
    """The team's listed reps in roster order, each with its load.

    With `period` (since, until] only the offers answered and the claims made in it count,
    and every figure is computed by the database, as the digests require; the median then
    comes from the whole seconds the claim events note. Without, all of them count, and the
    median is taken from the claimed offers' exact waits, as the team overview shows it.
    """
    reps = s.scalars(
        select(Member)
        .where(Member.team_id == team_id, Member.is_rep.is_(True), Member.listed.is_(True))
        .order_by(Member.position, Member.id)
    ).all()
    ids = [r.id for r in reps]
    held = dict(
        s.execute(
            select(Lead.owner_id, func.count())
            .where(Lead.owner_id.in_(ids), Lead.status == LeadStatus.CLAIMED)
            .group_by(Lead.owner_id)
        ).all()
    )
    answered_where = [Offer.member_id.in_(ids)]
    if period is not None:
        answered_where += [Offer.closed_at > period[0], Offer.closed_at <= period[1]]
    answered: dict[tuple[int, str], int] = {
        (member_id, status): n
        for member_id, status, n in s.execute(
            select(Offer.member_id, Offer.status, func.count())
            .where(*answered_where)
            .group_by(Offer.member_id, Offer.status)
        ).all()
    }
    if period is None:
        medians = _median_wait_seconds(s, ids)
    else:
        medians = _median_event_seconds(s, "claimed", ids, period)
    routed = _median_routing_seconds(s, ids, period)
    touched = _median_event_seconds(s, "contacted", ids, period)
    misses = _sla_misses(s, ids, period)

    def span(seconds: dict[int, float], rep: Member) -> timedelta | None:
        return timedelta(seconds=seconds[rep.id]) if rep.id in seconds else None

    return [
        RepLoad(
            rep=rep,
            held=held.get(rep.id, 0),
            claims=answered.get((rep.id, OfferStatus.CLAIMED), 0),
            passes=answered.get((rep.id, OfferStatus.PASSED), 0),
            expiries=answered.get((rep.id, OfferStatus.EXPIRED), 0),
            median_claim=span(medians, rep),
            median_routing=span(routed, rep),
            median_touch=span(touched, rep),
            sla_misses=misses.get(rep.id, 0),
        )
        for rep in reps
    ]


def overview(svc: Services, team_id: int) -> Text:
    """Each rep's status (away until when, and why), open leads against capacity,
    claims/passes/expiries, how fast their leads are claimed and touched, and their first
    looks of the last 30 days against their share: who is saturated, who is slow."""
    t = svc.t
    now = svc.clock.now()
    with svc.db.reading() as s:
        team = s.get_one(Team, team_id)
        tcfg = svc.team_config(team)
        loads = rep_loads(s, team_id)
        reps = [load.rep for load in loads]
        looks = first_looks(s, [r.id for r in reps], now - FIRST_LOOKS_OVER)
    targets = target_shares(tcfg, reps)
    total = sum(looks.values())
    lines = [t("team.header", team=team.name)]
    for load in loads:
        rep = load.rep
        fields = load.row_fields(t)
        lines.append(t("team.row", status=rep_status(svc, tcfg, rep), **fields))
        share = share_text(t, looks.get(rep.id, 0), total, targets.get(rep.id))
        lines.append(t("team.row_routing", share=share, **fields))
    return Text(text="\n".join(lines))


def rep_status(svc: Services, tcfg: TeamConfig, rep: Member) -> str:
    """available, inactive, away, or away until a day (and why)."""
    t = svc.t
    if not rep.active:
        return t("team.status.inactive")
    if not rep.away:
        return t("team.status.available")
    text = t("team.status.away")
    if rep.back_at is not None:
        _, zone = routing.clock(tcfg, tcfg.rep(rep.name))
        text = t("team.status.away_until", date=rep.back_at.astimezone(zone).date().isoformat())
    if rep.away_reason:
        text += f" ({rep.away_reason})"
    return text


def share_text(t: Translator, looks: int, total: int, target: float | None) -> str:
    """12 = 40% (target 50%): first looks, their share, the weight's share."""
    share = number(Fraction(100 * looks, total)) if total else "0"
    aim = number(Fraction(target * 100).limit_denominator(1000)) if target is not None else "—"
    return t("team.share", n=looks, share=share, target=aim)


def unavailable(svc: Services) -> dict[str, str]:
    """Reps who are not offered leads now, by name: "inactive" or "away"."""
    with svc.db.reading() as s:
        rows = s.execute(
            select(Member.name, Member.away, Member.active).where(
                Member.listed.is_(True), Member.is_rep.is_(True), (Member.away | ~Member.active)
            )
        ).all()
    return {name: "inactive" if not active else "away" for name, away, active in rows}
