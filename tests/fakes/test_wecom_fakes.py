"""Checks that the WeCom fakes behave like the real thing for wechatpy."""

from __future__ import annotations

import base64
import io
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests
import xmltodict
from wechatpy.enterprise import WeChatClient, parse_message
from wechatpy.enterprise.crypto import WeChatCrypto
from wechatpy.enterprise.exceptions import InvalidCorpIdException
from wechatpy.exceptions import (
    APILimitedException,
    InvalidSignatureException,
    WeChatClientException,
)

from tests.fakes.wecom_api import BAD_RESPONSE_CODE, DUPLICATE_TASK_ID_MSG, FakeWeCom
from tests.fakes.wecom_callbacks import WeComCallbacks

CORP_ID = "ww0corp"
SECRET = "s3cret"
AGENT_ID = 1000002
TOKEN = "callback-token"
AES_KEY = base64.b64encode(b"0123456789abcdef0123456789abcdef").decode().rstrip("=")


def card(task_id: str) -> dict[str, Any]:
    return {
        "msgtype": "template_card",
        "template_card": {
            "card_type": "button_interaction",
            "main_title": {"title": "New lead: ACME"},
            "task_id": task_id,
            "button_list": [
                {"text": "Take it", "style": 1, "key": "take:1"},
                {"text": "Pass", "style": 2, "key": "pass:1"},
            ],
        },
    }


class FakeWeComClient(WeChatClient):
    """wechatpy's client, but fetching tokens from API_BASE_URL instead of the real host."""

    def fetch_access_token(self) -> dict[str, Any]:
        return self._fetch_access_token(
            url=self.API_BASE_URL + "gettoken",
            params={"corpid": self.corp_id, "corpsecret": self.secret},
        )


def make_client(fake: FakeWeCom, secret: str = SECRET, **kwargs: Any) -> FakeWeComClient:
    client = FakeWeComClient(CORP_ID, secret, timeout=5, **kwargs)
    client.API_BASE_URL = fake.url
    return client


@pytest.fixture
def fake() -> Iterator[FakeWeCom]:
    with FakeWeCom(CORP_ID, SECRET, agent_id=AGENT_ID) as server:
        yield server
        assert server.errors == []


@pytest.fixture
def client(fake: FakeWeCom) -> FakeWeComClient:
    return make_client(fake)


def update_button(client: WeChatClient, code: str, name: str = "Taken") -> dict[str, Any]:
    return client.post(
        "message/update_template_card",
        data={
            "userids": ["alice"],
            "agentid": AGENT_ID,
            "response_code": code,
            "button": {"replace_name": name},
        },
    )


# -- FakeWeCom ---------------------------------------------------------------


def test_url_is_an_api_base_url(fake: FakeWeCom) -> None:
    assert fake.url.startswith("http://127.0.0.1:") and fake.url.endswith("/cgi-bin/")


def test_gettoken_checks_credentials(fake: FakeWeCom) -> None:
    def gettoken(corpid: str, secret: str) -> dict[str, Any]:
        params = {"corpid": corpid, "corpsecret": secret}
        return requests.get(fake.url + "gettoken", params=params, timeout=5).json()

    first, second = gettoken(CORP_ID, SECRET), gettoken(CORP_ID, SECRET)
    assert first["errcode"] == 0 and first["expires_in"] == 7200
    assert first["access_token"] != second["access_token"]
    assert gettoken("wwother", SECRET)["errcode"] == 40013
    assert gettoken(CORP_ID, "wrong")["errcode"] == 40001
    with pytest.raises(WeChatClientException) as raised:
        make_client(fake, secret="wrong").message.send_text(AGENT_ID, "alice", "hi")
    assert raised.value.errcode == 40001
    assert [c.token for c in fake.calls("gettoken")] == [None] * 5


