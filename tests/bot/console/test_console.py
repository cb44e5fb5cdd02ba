"""The console chat, driven line by line with a clock the tests move.

No delivery thread runs here: each line delivers what it caused on the test's thread,
so what a line printed is exactly the text after it.
"""

from __future__ import annotations

import io
import threading
from typing import Any

from bot.console import ConsoleSender, run_console
from bot.delivery import SentRef
from handlers.core import commands
from handlers.core.messages import Button, Card
from tests.conftest import demo_config


def test_manager_adds_a_lead_and_the_first_rep_sees_a_numbered_card(console):
    assert console.chat.prompt == "maria> "
    out = console.type("/lead add Acme 5000")
    assert "Lead #1 Acme added; it is being offered." in out
    assert "── DM to Alice ──  card #1" in out
    assert "  Amount: 5,000" in out
    assert "[1] Claim   [2] Pass" in out
    # the reply to the typed line comes before the deliveries it caused
    assert out.index("Lead #1 Acme added") < out.index("DM to Alice")
    assert "DM to Bob" not in out


def test_claim_updates_the_card_and_tells_the_managers(console):
    console.type("lead add Acme 5000")
    assert "You are now Alice (rep on sales)." in console.type("as alice")
    assert console.chat.prompt == "alice> "
    console.clock.advance(seconds=42)
    out = console.type("1")
    assert "Alice pressed [1] Claim on card #1." in out
    assert "── DM to Alice ──  (card #1 updated)" in out
    assert "Claimed by you: Acme" in out
    # the new version has lost Claim and Pass; only the New deal button is left
    assert "[3] New deal" in out.split("(card #1 updated)")[1]
    assert "Claim   [" not in out.split("(card #1 updated)")[1]
    assert "── #sales-managers ──" in out
    assert "Alice claimed lead #1 Acme (5,000) after 42 s." in out


def test_a_retired_button_says_the_card_has_changed(console):
    console.type("lead add Acme")
    console.type("as Alice")
    console.type("press 1")
    out = console.type("press 2")
    assert "Card #1 has changed since; button [2] is gone." in out
    assert "updated" not in out


def test_pressing_someone_elses_button_gets_the_handlers_refusal(console):
    console.type("lead add Acme")
    console.type("as bob")
    out = console.type("[1]")
    assert "(only Bob sees) This offer is for Alice; only they can answer it." in out
    assert "Tip: type as Alice to answer as them." in out
    assert "updated" not in out
    # Alice can still claim it
    console.type("as alice")
    assert "Claimed by you: Acme" in console.type("1")


def test_an_expired_window_updates_the_card_and_offers_the_next_rep(console):
    console.type("lead add Acme")
    console.clock.advance(seconds=61)
    out = console.tick()
    assert "(card #1 updated)" in out
    assert "Expired: Acme" in out
    assert "── DM to Bob ──  card #2" in out
    assert "[3] Claim   [4] Pass" in out
    console.type("as alice")
    assert "button [1] is gone" in console.type("1")


def test_unknown_names_list_who_exists(console):
    out = console.type("as Zed")
    assert "No one called Zed in the config. People: Maria, Alice, Bob, Carol." in out
    assert console.chat.prompt == "maria> "
    assert "People: Maria, Alice, Bob, Carol." in console.type("as")


def test_who_lists_roles_and_who_is_away(console):
    console.type("as carol")
    assert "Carol is now away" in console.type("team away")
    out = console.type("who")
    assert "  Maria: manager of sales\n" in out
    assert "  Carol: rep on sales (away)  ← you" in out


def test_unknown_command_gets_the_handlers_answer_and_the_console_words(console):
    out = console.type("frobnicate now")
    assert "Unknown command frobnicate. Commands: lead, team, " in out
    assert "Console words: as, who, press, upload, help, quit." in out


def test_lead_list_is_for_managers_only(console):
    console.type("lead add Acme 5000")
    console.type("as alice")
    assert "Only managers can use /lead list." in console.type("lead list")
    console.type("as maria")
    assert "#1 Acme (5,000): Alice holds the window" in console.type("lead list")


def test_bad_input_always_gets_an_answer(console):
    assert "A quote is not closed" in console.type('lead add "Acme')
    assert "Type press <number>" in console.type("press x")
    assert "There is no button [99]." in console.type("99")
    assert "Usage of /lead:" in console.type("/lead")
    out = console.type("help")
    assert "as <name>" in out
    assert "/team away [@rep]" in out


