"""The question bank: what a valid question is, adding each question once, picking a set.

One pydantic model checks a question wherever it comes from (the modal, `/quiz add`,
a YAML or CSV file), and its errors are turned into sentences in the user's language.
The bank is shared by every team: it is about the product, not the people.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic_core import ErrorDetails, PydanticCustomError
from sqlalchemy import func, select, true
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from handlers.core.context import Services
from handlers.core.i18n import Translator
from storage.training import Question, QuizRun, RunQuestion

FIELDS = ("category", "type", "question", "choices", "answer", "model_answer", "covers", "points")
LETTERS = "ABCDEF"  # at most six choices: one button each, as many as a WeCom card holds
INSERT_BATCH = 500


def _as_text(value: Any) -> Any:
    """YAML reads `10` and `1.5` as numbers; as a choice or category they are text."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


def _blank_is_none(value: Any) -> Any:
    value = _as_text(value)
    return None if isinstance(value, str) and not value.strip() else value


def _split_choices(value: Any) -> Any:
    """Choices as a list (YAML), or one text split on `|` (CSV, the command) or lines (modal)."""
    value = _blank_is_none(value)
    if isinstance(value, str):
        sep = "\n" if "\n" in value else "|"
        return [part.strip() for part in value.split(sep) if part.strip()]
    if isinstance(value, list):
        return [_as_text(v) for v in value]
    return value


def _points(value: Any) -> Any:
    if isinstance(value, bool):
        raise PydanticCustomError("quiz_points", "points must be a whole number from 1 to 100")
    value = _blank_is_none(value)
    return 1 if value is None else value


Words = Annotated[str, BeforeValidator(_as_text)]
OptionalText = Annotated[str | None, BeforeValidator(_blank_is_none)]


class QuestionIn(BaseModel):
    """A question as a manager writes it; field names are the CSV columns and YAML keys."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    category: Words = Field(min_length=1, max_length=80)
    type: Literal["choice", "open"]
    question: Words = Field(min_length=1, max_length=1000)
    choices: Annotated[list[Words] | None, BeforeValidator(_split_choices)] = None
    answer: OptionalText = Field(default=None, max_length=200)
    model_answer: OptionalText = Field(default=None, max_length=2000)
    covers: OptionalText = Field(default=None, max_length=1000)
    points: Annotated[int, BeforeValidator(_points)] = Field(default=1, ge=1, le=100)

    @model_validator(mode="after")
    def _complete(self) -> QuestionIn:
        if self.type == "choice":
            _no(self, ("model_answer", "covers"), "choice")
            choices = self.choices or []
            if not 2 <= len(choices) <= len(LETTERS):
                raise _error("quiz_choices_count", "choices", max=len(LETTERS))
            if any(not c or len(c) > 200 for c in choices):
                raise _error("quiz_choice_length", "choices")
            if len({c.casefold() for c in choices}) != len(choices):
                raise _error("quiz_choices_repeated", "choices")
            if self.answer is None:
                raise _error("quiz_answer_missing", "answer")
            if self.right_choice is None:
                raise _error("quiz_answer_unknown", "answer", answer=self.answer[:60])
        else:
            _no(self, ("choices", "answer"), "open")
            for name in ("model_answer", "covers"):
                if getattr(self, name) is None:
                    raise _error("quiz_open_needs", name)
        return self

    @property
    def right_choice(self) -> int | None:
        """The right choice's index: named by its text, else by its letter (A, B, …)."""
        choices = [c.casefold() for c in self.choices or []]
        answer = (self.answer or "").casefold()
        if answer in choices:
            return choices.index(answer)
        letter = answer.upper().rstrip(".)")
        if len(letter) == 1 and letter in LETTERS[: len(choices)]:
            return LETTERS.index(letter)
        return None

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.question)


def _no(q: QuestionIn, names: tuple[str, ...], kind: str) -> None:
    for name in names:
        if getattr(q, name):
            raise _error("quiz_field_not_for", name, kind=kind)


def _error(code: str, field: str, **ctx: Any) -> PydanticCustomError:
    return PydanticCustomError(code, code, {"field": field, **ctx})


def fingerprint(question: str) -> str:
    """The same question with other spacing or capitals is the same question."""
    folded = " ".join(question.casefold().split())
    return hashlib.sha256(folded.encode()).hexdigest()


