"""The leaderboard: each rep's share of the points they could have earned, from closed
quizzes, answer by answer (so a category ranks on its own questions only)."""

from __future__ import annotations

from collections import defaultdict
from fractions import Fraction

from sqlalchemy import select

from handlers.core.context import Services
from handlers.core.display import number
from handlers.core.errors import CommandError
from handlers.core.messages import Text
from handlers.training import bank, runs
from handlers.training.scoring import items_of
from storage.training import QuizRun, RunStatus


def leaderboard(svc: Services, team_id: int, category: str | None) -> Text:
    t = svc.t
    with svc.db.snapshot() as s:
        if category is not None:
            if not category.strip():
                raise CommandError(t("quiz.start.empty_category"))
            if bank.available(s, category) == 0:
                listing = ", ".join(f"{c} ({n})" for c, n in bank.categories(s)) or "—"
                raise CommandError(
                    t("quiz.start.no_category", category=category[:80], known=listing)
                )
        closed_runs = s.scalars(
            select(QuizRun).where(QuizRun.team_id == team_id, QuizRun.status == RunStatus.CLOSED)
        ).all()
        items = items_of(s, [r.id for r in closed_runs])
        names = runs.member_names(s, {r.rep_id for r in closed_runs})
    earned: dict[int, Fraction] = defaultdict(Fraction)
    possible: dict[int, int] = defaultdict(int)
    quizzes: dict[int, set[int]] = defaultdict(set)
    for run in closed_runs:
        for item in items[run.id]:
            if item.pending:
                continue  # not scored yet: it counts once it is
            if category is not None and item.question.category.lower() != category.lower():
                continue
            earned[run.rep_id] += item.earned
            possible[run.rep_id] += item.question.points
            quizzes[run.rep_id].add(run.id)
    ranked = sorted(
        (rep for rep in possible if possible[rep]),
        key=lambda rep: (-earned[rep] / possible[rep], -earned[rep], names.get(rep, "")),
    )
    title = t("quiz.board.title_category", category=category) if category else t("quiz.board.title")
    if not ranked:
        return Text(text=title + "\n" + t("quiz.board.empty"))
    lines = [title]
    for place, rep in enumerate(ranked, 1):
        lines.append(
            t(
                "quiz.board.row",
                place=place,
                name=names.get(rep, "?"),
                percent=number(earned[rep] * 100 / possible[rep]),
                earned=number(earned[rep]),
                possible=possible[rep],
                n=len(quizzes[rep]),
            )
        )
    return Text(text="\n".join(lines))
