"""Make the teams and members tables match config.yaml at start-up.

Config owns who is on a team, their ids, order, capacity and weight; chat owns `away`.
People removed from config are kept (their history refers to them) but never offered
again. A rep who joins the rotation (new, active again, back in config) starts at the
level of those already in it.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers.core.context import Services
from handlers.roulette import routing
from storage.models import Member, Team


def sync_teams(svc: Services, session: Session) -> None:
    for team_cfg in svc.config.teams:
        team = session.scalar(select(Team).where(Team.name == team_cfg.name))
        if team is None:
            team = Team(name=team_cfg.name)
            session.add(team)
            session.flush()
        routing.lock_team(session, team.id)
        members = session.scalars(select(Member).where(Member.team_id == team.id))
        existing = {m.name.casefold(): m for m in members}
        rotating = {m.id for m in existing.values() if routing.in_rotation(m)}
        for m in existing.values():
            m.listed = m.is_rep = m.is_manager = False
        joining: list[Member] = []
        for position, rep in enumerate(team_cfg.reps):
            member = _member(session, existing, team.id, rep.name)
            member.slack_id, member.wecom_id = rep.slack, rep.wecom
            member.is_rep, member.listed, member.position = True, True, position
            member.capacity, member.tiers, member.active = rep.capacity, rep.tiers, rep.active
            if routing.in_rotation(member) and member.id not in rotating:
                joining.append(member)
        for manager in team_cfg.managers:
            member = _member(session, existing, team.id, manager.name)
            if not member.is_rep:  # a manager who is also a rep keeps the rep's ids
                member.slack_id, member.wecom_id = manager.slack, manager.wecom
            member.is_manager, member.listed = True, True
        staying = [m for m in existing.values() if m.id in rotating and routing.in_rotation(m)]
        level = routing.team_level(team_cfg, staying)
        for member in joining:
            member.level = level if level is not None else 0.0


def _member(session: Session, existing: dict[str, Member], team_id: int, name: str) -> Member:
    member = existing.get(name.casefold())
    if member is None:
        member = Member(
            team_id=team_id, name=name, away=False, position=0, capacity=0, active=True, level=0.0
        )
        session.add(member)
        existing[name.casefold()] = member
    return member
