"""Contract approval on Slack, across real HTTP both ways: a contract shared as a file in a
DM reaches both managers once the store has it; the first decision wins and every card
changes in place; Reject asks why in a modal; a new version supersedes; the reminder; Won;
the timeline."""

from __future__ import annotations

import threading
from datetime import date

import requests
from sqlalchemy import select

from handlers.pipeline import contracts
from storage.accounts import Account
from storage.contracts import Contract
from storage.models import Member
from tests.bot.slack.conftest import SlackBot, button, header, labels
from tests.file_samples import PDF
from tests.pipeline_support import all_delivered, open_account, wait_stored

MANAGERS = {
    "managers": [{"name": "Maria", "slack": "U0MARIA"}, {"name": "Mike", "slack": "U0MIKE"}]
}


def two_managers(make_slack_bot) -> SlackBot:
    return make_slack_bot(team=MANAGERS)


def cards(sbot: SlackBot, user: str, prefix: str, count: int = 1):
    return sbot.slack.wait_for(
        "chat.postMessage",
        lambda c: c.args.get("channel") == f"D{user}" and header(c).startswith(prefix),
        count=count,
    )


def text_of(call) -> str:
    return str(call.args["blocks"])


def click(sbot: SlackBot, user: str, card, label: str):
    return sbot.send.click(
        user,
        button(card, label)["action_id"],
        button(card, label)["value"],
        channel_id=card.response["channel"],
        message_ts=card.response["ts"],
    )


def share(sbot: SlackBot, user: str, text: str, file: dict, event_id: str) -> None:
    event = {
        "type": "message",
        "subtype": "file_share",
        "channel_type": "im",
        "channel": f"D{user}",
        "user": user,
        "text": text,
        "ts": "1700000100.000001",
        "files": [file],
    }
    assert sbot.send.event(event, event_id=event_id).status == 200


def ephemerals(sbot: SlackBot, user: str, count: int = 1) -> list[str]:
    calls = sbot.slack.wait_for(
        "chat.postEphemeral", lambda c: c.args.get("user") == user, count=count
    )
    return [c.args["text"] for c in calls]


def test_a_shared_contract_is_approved_and_won(make_slack_bot):
    sbot = two_managers(make_slack_bot)
    svc = sbot.runtime.svc
    open_account(svc, "U0ALICE", "Acme", "12000", date(2026, 3, 31))
    file = sbot.slack.add_file("U0ALICE", "Acme 合同.pdf", PDF, "application/pdf")
    share(sbot, "U0ALICE", "Acme signed by their CFO", file, "Ev0C1")
    wait_stored(svc, 1)
    [maria] = cards(sbot, "U0MARIA", "Contract v1 · #1 Acme")
    [mike] = cards(sbot, "U0MIKE", "Contract v1 · #1 Acme")
    assert labels(maria) == labels(mike) == ["Approve", "Reject"]
    blocks = text_of(maria)
    assert "Owner" in blocks and "Alice" in blocks and "12,000" in blocks and "needs" in blocks
    link = f"{sbot.web.url}/files/1?exp="
    assert f"File: Acme 合同.pdf: {link}" in maria.args["text"]
    url = maria.args["text"].split("File: Acme 合同.pdf: ", 1)[1].split()[0]
    got = requests.get(url, timeout=10)
    assert (got.status_code, got.content, got.headers["Content-Type"]) == (
        200,
        PDF,
        "application/pdf",
    )
    [mine] = cards(sbot, "U0ALICE", "Contract v1 · #1 Acme")
    [waiting] = sbot.updates(mine)
    assert "Waiting for a decision by Maria, Mike." in waiting.args["text"]

    click(sbot, "U0MARIA", maria, "Approve")
    [decided] = sbot.updates(maria)
    [also] = sbot.updates(mike)
    for card in (decided, also):
        assert labels(card) == []
        assert "Approved by Maria on 2026-03-02 09:00 UTC." in card.args["text"]
    [_, approved] = sbot.updates(mine, count=2)
    assert labels(approved) == ["Won"]
    assert f"File: Acme 合同.pdf: {link}" in approved.args["text"]  # the approved contract
    # Mike's card was already updated; a click on the old one changes nothing
    click(sbot, "U0MIKE", mike, "Approve")
    assert ephemerals(sbot, "U0MIKE") == [
        "Contract v1 · #1 Acme: Approved by Maria on 2026-03-02 09:00 UTC."
    ]
    # a rep cannot decide
    click(sbot, "U0ALICE", maria, "Approve")
    assert ephemerals(sbot, "U0ALICE") == ["Only a manager approves or rejects a contract."]

    click(sbot, "U0ALICE", approved, "Won")
    [_, _, won] = sbot.updates(mine, count=3)
    assert labels(won) == [] and "Approved by Maria" in won.args["text"]
    [notice] = sbot.slack.wait_for(
        "chat.postMessage", lambda c: "won account" in c.args.get("text", "")
    )
    assert notice.args["channel"] == "C0MGRS"
    with svc.db.reading() as s:
        assert s.get_one(Account, 1).stage == "won"
    timeline = sbot.send.command("U0MARIA", "/account", "Acme").json()["text"]
    assert (
        "• v1 sent by Alice on 2026-03-02 09:00 UTC · Approved by Maria on 2026-03-02 09:00 UTC."
        f" · File: Acme 合同.pdf: {link}"
    ) in timeline


