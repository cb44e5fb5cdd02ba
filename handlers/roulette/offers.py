"""Offers: each lead goes to one rep at a time, each with an exclusive window.

Every step is one conditional UPDATE on the row it changes (`... WHERE status = 'open'`):
the statement that changes the row wins, any other click, timer or replica finds nothing
to change and is told so. The next offer, the audit event and the chat messages that
report the step are written in the same transaction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import exists, func, select, update
from sqlalchemy.orm import Session, aliased

from handlers.core.context import Actor, Services
from handlers.core.display import clock_time
from handlers.core.i18n import Translator
from handlers.core.messages import Card, Text
from handlers.core.parse import parse_id
from handlers.core.report import report
from handlers.core.settings import TeamConfig
from handlers.roulette import cards, first_touch, routing
from handlers.roulette.events import log_event
from handlers.roulette.pool import to_pool
from storage.models import Lead, LeadStatus, Member, Offer, OfferStatus, Team

# a lead not yet settled: offered, waiting for working hours, or in the pool
IN_FLIGHT = (LeadStatus.OFFERING, LeadStatus.WAITING, LeadStatus.POOL)


def advance(svc: Services, s: Session, leads: Sequence[Lead], now: datetime) -> None:
    """Offer each lead to the next rep in its route who can take it, make it wait for
    working hours, or put it in the pool.

    A sweep hands on many leads at once, so everything is read once for all of them (the
    teams' reps, their loads, the leads' earlier offers) and the new offers are inserted
    together before their cards, which carry the offers' ids, are written. A lead's first
    look moves the reps' levels, so it is decided under its team's lock.
    """
    if not leads:
        return
    team_ids = {lead.team_id for lead in leads}
    earlier: dict[int, list[int]] = defaultdict(list)
    for lead_id, member_id in s.execute(
        select(Offer.lead_id, Offer.member_id).where(Offer.lead_id.in_([ld.id for ld in leads]))
    ):
        earlier[lead_id].append(member_id)
    for team_id in sorted({lead.team_id for lead in leads if not earlier[lead.id]}):
        routing.lock_team(s, team_id)
    teams = {team_id: s.get_one(Team, team_id) for team_id in team_ids}  # usually in the session
    reps: dict[int, list[Member]] = defaultdict(list)
    for rep in s.scalars(
        select(Member)
        .where(Member.team_id.in_(team_ids), Member.is_rep.is_(True), Member.listed.is_(True))
        .order_by(Member.position, Member.id)
        .execution_options(populate_existing=True)
    ):
        reps[rep.team_id].append(rep)
    held: dict[int, int] = dict(
        s.execute(
            select(Lead.owner_id, func.count())
            .where(
                Lead.owner_id.in_([r.id for team in reps.values() for r in team]),
                Lead.status == LeadStatus.CLAIMED,
            )
            .group_by(Lead.owner_id)
        ).all()
    )
    offered: list[tuple[Lead, Offer, Member, TeamConfig]] = []
    for lead in leads:
        tcfg = svc.team_config(teams[lead.team_id])
        chosen = _next_offer(svc, s, lead, reps[lead.team_id], held, earlier[lead.id], tcfg, now)
        if chosen is not None:
            offered.append((lead, *chosen, tcfg))
    s.flush()  # the new offers get their ids
    for lead, offer, rep, tcfg in offered:
        log_event(s, lead.id, "offered", now, member_id=rep.id)
        report(svc, s, "offer.opened", team=tcfg.name, lead=lead.id, offer=offer.id, user=rep.name)
        card = cards.offer_card(svc.t, tcfg, lead, offer, rep)
        key = f"offer:{offer.id}"
        svc.outbox.to_member(s, now, rep, card, card_key=key, on_failure=key)


def _route(tcfg: TeamConfig, lead: Lead, reps: list[Member]) -> list[Member]:
    """The lead's reps in the order it goes to them: its route, then anyone added since."""
    if lead.route is None:
        return routing.order(tcfg, reps)
    by_id = {rep.id: rep for rep in reps}
    route = [by_id[i] for i in lead.route if i in by_id]
    known = set(lead.route)
    added = [rep for rep in reps if rep.id not in known]
    return route + routing.order(tcfg, added) if added else route


def _wait(s: Session, lead: Lead, until: datetime, now: datetime) -> None:
    """No rep who could take the lead is within hours: it waits (a row, so a restart
    keeps it) until the first one starts work, when the sweep offers it again."""
    lead.status, lead.wait_until = LeadStatus.WAITING, until
    log_event(s, lead.id, "waiting", now, detail=until.isoformat())


