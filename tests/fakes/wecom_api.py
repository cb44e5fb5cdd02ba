"""A fake WeCom (企业微信) server API that speaks real HTTP.

Tests point ``wechatpy.enterprise.WeChatClient.API_BASE_URL`` at ``fake.url`` so
that token handling, JSON encoding, multipart uploads and wechatpy's own
retry-on-expired-token logic run exactly as in production, while every call is
recorded for assertions and failures can be injected on demand.

WeCom reports almost every error as HTTP 200 with a non-zero ``errcode``; the
codes used here are the ones WeCom documents (see ``ERRMSG``).
"""

from __future__ import annotations

import itertools
import json
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit

from tests.fakes.recording_server import (
    Args,
    RecordedCall,
    RecordingServer,
    Reply,
    parse_multipart,
    plain_reply,
)

__all__ = [
    "BAD_RESPONSE_CODE",
    "BAD_RESPONSE_CODE_MSG",
    "DUPLICATE_TASK_ID_MSG",
    "ERRMSG",
    "card_problem",
    "Call",
    "Fault",
    "FakeWeCom",
]

# update_template_card with a response_code that is unknown or already used.
# WeCom answers 40058 ("invalid Request Parameter") for bad card parameters; no
# dedicated code is documented, and 40001/40014/42001 must not be used because
# wechatpy treats those as a stale token and retries the call.
BAD_RESPONSE_CODE = 40058
BAD_RESPONSE_CODE_MSG = "invalid response_code"
DUPLICATE_TASK_ID_MSG = "duplicate task_id"

# Default errmsg for each errcode the fake answers (or a fault injects).
ERRMSG: dict[int, str] = {
    -1: "system busy",
    40001: "invalid secret",
    40004: "invalid media type",
    40006: "invalid file size",
    40007: "invalid media_id",
    40008: "invalid message type",
    40013: "invalid corpid",
    40014: "invalid access_token",
    40056: "invalid agentid",
    40058: "invalid Request Parameter",
    41001: "access_token missing",
    41004: "corpsecret missing",
    41005: "media data missing",
    42001: "access_token expired",
    44004: "empty content",
    45002: "content size out of limit",
    45009: "api freq out of limit",
    45033: "api concurrent out of limit",
    47001: "data format error",
    60020: "not allow to access from your ip",
    81013: "user & party & tag all invalid",
    86003: "chat not exist",
    404: "unknown api",
}

APP_MSGTYPES = frozenset(
    {
        "text",
        "image",
        "voice",
        "video",
        "file",
        "textcard",
        "news",
        "mpnews",
        "markdown",
        "miniprogram_notice",
        "template_card",
    }
)
# Group chats (appchat) take no template cards.
CHAT_MSGTYPES = APP_MSGTYPES - {"template_card", "miniprogram_notice"}
MEDIA_MSGTYPES = frozenset({"image", "voice", "video", "file"})
CARD_TYPES = frozenset(
    {"text_notice", "news_notice", "button_interaction", "vote_interaction", "multiple_interaction"}
)
# Cards the user acts on: they need a task_id and their send returns a response_code.
INTERACTIVE_CARDS = frozenset({"button_interaction", "vote_interaction", "multiple_interaction"})
TASK_ID_RE = re.compile(r"[0-9A-Za-z_\-@]{1,128}")
# media/upload limits per type, in bytes; every file must be larger than 5 bytes.
MEDIA_LIMITS = {"image": 10 << 20, "voice": 2 << 20, "video": 10 << 20, "file": 20 << 20}


# Hard limits WeCom enforces (longer titles and texts are only cut on screen).
CONTENT_BYTES = 2048  # a text or markdown message
CARD_ITEMS = 6  # buttons, and rows of horizontal content, a card
KEY_BYTES = 1024  # a button's key
TASK_ID_BYTES = 128


