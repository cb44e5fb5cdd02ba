"""An id past what an id column holds (2,147,483,647 on PostgreSQL) is simply unknown: the
usual specific message, on SQLite and PostgreSQL alike, never an error from the database."""

from __future__ import annotations

import pytest

from tests.handlers.quiz_support import say
from tests.pipeline_support import open_account

TOO_BIG = "2147483648"
HUGE = "9" * 30


@pytest.mark.parametrize("number", [TOO_BIG, HUGE, "0"])
def test_ids_no_row_can_have_are_unknown(bot, number):
    open_account(bot.svc, "U0ALICE", "Acme", "1000")
    answers = {
        ("/lead", f"show {number}"): f"There is no lead #{number[:20]}.",
        ("/lead", f"cancel {number}"): f"There is no lead #{number[:20]}.",
        ("/deal", f"new {number} 100"): f"There is no lead #{number[:20]}.",
        ("/deal", number): f"There is no account #{number[:20]}.",
        ("/deal", f"#{number} amount 5"): f"There is no account #{number[:20]}.",
        ("/note", f"#{number} called them"): f"There is no account #{number[:20]}.",
        ("/account", number): f"There is no account #{number[:20]}.",
        ("/quiz", f"grade {number} 3"): f"There is no open answer #{number[:20]}.",
    }
    for (command, text), expected in answers.items():
        assert say(bot, "U0MARIA", command, text) == expected, (command, text)
