"""Files shared with the bot: names cleaned, limits and types checked (the platform's word
at once, the content on the way into the store), and a failed copy tried again until it
lands, with the recording or contract kept meanwhile."""

from __future__ import annotations

from datetime import timedelta

import pytest

from handlers.core.downloads import DownloadError
from handlers.core.inbox import SharedFile
from handlers.core.messages import Text
from handlers.pipeline import copies
from handlers.pipeline.files import clean_name
from handlers.pipeline.sharing import files_shared
from storage.files import FileStatus, StoredFile
from tests.file_samples import EXE, M4A, PDF
from tests.pipeline_support import actor, open_account, say


def stored(bot, file_id: int) -> StoredFile:
    with bot.svc.db.reading() as s:
        return s.get_one(StoredFile, file_id)


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("合同 v2.pdf", "合同 v2.pdf"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\li\\scan.jpg", "scan.jpg"),
        ('a<b>c:d"e|f?g*.pdf', "a_b_c_d_e_f_g_.pdf"),
        ("invoice\u202efdp.exe", "invoicefdp.exe"),  # no right-to-left trick
        ("  .hidden.pdf", "hidden.pdf"),
        ("con.pdf", "con_.pdf"),
        ("...", "fallback"),
    ],
)
def test_file_names_are_cleaned(given: str, kept: str) -> None:
    assert clean_name(given, "fallback") == kept


def test_a_long_name_keeps_its_extension_within_180_bytes() -> None:
    for name in ("x" * 300 + ".pdf", "合" * 200 + ".docx"):
        cleaned = clean_name(name, "f")
        assert len(cleaned.encode()) <= 180
        assert cleaned.endswith(name[-5:].lstrip("x合"))


def test_over_the_limit_by_the_platforms_word_is_refused_at_once(make_bot) -> None:
    bot = make_bot(files={"max_contract_mb": 1, "max_recording_mb": 2})
    open_account(bot.svc, "U0ALICE", "Acme", "1000")
    alice = actor(bot.svc, "U0ALICE")
    big = SharedFile("F1", "contract.pdf", "https://x/F1", "application/pdf", size=1024**2 + 1)
    call = SharedFile("F2", "call.m4a", "https://x/F2", "audio/mp4", size=3 * 1024**2)
    assert files_shared(bot.svc, alice, "Acme", [big, call]) == [
        Text(
            text="contract.pdf is larger than the 1 MB a contract may be "
            "(files.max_contract_mb); it was not kept."
        ),
        Text(
            text="call.m4a is larger than the 2 MB a recording may be "
            "(files.max_recording_mb); it was not kept."
        ),
    ]
    with bot.svc.db.reading() as s:
        assert s.query(StoredFile).count() == 0


def test_content_that_is_not_what_its_name_says_is_not_kept(make_bot) -> None:
    bot = make_bot(files={"max_contract_mb": 1})
    open_account(bot.svc, "U0ALICE", "Acme", "1000")
    alice = actor(bot.svc, "U0ALICE")
    bot.chat.files.update({"F1": EXE, "F2": PDF * 5000})  # a program; a PDF of 1.3 MB
    pdf = SharedFile("F1", "contract.pdf", "https://x/F1", "application/pdf")
    files_shared(bot.svc, alice, "Acme", [pdf])
    big = SharedFile("F2", "scan.pdf", "https://x/F2", "application/pdf")  # size untold
    files_shared(bot.svc, alice, "Acme", [big])
    assert copies.run(bot.svc) == 2
    assert [stored(bot, i).status for i in (1, 2)] == [FileStatus.REFUSED, FileStatus.REFUSED]
    assert not (bot.svc.config.data_dir / "files").exists()
    bot.deliver()
    told = [s.message.text for s in bot.chat.to("U0ALICE") if isinstance(s.message, Text)]
    assert told == [
        "contract.pdf is not a PDF, a picture or a Word document, whatever its name says; "
        "it was not kept.",
        "scan.pdf is larger than the 1 MB a contract may be (files.max_contract_mb); it was "
        "not kept.",
    ]
    assert say(bot.svc, "U0ALICE", "/contract", "Acme").splitlines()[1:] == [
        "• v1 sent by Alice on 2026-03-02 09:00 UTC · Superseded by version 2. · File: "
        "contract.pdf (not kept: contract.pdf is not a PDF, a picture or a Word document, "
        "whatever its name says)",
        "• v2 sent by Alice on 2026-03-02 09:00 UTC · Withdrawn: scan.pdf is larger than the "
        "1 MB a contract may be (files.max_contract_mb) · File: scan.pdf (not kept: scan.pdf "
        "is larger than the 1 MB a contract may be (files.max_contract_mb))",
    ]


