"""The one HTTP app: /slack/events, /wecom/callback, /leads, /files/<id>, /healthz; served
by waitress."""

from __future__ import annotations

import hmac
import logging
import select
import threading
import time
from collections.abc import Callable

from flask import Flask, Response, g, jsonify, request, send_file
from prometheus_client import CONTENT_TYPE_LATEST
from slack_bolt import App
from slack_bolt.adapter.flask import SlackRequestHandler
from waitress import wasyncore
from waitress.server import create_server

from bot import files, intake
from bot.config import WeComConfig
from bot.metrics import Metrics
from bot.slack import gate
from bot.wecom import callback as wecom_callback
from handlers.core.context import Services


def build_web_app(
    svc: Services,
    healthy: Callable[[], bool],
    slack_app: App | None = None,
    wecom: WeComConfig | None = None,
    slack_secret: str | None = None,
    metrics: Metrics | None = None,
    metrics_token: str | None = None,
    wecom_work: wecom_callback.CallbackWork | None = None,
) -> Flask:
    """The HTTP endpoints; `slack_app` (HTTP mode) needs the `slack_secret` it signs with.
    With `metrics`, GET /metrics (behind `metrics_token` if given) and every request counted.
    WeCom's work after each answer is `wecom_work`'s if given."""
    web = Flask("salesbot")
    if metrics is not None:
        _serve_metrics(web, metrics, metrics_token)
    if wecom is not None:
        wecom_callback.register(web, svc, wecom, wecom_work)
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


def _serve_metrics(web: Flask, metrics: Metrics, token: str | None) -> None:
    @web.before_request
    def started() -> None:
        g.started = time.perf_counter()

    @web.after_request
    def answered(response: Response) -> Response:
        endpoint = request.url_rule.rule if request.url_rule is not None else "unknown"
        started = g.get("started", time.perf_counter())  # set unless a hook before failed
        metrics.request_done(endpoint, request.method, response.status_code, started)
        return response

    @web.get("/metrics")
    def scrape() -> Response | tuple[Response, int]:
        given = (request.headers.get("Authorization") or "").removeprefix("Bearer ").strip()
        if token is not None and not hmac.compare_digest(given.encode(), token.encode()):
            return jsonify(error="missing or wrong bearer token"), 401
        return Response(metrics.exposition(), content_type=CONTENT_TYPE_LATEST)


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

    def stop(self, grace: float = 0.0) -> None:
        """Stop listening, answer the requests already in (for up to `grace` seconds), then
        close every connection and end the loop.

        Connections the kernel holds that waitress has not taken yet are taken first, so a
        client (a proxy) that sent its request before the stop gets its answer; a kept-alive
        connection is closed as soon as it has nothing in flight.
        """
        self._stopping = True
        self._in_loop(self._stop_listening)
        deadline = time.monotonic() + grace
        while self._in_loop(self._close_idle) and time.monotonic() < deadline:
            time.sleep(0.02)
        self._in_loop(self._close_all)
        self._thread.join(timeout=5)
        self.server.task_dispatcher.shutdown()

    def _in_loop(self, work: Callable[[], int | None]) -> int | None:
        """Run `work` in the loop's thread (waitress's trigger) and return what it returns."""
        done = threading.Event()
        result: list[int | None] = []

        def run() -> None:
            try:
                result.append(work())
            finally:
                done.set()

        self.server.trigger.pull_trigger(run)
        done.wait(timeout=5)
        return result[0] if result else None

    def _stop_listening(self) -> None:
        server = self.server
        while server.socket is not None and _readable([server.socket]):
            server.handle_accept()
        server.accepting = False
        wasyncore.dispatcher.close(server)  # the listening socket only: the loop goes on

    def _close_idle(self) -> int:
        """Close the connections with nothing in flight; how many are left."""
        left = 0
        for channel in list(self.server.active_channels.values()):
            busy = channel.requests or channel.request is not None or channel.total_outbufs_len
            if busy or (channel.socket is not None and _readable([channel.socket])):
                left += 1  # a request in flight, an answer to send, or bytes on their way in
            else:
                channel.close()
        return left

    def _close_all(self) -> None:
        for channel in list(self.server._map.values()):
            if channel is not self.server.trigger:
                channel.close()
        self.server.trigger.close()  # the map is empty: the loop ends


def _readable(sockets: list[object]) -> bool:
    poller = select.poll()
    for sock in sockets:
        poller.register(sock, select.POLLIN)
    return bool(poller.poll(0))
