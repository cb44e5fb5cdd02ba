"""A fake Slack Web API server that speaks real HTTP.

Tests point ``slack_sdk.WebClient(base_url=fake.url)`` at it so that the whole
client stack (encoding, headers, retries, timeouts) runs exactly as in
production, while every call is recorded for assertions and failures can be
injected on demand.
"""

from __future__ import annotations

import contextlib
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit

from tests.fakes.block_kit import MESSAGE_BLOCKS, block_errors, view_errors
from tests.fakes.recording_server import (
    Args,
    RecordedCall,
    RecordingServer,
    Reply,
    parse_multipart,
    plain_reply,
)

__all__ = ["Call", "Fault", "FakeSlack", "default_user_name"]

BOT_USER_ID = "UBOT"
BOT_ID = "BBOT"
TEAM_ID = "T0TEAM"
TEAM_DOMAIN = "salesbot-test"
APP_ID = "A0SALESBOT"

# slack_sdk serialises these arguments to JSON strings when it sends a form
# body, so they are decoded back to get the objects the caller passed.
JSON_ENCODED_FIELDS = frozenset(
    {
        "attachments",
        "blocks",
        "files",
        "inputs",
        "metadata",
        "outputs",
        "profile",
        "unfurls",
        "user_auth_blocks",
        "view",
    }
)


def default_user_name(user_id: str) -> str:
    """Derive a readable handle from a test user id ("U0ALICE" -> "alice")."""
    return re.sub(r"^[UW]0?", "", user_id).lower() or user_id.lower()


@dataclass(frozen=True)
class Fault:
    """What an injected failure does; attached to the calls it affected."""

    method: str
    status: int = 200
    error: str | None = None
    retry_after: int | float | None = None
    delay: float = 0.0
    when: Callable[[Args], bool] | None = field(default=None, compare=False)

    @property
    def answers(self) -> bool:
        """True when the fault replaces the answer (not just delays it)."""
        return self.status != 200 or self.error is not None

    def __str__(self) -> str:
        parts = [f"{self.method}: http {self.status}"]
        if self.error is not None:
            parts.append(f"error={self.error}")
        if self.retry_after is not None:
            parts.append(f"retry_after={self.retry_after}")
        if self.delay:
            parts.append(f"delay={self.delay}s")
        return " ".join(parts)


@dataclass(frozen=True)
class Call(RecordedCall):
    """One request the fake received.

    ``at`` is ``time.monotonic()`` at arrival, so gaps between attempts can be
    measured. ``response`` is the JSON body that was answered: None for faults
    answered with a plain body, and None while a delayed call is still
    sleeping (delayed calls are recorded on arrival). ``fault`` is set when an
    injected failure shaped the answer.
    """

    fault: Fault | None = None


def _decode_json_fields(args: Args) -> Args:
    for key in JSON_ENCODED_FIELDS & args.keys():
        value = args[key]
        if isinstance(value, str) and value[:1] in ("[", "{"):
            with contextlib.suppress(ValueError):
                args[key] = json.loads(value)
    return args


# Slack truncates longer text; it refuses text over this many characters outright.
TEXT_MAX = 40_000


def _invalid(error: str, problems: list[str]) -> dict[str, Any]:
    """Slack's answer to blocks or a view it will not take: each problem with its pointer."""
    return {
        "ok": False,
        "error": error,
        "errors": problems,
        "response_metadata": {"messages": [f"[ERROR] {p}" for p in problems]},
    }


def message_error(args: Args) -> dict[str, Any] | None:
    """What chat.postMessage / chat.update / chat.postEphemeral refuse in a message body."""
    text, blocks = args.get("text"), args.get("blocks")
    if not text and not blocks:
        return {"ok": False, "error": "no_text"}
    if isinstance(text, str) and len(text) > TEXT_MAX:
        return {"ok": False, "error": "msg_too_long"}
    if blocks is not None:
        problems = block_errors(blocks, MESSAGE_BLOCKS)
        if problems:
            return _invalid("invalid_blocks", problems)
    return None