def test_a_failed_copy_is_tried_again_and_nothing_is_lost_meanwhile(bot, clock) -> None:
    open_account(bot.svc, "U0ALICE", "Acme", "1000")
    alice = actor(bot.svc, "U0ALICE")
    call = SharedFile("F1", "call.m4a", "https://x/F1", "audio/mp4")
    bot.chat.files["F1"] = M4A
    bot.chat.unfetchable["F1"] = DownloadError("Slack answered 503")
    assert files_shared(bot.svc, alice, "Acme", [call]) == [
        Text(text="Recording call.m4a attached to #1 Acme.")
    ]
    assert copies.run(bot.svc) == 1
    file = stored(bot, 1)
    assert (file.status, file.attempts, file.last_error) == (
        FileStatus.PENDING,
        1,
        "Slack answered 503",
    )
    assert file.next_attempt_at == clock.now() + timedelta(seconds=10)
    assert copies.run(bot.svc) == 0  # not due yet
    timeline = say(bot.svc, "U0MARIA", "/account", "Acme")
    assert "recording from Alice: call.m4a · being copied to the file store" in timeline
    # the store is down next time
    del bot.chat.unfetchable["F1"]
    real_put = bot.svc.store.put

    def down(local, key):
        raise ConnectionError("store unreachable")

    bot.svc.store.put = down
    clock.advance(seconds=10)
    assert copies.run(bot.svc) == 1
    file = stored(bot, 1)
    assert (file.status, file.attempts) == (FileStatus.PENDING, 2)
    assert file.last_error == "ConnectionError: store unreachable"
    bot.svc.store.put = real_put
    clock.advance(seconds=20)
    assert copies.run(bot.svc) == 1
    file = stored(bot, 1)
    assert (file.status, file.size, file.mimetype) == (FileStatus.STORED, len(M4A), "audio/mp4")
    assert file.path == "team-1/recordings/2026-03/1-call.m4a"
    assert (bot.svc.config.data_dir / "files" / file.path).read_bytes() == M4A


def test_a_file_the_platform_no_longer_has_fails_and_the_sharer_is_told(bot) -> None:
    open_account(bot.svc, "U0ALICE", "Acme", "1000")
    alice = actor(bot.svc, "U0ALICE")
    call = SharedFile("F9", "call.m4a", "https://x/F9", "audio/mp4")  # never in chat.files
    files_shared(bot.svc, alice, "Acme", [call])
    copies.run(bot.svc)
    assert stored(bot, 1).status == FileStatus.FAILED
    bot.deliver()
    assert bot.chat.to("U0ALICE")[-1].message == Text(
        text="call.m4a could not be copied into the file store (no file F9); share it again."
    )
    timeline = say(bot.svc, "U0MARIA", "/account", "Acme")
    assert "recording from Alice: call.m4a · not kept: no file F9" in timeline


def test_two_workers_never_copy_the_same_file(bot) -> None:
    open_account(bot.svc, "U0ALICE", "Acme", "1000")
    alice = actor(bot.svc, "U0ALICE")
    bot.chat.files["F1"] = M4A
    files_shared(bot.svc, alice, "Acme", [SharedFile("F1", "call.m4a", "https://x", "audio/mp4")])
    from storage import files as rows

    with bot.svc.db.transaction() as s:
        [taken] = rows.claim_due(s, bot.clock.now(), 4)
    assert copies.run(bot.svc) == 0  # locked by the first worker
