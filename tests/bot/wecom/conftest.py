"""A running bot on WeCom over real HTTP: encrypted callbacks in, a fake WeCom API out."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests

from bot.runtime import Runtime, build_runtime
from bot.web import WebServer, build_web_app
from bot.wecom.callback import CallbackWork, attach
from bot.wecom.client import WeComClient
from bot.wecom.files import WeComDownloads
from bot.wecom.sender import WeComSender
from tests.conftest import FakeClock, demo_config
from tests.fakes.wecom_api import Call, FakeWeCom
from tests.fakes.wecom_callbacks import WeComCallbacks

CORP, SECRET, AGENT = "ww0corp", "s3cret", 1000002
TOKEN, AES_KEY = "cbtoken", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
INTAKE = "intake-token"


@dataclass(repr=False)
class WeComBot:
    runtime: Runtime
    web: WebServer
    wecom: FakeWeCom
    send: WeComCallbacks
    clock: FakeClock
    work: CallbackWork

    def __repr__(self) -> str:  # failing property-based examples print their fixtures
        return "WeComBot(...)"

    def cards_to(self, user_id: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        return self.wecom.wait_for(
            "message/send",
            lambda c: c.args["touser"] == user_id and c.args["msgtype"] == "template_card" and c.ok,
            count=count,
            timeout=timeout,
        )

    def texts_to(self, user_id: str, count: int = 1) -> list[Call]:
        return self.wecom.wait_for(
            "message/send",
            lambda c: c.args["touser"] == user_id and c.args["msgtype"] in ("text", "markdown"),
            count=count,
        )

    def chat_posts(self, count: int = 1) -> list[Call]:
        return self.wecom.wait_for("appchat/send", count=count)

    def lead(self, body: dict[str, Any]) -> requests.Response:
        return requests.post(
            f"{self.web.url}/leads",
            json=body,
            headers={"Authorization": f"Bearer {INTAKE}"},
            timeout=10,
        )

    def click(self, user_id: str, card: Call, label: str, **kw: Any) -> Any:
        """Press a card's button as WeCom reports it, with a fresh response code."""
        tc = card.args["template_card"]
        [button] = [b for b in tc["button_list"] if b["text"] == label]
        code = self.wecom.new_response_code(tc["task_id"])
        return self.send.click(user_id, button["key"], tc["task_id"], code, **kw)


def title(call: Call) -> str:
    return call.args["template_card"]["main_title"]["title"]


def labels(call: Call) -> list[str]:
    return [b["text"] for b in call.args["template_card"]["button_list"]]


def text_of(call: Call) -> str:
    kind = call.args["msgtype"]
    return call.args[kind]["content"]


def says(user: str, needle: str) -> Callable[[Call], bool]:
    """A test for a text or markdown message to `user` containing `needle`."""
    return lambda c: (
        c.args["touser"] == user
        and c.args["msgtype"] in ("text", "markdown")
        and needle in text_of(c)
    )


def said(wbot: WeComBot, user: str, needle: str, count: int = 1) -> list[Call]:
    """Text or markdown messages to `user` containing `needle` (waits for `count`)."""
    return wbot.wecom.wait_for("message/send", says(user, needle), count=count)


def typed(wbot: WeComBot, user: str, text: str, needle: str) -> str:
    """Type `text` to the app and return the next answer that contains `needle`."""
    before = len([c for c in wbot.wecom.calls("message/send") if says(user, needle)(c)])
    assert wbot.send.text(user, text).status == 200
    return text_of(said(wbot, user, needle, count=before + 1)[-1])


def updates_of(wbot: WeComBot, card: Call, count: int = 1) -> list[Call]:
    """Accepted in-place updates of the card (found through the response codes)."""
    task = card.args["template_card"]["task_id"]
    deadline = time.monotonic() + 5.0
    while True:
        found = [c for c in wbot.wecom.updates(task) if c.ok]
        if len(found) >= count:
            return found
        assert time.monotonic() < deadline, wbot.wecom.dump()
        time.sleep(0.01)


@pytest.fixture
def make_wecom_bot(database_url: str, clock: FakeClock, tmp_path: Path) -> Iterator[Any]:
    started: list[tuple[Runtime, WebServer, FakeWeCom, WeComCallbacks]] = []

    def make(pool: Executor | None = None, **overrides: Any) -> WeComBot:
        """A bot on the test's database; its callbacks' work runs on `pool` if given."""
        wecom = FakeWeCom(CORP, SECRET, agent_id=AGENT).start()
        team = {
            "managers": [{"name": "Maria", "wecom": "maria"}],
            "reps": [
                {"name": "Alice", "wecom": "alice", "capacity": 3},
                {"name": "Bob", "wecom": "bob", "capacity": 3},
                {"name": "Carol", "wecom": "carol", "capacity": 3},
            ],
        }
        team.update(overrides.pop("team", {}))
        overrides.setdefault("data_dir", str(tmp_path / "data"))
        config = demo_config(
            database_url,
            wecom={
                "corp_id": CORP,
                "agent_id": AGENT,
                "secret": SECRET,
                "token": TOKEN,
                "encoding_aes_key": AES_KEY,
                "api_url": wecom.url,
                "manager_chat": "wrMGRS",
            },
            intake={"token": INTAKE},
            team=team,
            **overrides,
        )
        client = WeComClient(config.wecom)
        runtime = build_runtime(
            config, {"wecom": WeComSender(client)}, clock, {"wecom": WeComDownloads(client)}
        )
        work = attach(runtime, pool or ThreadPoolExecutor(max_workers=4))
        app = build_web_app(
            runtime.svc, lambda: runtime.healthy, wecom=config.wecom, wecom_work=work
        )
        web = WebServer(app, "127.0.0.1", 0).start()
        runtime.svc.store.public_url = web.url  # the port is the one the server got
        runtime.start()
        send = WeComCallbacks(web.url, TOKEN, AES_KEY, CORP, agent_id=AGENT)
        started.append((runtime, web, wecom, send))
        return WeComBot(runtime, web, wecom, send, clock, work)

    yield make
    for runtime, web, wecom, send in started:
        send.close()
        web.stop()
        runtime.stop()
        wecom.stop()


@pytest.fixture
def wbot(make_wecom_bot: Any) -> WeComBot:
    return make_wecom_bot()
