"""GET /files/<id>: a file of the local store, to a link the bot signed that has not
expired; a forged, altered or expired link gets 403 and no file."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import requests

from handlers.core.inbox import SharedFile
from handlers.pipeline import copies
from handlers.pipeline.sharing import files_shared
from tests.file_samples import PDF
from tests.pipeline_support import actor, open_account, wait_stored


def stored_link(sbot) -> str:
    svc = sbot.runtime.svc
    open_account(svc, "U0ALICE", "Acme", "12000")
    file = sbot.slack.add_file("U0ALICE", "合同.pdf", PDF, "application/pdf", file_id="F0C")
    shared = SharedFile("F0C", "合同.pdf", file["permalink"], "application/pdf", size=len(PDF))
    files_shared(svc, actor(svc, "U0ALICE"), "Acme", [shared])
    copies.run(svc)
    wait_stored(svc, 1)
    timeline = sbot.send.command("U0MARIA", "/account", "Acme").json()["text"]
    return timeline.split("File: 合同.pdf: ", 1)[1].split()[0]


def test_a_signed_link_serves_the_file_and_nothing_else_does(sbot, clock):
    link = stored_link(sbot)
    got = requests.get(link, timeout=10)
    assert got.status_code == 200 and got.content == PDF
    assert got.headers["Content-Type"] == "application/pdf"
    assert got.headers["X-Content-Type-Options"] == "nosniff"
    assert got.headers["Content-Security-Policy"] == "sandbox"
    assert "filename*=UTF-8''%E5%90%88%E5%90%8C.pdf" in got.headers["Content-Disposition"]
    parts = urlsplit(link)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    base = f"{parts.scheme}://{parts.netloc}"
    for bad in (
        f"{base}/files/1?exp={query['exp']}&sig={'0' * 32}",  # forged
        f"{base}/files/1?exp={int(query['exp']) + 86400}&sig={query['sig']}",  # longer life
        f"{base}/files/1",  # unsigned
        f"{base}/files/1?exp=never&sig={query['sig']}",
    ):
        refused = requests.get(bad, timeout=10)
        assert refused.status_code == 403, bad
        assert PDF not in refused.content
        assert refused.json() == {"error": "the link is not valid or has expired"}
    store = sbot.runtime.svc.store
    other = f"{base}/files/2?exp={query['exp']}&sig={store.signature(2, int(query['exp']))}"
    assert requests.get(other, timeout=10).status_code == 404  # well signed, no such file
    clock.advance(days=7)  # files.link_ttl
    expired = requests.get(link, timeout=10)
    assert expired.status_code == 403 and PDF not in expired.content
    fresh = sbot.send.command("U0MARIA", "/account", "Acme").json()["text"]
    again = fresh.split("File: 合同.pdf: ", 1)[1].split()[0]
    assert again != link and requests.get(again, timeout=10).content == PDF
