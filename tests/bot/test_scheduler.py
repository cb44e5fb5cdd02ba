"""The scheduler starts and stops cleanly, however soon after starting it is stopped."""

from __future__ import annotations

import threading

import pytest

from bot.runtime import build_runtime
from tests.conftest import demo_config


class NoChat:
    platform = "slack"


def test_a_bot_stopped_right_after_it_started_raises_nothing_in_its_threads(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Start-up jobs (the digests' catch-up) run once; stopping as they are handed on used
    to end APScheduler's thread with a JobLookupError."""
    raised: list[BaseException | None] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: raised.append(args.exc_value))
    config = demo_config(database_url)
    for _ in range(5):
        runtime = build_runtime(config, {"slack": NoChat()})
        runtime.start()
        runtime.stop()
    assert raised == []
