"""Quizzes on Slack, across real HTTP both ways: slash commands, DM cards with buttons,
modals opened with views.open and answered with view_submission, and the report."""

from __future__ import annotations

import time

from sqlalchemy import func, select

from handlers.training import bank as quiz_bank
from handlers.training.bank import QuestionIn
from storage.training import Answer, Grade
from tests.bot.slack.conftest import button, header, labels
from tests.fakes.slack_requests import fire_concurrently
from tests.handlers.quiz_support import BANK


def seed(sbot) -> None:
    quiz_bank.add(sbot.runtime.svc, [QuestionIn.model_validate(r) for r in BANK], None)


def rows(sbot, model) -> int:
    with sbot.runtime.svc.db.transaction() as s:
        return s.scalar(select(func.count()).select_from(model))


def click(sbot, user: str, card, label: str):
    return sbot.send.click(
        user,
        button(card, label)["action_id"],
        button(card, label)["value"],
        channel_id=card.args["channel"],
        message_ts=card.response["ts"],
    )


def body(call) -> str:
    """Every text of the card's sections and fields, as the user reads them."""
    texts = []
    for block in call.args["blocks"]:
        if block["type"] == "section":
            texts += [f["text"] for f in block.get("fields", [])]
            texts += [block["text"]["text"]] if "text" in block else []
    return "\n".join(texts)


def modal_for(sbot, count: int = 1):
    return sbot.slack.wait_for("views.open", count=count)[count - 1].args["view"]


def submit(sbot, user: str, view, **values: str):
    return sbot.send.view_submission(
        user,
        view["callback_id"],
        {name: {"value": text} for name, text in values.items()},
        private_metadata=view["private_metadata"],
    )


def test_a_quiz_over_slack_buttons_modals_grading_and_the_report(sbot):
    seed(sbot)
    started = sbot.send.command("U0MARIA", "/quiz", "start <@U0ALICE|alice> product 2")
    assert started.status == 200
    assert started.json()["text"] == (
        "Quiz #1 started for Alice: 2 question(s), closing at 2026-03-05 09:00 UTC."
    )
    [first] = sbot.dm_cards("U0ALICE")
    assert header(first) == "Quiz #1 · question 1 of 2"
    assert labels(first) == ["A", "B", "C"]
    assert "A. 1 GB\nB. 5 GB\nC. 10 GB" in body(first)

    assert click(sbot, "U0ALICE", first, "B").status == 200
    [answered] = sbot.updates(first)
    assert header(answered) == "Quiz #1 · question 1 of 2 — answered"
    assert labels(answered) == []
    assert "Right: +2 points" in body(answered)

    second = sbot.dm_cards("U0ALICE", count=2)[1]
    assert header(second) == "Quiz #1 · question 2 of 2"
    click(sbot, "U0ALICE", second, "C")
    sbot.updates(second)
    result = sbot.dm_cards("U0ALICE", count=3)[2]
    assert header(result) == "Result of quiz #1"
    assert "5/5 points (100%) — passed (pass mark 80%)" in body(result)
    [line] = sbot.channel_posts("C0MGRS")
    assert line.args["text"] == (
        "Alice finished quiz #1: 5/5 points (100%) — passed (pass mark 80%)"
    )

    report = sbot.send.command("U0MARIA", "/quiz", "report <@U0ALICE|alice>").json()
    assert "Quiz #1 · 2026-03-02 09:00 UTC · started by Maria · all answered at" in report["text"]
    assert "answer #1: B. 5 GB" in report["text"]
    assert sbot.slack.calls("chat.postEphemeral") == []


