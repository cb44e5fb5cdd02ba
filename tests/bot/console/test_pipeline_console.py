"""The pipeline in the console chat: numbered buttons, forms asked line by line, the
digest's chart saved as a file, and a recording shared with `upload`."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.config import parse_config
from bot.console import Chat, ConsoleSender
from bot.console.app import pictures_dir
from bot.console.files import console_download
from bot.runtime import build_runtime
from handlers.pipeline import copies
from tests.bot.console.support import deliver_now
from tests.conftest import FakeClock, demo_config
from tests.file_samples import M4A, PDF


class Console:
    def __init__(self, chat: Chat, out: io.StringIO):
        self.chat = chat
        self.out = out
        self.answers: list[str] = []
        chat.read = self._answer

    def _answer(self, prompt: str) -> str | None:
        self.out.write(prompt)
        return self.answers.pop(0) if self.answers else None

    def type(self, line: str, *answers: str) -> str:
        """Handle one line (answering its form, if it asks one); returns what it printed."""
        self.answers = list(answers)
        start = len(self.out.getvalue())
        assert self.chat.handle(line) is True
        return self.out.getvalue()[start:]


@pytest.fixture
def console(database_url: str, clock: FakeClock, tmp_path: Path) -> Iterator[Console]:
    config = demo_config(database_url, data_dir=str(tmp_path / "data"))
    out = io.StringIO()
    sender = ConsoleSender(out, config.locale, files_dir=tmp_path / "pictures")
    runtime = build_runtime(config, {"console": sender}, clock, {"console": console_download})
    yield Console(Chat(runtime.svc, sender, settle=lambda: deliver_now(runtime)), out)
    runtime.delivery.pool.shutdown()
    runtime.svc.db.dispose()


def number(out: str, label: str) -> str:
    """The number printed in front of a button: `[7] → trial` gives 7."""
    marker = f"] {label}"
    end = out.rindex(marker)
    return out[out.rindex("[", 0, end) + 1 : end]


def test_a_claimed_lead_becomes_an_account_that_moves_and_is_lost(console: Console) -> None:
    console.type("lead add Acme 5000")
    console.type("as alice")
    claimed = console.type("1")
    assert "[3] New deal" in claimed
    refused = console.type("3", "abc", "")
    assert "Estimated amount: " in refused
    assert "abc is not an amount: use a number from 0 up" in refused
    opened = console.type("3", "5,000", "2026-06-30")
    assert "── DM to Alice ──" in opened and "Account #1 Acme" in opened
    assert "Probability: 30% (stage needs)" in opened
    assert "── #sales-managers ──" in opened
    assert "Alice opened account #1 Acme: needs, 5,000 × 30% = 1,500 expected." in opened
    moved = console.type(number(opened, "trial"))
    assert "(only Alice sees) Moved: #1 Acme: trial, 5,000 × 60% = 3,000 expected." in moved
    assert "Stage: trial" in moved
    lost = console.type(number(moved, "lost"), "Price", "their budget halved")
    assert "Reason (optional) [price / competitor / no budget / timing / no decision]: " in lost
    assert "Lost (price). Final: it does not move again." in lost
    assert "Alice lost account #1 Acme (5,000): price." in lost
    assert "Account #1 Acme is lost, a final stage; nothing changed." in console.type(
        "deal Acme stage trial"
    )


def test_forecast_digest_prints_its_card_and_saves_the_chart(console: Console) -> None:
    console.type("lead add Acme 5000")
    console.type("as alice")
    console.type("1")
    console.type("deal new 1 5000 2026-03-31")
    console.type("as maria")
    assert "Total: 1,500 / 5,000 (1)" in console.type("forecast")
    out = console.type("forecast digest")
    assert "The forecast digest is on its way to your DM." in out
    assert "── DM to Maria ──" in out and "Forecast digest · sales · 2026-03-02" in out
    assert "Weighted forecast by rep and stage · sales · 2026-Q1" in out
    saved = Path(out.split("picture saved: ")[1].split()[0])
    assert saved.parent.name == "pictures"
    assert saved.read_bytes().startswith(b"\x89PNG")


def test_upload_shares_a_recording(console: Console, tmp_path: Path) -> None:
    console.type("lead add Acme 5000")
    console.type("as alice")
    console.type("1")
    console.type("deal new 1 5000")
    recording = tmp_path / "call.m4a"
    recording.write_bytes(M4A)
    out = console.type(f"upload {recording} Acme pricing call")
    assert "Recording call.m4a attached to #1 Acme." in out
    assert "Recording call.m4a is already attached to #1 Acme." in console.type(
        f"upload {recording} Acme"
    )
    copies.run(console.chat.svc)
    timeline = console.type("account Acme")
    assert "call.m4a — pricing call · recording: http://127.0.0.1:3000/files/1?exp=" in timeline
    assert "There is no file nowhere.m4a." in console.type("upload nowhere.m4a")
    assert "Type upload <file>" in console.type("upload")


def test_pictures_go_to_the_data_directory_never_the_current_folder(tmp_path: Path) -> None:
    teams = [{"name": "s", "managers": ["U0M"], "reps": [{"name": "A"}]}]
    beside = parse_config({"database": {"url": f"sqlite:///{tmp_path}/bot.db"}, "teams": teams})
    assert pictures_dir(beside) == tmp_path / "pictures"
    elsewhere = parse_config({"database": {"url": "postgresql://u@localhost/db"}, "teams": teams})
    assert pictures_dir(elsewhere) == Path.cwd() / "salesbot-data" / "pictures"
    chosen = parse_config({"data_dir": str(tmp_path / "d"), "teams": teams})
    assert pictures_dir(chosen) == tmp_path / "d" / "pictures"


def test_upload_sends_a_contract_that_a_manager_rejects_with_a_reason(
    console: Console, tmp_path: Path
) -> None:
    console.type("lead add Acme 5000")
    console.type("as alice")
    console.type("1")
    console.type("deal new 1 5000")
    contract = tmp_path / "Acme-contract.pdf"
    contract.write_bytes(PDF)
    out = console.type(f"upload {contract} Acme")
    assert "Contract v1 for #1 Acme is being copied into the file store" in out
    copies.run(console.chat.svc)
    console.type("as maria")
    waiting = console.type("contract pending")
    assert "Contract v1 · #1 Acme from Alice · 5,000 · needs" in waiting
    out = console.type("account Acme")
    assert "File: Acme-contract.pdf: http://127.0.0.1:3000/files/1?exp=" in out
    card = console.out.getvalue()
    reject = number(card, "Reject")
    out = console.type(reject, "the amount is wrong")
    assert "Why is Contract v1 · #1 Acme rejected?" in out
    assert "Rejected by Maria on 2026-03-02 09:00 UTC: the amount is wrong" in console.type(
        "account Acme"
    )
