"""The roulette as people see it on WeCom: template cards, clicks, the group chat."""

from __future__ import annotations

import time

from sqlalchemy import func, select

from handlers.roulette.sweep import expire_due
from storage.models import Lead, OutboxMessage
from tests.bot.wecom.conftest import labels, text_of, title
from tests.pipeline_support import all_delivered
from tests.waiting import wait_until


def retries_owed(wbot):
    with wbot.runtime.svc.db.reading() as s:
        return s.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.status == "pending", OutboxMessage.attempts > 0)
        )


def lead_status(wbot, lead_id=1):
    with wbot.runtime.svc.db.transaction() as s:
        return s.scalar(select(Lead.status).where(Lead.id == lead_id))


def test_offer_claim_and_manager_notice(wbot):
    assert wbot.lead({"company": "Acme", "amount": 8000}).status_code == 201
    [card] = wbot.cards_to("alice")
    assert title(card) == "New lead: Acme"
    assert labels(card) == ["Claim", "Pass"]
    fields = {
        f["keyname"]: f["value"] for f in card.args["template_card"]["horizontal_content_list"]
    }
    assert fields["Amount"] == "8,000"
    wbot.clock.advance(seconds=5)
    assert wbot.click("alice", card, "Claim").status == 200
    [update] = wbot.wecom.wait_for("message/update_template_card", lambda c: c.ok)
    assert update.args["userids"] == ["alice"]
    assert update.args["template_card"]["main_title"]["title"] == "Claimed by you: Acme"
    assert labels(update) == ["New deal"]  # Claim and Pass are gone
    [notice] = wbot.chat_posts()
    assert notice.args["chatid"] == "wrMGRS"
    assert text_of(notice) == "Alice claimed lead #1 Acme (8,000) after 5 s."
    assert lead_status(wbot) == "claimed"


def test_chinese_buttons_pass_and_timeout(make_wecom_bot):
    wbot = make_wecom_bot(locale="zh-CN")
    wbot.lead({"company": "坚果云"})
    [alice] = wbot.cards_to("alice")
    assert labels(alice) == ["认领", "放弃"]
    wbot.click("alice", alice, "放弃")
    [bob] = wbot.cards_to("bob")
    assert title(bob) == "新线索:坚果云"
    wbot.clock.advance(seconds=61)  # Bob lets it expire: the card is updated with the send's code
    [carol] = wbot.cards_to("carol")
    updates = wbot.wecom.wait_for("message/update_template_card", lambda c: c.ok, count=2)
    titles = [u.args["template_card"]["main_title"]["title"] for u in updates]
    assert titles == ["已放弃:坚果云", "已过期:坚果云(你的窗口已关闭)"]
    assert labels(carol) == ["认领", "放弃"]


def test_stale_and_foreign_clicks_change_nothing(wbot):
    wbot.lead({"company": "Late"})
    [card] = wbot.cards_to("alice")
    wbot.click("bob", card, "Claim")
    [note] = wbot.texts_to("bob")
    assert text_of(note) == "This offer is for Alice; only they can answer it."
    wbot.clock.advance(seconds=61)
    wbot.cards_to("bob")
    wbot.click("alice", card, "Claim")
    [late] = wbot.texts_to("alice")
    assert text_of(late).startswith("Too late: your window closed at 09:01:00 UTC")
    assert lead_status(wbot) == "offering"


def test_pool_card_goes_to_every_rep_and_one_grab_wins(wbot):
    wbot.lead({"company": "Pooly"})
    for _ in range(3):  # each window starts when its card arrives
        all_delivered(wbot.runtime.svc)
        wbot.clock.advance(seconds=61)
        expire_due(wbot.runtime.svc)
    [pool] = wbot.wecom.wait_for(
        "message/send", lambda c: c.args["touser"] == "alice|bob|carol" and c.ok
    )
    assert labels(pool) == ["Grab"]
    escalation = wbot.wecom.wait_for(
        "appchat/send", lambda c: "went to the open pool" in text_of(c)
    )[0]
    assert "Alice's window expired" in text_of(escalation)
    wbot.click("bob", pool, "Grab")
    wait_until(lambda: lead_status(wbot) == "claimed")  # callbacks are handled after the answer
    wbot.click("carol", pool, "Grab")
    [grabbed] = wbot.wecom.wait_for(
        "message/update_template_card",
        lambda c: c.ok and c.args["userids"] == ["alice", "bob", "carol"],
    )
    assert grabbed.args["template_card"]["main_title"]["title"] == "Grabbed by Bob: Pooly"
    [note] = wbot.texts_to("carol")
    assert text_of(note) == "Bob grabbed it first."


