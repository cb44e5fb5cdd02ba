"""Contract approval on WeCom, across real HTTP both ways: a photo of the signed contract
sent to the app (WeCom names no account with it, so the rep picks one), the managers'
template cards, Reject's reason asked as the next message, a second version approved,
Won, and the timeline linking the stored copies rather than WeCom's three-day media."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from storage.accounts import Account
from storage.files import StoredFile
from tests.bot.wecom.conftest import WeComBot, labels, said, typed, updates_of
from tests.bot.wecom.test_pipeline_wecom import account_card, cards_titled, shown
from tests.file_samples import JPEG, PDF
from tests.pipeline_support import open_account, wait_stored

TEAM = {
    "managers": [{"name": "Maria", "wecom": "maria"}, {"name": "Mike", "wecom": "mike"}],
}


def stored_files(wbot: WeComBot) -> list[StoredFile]:
    with wbot.runtime.svc.db.reading() as s:
        return list(s.scalars(select(StoredFile).order_by(StoredFile.id)))


def test_a_photographed_contract_is_rejected_then_a_second_version_approved_and_won(
    make_wecom_bot,
):
    wbot = make_wecom_bot(team=TEAM)
    svc = wbot.runtime.svc
    open_account(svc, "alice", "Acme", "12000", date(2026, 3, 31), platform="wecom")
    account_card(wbot)
    photo = wbot.wecom.add_media("IMG_0001.jpg", JPEG, "image/jpeg")
    assert wbot.send.image("alice", photo).status == 200
    [pick] = cards_titled(wbot, "alice", "Which account is image-")
    assert labels(pick) == ["#1 Acme"]
    wbot.click("alice", pick, "#1 Acme")
    wait_stored(svc, 1)
    [maria] = cards_titled(wbot, "maria", "Contract v1 · #1 Acme")
    [mike] = cards_titled(wbot, "mike", "Contract v1 · #1 Acme")
    assert labels(maria) == labels(mike) == ["Approve", "Reject"]
    assert "Owner: Alice" in shown(maria)
    [got] = wbot.wecom.calls("media/get")
    assert got.args["media_id"] == photo
    assert f"{wbot.web.url}/files/1?exp=" in shown(maria)  # the link to the stored copy

    wbot.click("maria", maria, "Reject")
    [asked] = said(wbot, "maria", "Why is Contract v1 · #1 Acme rejected?")
    assert "Reason" in asked.args["text"]["content"]
    wbot.send.text("maria", "the photo is cut off")
    [rejected_maria] = updates_of(wbot, maria)
    assert rejected_maria.args["template_card"]["replace_text"] == "Rejected"
    # the rep's card has no buttons while it waits: on WeCom each change of it is a message
    said(wbot, "alice", "Rejected by Maria on 2026-03-02 09:00 UTC: the photo is cut off")

    pdf = wbot.wecom.add_media("Acme v2.pdf", PDF, "application/pdf")
    wbot.send.file("alice", pdf, "Acme v2.pdf")
    [pick2] = cards_titled(wbot, "alice", "Which account is Acme v2.pdf")
    wbot.click("alice", pick2, "#1 Acme")
    wait_stored(svc, 2)
    [v2] = cards_titled(wbot, "mike", "Contract v2 · #1 Acme")
    wbot.click("mike", v2, "Approve")
    [approved] = cards_titled(wbot, "alice", "Contract v2 · #1 Acme")  # sent again: Won
    assert labels(approved) == ["Won"]
    wbot.click("alice", approved, "Won")
    said(wbot, "alice", "Moved: #1 Acme: won")
    with svc.db.reading() as s:
        assert s.get_one(Account, 1).stage == "won"
    timeline = typed(wbot, "maria", "account Acme", "Contracts:")
    assert (
        "v1 sent by Alice on 2026-03-02 09:00 UTC · Rejected by Maria on 2026-03-02 09:00 UTC: "
        "the photo is cut off · File: image-" in timeline
    )
    assert "v2 sent by Alice on 2026-03-02 09:00 UTC · Approved by Mike" in timeline
    assert f"Acme v2.pdf: {wbot.web.url}/files/2?exp=" in timeline
    assert [f.mimetype for f in stored_files(wbot)] == ["image/jpeg", "application/pdf"]