def test_template_card_send_and_single_use_update(fake: FakeWeCom, client: FakeWeComClient) -> None:
    sent = client.message.send(AGENT_ID, ["alice", "bob"], msg=card("lead-1"))

    assert sent["errcode"] == 0 and sent["msgid"] and sent["invaliduser"] == ""
    code = sent["response_code"]
    call = fake.sent_to("bob")[0]
    assert call.args["touser"] == "alice|bob" and call.args["agentid"] == AGENT_ID
    assert call.args["template_card"]["task_id"] == "lead-1"
    assert call.token is not None and call.token.startswith("tok-")
    assert call.response == sent

    assert update_button(client, code)["errcode"] == 0
    with pytest.raises(WeChatClientException) as raised:
        update_button(client, code)
    assert raised.value.errcode == BAD_RESPONSE_CODE

    clicked = fake.new_response_code("lead-1")
    replacement = {**card("lead-1")["template_card"], "button_list": []}
    replacement["card_type"] = "text_notice"
    body = {"atall": 1, "agentid": AGENT_ID, "response_code": clicked}
    updated = client.post(
        "message/update_template_card", data={**body, "template_card": replacement}
    )
    assert updated["errcode"] == 0
    assert [c.ok for c in fake.updates("lead-1")] == [True, False, True]
    assert fake.updates("other") == []
    assert client.message.send(AGENT_ID, "carol", msg=card("lead-2"))["response_code"] != code


def test_message_send_validation(fake: FakeWeCom, client: FakeWeComClient) -> None:
    def errcode(agent_id: Any, msg: dict[str, Any], users: str = "alice") -> tuple[int, str]:
        with pytest.raises(WeChatClientException) as raised:
            client.message.send(agent_id, users, msg=msg)
        return raised.value.errcode, raised.value.errmsg

    client.message.send(AGENT_ID, "alice", msg=card("dup"))
    no_task = card("x")
    del no_task["template_card"]["task_id"]

    assert errcode(1, card("a"))[0] == 40056
    assert errcode(AGENT_ID, card("dup")) == (40058, DUPLICATE_TASK_ID_MSG)
    assert errcode(AGENT_ID, no_task)[0] == 40058
    assert errcode(AGENT_ID, card("bad:id"))[0] == 40058
    assert errcode(AGENT_ID, {"msgtype": "template_card", "template_card": {}})[0] == 40058
    assert errcode(AGENT_ID, {"msgtype": "text", "text": {"content": " "}})[0] == 44004
    assert errcode(AGENT_ID, {"msgtype": "sticker", "sticker": {}})[0] == 40008
    assert errcode(AGENT_ID, {"msgtype": "image", "image": {"media_id": "nope"}})[0] == 40007
    assert errcode(AGENT_ID, {"msgtype": "text", "text": {"content": "x"}}, users="")[0] == 81013
    assert client.message.send_markdown(str(AGENT_ID), "alice", "**ok**")["errcode"] == 0


def test_out_of_scope_users(fake: FakeWeCom, client: FakeWeComClient) -> None:
    fake.out_of_scope("mallory")

    assert client.message.send_text(AGENT_ID, "alice|mallory", "hi")["invaliduser"] == "mallory"
    with pytest.raises(WeChatClientException) as raised:
        client.message.send_text(AGENT_ID, "mallory", "hi")
    assert raised.value.errcode == 81013


def test_appchat_markdown_is_recorded(fake: FakeWeCom, client: FakeWeComClient) -> None:
    assert client.appchat.send("chat-sales", "markdown", content="**Deal** ACME")["errcode"] == 0

    post = fake.chat_posts("chat-sales")[0]
    assert post.args["msgtype"] == "markdown"
    assert post.args["markdown"] == {"content": "**Deal** ACME"}
    with pytest.raises(WeChatClientException) as raised:
        client.post("appchat/send", data={"chatid": "chat-sales", **card("in-chat")})
    assert raised.value.errcode == 40008


def test_media_upload_then_image(fake: FakeWeCom, client: FakeWeComClient) -> None:
    image = io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"0" * 120)
    image.name = "quote.png"

    uploaded = client.media.upload("image", image)

    assert uploaded["type"] == "image" and uploaded["created_at"].isdigit()
    assert fake.calls("media/upload")[0].args == {
        "type": "image",
        "size": 128,
        "filename": "quote.png",
    }
    assert client.message.send_image(AGENT_ID, "alice", uploaded["media_id"])["errcode"] == 0
    assert client.appchat.send("chat-sales", "image", media_id=uploaded["media_id"])["errcode"] == 0
    with pytest.raises(WeChatClientException) as raised:
        client.media.upload("image", io.BytesIO(b"tiny"))
    assert raised.value.errcode == 40006


