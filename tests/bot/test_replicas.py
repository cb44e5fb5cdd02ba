"""Several replicas on one PostgreSQL database, started at the same moment: every one comes
up (migrations and the config's roster sync included), and a lead is offered once."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
import yaml

from tests.bot.test_restart import free_port
from tests.fakes.slack_api import FakeSlack

REPLICAS = 3


def config_for(database_url: str, port: int, slack_url: str) -> dict:
    return {
        "database": {"url": database_url},
        "http": {"host": "127.0.0.1", "port": port},
        "intake": {"token": "t0ken"},
        "slack": {"bot_token": "xoxb-test", "signing_secret": "s3cret", "api_url": slack_url},
        "teams": [
            {
                "name": "sales",
                "window": "1m",
                "manager_channel": "C0MGRS",
                "managers": ["U0MARIA"],
                "reps": [
                    {"name": "Alice", "slack": "U0ALICE", "start_date": "2026-01-05"},
                    {"name": "Bob", "slack": "U0BOB"},
                ],
            },
            {"name": "east", "managers": ["U0MARK"], "reps": [{"name": "Dan", "slack": "U0DAN"}]},
        ],
    }


def healthy(port: int) -> bool:
    try:
        return requests.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200
    except requests.ConnectionError:
        return False


def test_replicas_started_together_all_come_up_and_offer_a_lead_once(
    database_url: str, tmp_path: Path
) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("replicas share a PostgreSQL database")
    ports = [free_port() for _ in range(REPLICAS)]
    with FakeSlack() as slack:
        procs = []
        for i, port in enumerate(ports):
            path = tmp_path / f"replica-{i}.yaml"
            path.write_text(yaml.safe_dump(config_for(database_url, port, slack.url)))
            log = (tmp_path / f"replica-{i}.log").open("wb")
            procs.append(
                (
                    subprocess.Popen(
                        [sys.executable, "-m", "bot.cli", "run", "--config", str(path)],
                        stdout=log,
                        stderr=subprocess.STDOUT,
                        stdin=subprocess.DEVNULL,
                    ),
                    tmp_path / f"replica-{i}.log",
                )
            )
        try:
            deadline = time.monotonic() + 60
            while not all(healthy(p) for p in ports) and time.monotonic() < deadline:
                for proc, log in procs:
                    assert proc.poll() is None, log.read_text()
                time.sleep(0.1)
            assert all(healthy(p) for p in ports), [log.read_text() for _, log in procs]
            answer = requests.post(
                f"http://127.0.0.1:{ports[1]}/leads",
                json={"company": "Hydra", "external_id": "web-7"},
                headers={"Authorization": "Bearer t0ken"},
                timeout=10,
            )
            assert answer.status_code == 201
            again = requests.post(
                f"http://127.0.0.1:{ports[2]}/leads",
                json={"company": "Hydra", "external_id": "web-7"},
                headers={"Authorization": "Bearer t0ken"},
                timeout=10,
            )
            assert (again.status_code, again.json()) == (200, answer.json())
            [card] = slack.wait_for("chat.postMessage", lambda c: "Hydra" in c.args.get("text", ""))
            time.sleep(1.5)  # every replica's delivery has had its turn: still one card
            cards = [c for c in slack.calls("chat.postMessage") if "Hydra" in c.args["text"]]
            assert len(cards) == 1 and card.args["channel"] == "DU0ALICE"
        finally:
            for proc, _ in procs:
                proc.send_signal(signal.SIGTERM)
            for proc, log in procs:
                assert proc.wait(timeout=20) == 0, log.read_text()
        for _, log in procs:
            assert "Traceback" not in log.read_text()


def test_the_config_sync_of_replicas_starting_together_runs_one_at_a_time(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each replica makes the team tables match its config at start-up. Run together, the
    syncs would all find a new team missing and all insert it; they take turns instead.
    Each sync here waits (up to a second) for the others to reach it too, so any that
    could run together do."""
    import contextlib
    import dataclasses
    import threading

    from bot.runtime import build_runtime
    from handlers import features, roulette
    from tests.conftest import demo_config

    together = threading.Barrier(REPLICAS, timeout=1)

    def sync_with_the_others(svc, session):
        with contextlib.suppress(threading.BrokenBarrierError):
            together.wait()  # broken: the others are not in here with it, it syncs alone
        roulette.roster.sync_teams(svc, session)

    slow = dataclasses.replace(roulette.FEATURE, sync=sync_with_the_others)
    monkeypatch.setattr(
        features, "FEATURES", tuple(slow if f is roulette.FEATURE else f for f in features.FEATURES)
    )
    build_runtime(demo_config(database_url), {}).svc.db.dispose()  # migrated: only syncs race
    errors: list[BaseException] = []
    runtimes = []

    def start() -> None:
        try:
            runtimes.append(build_runtime(demo_config(database_url, team={"name": "emea"}), {}))
        except BaseException as exc:  # noqa: BLE001 - what a replica would crash with
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(REPLICAS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    for runtime in runtimes:
        runtime.svc.db.dispose()
    assert errors == []
    assert len(runtimes) == REPLICAS
