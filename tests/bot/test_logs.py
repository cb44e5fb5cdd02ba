"""Log lines: JSON that parses with the ids as fields, text with them as key=value, and
never a secret (a full run's logs are searched for them in test_secrets_in_logs.py)."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest

from bot import logs
from bot.config import parse_config
from handlers.roulette.intake import LeadInput, add_lead
from tests.conftest import demo_team


@pytest.fixture
def written() -> Iterator[Any]:
    """Log to a buffer as the app would, with the secrets given; what was written."""
    root, scheduler = logging.getLogger(), logging.getLogger("apscheduler")
    handlers, level, scheduler_level = root.handlers[:], root.level, scheduler.level
    buffer = io.StringIO()

    def start(fmt: str, secrets: tuple[str, ...] = ()) -> io.StringIO:
        logs.configure("info", fmt, secrets, stream=buffer)
        return buffer

    yield start
    for handler in root.handlers[:]:
        root.removeHandler(handler)
    for handler in handlers:
        root.addHandler(handler)
    root.setLevel(level)
    scheduler.setLevel(scheduler_level)


def test_a_json_line_parses_and_carries_the_lead_and_offer_ids(bot: Any, written: Any) -> None:
    buffer = written("json")
    lead, _ = add_lead(bot.svc, "sales", LeadInput(company="Acme", source="web"))
    lines = [json.loads(line) for line in buffer.getvalue().splitlines()]
    [opened] = [line for line in lines if line["message"] == "offer opened"]
    assert opened["lead"] == lead.id and isinstance(opened["offer"], int)
    assert opened["team"] == "sales" and opened["user"] == "Alice"
    assert opened["level"] == "INFO" and opened["logger"] == "salesbot.events"
    assert opened["time"].startswith("2") and "T" in opened["time"]
    [received] = [line for line in lines if line["message"] == "lead received"]
    assert (received["lead"], received["source"]) == (lead.id, "web")


def test_a_text_line_ends_with_its_fields(bot: Any, written: Any) -> None:
    buffer = written("text")
    add_lead(bot.svc, "sales", LeadInput(company="Acme"))
    [opened] = [line for line in buffer.getvalue().splitlines() if "offer opened" in line]
    assert " INFO salesbot.events: offer opened " in opened
    assert opened.endswith("team=sales lead=1 offer=1 user=Alice")


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_secrets_are_taken_out_of_every_line(written: Any, fmt: str) -> None:
    buffer = written(fmt, ("s3cret-signing", 'quote"d'))
    log = logging.getLogger("somewhere.in.a.library")
    log.info('signing with s3cret-signing and quote"d')
    log.info("GET /cgi-bin/gettoken?corpid=ww1&corpsecret=Sx9&x=1 and ?access_token=tok-42")
    log.info("token xoxb-123-456-abc, app xapp-1-A0-9, Authorization: Bearer abc.def")
    log.info("X-Slack-Signature: v0=%s", "ab" * 32)
    log.info('answer {"access_token": "tok-9", "expires_in": 7200} and %s', {"echostr": "echo-E1x"})
    log.warning("failed", extra={"url": "/wecom/callback?msg_signature=f00&timestamp=1"})
    out = buffer.getvalue()
    for secret in (
        "tok-9",
        "echo-E1x",
        "s3cret-signing",
        "quote",
        "Sx9",
        "tok-42",
        "xoxb-",
        "xapp-",
        "abc.def",
        "ab" * 32,
    ):
        assert secret not in out
    for kept in ("corpid=ww1", "corpsecret=[redacted]", "access_token=[redacted]", "timestamp=1"):
        assert kept in out
    assert "msg_signature=[redacted]" in out and "expires_in" in out


def test_the_log_keys_are_checked() -> None:
    from bot.config import ConfigError

    config = parse_config({"teams": [demo_team()], "log": {"level": "debug", "format": "json"}})
    assert (config.log.level, config.log.format) == ("debug", "json")
    assert (parse_config({"teams": [demo_team()]}).log.format) == "text"
    with pytest.raises(ConfigError) as refused:
        parse_config({"teams": [demo_team()], "log": {"format": "xml", "colour": True}})
    assert [p.split(":")[0] for p in refused.value.problems] == ["log.format", "log.colour"]


def test_routine_job_runs_are_not_logged_at_info(written: Any) -> None:
    buffer = written("text")
    logging.getLogger("apscheduler.executors.default").info('Running job "sweep"')
    logging.getLogger("apscheduler.scheduler").warning("Run time of job was missed")
    assert buffer.getvalue().count("job") == 1 and "missed" in buffer.getvalue()