def _next_offer(
    svc: Services,
    s: Session,
    lead: Lead,
    reps: list[Member],
    held: dict[int, int],
    earlier: list[int],
    tcfg: TeamConfig,
    now: datetime,
) -> tuple[Offer, Member] | None:
    """Add the lead's offer to the next rep in its route who can take it; each one passed
    over gets a skipped offer with the reason. None when it waits or goes to the pool."""
    route = _route(tcfg, lead, reps)
    candidates = [rep for rep in route if rep.id not in earlier]
    plan = routing.walk(svc, tcfg, candidates, lead, held, now)
    if plan.chosen is None and plan.off_hours:
        if tcfg.after_hours == "wait":
            begins = (routing.hours_begin(tcfg, tcfg.rep(r.name), now) for r in plan.off_hours)
            _wait(s, lead, min(begins), now)
            return None
        if tcfg.after_hours == "anyway":
            plan = routing.walk(svc, tcfg, candidates, lead, held, now, hours=False)
    if not earlier:  # the first look: everyone it passes costs a turn
        for rep, _ in plan.skips:
            routing.charge(tcfg, rep)
        if plan.chosen is not None:
            routing.charge(tcfg, plan.chosen)
    if lead.route is None:
        lead.route = [rep.id for rep in route]
    seq = len(earlier)
    for rep, reason in plan.skips:
        seq += 1
        s.add(
            Offer(
                lead_id=lead.id,
                member_id=rep.id,
                seq=seq,
                status=OfferStatus.SKIPPED,
                reason=reason,
                opened_at=now,
                closed_at=now,
            )
        )
        log_event(s, lead.id, "skipped", now, member_id=rep.id, detail=reason)
        ids = {"lead": lead.id, "user": rep.name}
        report(svc, s, "offer.skipped", team=tcfg.name, reason=reason, **ids)
    if plan.chosen is None:
        to_pool(svc, s, lead, tcfg, now)
        return None
    # the window starts when the card is sent (start_windows), not now
    offer = Offer(
        lead_id=lead.id,
        member_id=plan.chosen.id,
        seq=seq + 1,
        status=OfferStatus.OPEN,
        opened_at=now,
    )
    s.add(offer)
    return offer, plan.chosen


def start_windows(svc: Services, s: Session, ids: list[str], now: datetime) -> dict[str, Card]:
    """The offer cards about to be sent: each window (still open) starts now, so a card
    that reaches its rep late still gets its whole window, and the deadline it shows is the
    one enforced. A retried send starts it again: the rep had not seen it."""
    offer_ids = [n for n in (parse_id(i) for i in ids) if n is not None]
    rows = s.execute(
        select(Offer, Lead, Member, Team)
        .join(Lead, Lead.id == Offer.lead_id)
        .join(Member, Member.id == Offer.member_id)
        .join(Team, Team.id == Lead.team_id)
        .where(Offer.id.in_(offer_ids), Offer.status == OfferStatus.OPEN, Offer.shown_at.is_(None))
        .with_for_update(of=Offer)
    ).all()
    fresh: dict[str, Card] = {}
    for offer, lead, rep, team in rows:
        tcfg = svc.team_config(team)
        offer.opened_at, offer.expires_at = now, now + tcfg.window
        fresh[str(offer.id)] = cards.offer_card(svc.t, tcfg, lead, offer, rep)
    return fresh


def windows_shown(svc: Services, s: Session, ids: list[str], now: datetime) -> None:
    """The cards landed: their windows run from when they were sent, and the sweep may
    close them. A lead's first card to land is the time from its arrival to its first DM."""
    offer_ids = [n for n in (parse_id(i) for i in ids) if n is not None]
    earlier = aliased(Offer)
    firsts = s.execute(
        select(Offer.id, Lead.id, Lead.created_at, Team.name)
        .join(Lead, Lead.id == Offer.lead_id)
        .join(Team, Team.id == Lead.team_id)
        .where(
            Offer.id.in_(offer_ids),
            Offer.shown_at.is_(None),
            Offer.expires_at.is_not(None),
            ~exists().where(earlier.lead_id == Offer.lead_id, earlier.shown_at.is_not(None)),
        )
    ).all()
    for offer_id, lead_id, arrived, team in firsts:
        waited = (now - arrived).total_seconds()
        report(svc, s, "lead.first_dm", seconds=waited, team=team, lead=lead_id, offer=offer_id)
    s.execute(
        update(Offer)
        .where(Offer.id.in_(offer_ids), Offer.shown_at.is_(None), Offer.expires_at.is_not(None))
        .values(shown_at=now)
        .execution_options(synchronize_session=False)
    )


