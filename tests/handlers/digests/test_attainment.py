"""The forecast digest leads with attainment this quarter and next, and its chart marks each
rep's quota beside their stacked bar: read back from the drawn figure, not by eye."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from handlers.core.messages import Image
from handlers.digests import scheduled
from handlers.digests.forecast import chart_data
from handlers.pipeline import chart, quotas
from handlers.pipeline.forecast import Quarter, compute, names
from tests.pipeline_support import open_account, say

MONDAY_9 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_the_digest_leads_with_attainment_and_its_chart_marks_the_quotas(bot, clock):
    clock.current = MONDAY_9
    svc = bot.svc
    open_account(svc, "U0ALICE", "A1", "20000", date(2026, 3, 20))  # trial: 12,000 weighted
    open_account(svc, "U0ALICE", "A2", "10000", date(2026, 3, 25))  # won: 10,000
    open_account(svc, "U0BOB", "B1", "30000", date(2026, 3, 31))  # needs: 9,000 weighted
    open_account(svc, "U0CAROL", "C1", "4000", date(2026, 5, 15))  # next quarter: 1,200
    say(svc, "U0ALICE", "/deal", "A1 stage trial")
    say(svc, "U0ALICE", "/deal", "A2 stage won")
    say(svc, "U0MARIA", "/forecast", "quota @Alice Q1 40000")
    say(svc, "U0MARIA", "/forecast", "quota @Bob Q1 50000")
    say(svc, "U0MARIA", "/forecast", "quota @Carol Q1 5000")  # Carol: nothing this quarter
    say(svc, "U0MARIA", "/forecast", "quota next 30000")
    assert scheduled.run_scheduled(svc, "forecast", "sales")
    bot.deliver()
    card, picture = [
        s.message
        for s in bot.chat.to("C0MGRS")
        if isinstance(s.message, Image) or s.message.plain().startswith("Forecast digest")
    ]
    # this quarter: 31,000 of 95,000 = 32.6% → 33%; gap 64,000; 50,000 open ÷ 85,000 = 0.59
    # next quarter: 1,200 of 30,000 = 4%; gap 28,800; 4,000 ÷ 30,000 = 0.13
    assert card.text.splitlines()[:2] == [
        "Attainment 2026-Q1: won 10,000 + weighted 21,000 = 31,000 · 33% of 95,000 · "
        "gap 64,000 · coverage 0.6× (open 50,000 ÷ 85,000 left to win)",
        "Attainment 2026-Q2: won 0 + weighted 1,200 = 1,200 · 4% of 30,000 · gap 28,800 · "
        "coverage 0.1× (open 4,000 ÷ 30,000 left to win)",
    ]
    assert picture.content.startswith(b"\x89PNG")

    # the chart, as the digest draws it
    with svc.db.reading() as s:
        forecast = compute(s, 1, Quarter(2026, 1))
        targets = quotas.in_force(s, 1, Quarter(2026, 1))
        bars = chart_data(svc.config.pipeline, forecast, targets, names(s, {1, 2, 3}))
    figure = chart.figure("t", "weighted amount", "quota", bars)
    [axes] = figure.axes
    reps = [label.get_text() for label in axes.get_xticklabels()]
    assert reps == ["Alice", "Bob", "Carol"]  # largest weighted first; Carol for her quota
    [marks] = [c for c in axes.collections if c.get_gid() == chart.QUOTA]
    assert marks.get_offsets().tolist() == [[0.5, 40000.0], [1.5, 50000.0], [2.5, 5000.0]]
    # each mark sits right beside its rep's bar: the bar spans x ± 0.4, the mark at x + 0.5
    tops: dict[float, float] = {}
    for bar in axes.patches:
        middle = round(bar.get_x() + bar.get_width() / 2, 6)
        tops[middle] = max(tops.get(middle, 0.0), bar.get_y() + bar.get_height())
        assert bar.get_width() == 0.8
    assert tops == {0.0: 22000.0, 1.0: 9000.0, 2.0: 0.0}  # won 10,000 + trial 12,000; needs
    assert bars.marks == {
        "Alice": Decimal("40000.00"),
        "Bob": Decimal("50000.00"),
        "Carol": Decimal("5000.00"),
    }
    # the legend names the marks
    assert "quota" in [text.get_text() for text in axes.get_legend().get_texts()]