def test_two_managers_approving_at_once_make_one_decision(make_slack_bot):
    sbot = two_managers(make_slack_bot)
    svc = sbot.runtime.svc
    open_account(svc, "U0ALICE", "Acme", "12000")
    answer = sbot.send.command("U0ALICE", "/contract", "Acme https://drive.example.com/acme.pdf")
    assert answer.json()["text"] == ("Contract v1 for #1 Acme is with Maria, Mike for approval.")
    [maria] = cards(sbot, "U0MARIA", "Contract v1")
    [mike] = cards(sbot, "U0MIKE", "Contract v1")
    answers = []
    start = threading.Barrier(2)

    def approve(user, card):
        start.wait()
        answers.append(click(sbot, user, card, "Approve").status)

    threads = [
        threading.Thread(target=approve, args=("U0MARIA", maria)),
        threading.Thread(target=approve, args=("U0MIKE", mike)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == [200, 200]
    [note] = sbot.slack.wait_for("chat.postEphemeral")
    with svc.db.reading() as s:
        [contract] = s.scalars(select(Contract)).all()
        winner = s.get_one(Member, contract.decided_by).name
    loser = "U0MIKE" if winner == "Maria" else "U0MARIA"
    assert note.args["user"] == loser
    assert note.args["text"] == (
        f"Contract v1 · #1 Acme: Approved by {winner} on 2026-03-02 09:00 UTC."
    )
    all_delivered(svc)
    assert len(sbot.slack.calls("chat.postEphemeral")) == 1
    updates = sbot.slack.calls("chat.update")
    assert sum(f"Approved by {winner}" in c.args["text"] for c in updates) == 3  # 2 + Alice's


def test_reject_asks_why_in_a_modal_and_the_rep_reads_it(make_slack_bot):
    sbot = two_managers(make_slack_bot)
    open_account(sbot.runtime.svc, "U0ALICE", "Acme", "12000")
    sbot.send.command("U0ALICE", "/contract", "Acme https://drive.example.com/acme.pdf")
    [maria] = cards(sbot, "U0MARIA", "Contract v1")
    [mine] = cards(sbot, "U0ALICE", "Contract v1")
    click(sbot, "U0MARIA", maria, "Reject")
    [opened] = sbot.slack.wait_for("views.open")
    view = opened.args["view"]
    assert view["title"]["text"] == "Reject contract"
    empty = sbot.send.view_submission(
        "U0MARIA",
        view["callback_id"],
        {"reason": {"value": {"type": "plain_text_input", "value": "  "}}},
        private_metadata=view["private_metadata"],
    )
    assert empty.json()["response_action"] == "errors"
    reason = {"reason": {"value": {"type": "plain_text_input", "value": "page 3 unsigned"}}}
    done = sbot.send.view_submission(
        "U0MARIA", view["callback_id"], reason, private_metadata=view["private_metadata"]
    )
    assert done.status == 200
    [rejected] = sbot.updates(mine)
    assert "Rejected by Maria on 2026-03-02 09:00 UTC: page 3 unsigned" in rejected.args["text"]
    assert labels(rejected) == []
    [mike] = cards(sbot, "U0MIKE", "Contract v1")
    [also] = sbot.updates(mike)
    assert "Rejected by Maria" in also.args["text"] and labels(also) == []
    timeline = sbot.send.command("U0ALICE", "/account", "Acme").json()["text"]
    assert "Rejected by Maria on 2026-03-02 09:00 UTC: page 3 unsigned" in timeline


def test_a_new_version_supersedes_the_waiting_one(make_slack_bot):
    sbot = two_managers(make_slack_bot)
    open_account(sbot.runtime.svc, "U0ALICE", "Acme", "12000")
    sbot.send.command("U0ALICE", "/contract", "Acme https://drive.example.com/v1.pdf")
    [v1] = cards(sbot, "U0MARIA", "Contract v1")
    sbot.send.command("U0ALICE", "/contract", "Acme https://drive.example.com/v2.pdf")
    [v2] = cards(sbot, "U0MARIA", "Contract v2")
    assert labels(v2) == ["Approve", "Reject"] and "v2.pdf" in v2.args["text"]
    [gone] = sbot.updates(v1)
    assert "Superseded by version 2." in gone.args["text"] and labels(gone) == []
    click(sbot, "U0MARIA", v1, "Approve")
    assert ephemerals(sbot, "U0MARIA") == ["Contract v1 · #1 Acme: Superseded by version 2."]
    pending = sbot.send.command("U0MARIA", "/contract", "pending").json()["text"]
    assert pending.splitlines() == [
        "Contracts waiting for you: 1",
        "• Contract v2 · #1 Acme from Alice · 12,000 · needs · waiting 0 min · "
        "Link: https://drive.example.com/v2.pdf",
    ]
    refused = sbot.send.command("U0ALICE", "/contract", "pending").json()["text"]
    assert refused == "Only managers can use /contract pending."


def test_a_waiting_contract_reminds_the_managers_once_a_period(make_slack_bot, clock):
    sbot = two_managers(make_slack_bot)
    svc = sbot.runtime.svc
    open_account(svc, "U0ALICE", "Acme", "12000")
    sbot.send.command("U0ALICE", "/contract", "Acme https://drive.example.com/acme.pdf")
    cards(sbot, "U0MARIA", "Contract v1")
    clock.advance(hours=3, minutes=59)
    assert contracts.remind(svc) == 0
    clock.advance(minutes=1)
    assert contracts.remind(svc) == 1
    assert contracts.remind(svc) == 0  # once per period, however often the job ticks
    for user in ("U0MARIA", "U0MIKE"):
        [reminder] = sbot.slack.wait_for(
            "chat.postMessage",
            lambda c, u=user: (
                c.args.get("channel") == f"D{u}" and c.args.get("text", "").startswith("Reminder")
            ),
        )
        assert reminder.args["text"] == (
            "Reminder: Contract v1 · #1 Acme from Alice has waited 4 h for a decision. "
            "/contract pending lists all."
        )
    clock.advance(hours=4)
    assert contracts.remind(svc) == 1
    [maria] = cards(sbot, "U0MARIA", "Contract v1")
    click(sbot, "U0MARIA", maria, "Approve")
    sbot.updates(maria)
    clock.advance(hours=4)
    assert contracts.remind(svc) == 0  # decided: no more reminders
