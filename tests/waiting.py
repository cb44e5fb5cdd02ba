"""Waiting in tests for what the bot does on its own threads (delivery, callbacks' work)."""

from __future__ import annotations

import time
from collections.abc import Callable


def wait_until(check: Callable[[], object], timeout: float = 10.0) -> None:
    """Poll `check` until it is true; fail the test if it is not within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.02)