# pydantic's own error types -> our sentence for them
_BUILTIN = {
    "missing": "quiz.bad.missing",
    "string_too_short": "quiz.bad.empty",
    "string_too_long": "quiz.bad.too_long",
    "string_type": "quiz.bad.not_text",
    "int_parsing": "quiz.bad.points",
    "int_type": "quiz.bad.points",
    "int_from_float": "quiz.bad.points",
    "greater_than_equal": "quiz.bad.points",
    "less_than_equal": "quiz.bad.points",
    "literal_error": "quiz.bad.type",
    "extra_forbidden": "quiz.bad.unknown_field",
    "list_type": "quiz.bad.choices_count",
    "model_type": "quiz.bad.not_a_question",
    "dict_type": "quiz.bad.not_a_question",
}


def explain(t: Translator, error: ErrorDetails) -> tuple[str, str]:
    """(field, sentence) for one validation error, in the user's language."""
    ctx = dict(error.get("ctx") or {})
    loc = [part for part in error["loc"] if isinstance(part, str)]
    field = str(ctx.pop("field", loc[0] if loc else ""))
    if error["type"].startswith("quiz_"):
        key = "quiz.bad." + error["type"].removeprefix("quiz_")
    else:
        key = _BUILTIN.get(error["type"], "quiz.bad.other")
    values = {"max": ctx.get("max_length", ctx.get("max", "")), **ctx}
    values.update(field=field, problem=error["msg"], max_choices=len(LETTERS))
    return field, t(key, **values)


def add(svc: Services, questions: Iterable[QuestionIn], created_by: int | None) -> list[int]:
    """Add questions in one transaction; returns the ids of those not already in the bank."""
    with svc.db.transaction() as s:
        return add_in(s, questions, created_by, svc.clock.now())


def add_in(
    s: Session, questions: Iterable[QuestionIn], created_by: int | None, now: datetime
) -> list[int]:
    """Add questions in the session's transaction (see `add`)."""
    rows = [
        {
            "category": q.category,
            "kind": q.type,
            "prompt": q.question,
            "choices": q.choices if q.type == "choice" else None,
            "correct": q.right_choice if q.type == "choice" else None,
            "model_answer": q.model_answer,
            "covers": q.covers,
            "points": q.points,
            "fingerprint": q.fingerprint,
            "created_by": created_by,
            "created_at": now,
        }
        for q in questions
    ]
    added: list[int] = []
    dialect = postgresql if s.get_bind().dialect.name == "postgresql" else sqlite
    for start in range(0, len(rows), INSERT_BATCH):
        stmt = (
            dialect.insert(Question)
            .values(rows[start : start + INSERT_BATCH])
            .on_conflict_do_nothing(index_elements=["fingerprint"])
            .returning(Question.id)
        )
        added += s.scalars(stmt).all()
    return sorted(added)


def find_by_text(s: Session, question: str) -> Question | None:
    return s.scalar(select(Question).where(Question.fingerprint == fingerprint(question)))


def categories(s: Session) -> list[tuple[str, int]]:
    """Each category (as first written) with how many questions it has."""
    rows = s.execute(
        select(func.min(Question.category), func.count())
        .group_by(func.lower(Question.category))
        .order_by(func.lower(Question.category))
    ).all()
    return [(name, n) for name, n in rows]


def in_category(category: str | None) -> Any:
    if category is None:
        return true()
    return func.lower(Question.category) == category.lower()


def available(s: Session, category: str | None) -> int:
    return s.scalar(select(func.count()).select_from(Question).where(in_category(category))) or 0


def pick(
    s: Session, rep_id: int, category: str | None, count: int, avoid: set[int] | None = None
) -> list[Question]:
    """`count` questions for a rep: those they were asked least often first, then the oldest;
    questions in `avoid` (the other half of a peer quiz) only when nothing else is left."""
    asked = (
        select(RunQuestion.question_id, func.count().label("times"))
        .join(QuizRun, QuizRun.id == RunQuestion.run_id)
        .where(QuizRun.rep_id == rep_id)
        .group_by(RunQuestion.question_id)
        .subquery()
    )
    rows = s.execute(
        select(Question, func.coalesce(asked.c.times, 0))
        .outerjoin(asked, asked.c.question_id == Question.id)
        .where(in_category(category))
    ).all()
    avoid = avoid or set()
    rows.sort(key=lambda row: (row[0].id in avoid, row[1], row[0].id))
    return [question for question, _ in rows[:count]]
