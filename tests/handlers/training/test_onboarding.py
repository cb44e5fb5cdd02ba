"""Onboarding from the start date in config: the checklist, the first quiz a week later,
the mock sale, /onboard, and the weekly training digest."""

from __future__ import annotations

import pytest

from handlers.core.messages import Form, FormInvalid, Text
from handlers.digests import training as training_digest
from handlers.training import timers
from storage.training import ChecklistTick, MockSale, QuizRun
from tests.handlers.quiz_support import (
    button,
    cards,
    channel,
    click,
    count,
    dms,
    reply_form,
    say,
    seed,
    submit,
    updates,
)

CHECKLIST = [
    {"id": "tour", "title": "Product tour", "link": "https://example.com/tour"},
    {"id": "pricing", "title": "Pricing"},
]
ONE_QUESTION = [
    {
        "category": "product",
        "type": "choice",
        "question": "Free plan storage?",
        "choices": ["1 GB", "5 GB"],
        "answer": "5 GB",
        "points": 2,
    }
]


@pytest.fixture
def obot(make_bot):
    def make(start: str = "2026-03-02", **training):
        return make_bot(
            training={"checklist": CHECKLIST, **training},
            team={
                "reps": [
                    {"name": "Alice", "slack": "U0ALICE"},
                    {"name": "Bob", "slack": "U0BOB", "start_date": "2026-04-01"},
                    {"name": "Carol", "slack": "U0CAROL", "start_date": start},
                ]
            },
        )

    return make


def test_the_welcome_and_checklist_arrive_on_the_first_morning_once(obot):
    bot = obot(start="2026-03-03")
    timers.sweep(bot.svc)
    bot.clock.advance(hours=23, minutes=59)
    timers.sweep(bot.svc)
    assert dms(bot, "U0CAROL") == []
    bot.clock.advance(minutes=1)
    timers.sweep(bot.svc)
    timers.sweep(bot.svc)
    [card] = dms(bot, "U0CAROL")
    assert card.title == "Carol: product and customer knowledge (stage 1)"
    assert card.text.startswith(
        "Welcome, Carol! Onboarding has three stages: product and customer knowledge, quizzes,"
        " and a mock sale. Start with the reading below; your first quiz arrives"
        " 2026-03-10 09:00 UTC."
    )
    assert [(f.label, f.value) for f in card.fields] == [
        ("1. Product tour", "https://example.com/tour · to read"),
        ("2. Pricing", "to read"),
    ]
    assert [b.label for b in card.buttons] == ["Read: Product tour", "Read: Pricing"]
    assert card.footer == "First quiz: 2026-03-10 09:00 UTC"
    assert dms(bot, "U0BOB") == []  # starts in April


def test_each_item_is_confirmed_once_and_only_by_its_rep(obot):
    bot = obot()
    timers.sweep(bot.svc)
    [card] = dms(bot, "U0CAROL")
    tour = button(card, "Read: Product tour")
    assert click(bot, "U0ALICE", tour) == Text(
        text="This checklist is Carol's; only they can confirm it."
    )
    assert click(bot, "U0CAROL", tour) is None
    assert click(bot, "U0CAROL", tour) == Text(text="Product tour is already confirmed.")
    [after_one] = updates(bot, "U0CAROL")
    assert [b.label for b in after_one.buttons] == ["Read: Pricing"]
    assert after_one.fields[0].value == "https://example.com/tour · ✓ read"
    click(bot, "U0CAROL", button(card, "Read: Pricing"))
    done = updates(bot, "U0CAROL")[-1]
    assert done.buttons == ()
    assert done.text == "All read: stage 1 is done. The quizzes come next."
    assert count(bot, ChecklistTick) == 2


