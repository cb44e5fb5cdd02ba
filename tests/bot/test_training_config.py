"""The training settings: sensible defaults, and every mistake named by its key."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from bot.config import ConfigError, load_config, parse_config

ROOT = Path(__file__).resolve().parents[2]


def minimal(**extra):
    team = {"name": "sales", "managers": ["U0M"], "reps": [{"name": "A"}]}
    return {"teams": [team], **extra}


def problems(raw) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        parse_config(raw)
    return caught.value.problems


def test_defaults_need_no_training_section():
    training = parse_config(minimal()).training
    assert (training.pass_mark, training.quiz_size) == (80, 5)
    assert training.quiz_deadline == timedelta(days=3)
    assert training.answer_reminder == training.grade_reminder == timedelta(days=1)
    assert training.first_quiz_after == timedelta(days=7)
    assert training.digest_cron == "0 9 * * mon"
    assert training.checklist == []


def test_the_shipped_config_documents_training_and_a_start_date(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    config = load_config(ROOT / "config.yaml")
    assert [item.id for item in config.training.checklist] == [
        "product-tour",
        "pricing",
        "customer-stories",
    ]
    assert config.teams[0].reps[2].start_date == date(2026, 11, 23)


def test_each_bad_training_key_is_named():
    raw = minimal(
        training={
            "pass_mark": 0,
            "quiz_deadline": "soon",
            "answer_reminder": "10s",
            "digest_cron": "every monday",
            "checklist": [
                {"id": "Tour Page", "title": "Tour"},
                {"id": "ok", "title": "", "link": "ftp://x"},
            ],
            "colour": "red",
        }
    )
    assert problems(raw) == [
        "training.pass_mark: Input should be greater than or equal to 1",
        "training.quiz_deadline: 'soon' is not a duration such as 10m, 30s or 1h30m",
        "training.answer_reminder: must be at least 1m",
        "training.digest_cron: 'every monday' is not a crontab line such as '0 9 * * mon'",
        "training.checklist[0].id: String should match pattern '^[a-z0-9][a-z0-9_-]{0,39}$'",
        "training.checklist[1].title: String should have at least 1 character",
        "training.checklist[1].link: String should match pattern '^https?://\\S+$'",
        "training.colour: Extra inputs are not permitted",
    ]
    twice = [{"id": "a", "title": "A"}, {"id": "a", "title": "B"}]
    assert problems(minimal(training={"checklist": twice})) == [
        "training: checklist ids must be unique, repeated: a"
    ]


def test_a_rep_start_date_must_be_a_date():
    raw = minimal()
    raw["teams"][0]["reps"][0]["start_date"] = "next week"
    [problem] = problems(raw)
    assert problem.startswith("teams[0].reps[0].start_date: Input should be a valid date")
