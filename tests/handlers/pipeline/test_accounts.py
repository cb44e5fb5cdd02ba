"""Accounts through the handlers: opening, moving, final stages, who may change what, and
every bad input getting its own message while nothing changes."""

from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from handlers.core.actions import run_action, run_submission
from handlers.core.messages import Card, Form, FormInvalid, Text
from handlers.pipeline import accounts as pipeline
from storage.accounts import Account, AccountEvent
from storage.models import Lead
from tests.pipeline_support import (
    account,
    actor,
    claimed_lead,
    count,
    events,
    open_account,
    say,
)


def labels(message: Card) -> list[str]:
    return [b.label for b in message.buttons]


def button(message: Card, label: str):
    return next(b for b in message.buttons if b.label == label)


def test_deal_new_opens_an_account_and_tells_owner_and_managers(bot):
    lead_id = claimed_lead(bot.svc, "U0ALICE", "Acme", 12000)
    answer = say(bot.svc, "U0ALICE", "/deal", f"new {lead_id} 12,000 2026-06-30")
    assert answer == "Account opened: #1 Acme: needs, 12,000 × 30% = 3,600 expected."
    bot.deliver()
    card = bot.chat.to("U0ALICE")[-1].message
    assert card.title == "Account #1 Acme"
    assert labels(card) == ["trial", "negotiation", "won", "lost"]
    fields = {f.label: f.value for f in card.fields}
    assert fields == {
        "Owner": "Alice",
        "Stage": "needs",
        "Amount": "12,000",
        "Probability": "30% (stage needs)",
        "Expected revenue": "3,600",
        "Expected close": "2026-06-30",
    }
    notices = [s.message.text for s in bot.chat.to("C0MGRS")]
    assert notices[-1] == "Alice opened account #1 Acme: needs, 12,000 × 30% = 3,600 expected."
    # the claimed card loses its "New deal" button and points at the account
    claimed = [s.message for s in bot.chat.log if s.action == "update"][-1]
    assert claimed.title == "Claimed by you: Acme"
    assert claimed.buttons == () and claimed.footer == "Lead #1 · account #1"
    assert events(bot.svc) == [("opened", "needs")]


def test_the_claimed_cards_button_asks_for_amount_and_close_date(bot):
    lead_id = claimed_lead(bot.svc, "U0ALICE", "Beta", 5000)
    bot.deliver()
    claimed = [s.message for s in bot.chat.log if s.action == "update"][-1]
    assert labels(claimed) == ["New deal"]
    open_button = button(claimed, "New deal")
    alice = actor(bot.svc, "U0ALICE")
    form = run_action(bot.svc, alice, open_button.action, open_button.value)
    assert isinstance(form, Form)
    assert [i.name for i in form.inputs] == ["amount", "close"]
    assert form.inputs[0].initial == "5,000"
    with pytest.raises(FormInvalid) as bad:
        run_submission(bot.svc, alice, form.action, form.value, {"amount": "abc", "close": "soon"})
    assert bad.value.errors == {
        "amount": "abc is not an amount: use a number from 0 up, such as 12000 or 12,000.50.",
        "close": "soon is not a date: use YYYY-MM-DD, such as 2026-06-30.",
    }
    assert count(bot.svc, Account) == 0
    answers = {"amount": "5,000", "close": "2026-05-31"}
    assert run_submission(bot.svc, alice, form.action, form.value, answers) is None
    assert run_submission(bot.svc, alice, form.action, form.value, answers) == Text(
        text="Lead #1 is already account #1 Beta; nothing changed."
    )
    assert (account(bot.svc, 1).amount_cents, account(bot.svc, 1).close_date) == (
        500000,
        date(2026, 5, 31),
    )
    assert run_action(bot.svc, alice, open_button.action, open_button.value) == Text(
        text="Lead #1 is already account #1 Beta; nothing changed."
    )
    assert lead_id == 1


def test_simultaneous_opens_of_one_lead_make_one_account(bot):
    lead_id = claimed_lead(bot.svc, "U0ALICE", "Rush")
    alice = actor(bot.svc, "U0ALICE")
    barrier = threading.Barrier(6)
    results = []

    def open_it() -> None:
        barrier.wait()
        results.append(pipeline.open_account(bot.svc, alice, lead_id, Decimal(100), None)[1])

    threads = [threading.Thread(target=open_it) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False] * 5 + [True]
    assert count(bot.svc, Account) == 1
    assert events(bot.svc) == [("opened", "needs")]


