"""Every sentence the bot says, in English and Simplified Chinese, one module per feature."""

from __future__ import annotations

from salesbot.handlers.strings import pipeline, quiz, roulette

STRINGS: dict[str, tuple[str, str]] = {**roulette.STRINGS, **pipeline.STRINGS, **quiz.STRINGS}