def test_wechatpy_refreshes_an_expired_token(fake: FakeWeCom, client: FakeWeComClient) -> None:
    client.message.send_text(AGENT_ID, "alice", "before")
    fake.expire_tokens()

    assert client.message.send_text(AGENT_ID, "alice", "after")["errcode"] == 0

    calls = [(c.method, c.response["errcode"] if c.response else None) for c in fake.calls()]
    assert calls == [
        ("gettoken", 0),
        ("message/send", 0),
        ("message/send", 42001),
        ("gettoken", 0),
        ("message/send", 0),
    ]
    first, retried = fake.calls("message/send")[1:]
    assert first.token != retried.token and first.args == retried.args


def test_unknown_and_missing_tokens(fake: FakeWeCom) -> None:
    strict = make_client(fake, access_token="bogus", auto_retry=False)
    with pytest.raises(WeChatClientException) as raised:
        strict.message.send_text(AGENT_ID, "alice", "hi")
    assert raised.value.errcode == 40014

    relaxed = make_client(fake, access_token=fake.new_token())
    assert relaxed.message.send_text(AGENT_ID, "alice", "hi")["errcode"] == 0
    missing = requests.post(fake.url + "message/send", json={}, timeout=5).json()
    assert missing["errcode"] == 41001


def test_rate_limit_fault_with_predicate(fake: FakeWeCom, client: FakeWeComClient) -> None:
    fault = fake.fail(
        "message/send", errcode=45009, times=2, when=lambda a: a.get("touser") == "bob"
    )

    assert client.message.send_text(AGENT_ID, "alice", "hi")["errcode"] == 0
    for _ in range(2):
        with pytest.raises(APILimitedException) as raised:
            client.message.send_text(AGENT_ID, "bob", "hi")
        assert raised.value.errcode == 45009 and raised.value.errmsg == "api freq out of limit"
    assert client.message.send_text(AGENT_ID, "bob", "hi")["errcode"] == 0
    assert [c.fault for c in fake.calls("message/send")] == [None, fault, fault, None]


def test_injected_errcodes_http_errors_and_delays(fake: FakeWeCom) -> None:
    impatient = make_client(fake)
    impatient.timeout = 0.3
    impatient.message.send_text(AGENT_ID, "alice", "warm up")
    fake.fail("appchat/send", errcode=60020)
    fake.fail("message/send", status=502)
    fake.fail("message/update_template_card", delay=1.0)

    with pytest.raises(WeChatClientException) as raised:
        impatient.appchat.send_text("chat-sales", "hi")
    assert (raised.value.errcode, raised.value.errmsg) == (
        60020,
        "not allow to access from your ip",
    )
    with pytest.raises(WeChatClientException) as raised:
        impatient.message.send_text(AGENT_ID, "alice", "hi")
    assert raised.value.errcode is None and raised.value.response.status_code == 502
    with pytest.raises(requests.Timeout):
        update_button(impatient, "whatever")
    assert fake.calls("message/update_template_card")[0].fault is not None


def test_expired_token_fault_is_retried(fake: FakeWeCom, client: FakeWeComClient) -> None:
    fake.fail("message/send", errcode=42001)

    assert client.message.send_text(AGENT_ID, "alice", "hi")["errcode"] == 0
    assert [c.method for c in fake.calls()] == [
        "gettoken",
        "message/send",
        "gettoken",
        "message/send",
    ]


def test_unknown_api_is_recorded(fake: FakeWeCom, client: FakeWeComClient) -> None:
    with pytest.raises(WeChatClientException) as raised:
        client.post("message/recall", data={"msgid": "m1"})
    assert (raised.value.errcode, raised.value.errmsg) == (404, "unknown api")
    assert fake.calls("message/recall")[0].args == {"msgid": "m1"}


