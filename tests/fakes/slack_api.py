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
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from email.parser import BytesParser
from email.policy import HTTP
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl, urlsplit

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

Args = dict[str, Any]
Handler = Callable[["Call"], dict[str, Any]]
_Reply = tuple[int, dict[str, str], bytes]
_Answer = Callable[["Call"], tuple[_Reply, "dict[str, Any] | None"]]


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
class Call:
    """One request the fake received.

    ``at`` is ``time.monotonic()`` at arrival, so gaps between attempts can be
    measured. ``response`` is the JSON body that was answered: None for faults
    answered with a plain body, and None while a delayed call is still
    sleeping (delayed calls are recorded on arrival). ``fault`` is set when an
    injected failure shaped the answer.
    """

    method: str
    args: Args
    token: str | None
    at: float
    fault: Fault | None = None
    response: dict[str, Any] | None = None

    def describe(self, origin: float | None = None) -> str:
        """One line for failure dumps."""
        when = f"+{self.at - origin:.3f}s " if origin is not None else ""
        fault = f" FAULT[{self.fault}]" if self.fault else ""
        args = json.dumps(self.args, ensure_ascii=False, default=repr)
        if len(args) > 400:
            args = args[:400] + "…"
        return f"{when}{self.method} token={self.token!r}{fault} args={args}"


