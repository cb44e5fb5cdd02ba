"""The container files agree with the config: compose passes on every variable the shipped
config reads, migrates once before three replicas in HTTP mode, and gives each the time
its graceful shutdown takes."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from bot.config import load_config
from handlers.core.settings import parse_duration

ROOT = Path(__file__).resolve().parent.parent


def test_compose_passes_every_variable_the_config_reads() -> None:
    """Those without a default, but the Slack app token: the replicas run in HTTP mode."""
    settings = [line.partition("#")[0] for line in (ROOT / "config.yaml").read_text().splitlines()]
    wanted = set(re.findall(r"\$\{([A-Z_]+)\}", "\n".join(settings))) - {"SLACK_APP_TOKEN"}
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    given = set(compose["x-salesbot"]["environment"])
    image = set(re.findall(r"^\s+(?:ENV )?([A-Z_]+)=", (ROOT / "Dockerfile").read_text(), re.M))
    assert wanted - given - image == set()


def test_compose_migrates_once_then_starts_three_replicas_behind_the_proxy() -> None:
    services = yaml.safe_load((ROOT / "compose.yaml").read_text())["services"]
    assert services["migrate"]["command"][:2] == ["salesbot", "migrate"]
    assert services["migrate"]["depends_on"]["db"]["condition"] == "service_healthy"
    bot = services["bot"]
    assert bot["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert bot["deploy"]["replicas"] == 3 and "ports" not in bot  # reached through the proxy
    assert "bot:3000" in (ROOT / "deploy" / "nginx.conf").read_text()
    grace = load_config(ROOT / "config.yaml").shutdown_grace.total_seconds()
    assert parse_duration(bot["stop_grace_period"]).total_seconds() > grace