def test_only_a_claimed_lead_of_ones_own_becomes_an_account(bot):
    lead_id = claimed_lead(bot.svc, "U0ALICE", "Acme")
    assert say(bot.svc, "U0BOB", "/deal", f"new {lead_id} 100") == (
        "Lead #1 is Alice's: only Alice or a manager can open its account."
    )
    from handlers.roulette.intake import LeadInput, add_lead

    add_lead(bot.svc, "sales", LeadInput(company="Fresh"))
    assert say(bot.svc, "U0MARIA", "/deal", "new 2 100") == (
        "Lead #2 Fresh is being offered: only a claimed lead becomes an account."
    )
    assert say(bot.svc, "U0MARIA", "/deal", "new 99 100") == "There is no lead #99."
    assert say(bot.svc, "U0MARIA", "/deal", "new x 100") == "There is no lead #x."
    for bad in ("abc", "-5", "1e400"):
        assert say(bot.svc, "U0ALICE", "/deal", f"new 1 {bad}").startswith(
            f"{bad} is not an amount"
        )
    assert say(bot.svc, "U0ALICE", "/deal", "new 1 100 2026-02-30") == (
        "2026-02-30 is not a date: use YYYY-MM-DD, such as 2026-06-30."
    )
    assert say(bot.svc, "U0ALICE", "/deal", "new 1").startswith("Usage of /deal:")
    assert count(bot.svc, Account) == 0
    # a manager may open it for the rep, who owns it
    assert say(bot.svc, "U0MARIA", "/deal", "new 1 100").startswith("Account opened: #1 Acme")
    assert account(bot.svc, 1).owner_id == actor(bot.svc, "U0ALICE").members[0].id


def test_stage_buttons_move_once_however_often_they_are_clicked(bot):
    account_id = open_account(bot.svc, "U0ALICE", "Acme", "10000")
    bot.deliver()
    card = bot.chat.to("U0ALICE")[-1].message
    to_trial = button(card, "trial")
    alice = actor(bot.svc, "U0ALICE")
    assert run_action(bot.svc, alice, to_trial.action, to_trial.value) == Text(
        text="Moved: #1 Acme: trial, 10,000 × 60% = 6,000 expected."
    )
    assert run_action(bot.svc, alice, to_trial.action, to_trial.value) == Text(
        text="Account #1 Acme is already in trial; nothing changed."
    )
    stale = button(card, "negotiation")  # from a card that still says needs
    assert run_action(bot.svc, alice, stale.action, stale.value) == Text(
        text="Account #1 Acme has moved to trial since; nothing changed."
    )
    bot.deliver()
    updated = [s.message for s in bot.chat.log if s.action == "update"][-1]
    assert {f.label: f.value for f in updated.fields}["Stage"] == "trial"
    assert labels(updated) == ["needs", "negotiation", "won", "lost"]
    assert events(bot.svc, account_id) == [("opened", "needs"), ("stage", "trial")]


def test_lost_asks_for_a_reason_and_is_final(bot):
    account_id = open_account(bot.svc, "U0ALICE", "Acme", "10000")
    bot.deliver()
    card = bot.chat.to("U0ALICE")[-1].message
    alice = actor(bot.svc, "U0ALICE")
    lost = button(card, "lost")
    assert lost.style == "danger"
    form = run_action(bot.svc, alice, lost.action, lost.value)
    assert isinstance(form, Form) and form.title == "Deal lost"
    assert form.inputs[0].choices == ("price", "competitor", "no budget", "timing", "no decision")
    with pytest.raises(FormInvalid) as nothing:
        run_submission(bot.svc, alice, form.action, form.value, {"reason": "", "details": ""})
    assert nothing.value.errors == {
        "reason": "Pick a reason or write one: a lost deal needs its reason."
    }
    with pytest.raises(FormInvalid) as odd:
        run_submission(bot.svc, alice, form.action, form.value, {"reason": "weather"})
    assert odd.value.errors["reason"].startswith("Pick one of: price, competitor")
    assert account(bot.svc, account_id).outcome == "open"
    answers = {"reason": "Competitor", "details": "went with a cheaper rival"}
    assert run_submission(bot.svc, alice, form.action, form.value, answers) == Text(
        text="Moved: #1 Acme: lost, 10,000 × 0% = 0 expected."
    )
    row = account(bot.svc, account_id)
    assert (row.outcome, row.lost_reason, row.close_date) == (
        "lost",
        "competitor",
        date(2026, 3, 2),
    )
    with bot.svc.db.transaction() as s:
        assert s.get_one(Lead, row.lead_id).status == "closed"  # frees the rep's capacity
        text = s.scalar(select(AccountEvent.text).where(AccountEvent.stage == "lost"))
    assert text == "competitor — went with a cheaper rival"
    bot.deliver()
    final = [s.message for s in bot.chat.log if s.action == "update"][-1]
    assert final.buttons == ()
    assert final.text == "Lost (competitor). Final: it does not move again."
    assert bot.chat.to("C0MGRS")[-1].message.text == (
        "Alice lost account #1 Acme (10,000): competitor."
    )
    assert say(bot.svc, "U0ALICE", "/deal", "Acme stage trial") == (
        "Account #1 Acme is lost, a final stage; nothing changed."
    )
    assert say(bot.svc, "U0ALICE", "/deal", "1 probability 50") == (
        "Account #1 Acme is lost, a final stage; nothing changed."
    )


