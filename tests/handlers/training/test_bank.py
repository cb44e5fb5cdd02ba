"""Adding questions by hand: `/quiz add field=value …` and the modal, in both languages."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from handlers.core.messages import FormInvalid, Text
from storage.training import Question
from tests.handlers.quiz_support import BANK, cards, click, count, reply_form, say, seed, submit

CHOICE = (
    'add category=product type=choice question="Free plan storage?" choices="1 GB|5 GB|10 GB"'
    " answer=B points=2"
)


def test_a_manager_adds_a_choice_question_and_the_same_one_again_adds_nothing(bot):
    assert say(bot, "U0MARIA", "/quiz", CHOICE) == (
        "Question #1 added to product (multiple choice, 2 point(s))."
    )
    again = CHOICE.replace("Free plan storage?", "free  PLAN storage?")
    assert say(bot, "U0MARIA", "/quiz", again) == (
        "That question is already in the bank (#1); nothing was added."
    )
    with bot.svc.db.transaction() as s:
        q = s.scalar(select(Question))
    assert (q.kind, q.choices, q.correct, q.points) == ("choice", ["1 GB", "5 GB", "10 GB"], 1, 2)
    assert say(bot, "U0MARIA", "/quiz", "bank") == "Question bank: 1 question(s)\n• product: 1"


def test_an_open_question_needs_a_model_answer_and_what_it_covers(bot):
    text = 'add category=customers type=open question="First question to a studio?"'
    assert say(bot, "U0MARIA", "/quiz", text) == (
        "The question was not added:\nmodel_answer is needed for an open question."
    )
    text += ' model_answer="Ask what hurts." covers="pain; files"'
    assert say(bot, "U0MARIA", "/quiz", text) == (
        "Question #1 added to customers (open, 1 point(s))."
    )


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ("category= type=choice question=Q? choices=a|b answer=a", "category is empty."),
        ("category=c type=mc question=Q? choices=a|b answer=a", "type must be choice or open."),
        ("category=c type=choice choices=a|b answer=a", "question is missing."),
        ("category=c type=choice question=Q? choices=a answer=a", "choices: give 2 to 6 choices."),
        (
            "category=c type=choice question=Q? choices=a|b|c|d|e|f|g answer=a",
            "choices: give 2 to 6 choices.",
        ),
        (
            "category=c type=choice question=Q? choices=a|A answer=a",
            "choices: a choice is listed twice.",
        ),
        (
            "category=c type=choice question=Q? choices=a|b",
            "answer: name the right choice (its text or letter).",
        ),
        (
            "category=c type=choice question=Q? choices=a|b answer=z",
            "answer: z is not one of the choices (give its text or letter).",
        ),
        (
            "category=c type=choice question=Q? choices=a|b answer=a covers=x",
            "covers is not used by choice questions; leave it out.",
        ),
        (
            "category=c type=choice question=Q? choices=a|b answer=a points=0",
            "points must be a whole number from 1 to 100.",
        ),
        (
            "category=c type=choice question=Q? choices=a|b answer=a points=1.5",
            "points must be a whole number from 1 to 100.",
        ),
        (
            "category=c type=choice question=Q? choices=a|b answer=a colour=red",
            "colour is not a field; use category, type, question, choices, answer, model_answer,"
            " covers, points.",
        ),
    ],
)
def test_a_bad_field_is_named_and_nothing_is_added(bot, fields, problem):
    assert say(bot, "U0MARIA", "/quiz", "add " + fields) == (
        "The question was not added:\n" + problem
    )
    assert count(bot, Question) == 0


def test_words_that_are_not_fields_are_refused(bot):
    assert say(bot, "U0MARIA", "/quiz", "add product choice") == (
        "Expected field=value, got product. Fields: category, type, question, choices, answer,"
        " model_answer, covers, points."
    )
    assert say(bot, "U0MARIA", "/quiz", "add type=open type=choice") == "type is given twice."
    assert say(bot, "U0ALICE", "/quiz", CHOICE) == "Only managers can use /quiz add."
    assert count(bot, Question) == 0


def test_the_modal_shows_each_problem_under_its_field(bot):
    form = reply_form(bot, "U0MARIA", "/quiz", "add")
    assert form.title == "New quiz question"
    assert [i.name for i in form.inputs] == [
        "category",
        "type",
        "question",
        "choices",
        "answer",
        "model_answer",
        "covers",
        "points",
    ]
    assert form.inputs[1].choices == ("multiple choice", "open")
    with pytest.raises(FormInvalid) as bad:
        submit(bot, "U0MARIA", form, category="", type="open", question="Why us?", points="x")
    assert bad.value.errors == {
        "category": "category is empty.",
        "points": "points must be a whole number from 1 to 100.",
    }
    with pytest.raises(FormInvalid) as bad:
        submit(
            bot,
            "U0MARIA",
            form,
            category="product",
            type="multiple choice",
            question="Free plan?",
            choices="1 GB\n5 GB",
            answer="7 GB",
        )
    assert bad.value.errors == {
        "answer": "answer: 7 GB is not one of the choices (give its text or letter)."
    }
    assert count(bot, Question) == 0
    answer = submit(
        bot,
        "U0MARIA",
        form,
        category="product",
        type="multiple choice",
        question="Free plan?",
        choices="1 GB\n5 GB",
        answer="5 gb",
        model_answer="",
        covers="",
        points="",
    )
    assert answer == Text(text="Question #1 added to product (multiple choice, 1 point(s)).")
    assert submit(bot, "U0ALICE", form, category="x") == Text(
        text="Only managers can use /quiz add."
    )


def test_problems_are_told_in_the_configured_language(make_bot):
    bot = make_bot(locale="zh-CN")
    assert say(bot, "U0MARIA", "/quiz", "add category=c type=open question=为什么?") == (
        "题目未添加:\n问答题需要 model_answer。"
    )
    assert say(bot, "U0MARIA", "/quiz", "start @Alice") == (
        "题库是空的:请用 /quiz add 或 salesbot import questions 文件 添加题目。"
    )


def test_the_quiz_cards_speak_chinese_too(make_bot):
    bot = make_bot(locale="zh-CN")
    seed(bot, [BANK[3]])
    assert say(bot, "U0MARIA", "/quiz", "start @Alice") == (
        "已为 Alice 发起测验 #1:共 1 题,将于 2026-03-05 09:00 UTC 关闭。"
    )
    [card] = cards(bot, "U0ALICE")
    assert card.title == "测验 #1 · 第 1/1 题"
    assert [b.label for b in card.buttons] == ["作答"]
    assert card.text.startswith("Maria 为你发起了一次测验:共 1 题,逐题作答。")
    form = click(bot, "U0ALICE", card.buttons[0])
    with pytest.raises(FormInvalid) as bad:
        submit(bot, "U0ALICE", form, answer="")
    assert bad.value.errors == {"answer": "请先填写回答再提交。"}
