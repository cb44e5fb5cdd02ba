"""The pipeline's settings: article defaults, and each mistake named by its key."""

from __future__ import annotations

from pathlib import Path

import pytest
from apscheduler.schedulers.background import BackgroundScheduler

from bot.config import ConfigError, load_config, parse_config
from bot.scheduler import add_jobs
from handlers import features
from handlers.core.context import Services

ROOT = Path(__file__).resolve().parents[2]


def team(**extra):
    return {"name": "sales", "managers": ["U0M"], "reps": [{"name": "A"}], **extra}


def problems(raw) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        parse_config(raw)
    return caught.value.problems


def test_defaults_follow_the_article_and_the_shipped_config_spells_them_out(monkeypatch):
    defaults = parse_config({"teams": [team()]})
    stages = [(s.name, s.probability, s.final) for s in defaults.pipeline.stages]
    assert stages == [
        ("needs", 30, None),
        ("trial", 60, None),
        ("negotiation", 90, None),
        ("won", 100, "won"),
        ("lost", 0, "lost"),
    ]
    assert defaults.teams[0].digests.forecast == "0 9 * * mon"
    monkeypatch.delenv("DATABASE_URL", raising=False)
    shipped = load_config(ROOT / "config.yaml")
    assert shipped.pipeline == defaults.pipeline
    assert shipped.teams[0].digests == defaults.teams[0].digests


def test_stage_and_reason_mistakes():
    stages = [
        {"name": "needs", "probability": 30},
        {"name": "needs", "probability": 101},
        {"name": "won", "probability": 90, "final": "won"},
        {"name": "two words", "probability": 10},
    ]
    found = problems(
        {"pipeline": {"stages": stages, "lost_reasons": ["a", "A"]}, "teams": [team()]}
    )
    assert "pipeline.stages[1].probability: Input should be less than or equal to 100" in found
    assert "pipeline.stages[2]: won: the won stage's probability must be 100" in found
    assert any(p.startswith("pipeline.stages[3].name: String should match") for p in found)
    assert "pipeline.lost_reasons: reasons must be unique, repeated: a" in found
    no_lost = [
        {"name": "needs", "probability": 30},
        {"name": "trial", "probability": 60},
        {"name": "won", "probability": 100, "final": "won"},
    ]
    assert problems({"pipeline": {"stages": no_lost}, "teams": [team()]}) == [
        "pipeline: stages need exactly one with final: won and one with final: lost"
    ]


def test_digest_schedules():
    off = parse_config({"teams": [team(digests={"forecast": False, "workload": "off"})]})
    assert (off.teams[0].digests.forecast, off.teams[0].digests.workload) == (None, None)
    assert problems({"teams": [team(digests={"forecast": "0 9 * * 1"})]}) == [
        "teams[0].digests.forecast: '0 9 * * 1': name the weekdays (mon-fri, sun), "
        "numbers are ambiguous"
    ]
    assert problems({"teams": [team(digests={"workload": "at nine"})]}) == [
        "teams[0].digests.workload: 'at nine' is not a crontab line such as '0 9 * * mon'"
    ]
    assert problems({"teams": [team(digests={"weekly": "0 9 * * mon"})]}) == [
        "teams[0].digests.weekly: Extra inputs are not permitted"
    ]


def test_each_team_gets_its_digest_jobs_in_its_own_time_zone():
    config = parse_config(
        {
            "teams": [
                team(timezone="Asia/Shanghai"),
                team(name="emea", timezone="Europe/Berlin", digests={"workload": "off"}),
            ]
        }
    )
    scheduler = BackgroundScheduler()
    svc = Services(config=config, db=None, clock=None, outbox=None, registry=features.registry())
    add_jobs(scheduler, svc)
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert set(jobs) == {
        "sweeper",
        "waits",
        "time-off",
        "first-touch",
        "files:copy",
        "contracts:remind",
        "training-timers",
        "digest:forecast:sales",
        "digest:workload:sales",
        "digest:forecast:emea",
        "digest:catch-up",
        "digest:training:sales",
        "digest:training:emea",
        "digest:training:catch-up",
    }
    assert str(jobs["digest:forecast:sales"].trigger) == (
        "cron[month='*', day='*', day_of_week='mon', hour='9', minute='0']"
    )
    assert str(jobs["digest:forecast:emea"].trigger.timezone) == "Europe/Berlin"
    assert jobs["digest:forecast:sales"].func.args[-2:] == (svc, "sales")