def card_problem(card: Any) -> str | None:
    """What WeCom refuses in a template card (as the errmsg of a 40058), or None."""
    if not isinstance(card, dict) or card.get("card_type") not in CARD_TYPES:
        return "invalid card_type"
    task_id = card.get("task_id")
    needs_task = card["card_type"] in INTERACTIVE_CARDS or task_id is not None
    if needs_task and not (
        isinstance(task_id, str)
        and TASK_ID_RE.fullmatch(task_id)
        and len(task_id.encode()) <= TASK_ID_BYTES
    ):
        return "invalid task_id"
    rows = card.get("horizontal_content_list")
    if rows is not None and (not isinstance(rows, list) or len(rows) > CARD_ITEMS):
        return "invalid horizontal_content_list"
    if card["card_type"] == "button_interaction":
        buttons = card.get("button_list")
        if (
            not isinstance(buttons, list)
            or not 1 <= len(buttons) <= CARD_ITEMS
            or not all(isinstance(b, dict) and b.get("text") and b.get("key") for b in buttons)
        ):
            return "invalid button_list"
        keys = [str(b["key"]) for b in buttons]
        if len(set(keys)) != len(keys) or any(len(k.encode()) > KEY_BYTES for k in keys):
            return "invalid button key"
    return None


def _error(errcode: int, errmsg: str | None = None) -> dict[str, Any]:
    return {"errcode": errcode, "errmsg": errmsg or ERRMSG.get(errcode, "error")}


@dataclass(frozen=True)
class Fault:
    """What an injected failure does; attached to the calls it affected."""

    method: str
    status: int = 200
    errcode: int | None = None
    errmsg: str = ""
    delay: float = 0.0
    when: Callable[[Args], bool] | None = field(default=None, compare=False)

    @property
    def answers(self) -> bool:
        """True when the fault replaces the answer (not just delays it)."""
        return self.status != 200 or self.errcode is not None

    def __str__(self) -> str:
        parts = [f"{self.method}: http {self.status}"]
        if self.errcode is not None:
            parts.append(f"errcode={self.errcode}")
        if self.delay:
            parts.append(f"delay={self.delay}s")
        return " ".join(parts)


@dataclass(frozen=True)
class Call(RecordedCall):
    """One request the fake received.

    ``method`` is the path under ``/cgi-bin/`` (e.g. ``"message/send"``);
    ``args`` is the JSON body merged with the query string, minus
    ``access_token``, which is in ``token``. ``at`` is ``time.monotonic()`` at
    arrival. ``response`` is the JSON answered: None for faults answered with
    a plain body, and None while a delayed call is still sleeping (delayed
    calls are recorded on arrival).
    """

    fault: Fault | None = None

    @property
    def ok(self) -> bool:
        """WeCom accepted the call (errcode 0)."""
        return self.response is not None and self.response.get("errcode") == 0

    def _outcome(self) -> str:
        return f" -> {self.response.get('errcode')}" if self.response is not None else ""


@dataclass
class _ResponseCode:
    task_id: str
    used: bool = False


def _json_reply(payload: dict[str, Any], status: int = 200) -> Reply:
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    return status, {"Content-Type": "application/json; charset=UTF-8"}, body


def _same_agent(value: Any, agent_id: int) -> bool:
    try:
        return int(value) == agent_id
    except (TypeError, ValueError):
        return False


