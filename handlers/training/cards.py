"""How quizzes look in chat: the question a rep answers, the answer a grader scores, the result.

Each card is drawn from rows alone, so the same function draws it when it is first sent
and when it is updated in place (buttons gone once answered or scored).
"""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from handlers.core.display import number, when
from handlers.core.i18n import Translator
from handlers.core.messages import Button, Card, CardField, Form, Input
from handlers.core.text import clip
from handlers.training.bank import LETTERS
from handlers.training.scoring import MAX_GRADE, Item, Score
from storage.training import Answer, Grade, Question, QuizRun, RunQuestion, RunStatus

CHOOSE, ANSWER, GRADE = "quiz_choose", "quiz_answer", "quiz_grade"
ANSWER_FORM, GRADE_FORM = "quiz_answer_text", "quiz_grade_comment"
MAX_ANSWER = 3000
MAX_COMMENT = 1000


def choice_text(question: Question, index: int | None) -> str:
    choices = question.choices or []
    if index is None or not 0 <= index < len(choices):
        return "—"
    return f"{LETTERS[index]}. {choices[index]}"


def question_key(rq: RunQuestion) -> str:
    return f"quizq:{rq.id}"


def grading_key(answer: Answer) -> str:
    return f"quizg:{answer.id}"


@dataclass(frozen=True)
class Asked:
    """A question of a run as its rep sees it."""

    run: QuizRun
    rq: RunQuestion
    question: Question
    total: int
    zone: ZoneInfo
    # who scores open answers: the peer's name, or "a manager"
    scorer: str
    intro: str = ""


def _body(question: Question) -> str:
    lines = [question.prompt]
    if question.kind == "choice":
        lines.append("")
        lines += [choice_text(question, i) for i in range(len(question.choices or []))]
    return "\n".join(lines)


def _heading(t: Translator, asked: Asked) -> str:
    return t("quiz.q.title", run=asked.run.id, n=asked.rq.seq, total=asked.total)


def question_card(t: Translator, asked: Asked, answer: Answer | None) -> Card:
    """The DM with one question: choice buttons or an Answer button; later, what was answered."""
    q = asked.question
    fields = [
        CardField(label=t("quiz.field.category"), value=q.category),
        CardField(label=t("quiz.field.points"), value=str(q.points)),
    ]
    if answer is None and asked.run.status == RunStatus.OPEN:
        if q.kind == "choice":
            buttons = tuple(
                Button(label=LETTERS[i], action=CHOOSE, value=f"{asked.rq.id}:{i}")
                for i in range(len(q.choices or []))
            )
        else:
            buttons = (
                Button(
                    label=t("quiz.button.answer"),
                    action=ANSWER,
                    value=str(asked.rq.id),
                    style="primary",
                ),
            )
        text = "\n\n".join(x for x in (asked.intro, _body(q)) if x)
        return Card(
            title=_heading(t, asked),
            fields=tuple(fields),
            text=text,
            buttons=buttons,
            footer=t("quiz.q.due", at=when(asked.run.deadline_at, asked.zone)),
        )
    if answer is None:
        title = t("quiz.q.closed", heading=_heading(t, asked))
        status = t("quiz.state.closed")
    else:
        title = t("quiz.q.answered", heading=_heading(t, asked))
        status = t("quiz.state.answered")
        if q.kind == "choice":
            right = answer.choice == q.correct
            fields.append(
                CardField(label=t("quiz.field.your_answer"), value=choice_text(q, answer.choice))
            )
            result = (
                t("quiz.q.right", points=q.points)
                if right
                else t("quiz.q.wrong", right=choice_text(q, q.correct))
            )
        else:
            fields.append(
                CardField(label=t("quiz.field.your_answer"), value=clip(answer.text or "", 1500))
            )
            result = t("quiz.q.sent_for_score", scorer=asked.scorer)
        fields.append(CardField(label=t("quiz.field.result"), value=result))
    return Card(title=title, fields=tuple(fields), text=_body(q), status=status)


def answer_form(t: Translator, asked: Asked) -> Form:
    """The text box for an open question: a Slack modal, or a prompt in the console."""
    return Form(
        title=t("quiz.form.answer_title", n=asked.rq.seq, total=asked.total),
        text=asked.question.prompt,
        inputs=(
            Input(
                name="answer",
                label=t("quiz.form.answer_label"),
                multiline=True,
                max_length=MAX_ANSWER,
            ),
        ),
        submit=t("quiz.form.answer_submit"),
        action=ANSWER_FORM,
        value=str(asked.rq.id),
    )


