"""`salesbot run | console | migrate`."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from collections.abc import Sequence

from salesbot.bot.config import Config, ConfigError, load_config
from salesbot.storage.db import Database

log = logging.getLogger("salesbot")


def _load(path: str) -> Config | None:
    try:
        return load_config(path)
    except ConfigError as exc:
        print(f"salesbot: the config {path} has problems:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return None


def _wait_for_signal() -> None:
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    stop.wait()


def run_slack(config: Config) -> int:
    """Connect to Slack: Socket Mode with an app token, else HTTP on /slack/events."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    from salesbot.bot.runtime import build_runtime
    from salesbot.bot.slack.app import build_slack_app
    from salesbot.bot.slack.sender import SlackSender, make_client
    from salesbot.bot.web import WebServer, build_web_app

    client = make_client(config.slack.bot_token or "", config.slack.api_url)
    runtime = build_runtime(config, {"slack": SlackSender(client)})
    slack_app = build_slack_app(runtime.svc, config.slack, client)
    socket_mode = config.slack.app_token is not None
    web_app = build_web_app(
        runtime.svc, lambda: runtime.healthy, None if socket_mode else slack_app
    )
    web = WebServer(web_app, config.http.host, config.http.port).start()
    runtime.start()
    socket = None
    if socket_mode:
        socket = SocketModeHandler(slack_app, config.slack.app_token)
        socket.connect()
    mode = "Socket Mode" if socket_mode else f"HTTP mode on {web.url}/slack/events"
    log.info("salesbot is connected to Slack (%s); intake on %s/leads", mode, web.url)
    try:
        _wait_for_signal()
    finally:
        if socket is not None:
            socket.close()
        web.stop()
        runtime.stop()
    return 0


def run_local(config: Config, *, force_console: bool = False) -> int:
    from salesbot.bot.console import run_console

    if not force_console and config.slack.enabled:
        _log_to(stream=sys.stderr)
        return run_slack(config)
    # The chat owns the terminal: logs go to a file instead of between the cards.
    _log_to(filename="salesbot.log")
    return run_console(config, stdin=sys.stdin, stdout=sys.stdout, serve_http=True)


def _log_to(**where: object) -> None:
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", **where
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="salesbot", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    for name, help_text in (
        ("run", "run the bot: Slack if configured, else the console chat"),
        ("console", "run the console chat even if Slack is configured"),
        ("migrate", "bring the database schema up to date and exit"),
    ):
        one = sub.add_parser(name, help=help_text)
        one.add_argument("--config", default="config.yaml", help="default: ./config.yaml")
    args = parser.parse_args(argv)
    config = _load(args.config)
    if config is None:
        return 2
    if args.command == "migrate":
        Database(config.database.url).migrate()
        print(f"schema up to date: {config.database.url}")
        return 0
    return run_local(config, force_console=args.command == "console")


if __name__ == "__main__":
    sys.exit(main())
