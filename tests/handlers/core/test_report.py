"""What handlers report is heard once it is committed, and never when it is rolled back."""

from __future__ import annotations

from typing import Any

import pytest

from handlers.core.report import Event, report


def test_an_event_is_heard_after_its_commit_and_not_before(bot: Any) -> None:
    heard: list[Event] = []
    bot.svc.on_event = heard.append
    with bot.svc.db.transaction() as s:
        report(bot.svc, s, "lead.received", team="sales", lead=7, source="web")
        assert heard == []
    assert heard == [Event("lead.received", {"team": "sales", "lead": 7, "source": "web"})]


def test_an_event_rolled_back_is_never_heard(bot: Any) -> None:
    heard: list[Event] = []
    bot.svc.on_event = heard.append
    with pytest.raises(RuntimeError), bot.svc.db.transaction() as s:
        report(bot.svc, s, "offer.claimed", seconds=3.0, team="sales", lead=7, offer=9)
        raise RuntimeError("the change fails")
    with bot.svc.db.transaction() as s:
        pass  # a later transaction of the same kind does not bring it back
    assert heard == []


def test_a_hearer_that_fails_does_not_undo_the_change(bot: Any) -> None:
    def fails(_event: Event) -> None:
        raise ValueError("metrics are down")

    bot.svc.on_event = fails
    with bot.svc.db.transaction() as s:
        report(bot.svc, s, "lead.pooled", team="sales", lead=1)
    # no exception: the commit stands and the caller carries on
