"""Time off: a rep marked away is skipped (`away`) until they are back, by `/team back`
or, when a day was given, by themselves when that day starts on their clock (the time
is a row, so a restart keeps it), told in their DM. Back, they start at the team's level.

Reps may mark only themselves, managers anyone on their team.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from handlers.core.context import Actor, Services
from handlers.core.hours import start_of_day
from handlers.core.messages import Text
from handlers.roulette import routing
from storage.models import Member, Team

BATCH = 100


def _refused(svc: Services, actor: Actor, rep: Member) -> Text | None:
    if rep.id not in actor.member_ids and not actor.is_manager(rep.team_id):
        return Text(text=svc.t("team.only_self"))
    if not rep.is_rep:
        return Text(text=svc.t("team.not_a_rep", name=rep.name))
    return None


def set_away(
    svc: Services, actor: Actor, rep: Member, until: date | None, reason: str | None
) -> Text:
    """Mark the rep away, until the day `until` begins on their clock if given."""
    t = svc.t
    refused = _refused(svc, actor, rep)
    if refused is not None:
        return refused
    with svc.db.transaction() as s:
        tcfg = svc.team_config(s.get_one(Team, rep.team_id))
        _, zone = routing.clock(tcfg, tcfg.rep(rep.name))
        back_at = None
        if until is not None:
            if until <= svc.clock.now().astimezone(zone).date():
                return Text(text=t("team.until_not_ahead", date=until.isoformat()))
            back_at = start_of_day(until, zone)
        routing.lock_team(s, rep.team_id)
        same = (
            Member.away.is_(True)
            & Member.back_at.is_not_distinct_from(back_at)
            & Member.away_reason.is_not_distinct_from(reason)
        )
        changed = s.execute(
            update(Member)
            .where(Member.id == rep.id, ~same)
            .values(away=True, back_at=back_at, away_reason=reason)
            .returning(Member.id)
        ).first()
    if changed is None:
        return Text(text=t("team.already_away", name=rep.name))
    if until is None:
        return Text(text=t("team.now_away", name=rep.name))
    return Text(text=t("team.now_away_until", name=rep.name, date=until.isoformat()))


def set_back(svc: Services, actor: Actor, rep: Member) -> Text:
    """The rep is offered leads again, starting at the team's level."""
    t = svc.t
    refused = _refused(svc, actor, rep)
    if refused is not None:
        return refused
    with svc.db.transaction() as s:
        back = _come_back(svc, s, rep.id, None)
    if back is None:
        return Text(text=t("team.already_back", name=rep.name))
    return Text(text=t("team.now_back", name=rep.name))


def _come_back(svc: Services, s: Session, member_id: int, due_by: datetime | None) -> Member | None:
    """One conditional UPDATE brings the rep back (if still away, and due when `due_by`
    is given); they start at the level of the others."""
    routing.lock_team(s, s.get_one(Member, member_id).team_id)
    query = update(Member).where(Member.id == member_id, Member.away.is_(True))
    if due_by is not None:
        query = query.where(Member.back_at <= due_by)
    won = s.execute(
        query.values(away=False, back_at=None, away_reason=None).returning(Member.id)
    ).first()
    if won is None:
        return None
    rep = s.get_one(Member, member_id, populate_existing=True)
    routing.calibrate(svc, s, rep)
    return rep


def return_due(svc: Services) -> int:
    """Bring back every rep whose day has come, and tell each in their DM."""
    now = svc.clock.now()
    with svc.db.reading() as s:
        due = s.execute(
            select(Member.id, Member.back_at)
            .where(Member.away.is_(True), Member.back_at <= now)
            .order_by(Member.back_at, Member.id)
            .limit(BATCH)
        ).all()
    for member_id, back_at in due:
        with svc.db.transaction() as s:
            rep = _come_back(svc, s, member_id, now)
            if rep is not None:
                tcfg = svc.team_config(s.get_one(Team, rep.team_id))
                _, zone = routing.clock(tcfg, tcfg.rep(rep.name))
                day = back_at.astimezone(zone).date().isoformat()
                svc.outbox.to_member(s, now, rep, Text(text=svc.t("team.welcome_back", date=day)))
    if due:
        svc.wake_delivery()
    return len(due)