def test_wait_for_reset_and_dump(fake: FakeWeCom, client: FakeWeComClient) -> None:
    threading.Timer(0.1, lambda: client.message.send_text(AGENT_ID, "alice", "later")).start()
    found = fake.wait_for("message/send", lambda c: c.args["text"]["content"] == "later")
    assert found[0].args["touser"] == "alice" and found[0].at > 0

    with pytest.raises(AssertionError, match="recorded calls \\(2\\)"):
        fake.wait_for("message/send", timeout=0.2, count=2)
    assert "message/send" in fake.dump()
    fake.fail("*", errcode=-1, times=None)
    fake.reset()
    assert fake.calls() == []
    assert client.message.send_text(AGENT_ID, "alice", "clean")["errcode"] == 0


def test_handler_override(fake: FakeWeCom, client: FakeWeComClient) -> None:
    fake.on("message/send", lambda call: {"errcode": 0, "errmsg": "ok", "msgid": "custom"})
    assert client.message.send_text(AGENT_ID, "alice", "hi")["msgid"] == "custom"


# -- WeComCallbacks ----------------------------------------------------------

Captured = tuple[str, dict[str, str], dict[str, str], str]


class _Capture:
    """Tiny HTTP server that records requests and answers as our app would."""

    def __init__(self, crypto: WeChatCrypto) -> None:
        self.requests: list[Captured] = []
        captured = self.requests

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                return

            def _answer(self, text: str) -> None:
                data = text.encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                query = dict(parse_qsl(parts.query))
                captured.append((self.path, query, dict(self.headers.items()), ""))
                try:
                    echo = crypto.check_signature(
                        query["msg_signature"], query["timestamp"], query["nonce"], query["echostr"]
                    )
                except Exception:
                    echo = "rejected"
                self._answer(echo)

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                query = dict(parse_qsl(urlsplit(self.path).query))
                captured.append((self.path, query, dict(self.headers.items()), body))
                self._answer("success")

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self) -> _Capture:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def crypto() -> WeChatCrypto:
    return WeChatCrypto(TOKEN, AES_KEY, CORP_ID)


@pytest.fixture
def capture(crypto: WeChatCrypto) -> Iterator[_Capture]:
    with _Capture(crypto) as server:
        yield server


@pytest.fixture
def callbacks(capture: _Capture) -> Iterator[WeComCallbacks]:
    with WeComCallbacks(capture.base_url, TOKEN, AES_KEY, CORP_ID, agent_id=AGENT_ID) as sender:
        yield sender


def decrypt(crypto: WeChatCrypto, request: Captured) -> str:
    _, query, _, body = request
    return crypto.decrypt_message(body, query["msg_signature"], query["timestamp"], query["nonce"])


def test_callbacks_decrypt_to_the_same_xml(
    crypto: WeChatCrypto, capture: _Capture, callbacks: WeComCallbacks
) -> None:
    results = [
        callbacks.text("alice", "deal ACME <b>&]]> 100", msg_id=42, create_time=1700000000),
        callbacks.click("alice", "take:1", "lead-1", "rc-1"),
        callbacks.file("alice", "media-9", "quote.pdf"),
    ]

    assert [r.status for r in results] == [200] * 3 and results[0].text == "success"
    for result, request in zip(results, capture.requests, strict=True):
        path, query, headers, body = request
        assert path.startswith("/wecom/callback?") and set(query) == {
            "msg_signature",
            "timestamp",
            "nonce",
        }
        assert headers["Content-Type"] == "text/xml" and body == result.sent["body"]
        envelope = xmltodict.parse(body)["xml"]
        assert envelope["ToUserName"] == CORP_ID and envelope["AgentID"] == str(AGENT_ID)
        assert decrypt(crypto, request) == result.sent["xml"]

    text = parse_message(decrypt(crypto, capture.requests[0]))
    assert (text.type, text.source, text.target) == ("text", "alice", CORP_ID)
    assert text.content == "deal ACME <b>&]]> 100" and text.id == 42 and text.agent == AGENT_ID
    click = xmltodict.parse(decrypt(crypto, capture.requests[1]))["xml"]
    assert click["MsgType"] == "event" and click["Event"] == "template_card_event"
    assert (click["EventKey"], click["TaskId"], click["ResponseCode"]) == (
        "take:1",
        "lead-1",
        "rc-1",
    )
    assert click["CardType"] == "button_interaction" and click["SelectedItems"] is None
    upload = xmltodict.parse(decrypt(crypto, capture.requests[2]))["xml"]
    assert (upload["MsgType"], upload["MediaId"], upload["FileName"]) == (
        "file",
        "media-9",
        "quote.pdf",
    )
    assert int(upload["MsgId"]) > 0


