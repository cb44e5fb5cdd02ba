"""A fake Slack Socket Mode endpoint: a real WebSocket server on localhost.

Slack's Socket Mode works like this: the app calls ``apps.connections.open``
with its app-level token (``xapp-...``) and gets a one-off WebSocket URL; it
connects there, Slack greets it with a ``hello`` message, then pushes
envelopes (``slash_commands``, ``interactive``, ``events_api``) which the app
acknowledges by sending ``{"envelope_id": ..., "payload": ...}`` back. This
fake plays Slack's side so the production client stack (slack_sdk's Socket
Mode client under Bolt's ``SocketModeHandler``) runs unchanged, with no
public URL anywhere.
"""

from __future__ import annotations

import json
import secrets
import threading
from typing import Any

from websockets.exceptions import ConnectionClosed
from websockets.frames import CloseCode
from websockets.sync.server import Server, ServerConnection, serve

from tests.fakes.recording_server import BackgroundServer
from tests.fakes.slack_api import APP_ID, Call, FakeSlack

__all__ = ["FakeSocketMode"]

ENVELOPE_TYPES = frozenset({"slash_commands", "interactive", "events_api"})


class FakeSocketMode(BackgroundServer):
    """Slack's Socket Mode WebSocket endpoint on 127.0.0.1, served from a thread.

    ``attach(slack)`` makes ``apps.connections.open`` on the fake Web API hand
    out this server's ``ws://`` URL. Every client that connects is greeted
    with ``hello``; ``send_envelope`` pushes to the newest one and
    ``wait_ack`` returns what it answered.
    """

    thread_name = "fake-slack-socket"

    def __init__(self, app_id: str = APP_ID) -> None:
        super().__init__()
        self.app_id = app_id
        self._cond = threading.Condition()
        self._connections: list[ServerConnection] = []
        self._acks: dict[str, dict[str, Any]] = {}
        self._received: list[Any] = []
        self._opened: list[str] = []

    # -- lifecycle -----------------------------------------------------

    def _listen(self) -> Server:
        # Short close timeout: the SDK client drops the TCP connection on a close
        # frame without answering it, and shutdown should not wait the default 10 s.
        return serve(self._serve_connection, "127.0.0.1", 0, close_timeout=1)

    def _shutdown(self, server: Server) -> None:
        """Close every connection (code 1001, as Slack does on a restart) and stop listening."""
        with self._cond:
            connections = list(self._connections)
        # Closed here: shutdown() in older websockets releases leaves them open.
        for connection in connections:
            connection.close(CloseCode.GOING_AWAY)
        server.shutdown()

    def new_url(self) -> str:
        """A fresh connection URL, shaped like Slack's ``wss://.../link/?ticket=...``."""
        ticket = secrets.token_hex(16)
        url = f"ws://127.0.0.1:{self.port}/link/?ticket={ticket}&app_id={self.app_id}"
        with self._cond:
            self._opened.append(url)
        return url

    def attach(self, slack: FakeSlack) -> None:
        """Answer ``apps.connections.open`` on ``slack`` with a URL of this server."""
        slack.on("apps.connections.open", self._connections_open)

    def _connections_open(self, call: Call) -> dict[str, Any]:
        return {"ok": True, "url": self.new_url()}

    # -- talking to the client -----------------------------------------

    @property
    def connection_count(self) -> int:
        """How many clients are connected right now."""
        with self._cond:
            return len(self._connections)

    def wait_connected(self, count: int = 1, timeout: float = 5.0) -> None:
        """Block until ``count`` clients are connected (and have been sent ``hello``)."""
        with self._cond:
            if not self._cond.wait_for(lambda: len(self._connections) >= count, timeout):
                raise AssertionError(
                    f"timed out after {timeout}s waiting for {count} Socket Mode connection(s); "
                    f"{len(self._connections)} connected, URLs handed out: {self._opened}"
                )

    def send_envelope(
        self,
        type: str,
        payload: dict[str, Any],
        *,
        accepts_response_payload: bool = False,
        retry_attempt: int | None = None,
        retry_reason: str | None = None,
        timeout: float = 5.0,
    ) -> str:
        """Push one envelope to the newest connected client; return its ``envelope_id``."""
        if type not in ENVELOPE_TYPES:
            raise ValueError(f"unknown envelope type {type!r}; Slack sends {ENVELOPE_TYPES}")
        envelope_id = f"{secrets.token_hex(4)}-{secrets.token_hex(2)}-{secrets.token_hex(6)}"
        envelope: dict[str, Any] = {
            "envelope_id": envelope_id,
            "payload": payload,
            "type": type,
            "accepts_response_payload": accepts_response_payload,
        }
        if type == "events_api":
            envelope["retry_attempt"] = retry_attempt or 0
            envelope["retry_reason"] = retry_reason or ""
        self.wait_connected(timeout=timeout)
        with self._cond:
            connection = self._connections[-1]
        connection.send(json.dumps(envelope))
        return envelope_id

    def wait_ack(self, envelope_id: str, timeout: float = 5.0) -> dict[str, Any]:
        """The client's acknowledgement of ``envelope_id``: the envelope id and any ``payload``."""
        with self._cond:
            if not self._cond.wait_for(lambda: envelope_id in self._acks, timeout):
                raise AssertionError(
                    f"timed out after {timeout}s waiting for the ack of {envelope_id}; "
                    f"received from clients: {self._received}"
                )
            return self._acks[envelope_id]

    @property
    def received(self) -> list[Any]:
        """Every message clients sent, decoded from JSON where possible, in arrival order."""
        with self._cond:
            return list(self._received)

    # -- server side ---------------------------------------------------

    def _hello(self, connections: int) -> str:
        return json.dumps(
            {
                "type": "hello",
                "num_connections": connections,
                "debug_info": {
                    "host": "applink-fake",
                    "build_number": 1,
                    "approximate_connection_time": 3600,
                },
                "connection_info": {"app_id": self.app_id},
            }
        )

    def _serve_connection(self, connection: ServerConnection) -> None:
        try:
            with self._cond:
                count = len(self._connections) + 1
            connection.send(self._hello(count))
        except ConnectionClosed:
            return
        # Envelopes go only to greeted clients: `hello` always comes first, as on Slack.
        with self._cond:
            self._connections.append(connection)
            self._cond.notify_all()
        try:
            for raw in connection:
                self._record(raw)
        except ConnectionClosed:
            pass
        finally:
            with self._cond:
                self._connections.remove(connection)
                self._cond.notify_all()

    def _record(self, raw: str | bytes) -> None:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        try:
            message: Any = json.loads(text)
        except ValueError:
            message = text
        with self._cond:
            self._received.append(message)
            if isinstance(message, dict) and "envelope_id" in message:
                self._acks[str(message["envelope_id"])] = message
            self._cond.notify_all()
