"""The /quiz commands: add, start, pair, grade, report, leaderboard, waiting, bank."""

from __future__ import annotations

import re

from handlers.core.commands import Command, Reply, Request, find_member, one
from handlers.core.errors import CommandError
from handlers.core.parse import parse_id
from handlers.training import authoring, cards, grading, leaderboard, reports, runs
from handlers.training.scoring import MAX_GRADE

_COUNT = re.compile(r"^[+-]?\d{1,9}$")


def category_and_count(words: list[str]) -> tuple[str | None, int | None]:
    """`[category] [count]`: a trailing whole number is the count, the rest the category."""
    count = None
    if words and _COUNT.match(words[-1]):
        count = int(words[-1])
        words = words[:-1]
    # a category typed as "" stays empty, and is refused as such
    category = " ".join(words).strip() if words else None
    return category, count


def _add(req: Request) -> Reply:
    if not req.args:
        return one(authoring.add_form(req.svc.t))
    return one(authoring.from_words(req.svc, req.actor, req.team_id, req.args))


def _start(req: Request) -> Reply:
    if not req.args:
        raise CommandError()
    rep = find_member(req, req.args[0])
    category, count = category_and_count(req.args[1:])
    return one(runs.start(req.svc, req.actor, req.team_id, rep, category, count))


def _pair(req: Request) -> Reply:
    if len(req.args) < 2:
        raise CommandError()
    senior, new = find_member(req, req.args[0]), find_member(req, req.args[1])
    category, count = category_and_count(req.args[2:])
    return one(runs.pair(req.svc, req.actor, req.team_id, senior, new, category, count))


def _grade(req: Request) -> Reply:
    if len(req.args) < 2:
        raise CommandError()
    t = req.svc.t
    answer_id = parse_id(req.args[0])
    if answer_id is None:
        raise CommandError(t("quiz.grade.unknown", id=req.args[0][:20]))
    score = grading.parse_score(req.args[1])
    if score is None:
        raise CommandError(t("quiz.grade.bad_score", max=MAX_GRADE))
    comment = " ".join(req.args[2:]).strip() or None
    if comment is not None and len(comment) > cards.MAX_COMMENT:
        raise CommandError(t("input.too_long", max=cards.MAX_COMMENT))
    reply = grading.save_grade(req.svc, req.actor, answer_id, score, comment, change=True)
    return one(reply) if reply is not None else []


def _report(req: Request) -> Reply:
    if len(req.args) > 1:
        raise CommandError()
    me = req.actor.member_of(req.team_id)
    rep = find_member(req, req.args[0]) if req.args else me
    assert rep is not None  # the actor is on the team
    if rep.id not in req.actor.member_ids and not req.actor.is_manager(req.team_id):
        raise CommandError(req.svc.t("quiz.report.only_own"))
    return list(reports.report(req.svc, rep))


def _leaderboard(req: Request) -> Reply:
    category = " ".join(req.args).strip() if req.args else None
    return one(leaderboard.leaderboard(req.svc, req.team_id, category))


def _waiting(req: Request) -> Reply:
    if req.args:
        raise CommandError()
    return one(reports.waiting(req.svc, req.team_id))


def _bank(req: Request) -> Reply:
    if req.args:
        raise CommandError()
    return one(reports.bank_contents(req.svc))


COMMANDS: dict[str, dict[str, Command]] = {
    "quiz": {
        "add": Command("usage.quiz_add", True, _add),
        "start": Command("usage.quiz_start", True, _start),
        "pair": Command("usage.quiz_pair", True, _pair),
        "grade": Command("usage.quiz_grade", True, _grade),
        "report": Command("usage.quiz_report", False, _report),
        "leaderboard": Command("usage.quiz_leaderboard", False, _leaderboard),
        "waiting": Command("usage.quiz_waiting", True, _waiting),
        "bank": Command("usage.quiz_bank", True, _bank),
    },
}
