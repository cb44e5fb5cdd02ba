"""`home` in the console: the same page as the Slack Home tab, as messages whose buttons
work as the cards' do."""

from __future__ import annotations

import re


def test_a_rep_types_home_and_claims_from_the_page(console):
    console.type("lead add Acme 5000")
    console.type("as alice")
    out = console.type("home")
    assert out.startswith("Alice's page\n")
    assert "Offers open for you (1)" in out
    assert "Window: 1 min left (until 09:01:00 UTC)" in out
    assert "[3] Claim   [4] Pass" in out
    assert "You have no open account." in out
    assert "Your forecast, 2026-Q1" in out
    out = console.type("3")
    assert "── DM to Alice ──  (card #1 updated)" in out
    assert "Claimed by you: Acme" in out
    assert "Offers open for you (0)" in console.type("home")
    # the old page's Claim again: the card's own answer
    assert "(only Alice sees) You have already claimed this lead." in console.type("3")


def test_a_manager_types_home_and_sees_the_team(console):
    console.type("lead add Acme 5000")
    out = console.type("home")
    assert out.startswith("Maria's page\n")
    assert "Team sales" in out
    assert "• #1 Acme (5,000): Alice holds the window (1 min left)" in out
    assert "Open pool (0)" in out
    assert "• Bob: available · 0/3 open · 0 claimed, 0 passed, 0 expired" in out
    assert "Forecast for sales, 2026-Q2" in out
    assert "No contract waits for you." in out
    assert "Claim" not in out


def test_home_in_chinese_answers_to_zhu_ye(make_console):
    console = make_console(locale="zh-CN")
    console.type("lead add Acme 5000")
    console.type("as alice")
    out = console.type("主页")
    assert out.startswith("Alice 的主页\n")
    assert "等你认领的线索(1)" in out
    assert "认领" in out and "你没有在跟的客户。" in out
    again = console.type("home")  # the same page by either name (its card numbered anew)
    assert re.sub(r"#\d+|\[\d+\]", "#", out) == re.sub(r"#\d+|\[\d+\]", "#", again)
