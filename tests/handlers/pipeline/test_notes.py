"""Call notes and recordings: links checked, recordings attached once to the right account."""

from __future__ import annotations

from handlers.core.actions import run_action
from handlers.core.inbox import SharedFile
from handlers.core.messages import Card, Text
from handlers.pipeline import copies
from handlers.pipeline.sharing import files_shared
from storage.accounts import Recording
from tests.file_samples import M4A
from tests.pipeline_support import actor, count, events, open_account, say

CALL = SharedFile("F01", "call.m4a", "https://files.example.com/F01", "audio/mp4")


def timeline(bot, account: str) -> list[str]:
    return say(bot.svc, "U0MARIA", "/account", account).splitlines()[8:]


def test_notes_with_and_without_recording_links(bot):
    open_account(bot.svc, "U0ALICE", "Acme Cloud", "1000")
    assert say(bot.svc, "U0ALICE", "/note", "Acme Cloud the customer's CTO wants SSO") == (
        "Note added to #1 Acme Cloud."
    )
    assert say(
        bot.svc, "U0ALICE", "/note", '"Acme Cloud" pricing "call" https://rec.example.com/7'
    ) == ("Note with its recording link added to #1 Acme Cloud.")
    assert [line.split(" · ", 1)[1] for line in timeline(bot, "1")][1:] == [
        "note by Alice: the customer's CTO wants SSO",
        'note by Alice: pricing "call" · recording: https://rec.example.com/7',
    ]


def test_bad_notes_change_nothing(bot):
    open_account(bot.svc, "U0ALICE", "Acme", "1000")
    assert say(bot.svc, "U0ALICE", "/note", "Acme https://rec.example.com/1") == (
        "Write the note after the account, before the link."
    )
    assert say(bot.svc, "U0ALICE", "/note", "Acme call https://") == (
        "https:// is not a link: use a full http(s):// address."
    )
    assert say(bot.svc, "U0ALICE", "/note", "Zeta hello") == (
        "No account matches Zeta. /account lists yours."
    )
    assert say(bot.svc, "U0ALICE", "/note", "Acme").startswith("Usage of /note:")
    assert say(bot.svc, "U0ALICE", "/note", "Acme " + "x" * 1501) == (
        "The note is longer than 1500 characters."
    )
    assert events(bot.svc) == [("opened", "needs")]


def test_a_recording_naming_its_account_is_attached_once(bot):
    open_account(bot.svc, "U0ALICE", "Acme", "1000")
    alice = actor(bot.svc, "U0ALICE")
    bot.chat.files["F01"] = M4A
    assert files_shared(bot.svc, alice, "acme pricing call", [CALL]) == [
        Text(text="Recording call.m4a attached to #1 Acme.")
    ]
    # the same share delivered again
    assert files_shared(bot.svc, alice, "acme pricing call", [CALL]) == [
        Text(text="Recording call.m4a is already attached to #1 Acme.")
    ]
    assert count(bot.svc, Recording) == 1
    line = timeline(bot, "Acme")[1].split(" · ", 1)[1]
    assert line == "recording from Alice: call.m4a — pricing call · being copied to the file store"
    assert copies.run(bot.svc) == 1
    line = timeline(bot, "Acme")[1].split(" · ", 1)[1]
    assert line.startswith(
        "recording from Alice: call.m4a — pricing call · recording: http://127.0.0.1:3000/files/1?exp="
    )
    stored = bot.svc.config.data_dir / "files" / "team-1" / "recordings" / "2026-03" / "1-call.m4a"
    assert stored.read_bytes() == M4A


def test_a_recording_naming_no_account_asks_which_with_buttons(bot):
    open_account(bot.svc, "U0ALICE", "Acme", "1000")
    open_account(bot.svc, "U0ALICE", "Beta", "1000")
    open_account(bot.svc, "U0BOB", "Gamma", "1000")
    alice = actor(bot.svc, "U0ALICE")
    bot.deliver()
    [reply] = files_shared(bot.svc, alice, "call with Zeta", [CALL])
    assert reply.text == "Got call.m4a: pick its account on the card."
    bot.deliver()
    card = bot.chat.to("U0ALICE")[-1].message
    assert isinstance(card, Card) and card.title == "Which account is call.m4a for?"
    assert card.text.startswith("No account matches call.")
    assert [b.label for b in card.buttons] == ["#2 Beta", "#1 Acme"]  # latest first; not Bob's
    beta = card.buttons[0]
    assert run_action(bot.svc, actor(bot.svc, "U0BOB"), beta.action, beta.value) == Text(
        text="That recording is not one you shared."
    )
    assert run_action(bot.svc, alice, beta.action, beta.value) == Text(
        text="Recording call.m4a attached to #2 Beta."
    )
    acme = card.buttons[1]
    assert run_action(bot.svc, alice, acme.action, acme.value) == Text(
        text="Recording call.m4a is already attached to #2 Beta."
    )
    bot.deliver()
    updated = [s.message for s in bot.chat.log if s.action == "update"][-1]
    assert updated.title == "Recording call.m4a attached to #2 Beta." and updated.buttons == ()
    assert [kind for kind, _ in events(bot.svc, 2)] == ["opened", "recording"]


def test_other_files_and_people_without_accounts(bot):
    alice = actor(bot.svc, "U0ALICE")
    sheet = SharedFile("F02", "prices.xlsx", "https://files.example.com/F02", "")
    assert files_shared(bot.svc, alice, "", [sheet]) == [
        Text(
            text="prices.xlsx is neither a call recording (audio or video) nor a contract (a "
            "PDF, a picture or a Word document); it was not kept."
        )
    ]
    assert files_shared(bot.svc, alice, "", [CALL]) == [
        Text(text="There is no open account to attach call.m4a to; open one with /deal new first.")
    ]
    stranger = actor(bot.svc, "U0NOBODY")
    assert files_shared(bot.svc, stranger, "", [CALL])[0].text.startswith("You are not on any team")
