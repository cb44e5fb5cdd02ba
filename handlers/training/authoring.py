"""Managers writing questions by hand: the modal, and `/quiz add key=value …`.

Both fill the same fields as a CSV row or a YAML entry, and both go through the bank's
one validation; a bad field is named in the user's language and nothing is added.
"""

from __future__ import annotations

from pydantic import ValidationError

from handlers.core.context import Actor, Services
from handlers.core.errors import CommandError
from handlers.core.i18n import Translator
from handlers.core.messages import Form, FormInvalid, Input, Text
from handlers.training import bank
from handlers.training.bank import QuestionIn

ADD_FORM = "quiz_add"


def add_form(t: Translator) -> Form:
    return Form(
        title=t("quiz.add.title"),
        text=t("quiz.add.text"),
        inputs=(
            Input(name="category", label=t("quiz.add.category"), max_length=80),
            Input(
                name="type",
                label=t("quiz.add.type"),
                choices=(t("quiz.kind.choice"), t("quiz.kind.open")),
            ),
            Input(name="question", label=t("quiz.add.question"), multiline=True, max_length=1000),
            Input(name="choices", label=t("quiz.add.choices"), multiline=True, required=False),
            Input(name="answer", label=t("quiz.add.answer"), required=False, max_length=200),
            Input(
                name="model_answer",
                label=t("quiz.add.model_answer"),
                multiline=True,
                required=False,
                max_length=2000,
            ),
            Input(
                name="covers",
                label=t("quiz.add.covers"),
                multiline=True,
                required=False,
                max_length=1000,
            ),
            Input(name="points", label=t("quiz.add.points"), required=False, initial="1"),
        ),
        submit=t("quiz.add.submit"),
        action=ADD_FORM,
    )


def validate(t: Translator, fields: dict[str, object]) -> QuestionIn | dict[str, str]:
    """The question, or each bad field with what is wrong with it."""
    try:
        return QuestionIn.model_validate(fields)
    except ValidationError as exc:
        errors: dict[str, str] = {}
        for error in exc.errors():
            field, sentence = bank.explain(t, error)
            errors.setdefault(field, sentence)
        return errors


def add_one(svc: Services, actor: Actor, team_id: int, question: QuestionIn) -> Text:
    t = svc.t
    me = actor.member_of(team_id)
    added = bank.add(svc, [question], me.id if me else None)
    if not added:
        with svc.db.reading() as s:
            existing = bank.find_by_text(s, question.question)
        return Text(text=t("quiz.add.duplicate", id=existing.id if existing else "?"))
    kind = t(f"quiz.kind.{question.type}")
    return Text(
        text=t(
            "quiz.add.added",
            id=added[0],
            category=question.category,
            points=question.points,
            kind=kind,
        )
    )


def from_words(svc: Services, actor: Actor, team_id: int, words: list[str]) -> Text:
    """`/quiz add category=… type=choice question="…" choices="a|b|c" answer=b points=2`."""
    t = svc.t
    fields: dict[str, object] = {}
    for word in words:
        key, sep, value = word.partition("=")
        key = key.strip().lower()
        if not sep or not key:
            raise CommandError(t("quiz.add.not_key_value", word=word[:60]))
        if key in fields:
            raise CommandError(t("quiz.add.twice", field=key[:40]))
        fields[key] = value
    checked = validate(t, fields)
    if isinstance(checked, dict):
        raise CommandError(t("quiz.add.refused", problems="\n".join(checked.values())))
    return add_one(svc, actor, team_id, checked)


def submit(svc: Services, actor: Actor, value: str, answers: dict[str, str]) -> Text:
    """The modal's answers; a bad field is shown under that field and nothing is added."""
    t = svc.t
    if not actor.is_manager():
        return Text(text=t("command.managers_only", command="/quiz add"))
    kinds = {t("quiz.kind.choice"): "choice", t("quiz.kind.open"): "open"}
    fields: dict[str, object] = {k: v for k, v in answers.items() if k in bank.FIELDS}
    fields["type"] = kinds.get(answers.get("type", ""), answers.get("type", ""))
    checked = validate(t, fields)
    if isinstance(checked, dict):
        raise FormInvalid(checked)
    team_id = actor.home_team_id()
    assert team_id is not None  # a manager is on a team
    return add_one(svc, actor, team_id, checked)
