"""What both benchmarks share: a throwaway database, the bot as a child process, a fake
Slack that notes wall-clock arrival times, and percentiles."""

from __future__ import annotations

import http.client
import math
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests
import yaml
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.fakes.slack_api import Call, FakeSlack
from tests.fakes.slack_requests import SlackSender

SIGNING_SECRET = "bench-signing-secret"
INTAKE_TOKEN = "bench-intake-token"
BOT_TOKEN = "xoxb-bench"
MANAGER_CHANNEL = "C0MGRS"
PG_EXAMPLE = "postgresql://postgres@127.0.0.1:5432/test"


def add_database_argument(parser: Any) -> None:
    parser.add_argument(
        "--database-url",
        default=None,
        help=(
            "default: a fresh SQLite file in a temp dir. A PostgreSQL URL names a server: "
            f"a new database is made there for the run and dropped after (e.g. {PG_EXAMPLE})"
        ),
    )


@contextmanager
def workdir() -> Iterator[Path]:
    """A temp dir for the config, logs and SQLite files; removed at the end."""
    path = Path(tempfile.mkdtemp(prefix="salesbot-bench-"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def _psycopg(url: str) -> str:
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def is_postgres(url: str | None) -> bool:
    return url is not None and _psycopg(url).startswith("postgresql")


@contextmanager
def scratch_database(server_url: str | None, tmp: Path, label: str) -> Iterator[str]:
    """A new, empty database of the kind `server_url` names; dropped afterwards.

    For PostgreSQL only the database made here is ever dropped, nothing else on the server.
    """
    if server_url is None:
        yield f"sqlite:///{tmp / f'{label}.db'}"
        return
    if server_url.startswith("sqlite"):
        if label != "bot":  # the scratch copy lives in the temp dir
            yield f"sqlite:///{tmp / f'{label}.db'}"
            return
        path = make_url(server_url).database
        if not path or path == ":memory:" or Path(path).exists():
            raise SystemExit(f"{server_url}: give a SQLite file that does not exist yet")
        yield server_url
        return
    base = make_url(_psycopg(server_url))
    name = f"salesbot_bench_{label}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield base.set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


class NoChat:
    """For a runtime built in-process: nothing is delivered, messages wait in the outbox."""

    platform = "slack"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def analyze(db: Any, tables: tuple[str, ...]) -> None:
    """After rows were inserted with their ids: move PostgreSQL's id sequences past them,
    and let the planner see the new sizes (on either database)."""
    with db.engine.begin() as conn:
        if not db.is_postgres:
            conn.exec_driver_sql("ANALYZE")
            return
        for table in tables:
            conn.exec_driver_sql(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
            conn.exec_driver_sql(f"ANALYZE {table}")


def header(call: Call) -> str | None:
    """The card title, which names the lead's company: how calls are matched to leads."""
    blocks = call.args.get("blocks")
    if isinstance(blocks, list) and blocks and blocks[0].get("type") == "header":
        return str(blocks[0]["text"]["text"])
    return None


def button(call: Call, label: str) -> tuple[str, str]:
    """The action id and value of the card's button with this label, as Slack sends them."""
    for block in call.args["blocks"]:
        for element in block.get("elements", []):
            if element.get("type") == "button" and element["text"]["text"] == label:
                return str(element["action_id"]), str(element["value"])
    raise LookupError(f"no {label} button on {header(call)!r}")


class TimedSlack(FakeSlack):
    """FakeSlack whose calls are indexed by (method, card title) as they land, with their
    arrival by `time.time()` (so times compare with the database), so waiting for one
    lead's card does not rescan every call recorded so far.
    """

    def __init__(self) -> None:
        super().__init__()
        self._seen = threading.Condition()
        self.by_title: dict[tuple[str, str], list[tuple[float, Call]]] = defaultdict(list)
        self.by_text: dict[tuple[str, str], int] = defaultdict(int)
        self.titled_calls: dict[str, int] = defaultdict(int)
        self.listen(self._index)

    def _index(self, call: Call) -> None:
        wall = call.wall
        title = header(call)
        with self._seen:
            if title is not None:
                self.by_title[(call.method, title)].append((wall, call))
                self.titled_calls[call.method] += 1
            else:
                self.by_text[(call.method, str(call.args.get("text", "")))] += 1
            self._seen.notify_all()

    def wait(self, ready: Callable[[], bool], timeout: float) -> bool:
        """Block until `ready()` (checked under the index lock) or the timeout."""
        with self._seen:
            return self._seen.wait_for(ready, timeout=timeout)

    def titled(self, method: str, title: str) -> list[tuple[float, Call]]:
        with self._seen:
            return list(self.by_title.get((method, title), []))

    def count_titles(self, method: str, prefix: str) -> int:
        with self._seen:
            return sum(
                len(v)
                for (m, t), v in self.by_title.items()
                if m == method and t.startswith(prefix)
            )


def wait_card(slack: TimedSlack, company: str, timeout: float = 15) -> Call:
    """The lead's DM card ("New lead: <company>") once it has reached the fake Slack."""
    title = f"New lead: {company}"
    if not slack.wait(lambda: bool(slack.by_title.get(("chat.postMessage", title))), timeout):
        raise RuntimeError(f"no DM card for {company} within {timeout:.0f} s")
    [(_, card)] = slack.titled("chat.postMessage", title)
    return card


def claim_clicks(sender: SlackSender, card: Call, n: int) -> list[Callable[[], Any]]:
    """`n` Claim clicks from the card's rep on the card, each the `block_actions` payload
    Slack would post (the card's own blocks included), built and signed now, sent later
    with `timed_post`."""
    channel, ts = str(card.response["channel"]), str(card.response["ts"])
    action_id, value = button(card, "Claim")
    payloads = (
        sender.click_payload(
            channel.removeprefix("D"),
            action_id,
            value,
            channel_id=channel,
            message_ts=ts,
            message_text=str(card.args.get("text", "")),
            message_blocks=card.args["blocks"],
            button_text="Claim",
        )
        for _ in range(n)
    )
    return [partial(timed_post, sender.url, *sender.signed_payload(p)) for p in payloads]


def free_port() -> int:
    """A port nothing listens on now; the bot binds it a moment later."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def bot_config(database_url: str, slack_url: str, window: str, reps: int) -> dict[str, Any]:
    """A config for `salesbot run`: HTTP mode on a free port, one team, big capacities."""
    return {
        "database": {"url": database_url},
        "http": {"host": "127.0.0.1", "port": free_port()},
        "intake": {"token": INTAKE_TOKEN},
        "slack": {"bot_token": BOT_TOKEN, "signing_secret": SIGNING_SECRET, "api_url": slack_url},
        "teams": [
            {
                "name": "sales",
                "window": window,
                "manager_channel": MANAGER_CHANNEL,
                "managers": [{"name": "Maria", "slack": "U0MARIA"}],
                "reps": [
                    {"name": f"Rep{i}", "slack": f"U0REP{i}", "capacity": 10_000}
                    for i in range(reps)
                ],
            }
        ],
    }


class BotProcess:
    """`salesbot run --config X` as a child process, its log kept in the work dir."""

    def __init__(self, config: dict[str, Any], tmp: Path):
        self.config_path = tmp / "config.yaml"
        self.config_path.write_text(yaml.safe_dump(config), encoding="utf-8")
        self.log_path = tmp / "bot.log"
        self.proc: subprocess.Popen[bytes] | None = None
        http = config["http"]
        self.url = f"http://{http['host']}:{http['port']}"
        self._log = ""

    def start(self, timeout: float = 60.0) -> BotProcess:
        script = Path(sys.executable).with_name("salesbot")
        cmd = [str(script)] if script.exists() else [sys.executable, "-m", "bot.cli"]
        with self.log_path.open("wb") as log:
            self.proc = subprocess.Popen(
                [*cmd, "run", "--config", str(self.config_path)],
                stdout=log,
                stderr=subprocess.STDOUT,
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the bot exited with {self.proc.returncode}:\n{self.tail()}")
            with suppress(requests.RequestException):
                if requests.get(f"{self.url}/healthz", timeout=2).status_code == 200:
                    return self
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"the bot did not come up within {timeout}s:\n{self.tail()}")

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def status_kb(self, field: str) -> int | None:
        """A figure from /proc/<pid>/status in kB, e.g. VmHWM (peak resident set)."""
        try:
            for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
                if line.startswith(field + ":"):
                    return int(line.split()[1])
        except OSError:
            return None
        return None

    def cpu_seconds(self) -> float | None:
        """User + system CPU the bot has used so far (/proc/<pid>/stat)."""
        try:
            fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def log(self) -> str:
        """The log so far; once the work dir is gone, the last copy read (stop() reads one)."""
        with suppress(OSError):
            self._log = self.log_path.read_text(encoding="utf-8", errors="replace")
        return self._log

    def tail(self, lines: int = 40) -> str:
        return "\n".join(self.log().splitlines()[-lines:])

    def problems(self) -> list[str]:
        """WARNING/ERROR lines and tracebacks the bot logged."""
        return [
            line
            for line in self.log().splitlines()
            if " WARNING " in line or " ERROR " in line or line.startswith("Traceback")
        ]

    def stop(self, timeout: float = 30.0) -> None:
        """SIGTERM (the bot's clean shutdown), SIGKILL if it hangs; only this child's pid."""
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)
        self.log()


def lead_session(pool: int = 32) -> requests.Session:
    session = requests.Session()
    adapter = requests.adapters.HTTPAdapter(pool_connections=2, pool_maxsize=pool)
    session.mount("http://", adapter)
    return session


def post_lead(session: requests.Session, bot_url: str, company: str) -> int:
    """POST /leads as the website does; returns the new lead's id."""
    answer = session.post(
        f"{bot_url}/leads",
        json={"company": company, "source": "bench"},
        headers={"Authorization": f"Bearer {INTAKE_TOKEN}"},
        timeout=30,
    )
    if answer.status_code != 201:
        raise RuntimeError(f"POST /leads answered {answer.status_code}: {answer.text}")
    return int(answer.json()["id"])


def timed_post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, str, float]:
    """POST a ready-made request on a new connection: (status, text, seconds from connecting
    to the whole answer read). Nothing of the request is built inside the timing."""
    parts = urlsplit(url)
    started = time.perf_counter()
    conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=60)
    try:
        conn.request("POST", parts.path, body, headers)
        response = conn.getresponse()
        text = response.read().decode("utf-8", "replace")
    finally:
        conn.close()
    return response.status, text, time.perf_counter() - started


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile: a value that was actually measured."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def describe_url(url: str | None) -> str:
    if url is None:
        return "SQLite (fresh file in a temp dir)"
    return make_url(_psycopg(url)).render_as_string(hide_password=True)


def print_load(when: str) -> None:
    """The host's load average: other work on a small machine skews every figure here."""
    one, five, _ = os.getloadavg()
    print(f"host load {when}: {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} CPUs")


def print_problems(bot: BotProcess, limit: int = 10) -> None:
    problems = bot.problems()
    print(f"bot log warnings/errors: {len(problems)}")
    for line in problems[:limit]:
        print(f"  {line[:300]}")