class FakeWeCom(RecordingServer[Call, Fault]):
    """In-process HTTP stand-in for https://qyapi.weixin.qq.com/cgi-bin/.

    Behaves like a well-mannered WeCom for one self-built app (``corp_id``,
    ``secret``, ``agent_id``): tokens are issued and checked, the APIs the bot
    uses answer realistically, everything is recorded, and ``fail()`` queues
    WeCom errors, HTTP errors or slow answers. Lifecycle, ``calls()``,
    ``wait_for()``, ``dump()``, ``errors``, ``reset()`` (tokens and codes stay
    valid) and ``on()`` (the token is still checked first) come from
    ``RecordingServer``.
    """

    call_type = Call
    thread_name = "fake-wecom"
    crash_body = b"fake wecom crashed"

    def __init__(
        self, corp_id: str = "ww0corp", secret: str = "s3cret", *, agent_id: int = 1000002
    ) -> None:
        super().__init__()
        self.corp_id = corp_id
        self.secret = secret
        self.agent_id = agent_id
        self._tokens: dict[str, bool] = {}  # token -> still valid
        self._task_ids: set[str] = set()
        self._codes: dict[str, _ResponseCode] = {}
        self._media: dict[str, dict[str, Any]] = {}
        # what people sent the app (add_media): media_id -> (file name, content type, bytes)
        self._sent_media: dict[str, tuple[str, str, bytes]] = {}
        self._out_of_scope: set[str] = set()
        self._counter = itertools.count(1)

    @property
    def url(self) -> str:
        """Value for ``WeChatClient.API_BASE_URL``; ends with a slash."""
        return f"http://127.0.0.1:{self.port}/cgi-bin/"

    # -- inspection ----------------------------------------------------

    def sent_to(self, user_id: str) -> list[Call]:
        """message/send calls whose ``touser`` names ``user_id`` (or is ``@all``)."""
        return [
            c
            for c in self.calls("message/send")
            if {user_id, "@all"} & set(str(c.args.get("touser") or "").split("|"))
        ]

    def chat_posts(self, chat_id: str) -> list[Call]:
        """appchat/send calls to group chat ``chat_id``."""
        return [c for c in self.calls("appchat/send") if c.args.get("chatid") == chat_id]

    def updates(self, task_id: str | None = None) -> list[Call]:
        """message/update_template_card calls, optionally for the card ``task_id``.

        The update body carries no task_id; it is found through the
        response_code, which the fake issued for one card.
        """
        calls = self.calls("message/update_template_card")
        if task_id is None:
            return calls
        with self._lock:
            tasks = {code: entry.task_id for code, entry in self._codes.items()}
        return [c for c in calls if tasks.get(str(c.args.get("response_code"))) == task_id]

    def add_media(
        self, filename: str, content: bytes, content_type: str, media_id: str | None = None
    ) -> str:
        """A file a member sends the app: its media_id, which `media/get` serves for the
        three days WeCom keeps it (`expire_media` ends them early)."""
        media_id = media_id or self._new_id("media-in-")
        with self._lock:
            self._sent_media[media_id] = (filename, content_type, content)
        return media_id

    def expire_media(self, media_id: str) -> None:
        with self._lock:
            self._sent_media.pop(media_id, None)

    def media(self) -> dict[str, dict[str, Any]]:
        """Uploaded media by media_id: {"type", "size", "filename"}."""
        with self._lock:
            return {k: dict(v) for k, v in self._media.items()}

    def task_ids(self) -> list[str]:
        """task_ids of the cards sent so far."""
        with self._lock:
            return sorted(self._task_ids)

    # -- configuration -------------------------------------------------

    def fail(
        self,
        method: str,
        *,
        times: int | None = 1,
        errcode: int | None = None,
        errmsg: str = "",
        status: int = 200,
        delay: float = 0.0,
        when: Callable[[Args], bool] | None = None,
    ) -> Fault:
        """Make the next ``times`` matching calls fail (``times=None``: forever).

        ``method="*"`` matches every method. ``errcode`` gives HTTP ``status``
        with ``{"errcode", "errmsg"}`` (errmsg defaults from ``ERRMSG``), as
        WeCom reports errors; a non-200 ``status`` alone gives a plain body.
        With only ``delay`` the call is answered normally, just late.

        Beware: wechatpy refetches the token and retries on 40001, 40014 and
        42001 without limit, so inject those with a finite ``times``.
        """
        return self._add_fault(Fault(method, status, errcode, errmsg, delay, when), times)

    def expire_tokens(self) -> None:
        """Invalidate every token issued so far: calls with them answer 42001."""
        with self._lock:
            for token in self._tokens:
                self._tokens[token] = False

    def new_token(self) -> str:
        """Issue a valid access_token without a gettoken call."""
        with self._lock:
            token = f"tok-{next(self._counter)}"
            self._tokens[token] = True
            return token

    def new_response_code(self, task_id: str) -> str:
        """A fresh single-use code for card ``task_id``, as WeCom puts in each click callback."""
        with self._lock:
            code = f"rc-{next(self._counter)}-{secrets.token_hex(6)}"
            self._codes[code] = _ResponseCode(task_id)
            return code

    def out_of_scope(self, *user_ids: str) -> None:
        """Treat these users as outside the app's visible range.

        message/send then lists them in ``invaliduser``, and fails with 81013
        when nobody else is addressed, as WeCom does.
        """
        with self._lock:
            self._out_of_scope.update(user_ids)

    # -- request handling ----------------------------------------------

    def _handle(self, verb: str, raw_path: str, headers: dict[str, str], body: bytes) -> Reply:
        at = time.monotonic()
        content_type = {k.lower(): v for k, v in headers.items()}.get("content-type", "")
        parts = urlsplit(raw_path)
        method = parts.path.removeprefix("/cgi-bin/")
        args: Args = dict(parse_qsl(parts.query, keep_blank_values=True))
        token = args.pop("access_token", None)
        bad_body = False
        if content_type.split(";")[0].strip().lower() == "multipart/form-data":
            for name, filename, payload in parse_multipart(content_type, body):
                if name == "media" and filename is not None:
                    args.update(filename=filename, size=len(payload))
                    break
        elif body.strip():
            # wechatpy posts JSON without a Content-Type; WeCom reads it anyway.
            try:
                decoded = json.loads(body)
            except ValueError:
                decoded = None
            if isinstance(decoded, dict):
                args.update(decoded)
            else:
                bad_body = True

        def answer(call: Call) -> tuple[Reply, dict[str, Any]]:
            if call.method == "media/get" and verb == "GET":
                found = self._media_file(call)
                if found is not None:
                    return found, {"errcode": 0, "errmsg": "ok"}
            response = self._answer(call, bad_body)
            return _json_reply(response), response

        return self._serve(method, args, token, at, answer)

    def _media_file(self, call: Call) -> Reply | None:
        """media/get: the file itself, with WeCom's headers; None answers with an error."""
        if self._check_token(call.token) is not None:
            return None
        with self._lock:
            found = self._sent_media.get(str(call.args.get("media_id") or ""))
        if found is None:
            return None
        filename, content_type, content = found
        headers = {
            "Content-Type": content_type,
            "Content-disposition": f'attachment; filename="{quote(filename)}"',
            "Cache-Control": "no-cache, must-revalidate",
        }
        return 200, headers, content

    def _fault_payload(self, fault: Fault) -> dict[str, Any] | None:
        return _error(fault.errcode, fault.errmsg) if fault.errcode is not None else None

    def _fault_reply(self, fault: Fault, payload: dict[str, Any] | None) -> Reply:
        if payload is not None:
            return _json_reply(payload, fault.status)
        return plain_reply(fault.status, "text/html")

    def _answer(self, call: Call, bad_body: bool) -> dict[str, Any]:
        handler = self._handlers.get(call.method)
        if call.method == "gettoken":
            return (handler or self._api_gettoken)(call)
        handler = handler or getattr(self, "_api_" + call.method.replace("/", "_"), None)
        if handler is None:
            return _error(404, "unknown api")
        token_error = self._check_token(call.token)
        if token_error is not None:
            return token_error
        if bad_body:
            return _error(47001)
        return handler(call)

    def _check_token(self, token: str | None) -> dict[str, Any] | None:
        if not token:
            return _error(41001)
        with self._lock:
            valid = self._tokens.get(token)
        if valid is None:
            return _error(40014)
        if not valid:
            return _error(42001)
        return None

    def _new_id(self, prefix: str) -> str:
        return f"{prefix}{next(self._counter)}-{secrets.token_hex(4)}"

    # -- WeCom APIs ----------------------------------------------------

    def _api_gettoken(self, call: Call) -> dict[str, Any]:
        corp_id, secret = call.args.get("corpid"), call.args.get("corpsecret")
        if not corp_id:
            return _error(41002, "corpid missing")
        if corp_id != self.corp_id:
            return _error(40013)
        if not secret:
            return _error(41004)
        if secret != self.secret:
            return _error(40001)
        return {
            "errcode": 0,
            "errmsg": "ok",
            "access_token": self.new_token(),
            "expires_in": 7200,
        }

    def _check_content(self, args: Args, allowed: frozenset[str]) -> dict[str, Any] | None:
        """WeCom's checks on the message body shared by message/send and appchat/send."""
        msgtype = args.get("msgtype")
        if msgtype not in allowed:
            return _error(40008)
        content = args.get(msgtype)
        if not isinstance(content, dict):
            return _error(40058, f"{msgtype} missing")
        if msgtype in ("text", "markdown"):
            text = str(content.get("content") or "")
            if not text.strip():
                return _error(44004)
            if len(text.encode("utf-8")) > CONTENT_BYTES:
                return _error(45002)
        if msgtype in MEDIA_MSGTYPES:
            with self._lock:
                known = str(content.get("media_id")) in self._media
            if not known:
                return _error(40007)
        return None

    def _check_card(self, card: Any, *, new: bool) -> dict[str, Any] | None:
        problem = card_problem(card)
        if problem is not None:
            return _error(40058, problem)
        task_id = card.get("task_id")
        if new and task_id is not None:
            with self._lock:
                if task_id in self._task_ids:
                    return _error(40058, DUPLICATE_TASK_ID_MSG)
                self._task_ids.add(task_id)
        return None

    def _api_message_send(self, call: Call) -> dict[str, Any]:
        args = call.args
        if not _same_agent(args.get("agentid"), self.agent_id):
            return _error(40056)
        error = self._check_content(args, APP_MSGTYPES)
        if error is not None:
            return error
        users = [u for u in str(args.get("touser") or "").split("|") if u]
        with self._lock:
            invalid = [u for u in users if u in self._out_of_scope]
        if len(invalid) == len(users) and not args.get("toparty") and not args.get("totag"):
            return _error(81013)
        card_type = None
        if args["msgtype"] == "template_card":
            error = self._check_card(args.get("template_card"), new=True)
            if error is not None:
                return error
            card_type = args["template_card"]["card_type"]
        response: dict[str, Any] = {
            "errcode": 0,
            "errmsg": "ok",
            "invaliduser": "|".join(invalid),
            "msgid": self._new_id("msg-"),
        }
        if card_type in INTERACTIVE_CARDS:
            response["response_code"] = self.new_response_code(args["template_card"]["task_id"])
        return response

    def _api_message_update_template_card(self, call: Call) -> dict[str, Any]:
        args = call.args
        if not _same_agent(args.get("agentid"), self.agent_id):
            return _error(40056)
        button, card = args.get("button"), args.get("template_card")
        if isinstance(button, dict):
            if not str(button.get("replace_name") or "").strip():
                return _error(40058, "invalid replace_name")
        elif card is not None:
            error = self._check_card(card, new=False)
            if error is not None:
                return error
        else:
            return _error(40058, "button or template_card missing")
        with self._lock:
            entry = self._codes.get(str(args.get("response_code") or ""))
            if entry is None or entry.used:
                return _error(BAD_RESPONSE_CODE, BAD_RESPONSE_CODE_MSG)
            entry.used = True
        return {"errcode": 0, "errmsg": "ok", "invaliduser": []}

    def _api_appchat_send(self, call: Call) -> dict[str, Any]:
        if not call.args.get("chatid"):
            return _error(86003)
        error = self._check_content(call.args, CHAT_MSGTYPES)
        if error is not None:
            return error
        return {"errcode": 0, "errmsg": "ok"}

    def _api_media_get(self, call: Call) -> dict[str, Any]:
        """Reached only when media/get found no file: unknown or expired media."""
        return _error(40007)

    def _api_media_upload(self, call: Call) -> dict[str, Any]:
        media_type = call.args.get("type")
        if media_type not in MEDIA_LIMITS:
            return _error(40004)
        if "size" not in call.args:
            return _error(41005)
        size = int(call.args.get("size") or 0)
        if not 5 < size <= MEDIA_LIMITS[media_type]:
            return _error(40006)
        media_id = self._new_id("media-")
        with self._lock:
            self._media[media_id] = {
                "type": media_type,
                "size": size,
                "filename": call.args.get("filename"),
            }
        return {
            "errcode": 0,
            "errmsg": "ok",
            "type": media_type,
            "media_id": media_id,
            "created_at": str(int(time.time())),
        }
