"""Send Slack-signed requests (slash commands, clicks, modals, events) to our app.

Payloads mirror what Slack really posts to ``/slack/events`` so that request
verification, Bolt's payload parsing and our handlers are all exercised over
real HTTP, including many identical requests arriving at the same moment.
"""

from __future__ import annotations

import json
import re
import secrets
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

from tests.fakes.block_kit import block_errors, view_errors
from tests.fakes.http_sender import HttpResult, HttpSender

__all__ = ["SlackResult", "SlackSender", "fire_concurrently"]

R = TypeVar("R")

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"


@dataclass(frozen=True)
class SlackResult(HttpResult):
    """What our app answered, plus what was sent (handy in assertion messages).

    An answer that carries a message (a slash command's reply) or a view is held to what
    Slack would show: blocks it would refuse fail here, as Slack would refuse them.
    """

    def __post_init__(self) -> None:
        if self.status != 200 or not self.text.startswith("{"):
            return
        answer = json.loads(self.text)
        problems = block_errors(answer["blocks"]) if "blocks" in answer else []
        if answer.get("response_action") in ("update", "push"):
            problems += view_errors(answer.get("view"))
        assert not problems, f"Slack would refuse this answer: {problems}"


def _user_name(user_id: str) -> str:
    return re.sub(r"^[UW]0?", "", user_id).lower() or user_id.lower()


def form_body(payload: dict[str, Any]) -> str:
    return urlencode({"payload": json.dumps(payload)})


def _trigger_id() -> str:
    return f"{int(time.time() * 1000)}.{secrets.randbelow(10**10):010d}.{secrets.token_hex(16)}"


def _action_ts() -> str:
    return f"{time.time():.6f}"