def test_commands_typed_to_the_app(wbot):
    wbot.send.text("maria", "lead add Typed Co 1200")
    [answer] = wbot.texts_to("maria")
    assert text_of(answer) == "Lead #1 Typed Co added; it is being offered."
    wbot.cards_to("alice")
    wbot.send.text("maria", "/lead list")
    answers = wbot.texts_to("maria", count=2)
    assert text_of(answers[1]).startswith("sales: 1 lead(s) in flight")
    wbot.send.text("alice", "lead add Sneaky")
    refusals = wbot.texts_to("alice")
    assert text_of(refusals[0]) == "Only managers can use /lead add."
    wbot.send.text("stranger", "hello")
    help_ = wbot.texts_to("stranger")[0]  # the list of commands, in as many parts as it takes
    assert text_of(help_).startswith("Commands")


def test_retried_callback_has_no_second_effect(wbot):
    first = wbot.send.text("maria", "lead add Once 10", msg_id="7000001")
    again = wbot.send.text("maria", "lead add Once 10", msg_id="7000001")
    assert (first.status, again.status) == (200, 200)
    wbot.cards_to("alice")
    time.sleep(0.5)
    with wbot.runtime.svc.db.transaction() as s:
        assert s.scalars(select(Lead.company)).all() == ["Once"]
    wbot.lead({"company": "Twice"})
    [card] = wbot.cards_to("bob")
    tc = card.args["template_card"]
    code = wbot.wecom.new_response_code(tc["task_id"])
    key = tc["button_list"][0]["key"]
    wbot.send.click("bob", key, tc["task_id"], code, create_time=1764220000)
    wbot.send.click("bob", key, tc["task_id"], code, create_time=1764220000)
    wbot.wecom.wait_for("message/update_template_card", lambda c: c.ok)
    time.sleep(0.5)
    assert len(wbot.wecom.calls("message/update_template_card")) == 1
    assert wbot.wecom.sent_to("bob")[-1].args["msgtype"] == "template_card"  # no "already" note


def test_forged_stale_and_malformed_callbacks_are_refused(wbot):
    assert wbot.send.text("maria", "lead add A", signature="0" * 40).status == 403
    assert wbot.send.text("maria", "lead add A", corp_id="ww0other").status == 403
    assert (
        wbot.send.text("maria", "lead add A", timestamp=str(int(time.time()) - 301)).status == 403
    )
    assert wbot.send.text("maria", "x", raw_xml="<xml><unclosed></xml>").status == 400
    assert wbot.send.text("maria", "x", body="not xml at all").status in (400, 403)
    time.sleep(0.3)
    assert wbot.wecom.calls("message/send") == []
    echo = wbot.send.verify_url("hello-echo")
    assert (echo.status, echo.text) == (200, "hello-echo")
    assert wbot.send.verify_url("x", signature="0" * 40).status == 403


def test_expired_token_is_refreshed_and_rate_limits_wait(wbot):
    wbot.lead({"company": "Tokens"})
    [card] = wbot.cards_to("alice")
    wbot.wecom.expire_tokens()
    wbot.wecom.fail("message/send", errcode=45009, when=lambda a: a["touser"] == "bob")
    wbot.click("alice", card, "Pass")
    wbot.wecom.wait_for("message/update_template_card", lambda c: c.ok)
    assert len(wbot.wecom.calls("gettoken")) == 2  # refreshed after 42001, then went on
    wbot.wecom.wait_for("message/send", lambda c: c.args["touser"] == "bob" and c.fault)
    wait_until(lambda: retries_owed(wbot) == 1)  # the refusal is recorded: retry in a minute
    wbot.clock.advance(seconds=30)
    time.sleep(1.0)
    assert not [c for c in wbot.wecom.sent_to("bob") if c.ok]  # still waiting out the minute
    wbot.clock.advance(seconds=31)
    [bob] = wbot.cards_to("bob")
    assert title(bob) == "New lead: Tokens"
    time.sleep(0.5)
    assert (
        len([c for c in wbot.wecom.sent_to("bob") if c.ok and c.args["msgtype"] == "template_card"])
        == 1
    )


def test_spent_response_code_falls_back_to_a_new_message(wbot):
    wbot.lead({"company": "Spent"})
    [card] = wbot.cards_to("alice")
    wbot.wecom.fail("message/update_template_card", errcode=40058, errmsg="invalid response_code")
    wbot.click("alice", card, "Claim")
    # the claimed card still has a button, so it comes again as a card that works
    [_, fallback] = wbot.cards_to("alice", count=2)
    assert title(fallback) == "Claimed by you: Spent"
    assert labels(fallback) == ["New deal"]
    assert fallback.args["template_card"]["task_id"] != card.args["template_card"]["task_id"]
    assert lead_status(wbot) == "claimed"


def test_a_settled_card_whose_code_is_spent_is_said_in_markdown(wbot):
    wbot.lead({"company": "Spent"})
    [card] = wbot.cards_to("alice")
    wbot.wecom.fail("message/update_template_card", errcode=40058, errmsg="invalid response_code")
    wbot.click("alice", card, "Pass")
    [fallback] = wbot.texts_to("alice")
    assert fallback.args["msgtype"] == "markdown"
    assert text_of(fallback).startswith("**Passed: Spent**")
    assert lead_status(wbot) == "offering"
