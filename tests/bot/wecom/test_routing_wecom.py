"""Routing on WeCom: the Contacted button on a claimed template card, time off and who
is next typed to the app, the SLA's reminder."""

from __future__ import annotations

from tests.bot.wecom.conftest import labels, said, text_of, title, typed, updates_of


def test_contacted_on_a_template_card(make_wecom_bot):
    wbot = make_wecom_bot(team={"first_touch": "30m"})
    wbot.lead({"company": "Acme"})
    [card] = wbot.cards_to("alice")
    wbot.clock.advance(seconds=5)
    wbot.click("alice", card, "Claim")
    [claimed] = updates_of(wbot, card)
    assert title(claimed) == "Claimed by you: Acme"
    assert labels(claimed) == ["New deal", "Contacted"]
    wbot.clock.advance(minutes=31)
    [reminder] = said(wbot, "alice", "have not been in touch")
    assert text_of(reminder).startswith("Lead #1 Acme: you claimed it 31 min ago")
    wbot.click("alice", claimed, "Contacted")
    contacted = updates_of(wbot, card, count=2)[-1]
    assert labels(contacted) == ["New deal"]


def test_time_off_and_who_is_next_typed_to_the_app(wbot):
    answer = typed(wbot, "maria", "team away carol until 2026-03-09 dentist", "away")
    assert answer == "Carol is now away until 2026-03-09: no new leads until then."
    shown = typed(wbot, "maria", "lead next", "next lead").splitlines()
    assert shown[3].startswith("3. Carol: skipped: away until 2026-03-09")
    overview = typed(wbot, "maria", "team", "Team sales")
    assert "• Carol: away until 2026-03-09 (dentist)" in overview
