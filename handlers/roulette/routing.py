"""Who is offered a lead, in which order, and why anyone is passed over.

The order is weighted: each rep in the rotation has a `level`, the virtual time of their
next first look, moved on by 1 / weight each time they have one (or lose one to a skip).
A rep whose turn has come (level at or below the team's weighted mean) and whose next
turn after it is earliest goes first, so a weight-2 rep gets every other lead of a team
of 1, 1, 2 rather than two in a row. Someone who comes back (from away, inactive, or
newly added) starts at the team's level: neither owed a flood of leads nor put last.
A skip (capacity, tier, hours) costs the turn, so it is never made up for later.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers.core.context import Services
from handlers.core.hours import WorkingHours, start_of_day
from handlers.core.settings import RepConfig, TeamConfig
from storage.models import Lead, Member, Team

# levels are sums of 1/weight: equal ones may differ in their last bits
_PLACES = 9
# a rep's next opening is looked for this many shifts or holidays ahead at most
_LOOKAHEAD = 1000


def in_rotation(rep: Member) -> bool:
    """Offered leads in turn (skips aside): on the roster, active and not away."""
    return rep.listed and rep.is_rep and rep.active and not rep.away


def weight(tcfg: TeamConfig, rep: Member) -> float:
    cfg = tcfg.rep(rep.name)
    return cfg.weight if cfg is not None else 1.0


def team_level(tcfg: TeamConfig, reps: Iterable[Member]) -> float | None:
    """Where the team's rotation stands: the reps' levels averaged by weight."""
    rotating = [(r.level, weight(tcfg, r)) for r in reps if in_rotation(r)]
    total = sum(w for _, w in rotating)
    return sum(level * w for level, w in rotating) / total if total else None


def order(tcfg: TeamConfig, reps: Sequence[Member]) -> list[Member]:
    """The order the next lead is offered in: reps whose turn has come by their next turn,
    then the rest of the rotation by their next turn, then those out of it (away,
    inactive) in roster order."""
    level = team_level(tcfg, reps)

    def key(rep: Member) -> tuple[int, float, float, int, int]:
        if not in_rotation(rep) or level is None:
            return (2, 0.0, 0.0, rep.position, rep.id)
        w = weight(tcfg, rep)
        due = 0 if round(rep.level - level, _PLACES) <= 0 else 1
        return (due, round(rep.level + 1 / w, _PLACES), -w, rep.position, rep.id)

    return sorted((r for r in reps if r.listed and r.is_rep), key=key)


def charge(tcfg: TeamConfig, rep: Member) -> None:
    """The rep had their turn (a first look, or a skip that costs it)."""
    if in_rotation(rep):
        rep.level += 1 / weight(tcfg, rep)


def lock_team(s: Session, team_id: int) -> None:
    """Levels change one transaction at a time per team (PostgreSQL; SQLite has one writer).

    FOR NO KEY UPDATE: it does not wait on the key-share locks that rows referring to the
    team take (a lead being inserted), so two of those never deadlock on it."""
    s.execute(select(Team.id).where(Team.id == team_id).with_for_update(key_share=True))


def calibrate(svc: Services, s: Session, rep: Member) -> None:
    """A rep coming back starts at the level of the others in the rotation."""
    tcfg = svc.team_config(s.get_one(Team, rep.team_id))
    lock_team(s, rep.team_id)
    others = s.scalars(
        select(Member).where(Member.team_id == rep.team_id, Member.id != rep.id)
    ).all()
    level = team_level(tcfg, others)
    if level is not None:
        rep.level = level


# -- working hours ---------------------------------------------------------------------


def clock(tcfg: TeamConfig, rep: RepConfig | None) -> tuple[WorkingHours, ZoneInfo]:
    """A rep's hours and time zone: their own, else the team's."""
    hours = rep.hours if rep is not None and rep.hours is not None else tcfg.hours
    zone = ZoneInfo(rep.timezone) if rep is not None and rep.timezone else tcfg.zone
    return hours, zone


def within_hours(tcfg: TeamConfig, rep: RepConfig | None, at: datetime) -> bool:
    hours, zone = clock(tcfg, rep)
    return not tcfg.holiday(at) and hours.is_open(at, zone)


def hours_begin(tcfg: TeamConfig, rep: RepConfig | None, at: datetime) -> datetime:
    """`at` if the rep is within hours then, else when their next shift off a holiday starts."""
    hours, zone = clock(tcfg, rep)
    for _ in range(_LOOKAHEAD):
        at = hours.next_open(at, zone)
        if not tcfg.holiday(at):
            return at
        day = at.astimezone(tcfg.zone).date() + timedelta(days=1)
        at = start_of_day(day, tcfg.zone)
    raise ValueError(f"{tcfg.name}: no working hours within {_LOOKAHEAD} days")


# -- skips ------------------------------------------------------------------------------


def skip_reason(
    svc: Services,
    tcfg: TeamConfig,
    rep: Member,
    lead: Lead | None,
    held: int,
    now: datetime,
    hours: bool = True,
) -> str | None:
    """Why a rep cannot be offered this lead now, as `code` or `code:detail`; with no lead,
    why they could not be offered the next one (a tier says nothing then)."""
    if not rep.active:
        return "inactive"
    if rep.away:
        if rep.back_at is None:
            return "away"
        _, zone = clock(tcfg, tcfg.rep(rep.name))
        return f"away:{rep.back_at.astimezone(zone).date().isoformat()}"
    tier = lead.tier if lead is not None else None
    if rep.tiers is not None and tier is not None and tier not in rep.tiers:
        return f"tier:{tier}"
    if held >= rep.capacity:
        return f"capacity:{held}/{rep.capacity}"
    if hours and not within_hours(tcfg, tcfg.rep(rep.name), now):
        return "off-hours"
    if svc.outbox.route(rep) is None:
        return "unreachable:no_chat"
    return None


@dataclass(frozen=True)
class Plan:
    """Who the lead passes over (with why) and who is offered it; None: no one."""

    skips: tuple[tuple[Member, str], ...]
    chosen: Member | None

    @property
    def off_hours(self) -> list[Member]:
        return [rep for rep, reason in self.skips if reason == "off-hours"]


def walk(
    svc: Services,
    tcfg: TeamConfig,
    candidates: Sequence[Member],
    lead: Lead,
    held: dict[int, int],
    now: datetime,
    hours: bool = True,
) -> Plan:
    """Go down the candidates until one can be offered the lead."""
    skips: list[tuple[Member, str]] = []
    for rep in candidates:
        reason = skip_reason(svc, tcfg, rep, lead, held.get(rep.id, 0), now, hours)
        if reason is None:
            return Plan(tuple(skips), rep)
        skips.append((rep, reason))
    return Plan(tuple(skips), None)