def test_typed_lost_reason_and_won(bot):
    first = open_account(bot.svc, "U0ALICE", "Acme", "1000")
    second = open_account(bot.svc, "U0ALICE", "Beta", "2000")
    assert isinstance(
        pipeline.move(bot.svc, actor(bot.svc, "U0ALICE"), first, "lost"), Form
    )  # no reason given: the form asks
    say(bot.svc, "U0ALICE", "/deal", "Acme stage LOST no budget until next year")
    say(bot.svc, "U0ALICE", "/deal", "Beta probability 75")
    assert say(bot.svc, "U0ALICE", "/deal", "Beta stage won") == (
        "Moved: #2 Beta: won, 2,000 × 100% = 2,000 expected."
    )
    acme, beta = account(bot.svc, first), account(bot.svc, second)
    assert (acme.lost_reason, acme.outcome) == ("no budget", "lost")
    assert (beta.outcome, beta.probability_override, beta.stage_probability) == ("won", None, 100)


def test_only_the_owner_or_a_manager_changes_an_account(bot):
    open_account(bot.svc, "U0ALICE", "Acme", "1000")
    refused = "Account #1 Acme is Alice's: only Alice or a manager can see or change it."
    assert say(bot.svc, "U0BOB", "/deal", "1 stage trial") == refused
    assert say(bot.svc, "U0BOB", "/deal", "Acme amount 5") == refused
    assert say(bot.svc, "U0BOB", "/account", "Acme") == refused
    assert say(bot.svc, "U0BOB", "/note", "Acme hello") == refused
    assert say(bot.svc, "U0MARIA", "/deal", "Acme stage trial").startswith("Moved: #1 Acme: trial")
    assert events(bot.svc) == [("opened", "needs"), ("stage", "trial")]


def test_bad_input_gets_specific_messages_and_changes_nothing(bot):
    open_account(bot.svc, "U0ALICE", "Acme Cloud", "1000")
    open_account(bot.svc, "U0ALICE", "Acme Ltd", "1000")
    before = events(bot.svc)
    cases = {
        "Acme stage trial": "Several accounts match Acme: #1 Acme Cloud (Alice), "
        "#2 Acme Ltd (Alice). Name it by id, e.g. #12.",
        "Zeta stage trial": "No account matches Zeta. /account lists yours.",
        "#9 stage trial": "There is no account #9.",
        "1 stage closing": "There is no stage closing. Stages: needs, trial, negotiation, won, "
        "lost.",
        "1 amount abc": "abc is not an amount: use a number from 0 up, such as 12000 or 12,000.50.",
        "1 amount -5": "-5 is not an amount: use a number from 0 up, such as 12000 or 12,000.50.",
        "1 amount 1e400": "1e400 is not an amount: use a number from 0 up, such as 12000 or "
        "12,000.50.",
        "1 close 2026-13-01": "2026-13-01 is not a date: use YYYY-MM-DD, such as 2026-06-30.",
        "1 close tomorrow": "tomorrow is not a date: use YYYY-MM-DD, such as 2026-06-30.",
        "1 probability 150": "150 is not a probability: use a whole percent from 0 to 100, "
        "or clear.",
        "1 probability abc": "abc is not a probability: use a whole percent from 0 to 100, "
        "or clear.",
        "1 stage needs": "Account #1 Acme Cloud is already in needs; nothing changed.",
        "1 amount 1000": "The amount of #1 Acme Cloud is already 1,000; nothing changed.",
        "1 probability clear": "The probability of #1 Acme Cloud is already —; nothing changed.",
        '"Acme Cloud" stage trial now': "Usage of /deal:",
        "1 amount": "Usage of /deal:",
    }
    for text, expected in cases.items():
        assert say(bot.svc, "U0ALICE", "/deal", text).startswith(expected), text
    assert events(bot.svc) == before
    assert account(bot.svc, 1).amount_cents == 100000


