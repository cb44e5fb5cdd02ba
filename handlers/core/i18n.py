"""Look sentences up in the configured locale (`locale` in config: en or zh-CN)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

LOCALES = ("en", "zh-CN")


class Translator:
    """Looks a sentence up in the configured locale and fills it in. Each feature brings
    its own sentences, merged by the registry."""

    def __init__(self, locale: str, strings: Mapping[str, tuple[str, str]]):
        self.index = LOCALES.index(locale)
        self.locale = locale
        self.strings = strings

    def __call__(self, key: str, **values: Any) -> str:
        return self.strings[key][self.index].format(**values)
