"""Checks that the Slack fakes behave like the real thing for slack_sdk and Bolt."""

from __future__ import annotations

import io
import json
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

import pytest
from slack_bolt import App
from slack_bolt.request import BoltRequest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from slack_sdk.signature import SignatureVerifier

from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import SlackSender, fire_concurrently

SECRET = "test-signing-secret"
BLOCKS = [
    {"type": "section", "block_id": "s1", "text": {"type": "mrkdwn", "text": "*Deal* ACME"}},
    {
        "type": "actions",
        "block_id": "a1",
        "elements": [
            {
                "type": "button",
                "action_id": "approve",
                "value": "deal-1",
                "text": {"type": "plain_text", "text": "OK"},
            }
        ],
    },
]


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as server:
        yield server
        assert server.errors == []


@pytest.fixture
def client(fake: FakeSlack) -> WebClient:
    return WebClient(token="xoxb-test", base_url=fake.url, timeout=5)


class _Threading(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # the default of 5 resets bursts of simultaneous connections


class _Server:
    """Tiny threaded HTTP server whose POST handler is supplied by the test."""

    def __init__(self, handle: Callable[[str, dict[str, str], str], tuple[int, str]]) -> None:
        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                return

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode("utf-8")
                status, text = handle(self.path, dict(self.headers.items()), body)
                data = text.encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.httpd = _Threading(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self) -> _Server:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


# -- FakeSlack ---------------------------------------------------------------


def test_url_is_a_web_client_base_url(fake: FakeSlack) -> None:
    assert fake.url.startswith("http://127.0.0.1:") and fake.url.endswith("/api/")


def test_post_message_records_decoded_blocks(fake: FakeSlack, client: WebClient) -> None:
    first = client.chat_postMessage(channel="C0SALES", text="deal", blocks=BLOCKS)
    second = client.chat_postMessage(channel="C0SALES", text="again")

    assert first["ok"] and first["channel"] == "C0SALES"
    assert first["message"]["blocks"] == BLOCKS
    assert float(second["ts"]) > float(first["ts"])
    call = fake.messages_to("C0SALES")[0]
    assert call.args["blocks"] == BLOCKS
    assert call.token == "xoxb-test"
    assert call.response is not None and call.response["ts"] == first["ts"]


HOME = {"type": "home", "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "Hi"}}]}
MODAL = {**HOME, "type": "modal", "title": {"type": "plain_text", "text": "Form"}}


def test_form_encoded_json_fields_are_decoded(fake: FakeSlack, client: WebClient) -> None:
    client.api_call(
        "chat.postMessage", params={"channel": "C1", "text": "t", "blocks": json.dumps(BLOCKS)}
    )
    client.api_call(
        "views.publish",
        params={"user_id": "U0ALICE", "view": json.dumps(HOME)},
    )

    assert fake.calls("chat.postMessage")[0].args["blocks"] == BLOCKS
    assert fake.calls("views.publish")[0].args["view"] == HOME


def test_update_and_views(fake: FakeSlack, client: WebClient) -> None:
    posted = client.chat_postMessage(channel="C1", text="v1")
    updated = client.chat_update(channel="C1", ts=posted["ts"], text="v2", blocks=BLOCKS)
    opened = client.views_open(trigger_id="t", view={**MODAL, "callback_id": "cb"})
    client.views_update(view_id=opened["view"]["id"], view=MODAL)

    assert updated["ts"] == posted["ts"] and updated["text"] == "v2"
    assert fake.updates_of("C1", posted["ts"])[0].args["blocks"] == BLOCKS
    assert opened["view"]["id"].startswith("V") and opened["view"]["callback_id"] == "cb"
    assert fake.calls("views.update")[0].response["view"]["id"] == opened["view"]["id"]
    assert client.chat_postEphemeral(channel="C1", user="U0ALICE", text="psst")["message_ts"]


def test_conversations_open_is_stable(fake: FakeSlack, client: WebClient) -> None:
    first = client.conversations_open(users="U0ALICE")
    second = client.conversations_open(users=["U0ALICE"])
    assert first["channel"]["id"] == second["channel"]["id"] == "DU0ALICE"
    assert client.users_info(user="U0ALICE")["user"]["name"] == "alice"
    assert client.auth_test()["user_id"] == "UBOT"


def test_rate_limit_then_success(fake: FakeSlack) -> None:
    retrying = WebClient(
        token="xoxb-test",
        base_url=fake.url,
        retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=1)],
    )
    fake.fail("chat.postMessage", status=429, retry_after=0)

    assert retrying.chat_postMessage(channel="C1", text="hi")["ok"]
    attempts = fake.calls("chat.postMessage")
    assert [c.fault.status if c.fault else None for c in attempts] == [429, None]


