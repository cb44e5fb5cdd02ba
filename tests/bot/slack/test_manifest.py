"""The Slack app manifest asks Slack for what the bot listens to: every slash command,
the Home tab and its event."""

from __future__ import annotations

from pathlib import Path

import yaml

from handlers import features

MANIFEST = Path(__file__).resolve().parents[3] / "manifest.yaml"


def test_the_manifest_has_every_command_the_tab_and_its_event() -> None:
    manifest = yaml.safe_load(MANIFEST.read_text())
    listed = {c["command"] for c in manifest["features"]["slash_commands"]}
    # a Slack command name is latin: 主页 is typed to the bot instead
    commands = {f"/{name}" for name in features.registry().commands if name.isascii()}
    assert commands - listed == set()
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
    assert "app_home_opened" in manifest["settings"]["event_subscriptions"]["bot_events"]
