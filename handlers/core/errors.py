"""The one error a handler raises for bad input; everything else it answers with."""

from __future__ import annotations


class CommandError(Exception):
    """Bad input: the message says what is wrong, in the user's language; nothing changed.

    Raised with no message, it means "show this command's usage".
    """
