"""Send and update on WeCom for the outbox."""

from __future__ import annotations

import uuid
from typing import Any

import requests
from wechatpy.exceptions import APILimitedException, WeChatClientException

from bot.delivery import DeliveryError, SentRef
from bot.wecom import render
from bot.wecom.client import WeComClient
from handlers.core.messages import Card, Image, Text

# WeCom allows 30 messages a minute to one member: a refusal waits out the minute.
RATE_LIMITED = {45009, 45033, 45047}
RATE_WAIT = 60.0
# Errors no retry can cure: the member is not there or not in the app's scope.
PERMANENT = {40003, 40031, 60111, 81013, 82001, 86003, 301002, 93006}


class WeComRefused(DeliveryError):
    """WeCom answered, and said no (as opposed to not answering)."""


class WeComSender:
    platform = "wecom"

    def __init__(self, client: WeComClient):
        self.client = client

    def _post(self, endpoint: str, body: dict[str, Any]) -> dict[str, Any]:
        try:
            result = self.client.post(endpoint, data=body)
        except APILimitedException as exc:
            raise DeliveryError(f"wecom {exc.errcode}", retry_after=RATE_WAIT) from exc
        except WeChatClientException as exc:
            code = exc.errcode
            if code in RATE_LIMITED:
                raise DeliveryError(f"wecom {code}", retry_after=RATE_WAIT) from exc
            if code is None:
                raise DeliveryError(f"wecom http: {exc}") from exc
            raise WeComRefused(f"wecom {code}: {exc.errmsg}", permanent=code in PERMANENT) from exc
        except (requests.RequestException, ValueError) as exc:
            raise DeliveryError(f"{type(exc).__name__}: {exc}") from exc
        if not isinstance(result, dict):
            raise DeliveryError("wecom: answer was not JSON")
        if result.get("invaliduser"):
            raise DeliveryError(f"not a WeCom user: {result['invaliduser']}", permanent=True)
        return result

    def _words(self, endpoint: str, to: dict[str, Any], kind: str, text: str) -> None:
        """Text or markdown, in as many messages as WeCom's 2048 bytes a message need.
        (Should a later part fail, its retry repeats the earlier ones; nothing is lost.)"""
        for part in render.parts(text):
            self._post(endpoint, to | {"msgtype": kind, kind: {"content": part}})

    def _image(self, to: dict[str, Any], image: Image, endpoint: str) -> None:
        """Pictures (a digest's chart) are uploaded first, then sent by their media id."""
        files = {"media": (image.filename, image.content, "image/png")}
        try:
            media = self.client.post("media/upload", params={"type": "image"}, files=files)
        except APILimitedException as exc:
            raise DeliveryError(f"wecom {exc.errcode}", retry_after=RATE_WAIT) from exc
        except WeChatClientException as exc:
            raise DeliveryError(f"wecom upload {exc.errcode}: {exc.errmsg}") from exc
        except requests.RequestException as exc:
            raise DeliveryError(f"{type(exc).__name__}: {exc}") from exc
        self._post(endpoint, to | {"msgtype": "image", "image": {"media_id": media["media_id"]}})

    def send(self, kind: str, address: str, message: Card | Text | Image) -> SentRef:
        if isinstance(message, Image):
            if kind == "channel":
                self._image({"chatid": address}, message, "appchat/send")
            else:
                to = {"touser": address, "agentid": self.client.agent_id}
                self._image(to, message, "message/send")
            return SentRef(channel=address, ts="")
        if kind == "channel":  # a group chat: no cards there
            self._words("appchat/send", {"chatid": address}, "markdown", render.markdown(message))
            return SentRef(channel=address, ts="")
        to = {"touser": address, "agentid": self.client.agent_id}
        if isinstance(message, Text):
            self._words("message/send", to, "text", message.plain())
            return SentRef(channel=address, ts="")
        if not message.buttons or render.cut(message):
            # A template card shows a few lines: a long one goes first in full, as markdown.
            self._words("message/send", to, "markdown", render.markdown(message))
            if not message.buttons:
                return SentRef(channel=address, ts="")
        task_id = f"sb-{uuid.uuid4().hex}"
        card = {"msgtype": "template_card", "template_card": render.template_card(message, task_id)}
        result = self._post("message/send", to | card)
        extra = {
            "response_code": result.get("response_code"),
            "buttons": render.button_list(message),
        }
        return SentRef(channel=address, ts=task_id, extra=extra)

    def update(self, ref: SentRef, message: Card | Text) -> SentRef:
        """Update a card in place with its response code. Without a usable code (spent,
        expired, or a change made by a typed command, which brings no code) the card is
        sent again: as a new card when it still has buttons, so they keep working (later
        updates follow the new card), else as markdown.

        The stored code is never rewritten here, only replaced by a click's fresh code or
        a new card's own: a click landing while this update is on its way keeps its code.
        A spent code is found out by WeCom refusing it, once."""
        code = (ref.extra or {}).get("response_code")
        if code and isinstance(message, Card):
            old_buttons = (ref.extra or {}).get("buttons") or []
            card = render.template_card(message, ref.ts, None if message.buttons else old_buttons)
            if not message.buttons:
                card["replace_text"] = render.status_word(message)
            body = {
                "userids": ref.channel.split("|"),
                "agentid": self.client.agent_id,
                "response_code": code,
                "template_card": card,
            }
            try:
                self._post("message/update_template_card", body)
                return ref
            except WeComRefused:
                pass  # the code is spent or expired: fall through to a fresh message
        if isinstance(message, Card) and message.buttons:
            return self.send("user", ref.channel, message)
        to = {"touser": ref.channel, "agentid": self.client.agent_id}
        self._words("message/send", to, "markdown", render.markdown(message))
        return ref
