"""The team: who is available, how loaded each rep is, and marking reps away or back."""

from __future__ import annotations

import statistics
from datetime import timedelta

from sqlalchemy import func, select, update

from salesbot.handlers import lead_cards as cards
from salesbot.handlers.context import Actor, Services
from salesbot.handlers.messages import Text
from salesbot.storage.models import Lead, Member, Offer, Team


def overview(svc: Services, team_id: int) -> Text:
    """Each rep's status, open leads against capacity, claims/passes/expiries and the median
    time to claim: what a manager needs to see who is saturated."""
    t = svc.t
    with svc.db.reading() as s:
        team = s.get_one(Team, team_id)
        reps = s.scalars(
            select(Member)
            .where(Member.team_id == team_id, Member.is_rep.is_(True), Member.listed.is_(True))
            .order_by(Member.position)
        ).all()
        ids = [r.id for r in reps]
        held = dict(
            s.execute(
                select(Lead.owner_id, func.count())
                .where(Lead.owner_id.in_(ids), Lead.status == "claimed")
                .group_by(Lead.owner_id)
            ).all()
        )
        counts: dict[tuple[int, str], int] = {
            (member_id, status): n
            for member_id, status, n in s.execute(
                select(Offer.member_id, Offer.status, func.count())
                .where(Offer.member_id.in_(ids))
                .group_by(Offer.member_id, Offer.status)
            ).all()
        }
        waits: dict[int, list[float]] = {}
        for member_id, opened, closed in s.execute(
            select(Offer.member_id, Offer.opened_at, Offer.closed_at).where(
                Offer.member_id.in_(ids), Offer.status == "claimed"
            )
        ):
            waits.setdefault(member_id, []).append((closed - opened).total_seconds())
    lines = [t("team.header", team=team.name)]
    for rep in reps:
        status = "inactive" if not rep.active else "away" if rep.away else "available"
        median = waits.get(rep.id)
        lines.append(
            t(
                "team.row",
                name=rep.name,
                status=t(f"team.status.{status}"),
                held=held.get(rep.id, 0),
                capacity=rep.capacity,
                claims=counts.get((rep.id, "claimed"), 0),
                passes=counts.get((rep.id, "passed"), 0),
                expiries=counts.get((rep.id, "expired"), 0),
                median=cards.duration(t, timedelta(seconds=statistics.median(median)))
                if median
                else "—",
            )
        )
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
