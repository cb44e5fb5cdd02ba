"""Quizzes and onboarding on WeCom, across real HTTP both ways: commands typed to the app,
questions and scores as button cards, open answers and comments as the next chat
message, results in the manager group chat, and the onboarding checklist."""

from __future__ import annotations

import time

from sqlalchemy import func, select

from handlers.training import bank as quiz_bank
from handlers.training import timers
from handlers.training.bank import QuestionIn
from storage.training import Answer, ChecklistTick, Grade
from tests.bot.wecom.conftest import WeComBot, labels, said, text_of, title, typed, updates_of
from tests.fakes.slack_requests import fire_concurrently
from tests.fakes.wecom_api import Call
from tests.handlers.quiz_support import BANK
from tests.pipeline_support import all_delivered


def seed(wbot: WeComBot) -> None:
    quiz_bank.add(wbot.runtime.svc, [QuestionIn.model_validate(r) for r in BANK], None)


def rows(wbot: WeComBot, model) -> int:
    with wbot.runtime.svc.db.reading() as s:
        return s.scalar(select(func.count()).select_from(model))


def cards(wbot: WeComBot, user: str, count: int = 1) -> list[Call]:
    return wbot.cards_to(user, count=count)


def shown(call: Call) -> str:
    """Everything a card shows under its title: its text, then the fields side by side."""
    tc = call.args["template_card"]
    pairs = [f"{f['keyname']}: {f['value']}" for f in tc.get("horizontal_content_list", [])]
    return "\n".join([tc.get("sub_title_text", ""), *pairs])


def test_a_quiz_typed_by_the_manager_answered_with_buttons_and_reported(wbot):
    seed(wbot)
    refused = typed(wbot, "alice", "quiz start alice", "Only managers")
    assert refused == "Only managers can use /quiz start."
    unknown = typed(wbot, "maria", "quiz start @nobody", "nobody")
    assert unknown == "No one called @nobody on team sales."
    started = typed(wbot, "maria", "/quiz start @alice product 2", "Quiz #1")
    assert started == "Quiz #1 started for Alice: 2 question(s), closing at 2026-03-05 09:00 UTC."
    [first] = cards(wbot, "alice")
    assert title(first) == "Quiz #1 · question 1 of 2"
    assert labels(first) == ["A", "B", "C"]
    assert "A. 1 GB\nB. 5 GB\nC. 10 GB" in shown(first)

    assert wbot.click("alice", first, "B").status == 200
    [answered] = updates_of(wbot, first)
    assert title(answered) == "Quiz #1 · question 1 of 2 — answered"
    assert answered.args["template_card"]["replace_text"] == "Answered"
    assert "Right: +2 points" in shown(answered)

    second = cards(wbot, "alice", count=2)[1]
    assert title(second) == "Quiz #1 · question 2 of 2"
    wbot.click("alice", second, "C")
    updates_of(wbot, second)
    [result] = said(wbot, "alice", "Result of quiz #1")
    assert result.args["msgtype"] == "markdown"  # no buttons: not a template card
    assert "5/5 points (100%) — passed (pass mark 80%)" in text_of(result)
    [line] = wbot.wecom.wait_for("appchat/send", lambda c: "finished quiz" in text_of(c))
    assert line.args["chatid"] == "wrMGRS"
    assert text_of(line) == "Alice finished quiz #1: 5/5 points (100%) — passed (pass mark 80%)"

    report = typed(wbot, "maria", "quiz report alice", "Quiz #1 ·")
    assert "Quiz #1 · 2026-03-02 09:00 UTC · started by Maria · all answered at" in report
    assert "answer #1: B. 5 GB" in report
    mine = typed(wbot, "alice", "quiz report", "Quiz #1 ·")
    assert "answer #2: C. Enterprise" in mine


