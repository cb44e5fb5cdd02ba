"""Every command, fuzzed: whatever is typed, the answer is a message (never an error from
inside), and input that cannot be right changes nothing at all."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from handlers.core.commands import run_command
from handlers.core.messages import Card, Form, Text
from storage.accounts import Account, AccountEvent, Recording
from storage.models import Lead, LeadEvent, Member, Offer, OutboxMessage, PendingForm
from storage.training import Answer, Grade, MockSale, Question, QuizRun
from tests.fuzz import IDS, ODD_TEXT, STRANGERS
from tests.pipeline_support import open_account

PEOPLE = ["U0MARIA", "U0ALICE", "U0NOBODY"]  # a manager, a rep, a stranger
TABLES = (
    Lead,
    Offer,
    LeadEvent,
    Account,
    AccountEvent,
    Recording,
    QuizRun,
    Answer,
    Grade,
    Question,
    MockSale,
    OutboxMessage,
    PendingForm,
)


def state(bot) -> tuple:
    """Everything a command could change, in a few numbers."""
    with bot.svc.db.reading() as s:
        counts = tuple(s.scalar(select(func.count()).select_from(t)) for t in TABLES)
        away = s.scalar(select(func.count()).select_from(Member).where(Member.away))
        figures = s.execute(
            select(func.sum(Account.amount_cents), func.count(Account.close_date))
        ).one()
    return (*counts, away, *figures)


def answers(replies: list) -> list[str]:
    out = []
    for reply in replies:
        assert isinstance(reply, Card | Text | Form), reply
        out.append(reply.plain() if isinstance(reply, Card | Text) else reply.title)
    return out


COMMANDS = ["lead", "team", "deal", "forecast", "note", "account", "quiz", "onboard"]
STAGES = {"needs", "trial", "negotiation", "won", "lost"}
REFUSED_CHARACTERS = st.one_of(
    st.characters(categories=("Cs", "Co")),
    st.characters(categories=("Cc",)).filter(lambda ch: ch not in "\t\n\r"),
)
# Input no command can take: a character nothing types, more than a command holds, or an
# unclosed quote.
IMPOSSIBLE = st.one_of(
    st.tuples(st.text(max_size=20), REFUSED_CHARACTERS, st.text(max_size=20)).map("".join),
    st.text(min_size=2001, max_size=2050),
    st.text(max_size=20).map(lambda words: f'{words} "unclosed'),
)


# Amounts that look like numbers (so they are not read as part of the company's name) and
# cannot be: negative, 10^13 or more, not one number.
BAD_AMOUNTS = st.one_of(
    st.integers(max_value=-1).map(str),
    st.integers(min_value=10**13).map(str),
    st.sampled_from(["-0.01", "1e13", "1e400", "1.2.3", "1..2", "-1e5"]),
)


def _case(*parts: st.SearchStrategy[str]) -> st.SearchStrategy[tuple[str, str]]:
    """A command and its text, from strategies for its words."""
    return st.tuples(*parts).map(lambda words: (words[0], " ".join(words[1:])))


WRONG_ARGUMENTS = st.one_of(
    _case(st.just("lead"), st.sampled_from(["show", "cancel"]), IDS),
    _case(st.just("lead"), st.just("add"), st.just("Acme"), BAD_AMOUNTS),
    _case(st.just("team"), st.sampled_from(["away", "back"]), STRANGERS),
    _case(st.just("deal"), st.just("new"), IDS, st.just("100")),
    _case(st.just("deal"), IDS),
    _case(st.just("deal"), st.just("#1"), st.just("amount"), BAD_AMOUNTS),
    _case(
        st.just("deal"),
        st.just("#1"),
        st.just("close"),
        st.sampled_from(["2026-02-30", "1999-01-01", "2101-01-01", "tomorrow", "2026-13-01"]),
    ),
    _case(
        st.just("deal"),
        st.just("#1"),
        st.just("probability"),
        st.sampled_from(["101", "-5", "abc", "50.5", "1e2", "٥٠"]),
    ),
    _case(
        st.just("deal"),
        st.just("#1"),
        st.just("stage"),
        st.text(min_size=1, max_size=8).filter(lambda w: w.strip().lower() not in STAGES),
    ),
    _case(st.just("note"), IDS, st.just("called")),
    _case(st.just("account"), IDS),
    _case(st.just("forecast"), st.sampled_from(["2026-Q5", "Q0", "2026", "1999-Q1x"])),
    _case(st.just("quiz"), st.just("start"), STRANGERS),
    _case(st.just("quiz"), st.just("grade"), IDS, st.sampled_from(["3", "6", "-1", "x"])),
    _case(st.just("onboard"), STRANGERS),
    _case(st.just("onboard"), st.just("mock"), st.just("@alice"), st.just("maybe")),
)


def _prepared(bot):
    open_account(bot.svc, "U0ALICE", "Acme", "1000")  # account #1, so "#1" names something
    return bot


@given(
    command=st.sampled_from(
        ["lead", "team", "deal", "forecast", "note", "account", "quiz", "onboard", "help"]
    ),
    text=IMPOSSIBLE,
    who=st.sampled_from(PEOPLE),
)
def test_input_no_command_can_take_gets_a_message_and_changes_nothing(bot, command, text, who):
    before = state(bot)
    replies = run_command(bot.svc, bot.actor(who), command, text)
    assert all(answers(replies))
    assert state(bot) == before


@given(case=WRONG_ARGUMENTS, who=st.sampled_from(PEOPLE))
def test_wrong_arguments_get_a_message_and_change_nothing(bot, case, who):
    if state(bot)[3] == 0:
        _prepared(bot)
    command, text = case
    before = state(bot)
    replies = run_command(bot.svc, bot.actor(who), command, text)
    assert all(answers(replies))
    assert state(bot) == before, (command, text)


@given(
    command=st.sampled_from(
        ["lead", "team", "deal", "forecast", "note", "account", "quiz", "onboard"]
    ),
    text=ODD_TEXT,
    who=st.sampled_from(PEOPLE),
)
def test_anything_typed_is_answered_with_a_message(bot, command, text, who):
    replies = run_command(bot.svc, bot.actor(who), command, text)
    assert replies and all(answers(replies))
