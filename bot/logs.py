"""Logging: lines of text or of JSON (`log: {level, format}`), with the ids involved (team,
lead, offer, account, user) as fields, and never a secret.

Fields are what a log call passes as `extra=`: JSON lines carry them as keys, text lines
end with them as `key=value`. Every line is scrubbed as it is written: the config's
secrets, Slack tokens, bearer tokens, signatures and WeCom's access tokens in URLs are
replaced by `[redacted]`, whoever logged them (the bot or a library at debug level).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable
from typing import Literal

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter

from handlers.core.report import Event

Format = Literal["text", "json"]

REDACTED = "[redacted]"
# Secrets the config does not hold: tokens Slack hands out, Slack's request signatures,
# whatever follows "Bearer" ...
_TOKENS = re.compile(
    r"xox[a-z]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+|v0=[0-9a-f]{64}|(?<=Bearer )[^\s\"']+"
)
# ... and the values of these keys, as `key=value` (URLs) or `"key": "value"` (JSON, dicts):
# a WeCom access token, the corp secret fetching one, callback signatures.
_KEYS = r"access_token|corpsecret|msg_signature|signature|echostr|encoding_aes_key"
_PAIRS = re.compile(rf"(\b(?:{_KEYS})(?:=|\\?[\"']?\s*:\s*\\?[\"']))[^&\s\"'\\]+")
_RESERVED = frozenset(RESERVED_ATTRS) | {"message", "color_message"}
events = logging.getLogger("salesbot.events")


class _Scrubbed(logging.Formatter):
    """Formats a line, then takes out every secret it finds in it."""

    secrets: tuple[str, ...] = ()

    def scrub(self, line: str) -> str:
        for secret in self.secrets:
            line = line.replace(secret, REDACTED)
        line = _TOKENS.sub(REDACTED, line)
        return _PAIRS.sub(rf"\1{REDACTED}", line)


class TextFormatter(_Scrubbed):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        fields = " ".join(f"{k}={v}" for k, v in _fields(record))
        return self.scrub(f"{line} {fields}" if fields else line)


class JsonLineFormatter(JsonFormatter, _Scrubbed):
    """One JSON object a line: time, level, logger, message and the fields."""

    def __init__(self) -> None:
        super().__init__(
            "%(levelname)s %(name)s %(message)s",
            rename_fields={"levelname": "level", "name": "logger"},
            timestamp="time",
            json_ensure_ascii=False,
        )

    def format(self, record: logging.LogRecord) -> str:
        return self.scrub(super().format(record))


def _fields(record: logging.LogRecord) -> Iterable[tuple[str, object]]:
    return ((k, v) for k, v in record.__dict__.items() if k not in _RESERVED)


def formatter(fmt: Format, secrets: Iterable[str | None]) -> logging.Formatter:
    """Lines of text or JSON with `secrets` never written: as given and as JSON escapes them,
    longest first (a secret that contains another is taken out whole)."""
    made: _Scrubbed = JsonLineFormatter() if fmt == "json" else TextFormatter()
    spelt = {form for s in secrets if s for form in (s, json.dumps(s)[1:-1])}
    made.secrets = tuple(sorted(spelt, key=len, reverse=True))
    return made


def configure(level: str, fmt: Format, secrets: Iterable[str | None], **where: object) -> None:
    """Send the process's logs to a stream or a file (`logging.basicConfig`'s `stream=` or
    `filename=`) at `level`, formatted as `fmt`."""
    logging.basicConfig(level=level.upper(), force=True, **where)  # type: ignore[arg-type]
    for handler in logging.getLogger().handlers:
        handler.setFormatter(formatter(fmt, secrets))
    # APScheduler tells of every job run at info (the sweep runs 4 times a second): its
    # warnings and errors are what an operator needs, unless they asked for debug.
    quiet = logging.DEBUG if level == "debug" else logging.WARNING
    logging.getLogger("apscheduler").setLevel(quiet)


def event(happened: Event) -> None:
    """A handler's report as a line: `offer claimed` with team, lead, offer, user …"""
    fields = dict(happened.fields)
    if happened.seconds is not None:
        fields["seconds"] = round(happened.seconds, 3)
    events.info(happened.name.replace(".", " "), extra=fields)
