"""Who is next, and why: the order the next lead would be offered in right now, each rep
with why they would be skipped, and each rep's share of first looks so far.

The order is the one `offers.advance` gives a new lead (`routing.order`, read the same
way), so what a manager reads is what the next lead gets.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from handlers.core.context import Actor, Services
from handlers.core.display import when
from handlers.core.i18n import Translator
from handlers.core.messages import Text
from handlers.core.settings import TeamConfig
from handlers.roulette import cards, routing, team
from storage.models import Lead, LeadStatus, Member, Team


def next_up(svc: Services, actor: Actor, team_id: int) -> Text:
    t = svc.t
    now = svc.clock.now()
    with svc.db.reading() as s:
        row = s.get_one(Team, team_id)
        tcfg = svc.team_config(row)
        reps = s.scalars(
            select(Member)
            .where(Member.team_id == team_id, Member.is_rep.is_(True), Member.listed.is_(True))
            .order_by(Member.position, Member.id)
        ).all()
        held = dict(
            s.execute(
                select(Lead.owner_id, func.count())
                .where(Lead.team_id == team_id, Lead.status == LeadStatus.CLAIMED)
                .group_by(Lead.owner_id)
            ).all()
        )
        looks = team.first_looks(s, [r.id for r in reps], now - team.FIRST_LOOKS_OVER)
    route = routing.order(tcfg, list(reps))
    reasons = {r.id: routing.skip_reason(svc, tcfg, r, None, held.get(r.id, 0), now) for r in route}
    chosen = next((r for r in route if reasons[r.id] is None), None)
    off_hours = [r for r in route if reasons[r.id] == "off-hours"]
    anyway = chosen is None and off_hours and tcfg.after_hours == "anyway"
    if anyway:
        chosen = next(r for r in off_hours if _reachable(svc, tcfg, r, held, now))
    targets = team.target_shares(tcfg, list(reps))
    total = sum(looks.values())
    lines = [t("next.header", team=row.name)]
    for place, rep in enumerate(route, start=1):
        reason = reasons[rep.id]
        if rep is chosen:
            what = t("next.anyway" if anyway else "next.first")
        elif reason is None:
            what = t("next.then")
        else:
            what = t("next.skipped", why=_why(t, tcfg, rep, reason, now))
        if rep.tiers is not None:
            what += t("next.tiers", tiers=", ".join(rep.tiers))
        share = team.share_text(t, looks.get(rep.id, 0), total, targets.get(rep.id))
        lines.append(t("next.row", n=place, name=rep.name, what=what, share=share))
    if chosen is None:
        lines.append(_nobody(t, tcfg, off_hours, now))
    return Text(text="\n".join(lines))


def _reachable(
    svc: Services, tcfg: TeamConfig, rep: Member, held: dict[int, int], now: datetime
) -> bool:
    """Whether the rep could be offered a lead if hours did not apply."""
    return routing.skip_reason(svc, tcfg, rep, None, held.get(rep.id, 0), now, False) is None


def _why(t: Translator, tcfg: TeamConfig, rep: Member, reason: str, now: datetime) -> str:
    if reason == "off-hours":
        begins = routing.hours_begin(tcfg, tcfg.rep(rep.name), now)
        return t("next.off_hours", at=when(begins, tcfg.zone))
    return cards.skip_reason(t, reason)


def _nobody(t: Translator, tcfg: TeamConfig, off_hours: list[Member], now: datetime) -> str:
    """What happens to a lead that no one can be offered now."""
    if off_hours and tcfg.after_hours == "wait":
        begins = min(routing.hours_begin(tcfg, tcfg.rep(r.name), now) for r in off_hours)
        return t("next.would_wait", at=when(begins, tcfg.zone))
    return t("next.would_pool")


def team_named(svc: Services, actor: Actor, name: str) -> int | None:
    """The id of a team the actor manages, named as in the config (any letter case)."""
    with svc.db.reading() as s:
        team_id = s.scalar(select(Team.id).where(func.lower(Team.name) == name.lower()))
    return team_id if team_id is not None and actor.is_manager(team_id) else None