def test_an_open_answer_is_the_next_message_and_scored_with_buttons_and_a_comment(wbot):
    seed(wbot)
    typed(wbot, "maria", "quiz start Alice customers", "Quiz #1 started")
    [card] = cards(wbot, "alice")
    assert labels(card) == ["Answer"]
    wbot.click("alice", card, "Answer")
    [asked] = said(wbot, "alice", "Your answer")
    assert text_of(asked).splitlines() == [
        "Question 1 of 1",
        "What do you ask a design studio first?",
        "Your answer",
        "Reply with your answer (or cancel).",
    ]
    assert rows(wbot, Answer) == 0
    wbot.send.text("alice", "What hurts with big files?")
    [answered] = updates_of(wbot, card)
    assert "Your answer: What hurts with big files?" in shown(answered)
    assert answered.args["template_card"]["replace_text"] == "Answered"

    # the grading card's text is longer than a card shows: it comes in full first
    [whole] = said(wbot, "maria", "**Score this answer")
    [to_grade] = cards(wbot, "maria")
    assert whole.at < to_grade.at
    assert "Alice's answer:\nWhat hurts with big files?" in text_of(whole)
    assert "A good answer covers:\ncurrent pain; large files" in text_of(whole)
    assert title(to_grade) == "Score this answer: Alice, quiz #1, …"
    assert labels(to_grade) == ["0", "1", "2", "3", "4", "5"]
    wbot.click("maria", to_grade, "4")
    [comment] = said(wbot, "maria", "Comment (optional: reply - to skip)")
    assert text_of(comment).startswith("Score 4/5\n")
    assert rows(wbot, Grade) == 0
    wbot.send.text("maria", "Also ask about sharing.")
    [scored] = updates_of(wbot, to_grade)
    assert title(scored).startswith("Scored 4/5 by Maria")
    assert scored.args["template_card"]["replace_text"] == "Scored 4/5"
    assert "Comment: Also ask about sh…" in shown(scored)  # the card's few lines are cut
    [result] = said(wbot, "alice", "Result of quiz #1")
    assert "8/10 points (80%) — passed (pass mark 80%)" in text_of(result)

    # a second score on the old card is refused; a manager changes it by command
    wbot.click("maria", to_grade, "5")
    [refused] = said(wbot, "maria", "already has a score")
    assert text_of(refused).startswith("Answer #1 already has a score: 4/5 by Maria.")
    assert rows(wbot, Grade) == 1
    changed = typed(wbot, "maria", "quiz grade 1 5 Spot on", "Score of answer #1")
    assert changed.startswith("Score of answer #1 changed from 4/5 to 5/5")
    [told] = said(wbot, "alice", "changed the score")
    assert text_of(told) == (
        "Maria changed the score of your answer #1 (quiz #1, question 1) from 4/5 to 5/5."
    )
    [rescored] = updates_of(wbot, to_grade, count=2)[1:]
    assert rescored.args["template_card"]["replace_text"] == "Scored 5/5"


def test_a_comment_can_be_skipped_and_a_form_cancelled(wbot):
    seed(wbot)
    typed(wbot, "maria", "quiz start alice customers", "Quiz #1 started")
    [card] = cards(wbot, "alice")
    wbot.click("alice", card, "Answer")
    said(wbot, "alice", "Your answer")
    typed(wbot, "alice", "cancel", "Form cancelled; nothing was saved.")
    assert rows(wbot, Answer) == 0
    assert "not answered: 0/10" in typed(wbot, "alice", "quiz report", "Quiz #1 ·")
    wbot.click("alice", card, "Answer")  # the card still works
    said(wbot, "alice", "Your answer", count=2)
    wbot.send.text("alice", "Their pain first.")
    [to_grade] = cards(wbot, "maria")
    wbot.click("maria", to_grade, "2")
    said(wbot, "maria", "Comment (optional: reply - to skip)")
    wbot.send.text("maria", "-")
    [scored] = updates_of(wbot, to_grade)
    assert "Comment:" not in shown(scored)
    [result] = said(wbot, "alice", "Result of quiz #1")
    assert "4/10 points (40%) — not passed (pass mark 80%)" in text_of(result)


def test_many_simultaneous_clicks_on_a_choice_record_one_answer(wbot):
    seed(wbot)
    typed(wbot, "maria", "quiz start alice product 2", "Quiz #1 started")
    [card] = cards(wbot, "alice")
    # WeCom sends each click with its own time and code; ten at once
    start = int(time.time()) - 20
    tc = card.args["template_card"]
    [key] = [b["key"] for b in tc["button_list"] if b["text"] == "B"]

    def press(n: int):
        code = wbot.wecom.new_response_code(tc["task_id"])
        return lambda: wbot.send.click("alice", key, tc["task_id"], code, create_time=start + n)

    results = fire_concurrently([press(n) for n in range(10)])
    assert all(r.status == 200 for r in results)
    notes = said(wbot, "alice", "already answered", count=9)
    assert {text_of(c) for c in notes} == {
        "You have already answered this question; the first answer counts."
    }
    updates_of(wbot, card)
    cards(wbot, "alice", count=2)
    all_delivered(wbot.runtime.svc)
    assert len(wbot.wecom.updates(tc["task_id"])) == 1
    assert len(wbot.cards_to("alice", count=2)) == 2
    assert rows(wbot, Answer) == 1