class SlackSender(HttpSender[SlackResult]):
    """Posts signed Slack payloads to ``base_url + path``.

    Every sending method accepts ``timestamp`` (to send stale requests),
    ``signature`` (to send forged ones) and ``headers`` (extra headers such
    as ``X-Slack-Retry-Num``). ``response_url_base`` lets ``response_url``
    point at a fake server (e.g. ``FakeSlack.response_url_base``) instead of
    hooks.slack.com.
    """

    result_type = SlackResult

    def __init__(
        self,
        base_url: str,
        signing_secret: str,
        *,
        path: str = "/slack/events",
        team_id: str = "T0TEAM",
        team_domain: str = "salesbot-test",
        api_app_id: str = "A0SALESBOT",
        bot_user_id: str = "UBOT",
        verification_token: str = "fake-verification-token",
        response_url_base: str | None = None,
        timeout: float = 10.0,
    ) -> None:
        super().__init__(base_url.rstrip("/") + path, timeout)
        self.signing_secret = signing_secret
        self.team_id = team_id
        self.team_domain = team_domain
        self.api_app_id = api_app_id
        self.bot_user_id = bot_user_id
        self.verification_token = verification_token
        self.response_url_base = response_url_base or "https://hooks.slack.com/"
        self._verifier = SignatureVerifier(signing_secret)

    # -- low level -------------------------------------------------------

    def sign(self, body: str, timestamp: int | str | None = None) -> dict[str, str]:
        """The two headers Slack adds: request timestamp and v0 HMAC signature."""
        ts = str(int(time.time()) if timestamp is None else timestamp)
        signature = self._verifier.generate_signature(timestamp=ts, body=body)
        return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": signature or ""}

    def post(
        self,
        body: str,
        content_type: str,
        *,
        sent: dict[str, Any] | None = None,
        timestamp: int | str | None = None,
        signature: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> SlackResult:
        """Sign and send a raw body exactly as given."""
        request_headers = {
            "Content-Type": content_type,
            "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
        }
        request_headers.update(self.sign(body, timestamp))
        if signature is not None:
            request_headers["X-Slack-Signature"] = signature
        request_headers.update(headers or {})
        return self._request(
            "POST",
            sent if sent is not None else {"body": body},
            data=body.encode("utf-8"),
            headers=request_headers,
        )

    def send_form(self, fields: Mapping[str, Any], **options: Any) -> SlackResult:
        """Send form fields (slash commands)."""
        return self.post(urlencode(fields), FORM, sent=dict(fields), **options)

    def send_payload(self, payload: dict[str, Any], **options: Any) -> SlackResult:
        """Send an interactivity payload the way Slack does: form field ``payload=<json>``."""
        return self.post(form_body(payload), FORM, sent=payload, **options)

    def signed_payload(self, payload: dict[str, Any]) -> tuple[bytes, dict[str, str]]:
        """The body and headers Slack would post for ``payload``, to send at a later moment."""
        body = form_body(payload)
        return body.encode("utf-8"), {"Content-Type": FORM, **self.sign(body)}

    def send_json(self, envelope: dict[str, Any], **options: Any) -> SlackResult:
        """Send an Events API JSON body."""
        return self.post(json.dumps(envelope), JSON, sent=envelope, **options)

    # -- payload pieces --------------------------------------------------

    def _user(self, user_id: str, team_id: str | None = None) -> dict[str, Any]:
        name = _user_name(user_id)
        return {"id": user_id, "username": name, "name": name, "team_id": team_id or self.team_id}

    def _team(self, team_id: str | None = None) -> dict[str, Any]:
        return {"id": team_id or self.team_id, "domain": self.team_domain}

    def _response_url(self, kind: str, team_id: str) -> str:
        key = f"{secrets.randbelow(10**13)}/{secrets.token_hex(12)}"
        return f"{self.response_url_base}{kind}/{team_id}/{key}"

    # -- Slack requests --------------------------------------------------

    def command(
        self,
        user_id: str,
        command: str,
        text: str,
        *,
        channel_id: str = "C0CMD",
        team_id: str | None = None,
        user_name: str | None = None,
        channel_name: str = "sales",
        timestamp: int | str | None = None,
        signature: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> SlackResult:
        """A slash command invocation, e.g. ``command("U0ALICE", "/deal", "new ACME")``."""
        team_id = team_id or self.team_id
        fields = {
            "token": self.verification_token,
            "team_id": team_id,
            "team_domain": self.team_domain,
            "channel_id": channel_id,
            "channel_name": "directmessage" if channel_id.startswith("D") else channel_name,
            "user_id": user_id,
            "user_name": user_name or _user_name(user_id),
            "command": command,
            "text": text,
            "api_app_id": self.api_app_id,
            "is_enterprise_install": "false",
            "response_url": self._response_url("commands", team_id),
            "trigger_id": _trigger_id(),
        }
        return self.send_form(fields, timestamp=timestamp, signature=signature, headers=headers)

    def click(
        self,
        user_id: str,
        action_id: str,
        value: str,
        *,
        timestamp: int | str | None = None,
        signature: str | None = None,
        headers: Mapping[str, str] | None = None,
        **click: Any,
    ) -> SlackResult:
        """Send a button click; ``click`` takes `click_payload`'s keyword options."""
        payload = self.click_payload(user_id, action_id, value, **click)
        return self.send_payload(payload, timestamp=timestamp, signature=signature, headers=headers)

    def click_payload(
        self,
        user_id: str,
        action_id: str,
        value: str,
        *,
        channel_id: str,
        message_ts: str,
        block_id: str = "b",
        container_type: str = "message",
        message_text: str = "",
        message_blocks: list[dict[str, Any]] | None = None,
        button_text: str | None = None,
        is_ephemeral: bool = False,
        view: dict[str, Any] | None = None,
        team_id: str | None = None,
    ) -> dict[str, Any]:
        """A ``block_actions`` payload for a button click.

        ``container_type="message"`` (default) clicks a button in a message;
        ephemeral messages carry no ``message`` object, as on Slack.
        ``container_type="view"`` clicks inside the modal/home ``view``.
        """
        team = team_id or self.team_id
        payload: dict[str, Any] = {
            "type": "block_actions",
            "user": self._user(user_id, team),
            "api_app_id": self.api_app_id,
            "token": self.verification_token,
            "trigger_id": _trigger_id(),
            "team": self._team(team),
            "enterprise": None,
            "is_enterprise_install": False,
        }
        if container_type == "view":
            view_data = {
                "id": "V0VIEW",
                "type": "modal",
                "team_id": team,
                "state": {"values": {}},
                **(view or {}),
            }
            payload["container"] = {"type": "view", "view_id": view_data["id"]}
            payload["view"] = view_data
        else:
            payload["container"] = {
                "type": container_type,
                "message_ts": message_ts,
                "channel_id": channel_id,
                "is_ephemeral": is_ephemeral,
            }
            payload["channel"] = {
                "id": channel_id,
                "name": "directmessage" if channel_id.startswith("D") else "sales",
            }
            if not is_ephemeral:
                payload["message"] = {
                    "type": "message",
                    "subtype": "bot_message",
                    "user": self.bot_user_id,
                    "bot_id": "BBOT",
                    "app_id": self.api_app_id,
                    "team": team,
                    "ts": message_ts,
                    "text": message_text,
                    "blocks": message_blocks if message_blocks is not None else [],
                }
            payload["response_url"] = self._response_url("actions", team)
        payload["state"] = {"values": {}}
        payload["actions"] = [
            {
                "action_id": action_id,
                "block_id": block_id,
                "text": {"type": "plain_text", "text": button_text or value, "emoji": True},
                "value": value,
                "type": "button",
                "action_ts": _action_ts(),
            }
        ]
        return payload

    def view_submission(
        self,
        user_id: str,
        callback_id: str,
        values: dict[str, dict[str, Any]],
        private_metadata: str = "",
        *,
        view_id: str = "V0VIEW",
        external_id: str = "",
        title: str = "Form",
        blocks: list[dict[str, Any]] | None = None,
        team_id: str | None = None,
        timestamp: int | str | None = None,
        signature: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> SlackResult:
        """A ``view_submission`` payload.

        ``values`` is ``view.state.values``: ``{block_id: {action_id: state}}``
        where a plain string state is shorthand for a plain_text_input value.
        """
        team = team_id or self.team_id
        state_values = {
            block_id: {
                action_id: state
                if isinstance(state, dict)
                else {"type": "plain_text_input", "value": state}
                for action_id, state in actions.items()
            }
            for block_id, actions in values.items()
        }
        payload = {
            "type": "view_submission",
            "team": self._team(team),
            "user": self._user(user_id, team),
            "api_app_id": self.api_app_id,
            "token": self.verification_token,
            "trigger_id": _trigger_id(),
            "view": {
                "id": view_id,
                "team_id": team,
                "type": "modal",
                "blocks": blocks if blocks is not None else [],
                "private_metadata": private_metadata,
                "callback_id": callback_id,
                "state": {"values": state_values},
                "hash": f"{int(time.time())}.{secrets.token_hex(4)}",
                "title": {"type": "plain_text", "text": title, "emoji": True},
                "clear_on_close": False,
                "notify_on_close": False,
                "close": {"type": "plain_text", "text": "Cancel", "emoji": True},
                "submit": {"type": "plain_text", "text": "Submit", "emoji": True},
                "previous_view_id": None,
                "root_view_id": view_id,
                "app_id": self.api_app_id,
                "external_id": external_id,
                "app_installed_team_id": team,
                "bot_id": "BBOT",
            },
            "response_urls": [],
            "is_enterprise_install": False,
            "enterprise": None,
        }
        return self.send_payload(payload, timestamp=timestamp, signature=signature, headers=headers)

    def event(
        self,
        event: dict[str, Any],
        *,
        event_id: str | None = None,
        team_id: str | None = None,
        timestamp: int | str | None = None,
        signature: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> SlackResult:
        """An Events API ``event_callback`` envelope around ``event``.

        Pass the same ``event_id`` plus ``X-Slack-Retry-Num`` headers to imitate
        Slack redelivering an event.
        """
        team = team_id or self.team_id
        now = time.time()
        inner = {"event_ts": f"{now:.6f}", **event}
        envelope = {
            "token": self.verification_token,
            "team_id": team,
            "context_team_id": team,
            "context_enterprise_id": None,
            "api_app_id": self.api_app_id,
            "event": inner,
            "type": "event_callback",
            "event_id": event_id or "Ev" + secrets.token_hex(5).upper(),
            "event_time": int(now),
            "authorizations": [
                {
                    "enterprise_id": None,
                    "team_id": team,
                    "user_id": self.bot_user_id,
                    "is_bot": True,
                    "is_enterprise_install": False,
                }
            ],
            "is_ext_shared_channel": False,
            "event_context": "4-" + secrets.token_urlsafe(24),
        }
        return self.send_json(envelope, timestamp=timestamp, signature=signature, headers=headers)

    def url_verification(self, challenge: str = "challenge-token", **options: Any) -> SlackResult:
        """The handshake Slack sends when the Events request URL is configured."""
        body = {
            "token": self.verification_token,
            "challenge": challenge,
            "type": "url_verification",
        }
        return self.send_json(body, **options)


def fire_concurrently(funcs: list[Callable[[], R]], *, timeout: float = 30.0) -> list[R]:
    """Run every callable in its own thread, released together by a barrier.

    Results come back in input order; if any call raised, the first error is
    re-raised after all threads have finished.
    """
    if not funcs:
        return []
    barrier = threading.Barrier(len(funcs))
    results: list[Any] = [None] * len(funcs)
    errors: list[BaseException | None] = [None] * len(funcs)

    def run(index: int, func: Callable[[], R]) -> None:
        try:
            barrier.wait(timeout=timeout)
            results[index] = func()
        except BaseException as exc:  # re-raised in the caller below
            errors[index] = exc

    threads = [threading.Thread(target=run, args=(i, f), daemon=True) for i, f in enumerate(funcs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout + 15)
    if any(thread.is_alive() for thread in threads):
        raise TimeoutError(f"concurrent calls still running after {timeout + 15}s")
    failures = [e for e in errors if e is not None]
    if failures:
        first = failures[0]
        first.add_note(f"{len(failures)} of {len(funcs)} concurrent calls failed")
        raise first
    return results
