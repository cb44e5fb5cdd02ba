"""Forms asked one question per chat message, for chats without modals (WeCom).

The form waits in the database, so an answer typed after a restart still counts. Each
answer moves the form on by one step with a conditional UPDATE, so a message delivered
twice is never counted twice.
"""

from __future__ import annotations

from sqlalchemy import delete, select, update

from handlers.core.actions import run_submission
from handlers.core.context import Actor, Services
from handlers.core.messages import Form, FormInvalid, Input, Text
from storage.models import PendingForm

CANCEL = {"cancel", "取消", "/cancel"}
SKIP = {"-", "skip", "跳过"}  # a chat message cannot be empty: this leaves a field blank


def _prompt(svc: Services, form: Form, field: Input, first: bool) -> Text:
    lines = [f"{form.title}", form.text] if first else []
    lines.append(field.label + ("" if field.required else f" ({svc.t('form.optional')})"))
    if field.initial:
        lines.append(svc.t("form.default", value=field.initial))
    if field.choices:
        lines += [f"{i}. {choice}" for i, choice in enumerate(field.choices, 1)]
    lines.append(svc.t("form.how_to_answer"))
    return Text(text="\n".join(line for line in lines if line))


def start(svc: Services, platform: str, user_id: str, form: Form) -> Text:
    """Put the form to the user (replacing one they left unanswered); returns the first question."""
    with svc.db.transaction() as s:
        s.execute(
            delete(PendingForm).where(
                PendingForm.platform == platform, PendingForm.user_id == user_id
            )
        )
        s.add(
            PendingForm(
                platform=platform,
                user_id=user_id,
                form=form.model_dump(mode="json"),
                answers={},
                step=0,
                started_at=svc.clock.now(),
            )
        )
    return _prompt(svc, form, form.inputs[0], first=True)


def waiting(svc: Services, platform: str, user_id: str) -> bool:
    with svc.db.reading() as s:
        return (
            s.scalar(
                select(PendingForm.id).where(
                    PendingForm.platform == platform, PendingForm.user_id == user_id
                )
            )
            is not None
        )


def _check(svc: Services, field: Input, text: str) -> tuple[str | None, str | None]:
    """(answer, None) or (None, what is wrong)."""
    text = text.strip()
    # "-" keeps what the prompt offered ("- keeps 12,000"), or leaves an optional field blank
    if text.lower() in SKIP and (field.initial or not field.required):
        return field.initial, None
    if field.choices:
        if text.isdigit() and 1 <= int(text) <= len(field.choices):
            return field.choices[int(text) - 1], None
        if text in field.choices:
            return text, None
        if text or field.required:
            return None, svc.t("form.pick_one", n=len(field.choices))
    if not text and field.required:
        return None, svc.t("form.required")
    if len(text) > field.max_length:
        return None, svc.t("input.too_long", max=field.max_length)
    return text, None


def answer(svc: Services, actor: Actor, text: str) -> Text | None:
    """Take the user's message as the answer to the form's current question."""
    platform, user_id = actor.platform, actor.user_id
    with svc.db.transaction() as s:
        row = s.scalar(
            select(PendingForm).where(
                PendingForm.platform == platform, PendingForm.user_id == user_id
            )
        )
        if row is None:
            return None
        if text.strip().lower() in CANCEL:
            s.delete(row)
            return Text(text=svc.t("form.cancelled"))
        # Read before the UPDATE below: it refreshes `row` in the session.
        form, step = Form.model_validate(row.form), row.step
        field = form.inputs[step]
        value, problem = _check(svc, field, text)
        if problem is not None:
            return Text(text=problem + "\n" + _prompt(svc, form, field, first=False).text)
        answers = {**row.answers, field.name: value}
        done = step + 1 == len(form.inputs)
        moved = s.execute(
            update(PendingForm)
            .where(PendingForm.id == row.id, PendingForm.step == step)
            .values(answers=answers, step=step + 1)
            .returning(PendingForm.id)
        ).first()
        if moved is None:  # the same message, delivered twice
            return None
        if done:
            s.execute(delete(PendingForm).where(PendingForm.id == row.id))
    if not done:
        return _prompt(svc, form, form.inputs[step + 1], first=False)
    try:
        return run_submission(svc, actor, form.action, form.value, answers) or Text(
            text=svc.t("form.received")
        )
    except FormInvalid as exc:  # ask the whole form again, saying what was wrong
        again = start(svc, platform, user_id, form)
        return Text(text="\n".join(exc.errors.values()) + "\n" + again.text)
