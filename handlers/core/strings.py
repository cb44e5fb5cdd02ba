"""Every sentence the bot says, in English and Simplified Chinese, one module per feature."""

from __future__ import annotations

from handlers.pipeline import strings as pipeline
from handlers.roulette import strings as roulette
from handlers.training import strings as quiz

STRINGS: dict[str, tuple[str, str]] = {**roulette.STRINGS, **pipeline.STRINGS, **quiz.STRINGS}