def test_a_failing_handler_is_one_line_not_a_trace(console, monkeypatch):
    def broken(*args: Any) -> list:
        raise RuntimeError("boom")

    monkeypatch.setattr(commands, "run_command", broken)
    out = console.type("lead list")
    assert out == "Something went wrong (RuntimeError); the details are in the log.\n"


def test_quit_ends_the_session(console):
    assert console.chat.handle("quit") is False
    assert console.chat.handle("/exit") is False


def test_console_words_follow_the_locale(make_console):
    console = make_console(locale="zh-CN")
    out = console.type("lead add 阿里 5000")
    assert "已添加线索 #1 阿里" in out
    assert "── 私信给 Alice ──  卡片 #1" in out
    assert "[1] 认领   [2] 放弃" in out
    assert "配置中没有 Zed" in console.type("as Zed")


def test_pool_cards_in_a_command_reply_can_be_pressed(console):
    console.type("lead add Acme")
    for _ in range(3):
        console.clock.advance(seconds=61)
        console.tick()
    console.type("as carol")
    out = console.type("lead pool")
    assert "Open pool: Acme" in out
    [grab] = [w for w in out.split() if w.startswith("[")]
    out = console.type(grab)
    assert "Carol grabbed lead #1 Acme from the open pool." in out
    assert "Grabbed by Carol: Acme" in out


def test_a_card_from_an_earlier_session_is_shown_afresh_with_live_buttons():
    out = io.StringIO()
    sender = ConsoleSender(out)
    card = Card(title="Open pool: Acme", buttons=(Button(label="Grab", action="g", value="1"),))
    ref = sender.update(SentRef(channel="#sales-pool", ts="1", extra=None), card)
    assert "(a card from an earlier console session was updated)" in out.getvalue()
    assert "[1] Grab" in out.getvalue()
    assert sender.button(1).live
    assert ref.extra == {"console": sender.session}


def test_deliveries_from_many_threads_keep_blocks_whole_and_numbers_unique():
    out = io.StringIO()
    sender = ConsoleSender(out)
    card = Card(
        title="New lead",
        buttons=(
            Button(label="Claim", action="c", value="1"),
            Button(label="Pass", action="p", value="1"),
        ),
    )

    def send(i: int) -> None:
        sender.send("user", f"Rep{i}", card)

    threads = [threading.Thread(target=send, args=(i,)) for i in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    blocks = out.getvalue().strip("\n").split("\n\n")
    assert len(blocks) == 40
    for block in blocks:
        header, title, buttons = block.splitlines()
        assert header.startswith("── DM to Rep") and title == "  New lead"
        assert buttons.startswith("  [")
    numbers = [n for n in range(1, 81) if sender.button(n) is not None]
    assert numbers == list(range(1, 81))


def test_run_console_from_a_script_prints_the_banner_and_returns_0(database_url):
    config = demo_config(database_url)
    stdin = io.StringIO("who\nlead add Acme 5000\nlead list\nas nobody\n")
    stdout = io.StringIO()
    assert run_console(config, stdin=stdin, stdout=stdout) == 0
    out = stdout.getvalue()
    assert "salesbot console" in out
    assert "Database: " in out
    assert "Team sales: managers Maria · reps Alice, Bob, Carol · window 1 min" in out
    assert "Type help" in out
    assert "You are Maria (manager of sales)." in out
    assert "maria> lead add Acme 5000\nLead #1 Acme added; it is being offered." in out
    assert "#1 Acme (5,000)" in out
    assert "No one called nobody" in out
    assert out.rstrip().endswith("Bye.")


def test_routing_in_the_console_contacted_time_off_and_who_is_next(make_console):
    console = make_console(team={"first_touch": "1h"})
    console.type("lead add Acme 5000")
    console.type("as alice")
    out = console.type("1")
    assert "[3] New deal   [4] Contacted" in out.split("(card #1 updated)")[1]
    console.clock.advance(minutes=7)
    out = console.type("4")
    assert "First touch 7 min after the claim." in out.split("(card #1 updated)")[1]
    assert "away until 2026-03-10" in console.type("team away until 2026-03-10")
    console.type("as maria")
    out = console.type("lead next")
    assert "1. Bob: gets the first look" in out
    assert "3. Alice: skipped: away until 2026-03-10" in out
