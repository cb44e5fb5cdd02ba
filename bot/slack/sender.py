"""Send and update on Slack for the outbox."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
)

from bot.delivery import DeliveryError, SentRef
from bot.slack import render
from handlers.core.messages import Card, Image, Text

# Errors that no retry can cure: the rep is skipped, the post given up.
PERMANENT = {
    "channel_not_found",
    "user_not_found",
    "users_not_found",
    "not_in_channel",
    "is_archived",
    "account_inactive",
    "user_disabled",
    "cannot_dm_bot",
    "messages_tab_disabled",
    "restricted_action",
    "invalid_auth",
    "not_authed",
    "token_revoked",
    "missing_scope",
    "invalid_blocks",
    "msg_too_long",
    "no_text",
    "cant_update_message",
    "message_not_found",
    "edit_window_closed",
}


def make_client(token: str, api_url: str | None, *, wait_out_rate_limits: bool = True) -> WebClient:
    """A WebClient that rides out dropped connections by itself, and short rate limits
    unless told not to: the outbox's own client leaves a 429 to the outbox, which retries
    the card later and starts its offer window again when it is sent."""
    client = WebClient(token=token, base_url=api_url or WebClient.BASE_URL, timeout=10)
    if wait_out_rate_limits:
        client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=1))
    client.retry_handlers.append(ConnectionErrorRetryHandler(max_retry_count=1))
    return client


def outbox_sender(token: str, api_url: str | None) -> SlackSender:
    """The sender delivery uses: a 429 comes back to the outbox at once."""
    return SlackSender(make_client(token, api_url, wait_out_rate_limits=False))


def retry_after(exc: SlackApiError) -> float:
    """The seconds a rate-limited Slack answer asks to wait (1 when it does not say)."""
    headers = {k.lower(): v for k, v in (exc.response.headers or {}).items()}
    value = headers.get("retry-after", "1")
    value = value[0] if isinstance(value, list) else value
    try:
        return max(0.0, float(value))
    except ValueError:
        return 1.0


class SlackSender:
    platform = "slack"

    def __init__(self, client: WebClient):
        self.client = client
        self._dm_channels: dict[str, str] = {}
        self._lock = threading.Lock()

    def _call(self, method: str, **kwargs: object) -> dict:
        return self._safely(lambda: self.client.api_call(method, json=kwargs).data)

    def _safely(self, call: Callable[[], Any]) -> dict:
        """Make a Web API call; its failure becomes a DeliveryError, permanent or not."""
        try:
            return call()  # type: ignore[no-any-return]
        except SlackApiError as exc:
            status = exc.response.status_code
            if status == 429:
                raise DeliveryError("ratelimited", retry_after=retry_after(exc)) from exc
            error = str(exc.response.get("error") or f"http_{status}")
            raise DeliveryError(error, permanent=error in PERMANENT) from exc
        except (SlackRequestError, OSError, ValueError) as exc:
            raise DeliveryError(f"{type(exc).__name__}: {exc}") from exc

    def _dm_channel(self, user_id: str) -> str:
        with self._lock:
            channel = self._dm_channels.get(user_id)
        if channel is None:
            channel = self._call("conversations.open", users=user_id)["channel"]["id"]
            with self._lock:
                self._dm_channels[user_id] = channel
        return channel

    def send(self, kind: str, address: str, message: Card | Text | Image) -> SentRef:
        channel = self._dm_channel(address) if kind == "user" else address
        if isinstance(message, Image):
            return self._upload(channel, message)
        data = self._call(
            "chat.postMessage",
            channel=channel,
            text=render.fallback(message),
            blocks=render.blocks(message),
            unfurl_links=False,
        )
        return SentRef(channel=data["channel"], ts=data["ts"])

    def _upload(self, channel: str, image: Image) -> SentRef:
        """A picture (a digest's chart) goes up as a file shared in the channel."""

        def upload() -> Any:
            return self.client.files_upload_v2(
                channel=channel, file=image.content, filename=image.filename, title=image.title
            ).data

        data = self._safely(upload)
        file_id = str(data["files"][0]["id"])
        # the file id is where the picture is shown again (the Home tab's chart)
        return SentRef(channel=channel, ts=file_id, extra={"file_id": file_id})

    def update(self, ref: SentRef, message: Card | Text) -> SentRef:
        self._call(
            "chat.update",
            channel=ref.channel,
            ts=ref.ts,
            text=render.fallback(message),
            blocks=render.blocks(message),
        )
        return ref
