"""Helpers for the training tests: a small question bank, typed commands, clicks, forms."""

from __future__ import annotations

from sqlalchemy import func, select

from handlers.core.actions import run_action, run_submission
from handlers.core.commands import run_command
from handlers.core.messages import Button, Card, Form, Text
from handlers.training import bank as quiz_bank
from handlers.training.bank import QuestionIn

# Hand-made so the tests can compute scores by hand: 2 + 3 + 5 + 10 = 20 points.
BANK = [
    {
        "category": "product",
        "type": "choice",
        "question": "How much storage does the free plan include?",
        "choices": ["1 GB", "5 GB", "10 GB"],
        "answer": "5 GB",
        "points": 2,
    },
    {
        "category": "product",
        "type": "choice",
        "question": "Which plan adds single sign-on?",
        "choices": ["Personal", "Team", "Enterprise"],
        "answer": "C",
        "points": 3,
    },
    {
        "category": "product",
        "type": "open",
        "question": "How do we keep a customer's files safe?",
        "model_answer": "Encryption in transit and at rest, version history, admin permissions.",
        "covers": "encryption; versions; permissions",
        "points": 5,
    },
    {
        "category": "customers",
        "type": "open",
        "question": "What do you ask a design studio first?",
        "model_answer": "What hurts today: large files, client sharing, cost per seat.",
        "covers": "current pain; large files",
        "points": 10,
    },
]


def seed(bot, rows=BANK) -> list[int]:
    return quiz_bank.add(bot.svc, [QuestionIn.model_validate(r) for r in rows], None)


def say(bot, user: str, command: str, text: str = "") -> str:
    """A typed command's answer as the user reads it."""
    replies = run_command(bot.svc, bot.actor(user), command, text)
    return "\n".join(
        r.text if isinstance(r, Text) else r.plain() for r in replies if not isinstance(r, Form)
    )


def reply_form(bot, user: str, command: str, text: str = "") -> Form:
    [form] = run_command(bot.svc, bot.actor(user), command, text)
    assert isinstance(form, Form), form
    return form


def click(bot, user: str, button: Button) -> Text | Form | None:
    return run_action(bot.svc, bot.actor(user), button.action, button.value)


def submit(bot, user: str, form: Form, **answers: str) -> Text | None:
    return run_submission(bot.svc, bot.actor(user), form.action, form.value, answers)


def button(card: Card, label: str) -> Button:
    found = [b for b in card.buttons if b.label == label]
    assert found, f"no {label!r} button on {card.title!r}: {[b.label for b in card.buttons]}"
    return found[0]


def dms(bot, slack_id: str) -> list:
    """Every message sent to the user's DM, delivered first."""
    bot.deliver()
    return [s.message for s in bot.chat.to(slack_id)]


def cards(bot, slack_id: str) -> list[Card]:
    return [m for m in dms(bot, slack_id) if isinstance(m, Card)]


def updates(bot, slack_id: str) -> list:
    bot.deliver()
    return [s.message for s in bot.chat.log if s.action == "update" and s.address == f"D{slack_id}"]


def channel(bot, name: str = "C0MGRS") -> list[str]:
    bot.deliver()
    return [s.message.plain() for s in bot.chat.to(name)]


def count(bot, model) -> int:
    with bot.svc.db.transaction() as s:
        return s.scalar(select(func.count()).select_from(model))
