"""Scaffolding shared by the fake chat-platform servers.

``BackgroundServer`` runs a server on an ephemeral localhost port in a daemon
thread (start/stop/context manager/port). ``RecordingServer`` adds the HTTP
plumbing and everything a fake API needs around its answers: the call log
with ``calls()``, ``wait_for()`` and ``dump()``, crash capture in ``errors``,
``reset()``, the fault queue behind each fake's ``fail()``, and ``on()``
handler overrides. A fake subclasses it, names its ``Call`` type and answers
requests in ``_handle``.
"""

from __future__ import annotations

import json
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
from typing import Any, Generic, Protocol, Self, TypeVar

__all__ = [
    "Args",
    "BackgroundServer",
    "RecordedCall",
    "RecordingServer",
    "Reply",
    "parse_multipart",
    "plain_reply",
]

Args = dict[str, Any]
# HTTP status, headers and body of an answer.
Reply = tuple[int, dict[str, str], bytes]


class FaultLike(Protocol):
    """What the fault queue needs of a fake's ``Fault``."""

    @property
    def method(self) -> str: ...

    @property
    def delay(self) -> float: ...

    @property
    def when(self) -> Callable[[Args], bool] | None: ...

    @property
    def answers(self) -> bool:
        """True when the fault replaces the answer (not just delays it)."""
        ...


@dataclass(frozen=True)
class RecordedCall:
    """One request a fake received; each fake subclasses it as its ``Call``."""

    method: str
    args: Args
    token: str | None
    at: float
    fault: Any = None
    response: dict[str, Any] | None = None
    # time.time() on arrival, to compare with times a bot writes down
    wall: float = field(default_factory=time.time, compare=False)

    def describe(self, origin: float | None = None) -> str:
        """One line for failure dumps."""
        when = f"+{self.at - origin:.3f}s " if origin is not None else ""
        fault = f" FAULT[{self.fault}]" if self.fault else ""
        args = json.dumps(self.args, ensure_ascii=False, default=repr)
        if len(args) > 400:
            args = args[:400] + "…"
        return f"{when}{self.method} token={self.token!r}{fault} args={args}{self._outcome()}"

    def _outcome(self) -> str:
        """What ``describe`` appends after the args."""
        return ""


C = TypeVar("C", bound=RecordedCall)
F = TypeVar("F", bound=FaultLike)


@dataclass
class _FaultRule(Generic[F]):
    fault: F
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


def parse_multipart(content_type: str, body: bytes) -> list[tuple[str, str | None, bytes]]:
    """Return (field name, filename, payload) for each part of a multipart body."""
    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + body
    )
    return [
        (
            part.get_param("name", header="content-disposition") or "",
            part.get_filename(),
            part.get_payload(decode=True) or b"",
        )
        for part in message.iter_parts()
    ]


def plain_reply(status: int, content_type: str) -> Reply:
    """An HTTP error answered with its reason phrase as the body."""
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "Error"
    return status, {"Content-Type": content_type}, phrase.encode()