def test_figures_change_and_show_on_the_card(bot):
    open_account(bot.svc, "U0ALICE", "Acme Cloud", "1000")
    assert say(bot.svc, "U0ALICE", "/deal", '"acme cloud" amount 12,500.50') == (
        "Updated: #1 Acme Cloud: needs, 12,500.50 × 30% = 3,750.15 expected."
    )
    assert say(bot.svc, "U0ALICE", "/deal", "Acme close 2026/7/1").startswith("Updated:")
    assert say(bot.svc, "U0ALICE", "/deal", "#1 probability 45%") == (
        "Updated: #1 Acme Cloud: needs, 12,500.50 × 45% = 5,625.23 expected."
    )
    assert say(bot.svc, "U0ALICE", "/deal", "1 probability clear").startswith(
        "Updated: #1 Acme Cloud: needs, 12,500.50 × 30%"
    )
    row = account(bot.svc, 1)
    assert (row.amount_cents, row.close_date, row.probability_override) == (
        1250050,
        date(2026, 7, 1),
        None,
    )
    card = run_command_card(bot, "U0ALICE", "Acme Cloud")
    assert card.title == "Account #1 Acme Cloud"
    assert labels(card) == ["trial", "negotiation", "won", "lost"]
    kinds = [kind for kind, _ in events(bot.svc)]
    assert kinds == ["opened", "amount", "close", "probability", "probability"]


def run_command_card(bot, user: str, text: str) -> Card:
    from handlers.core.commands import run_command

    [card] = run_command(bot.svc, actor(bot.svc, user), "deal", text)
    return card


def test_a_stage_default_changed_later_does_not_rewrite_open_accounts(make_bot):
    bot = make_bot()
    open_account(bot.svc, "U0ALICE", "Old", "1000")
    stages = [
        {"name": "needs", "probability": 25, "stale_days": 14},
        {"name": "trial", "probability": 60},
        {"name": "won", "probability": 100, "final": "won"},
        {"name": "lost", "probability": 0, "final": "lost"},
    ]
    later = make_bot(pipeline={"stages": stages})  # the same database, a new config
    open_account(later.svc, "U0BOB", "New", "1000")
    assert say(later.svc, "U0MARIA", "/account", "Old").splitlines()[4] == (
        "Probability: 30% (stage needs)"
    )
    assert say(later.svc, "U0MARIA", "/account", "New").splitlines()[4] == (
        "Probability: 25% (stage needs)"
    )


def test_account_lists_searches_and_shows_the_timeline(bot):
    assert say(bot.svc, "U0ALICE", "/account") == "No open accounts."
    open_account(bot.svc, "U0ALICE", "Acme Cloud", "1000", date(2026, 6, 30))
    open_account(bot.svc, "U0BOB", "Acme Ltd", "2000")
    assert say(bot.svc, "U0ALICE", "/account").splitlines() == [
        "Your open accounts:",
        "• #1 Acme Cloud: needs, 1,000 × 30% = 300 expected",
    ]
    assert say(bot.svc, "U0MARIA", "/account").splitlines() == [
        "Open accounts of sales:",
        "• #2 Acme Ltd: needs, 2,000 × 30% = 600 expected · Bob",
        "• #1 Acme Cloud: needs, 1,000 × 30% = 300 expected · Alice",
    ]
    # Alice's own account first, though a colleague's matches too
    assert say(bot.svc, "U0ALICE", "/account", "acme").startswith("Account #1 Acme Cloud")
    assert say(bot.svc, "U0MARIA", "/account", "acme").startswith("Several accounts match acme")
    bot.clock.advance(hours=2)
    say(bot.svc, "U0ALICE", "/deal", "1 stage trial")
    say(bot.svc, "U0ALICE", "/note", "1 demo went well https://files.example.com/call-1.m4a")
    assert say(bot.svc, "U0MARIA", "/account", "Acme Cloud").splitlines() == [
        "Account #1 Acme Cloud",
        "Owner: Alice",
        "Stage: trial",
        "Amount: 1,000",
        "Probability: 60% (stage trial)",
        "Expected revenue: 600",
        "Expected close: 2026-06-30",
        "Timeline:",
        "• 2026-03-02 09:00 UTC · Alice opened it in needs (30%) at 1,000",
        "• 2026-03-02 11:00 UTC · Alice moved it needs → trial (60%)",
        "• 2026-03-02 11:00 UTC · note by Alice: demo went well"
        " · recording: https://files.example.com/call-1.m4a",
    ]


def test_chinese_locale(make_bot):
    bot = make_bot(locale="zh-CN")
    open_account(bot.svc, "U0ALICE", "坚果云", "8000")
    assert say(bot.svc, "U0ALICE", "/deal", "坚果云 stage trial") == (
        "已更新阶段:#1 坚果云:trial,8,000 × 60% = 预期 4,800。"
    )
    assert say(bot.svc, "U0ALICE", "/deal", "坚果云 amount 多少") == (
        "多少 不是有效金额:请输入不小于 0 的数字,如 12000 或 12,000.50。"
    )
