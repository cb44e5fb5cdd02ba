"""The team: who is available, how loaded each rep is, and marking reps away or back."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Integer, cast, func, or_, select, update
from sqlalchemy.orm import Session

from handlers.core.context import Actor, Services
from handlers.core.display import duration
from handlers.core.i18n import Translator
from handlers.core.messages import Text
from storage.models import Lead, LeadEvent, LeadStatus, Member, Offer, OfferStatus, Team


@dataclass(frozen=True)
class RepLoad:
    """One rep's load: leads held against capacity, how offers were answered, and the
    median time to claim."""

    rep: Member
    held: int
    claims: int
    passes: int
    expiries: int
    median_claim: timedelta | None

    def row_fields(self, t: Translator) -> dict[str, Any]:
        """The fields the team overview and the workload digest print for the rep."""
        median = self.median_claim
        return {
            "name": self.rep.name,
            "held": self.held,
            "capacity": self.rep.capacity,
            "claims": self.claims,
            "passes": self.passes,
            "expiries": self.expiries,
            "median": duration(t, median) if median is not None else "—",
        }


def _median_claim_seconds(
    s: Session, ids: list[int], since: datetime, until: datetime
) -> dict[int, float]:
    """Each rep's median time to claim in the period, computed by the database from the
    whole seconds each claim event notes."""
    seconds = cast(LeadEvent.detail, Integer)
    ranked = (
        select(
            LeadEvent.member_id.label("member"),
            seconds.label("secs"),
            func.row_number().over(partition_by=LeadEvent.member_id, order_by=seconds).label("rn"),
            func.count().over(partition_by=LeadEvent.member_id).label("n"),
        )
        .where(
            LeadEvent.kind == "claimed",
            LeadEvent.member_id.in_(ids),
            LeadEvent.at > since,
            LeadEvent.at <= until,
        )
        .subquery()
    )
    middle = or_(ranked.c.rn == (ranked.c.n + 1) // 2, ranked.c.rn == (ranked.c.n + 2) // 2)
    rows = s.execute(
        select(ranked.c.member, func.avg(ranked.c.secs)).where(middle).group_by(ranked.c.member)
    ).all()
    return {member: float(secs) for member, secs in rows}


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
        medians = _median_claim_seconds(s, ids, *period)
    return [
        RepLoad(
            rep=rep,
            held=held.get(rep.id, 0),
            claims=answered.get((rep.id, OfferStatus.CLAIMED), 0),
            passes=answered.get((rep.id, OfferStatus.PASSED), 0),
            expiries=answered.get((rep.id, OfferStatus.EXPIRED), 0),
            median_claim=timedelta(seconds=medians[rep.id]) if rep.id in medians else None,
        )
        for rep in reps
    ]


def overview(svc: Services, team_id: int) -> Text:
    """Each rep's status, open leads against capacity, claims/passes/expiries and the median
    time to claim: what a manager needs to see who is saturated."""
    t = svc.t
    with svc.db.reading() as s:
        team = s.get_one(Team, team_id)
        loads = rep_loads(s, team_id)
    lines = [t("team.header", team=team.name)]
    for load in loads:
        rep = load.rep
        status = "inactive" if not rep.active else "away" if rep.away else "available"
        lines.append(t("team.row", status=t(f"team.status.{status}"), **load.row_fields(t)))
    return Text(text="\n".join(lines))


def set_away(svc: Services, actor: Actor, rep: Member, away: bool) -> Text:
    """Away reps are skipped by the roulette until they are back; reps may mark only
    themselves, managers anyone on their team."""
    t = svc.t
    if rep.id not in actor.member_ids and not actor.is_manager(rep.team_id):
        return Text(text=t("team.only_self"))
    if not rep.is_rep:
        return Text(text=t("team.not_a_rep", name=rep.name))
    with svc.db.transaction() as s:
        changed = s.execute(
            update(Member)
            .where(Member.id == rep.id, Member.away.is_not(away))
            .values(away=away)
            .returning(Member.id)
        ).first()
    if changed is None:
        return Text(text=t("team.already_away" if away else "team.already_back", name=rep.name))
    key = "team.now_away" if away else "team.now_back"
    return Text(text=t(key, name=rep.name))


def unavailable(svc: Services) -> dict[str, str]:
    """Reps who are not offered leads now, by name: "inactive" or "away"."""
    with svc.db.reading() as s:
        rows = s.execute(
            select(Member.name, Member.away, Member.active).where(
                Member.listed.is_(True), Member.is_rep.is_(True), (Member.away | ~Member.active)
            )
        ).all()
    return {name: "inactive" if not active else "away" for name, away, active in rows}
