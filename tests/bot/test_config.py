"""config.yaml: the shipped example runs as is; every mistake is named by its key."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import ConfigError, load_config, parse_config

ROOT = Path(__file__).resolve().parents[2]


def minimal(**extra):
    return {"teams": [{"name": "sales", "managers": ["U0M"], "reps": [{"name": "A"}]}], **extra}


def problems(raw) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        parse_config(raw)
    return caught.value.problems


def test_shipped_config_runs_in_console_mode(monkeypatch):
    for var in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "DATABASE_URL"):
        monkeypatch.delenv(var, raising=False)
    config = load_config(ROOT / "config.yaml")
    assert not config.slack.enabled
    assert config.database.url == "sqlite:///salesbot.db"
    assert [r.name for r in config.teams[0].reps] == ["Alice", "Bob", "Carol"]


def test_env_secrets(monkeypatch):
    monkeypatch.setenv("BOT", "xoxb-1")
    monkeypatch.setenv("SIGN", "abc")
    config = parse_config(minimal(slack={"bot_token": "${BOT}", "signing_secret": "${SIGN}"}))
    assert config.slack.enabled and config.slack.signing_secret == "abc"
    monkeypatch.setenv("BOT", "")
    assert problems(minimal(slack={"bot_token": "${BOT}"})) == ["slack.bot_token: is set but empty"]
    monkeypatch.delenv("BOT")
    assert not parse_config(minimal(slack={"bot_token": "${BOT}"})).slack.enabled


def test_each_problem_is_one_line_with_its_key_path(monkeypatch):
    monkeypatch.delenv("NOPE", raising=False)
    raw = {
        "locale": "fr",
        "http": {"port": 70000},
        "slack": {"bot_token": "xoxb-1"},
        "teams": [
            {
                "name": "sales",
                "window": "ten minutes",
                "timezone": "Mars/Olympus",
                "managers": [],
                "reps": [{"name": "A", "capacity": -1}, {"name": "B", "slack": "alice"}],
                "colour": "red",
            }
        ],
    }
    found = problems(raw)
    assert any(p.startswith("locale: ") for p in found)
    assert any(p.startswith("http.port: ") for p in found)
    assert "slack: signing_secret is required in HTTP mode (no app_token)" in found
    assert "teams[0].window: 'ten minutes' is not a duration such as 10m, 30s or 1h30m" in found
    assert "teams[0].timezone: unknown time zone 'Mars/Olympus'" in found
    assert any(p.startswith("teams[0].managers: ") for p in found)
    assert any(p.startswith("teams[0].reps[0].capacity: ") for p in found)
    assert any(p.startswith("teams[0].reps[1].slack: ") for p in found)
    assert "teams[0].colour: Extra inputs are not permitted" in found
    assert problems(minimal(database={"url": "${NOPE}/x"})) == [
        "database.url: environment variable NOPE is not set"
    ]


def test_the_file_store_and_contract_reminders(monkeypatch, tmp_path):
    config = parse_config(minimal(data_dir=str(tmp_path)))
    assert config.files.url == (tmp_path / "files").as_uri()
    assert (config.files.max_recording_mb, config.files.max_contract_mb) == (200, 25)
    assert config.pipeline.contract_reminder.total_seconds() == 4 * 3600
    assert config.http.base_url == "http://127.0.0.1:3000"
    monkeypatch.setenv("DAV_USER", "sales")
    monkeypatch.setenv("DAV_PASSWORD", "s3cret")
    webdav = minimal(
        files={
            "url": "webdav+https://drive.example.com/dav/sales",
            "user": "${DAV_USER}",
            "password": "${DAV_PASSWORD}",
        },
        http={"public_url": "https://bot.example.com/"},
    )
    config = parse_config(webdav)
    assert (config.files.user, config.files.password) == ("sales", "s3cret")
    assert config.http.base_url == "https://bot.example.com"
    found = problems(
        minimal(
            files={"url": "ftp://x", "max_contract_mb": 0, "link_ttl": "8d", "user": "u"},
            pipeline={"contract_reminder": "30s"},
            http={"public_url": "bot.example.com"},
        )
    )
    assert (
        "files.url: 'ftp://x': use file:///path, webdav+https://host/path or "
        "s3://bucket/prefix" in found
    )
    assert any(p.startswith("files.max_contract_mb: ") for p in found)
    assert "files.link_ttl: must be between 1m and 7d" in found
    assert "pipeline.contract_reminder: must be at least 1m" in found
    assert any(p.startswith("http.public_url: ") for p in found)
    assert problems(minimal(files={"user": "u"})) == ["files: user and password go together"]


def test_windows_and_duplicates():
    assert parse_config(minimal()).teams[0].window.total_seconds() == 600
    team = minimal()["teams"][0] | {"window": "1h30m"}
    assert parse_config({"teams": [team]}).teams[0].window.total_seconds() == 5400
    assert problems({"teams": [team | {"window": "1s"}]}) == [
        "teams[0].window: must be between 5s and 7d"
    ]
    dupes = minimal()["teams"][0] | {"reps": [{"name": "A"}, {"name": "a"}]}
    assert problems({"teams": [dupes]}) == ["teams[0]: rep names must be unique, repeated: a"]


def test_cli_prints_problems_and_exits_2(tmp_path):
    bad = tmp_path / "config.yaml"
    bad.write_text("teams: [{name: sales, window: soon, managers: [U0M], reps: [{name: A}]}]\n")
    run = subprocess.run(
        [sys.executable, "-m", "bot.cli", "run", "--config", str(bad)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 2
    assert "teams[0].window: 'soon' is not a duration" in run.stderr
    assert "Traceback" not in run.stderr
    missing = subprocess.run(
        [sys.executable, "-m", "bot.cli", "run", "--config", str(tmp_path / "no.yaml")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert missing.returncode == 2 and "no such file" in missing.stderr


@pytest.mark.parametrize(
    "today", ["2026-11-01", "2026-11-23", "2026-12-01", "2027-03-02", "2030-01-01"]
)
def test_the_shipped_config_starts_on_a_new_database_on_any_date_with_no_error(
    monkeypatch, database_url: str, today: str
):
    """The demo ships its example questions, so its new rep's first quiz, due at once on a
    date long after her start, finds questions, and nothing at start says anything failed."""
    import io
    from datetime import UTC, datetime

    from bot.console.sender import ConsoleSender
    from bot.runtime import build_runtime
    from handlers.training import timers

    for var in ("SLACK_BOT_TOKEN", "WECOM_SECRET", "SALESBOT_INTAKE_TOKEN"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("DATABASE_URL", database_url)
    config = load_config(ROOT / "config.yaml")
    out = io.StringIO()
    clock_now = datetime.fromisoformat(today).replace(hour=10, tzinfo=UTC)
    runtime = build_runtime(config, {"console": ConsoleSender(out)}, _At(clock_now))
    try:
        timers.sweep(runtime.svc)
        while runtime.delivery.run_once():
            pass
        text = out.getvalue()
    finally:
        runtime.svc.db.dispose()
    for word in ("no questions", "went wrong", "failed", "Traceback"):
        assert word not in text
    started = "Your first onboarding quiz" in text
    assert started == (today >= "2026-11-30")  # Carol started on 2026-11-23; 7 days later


class _At:
    def __init__(self, now):
        self._now = now

    def now(self):
        return self._now


def test_the_readme_quiz_example_has_its_questions(monkeypatch, database_url: str):
    """`/quiz start @alice product 5` from the README works with the shipped questions."""
    from bot.runtime import build_runtime
    from tests.conftest import Bot
    from tests.fakes.recording import RecordingSender
    from tests.handlers.quiz_support import say

    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("SALESBOT_INTAKE_TOKEN", "x")
    config = load_config(ROOT / "config.yaml")
    chat = RecordingSender()
    runtime = build_runtime(config, {"slack": chat})
    try:
        bot = Bot(runtime, chat, runtime.svc.clock)
        answer = say(bot, "U0MANAGER", "/quiz", "start @alice product 5")
    finally:
        runtime.svc.db.dispose()
    assert answer.startswith("Quiz #1 started for Alice: 5 question(s)")
