"""A local terminal chat over the same handlers: try the bot with no Slack account."""

from salesbot.bot.console.app import run_console
from salesbot.bot.console.chat import Chat
from salesbot.bot.console.sender import ConsoleSender

__all__ = ["Chat", "ConsoleSender", "run_console"]