def test_open_answers_in_a_modal_and_scores_with_buttons_and_a_comment(sbot):
    seed(sbot)
    sbot.send.command("U0MARIA", "/quiz", "start <@U0ALICE|alice> customers")
    [card] = sbot.dm_cards("U0ALICE")
    assert labels(card) == ["Answer"]
    click(sbot, "U0ALICE", card, "Answer")
    view = modal_for(sbot)
    assert view["type"] == "modal" and view["title"]["text"] == "Question 1 of 1"
    assert view["callback_id"] == "form:quiz_answer_text"
    [text_box] = [b for b in view["blocks"] if b["type"] == "input"]
    assert (text_box["block_id"], text_box["element"]["multiline"]) == ("answer", True)

    empty = submit(sbot, "U0ALICE", view, answer="  ")
    assert empty.json() == {
        "response_action": "errors",
        "errors": {"answer": "Type an answer before sending."},
    }
    assert rows(sbot, Answer) == 0
    assert submit(sbot, "U0ALICE", view, answer="What hurts with big files?").status == 200
    [answered] = sbot.updates(card)
    assert "What hurts with big files?" in body(answered)
    assert labels(answered) == []

    [to_grade] = sbot.dm_cards("U0MARIA")
    assert header(to_grade) == "Score this answer: Alice, quiz #1, question 1 of 1"
    assert labels(to_grade) == ["0", "1", "2", "3", "4", "5"]
    click(sbot, "U0MARIA", to_grade, "4")
    comment_view = modal_for(sbot, count=2)
    assert comment_view["title"]["text"] == "Score 4/5"
    assert comment_view["submit"]["text"] == "Save score"
    [comment_box] = [b for b in comment_view["blocks"] if b["type"] == "input"]
    assert comment_box["optional"] is True
    # a double submission (or Slack retrying) still records one score
    results = fire_concurrently(
        [lambda: submit(sbot, "U0MARIA", comment_view, comment="Also ask about sharing.")] * 2
    )
    assert [r.status for r in results] == [200, 200]
    [scored] = sbot.updates(to_grade)
    assert header(scored) == "Scored 4/5 by Maria: Alice, quiz #1, question 1 of 1"
    assert labels(scored) == []
    assert "Comment: Also ask about sharing." in body(scored)
    [refused] = sbot.slack.wait_for(
        "chat.postMessage", lambda c: c.args.get("channel") == "U0MARIA"
    )
    assert refused.args["text"].startswith("Answer #1 already has a score: 4/5 by Maria.")
    result = sbot.dm_cards("U0ALICE", count=3)[2]
    assert "8/10 points (80%) — passed (pass mark 80%)" in body(result)
    assert rows(sbot, Grade) == 1


def test_many_simultaneous_clicks_on_a_choice_record_one_answer(sbot):
    seed(sbot)
    sbot.send.command("U0MARIA", "/quiz", "start <@U0ALICE|alice> product 2")
    [card] = sbot.dm_cards("U0ALICE")
    results = fire_concurrently([lambda: click(sbot, "U0ALICE", card, "B")] * 10)
    assert all(r.status == 200 for r in results)
    sbot.slack.wait_for("chat.postEphemeral")  # the nine late clicks get one note between them
    notes = {c.args["text"] for c in sbot.slack.calls("chat.postEphemeral")}
    assert notes == {"You have already answered this question; the first answer counts."}
    sbot.updates(card)
    sbot.dm_cards("U0ALICE", count=2)
    time.sleep(0.3)  # a few more delivery passes: still one update and one next question
    assert len(sbot.slack.calls("chat.update")) == 1
    assert len(sbot.slack.messages_to("DU0ALICE")) == 2
    assert rows(sbot, Answer) == 1


def test_a_manager_command_is_refused_to_a_rep_and_the_add_modal_shows_errors(sbot):
    refused = sbot.send.command("U0BOB", "/quiz", "start <@U0ALICE|alice>").json()
    assert refused["text"] == "Only managers can use /quiz start."
    assert sbot.send.command("U0MARIA", "/quiz", "add").status == 200
    add = modal_for(sbot)
    assert add["callback_id"] == "form:quiz_add"
    bad = sbot.send.view_submission(
        "U0MARIA",
        "form:quiz_add",
        {
            "category": {"value": {"type": "plain_text_input", "value": "product"}},
            "type": {
                "value": {
                    "type": "static_select",
                    "selected_option": {"value": "open", "text": {"text": "open"}},
                }
            },
            "question": {"value": "Why us?"},
        },
    )
    assert bad.json() == {
        "response_action": "errors",
        "errors": {"model_answer": "model_answer is needed for an open question."},
    }


