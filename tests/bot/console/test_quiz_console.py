"""Quizzes in the console: numbered buttons for choices and scores, forms asked line by line."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest

from bot.console import Chat, ConsoleSender
from bot.runtime import build_runtime
from handlers.training import bank as quiz_bank
from handlers.training.bank import QuestionIn
from tests.bot.console.support import deliver_now
from tests.conftest import demo_config
from tests.handlers.quiz_support import BANK


class Session:
    """One console session; `answers` are the lines typed when a form asks."""

    def __init__(self, chat: Chat, out: io.StringIO):
        self.chat = chat
        self.out = out
        self.answers: list[str] = []
        chat.read = self._read

    def _read(self, prompt: str) -> str | None:
        self.out.write(prompt + "\n")
        return self.answers.pop(0) if self.answers else None

    def type(self, line: str, *answers: str) -> str:
        self.answers = list(answers)
        start = len(self.out.getvalue())
        assert self.chat.handle(line) is True
        return self.out.getvalue()[start:]


@pytest.fixture
def session(database_url: str, clock: Any) -> Iterator[Session]:
    config = demo_config(database_url)
    out = io.StringIO()
    sender = ConsoleSender(out, config.locale)
    runtime = build_runtime(config, {"console": sender}, clock)
    quiz_bank.add(runtime.svc, [QuestionIn.model_validate(r) for r in BANK], None)
    yield Session(Chat(runtime.svc, sender, settle=lambda: deliver_now(runtime)), out)
    runtime.delivery.pool.shutdown()
    runtime.svc.db.dispose()


def test_a_quiz_played_in_the_console(session):
    out = session.type("quiz start @Alice product 2")
    assert "Quiz #1 started for Alice: 2 question(s), closing at 2026-03-05 09:00 UTC." in out
    assert "── DM to Alice ──  card #1" in out
    assert "  A. 1 GB\n  B. 5 GB\n  C. 10 GB" in out
    assert "[1] A   [2] B   [3] C" in out
    session.type("as alice")
    out = session.type("2")
    assert "Alice pressed [2] B on card #1." in out
    assert "(card #1 updated)" in out and "Result: Right: +2 points" in out
    assert "Quiz #1 · question 2 of 2" in out
    assert "button [1] is gone" in session.type("1")


def test_an_open_answer_is_asked_as_a_prompt_and_scored_with_a_number(session):
    out = session.type("quiz start @Alice customers")
    assert "[1] Answer" in out
    session.type("as alice")
    out = session.type("1", "Ask what hurts with big files.")
    assert "── Question 1 of 1 ──\nWhat do you ask a design studio first?" in out
    assert "Your answer: \n" in out
    assert "(card #1 updated)" in out and "Sent to a manager for a score" in out
    assert "── DM to Maria ──  card #2" in out
    assert "[2] 0   [3] 1   [4] 2   [5] 3   [6] 4   [7] 5" in out
    session.type("as maria")
    out = session.type("6", "")  # a score of 4, no comment
    assert "Comment (optional): \n" in out
    assert "Scored 4/5 by Maria: Alice, quiz #1, question 1 of 1" in out
    assert "Result of quiz #1" in out and "8/10 points (80%) — passed" in out
    out = session.type("quiz report @alice")
    assert "   8/10 points (scored 4/5 by Maria)" in out


def test_an_empty_answer_is_refused_and_nothing_is_recorded(session):
    session.type("quiz start @Alice customers")
    session.type("as alice")
    out = session.type("1", "")
    assert "Type an answer before sending." in out
    assert "updated" not in out
    out = session.type("1")  # the user leaves the form unanswered
    assert "Form left unanswered; nothing was saved." in out