def _json_response(payload: dict[str, Any], status: int = 200) -> Reply:
    body = json.dumps(payload).encode("utf-8")
    return status, {"Content-Type": "application/json; charset=utf-8"}, body


APP_TOKEN_METHODS = frozenset({"apps.connections.open"})


class FakeSlack(RecordingServer[Call, Fault]):
    """In-process HTTP stand-in for https://slack.com/api/.

    Behaves like a well-mannered Slack: authenticated calls to the methods the
    bot uses succeed with realistic payloads, everything is recorded, and
    ``fail()`` queues rate limits, server errors, API errors or slow answers.
    Lifecycle, ``calls()``, ``wait_for()``, ``dump()``, ``errors``, ``reset()``
    and ``on()`` come from ``RecordingServer``.
    """

    call_type = Call
    thread_name = "fake-slack"
    crash_body = b"fake slack crashed"

    def __init__(self) -> None:
        super().__init__()
        self._users: dict[str, dict[str, Any]] = {}
        self._uploads: dict[str, dict[str, Any]] = {}
        # files people shared (add_file): id -> (file object, content)
        self._shared: dict[str, tuple[dict[str, Any], bytes]] = {}
        self._views_by_external_id: dict[str, str] = {}
        self._home_views: dict[str, str] = {}
        self._opened_dms: set[str] = set()
        self._posted: set[tuple[str, str]] = set()
        self._ts_micros = 1_700_000_000_000_000
        self._next_id = 0

    @property
    def url(self) -> str:
        """Base URL for ``WebClient(base_url=...)``; ends with a slash."""
        return f"http://127.0.0.1:{self.port}/api/"

    @property
    def response_url_base(self) -> str:
        """Prefix for fake ``response_url`` values; POSTs there are recorded as "response_url"."""
        return f"http://127.0.0.1:{self.port}/response/"

    # -- inspection ----------------------------------------------------

    def messages_to(self, channel: str) -> list[Call]:
        """chat.postMessage calls addressed to ``channel`` (a user id also matches its DM id)."""
        return [
            c
            for c in self.calls("chat.postMessage")
            if channel
            in (c.args.get("channel"), self._resolve_channel(str(c.args.get("channel", ""))))
        ]

    def updates_of(self, channel: str, ts: str) -> list[Call]:
        """chat.update calls that edit message ``ts`` in ``channel``."""
        return [
            c
            for c in self.calls("chat.update")
            if c.args.get("channel") == channel and c.args.get("ts") == ts
        ]

    # -- configuration -------------------------------------------------

    def fail(
        self,
        method: str,
        *,
        times: int | None = 1,
        status: int = 200,
        error: str | None = None,
        retry_after: int | float | None = None,
        delay: float = 0.0,
        when: Callable[[Args], bool] | None = None,
    ) -> Fault:
        """Make the next ``times`` matching calls fail (``times=None``: forever).

        ``method="*"`` matches every method. With ``status`` 429 the answer is
        ``ratelimited`` plus ``Retry-After``; other non-200 statuses get a plain
        body; ``error`` gives HTTP 200 ``{"ok": false, "error": error}``. With
        only ``delay`` the call is answered normally, just late.
        """
        return self._add_fault(Fault(method, status, error, retry_after, delay, when), times)

    def add_user(self, user_id: str, name: str | None = None, **fields: Any) -> None:
        """Register profile data that users.info returns for ``user_id``."""
        with self._lock:
            self._users[user_id] = {
                **self._default_user(user_id),
                **({"name": name} if name else {}),
                **fields,
            }

    def add_file(
        self, user_id: str, name: str, content: bytes, mimetype: str, file_id: str | None = None
    ) -> dict[str, Any]:
        """A file `user_id` shares: the file object a `file_share` event carries. Its
        content is served at `url_private(_download)` to a request with a bot token, as
        Slack does; without one Slack answers with its sign-in page."""
        file_id = file_id or self._new_id("F")
        private = f"http://127.0.0.1:{self.port}/files-pri/{TEAM_ID}-{file_id}/{name}"
        obj = {
            "id": file_id,
            "created": int(time.time()),
            "name": name,
            "title": name,
            "mimetype": mimetype,
            "filetype": name.rsplit(".", 1)[-1].lower(),
            "user": user_id,
            "size": len(content),
            "mode": "hosted",
            "is_public": False,
            "url_private": private,
            "url_private_download": private.replace("/files-pri/", "/files-pri/download/", 1),
            "permalink": f"https://{TEAM_DOMAIN}.slack.com/files/{user_id}/{file_id}/{name}",
        }
        with self._lock:
            self._shared[file_id] = (obj, content)
        return dict(obj)

    def delete_file(self, file_id: str) -> None:
        """The user deleted it: files.info and its URLs answer as for a missing file."""
        with self._lock:
            self._shared.pop(file_id, None)

    # -- request handling ----------------------------------------------

    def _handle(self, verb: str, raw_path: str, headers: dict[str, str], body: bytes) -> Reply:
        at = time.monotonic()
        parts = urlsplit(raw_path)
        path = parts.path
        lower_headers = {k.lower(): v for k, v in headers.items()}
        content_type = lower_headers.get("content-type", "")

        if path.startswith("/upload/") and verb == "POST":
            return self._handle_upload(path.removeprefix("/upload/"), content_type, body, at)
        if path.startswith("/response/") and verb == "POST":
            return self._handle_response_url(raw_path, content_type, body, at)
        if path.startswith("/files-pri/") and verb == "GET":
            return self._handle_private_file(path, lower_headers.get("authorization", ""), at)
        if not path.startswith("/api/"):
            return 404, {"Content-Type": "text/plain"}, b"not found"

        method = path.removeprefix("/api/")
        args = self._parse_args(parts.query, content_type, body)
        auth = lower_headers.get("authorization", "")
        token = auth[len("Bearer ") :].strip() if auth.startswith("Bearer ") else None

        return self._serve(method, args, token, at, self._answer_api)

    def _answer_api(self, call: Call) -> tuple[Reply, dict[str, Any]]:
        # apps.connections.open (Socket Mode) takes the app-level token; the rest the bot's.
        wanted = "xapp-" if call.method in APP_TOKEN_METHODS else "xoxb-"
        token = call.token or ""
        if not token:
            payload: dict[str, Any] = {"ok": False, "error": "not_authed"}
        elif not token.startswith(wanted):
            payload = {"ok": False, "error": "not_allowed_token_type"}
        else:
            handler = self._handlers.get(call.method) or getattr(
                self, "_api_" + call.method.replace(".", "_"), None
            )
            payload = handler(call) if handler else {"ok": False, "error": "unknown_method"}
        return _json_response(payload), payload

    @staticmethod
    def _parse_args(query: str, content_type: str, body: bytes) -> Args:
        args: Args = dict(parse_qsl(query, keep_blank_values=True))
        mime = content_type.split(";")[0].strip().lower()
        if mime == "application/json" and body:
            decoded = json.loads(body)
            if isinstance(decoded, dict):
                args.update(decoded)
        elif mime == "multipart/form-data":
            for name, filename, payload in parse_multipart(content_type, body):
                if filename is None:
                    args[name] = payload.decode("utf-8")
                else:
                    args[name] = {"filename": filename, "size": len(payload)}
        elif body:
            args.update(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
        return _decode_json_fields(args)

    def _fault_payload(self, fault: Fault) -> dict[str, Any] | None:
        if fault.error is not None:
            return {"ok": False, "error": fault.error}
        if fault.status == 429:
            return {"ok": False, "error": "ratelimited"}
        return None

    def _fault_reply(self, fault: Fault, payload: dict[str, Any] | None) -> Reply:
        if payload is not None:
            status, headers, body = _json_response(payload, fault.status)
        else:
            status, headers, body = plain_reply(fault.status, "text/plain")
        if fault.status == 429 or fault.retry_after is not None:
            headers["Retry-After"] = str(fault.retry_after if fault.retry_after is not None else 1)
        return status, headers, body

    def _handle_upload(self, file_id: str, content_type: str, body: bytes, at: float) -> Reply:
        size = len(body)
        if content_type.lower().startswith("multipart/form-data"):
            files = [
                p for _, filename, p in parse_multipart(content_type, body) if filename is not None
            ]
            size = sum(len(p) for p in files) if files else size
        args: Args = {"file_id": file_id, "size": size}

        def answer(call: Call) -> tuple[Reply, None]:
            with self._lock:
                self._uploads.setdefault(file_id, {})["size"] = size
            return (200, {"Content-Type": "text/plain"}, f"OK - {size}".encode()), None

        return self._serve("upload", args, None, at, answer)

    def _handle_private_file(self, path: str, auth: str, at: float) -> Reply:
        """A file's private URL: the content for a bot token, else Slack's sign-in page
        (HTML with 200, as Slack answers); a deleted file is 404."""
        file_id = path.removeprefix("/files-pri/").removeprefix("download/").split("/")[0]
        file_id = file_id.removeprefix(f"{TEAM_ID}-")
        token = auth[len("Bearer ") :].strip() if auth.startswith("Bearer ") else None

        def answer(call: Call) -> tuple[Reply, None]:
            with self._lock:
                shared = self._shared.get(file_id)
            if not (token or "").startswith("xoxb-"):
                page = b"<!DOCTYPE html><html><title>Sign in | Slack</title></html>"
                return (200, {"Content-Type": "text/html; charset=utf-8"}, page), None
            if shared is None:
                return (404, {"Content-Type": "text/plain"}, b"file not found"), None
            obj, content = shared
            disposition = f"attachment; filename*=UTF-8''{quote(obj['name'])}"
            headers = {"Content-Type": obj["mimetype"], "Content-Disposition": disposition}
            return (200, headers, content), None

        return self._serve("files-pri", {"file": file_id}, token, at, answer)

    def _handle_response_url(
        self, raw_path: str, content_type: str, body: bytes, at: float
    ) -> Reply:
        args = self._parse_args("", content_type, body)
        args["response_url"] = f"http://127.0.0.1:{self.port}{raw_path}"
        return self._serve(
            "response_url",
            args,
            None,
            at,
            lambda call: ((200, {"Content-Type": "text/html"}, b"ok"), None),
        )

    # -- id helpers ----------------------------------------------------

    def _new_ts(self) -> str:
        with self._lock:
            self._ts_micros += 100
            micros = self._ts_micros
        return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"

    def _new_id(self, prefix: str) -> str:
        with self._lock:
            self._next_id += 1
            return f"{prefix}{self._next_id:08d}"

    @staticmethod
    def _resolve_channel(channel: str) -> str:
        """Posting to a user id lands in the DM with that user, as on Slack."""
        if re.fullmatch(r"[UW][A-Z0-9]+", channel):
            return "D" + channel
        return channel

    @staticmethod
    def _default_user(user_id: str) -> dict[str, Any]:
        name = default_user_name(user_id)
        return {
            "id": user_id,
            "team_id": TEAM_ID,
            "name": name,
            "deleted": False,
            "real_name": name.title(),
            "tz": "Asia/Shanghai",
            "is_bot": False,
            "is_admin": False,
            "profile": {
                "real_name": name.title(),
                "display_name": name,
                "email": f"{name}@example.com",
                "team": TEAM_ID,
            },
        }

    def _message(self, args: Args, ts: str) -> dict[str, Any]:
        message: dict[str, Any] = {
            "type": "message",
            "user": BOT_USER_ID,
            "bot_id": BOT_ID,
            "app_id": APP_ID,
            "team": TEAM_ID,
            "ts": ts,
            "text": args.get("text", ""),
        }
        for key in ("blocks", "attachments", "thread_ts", "metadata"):
            if key in args:
                message[key] = args[key]
        return message

    def _view(self, args: Args, view_id: str) -> dict[str, Any]:
        view = args.get("view") if isinstance(args.get("view"), dict) else {}
        return {
            "id": view_id,
            "team_id": TEAM_ID,
            "type": view.get("type", "modal"),
            "callback_id": view.get("callback_id", ""),
            "private_metadata": view.get("private_metadata", ""),
            "external_id": view.get("external_id", ""),
            "title": view.get("title"),
            "submit": view.get("submit"),
            "close": view.get("close"),
            "blocks": view.get("blocks", []),
            "state": {"values": {}},
            "hash": f"{time.time():.6f}.{view_id}",
            "root_view_id": view_id,
            "previous_view_id": None,
            "app_id": APP_ID,
            "app_installed_team_id": TEAM_ID,
            "bot_id": BOT_ID,
        }

    # -- Web API methods -------------------------------------------------

    def _api_auth_test(self, call: Call) -> dict[str, Any]:
        return {
            "ok": True,
            "url": f"https://{TEAM_DOMAIN}.slack.com/",
            "team": "Salesbot Test",
            "user": "salesbot",
            "team_id": TEAM_ID,
            "user_id": BOT_USER_ID,
            "bot_id": BOT_ID,
            "is_enterprise_install": False,
        }

    def _api_conversations_open(self, call: Call) -> dict[str, Any]:
        users = [u for u in str(call.args.get("users", "")).split(",") if u]
        if call.args.get("channel"):
            channel_id = str(call.args["channel"])
        elif len(users) == 1:
            channel_id = "D" + users[0]
        elif users:
            channel_id = "G" + "".join(sorted(users))
        else:
            return {"ok": False, "error": "users_list_not_supplied"}
        with self._lock:
            already = channel_id in self._opened_dms
            self._opened_dms.add(channel_id)
        response: dict[str, Any] = {"ok": True, "channel": {"id": channel_id}}
        if already:
            response.update(no_op=True, already_open=True)
        return response

    def _api_chat_postMessage(self, call: Call) -> dict[str, Any]:
        channel = str(call.args.get("channel", ""))
        if not channel:
            return {"ok": False, "error": "channel_not_found"}
        error = message_error(call.args)
        if error is not None:
            return error
        ts = self._new_ts()
        with self._lock:
            self._posted.add((self._resolve_channel(channel), ts))
        return {
            "ok": True,
            "channel": self._resolve_channel(channel),
            "ts": ts,
            "message": self._message(call.args, ts),
        }

    def _api_chat_update(self, call: Call) -> dict[str, Any]:
        channel, ts = call.args.get("channel"), call.args.get("ts")
        if not channel or not ts:
            return {"ok": False, "error": "message_not_found"}
        # chat.update takes the conversation id (D…), never a user id as postMessage does.
        if not re.fullmatch(r"[CDG][A-Z0-9]+", str(channel)):
            return {"ok": False, "error": "channel_not_found"}
        with self._lock:
            known = (str(channel), str(ts)) in self._posted
        if not known:
            return {"ok": False, "error": "message_not_found"}
        error = message_error(call.args)
        if error is not None:
            return error
        return {
            "ok": True,
            "channel": channel,
            "ts": ts,
            "text": call.args.get("text", ""),
            "message": self._message(call.args, str(ts)),
        }

    def _api_chat_postEphemeral(self, call: Call) -> dict[str, Any]:
        if not call.args.get("channel"):
            return {"ok": False, "error": "channel_not_found"}
        if not call.args.get("user"):
            return {"ok": False, "error": "user_not_in_channel"}
        error = message_error(call.args)
        if error is not None:
            return error
        return {"ok": True, "message_ts": self._new_ts()}

    @staticmethod
    def _view_error(args: Args, kind: str) -> dict[str, Any] | None:
        view = args.get("view")
        problems = view_errors(view)
        if isinstance(view, dict) and view.get("type") != kind and kind == "home":
            problems.append("must be home [json-pointer:/view/type]")
        return _invalid("invalid_arguments", problems) if problems else None

    def _api_views_open(self, call: Call) -> dict[str, Any]:
        error = self._view_error(call.args, "modal")
        if error is not None:
            return error
        return {"ok": True, "view": self._view(call.args, self._new_id("V"))}

    def _api_views_update(self, call: Call) -> dict[str, Any]:
        error = self._view_error(call.args, "modal")
        if error is not None:
            return error
        view_id = call.args.get("view_id")
        external_id = call.args.get("external_id")
        if not view_id and external_id:
            with self._lock:
                view_id = self._views_by_external_id.setdefault(str(external_id), self._new_id("V"))
        return {"ok": True, "view": self._view(call.args, str(view_id or self._new_id("V")))}

    def _unknown_files(self, view: dict[str, Any]) -> dict[str, Any] | None:
        """An image block showing a Slack file that was never uploaded: Slack cannot fetch it."""
        with self._lock:
            known = set(self._uploads) | set(self._shared)
        problems = [
            f"invalid slack_file [json-pointer:/view/blocks/{i}/slack_file]"
            for i, block in enumerate(view.get("blocks") or [])
            if isinstance(block, dict)
            and isinstance(block.get("slack_file"), dict)
            and block["slack_file"].get("id") not in known
        ]
        return _invalid("invalid_blocks", problems) if problems else None

    def _api_views_publish(self, call: Call) -> dict[str, Any]:
        user_id = str(call.args.get("user_id", ""))
        if not user_id:
            return {"ok": False, "error": "invalid_arguments"}
        error = self._view_error(call.args, "home") or self._unknown_files(call.args["view"])
        if error is not None:
            return error
        with self._lock:
            view_id = self._home_views.setdefault(user_id, self._new_id("V"))
        view = self._view(call.args, view_id)
        view["type"] = "home"
        return {"ok": True, "view": view}

    def _api_users_info(self, call: Call) -> dict[str, Any]:
        user_id = call.args.get("user")
        if not user_id:
            return {"ok": False, "error": "user_not_found"}
        with self._lock:
            user = self._users.get(str(user_id)) or self._default_user(str(user_id))
        return {"ok": True, "user": user}

    def _api_files_info(self, call: Call) -> dict[str, Any]:
        file_id = str(call.args.get("file") or "")
        with self._lock:
            shared = self._shared.get(file_id)
        if shared is None:
            return {"ok": False, "error": "file_not_found"}
        return {"ok": True, "file": dict(shared[0]), "comments": [], "response_metadata": {}}

    def _api_files_getUploadURLExternal(self, call: Call) -> dict[str, Any]:
        file_id = self._new_id("F")
        with self._lock:
            self._uploads[file_id] = {
                "name": call.args.get("filename", ""),
                "length": int(call.args.get("length") or 0),
            }
        return {
            "ok": True,
            "upload_url": f"http://127.0.0.1:{self.port}/upload/{file_id}",
            "file_id": file_id,
        }

    def _api_files_completeUploadExternal(self, call: Call) -> dict[str, Any]:
        requested = call.args.get("files")
        if not isinstance(requested, list) or not requested:
            return {"ok": False, "error": "invalid_arguments"}
        files = []
        for item in requested:
            file_id = str(item.get("id", ""))
            with self._lock:
                upload = dict(self._uploads.get(file_id, {}))
            files.append(
                {
                    "id": file_id,
                    "name": upload.get("name", ""),
                    "title": item.get("title") or upload.get("name", ""),
                    "size": upload.get("size", upload.get("length", 0)),
                    "user": BOT_USER_ID,
                }
            )
        return {"ok": True, "files": files}