def test_a_pair_of_reps_named_by_name_or_wecom_id_quiz_each_other(wbot):
    seed(wbot)
    started = typed(wbot, "maria", "quiz pair Alice bob product 3", "Peer quiz")
    assert started == (
        "Peer quiz started: Alice answers quiz #1, scored by Bob; Bob answers quiz #2,"
        " scored by Alice. 3 question(s) each, closing at 2026-03-05 09:00 UTC."
    )
    [first_for_alice] = cards(wbot, "alice")
    [first_for_bob] = cards(wbot, "bob")
    assert title(first_for_alice) == "Quiz #1 · question 1 of 3"
    assert title(first_for_bob) == "Quiz #2 · question 1 of 3"
    assert "Bob scores your open answers" in shown(first_for_alice)


def test_the_onboarding_checklist_comes_as_cards_of_six_done_buttons(make_wecom_bot):
    checklist = [{"id": f"doc{n}", "title": f"Doc {n}"} for n in range(1, 8)]
    checklist[0]["link"] = "https://example.com/tour"
    wbot = make_wecom_bot(
        training={"checklist": checklist},
        team={
            "reps": [
                {"name": "Alice", "wecom": "alice"},
                {"name": "Carol", "wecom": "carol", "start_date": "2026-03-02"},
            ]
        },
    )
    timers.sweep(wbot.runtime.svc)
    [card] = cards(wbot, "carol")
    assert title(card) == "Carol: product and customer knowled…"  # in full below it
    assert shown(card).startswith("Carol: product and customer knowledge (stage 1)\n")
    # six buttons a card at most; cut to WeCom's short buttons without looking alike
    assert labels(card) == [f"Read…Doc {n}" for n in range(1, 7)]
    assert "1. Doc 1: https://example.com/tour · to read" in shown(card)
    wbot.click("alice", card, "Read…Doc 1")
    [refused] = said(wbot, "alice", "Carol")
    assert text_of(refused) == "This checklist is Carol's; only they can confirm it."
    wbot.click("carol", card, "Read…Doc 1")
    [ticked] = updates_of(wbot, card)
    assert labels(ticked) == [f"Read…Doc {n}" for n in range(2, 8)]  # the seventh moves up
    assert "1. Doc 1: https://example.com/tour · ✓ read" in shown(ticked)
    progress = typed(wbot, "carol", "onboard", "Onboarding of Carol")
    assert "1. knowledge: 1 of 7 confirmed; to read: Doc 2; Doc 3;" in progress
    [_, again] = cards(wbot, "carol", count=2)
    for n in range(2, 8):
        wbot.click("carol", again, f"Read…Doc {n}")
        updates_of(wbot, again, count=n - 1)
    done = updates_of(wbot, again, count=6)[-1]
    assert "All read: stage 1 is done. The quizzes come next." in shown(done)
    assert done.args["template_card"]["replace_text"] == "All read"
    assert rows(wbot, ChecklistTick) == 7
    overview = typed(wbot, "maria", "onboard", "Carol")
    assert "Carol" in overview and "stage 2" in overview


def test_an_open_answer_may_be_typed_without_pressing_answer(wbot):
    seed(wbot)
    typed(wbot, "maria", "quiz start Alice customers", "Quiz #1 started")
    [card] = cards(wbot, "alice")
    assert rows(wbot, Answer) == 0
    wbot.send.text("alice", "What hurts with big files?")
    [answered] = updates_of(wbot, card)
    assert "Your answer: What hurts with big files?" in shown(answered)
    assert rows(wbot, Answer) == 1
    # with nothing waiting any more, a stray message gets the list of commands again
    wbot.send.text("alice", "hello?")
    [help_] = said(wbot, "alice", "Commands")
    assert text_of(help_).startswith("Commands")