class BackgroundServer:
    """A server on an ephemeral 127.0.0.1 port, served from a daemon thread.

    Subclasses bind in ``_listen`` (the server must have a ``socket``) and may
    change how it is served and shut down.
    """

    thread_name = "fake-server"

    def __init__(self) -> None:
        self._server: Any = None
        self._thread: threading.Thread | None = None

    def _listen(self) -> Any:
        raise NotImplementedError

    def _serve_forever(self, server: Any) -> None:
        server.serve_forever()

    def _shutdown(self, server: Any) -> None:
        server.shutdown()

    def start(self) -> Self:
        """Serve on an ephemeral localhost port in a daemon thread."""
        if self._server is not None:
            return self
        self._server = server = self._listen()
        self._thread = threading.Thread(
            target=self._serve_forever, args=(server,), name=self.thread_name, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving (see ``_shutdown``) and wait for the serving thread."""
        server, thread = self._server, self._thread
        if server is None:
            return
        self._shutdown(server)
        if thread is not None:
            thread.join(timeout=5)
        self._server = self._thread = None

    def __enter__(self) -> Self:
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
            raise RuntimeError(f"{type(self).__name__} is not started")
        return int(self._server.socket.getsockname()[1])


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(self, fake: RecordingServer[Any, Any]) -> None:
        self.fake = fake
        super().__init__(("127.0.0.1", 0), _RequestHandler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients that time out on purpose drop the socket; stay quiet.
        return


class _RequestHandler(BaseHTTPRequestHandler):
    server: _HTTPServer
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
            status, headers, body = 500, {"Content-Type": "text/plain"}, fake.crash_body
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


class RecordingServer(BackgroundServer, Generic[C, F]):
    """An HTTP fake that records every call and can be told to fail.

    A subclass sets ``call_type`` (its ``Call``), ``thread_name`` and
    ``crash_body`` (the answer when ``_handle`` raises), answers requests in
    ``_handle``, usually through ``_serve``, and says how a fault that answers
    in place of the API is shaped (``_fault_payload``, ``_fault_reply``).
    """

    call_type: type[C]
    crash_body = b"fake server crashed"

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.RLock()
        self._calls: list[C] = []
        self._faults: list[_FaultRule[F]] = []
        self._errors: list[str] = []
        self._handlers: dict[str, Callable[[C], dict[str, Any]]] = {}
        self._listeners: list[Callable[[C], None]] = []
        self._origin = time.monotonic()
        self._stopping = threading.Event()

    # -- lifecycle -----------------------------------------------------

    def _listen(self) -> _HTTPServer:
        self._stopping.clear()
        return _HTTPServer(self)

    def _serve_forever(self, server: _HTTPServer) -> None:
        server.serve_forever(poll_interval=0.05)

    def _shutdown(self, server: _HTTPServer) -> None:
        # Requests still sleeping in a delay fault are cut short.
        self._stopping.set()
        server.shutdown()
        server.server_close()

    # -- inspection ----------------------------------------------------

    def calls(self, method: str | None = None) -> list[C]:
        """Recorded calls in arrival order, optionally for one method."""
        with self._lock:
            return [c for c in self._calls if method is None or c.method == method]

    def wait_for(
        self,
        method: str,
        predicate: Callable[[C], bool] = lambda c: True,
        timeout: float = 5.0,
        count: int = 1,
    ) -> list[C]:
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

    def listen(self, listener: Callable[[C], None]) -> None:
        """Call ``listener(call)`` with each call as it is recorded (on the server's thread)."""
        with self._lock:
            self._listeners.append(listener)

    def on(self, method: str, handler: Callable[[C], dict[str, Any]]) -> None:
        """Answer ``method`` with ``handler(call)`` instead of the built-in response."""
        with self._lock:
            self._handlers[method] = handler

    def _add_fault(self, fault: F, times: int | None) -> F:
        """Queue ``fault`` for the next ``times`` matching calls (None: forever)."""
        with self._lock:
            self._faults.append(_FaultRule(fault, times))
        return fault

    # -- request handling ----------------------------------------------

    def _handle(self, verb: str, raw_path: str, headers: dict[str, str], body: bytes) -> Reply:
        """Answer one HTTP request."""
        raise NotImplementedError

    def _fault_payload(self, fault: F) -> dict[str, Any] | None:
        """The JSON a fault answers with, or None for a plain body."""
        raise NotImplementedError

    def _fault_reply(self, fault: F, payload: dict[str, Any] | None) -> Reply:
        """The HTTP answer of a fault whose JSON is ``payload``."""
        raise NotImplementedError

    def _serve(
        self,
        method: str,
        args: Args,
        token: str | None,
        at: float,
        answer: Callable[[C], tuple[Reply, dict[str, Any] | None]],
    ) -> Reply:
        """Apply a pending fault or let ``answer`` respond, recording the call either way."""
        fault = self._take_fault(method, args)
        if fault is not None and fault.answers:
            payload = self._fault_payload(fault)
            self._record(self.call_type(method, args, token, at, fault, payload))
            self._stopping.wait(fault.delay)
            return self._fault_reply(fault, payload)
        pending = self.call_type(method, args, token, at, fault)
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

    def _record_error(self, text: str) -> None:
        with self._lock:
            self._errors.append(text)

    def _record(self, call: C) -> None:
        with self._lock:
            self._calls.append(call)
            listeners = list(self._listeners)
        for listener in listeners:
            listener(call)

    def _replace(self, old: C, new: C) -> None:
        with self._lock:
            for index in range(len(self._calls) - 1, -1, -1):
                if self._calls[index] is old:
                    self._calls[index] = new
                    return

    def _take_fault(self, method: str, args: Args) -> F | None:
        with self._lock:
            for rule in self._faults:
                if rule.matches(method, args):
                    if rule.remaining is not None:
                        rule.remaining -= 1
                        if rule.remaining <= 0:
                            self._faults.remove(rule)
                    return rule.fault
        return None


def _safe(predicate: Callable[[Any], bool], call: Any) -> bool:
    try:
        return bool(predicate(call))
    except Exception:
        return False
