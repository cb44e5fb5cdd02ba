"""Everyone's own page as the handlers build it: what each person sees, and that its
buttons are the cards' own."""

from __future__ import annotations

from handlers.core.actions import run_action, run_submission
from handlers.core.messages import Card
from handlers.home import page
from handlers.home.chart import Chart
from tests.handlers.quiz_support import BANK, say, seed
from tests.pipeline_support import claimed_lead, open_account


def build(bot, user):
    return page.build(bot.svc, bot.actor(user))


def words(shown) -> str:
    return "\n".join(
        i.plain() if isinstance(i, Card) else f"{i.title}\n{i.text}" for i in shown.items
    )


def cards_with(shown, label):
    return [
        i for i in shown.items if isinstance(i, Card) and any(b.label == label for b in i.buttons)
    ]


def test_a_reps_accounts_by_stage_with_a_button_to_each_card(bot):
    open_account(bot.svc, "U0ALICE", "Acme", "12000")
    open_account(bot.svc, "U0ALICE", "Globex", "5000")
    shown = build(bot, "U0ALICE")
    text = words(shown)
    assert "Your open accounts (2)" in text
    assert "#1 Acme" in text and "#2 Globex" in text and "12,000" in text
    [card] = cards_with(shown, "Open Acme")
    assert [b.label for b in card.buttons] == ["Open Acme", "Open Globex"]
    bot.deliver()
    before = len(bot.dm_cards("U0ALICE"))
    opened = next(b for b in card.buttons if b.label == "Open Acme")
    assert run_action(bot.svc, bot.actor("U0ALICE"), opened.action, opened.value) is None
    bot.deliver()
    sent = bot.dm_cards("U0ALICE")[before:]
    assert len(sent) == 1, sent
    assert sent[0].title == "Account #1 Acme"
    assert any(b.action == "account_move" for b in sent[0].buttons)  # its stage buttons
    # someone else's account: the same refusal as the account's own buttons
    refused = run_action(bot.svc, bot.actor("U0BOB"), opened.action, opened.value)
    assert "Alice" in refused.text
    assert run_action(bot.svc, bot.actor("U0BOB"), opened.action, "x1").text == (
        "There is no account #x1."
    )


def test_claimed_leads_wait_for_the_first_touch_with_contacted(make_bot):
    bot = make_bot(team={"first_touch": "1h"})
    claimed_lead(bot.svc, "U0ALICE", "Acme")
    shown = build(bot, "U0ALICE")
    assert "Waiting for your first touch (1)" in words(shown)
    [card] = cards_with(shown, "Contacted: Acme")
    contacted = card.buttons[0]
    assert run_action(bot.svc, bot.actor("U0ALICE"), contacted.action, contacted.value) is None
    assert "Waiting for your first touch" not in words(build(bot, "U0ALICE"))


def test_the_question_to_answer_and_the_answer_to_score_with_their_buttons(bot):
    seed(bot, [BANK[2]])
    assert "started" in say(bot, "U0MARIA", "/quiz", "start @Alice product 1").lower()
    bot.deliver()
    [question] = cards_with(build(bot, "U0ALICE"), "Answer")
    assert question.title.startswith("Quiz")
    form = run_action(
        bot.svc, bot.actor("U0ALICE"), question.buttons[0].action, question.buttons[0].value
    )
    run_submission(
        bot.svc, bot.actor("U0ALICE"), form.action, form.value, {"answer": "We encrypt."}
    )
    bot.deliver()
    assert not cards_with(build(bot, "U0ALICE"), "Answer")
    manager = build(bot, "U0MARIA")
    assert "Answers for you to score (1)" in words(manager)
    [grading] = cards_with(manager, "5")
    assert [b.label for b in grading.buttons] == ["0", "1", "2", "3", "4", "5"]
    assert "We encrypt." in grading.text


def test_a_manager_who_is_also_a_rep_sees_both_parts(make_bot):
    reps = [{"name": "Maria", "slack": "U0MARIA"}, {"name": "Bob", "slack": "U0BOB"}]
    bot = make_bot(team={"reps": reps})
    text = words(build(bot, "U0MARIA"))
    assert "Offers open for you (0)" in text and "Your open accounts (0)" in text
    assert "Leads in flight (0)" in text and "Reps this week" in text


def test_long_lists_end_with_how_to_see_them_all(bot):
    for i in range(20):
        say(bot, "U0MARIA", "/lead", f"add Lead{i}")
    text = words(build(bot, "U0MARIA"))
    assert "Leads in flight (20)" in text
    assert "…and 5 more — type /lead list" in text


def test_a_stranger_is_told_whom_to_ask(bot):
    shown = build(bot, "U0NOBODY")
    assert [i.title for i in shown.items] == ["Welcome to salesbot"]
    assert "Ask Maria to add you" in words(shown)


def test_the_managers_page_has_no_chart_before_a_digest(bot):
    assert not [i for i in build(bot, "U0MARIA").items if isinstance(i, Chart)]


def test_a_long_pool_shows_its_first_leads_and_counts_them_all(make_bot):
    bot = make_bot(team={"reps": [{"name": "Alice", "slack": "U0ALICE"}]})
    for i in range(17):
        say(bot, "U0MARIA", "/lead", f"add Pooled{i}")
    bot.deliver()
    for card in bot.dm_cards("U0ALICE"):
        [passed] = [b for b in card.buttons if b.label == "Pass"]
        assert run_action(bot.svc, bot.actor("U0ALICE"), passed.action, passed.value) is None
    text = words(build(bot, "U0MARIA"))
    assert "Open pool (17)" in text
    assert "• #15 Pooled14" in text and "Pooled15" not in text
    assert "…and 2 more — type /lead pool" in text
