"""The one HTTP app: /slack/events, /wecom/callback, /leads, /files/<id>, /healthz; served
by waitress."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from flask import Flask, Response, jsonify, request, send_file
from slack_bolt import App
from slack_bolt.adapter.flask import SlackRequestHandler
from waitress.server import create_server

from bot import files, intake
from bot.config import WeComConfig
from bot.slack import gate
from bot.wecom import callback as wecom_callback
from handlers.core.context import Services


def build_web_app(
    svc: Services,
    healthy: Callable[[], bool],
    slack_app: App | None = None,
    wecom: WeComConfig | None = None,
    slack_secret: str | None = None,
) -> Flask:
    """The HTTP endpoints; `slack_app` (HTTP mode) needs the `slack_secret` it signs with."""
    web = Flask("salesbot")
    if wecom is not None:
        wecom_callback.register(web, svc, wecom)
    slack_handler = SlackRequestHandler(slack_app) if slack_app is not None else None

    @web.post("/slack/events")
    def slack_events() -> Response | tuple[Response, int]:
        if slack_handler is None or slack_secret is None:
            return jsonify(error="Slack is not configured in HTTP mode"), 404
        refused = gate.refuse(slack_secret, request.get_data(cache=True), request.headers)
        if refused is not None:
            status, why = refused
            return jsonify(error=why), status
        return slack_handler.handle(request)

    @web.post("/leads")
    def leads() -> tuple[Response, int]:
        body = request.stream.read(intake.MAX_BODY + 1)
        status, answer = intake.accept_lead(svc, request.headers.get("Authorization"), body)
        return jsonify(answer), status

    @web.get("/files/<int:file_id>")
    def stored_file(file_id: int) -> Response | tuple[Response, int]:
        """A file in the local store, at a link that expires (signed like a presigned URL):
        a bad or expired signature gets 403 and no file."""
        found = files.signed_file(
            svc, file_id, request.args.get("exp", ""), request.args.get("sig", "")
        )
        if isinstance(found, int):
            return jsonify(error=files.WHY[found]), found
        response = send_file(
            found.content,
            mimetype=found.mimetype,
            as_attachment=not found.inline,
            download_name=found.name,
            conditional=False,
            max_age=0,
        )
        # what the store holds was shared by someone: never let a browser run it as a page
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Content-Security-Policy"] = "sandbox"
        response.headers["Cache-Control"] = "private, no-store"
        return response

    @web.get("/healthz")
    def healthz() -> tuple[Response, int]:
        if healthy():
            return jsonify(status="ok"), 200
        return jsonify(status="unavailable"), 503

    return web


class WebServer:
    """waitress in a background thread; port 0 picks a free port (tests, benchmarks).

    Requests only decide (database work, no chat calls: those run after the answer), so
    a few threads serve a burst best: under the GIL, 35 threads serving 35 clicks at once
    took 70% more CPU per click and answered the last one later than 8 threads did.
    """

    def __init__(self, app: Flask, host: str, port: int, threads: int = 8):
        self.server = create_server(
            app,
            host=host,
            port=port,
            threads=threads,
            backlog=1024,
            connection_limit=1000,
            # waitress's own loop settings: a shorter loop timeout (for a quicker stop)
            # measured as twice the CPU per request under bursts of clicks.
        )
        # A burst of clicks waits its turn for a thread by design; waitress would log one
        # warning per waiting request.
        logging.getLogger("waitress.queue").setLevel(logging.ERROR)
        self._stopping = False
        self._thread = threading.Thread(target=self._serve, name="http", daemon=True)

    @property
    def url(self) -> str:
        return f"http://{self.server.effective_host}:{self.server.effective_port}"

    def start(self) -> WebServer:
        self._thread.start()
        return self

    def _serve(self) -> None:
        try:
            self.server.run()
        except OSError:
            if not self._stopping:
                raise  # a closed socket under the loop is expected only while stopping

    def stop(self) -> None:
        """Let the requests being served finish, then stop listening and drop idle
        keep-alive connections, so the loop can end. (A request finishing after the close
        would wake the loop through a closed pipe: EBADF in the log.)"""
        self._stopping = True
        self.server.task_dispatcher.shutdown(timeout=5)
        self.server.close()
        for channel in list(self.server._map.values()):
            channel.close()
        self._thread.join(timeout=5)
