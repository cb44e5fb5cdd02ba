"""Look sentences up in the configured locale (`locale` in config: en or zh-CN)."""

from __future__ import annotations

from typing import Any

from handlers.core.strings import STRINGS

LOCALES = ("en", "zh-CN")


class Translator:
    """Looks a sentence up in the configured locale and fills it in."""

    def __init__(self, locale: str):
        self.index = LOCALES.index(locale)

    def __call__(self, key: str, **values: Any) -> str:
        return STRINGS[key][self.index].format(**values)