def test_rate_limit_surfaces_without_retry_handler(fake: FakeSlack, client: WebClient) -> None:
    fake.fail("chat.postMessage", status=429, retry_after=7)
    with pytest.raises(SlackApiError) as raised:
        client.chat_postMessage(channel="C1", text="hi")
    assert raised.value.response.status_code == 429
    assert raised.value.response.headers["Retry-After"] == "7"
    assert raised.value.response["error"] == "ratelimited"


def test_error_fault_with_predicate(fake: FakeSlack, client: WebClient) -> None:
    fake.fail(
        "conversations.open",
        error="user_not_found",
        when=lambda a: a.get("users") == "U0BOB",
        times=None,
    )

    assert client.conversations_open(users="U0ALICE")["ok"]
    for _ in range(2):
        with pytest.raises(SlackApiError) as raised:
            client.conversations_open(users="U0BOB")
        assert raised.value.response["error"] == "user_not_found"
    assert [c.fault is not None for c in fake.calls("conversations.open")] == [False, True, True]


def test_server_error_and_delay_faults(fake: FakeSlack) -> None:
    impatient = WebClient(token="xoxb-test", base_url=fake.url, timeout=0.3)  # type: ignore[arg-type]
    fake.fail("chat.update", status=503)
    fake.fail("chat.postMessage", delay=1.0)

    with pytest.raises(SlackApiError) as raised:
        impatient.chat_update(channel="C1", ts="1.2", text="x")
    assert raised.value.response.status_code == 503
    with pytest.raises(TimeoutError):
        impatient.chat_postMessage(channel="C1", text="slow")
    assert fake.calls("chat.postMessage")[0].fault is not None


def test_auth_and_unknown_method(fake: FakeSlack) -> None:
    with pytest.raises(SlackApiError) as raised:
        WebClient(base_url=fake.url).chat_postMessage(channel="C1", text="x")
    assert raised.value.response["error"] == "not_authed"
    with pytest.raises(SlackApiError) as raised:
        WebClient(token="xoxb-test", base_url=fake.url).api_call("pins.add", json={"channel": "C1"})
    assert raised.value.response["error"] == "unknown_method"
    assert [c.method for c in fake.calls()] == ["chat.postMessage", "pins.add"]


def test_file_upload_v2_round_trip(fake: FakeSlack, client: WebClient) -> None:
    result = client.files_upload_v2(
        channel="C1", file=io.BytesIO(b"x" * 1234), filename="quote.pdf", title="Quote"
    )

    assert result["file"]["id"].startswith("F")
    assert fake.calls("upload")[0].args == {"file_id": result["file"]["id"], "size": 1234}
    assert fake.calls("files.completeUploadExternal")[0].args["files"][0]["title"] == "Quote"


def test_wait_for_and_reset(fake: FakeSlack, client: WebClient) -> None:
    threading.Timer(0.1, lambda: client.chat_postMessage(channel="C1", text="later")).start()
    assert (
        fake.wait_for("chat.postMessage", lambda c: c.args["text"] == "later")[0].args["channel"]
        == "C1"
    )

    with pytest.raises(AssertionError, match="recorded calls \\(1\\)"):
        fake.wait_for("chat.postMessage", timeout=0.2, count=2)
    fake.fail("chat.postMessage", times=None, error="boom")
    fake.reset()
    assert fake.calls() == []
    assert client.chat_postMessage(channel="C1", text="clean")["ok"]


# -- SlackSender -------------------------------------------------------------


def test_sender_signature_is_accepted_by_slack_sdk() -> None:
    captured: list[tuple[str, dict[str, str], str]] = []

    def capture(path: str, headers: dict[str, str], body: str) -> tuple[int, str]:
        captured.append((path, headers, body))
        return 200, ""

    with _Server(capture) as server:
        sender = SlackSender(server.base_url, SECRET)
        sender.command("U0ALICE", "/deal", "new ACME")
        sender.click(
            "U0ALICE", "approve", "deal-1", channel_id="C1", message_ts="1700000000.000100"
        )
        sender.command("U0ALICE", "/deal", "stale", timestamp=int(time.time()) - 600)
        sender.command(
            "U0ALICE",
            "/deal",
            "forged",
            signature="v0=" + "0" * 64,
            headers={"X-Slack-Retry-Num": "1"},
        )

    verifier = SignatureVerifier(SECRET)
    valid = [
        verifier.is_valid(body, headers["X-Slack-Request-Timestamp"], headers["X-Slack-Signature"])
        for _, headers, body in captured
    ]
    assert valid == [True, True, False, False]
    assert {path for path, _, _ in captured} == {"/slack/events"}
    assert captured[3][1]["X-Slack-Retry-Num"] == "1"

    command = {k: v[0] for k, v in parse_qs(captured[0][2]).items()}
    assert (
        command["command"] == "/deal"
        and command["text"] == "new ACME"
        and command["user_name"] == "alice"
    )
    for key in (
        "token",
        "team_id",
        "channel_id",
        "user_id",
        "response_url",
        "trigger_id",
        "api_app_id",
    ):
        assert command[key]
    click = json.loads(parse_qs(captured[1][2])["payload"][0])
    assert (
        click["type"] == "block_actions" and click["container"]["message_ts"] == "1700000000.000100"
    )
    assert (
        click["actions"][0]["action_id"] == "approve" and click["actions"][0]["value"] == "deal-1"
    )


