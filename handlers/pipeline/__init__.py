"""The pipeline: a claimed lead becomes an account, moves through the stages to won or
lost, and is weighed into the forecast; call notes and recordings sit on its timeline.

Read it in this order: `accounts` (open, move, change a deal), `find` (which account is
meant), `forecast` and `chart`, `notes` (notes and recordings), `cards` and `commands`.
"""

from __future__ import annotations

from handlers.core.registry import Feature
from handlers.pipeline import accounts, cards, commands, notes, strings

FEATURE = Feature(
    name="pipeline",
    commands=commands.COMMANDS,
    actions={
        cards.OPEN: accounts.ask_to_open,
        cards.MOVE: accounts.click_move,
        notes.ATTACH: notes.click_attach,
    },
    submissions={cards.OPEN: accounts.submit_open, cards.LOST: accounts.submit_lost},
    strings=strings.STRINGS,
    files=notes.recording_shared,
)