def test_verify_url_echoes_the_plain_text(callbacks: WeComCallbacks) -> None:
    assert callbacks.verify_url("echo-123").text == "echo-123"
    assert callbacks.verify_url(signature="0" * 40).text == "rejected"
    assert callbacks.verify_url(corp_id="wwother").text == "rejected"


def test_callback_overrides(
    crypto: WeChatCrypto, capture: _Capture, callbacks: WeComCallbacks
) -> None:
    stale = callbacks.text("alice", "old", timestamp=int(time.time()) - 3600)
    callbacks.text("alice", "forged", signature="0" * 40)
    callbacks.text("alice", "elsewhere", corp_id="wwother")
    callbacks.text("alice", "ignored", raw_xml="<xml><MsgType>text</MsgType>")
    callbacks.text("alice", "ignored", body="<xml>not encrypted</xml>")
    first, forged, elsewhere, broken, raw = capture.requests

    assert first[1]["timestamp"] == stale.sent["query"]["timestamp"]
    assert "<Content><![CDATA[old]]></Content>" in decrypt(crypto, first)
    with pytest.raises(InvalidSignatureException):
        decrypt(crypto, forged)
    with pytest.raises(InvalidCorpIdException):
        decrypt(crypto, elsewhere)
    assert (
        WeChatCrypto(TOKEN, AES_KEY, "wwother")
        .decrypt_message(
            elsewhere[3],
            elsewhere[1]["msg_signature"],
            elsewhere[1]["timestamp"],
            elsewhere[1]["nonce"],
        )
        .startswith("<xml><ToUserName><![CDATA[wwother]]>")
    )
    assert decrypt(crypto, broken) == "<xml><MsgType>text</MsgType>"
    assert raw[3] == "<xml>not encrypted</xml>"


def test_callback_with_exact_body_signs_its_encrypt(
    crypto: WeChatCrypto, capture: _Capture, callbacks: WeComCallbacks
) -> None:
    encrypted = callbacks.encrypt("<xml><MsgType>text</MsgType></xml>")
    body = f"<xml><Encrypt><![CDATA[{encrypted}]]></Encrypt><Extra>1</Extra></xml>"

    callbacks.text("alice", "x", body=body)

    assert decrypt(crypto, capture.requests[0]) == "<xml><MsgType>text</MsgType></xml>"


def test_fake_clicks_drive_card_updates(fake: FakeWeCom, client: FakeWeComClient) -> None:
    """The flow a WeCom handler test follows: send card, click arrives, update with its code."""
    client.message.send(AGENT_ID, "alice", msg=card("lead-7"))
    clicked: list[str] = []

    def on_click(query: dict[str, str], xml: str) -> None:
        event = xmltodict.parse(xml)["xml"]
        update_button(client, event["ResponseCode"], "Taken by " + event["FromUserName"])
        clicked.append(event["TaskId"])

    crypto = WeChatCrypto(TOKEN, AES_KEY, CORP_ID)
    with _Capture(crypto) as capture:
        sender = WeComCallbacks(capture.base_url, TOKEN, AES_KEY, CORP_ID)
        for _ in range(2):
            sender.click("alice", "take:1", "lead-7", fake.new_response_code("lead-7"))
        for request in capture.requests:
            on_click(request[1], decrypt(crypto, request))

    assert clicked == ["lead-7", "lead-7"]
    names = [c.args["button"]["replace_name"] for c in fake.updates("lead-7")]
    assert names == ["Taken by alice", "Taken by alice"]
    assert all(c.ok for c in fake.updates("lead-7"))
