"""What the console tests share."""

from __future__ import annotations

from bot.runtime import Runtime


def deliver_now(runtime: Runtime) -> None:
    """Deliver what is owed on this thread, for tests that run no delivery thread."""
    assert runtime.later.drain(10)
    while runtime.delivery.run_once():
        pass