def test_a_form_typed_in_a_dm_is_asked_one_message_at_a_time(sbot):
    """A DM has no trigger for a modal: the bot asks each field in turn instead."""
    import time as _time

    def dm(text, n):
        sbot.send.event(
            {
                "type": "message",
                "channel_type": "im",
                "channel": "DU0MARIA",
                "user": "U0MARIA",
                "text": text,
                "ts": f"1700000{n:03d}.000001",
            },
            event_id=f"EvForm{n}",
        )
        calls = sbot.slack.wait_for(
            "chat.postMessage", lambda c: c.args.get("channel") == "DU0MARIA", count=n
        )
        return calls[-1].args["text"]

    first = dm("quiz add", 1)
    assert "Category" in first and "Reply with your answer" in first
    answers = [
        "product",
        "open",
        "What does sync do?",
        "-",
        "-",
        "It keeps files the same everywhere",
        "devices, offline, conflicts",
        "-",
    ]
    for n, answer in enumerate(answers, start=2):
        last = dm(answer, n)
    assert last == "Question #1 added to product (open, 1 point(s))."
    _time.sleep(0.2)
    bank = sbot.send.command("U0MARIA", "/quiz", "bank").json()["text"]
    assert bank == "Question bank: 1 question(s)\n• product: 1"


def test_every_managers_copy_of_a_grading_card_changes_when_one_scores(make_slack_bot):
    sbot = make_slack_bot(
        team={
            "managers": [
                {"name": "Maria", "slack": "U0MARIA"},
                {"name": "Mark", "slack": "U0MARK"},
            ]
        }
    )
    seed(sbot)
    sbot.send.command("U0MARIA", "/quiz", "start <@U0ALICE|alice> customers")
    [card] = sbot.dm_cards("U0ALICE")
    click(sbot, "U0ALICE", card, "Answer")
    assert submit(sbot, "U0ALICE", modal_for(sbot), answer="Large files.").status == 200
    [marias] = sbot.dm_cards("U0MARIA")
    [marks] = sbot.dm_cards("U0MARK")
    assert labels(marias) == labels(marks) == ["0", "1", "2", "3", "4", "5"]
    click(sbot, "U0MARK", marks, "3")
    assert submit(sbot, "U0MARK", modal_for(sbot, count=2), comment="").status == 200
    [on_marks] = sbot.updates(marks)
    [on_marias] = sbot.updates(marias)
    assert on_marks.args["channel"] == "DU0MARK" and on_marias.args["channel"] == "DU0MARIA"
    for update in (on_marks, on_marias):
        assert header(update) == "Scored 3/5 by Mark: Alice, quiz #1, question 1 of 1"
        assert labels(update) == []


def test_a_stale_score_button_is_refused_at_the_click(make_slack_bot):
    sbot = make_slack_bot(
        team={
            "managers": [{"name": "Maria", "slack": "U0MARIA"}, {"name": "Mark", "slack": "U0MARK"}]
        }
    )
    seed(sbot)
    sbot.send.command("U0MARIA", "/quiz", "start <@U0ALICE|alice> customers")
    [card] = sbot.dm_cards("U0ALICE")
    click(sbot, "U0ALICE", card, "Answer")
    submit(sbot, "U0ALICE", modal_for(sbot), answer="Large files.")
    [marias] = sbot.dm_cards("U0MARIA")
    [marks] = sbot.dm_cards("U0MARK")
    click(sbot, "U0MARK", marks, "3")
    submit(sbot, "U0MARK", modal_for(sbot, count=2), comment="")
    click(sbot, "U0MARIA", marias, "5")  # her card had not changed yet when she clicked
    [note] = sbot.slack.wait_for("chat.postEphemeral", lambda c: c.args.get("user") == "U0MARIA")
    assert note.args["text"].startswith("Answer #1 already has a score: 3/5 by Mark.")
    assert len(sbot.slack.calls("views.open")) == 2  # no comment box for the stale click