def close_offer(s: Session, offer_id: int, status: OfferStatus, now: datetime) -> bool:
    """The one conditional UPDATE behind claim, pass and withdrawal (`_expire` closes a
    batch of run-out windows with the same condition)."""
    query = update(Offer).where(Offer.id == offer_id, Offer.status == OfferStatus.OPEN)
    if status == OfferStatus.CLAIMED:
        query = query.where(Offer.expires_at > now)
    won = s.execute(query.values(status=status, closed_at=now).returning(Offer.id)).first()
    return won is not None


def _why_closed(svc: Services, offer: Offer, zone: ZoneInfo) -> Text:
    """What a click on a closed or run-out offer is told; kept once the offer is closed."""
    answer = _closed_answer(svc.t, offer, zone)
    if offer.status != OfferStatus.OPEN:
        svc.offer_closed(offer.id, offer.member_id, answer)
    return answer


def _closed_answer(t: Translator, offer: Offer, zone: ZoneInfo) -> Text:
    if offer.status == OfferStatus.CLAIMED:
        return Text(text=t("offer.already_claimed"))
    if offer.status == OfferStatus.PASSED:
        return Text(text=t("offer.already_passed"))
    if offer.status == OfferStatus.CANCELLED:
        return Text(text=t("offer.withdrawn"))
    if offer.status == OfferStatus.SKIPPED:
        return Text(text=t("offer.closed"))
    return Text(text=t("offer.too_late", at=clock_time(offer.expires_at, zone)))


def _look_up_offer(svc: Services, actor: Actor, value: str) -> tuple[Offer, ZoneInfo] | Text:
    """The offer a click names and its team's time zone, in one read; or why it is not
    the clicker's to answer. Most clicks in a burst are answered from this read alone."""
    offer_id = parse_id(value)
    if offer_id is None:
        return Text(text=svc.t("offer.unknown"))
    kept = svc.closed_offer(offer_id, actor.member_ids)
    if kept is not None:
        return kept
    with svc.db.reading() as s:
        row = s.execute(
            select(Offer, Team.name)
            .join(Lead, Lead.id == Offer.lead_id)
            .join(Team, Team.id == Lead.team_id)
            .where(Offer.id == offer_id)
        ).first()
        if row is None:
            return Text(text=svc.t("offer.unknown"))
        offer, team_name = row
        if offer.member_id not in actor.member_ids:
            holder = s.get_one(Member, offer.member_id)
            return Text(text=svc.t("offer.not_yours", name=holder.name))
    team = svc.config.team(team_name)
    return offer, (team.zone if team is not None else ZoneInfo("UTC"))


def _answer_offer(
    svc: Services,
    actor: Actor,
    value: str,
    status: OfferStatus,
    then: Callable[[Session, Lead, Offer, Member, TeamConfig, datetime], None],
) -> Text | None:
    """Close the actor's own offer as `status`, do what follows, and update their card."""
    now = svc.clock.now()
    looked = _look_up_offer(svc, actor, value)
    if isinstance(looked, Text):
        return looked
    offer, zone = looked
    if offer.status != OfferStatus.OPEN or (
        status == OfferStatus.CLAIMED and (offer.expires_at is None or offer.expires_at <= now)
    ):
        return _why_closed(svc, offer, zone)
    with svc.db.transaction() as s:
        if not close_offer(s, offer.id, status, now):  # someone, or the clock, came first
            return _why_closed(svc, s.get_one(Offer, offer.id), zone)
        offer = s.get_one(Offer, offer.id)
        lead = s.get_one(Lead, offer.lead_id)
        tcfg = svc.team_config(s.get_one(Team, lead.team_id))
        rep = s.get_one(Member, offer.member_id)
        then(s, lead, offer, rep, tcfg, now)
        card = cards.offer_card(svc.t, tcfg, lead, offer, rep)
        svc.outbox.update(s, now, f"offer:{offer.id}", card)
    svc.wake_delivery()
    _why_closed(svc, offer, zone)  # later clicks on this card are answered from memory
    return None


