"""Quizzes as the rep and the managers see them: one question at a time, each answer once,
scores from the stored answers, deadlines and reminders from rows."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from handlers.core.messages import Form, FormInvalid, Text
from handlers.training import timers
from storage.models import Member
from storage.training import Answer, Grade, QuizRun
from tests.handlers.quiz_support import (
    button,
    cards,
    channel,
    click,
    count,
    dms,
    say,
    seed,
    submit,
    updates,
)


@pytest.fixture
def qbot(bot):
    seed(bot)
    return bot


def labels(card) -> list[str]:
    return [b.label for b in card.buttons]


def test_the_rep_gets_the_questions_one_at_a_time_and_choices_are_scored_at_once(qbot):
    assert say(qbot, "U0MARIA", "/quiz", "start @Alice product 3") == (
        "Quiz #1 started for Alice: 3 question(s), closing at 2026-03-05 09:00 UTC."
    )
    [first] = dms(qbot, "U0ALICE")
    assert first.title == "Quiz #1 · question 1 of 3"
    assert labels(first) == ["A", "B", "C"]
    assert first.text == (
        "Maria started a quiz for you: 3 question(s), one at a time.\n\n"
        "How much storage does the free plan include?\n\nA. 1 GB\nB. 5 GB\nC. 10 GB"
    )
    assert first.footer == "Answer by 2026-03-05 09:00 UTC"

    assert click(qbot, "U0ALICE", button(first, "B")) is None
    [answered] = updates(qbot, "U0ALICE")
    assert answered.title == "Quiz #1 · question 1 of 3 — answered"
    assert answered.buttons == ()
    fields = {f.label: f.value for f in answered.fields}
    assert fields["Your answer"] == "B. 5 GB"
    assert fields["Result"] == "Right: +2 points"
    second = dms(qbot, "U0ALICE")[-1]
    assert second.title == "Quiz #1 · question 2 of 3"

    click(qbot, "U0ALICE", button(second, "A"))
    wrong = updates(qbot, "U0ALICE")[-1]
    assert {f.label: f.value for f in wrong.fields}["Result"] == (
        "Wrong; the right answer is C. Enterprise"
    )
    third = dms(qbot, "U0ALICE")[-1]
    assert third.title == "Quiz #1 · question 3 of 3"
    assert labels(third) == ["Answer"]


def test_a_double_click_or_another_choice_records_one_answer(qbot):
    say(qbot, "U0MARIA", "/quiz", "start @Alice product 2")
    [card] = dms(qbot, "U0ALICE")
    assert click(qbot, "U0ALICE", button(card, "B")) is None
    again = click(qbot, "U0ALICE", button(card, "B"))
    other = click(qbot, "U0ALICE", button(card, "A"))
    assert (
        again
        == other
        == Text(text="You have already answered this question; the first answer counts.")
    )
    assert count(qbot, Answer) == 1
    assert len(dms(qbot, "U0ALICE")) == 2  # the next question, sent once


def test_only_the_rep_can_answer_their_question(qbot):
    say(qbot, "U0MARIA", "/quiz", "start @Alice product 1")
    [card] = dms(qbot, "U0ALICE")
    assert click(qbot, "U0BOB", button(card, "B")) == Text(
        text="This question is for Alice; only they can answer it."
    )
    assert click(qbot, "U0NOBODY", button(card, "B")) == Text(
        text="You are not on any team in this bot's config."
    )
    assert count(qbot, Answer) == 0


def test_an_open_answer_is_typed_in_a_form_and_scored_by_a_manager(qbot):
    say(qbot, "U0MARIA", "/quiz", "start @Alice customers")
    [card] = dms(qbot, "U0ALICE")
    form = click(qbot, "U0ALICE", button(card, "Answer"))
    assert isinstance(form, Form)
    assert (form.title, form.text) == ("Question 1 of 1", "What do you ask a design studio first?")
    assert [(i.name, i.multiline, i.required) for i in form.inputs] == [("answer", True, True)]
    with pytest.raises(FormInvalid) as bad:
        submit(qbot, "U0ALICE", form, answer="   ")
    assert bad.value.errors == {"answer": "Type an answer before sending."}
    assert count(qbot, Answer) == 0

    assert submit(qbot, "U0ALICE", form, answer="Where does it hurt with big files?") is None
    [answered] = updates(qbot, "U0ALICE")
    fields = {f.label: f.value for f in answered.fields}
    assert fields == {
        "Category": "customers",
        "Points": "10",
        "Your answer": "Where does it hurt with big files?",
        "Result": "Sent to a manager for a score",
    }
    assert dms(qbot, "U0ALICE")[-1].text == (
        "Every question of quiz #1 is answered. Your result comes once a manager has"
        " scored your open answers."
    )
    [to_grade] = dms(qbot, "U0MARIA")
    assert to_grade.title == "Score this answer: Alice, quiz #1, question 1 of 1"
    assert labels(to_grade) == ["0", "1", "2", "3", "4", "5"]
    assert "Alice's answer:\nWhere does it hurt with big files?" in to_grade.text
    assert "Model answer:\nWhat hurts today" in to_grade.text
    assert "A good answer covers:\ncurrent pain; large files" in to_grade.text
    assert to_grade.footer == "Answer #1"

    comment = click(qbot, "U0MARIA", button(to_grade, "3"))
    assert isinstance(comment, Form) and comment.title == "Score 3/5"
    assert submit(qbot, "U0MARIA", comment, comment="Ask about client sharing too.") is None
    [scored] = updates(qbot, "U0MARIA")
    assert scored.title == "Scored 3/5 by Maria: Alice, quiz #1, question 1 of 1"
    assert scored.buttons == ()
    assert scored.text.endswith("Comment: Ask about client sharing too.")
    result = dms(qbot, "U0ALICE")[-1]
    assert result.title == "Result of quiz #1"
    # 10 points × 3/5 = 6 of 10
    assert result.text.startswith("6/10 points (60%) — not passed (pass mark 80%)")
    assert "(scored 3/5 by Maria) “Ask about client sharing too.”" in result.text
    assert channel(qbot) == [
        "Alice finished quiz #1: 6/10 points (60%) — not passed (pass mark 80%)"
    ]


def test_a_second_submission_of_a_score_records_one_grade(qbot):
    say(qbot, "U0MARIA", "/quiz", "start @Alice customers")
    [card] = dms(qbot, "U0ALICE")
    submit(qbot, "U0ALICE", click(qbot, "U0ALICE", button(card, "Answer")), answer="Pain first.")
    [to_grade] = dms(qbot, "U0MARIA")
    first = click(qbot, "U0MARIA", button(to_grade, "4"))
    second = click(qbot, "U0MARIA", button(to_grade, "2"))
    assert submit(qbot, "U0MARIA", first, comment="") is None
    assert submit(qbot, "U0MARIA", second, comment="") == Text(
        text="Answer #1 already has a score: 4/5 by Maria. A manager can change it with"
        " /quiz grade 1 <score>."
    )
    assert count(qbot, Grade) == 1
    assert len(channel(qbot)) == 1  # the result, announced once


def test_bad_input_gets_a_specific_answer_and_starts_nothing(qbot):
    cases = {
        "start @Zed": "No one called @Zed on team sales.",
        'start @Alice ""': "The category is empty: name one, or leave it out for all categories.",
        "start @Alice pricing": (
            "There are no questions in category pricing. Categories: customers (1), product (3)."
        ),
        "start @Alice product 0": "The number of questions must be at least 1.",
        "start @Alice product 4": "You asked for 4 questions but the bank has only 3 in category"
        " product.",
        "start @Alice 5": "You asked for 5 questions but the bank has only 4.",
        "start @Maria": "Maria is not a rep; quizzes are for reps.",
        "pair @Alice @alice": "Pick two different reps (Alice cannot quiz themself).",
        "pair @Alice": "Usage of /quiz:\n/quiz pair @senior @new [category] [count] — two reps"
        " quiz each other",
        "start": "Usage of /quiz:\n/quiz start @rep [category] [count] — quiz one rep",
    }
    for text, expected in cases.items():
        assert say(qbot, "U0MARIA", "/quiz", text) == expected, text
    for text in ("start @Alice", "pair @Alice @Bob", "add", "grade 1 3", "waiting", "bank"):
        assert say(qbot, "U0BOB", "/quiz", text) == (
            f"Only managers can use /quiz {text.split()[0]}."
        )
    assert count(qbot, QuizRun) == 0
    assert dms(qbot, "U0ALICE") == []


def test_a_rep_answers_one_quiz_at_a_time(qbot):
    say(qbot, "U0MARIA", "/quiz", "start @Alice product 1")
    assert say(qbot, "U0MARIA", "/quiz", "start @Alice") == (
        "Alice is already answering quiz #1 (it closes at 2026-03-05 09:00 UTC);"
        " nothing was started."
    )
    assert say(qbot, "U0MARIA", "/quiz", "pair @Bob @Alice") == (
        "Alice is already answering quiz #1 (it closes at 2026-03-05 09:00 UTC);"
        " nothing was started."
    )
    assert count(qbot, QuizRun) == 1
    assert dms(qbot, "U0BOB") == []


def test_peer_quiz_runs_both_ways_and_each_scores_the_other(bot):
    seed(
        bot,
        [
            {
                "category": "pitch",
                "type": "open",
                "question": f"Pitch question {n}?",
                "model_answer": "A model pitch.",
                "covers": "value; proof",
                "points": 5,
            }
            for n in (1, 2)
        ],
    )
    assert say(bot, "U0MARIA", "/quiz", "pair @Alice @Bob 1") == (
        "Peer quiz started: Alice answers quiz #1, scored by Bob; Bob answers quiz #2, scored"
        " by Alice. 1 question(s) each, closing at 2026-03-05 09:00 UTC."
    )
    [alice_q] = dms(bot, "U0ALICE")
    [bob_q] = dms(bot, "U0BOB")
    assert alice_q.text.startswith("A peer quiz with Bob: answer these 1 question(s);")
    # different questions for each direction
    assert "Pitch question 1?" in alice_q.text and "Pitch question 2?" in bob_q.text
    submit(bot, "U0ALICE", click(bot, "U0ALICE", button(alice_q, "Answer")), answer="Alice's")
    submit(bot, "U0BOB", click(bot, "U0BOB", button(bob_q, "Answer")), answer="Bob's")

    bob_grades = [m for m in cards(bot, "U0BOB") if m.title.startswith("Score this answer")]
    alice_grades = [m for m in cards(bot, "U0ALICE") if m.title.startswith("Score this answer")]
    assert [c.title for c in bob_grades] == ["Score this answer: Alice, quiz #1, question 1 of 1"]
    assert [c.title for c in alice_grades] == ["Score this answer: Bob, quiz #2, question 1 of 1"]
    assert dms(bot, "U0MARIA") == []  # peers score; managers are not asked

    # nobody scores their own answer, and a third rep cannot score at all
    own = Text(text="You cannot score your own answer.")
    assert click(bot, "U0ALICE", button(bob_grades[0], "5")) == own
    assert click(bot, "U0CAROL", button(bob_grades[0], "5")) == Text(
        text="This answer is for Bob or a manager to score."
    )
    submit(bot, "U0BOB", click(bot, "U0BOB", button(bob_grades[0], "4")), comment="")
    submit(bot, "U0ALICE", click(bot, "U0ALICE", button(alice_grades[0], "2")), comment="Vague")
    with bot.svc.db.transaction() as s:
        grades = s.execute(
            select(Grade.answer_id, Grade.score, Member.name).join(
                Member, Member.id == Grade.grader_id
            )
        ).all()
    assert sorted(grades) == [(1, 4, "Bob"), (2, 2, "Alice")]
    assert channel(bot) == [
        "Alice finished quiz #1: 4/5 points (80%) — passed (pass mark 80%)",
        "Bob finished quiz #2: 2/5 points (40%) — not passed (pass mark 80%)",
    ]


def test_a_manager_may_score_a_peer_answer_and_only_managers_change_scores(bot):
    seed(
        bot,
        [
            {
                "category": "pitch",
                "type": "open",
                "question": "Pitch it?",
                "model_answer": "A model pitch.",
                "covers": "value",
                "points": 5,
            }
        ],
    )
    say(bot, "U0MARIA", "/quiz", "pair @Alice @Bob")
    [alice_q] = dms(bot, "U0ALICE")
    submit(bot, "U0ALICE", click(bot, "U0ALICE", button(alice_q, "Answer")), answer="Mine")
    assert say(bot, "U0MARIA", "/quiz", "grade 1 3 Good start") == "Answer #1 scored 3/5."
    [bob_card] = [m for m in cards(bot, "U0BOB") if m.title.startswith("Score")]
    assert updates(bot, "U0BOB")[-1].title == (
        "Scored 3/5 by Maria: Alice, quiz #1, question 1 of 1"
    )
    assert click(bot, "U0BOB", button(bob_card, "5")) == Text(
        text="Answer #1 already has a score: 3/5 by Maria. A manager can change it with"
        " /quiz grade 1 <score>."
    )
    assert say(bot, "U0BOB", "/quiz", "grade 1 5") == "Only managers can use /quiz grade."
    assert say(bot, "U0MARIA", "/quiz", "grade 1 3 Good start") == (
        "Answer #1 already has 3/5; nothing changed."
    )
    assert say(bot, "U0MARIA", "/quiz", "grade 1 4") == (
        "Score of answer #1 changed from 3/5 to 4/5; the earlier score stays in the history."
    )
    assert dms(bot, "U0ALICE")[-1].text == (
        "Maria changed the score of your answer #1 (quiz #1, question 1) from 3/5 to 4/5."
    )
    with bot.svc.db.transaction() as s:
        history = s.execute(select(Grade.revision, Grade.score, Grade.comment)).all()
    assert sorted(history) == [(1, 3, "Good start"), (2, 4, None)]
    report = say(bot, "U0MARIA", "/quiz", "report @Alice")
    assert "4/5 points (scored 4/5 by Maria) (changed 1 time(s))" in report
    assert "earlier: 3/5 by Maria at 2026-03-02 09:00 UTC “Good start”" in report
    for text, expected in {
        "grade x 3": "There is no open answer #x.",
        "grade 1 6": "A score is a whole number from 0 to 5.",
        "grade 99 3": "There is no open answer #99.",
    }.items():
        assert say(bot, "U0MARIA", "/quiz", text) == expected
    assert count(bot, Grade) == 2


def test_a_quiz_past_its_deadline_closes_with_what_was_answered(qbot):
    say(qbot, "U0MARIA", "/quiz", "start @Alice product 3")
    [first] = dms(qbot, "U0ALICE")
    click(qbot, "U0ALICE", button(first, "B"))  # right: 2 points
    second = dms(qbot, "U0ALICE")[-1]
    qbot.clock.advance(days=2, hours=23)
    timers.sweep(qbot.svc)
    assert cards(qbot, "U0ALICE")[-1] == second  # an hour before the deadline: still open
    qbot.clock.advance(hours=1)
    timers.sweep(qbot.svc)
    closed = updates(qbot, "U0ALICE")[-1]
    assert closed.title == "Quiz #1 · question 2 of 3 — closed unanswered"
    assert closed.buttons == ()
    notes = [m.plain() for m in dms(qbot, "U0ALICE")[-2:]]
    assert notes[0] == (
        "Quiz #1 closed at its deadline with 1 of 3 question(s) answered; unanswered ones score 0."
    )
    # 2 of 2 + 3 + 5 possible
    assert notes[1].startswith("Result of quiz #1\n2/10 points (20%) — not passed")
    assert click(qbot, "U0ALICE", button(second, "C")) == Text(
        text="This quiz closed at 2026-03-05 09:00 UTC; answers are no longer taken."
    )
    timers.sweep(qbot.svc)
    assert count(qbot, Answer) == 1
    assert len(channel(qbot)) == 1


def test_reminders_for_a_waiting_question_and_a_waiting_score(qbot):
    say(qbot, "U0MARIA", "/quiz", "start @Alice customers")
    [card] = dms(qbot, "U0ALICE")
    qbot.clock.advance(hours=23, minutes=59)
    timers.sweep(qbot.svc)
    assert len(dms(qbot, "U0ALICE")) == 1
    qbot.clock.advance(minutes=1)
    timers.sweep(qbot.svc)
    timers.sweep(qbot.svc)
    assert [m.plain() for m in dms(qbot, "U0ALICE")[1:]] == [
        "Reminder: question 1 of 1 in quiz #1 is waiting for your answer (the quiz closes"
        " at 2026-03-05 09:00 UTC)."
    ]
    submit(qbot, "U0ALICE", click(qbot, "U0ALICE", button(card, "Answer")), answer="Pain.")
    qbot.clock.advance(days=1)
    timers.sweep(qbot.svc)
    assert dms(qbot, "U0MARIA")[-1].plain() == (
        "Reminder: Alice's answer #1 (quiz #1, question 1) is waiting for your score."
    )
    assert len(dms(qbot, "U0ALICE")) == 3  # no more answer reminders once answered
    qbot.clock.advance(days=1)
    timers.sweep(qbot.svc)
    assert len(dms(qbot, "U0MARIA")) == 3  # the card and one reminder a day
    [to_grade] = cards(qbot, "U0MARIA")
    submit(qbot, "U0MARIA", click(qbot, "U0MARIA", button(to_grade, "5")), comment="")
    qbot.clock.advance(days=2)
    timers.sweep(qbot.svc)
    assert len(dms(qbot, "U0MARIA")) == 3


def test_an_answer_a_moment_after_the_deadline_is_refused_before_any_sweep(qbot):
    say(qbot, "U0MARIA", "/quiz", "start @Alice product 1")
    [card] = dms(qbot, "U0ALICE")
    qbot.clock.advance(days=3)
    assert click(qbot, "U0ALICE", button(card, "B")) == Text(
        text="This quiz closed at 2026-03-05 09:00 UTC; answers are no longer taken."
    )
    assert count(qbot, Answer) == 0
    assert updates(qbot, "U0ALICE")[-1].title == "Quiz #1 · question 1 of 1 — closed unanswered"
    assert channel(qbot) == ["Alice finished quiz #1: 0/2 points (0%) — not passed (pass mark 80%)"]


def test_a_restart_in_the_middle_of_a_quiz_loses_nothing(make_bot):
    before = make_bot()
    seed(before)
    say(before, "U0MARIA", "/quiz", "start @Alice product 2")
    [card] = dms(before, "U0ALICE")
    click(before, "U0ALICE", button(card, "B"))
    second = cards(before, "U0ALICE")[-1]
    before.runtime.svc.db.dispose()

    after = make_bot()  # the same database, a new process
    assert click(after, "U0ALICE", button(card, "A")) == Text(
        text="You have already answered this question; the first answer counts."
    )
    assert click(after, "U0ALICE", button(second, "C")) is None
    assert cards(after, "U0ALICE")[-1].text.startswith("5/5 points (100%) — passed")
    assert count(after, Answer) == 2