def test_sender_drives_a_bolt_app_against_fake_slack(fake: FakeSlack) -> None:
    app = App(signing_secret=SECRET, client=WebClient(token="xoxb-test", base_url=fake.url))
    submitted: list[dict[str, Any]] = []

    @app.command("/deal")
    def on_deal(ack: Any, command: dict[str, Any], client: WebClient) -> None:
        ack()
        client.chat_postMessage(
            channel=command["user_id"], text=f"deal: {command['text']}", blocks=BLOCKS
        )

    @app.action("approve")
    def on_approve(ack: Any, body: dict[str, Any], client: WebClient) -> None:
        ack()
        client.chat_update(
            channel=body["container"]["channel_id"], ts=body["container"]["message_ts"], text="ok"
        )

    @app.view("deal_form")
    def on_submit(ack: Any, view: dict[str, Any]) -> None:
        submitted.append(view["state"]["values"])
        ack()

    @app.event("app_mention")
    def on_mention(event: dict[str, Any], say: Any) -> None:
        say(f"hi <@{event['user']}>")

    def dispatch(path: str, headers: dict[str, str], body: str) -> tuple[int, str]:
        response = app.dispatch(BoltRequest(body=body, headers=headers))
        return response.status, response.body

    with _Server(dispatch) as server:
        sender = SlackSender(server.base_url, SECRET, response_url_base=fake.response_url_base)
        assert sender.command("U0ALICE", "/deal", "ACME").status == 200
        assert sender.command("U0ALICE", "/deal", "x", signature="v0=bad").status == 401
        posted = fake.wait_for("chat.postMessage")[0]
        assert posted.args["blocks"] == BLOCKS and posted.response["channel"] == "DU0ALICE"

        ts = posted.response["ts"]
        clicks = fire_concurrently(
            [
                lambda: sender.click(
                    "U0ALICE", "approve", "deal-1", channel_id="DU0ALICE", message_ts=ts
                )
                for _ in range(20)
            ]
        )
        assert [r.status for r in clicks] == [200] * 20
        fake.wait_for("chat.update", count=20)
        assert len(fake.updates_of("DU0ALICE", ts)) == 20

        result = sender.view_submission(
            "U0ALICE", "deal_form", {"amount": {"amount_input": "1000"}}
        )
        assert result.status == 200
        assert submitted == [
            {"amount": {"amount_input": {"type": "plain_text_input", "value": "1000"}}}
        ]

        event = {
            "type": "app_mention",
            "user": "U0BOB",
            "text": "<@UBOT> hi",
            "channel": "C0SALES",
            "ts": "1.000001",
        }
        assert sender.event(event, event_id="Ev1").status == 200
        assert (
            fake.wait_for("chat.postMessage", lambda c: c.args["channel"] == "C0SALES")[0].args[
                "text"
            ]
            == "hi <@U0BOB>"
        )


def test_a_home_view_may_show_only_files_slack_has(fake: FakeSlack, client: WebClient) -> None:
    picture = {"type": "image", "slack_file": {"id": "F0NEVER"}, "alt_text": "chart"}
    with pytest.raises(SlackApiError) as raised:
        client.views_publish(user_id="U0ALICE", view={"type": "home", "blocks": [picture]})
    assert raised.value.response["error"] == "invalid_blocks"
    assert "slack_file" in raised.value.response["errors"][0]
    uploaded = client.files_upload_v2(content=b"png", filename="c.png", channel="C1")
    picture["slack_file"] = {"id": uploaded["files"][0]["id"]}
    assert client.views_publish(user_id="U0ALICE", view={"type": "home", "blocks": [picture]})["ok"]
