"""`salesbot run | console | migrate | import questions FILE`."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

from bot.config import Config, ConfigError, load_config
from handlers.core.errors import StartupError
from storage.db import Database

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


def run_chat(config: Config) -> int:
    """Connect to Slack and/or WeCom; Slack in Socket Mode with an app token, else HTTP."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    from bot.delivery import Sender
    from bot.runtime import build_runtime
    from bot.slack.app import build_slack_app
    from bot.slack.files import SlackDownloads
    from bot.slack.sender import make_client, outbox_sender
    from bot.web import WebServer, build_web_app
    from bot.wecom.client import WeComClient
    from bot.wecom.files import WeComDownloads
    from bot.wecom.sender import WeComSender
    from handlers.core.downloads import Download

    senders: dict[str, Sender] = {}
    downloads: dict[str, Download] = {}
    client = None
    if config.slack.enabled:
        client = make_client(config.slack.bot_token or "", config.slack.api_url)
        senders["slack"] = outbox_sender(config.slack.bot_token or "", config.slack.api_url)
        downloads["slack"] = SlackDownloads(client)
    if config.wecom.enabled:
        wecom = WeComClient(config.wecom)
        senders["wecom"] = WeComSender(wecom)
        downloads["wecom"] = WeComDownloads(wecom)
    runtime = build_runtime(config, senders, downloads=downloads)
    slack_app = build_slack_app(runtime.svc, config.slack, client) if client else None
    socket_mode = slack_app is not None and config.slack.app_token is not None
    web_app = build_web_app(
        runtime.svc,
        lambda: runtime.healthy,
        None if socket_mode else slack_app,
        config.wecom if config.wecom.enabled else None,
        config.slack.signing_secret,
    )
    web = WebServer(web_app, config.http.host, config.http.port).start()
    runtime.start()
    socket = None
    if socket_mode:
        socket = SocketModeHandler(slack_app, config.slack.app_token)
        socket.connect()
    log.info("salesbot is running on %s; HTTP on %s", ", ".join(senders), web.url)
    try:
        _wait_for_signal()
    finally:
        if socket is not None:
            socket.close()
        web.stop()
        runtime.stop()
    return 0


def run_local(config: Config, *, force_console: bool = False) -> int:
    from bot.console import run_console

    if not force_console and (config.slack.enabled or config.wecom.enabled):
        _log_to(stream=sys.stderr)
        return run_chat(config)
    # The chat owns the terminal: logs go to a file instead of between the cards.
    _log_to(filename="salesbot.log")
    return run_console(config, stdin=sys.stdin, stdout=sys.stdout, serve_http=True)


def _log_to(**where: object) -> None:
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", **where
    )


def import_questions(config: Config, path: Path) -> int:
    """Add a file's questions to the bank; a bad row is printed with its line, none is added."""
    from handlers import features
    from handlers.core.clock import SystemClock
    from handlers.core.context import Services
    from handlers.training import importer
    from storage.outbox import Outbox

    db = Database(config.database.url)
    try:
        db.migrate()
        svc = Services(
            config=config,
            db=db,
            clock=SystemClock(),
            outbox=Outbox((), {}),
            registry=features.registry(),
        )
        imported, lines = importer.import_file(svc, path)
    finally:
        db.dispose()
    print("\n".join(lines), file=sys.stdout if imported else sys.stderr)
    return 0 if imported else 1


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="salesbot", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    for name, help_text in (
        ("run", "run the bot: Slack and/or WeCom if configured, else the console chat"),
        ("console", "run the console chat even if a chat platform is configured"),
        ("migrate", "bring the database schema up to date and exit"),
    ):
        one = sub.add_parser(name, help=help_text)
        one.add_argument("--config", default="config.yaml", help="default: ./config.yaml")
    kinds = sub.add_parser("import", help="add data from a file").add_subparsers(
        dest="what", required=True
    )
    questions = kinds.add_parser("questions", help="add quiz questions from a YAML or CSV file")
    questions.add_argument("file", help="a .yaml, .yml or .csv file, e.g. examples/questions.yaml")
    questions.add_argument("--config", default="config.yaml", help="default: ./config.yaml")
    args = parser.parse_args(argv)
    config = _load(args.config)
    if config is None:
        return 2
    if args.command == "migrate":
        Database(config.database.url).migrate()
        print(f"schema up to date: {config.database.url}")
        return 0
    if args.command == "import":
        return import_questions(config, Path(args.file))
    try:
        return run_local(config, force_console=args.command == "console")
    except StartupError as exc:
        print(f"salesbot: cannot start with the config {args.config}:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
