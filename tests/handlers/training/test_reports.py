"""What managers and reps read: the report, the leaderboard, who is waiting on whom."""

from __future__ import annotations

from tests.handlers.quiz_support import button, cards, click, say, seed, submit


def answer_all(bot, user: str, letters: list[str], text: str = "An answer") -> None:
    """Answer the rep's questions as they come: a letter for each choice, `text` when open."""
    for letter in letters:
        card = cards(bot, user)[-1]
        if letter == "open":
            submit(bot, user, click(bot, user, button(card, "Answer")), answer=text)
        else:
            click(bot, user, button(card, letter))


def test_the_leaderboard_ranks_by_share_of_points_and_can_be_cut_by_category(bot):
    seed(bot)
    say(bot, "U0MARIA", "/quiz", "start @Alice product 2")
    answer_all(bot, "U0ALICE", ["B", "C"])  # 5 of 5
    say(bot, "U0MARIA", "/quiz", "start @Bob product 2")
    answer_all(bot, "U0BOB", ["B", "A"])  # 2 of 5
    say(bot, "U0MARIA", "/quiz", "start @Carol customers")
    answer_all(bot, "U0CAROL", ["open"])  # waiting for a score: not ranked yet
    assert say(bot, "U0ALICE", "/quiz", "leaderboard") == (
        "Leaderboard\n"
        "1. Alice — 100% (5/5 points in 1 quiz(zes))\n"
        "2. Bob — 40% (2/5 points in 1 quiz(zes))"
    )
    [to_grade] = cards(bot, "U0MARIA")
    submit(bot, "U0MARIA", click(bot, "U0MARIA", button(to_grade, "4")), comment="")
    assert say(bot, "U0MARIA", "/quiz", "leaderboard customers") == (
        "Leaderboard: customers\n1. Carol — 80% (8/10 points in 1 quiz(zes))"
    )
    assert say(bot, "U0MARIA", "/quiz", "leaderboard pricing") == (
        "There are no questions in category pricing. Categories: customers (1), product (3)."
    )


def test_an_empty_leaderboard(bot):
    assert say(bot, "U0BOB", "/quiz", "leaderboard") == "Leaderboard\nNo scored quizzes yet."


def test_waiting_shows_who_owes_an_answer_and_who_owes_a_score(bot):
    seed(bot)
    seed(
        bot,
        [
            {
                "category": "pitch",
                "type": "open",
                "question": f"Pitch {n}?",
                "model_answer": "A pitch.",
                "covers": "value",
                "points": 5,
            }
            for n in (1, 2)
        ],
    )
    assert say(bot, "U0MARIA", "/quiz", "waiting") == (
        "Nobody is waiting: every question asked is answered and every answer scored."
    )
    say(bot, "U0MARIA", "/quiz", "start @Carol customers")
    say(bot, "U0MARIA", "/quiz", "pair @Alice @Bob pitch 1")
    bot.clock.advance(minutes=30)
    answer_all(bot, "U0CAROL", ["open"])
    answer_all(bot, "U0ALICE", ["open"])
    bot.clock.advance(hours=2)
    assert say(bot, "U0MARIA", "/quiz", "waiting").splitlines() == [
        "Waiting:",
        "• Bob owes an answer: quiz #3, question 1 (asked 2 h 30 min ago; closes at"
        " 2026-03-05 09:00 UTC)",
        "• a manager owes a score: Carol's answer #1 (quiz #1, question 1; waiting 2 h)",
        "• Bob owes a score: Alice's answer #2 (quiz #2, question 1; waiting 2 h)",
    ]


def test_reps_read_their_own_report_only(bot):
    seed(bot)
    assert say(bot, "U0ALICE", "/quiz", "report") == "Alice has no quizzes yet."
    assert say(bot, "U0ALICE", "/quiz", "report @Bob") == (
        "You can see only your own quiz report; managers can see anyone's."
    )
    say(bot, "U0MARIA", "/quiz", "start @Alice product 1")
    assert say(bot, "U0ALICE", "/quiz", "report").splitlines() == [
        "Quizzes of Alice (latest 1)",
        "Quiz #1 · 2026-03-02 09:00 UTC · started by Maria · in progress, closes at"
        " 2026-03-05 09:00 UTC",
        "0/2 points (0%)",
        "1. [multiple choice] How much storage does the free plan include?",
        "   not answered: 0/2",
    ]