def test_the_first_quiz_starts_itself_a_week_after_the_start_date(obot):
    bot = obot()
    seed(bot, ONE_QUESTION)
    timers.sweep(bot.svc)
    bot.clock.advance(days=6, hours=23)
    timers.sweep(bot.svc)
    assert count(bot, QuizRun) == 0
    bot.clock.advance(hours=1)
    timers.sweep(bot.svc)
    timers.sweep(bot.svc)
    assert count(bot, QuizRun) == 1
    quiz = cards(bot, "U0CAROL")[-1]
    assert quiz.title == "Quiz #1 · question 1 of 1"
    assert quiz.text.startswith("Your first onboarding quiz: 1 question(s), one at a time.")
    assert channel(bot) == ["Carol's first onboarding quiz #1 started (1 question(s))."]


def test_a_rep_who_was_quizzed_already_gets_no_automatic_quiz(obot):
    bot = obot()
    seed(bot, ONE_QUESTION)
    say(bot, "U0MARIA", "/quiz", "start @Carol")
    bot.clock.advance(days=7)
    timers.sweep(bot.svc)
    assert count(bot, QuizRun) == 1


def test_an_empty_bank_tells_the_managers_once(obot):
    bot = obot()
    bot.clock.advance(days=7)
    timers.sweep(bot.svc)
    timers.sweep(bot.svc)
    assert channel(bot) == [
        "Could not start Carol's first quiz: no questions in the bank (category —). Add"
        " questions, then use /quiz start."
    ]
    assert count(bot, QuizRun) == 0


def test_onboard_shows_each_stage_as_it_is_reached(obot):
    bot = obot()
    seed(bot, ONE_QUESTION)
    timers.sweep(bot.svc)
    bot.clock.advance(days=2)
    assert say(bot, "U0MARIA", "/onboard", "@Carol").splitlines() == [
        "Onboarding of Carol: started 2026-03-02 (day 3)",
        "1. knowledge: 0 of 2 confirmed; to read: Product tour; Pricing",
        "2. quizzes: first quiz scheduled for 2026-03-09 09:00 UTC",
        "3. mock sale: not recorded yet",
        "Now: knowledge",
    ]
    [card] = dms(bot, "U0CAROL")
    for label in ("Read: Product tour", "Read: Pricing"):
        click(bot, "U0CAROL", button(card, label))
    say(bot, "U0MARIA", "/quiz", "start @Carol")
    click(bot, "U0CAROL", button(cards(bot, "U0CAROL")[-1], "B"))
    assert say(bot, "U0MARIA", "/onboard", "mock @Carol pass Renewal call with a CFO") == (
        "Mock sale recorded for Carol: passed — Renewal call with a CFO"
    )
    assert dms(bot, "U0CAROL")[-1].text == (
        "Maria recorded your mock sale: passed — Renewal call with a CFO"
    )
    assert say(bot, "U0MARIA", "/onboard", "@carol").splitlines()[1:] == [
        "1. knowledge: done 2026-03-04 09:00 UTC",
        "2. quizzes: passed 2026-03-04 09:00 UTC (pass mark 80%)",
        "3. mock sale: passed 2026-03-04 09:00 UTC: Renewal call with a CFO",
        "Now: all stages done",
    ]
    assert say(bot, "U0MARIA", "/onboard") == (
        "Onboarding:\n"
        "• Carol: all three stages done (2026-03-04 09:00 UTC)\n"
        "• Bob: starts 2026-04-01"
    )


def test_reps_see_their_own_progress_and_get_their_checklist_again(obot):
    bot = obot()
    timers.sweep(bot.svc)
    assert say(bot, "U0CAROL", "/onboard").startswith("Onboarding of Carol: started 2026-03-02")
    again = cards(bot, "U0CAROL")
    assert len(again) == 2 and again[-1].buttons == again[0].buttons
    assert say(bot, "U0CAROL", "/onboard", "@Bob") == (
        "You can see only your own onboarding; managers can see anyone's."
    )
    assert say(bot, "U0ALICE", "/onboard") == (
        "Alice has no start_date in the config, so no onboarding is tracked."
    )
    assert say(bot, "U0MARIA", "/onboard", "@Zed") == "No one called @Zed on team sales."


