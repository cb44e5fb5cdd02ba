"""The one error a handler raises for bad input; everything else it answers with."""

from __future__ import annotations


class CommandError(Exception):
    """Bad input: the message says what is wrong, in the user's language; nothing changed.

    Raised with no message, it means "show this command's usage".
    """


class StartupError(Exception):
    """What the config asks for cannot be done (a question file that does not import):
    one line per problem, naming its key; the bot does not start."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems
