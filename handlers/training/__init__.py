"""Training: the question bank, peer product quizzes with scoring, and each new rep's
three-stage onboarding (knowledge, quizzes, mock sale).

Read it in this order: `bank` (what a question is) and `importer` / `authoring` (adding
them), `runs` (a quiz from start to result), `grading` and `scoring`, `onboarding`,
`timers` (reminders, deadlines, onboarding steps), `cards`, `reports` / `leaderboard`,
and the two command tables.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from handlers.core.context import Services
from handlers.core.registry import Every, Feature
from handlers.training import (
    authoring,
    cards,
    commands,
    grading,
    importer,
    onboarding,
    onboarding_commands,
    runs,
    strings,
    timers,
)


def start_up(svc: Services, session: Session) -> None:
    """The config's question files in the bank, then each new rep's onboarding row."""
    importer.load_question_files(svc, session)
    onboarding.sync(svc, session)


TIMERS_EVERY = 5  # seconds: reminders and deadlines are hours apart, a few seconds late is fine

FEATURE = Feature(
    name="training",
    commands={**commands.COMMANDS, **onboarding_commands.COMMANDS},
    actions={
        cards.CHOOSE: runs.choose,
        cards.ANSWER: runs.open_form,
        cards.GRADE: grading.click,
        onboarding.TICK: onboarding.tick,
    },
    submissions={
        cards.ANSWER_FORM: runs.submit_answer,
        cards.GRADE_FORM: grading.submit,
        authoring.ADD_FORM: authoring.submit,
        onboarding.MOCK_FORM: onboarding.submit_mock,
    },
    strings=strings.STRINGS,
    jobs=(Every("training-timers", TIMERS_EVERY, timers.sweep),),
    sync=start_up,
    typed=runs.typed_answer,
)