def test_a_mock_sale_by_form_and_its_bad_input(obot):
    bot = obot()
    form = reply_form(bot, "U0MARIA", "/onboard", "mock @Carol")
    assert isinstance(form, Form) and form.title == "Mock sale"
    assert [i.name for i in form.inputs] == ["exercise", "outcome", "notes"]
    assert form.inputs[1].choices == ("passed", "not passed")
    with pytest.raises(FormInvalid) as bad:
        submit(bot, "U0MARIA", form, exercise="", outcome="maybe")
    assert bad.value.errors == {
        "exercise": "An answer is needed here.",
        "outcome": "Pick passed or not passed.",
    }
    assert submit(
        bot, "U0MARIA", form, exercise="Cold call", outcome="not passed", notes="Rushed"
    ) == Text(text="Mock sale recorded for Carol: not passed — Cold call")
    assert dms(bot, "U0CAROL")[-1].text == (
        "Maria recorded your mock sale: not passed — Cold call\nRushed"
    )
    for text, expected in {
        "mock @Carol maybe Call": "maybe is not an outcome: use pass or fail.",
        "mock @Carol pass": (
            "Describe the exercise after the outcome, e.g. /onboard mock @rep pass Renewal call"
            " with a CFO."
        ),
        "mock @Alice pass Call": "Alice has no start_date in the config, so no onboarding is"
        " tracked.",
    }.items():
        assert say(bot, "U0MARIA", "/onboard", text) == expected
    assert say(bot, "U0BOB", "/onboard", "mock @Carol pass Call") == (
        "Only managers can use /onboard mock."
    )
    assert submit(bot, "U0BOB", form, exercise="x", outcome="passed") == Text(
        text="Only managers can use /onboard mock."
    )
    assert count(bot, MockSale) == 1


def test_the_weekly_digest_lists_who_advanced_and_who_is_stuck_once_per_week(obot):
    bot = obot()
    timers.sweep(bot.svc)
    bot.clock.advance(minutes=1)
    [card] = dms(bot, "U0CAROL")
    for label in ("Read: Product tour", "Read: Pricing"):
        click(bot, "U0CAROL", button(card, label))
    bot.clock.advance(days=7, minutes=-1)  # Monday 2026-03-09 09:00
    assert training_digest.post(bot.svc, "sales") is True
    assert training_digest.post(bot.svc, "sales") is False
    assert channel(bot) == ["Training this week — sales\nAdvanced:\n• Carol: knowledge done"]
    bot.clock.advance(days=7)
    assert training_digest.post(bot.svc, "sales") is False  # nothing to say: not posted
    assert len(channel(bot)) == 1
    bot.clock.advance(days=7)  # 2026-03-23: three weeks in stage 2
    assert training_digest.post(bot.svc, "sales") is True
    assert channel(bot)[-1] == (
        "Training this week — sales\nStuck:\n• Carol: stage 2 (quizzes) for 20 day(s)"
    )


def test_after_downtime_the_missed_digest_is_caught_up_once(obot):
    bot = obot()
    training_digest.catch_up(bot.svc)  # never posted before: nothing to catch up
    assert channel(bot) == []
    timers.sweep(bot.svc)
    bot.clock.advance(minutes=1)
    [card] = dms(bot, "U0CAROL")
    click(bot, "U0CAROL", button(card, "Read: Pricing"))
    assert training_digest.post(bot.svc, "sales") is False  # nothing done in the period yet
    bot.clock.advance(minutes=1)
    click(bot, "U0CAROL", button(card, "Read: Product tour"))
    bot.clock.advance(days=15)  # two Mondays go by with the bot down
    training_digest.catch_up(bot.svc)
    training_digest.catch_up(bot.svc)
    assert channel(bot) == ["Training this week — sales\nAdvanced:\n• Carol: knowledge done"]
