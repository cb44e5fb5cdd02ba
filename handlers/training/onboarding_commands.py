"""The /onboard commands: progress (`/onboard [@rep]`) and the mock sale record."""

from __future__ import annotations

from sqlalchemy import select

from handlers.core.commands import Command, Reply, Request, find_member, one
from handlers.core.errors import CommandError
from handlers.core.messages import Text
from handlers.training import onboarding
from storage.models import Member
from storage.training import Onboarding

_PASSED = {"pass", "passed", "通过"}
_FAILED = {"fail", "failed", "未通过"}


def _overview(req: Request) -> Text:
    t = req.svc.t
    with req.svc.db.snapshot() as s:
        reps = s.scalars(
            select(Member)
            .join(Onboarding, Onboarding.member_id == Member.id)
            .where(
                Member.team_id == req.team_id,
                Member.listed.is_(True),
                Onboarding.start_date.is_not(None),
            )
            .order_by(Onboarding.start_date, Member.position)
        ).all()
        found = [p for rep in reps if (p := onboarding.progress(req.svc, s, rep)) is not None]
    if not found:
        return Text(text=t("onboard.overview.none"))
    lines = [t("onboard.overview.header")]
    now = req.svc.clock.now()
    lines += [onboarding.summary_line(t, p, now) for p in found]
    return Text(text="\n".join(lines))


def _show(req: Request) -> Reply:
    """A manager sees anyone's progress; a rep sees their own and gets their checklist."""
    svc, t = req.svc, req.svc.t
    if len(req.args) > 1:
        raise CommandError()
    if not req.args and req.actor.is_manager(req.team_id):
        return one(_overview(req))
    me = req.actor.member_of(req.team_id)
    rep = find_member(req, req.args[0]) if req.args else me
    assert rep is not None  # the actor is on the team
    own = rep.id in req.actor.member_ids
    if not own and not req.actor.is_manager(req.team_id):
        raise CommandError(t("onboard.only_own"))
    now = svc.clock.now()
    with svc.db.transaction() as s:
        p = onboarding.progress(svc, s, rep)
        if p is None:
            raise CommandError(t("onboard.not_onboarding", name=rep.name))
        if own and p.knowledge_at is None:
            onboarding.send_checklist(svc, s, p, now)
    svc.wake_delivery()
    return one(Text(text=onboarding.describe(t, p, now, svc.config.training.pass_mark)))


def _mock(req: Request) -> Reply:
    """`/onboard mock @rep` opens a form; `/onboard mock @rep pass|fail exercise…` records."""
    t = req.svc.t
    if not req.args:
        raise CommandError()
    rep = find_member(req, req.args[0])
    if len(req.args) == 1:
        return one(onboarding.mock_form(t, rep))
    outcome = req.args[1].lower()
    if outcome not in _PASSED | _FAILED:
        raise CommandError(t("onboard.mock.bad_outcome", word=req.args[1][:40]))
    exercise = " ".join(req.args[2:]).strip()
    if not exercise:
        raise CommandError(t("onboard.mock.no_exercise"))
    if len(exercise) > onboarding.MAX_EXERCISE:
        raise CommandError(t("input.too_long", max=onboarding.MAX_EXERCISE))
    return one(onboarding.record_mock(req.svc, req.actor, rep, outcome in _PASSED, exercise, None))


COMMANDS: dict[str, dict[str, Command]] = {
    "onboard": {
        "*": Command("usage.onboard", False, _show),
        "mock": Command("usage.onboard_mock", True, _mock),
    },
}
