"""The weekly training digest to each team's managers: who advanced a stage, who is stuck,
and which quizzes finished.

Every replica's scheduler fires the cron; the one whose INSERT of the (training, team,
period) guard row wins posts, the others find the row and do nothing. The period is
the time the crontab line last fired, so every replica computes the same one.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers.core.context import Services
from handlers.core.messages import Text
from handlers.digests.periods import Composed, post_once
from handlers.training import onboarding
from handlers.training.cards import score_line
from handlers.training.scoring import items_of, score
from storage.digests import TrainingDigestPost
from storage.models import Member, Team
from storage.training import Onboarding, QuizRun

KIND = "training"


def build(svc: Services, s: Session, team: Team, since: datetime, now: datetime) -> str | None:
    """The digest's text for the period since the previous one, or None if nothing happened."""
    t = svc.t
    training = svc.config.training
    reps = s.scalars(
        select(Member)
        .join(Onboarding, Onboarding.member_id == Member.id)
        .where(
            Member.team_id == team.id, Member.listed.is_(True), Onboarding.start_date.is_not(None)
        )
        .order_by(Member.position)
    ).all()
    found = [p for rep in reps if (p := onboarding.progress(svc, s, rep)) is not None]
    advanced = []
    stuck = []
    for p in found:
        if p.start > now:
            continue  # not started yet
        steps = p.advanced(since, now)
        if steps:
            done = ", ".join(onboarding.stage_name(t, n) for n in steps)
            advanced.append(t("digest.training.advanced", name=p.member.name, stages=done))
        elif p.stage <= 3 and now - p.stage_since >= training.stuck_after:
            stuck.append(
                t(
                    "digest.training.stuck",
                    name=p.member.name,
                    stage=p.stage,
                    what=onboarding.stage_name(t, p.stage),
                    days=onboarding.since_days(p, now),
                )
            )
    quizzes = s.scalars(
        select(QuizRun)
        .where(
            QuizRun.team_id == team.id, QuizRun.completed_at > since, QuizRun.completed_at <= now
        )
        .order_by(QuizRun.completed_at)
    ).all()
    items = items_of(s, [r.id for r in quizzes])
    names = {m.id: m.name for m in s.scalars(select(Member).where(Member.team_id == team.id))}
    finished = [
        t(
            "digest.training.quiz",
            name=names.get(r.rep_id, "?"),
            run=r.id,
            score=score_line(t, score(items[r.id]), training.pass_mark, complete=True),
        )
        for r in quizzes
    ]
    if not (advanced or stuck or finished):
        return None
    lines = [t("digest.training.title", team=team.name)]
    for header, rows in (
        ("digest.training.advanced_header", advanced),
        ("digest.training.stuck_header", stuck),
        ("digest.training.quizzes_header", finished),
    ):
        if rows:
            lines.append(t(header))
            lines += [f"• {row}" for row in rows]
    return "\n".join(lines)


def post(svc: Services, team_name: str, catch_up: bool = False) -> bool:
    """Post the digest of the period that has just come round, unless a replica has.

    With `catch_up` (at start-up) it posts only if a training digest was posted before and
    the latest period was missed: one catch-up for any length of downtime. A period in
    which nothing happened is taken but not posted.
    """
    tcfg = svc.config.team(team_name)
    if tcfg is None:
        return False

    def compose(
        s: Session, team: Team, previous: TrainingDigestPost | None, since: datetime, now: datetime
    ) -> Composed:
        text = build(svc, s, team, since, now)
        return Composed([] if text is None else [Text(text=text)])

    return post_once(
        svc, tcfg, svc.config.training.digest_cron, TrainingDigestPost, KIND, compose, catch_up
    )


def catch_up(svc: Services) -> None:
    """At start-up: the one training digest each team missed while nothing was running."""
    for team in svc.config.teams:
        post(svc, team.name, catch_up=True)
