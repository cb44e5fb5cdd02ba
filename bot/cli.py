"""`salesbot run | console | migrate | import questions FILE | import leads FILE`."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.engine import make_url

from bot import logs
from bot.config import Config, ConfigError, load_config
from handlers.core.context import Services
from handlers.core.errors import StartupError
from storage.db import SYNC_LOCK, Database

log = logging.getLogger("salesbot")


def _load(path: str) -> Config | None:
    try:
        return load_config(path)
    except ConfigError as exc:
        print(f"salesbot: the config {path} has problems:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return None


def _stop_on_signal() -> threading.Event:
    """An event set by the first SIGTERM or SIGINT; a second one ends the process at once
    (nothing is lost either way: what is owed waits in the database)."""
    stop = threading.Event()

    def handle(signum: int, _frame: object) -> None:
        log.info("%s: stopping", signal.Signals(signum).name)
        stop.set()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, signal.SIG_DFL)

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, handle)
    return stop


def _wait_for_signal(stop: threading.Event) -> None:
    stop.wait()


def _finish(pool: ThreadPoolExecutor, seconds: float) -> None:
    """Let the work handed on after answers finish, for up to `seconds`."""
    waiting = threading.Thread(target=pool.shutdown, name="after-answer-stop", daemon=True)
    waiting.start()
    waiting.join(timeout=max(0.0, seconds))


def run_chat(config: Config) -> int:
    """Connect to Slack and/or WeCom; Slack in Socket Mode with an app token, else HTTP."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    from bot.delivery import Sender
    from bot.runtime import build_runtime
    from bot.slack import home as home_pages
    from bot.slack.app import build_slack_app
    from bot.slack.files import SlackDownloads
    from bot.slack.sender import make_client, outbox_sender
    from bot.web import WebServer, build_web_app
    from bot.wecom import callback as wecom_callback
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
    # Work done after an answer (Slack replies, WeCom callbacks): it finishes at shutdown.
    after_answer = ThreadPoolExecutor(max_workers=32, thread_name_prefix="after-answer")
    slack_app = None
    if client is not None:
        home = home_pages.attach(runtime, client) if config.slack.home_tab else None
        slack_app = build_slack_app(runtime.svc, config.slack, client, after_answer, home)
    wecom_work = wecom_callback.attach(runtime, after_answer) if config.wecom.enabled else None
    socket_mode = slack_app is not None and config.slack.app_token is not None
    web_app = build_web_app(
        runtime.svc,
        lambda: runtime.healthy,
        None if socket_mode else slack_app,
        config.wecom if config.wecom.enabled else None,
        config.slack.signing_secret,
        metrics=runtime.metrics if config.metrics.enabled else None,
        metrics_token=config.metrics.token,
        wecom_work=wecom_work,
    )
    stop = _stop_on_signal()
    web = WebServer(web_app, config.http.host, config.http.port).start()
    runtime.start()
    socket = None
    if socket_mode:
        socket = SocketModeHandler(slack_app, config.slack.app_token)
        socket.connect()
    log.info("salesbot is running on %s; HTTP on %s", ", ".join(senders), web.url)
    try:
        _wait_for_signal(stop)
    finally:
        # Stop taking work, finish what was taken, then send what is due: all within the
        # grace. What is still owed after it stays in the outbox for the next process.
        deadline = time.monotonic() + config.shutdown_grace.total_seconds()
        if socket is not None:
            socket.close()
        web.stop(grace=deadline - time.monotonic())
        _finish(after_answer, deadline - time.monotonic())
        runtime.stop(grace=max(0.0, deadline - time.monotonic()))
        log.info("stopped")
    return 0


def run_local(config: Config, *, force_console: bool = False) -> int:
    from bot.console import run_console

    if not force_console and (config.slack.enabled or config.wecom.enabled):
        _log_to(config, stream=sys.stderr)
        return run_chat(config)
    # The chat owns the terminal: logs go to a file instead of between the cards.
    _log_to(config, filename="salesbot.log")
    return run_console(config, stdin=sys.stdin, stdout=sys.stdout, serve_http=True)


def _log_to(config: Config, **where: object) -> None:
    logs.configure(config.log.level, config.log.format, config.secrets, **where)


@contextmanager
def _offline(config: Config, *, synced: bool = False) -> Iterator[Services]:
    """The handlers' services for a command that runs beside the bot (an import): what it
    queues, the running bot delivers. `synced` brings the teams up to date with config
    first, as the bot does at start-up."""
    from bot.runtime import configured_platforms, team_channels
    from handlers import features
    from handlers.core.clock import SystemClock
    from storage.outbox import Outbox

    db = Database(config.database.url)
    try:
        db.migrate()
        platforms = configured_platforms(config)
        svc = Services(
            config=config,
            db=db,
            clock=SystemClock(),
            outbox=Outbox(platforms, team_channels(config, platforms)),
            registry=features.registry(),
        )
        if synced:
            with db.serialized(SYNC_LOCK) as s:
                for sync in svc.registry.syncs():
                    sync(svc, s)
        yield svc
    finally:
        db.dispose()


def import_questions(config: Config, path: Path) -> int:
    """Add a file's questions to the bank; a bad row is printed with its line, none is added."""
    from handlers.training import importer

    with _offline(config) as svc:
        imported, lines = importer.import_file(svc, path)
    print("\n".join(lines), file=sys.stdout if imported else sys.stderr)
    return 0 if imported else 1


def import_leads(config: Config, path: Path, team: str | None) -> int:
    """Add a file's leads to the rotation in file order; a bad row stops all of them."""
    from bot import lead_import

    team = team or config.teams[0].name
    if config.team(team) is None:
        print(f"salesbot: no team called {team!r} in the config", file=sys.stderr)
        return 2
    with _offline(config, synced=True) as svc:
        imported, lines = lead_import.import_leads(svc, path, team)
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
    leads = kinds.add_parser(
        "leads", help="offer leads from a CSV (header row) or JSON lines file, in file order"
    )
    leads.add_argument("file", help="a .csv or .jsonl file with the fields of POST /leads")
    leads.add_argument("--team", help="the team of rows that name none (default: the first)")
    leads.add_argument("--config", default="config.yaml", help="default: ./config.yaml")
    args = parser.parse_args(argv)
    config = _load(args.config)
    if config is None:
        return 2
    if args.command == "migrate":
        Database(config.database.url).migrate()
        shown = make_url(config.database.url).render_as_string(hide_password=True)
        print(f"schema up to date: {shown}")
        return 0
    if args.command == "import" and args.what == "leads":
        return import_leads(config, Path(args.file), args.team)
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
