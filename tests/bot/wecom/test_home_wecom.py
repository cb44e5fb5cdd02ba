"""`home` on WeCom: the same page as the Slack Home tab, sent as messages, a template
card where there are buttons."""

from __future__ import annotations

from tests.bot.wecom.conftest import labels, said, text_of, title, updates_of
from tests.pipeline_support import all_delivered


def test_a_rep_types_home_and_claims_from_the_pages_card(wbot):
    assert wbot.lead({"company": "Acme", "amount": 8000}).status_code == 201
    [offer] = wbot.cards_to("alice")
    all_delivered(wbot.runtime.svc)  # the window starts once the bot knows the card landed
    assert wbot.send.text("alice", "home").status == 200
    [head] = said(wbot, "alice", "Alice's page")
    assert "Offers open for you (1)" in text_of(head)
    [offer, page_card] = wbot.cards_to("alice", count=2)
    assert title(page_card) == "Acme"
    assert labels(page_card) == ["Claim", "Pass"]
    [rest] = said(wbot, "alice", "Your open accounts (0)")
    assert "Your forecast," in text_of(rest)
    assert wbot.click("alice", page_card, "Claim").status == 200
    [update] = updates_of(wbot, offer)
    assert "Claimed by you: Acme" in str(update.args)


def test_a_manager_types_home_and_sees_the_team_in_markdown(wbot):
    assert wbot.lead({"company": "Acme", "amount": 8000}).status_code == 201
    wbot.cards_to("alice")
    all_delivered(wbot.runtime.svc)
    assert wbot.send.text("maria", "home").status == 200
    [page] = said(wbot, "maria", "Maria's page")
    text = text_of(page)
    assert "Leads in flight (1)" in text and "Alice holds the window" in text
    assert "Reps this week" in text and "Forecast for sales" in text
    assert not [
        c
        for c in wbot.wecom.calls("message/send")
        if c.args["touser"] == "maria" and c.args["msgtype"] == "template_card"
    ]


def test_zhu_ye_in_a_chinese_team(make_wecom_bot):
    wbot = make_wecom_bot(locale="zh-CN")
    assert wbot.lead({"company": "Acme", "amount": 8000}).status_code == 201
    wbot.cards_to("alice")
    all_delivered(wbot.runtime.svc)
    assert wbot.send.text("alice", "主页").status == 200
    [head] = said(wbot, "alice", "Alice 的主页")
    assert "等你认领的线索(1)" in text_of(head)
    [_, page_card] = wbot.cards_to("alice", count=2)
    assert labels(page_card) == ["认领", "放弃"]
