"""Start the bot with the console as its only chat, and run the REPL until the user leaves."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TextIO

from sqlalchemy.engine import make_url

from bot.config import Config
from bot.console.chat import Chat
from bot.console.files import console_download
from bot.console.sender import ConsoleSender
from bot.console.words import Words
from bot.runtime import Runtime, build_runtime
from bot.web import WebServer, build_web_app
from handlers.core.context import Services
from handlers.core.display import duration

WAIT_FOR = 3.0  # seconds at most to wait for the delivery thread after each line


def run_console(
    config: Config,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    serve_http: bool = False,
) -> int:
    """Run the bot in this terminal (stdin/stdout unless given); returns the exit code.

    With `serve_http`, POST /leads and GET /healthz are served too, so a website's
    sign-ups show up in the console chat.
    """
    stdin = stdin if stdin is not None else sys.stdin
    stdout = stdout if stdout is not None else sys.stdout
    sender = ConsoleSender(stdout, config.locale, files_dir=pictures_dir(config))
    runtime = build_runtime(config, {"console": sender}, downloads={"console": console_download})
    web = None
    if serve_http:
        app = build_web_app(runtime.svc, lambda: runtime.healthy)
        web = WebServer(app, config.http.host, config.http.port).start()
    sender.say(banner(runtime.svc, web.url if web else None))
    runtime.start()
    try:
        wait_delivered(runtime)  # what an earlier run left owed, before the first prompt
        Chat(runtime.svc, sender, settle=lambda: wait_delivered(runtime)).run(stdin)
    finally:
        if web is not None:
            web.stop()
        runtime.stop()
    return 0


def banner(svc: Services, http_url: str | None = None) -> str:
    """Where the data lives and what the teams look like, so a trial run is not a mystery."""
    words = Words(svc.config.locale)
    lines = [words("banner"), words("database", url=_safe_url(svc.config.database.url))]
    if http_url is not None:
        lines.append(words("intake", url=http_url))
    for team in svc.config.teams:
        lines.append(
            words(
                "team",
                team=team.name,
                managers=", ".join(m.name for m in team.managers),
                reps=", ".join(r.name for r in team.reps),
                window=duration(svc.t, team.window),
            )
        )
    lines.append(words("type_help"))
    return "\n".join(lines)


def wait_delivered(runtime: Runtime, timeout: float = WAIT_FOR) -> None:
    """Wait until the delivery thread has sent what is owed now, so a line's effects
    print before the next prompt and a piped script never presses an unprinted button.

    Only the delivery thread sends: a second sender here could send a row twice.
    """
    deadline = time.monotonic() + timeout
    runtime.later.drain(timeout)  # what a line started after its answer (a digest) first
    runtime.delivery.wake()
    while runtime.delivery.owed() and time.monotonic() < deadline:
        time.sleep(0.02)


def pictures_dir(config: Config) -> Path:
    """Pictures (a digest's chart) go to the data directory, never the current folder."""
    assert config.data_dir is not None  # the config fills it in
    return config.data_dir / "pictures"


def _safe_url(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # not a URL SQLAlchemy can read: show nothing that may be secret
        return url.split("@")[-1]
