"""A local terminal chat over the same handlers: try the bot with no Slack account."""

from bot.console.app import run_console
from bot.console.chat import Chat
from bot.console.sender import ConsoleSender

__all__ = ["Chat", "ConsoleSender", "run_console"]