def claim(svc: Services, actor: Actor, value: str) -> Text | None:
    """Take the offered lead inside its window; the card turns into "claimed by you"."""

    def take(
        s: Session, lead: Lead, offer: Offer, rep: Member, tcfg: TeamConfig, now: datetime
    ) -> None:
        lead.status, lead.owner_id, lead.claimed_at = LeadStatus.CLAIMED, rep.id, now
        took = now - offer.opened_at
        log_event(s, lead.id, "claimed", now, member_id=rep.id, detail=int(took.total_seconds()))
        seconds = took.total_seconds()
        ids = {"lead": lead.id, "offer": offer.id, "user": rep.name}
        report(svc, s, "offer.claimed", seconds=seconds, team=tcfg.name, **ids)
        line = cards.claimed_line(svc.t, lead, rep, took)
        svc.outbox.to_team(s, now, tcfg.name, "manager", line)
        first_touch.start(s, tcfg, lead, rep, now)

    return _answer_offer(svc, actor, value, OfferStatus.CLAIMED, take)


def pass_offer(svc: Services, actor: Actor, value: str) -> Text | None:
    """Decline the offer: the card says "passed" and the next rep is offered at once."""

    def hand_on(
        s: Session, lead: Lead, offer: Offer, rep: Member, tcfg: TeamConfig, now: datetime
    ) -> None:
        log_event(s, lead.id, "passed", now, member_id=rep.id)
        ids = {"lead": lead.id, "offer": offer.id, "user": rep.name}
        report(svc, s, "offer.passed", team=tcfg.name, **ids)
        advance(svc, s, [lead], now)

    return _answer_offer(svc, actor, value, OfferStatus.PASSED, hand_on)


def offer_undeliverable(svc: Services, offer_id: int, error: str) -> None:
    """The rep's card could not be delivered at all: skip them with that reason, move on."""
    now = svc.clock.now()
    with svc.db.transaction() as s:
        won = s.execute(
            update(Offer)
            .where(Offer.id == offer_id, Offer.status == OfferStatus.OPEN)
            .values(status=OfferStatus.SKIPPED, reason=f"unreachable:{error}"[:300], closed_at=now)
            .returning(Offer.lead_id, Offer.member_id)
        ).first()
        if won is None:
            return
        reason = f"unreachable:{error}"
        log_event(s, won.lead_id, "skipped", now, member_id=won.member_id, detail=reason)
        lead = s.get_one(Lead, won.lead_id)
        rep = s.get_one(Member, won.member_id)
        team = s.get_one(Team, lead.team_id).name
        ids = {"lead": lead.id, "offer": offer_id, "user": rep.name}
        report(svc, s, "offer.skipped", team=team, reason=reason, **ids)
        advance(svc, s, [lead], now)
    svc.wake_delivery()


def cancel(svc: Services, actor: Actor, lead_id: int) -> Text:
    """A manager withdraws a lead still in flight; open cards lose their buttons."""
    now = svc.clock.now()
    t = svc.t
    with svc.db.transaction() as s:
        lead = s.get(Lead, lead_id)
        if lead is None or not actor.is_manager(lead.team_id):
            return Text(text=t("lead.unknown", id=lead_id))
        was = lead.status
        won = s.execute(
            update(Lead)
            .where(Lead.id == lead.id, Lead.status.in_(IN_FLIGHT))
            .values(status=LeadStatus.CANCELLED)
            .returning(Lead.id)
        ).first()
        if won is None:
            s.refresh(lead)
            return Text(text=t("lead.not_in_flight", id=lead.id, status=t(f"status.{lead.status}")))
        lead.status = LeadStatus.CANCELLED
        tcfg = svc.team_config(s.get_one(Team, lead.team_id))
        open_offer = s.scalar(
            select(Offer).where(Offer.lead_id == lead.id, Offer.status == OfferStatus.OPEN)
        )
        if open_offer is not None and close_offer(s, open_offer.id, OfferStatus.CANCELLED, now):
            open_offer.status = OfferStatus.CANCELLED
            rep = s.get_one(Member, open_offer.member_id)
            card = cards.offer_card(t, tcfg, lead, open_offer, rep)
            svc.outbox.update(s, now, f"offer:{open_offer.id}", card)
        if was == LeadStatus.POOL:
            svc.outbox.update(s, now, f"pool:{lead.id}", cards.pool_card(t, lead))
        log_event(s, lead.id, "cancelled", now, member_id=actor.member_of(lead.team_id).id)
    svc.wake_delivery()
    return Text(text=t("lead.cancelled", id=lead.id, company=lead.company))
