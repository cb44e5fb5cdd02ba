"""A contract shared in chat lands in the store files.url names and the managers' card
links it there: a WebDAV drive (the link goes to the file on the drive) and S3-compatible
storage (a presigned link), each a real server started here."""

from __future__ import annotations

import requests

from handlers.core.inbox import SharedFile
from handlers.core.messages import Card
from handlers.pipeline import copies
from handlers.pipeline.sharing import files_shared
from storage.files import FileStatus, StoredFile
from tests.file_samples import PDF
from tests.pipeline_support import actor, open_account, say
from tests.stores import DAV_PASSWORD, DAV_USER, s3_server, webdav_server

KEY = "team-1/contracts/2026-03/1-Acme contract.pdf"


def share_contract(bot) -> Card:
    """Alice shares a PDF for Acme; once the copy job has run, Maria's card."""
    open_account(bot.svc, "U0ALICE", "Acme", "12000")
    bot.chat.files["F0C"] = PDF
    shared = SharedFile("F0C", "Acme contract.pdf", "https://x/F0C", "application/pdf")
    files_shared(bot.svc, actor(bot.svc, "U0ALICE"), "Acme", [shared])
    assert copies.run(bot.svc) == 1
    with bot.svc.db.reading() as s:
        assert s.get_one(StoredFile, 1).status == FileStatus.STORED
    bot.deliver()
    [card] = [m.message for m in bot.chat.to("U0MARIA") if isinstance(m.message, Card)]
    return card


def linked(card: Card) -> str:
    return card.text.split("File: Acme contract.pdf: ", 1)[1].split()[0]


def test_a_webdav_drive(make_bot, tmp_path):
    with webdav_server(tmp_path / "drive") as dav:
        url = dav.url.replace("http://", "webdav+http://")
        files = {"url": url, "user": DAV_USER, "password": DAV_PASSWORD}
        card = share_contract(make_bot(files=files))
        assert (dav.root / KEY).read_bytes() == PDF
        link = linked(card)
        assert link == f"{dav.url}/team-1/contracts/2026-03/1-Acme%20contract.pdf"
        assert requests.get(link, auth=(DAV_USER, DAV_PASSWORD), timeout=10).content == PDF


def test_s3_compatible_storage(make_bot, monkeypatch):
    with s3_server(monkeypatch, "sales-files") as endpoint:
        card = share_contract(make_bot(files={"url": "s3://sales-files/salesbot"}))
        link = linked(card)
        assert link.startswith(f"{endpoint}/sales-files/salesbot/team-1/contracts/2026-03/")
        assert requests.get(link, timeout=10).content == PDF


def test_a_store_that_is_down_keeps_the_contract_waiting_until_it_is_back(make_bot, tmp_path):
    with webdav_server(tmp_path / "drive") as dav:
        url = dav.url.replace("http://", "webdav+http://")
        bot = make_bot(files={"url": url, "user": DAV_USER, "password": DAV_PASSWORD})
    # the drive is gone: the copy fails and is tried again later
    open_account(bot.svc, "U0ALICE", "Acme", "12000")
    bot.chat.files["F0C"] = PDF
    shared = SharedFile("F0C", "Acme contract.pdf", "https://x/F0C", "application/pdf")
    files_shared(bot.svc, actor(bot.svc, "U0ALICE"), "Acme", [shared])
    assert copies.run(bot.svc) == 1
    with bot.svc.db.reading() as s:
        file = s.get_one(StoredFile, 1)
    assert file.status == FileStatus.PENDING and file.attempts == 1 and file.last_error
    bot.deliver()
    assert bot.chat.to("U0MARIA") == []  # the managers get it once it is stored
    assert say(bot.svc, "U0ALICE", "/contract", "Acme").splitlines()[1] == (
        "• v1 sent by Alice on 2026-03-02 09:00 UTC · Being copied into the file store; the "
        "managers get it once it is there. · File: Acme contract.pdf (being copied to the "
        "file store)"
    )
