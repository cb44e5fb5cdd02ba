"""A full run of `salesbot run` on Slack (HTTP mode) and WeCom at debug level, JSON lines:
no token, secret, key or signature it was given or handed appears in its logs."""

from __future__ import annotations

import json
import signal
from pathlib import Path

import requests
import yaml

from tests.bot.slack.conftest import button
from tests.bot.test_restart import free_port, start_bot
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import SlackSender as SignedRequests
from tests.fakes.wecom_api import FakeWeCom
from tests.fakes.wecom_callbacks import WeComCallbacks

BOT_TOKEN = "xoxb-1234-5678-SeCrEtBoTtOkEn"
SIGNING_SECRET = "9f3c2a7d5e1b4c6a8d0e2f4a6c8e0b1d"
CORP, AGENT = "ww0corp", 1000002
WECOM_SECRET = "WeComAppSecret-7XQ2"
WECOM_TOKEN = "CallbackTok3n"
AES_KEY = "Zy9xW8vU7tS6rQ5pO4nM3lK2jI1hG0fE9dC8bA7zY6x"
INTAKE = "intake-T0ken-4711"
SCRAPE = "metrics-T0ken-0815"


def test_a_full_run_logs_no_secret(database_url: str, tmp_path: Path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with FakeSlack() as slack, FakeWeCom(CORP, WECOM_SECRET, agent_id=AGENT) as wecom:
        path = tmp_path / "config.yaml"
        path.write_text(
            yaml.safe_dump(
                {
                    "database": {"url": database_url},
                    "http": {"host": "127.0.0.1", "port": port},
                    "log": {"level": "debug", "format": "json"},
                    "intake": {"token": INTAKE},
                    "metrics": {"token": SCRAPE},
                    "slack": {
                        "bot_token": BOT_TOKEN,
                        "signing_secret": SIGNING_SECRET,
                        "api_url": slack.url,
                    },
                    "wecom": {
                        "corp_id": CORP,
                        "agent_id": AGENT,
                        "secret": WECOM_SECRET,
                        "token": WECOM_TOKEN,
                        "encoding_aes_key": AES_KEY,
                        "api_url": wecom.url,
                        "manager_chat": "wrMGRS",
                    },
                    "teams": [
                        {
                            "name": "sales",
                            "window": "10m",
                            "manager_channel": "C0MGRS",
                            "managers": [{"name": "Maria", "slack": "U0MARIA"}],
                            "reps": [
                                {"name": "Alice", "slack": "U0ALICE"},
                                {"name": "Bob", "wecom": "bob"},
                            ],
                        }
                    ],
                }
            )
        )
        log = tmp_path / "bot.log"
        bot = start_bot(path, port, log)
        signatures: list[str] = []
        try:
            intake = {"Authorization": f"Bearer {INTAKE}"}
            lead = requests.post(f"{base}/leads", json={"company": "Acme"}, headers=intake)
            assert lead.status_code == 201
            refused = requests.post(f"{base}/leads", json={"company": "X"}, headers={})
            assert refused.status_code == 401
            # Alice passes on Slack (a signed click) ...
            [card] = slack.wait_for("chat.postMessage", lambda c: c.args["channel"] == "DU0ALICE")
            signer = SignedRequests(base, SIGNING_SECRET)
            payload = signer.click_payload(
                "U0ALICE",
                "lead_pass:1",
                button(card, "Pass")["value"],
                channel_id="DU0ALICE",
                message_ts=card.response["ts"],
            )
            body, headers = signer.signed_payload(payload)
            signatures.append(headers["X-Slack-Signature"])
            assert requests.post(f"{base}/slack/events", data=body, headers=headers).ok
            forged = dict(headers, **{"X-Slack-Signature": "v0=" + "0" * 64})
            assert requests.post(f"{base}/slack/events", data=body, headers=forged).status_code
            # ... and Bob claims on WeCom (an encrypted, signed callback).
            [wcard] = wecom.wait_for(
                "message/send", lambda c: c.args.get("msgtype") == "template_card"
            )
            callbacks = WeComCallbacks(base, WECOM_TOKEN, AES_KEY, CORP, agent_id=AGENT)
            task = wcard.args["template_card"]["task_id"]
            [claim] = [
                b for b in wcard.args["template_card"]["button_list"] if b["text"] == "Claim"
            ]
            clicked = callbacks.click("bob", claim["key"], task, wecom.new_response_code(task))
            assert clicked.status == 200
            signatures.append(clicked.sent["query"]["msg_signature"])
            verified = callbacks.verify_url("echo-me")
            assert verified.status == 200
            signatures.append(verified.sent["query"]["msg_signature"])
            slack.wait_for("chat.postMessage", lambda c: "claimed lead #1" in c.args["text"])
            scraped = requests.get(f"{base}/metrics", headers={"Authorization": f"Bearer {SCRAPE}"})
            assert "salesbot_offers_claimed_total" in scraped.text
        finally:
            bot.send_signal(signal.SIGTERM)
            assert bot.wait(timeout=30) == 0, log.read_text()
        access_tokens = {c.token for c in wecom.calls() if c.token}
        assert access_tokens  # the bot fetched one and used it

    text = log.read_text()
    lines = [json.loads(line) for line in text.splitlines() if line.startswith("{")]
    assert len(lines) > 20 and all({"time", "level", "logger", "message"} <= set(x) for x in lines)
    claimed = [x for x in lines if x["message"] == "offer claimed"]
    assert [(x["lead"], x["user"]) for x in claimed] == [(1, "Bob")] and "offer" in claimed[0]
    assert any(x["logger"].startswith("urllib3") for x in lines)  # debug from libraries too
    for secret in (
        BOT_TOKEN,
        SIGNING_SECRET,
        WECOM_SECRET,
        WECOM_TOKEN,
        AES_KEY,
        INTAKE,
        SCRAPE,
        *signatures,
        *access_tokens,
    ):
        assert secret not in text, f"{secret} is in the log"