@dataclass
class _FaultRule:
    fault: Fault
    remaining: int | None

    def matches(self, method: str, args: Args) -> bool:
        if self.fault.method not in (method, "*"):
            return False
        if self.fault.when is None:
            return True
        try:
            return bool(self.fault.when(args))
        except Exception:
            return False


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(self, fake: FakeSlack) -> None:
        self.fake = fake
        super().__init__(("127.0.0.1", 0), _RequestHandler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients that time out on purpose drop the socket; stay quiet.
        return


class _RequestHandler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.0"

    def log_message(self, format: str, *args: Any) -> None:
        return

    def do_GET(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def _dispatch(self) -> None:
        fake = self.server.fake
        try:
            status, headers, body = fake._handle(
                self.command, self.path, dict(self.headers.items()), self._read_body()
            )
        except Exception:
            fake._record_error(traceback.format_exc())
            status, headers, body = 500, {"Content-Type": "text/plain"}, b"fake slack crashed"
        try:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            pass

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    self.rfile.readline()
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""


def _parse_multipart(content_type: str, body: bytes) -> list[tuple[str, str | None, bytes]]:
    """Return (field name, filename, payload) for each part of a multipart body."""
    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + body
    )
    parts = []
    for part in message.iter_parts():
        payload = part.get_payload(decode=True) or b""
        parts.append(
            (
                part.get_param("name", header="content-disposition") or "",
                part.get_filename(),
                payload,
            )
        )
    return parts


def _decode_json_fields(args: Args) -> Args:
    for key in JSON_ENCODED_FIELDS & args.keys():
        value = args[key]
        if isinstance(value, str) and value[:1] in ("[", "{"):
            with contextlib.suppress(ValueError):
                args[key] = json.loads(value)
    return args


def _json_response(payload: dict[str, Any], status: int = 200) -> _Reply:
    body = json.dumps(payload).encode("utf-8")
    return status, {"Content-Type": "application/json; charset=utf-8"}, body


APP_TOKEN_METHODS = frozenset({"apps.connections.open"})


class FakeSlack:
    """In-process HTTP stand-in for https://slack.com/api/.

    Behaves like a well-mannered Slack: authenticated calls to the methods the
    bot uses succeed with realistic payloads, everything is recorded, and
    ``fail()`` queues rate limits, server errors, API errors or slow answers.
    """

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._calls: list[Call] = []
        self._faults: list[_FaultRule] = []
        self._errors: list[str] = []
        self._handlers: dict[str, Handler] = {}
        self._users: dict[str, dict[str, Any]] = {}
        self._uploads: dict[str, dict[str, Any]] = {}
        self._views_by_external_id: dict[str, str] = {}
        self._home_views: dict[str, str] = {}
        self._opened_dms: set[str] = set()
        self._ts_micros = 1_700_000_000_000_000
        self._next_id = 0
        self._origin = time.monotonic()
        self._stopping = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -----------------------------------------------------

    def start(self) -> FakeSlack:
        """Serve on an ephemeral localhost port in a daemon thread."""
        if self._server is not None:
            return self
        self._stopping.clear()
        self._server = _Server(self)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="fake-slack",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving; requests still sleeping in a delay fault are cut short."""
        server, thread = self._server, self._thread
        if server is None:
            return
        self._stopping.set()
        server.shutdown()
        server.server_close()
        if thread is not None:
            thread.join(timeout=5)
        self._server = self._thread = None

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("FakeSlack is not started")
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        """Base URL for ``WebClient(base_url=...)``; ends with a slash."""
        return f"http://127.0.0.1:{self.port}/api/"

    @property
    def response_url_base(self) -> str:
        """Prefix for fake ``response_url`` values; POSTs there are recorded as "response_url"."""
        return f"http://127.0.0.1:{self.port}/response/"

    # -- inspection ----------------------------------------------------

    def calls(self, method: str | None = None) -> list[Call]:
        """Recorded calls in arrival order, optionally for one method."""
        with self._lock:
            return [c for c in self._calls if method is None or c.method == method]

    def wait_for(
        self,
        method: str,
        predicate: Callable[[Call], bool] = lambda c: True,
        timeout: float = 5.0,
        count: int = 1,
    ) -> list[Call]:
        """Poll until ``count`` calls to ``method`` satisfy ``predicate``; return all that do.

        A predicate that raises (e.g. KeyError on a missing arg) counts as "no match".
        """
        deadline = time.monotonic() + timeout
        while True:
            matched = [c for c in self.calls(method) if _safe(predicate, c)]
            if len(matched) >= count:
                return matched
            if time.monotonic() >= deadline:
                raise AssertionError(
                    f"timed out after {timeout}s waiting for {count} matching {method} call(s), "
                    f"got {len(matched)}\n{self.dump()}"
                )
            time.sleep(0.01)

    def dump(self) -> str:
        """Readable listing of every recorded call (and any crash in the fake)."""
        with self._lock:
            calls, errors = list(self._calls), list(self._errors)
        lines = [f"recorded calls ({len(calls)}):"]
        lines += [f"  [{i}] {c.describe(self._origin)}" for i, c in enumerate(calls)] or [
            "  (none)"
        ]
        if errors:
            lines.append("errors inside the fake:")
            lines += ["  " + e.replace("\n", "\n  ") for e in errors]
        return "\n".join(lines)

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

    @property
    def errors(self) -> list[str]:
        """Tracebacks of crashes inside the fake (should stay empty)."""
        with self._lock:
            return list(self._errors)

    # -- configuration -------------------------------------------------

    def reset(self) -> None:
        """Forget recorded calls and pending faults."""
        with self._lock:
            self._calls.clear()
            self._faults.clear()
            self._errors.clear()

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
        fault = Fault(method, status, error, retry_after, delay, when)
        with self._lock:
            self._faults.append(_FaultRule(fault, times))
        return fault

    def on(self, method: str, handler: Handler) -> None:
        """Answer ``method`` with ``handler(call)`` instead of the built-in response."""
        with self._lock:
            self._handlers[method] = handler

    def add_user(self, user_id: str, name: str | None = None, **fields: Any) -> None:
        """Register profile data that users.info returns for ``user_id``."""
        with self._lock:
            self._users[user_id] = {
                **self._default_user(user_id),
                **({"name": name} if name else {}),
                **fields,
            }

    # -- request handling ----------------------------------------------

    def _record_error(self, text: str) -> None:
        with self._lock:
            self._errors.append(text)

    def _record(self, call: Call) -> None:
        with self._lock:
            self._calls.append(call)

    def _replace(self, old: Call, new: Call) -> None:
        with self._lock:
            for index in range(len(self._calls) - 1, -1, -1):
                if self._calls[index] is old:
                    self._calls[index] = new
                    return

    def _take_fault(self, method: str, args: Args) -> Fault | None:
        with self._lock:
            for rule in self._faults:
                if rule.matches(method, args):
                    if rule.remaining is not None:
                        rule.remaining -= 1
                        if rule.remaining <= 0:
                            self._faults.remove(rule)
                    return rule.fault
        return None

    def _handle(self, verb: str, raw_path: str, headers: dict[str, str], body: bytes) -> _Reply:
        at = time.monotonic()
        parts = urlsplit(raw_path)
        path = parts.path
        lower_headers = {k.lower(): v for k, v in headers.items()}
        content_type = lower_headers.get("content-type", "")

        if path.startswith("/upload/") and verb == "POST":
            return self._handle_upload(path.removeprefix("/upload/"), content_type, body, at)
        if path.startswith("/response/") and verb == "POST":
            return self._handle_response_url(raw_path, content_type, body, at)
        if not path.startswith("/api/"):
            return 404, {"Content-Type": "text/plain"}, b"not found"

        method = path.removeprefix("/api/")
        args = self._parse_args(parts.query, content_type, body)
        auth = lower_headers.get("authorization", "")
        token = auth[len("Bearer ") :].strip() if auth.startswith("Bearer ") else None

        return self._serve(method, args, token, at, self._answer_api)

    def _serve(
        self, method: str, args: Args, token: str | None, at: float, answer: _Answer
    ) -> _Reply:
        """Apply a pending fault or let ``answer`` respond, recording the call either way."""
        fault = self._take_fault(method, args)
        if fault is not None and (fault.status != 200 or fault.error is not None):
            self._record(Call(method, args, token, at, fault, self._fault_json(fault)))
            self._stopping.wait(fault.delay)
            return self._fault_reply(fault)
        pending = Call(method, args, token, at, fault)
        if fault is not None:
            # Record before sleeping so attempts are countable even if the client gives up.
            self._record(pending)
            self._stopping.wait(fault.delay)
        reply, payload = answer(pending)
        done = replace(pending, response=payload)
        if fault is not None:
            self._replace(pending, done)
        else:
            self._record(done)
        return reply

    def _answer_api(self, call: Call) -> tuple[_Reply, dict[str, Any]]:
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
            for name, filename, payload in _parse_multipart(content_type, body):
                if filename is None:
                    args[name] = payload.decode("utf-8")
                else:
                    args[name] = {"filename": filename, "size": len(payload)}
        elif body:
            args.update(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
        return _decode_json_fields(args)

    @staticmethod
    def _fault_json(fault: Fault) -> dict[str, Any] | None:
        if fault.error is not None:
            return {"ok": False, "error": fault.error}
        if fault.status == 429:
            return {"ok": False, "error": "ratelimited"}
        return None

    def _fault_reply(self, fault: Fault) -> _Reply:
        payload = self._fault_json(fault)
        if payload is not None:
            status, headers, body = _json_response(payload, fault.status)
        else:
            try:
                phrase = HTTPStatus(fault.status).phrase
            except ValueError:
                phrase = "Error"
            status, headers, body = fault.status, {"Content-Type": "text/plain"}, phrase.encode()
        if fault.status == 429 or fault.retry_after is not None:
            headers["Retry-After"] = str(fault.retry_after if fault.retry_after is not None else 1)
        return status, headers, body

    def _handle_upload(self, file_id: str, content_type: str, body: bytes, at: float) -> _Reply:
        size = len(body)
        if content_type.lower().startswith("multipart/form-data"):
            files = [
                p for _, filename, p in _parse_multipart(content_type, body) if filename is not None
            ]
            size = sum(len(p) for p in files) if files else size
        args: Args = {"file_id": file_id, "size": size}

        def answer(call: Call) -> tuple[_Reply, None]:
            with self._lock:
                self._uploads.setdefault(file_id, {})["size"] = size
            return (200, {"Content-Type": "text/plain"}, f"OK - {size}".encode()), None

        return self._serve("upload", args, None, at, answer)

    def _handle_response_url(
        self, raw_path: str, content_type: str, body: bytes, at: float
    ) -> _Reply:
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
        ts = self._new_ts()
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
        return {
            "ok": True,
            "channel": channel,
            "ts": ts,
            "text": call.args.get("text", ""),
            "message": self._message(call.args, str(ts)),
        }

    def _api_chat_postEphemeral(self, call: Call) -> dict[str, Any]:
        if not call.args.get("channel") or not call.args.get("user"):
            return {"ok": False, "error": "user_not_in_channel"}
        return {"ok": True, "message_ts": self._new_ts()}

    def _api_views_open(self, call: Call) -> dict[str, Any]:
        return {"ok": True, "view": self._view(call.args, self._new_id("V"))}

    def _api_views_update(self, call: Call) -> dict[str, Any]:
        view_id = call.args.get("view_id")
        external_id = call.args.get("external_id")
        if not view_id and external_id:
            with self._lock:
                view_id = self._views_by_external_id.setdefault(str(external_id), self._new_id("V"))
        return {"ok": True, "view": self._view(call.args, str(view_id or self._new_id("V")))}

    def _api_views_publish(self, call: Call) -> dict[str, Any]:
        user_id = str(call.args.get("user_id", ""))
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


def _safe(predicate: Callable[[Call], bool], call: Call) -> bool:
    try:
        return bool(predicate(call))
    except Exception:
        return False