@dataclass(frozen=True)
class ToGrade:
    """An open answer as whoever scores it sees it."""

    run: QuizRun
    rq: RunQuestion
    question: Question
    answer: Answer
    total: int
    rep_name: str


def grading_card(
    t: Translator, item: ToGrade, grade: Grade | None = None, grader: str = ""
) -> Card:
    """Six score buttons (0-5) under the question, the answer, and what a good one covers."""
    q = item.question
    where = t("quiz.g.where", name=item.rep_name, run=item.run.id, n=item.rq.seq, total=item.total)
    text = "\n\n".join(
        (
            t("quiz.g.question", text=q.prompt),
            t("quiz.g.answer", name=item.rep_name, text=clip(item.answer.text or "", 1500)),
            t("quiz.g.model", text=q.model_answer or "—"),
            t("quiz.g.covers", text=q.covers or "—"),
        )
    )
    fields = (CardField(label=t("quiz.field.points"), value=str(q.points)),)
    footer = t("quiz.g.ref", id=item.answer.id)
    if grade is None:
        buttons = tuple(
            Button(label=str(n), action=GRADE, value=f"{item.answer.id}:{n}")
            for n in range(MAX_GRADE + 1)
        )
        return Card(
            title=t("quiz.g.title", where=where),
            fields=fields,
            text=text + "\n\n" + t("quiz.g.how"),
            buttons=buttons,
            footer=footer,
        )
    title = t("quiz.g.scored", score=grade.score, max=MAX_GRADE, name=grader, where=where)
    if grade.comment:
        text += "\n\n" + t("quiz.g.comment", text=grade.comment)
    status = t("quiz.state.scored", score=grade.score, max=MAX_GRADE)
    return Card(title=title, fields=fields, text=text, footer=footer, status=status)


def grade_form(t: Translator, answer_id: int, score: int) -> Form:
    """The optional comment that goes with a score; submitting it records both."""
    return Form(
        title=t("quiz.form.grade_title", score=score, max=MAX_GRADE),
        text=t("quiz.form.grade_text", score=score, max=MAX_GRADE),
        inputs=(
            Input(
                name="comment",
                label=t("quiz.form.comment_label"),
                multiline=True,
                required=False,
                max_length=MAX_COMMENT,
            ),
        ),
        submit=t("quiz.form.grade_submit"),
        action=GRADE_FORM,
        value=f"{answer_id}:{score}",
    )


def item_line(t: Translator, item: Item, names: dict[int, str]) -> str:
    """One question of a run in a report or result: what was answered and what it earned."""
    q, answer, grade = item.question, item.answer, item.grade
    head = t(
        "quiz.r.item",
        n=item.run_question.seq,
        kind=t(f"quiz.kind.{q.kind}"),
        text=clip(q.prompt, 120),
    )
    if answer is None:
        return head + "\n   " + t("quiz.r.unanswered", points=q.points)
    said = choice_text(q, answer.choice) if q.kind == "choice" else clip(answer.text or "", 200)
    out = head + "\n   " + t("quiz.r.said", text=said, id=answer.id)
    if item.pending:
        return out + "\n   " + t("quiz.r.pending", points=q.points)
    earned = t("quiz.r.earned", earned=number(item.earned), points=q.points)
    if grade is not None:
        by = names.get(grade.grader_id, "?")
        earned += " " + t("quiz.r.graded", score=grade.score, max=MAX_GRADE, name=by)
        if grade.comment:
            earned += " " + t("quiz.r.comment", text=clip(grade.comment, 200))
        if grade.revision > 1:
            earned += " " + t("quiz.r.changed", n=grade.revision - 1)
    return out + "\n   " + earned


def score_line(t: Translator, score: Score, pass_mark: int, complete: bool) -> str:
    line = t(
        "quiz.r.score",
        earned=number(score.earned),
        possible=score.possible,
        percent=number(score.percent),
    )
    if score.pending:
        return line + " " + t("quiz.r.pending_count", n=score.pending)
    if complete:
        verdict = "quiz.r.passed" if score.reaches(pass_mark) else "quiz.r.not_passed"
        return line + " " + t(verdict, mark=pass_mark)
    return line


def result_card(
    t: Translator,
    run: QuizRun,
    score: Score,
    items: list[Item],
    names: dict[int, str],
    pass_mark: int,
) -> Card:
    """What a rep gets when every answer of their quiz has its score."""
    return Card(
        title=t("quiz.result.title", run=run.id),
        text=score_line(t, score, pass_mark, complete=True)
        + "\n\n"
        + "\n".join(item_line(t, i, names) for i in items),
    )
