"""The routing keys of config.yaml: the issue's example reads as written, and every bad
value stops start-up with one line naming its key path."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import yaml

from bot.cli import main
from bot.config import ConfigError, parse_config

EXAMPLE = """
teams:
  - name: sales
    timezone: Asia/Shanghai
    hours: "mon-fri 09:00-18:00"     # default: always
    holidays: [2026-10-01]
    after_hours: wait                 # wait | pool | anyway
    first_touch: 1h                   # or off (the default)
    first_touch_escalate: 2h
    first_touch_recover: 4h           # optional
    managers: [U0MARIA]
    reps:
      - {name: Alice, slack: U0ALICE, weight: 2, hours: "mon-thu 08:00-16:00", timezone: Europe/Berlin}
"""  # noqa: E501  (the issue's example, line for line)


def team(**keys):
    rep = keys.pop("rep", {})
    return {
        "teams": [{"name": "sales", "managers": ["U0M"], "reps": [{"name": "A", **rep}], **keys}]
    }


def problems(raw) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        parse_config(raw)
    return caught.value.problems


def test_the_public_contract_reads_as_written():
    config = parse_config(yaml.safe_load(EXAMPLE))
    sales = config.teams[0]
    assert sales.hours.text == "mon-fri 09:00-18:00"
    assert sales.holidays == [date(2026, 10, 1)]
    assert sales.after_hours == "wait"
    assert (sales.first_touch, sales.first_touch_escalate, sales.first_touch_recover) == (
        timedelta(hours=1),
        timedelta(hours=2),
        timedelta(hours=4),
    )
    alice = sales.reps[0]
    assert (alice.weight, alice.hours.text, alice.timezone) == (
        2,
        "mon-thu 08:00-16:00",
        "Europe/Berlin",
    )


def test_the_defaults_are_todays_behaviour():
    sales = parse_config(team()).teams[0]
    assert sales.hours.always and sales.holidays == [] and sales.after_hours == "wait"
    assert sales.first_touch is None and sales.reps[0].weight == 1
    assert parse_config(team(first_touch="off")).teams[0].first_touch is None


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        (
            team(hours="weekdays"),
            "teams[0].hours: 'weekdays' is not a shift such as 'mon-fri 09:00-18:00'",
        ),
        (
            team(rep={"hours": "mon-fri 09:00-25:00"}),
            "teams[0].reps[0].hours: 25:00 is not a time of day",
        ),
        (team(timezone="Mars/Olympus"), "teams[0].timezone: unknown time zone 'Mars/Olympus'"),
        (team(rep={"timezone": "CEST+2"}), "teams[0].reps[0].timezone: unknown time zone"),
        (team(rep={"weight": 0}), "teams[0].reps[0].weight: Input should be greater than 0"),
        (team(rep={"weight": -1.5}), "teams[0].reps[0].weight: Input should be greater than 0"),
        (team(holidays=["2026-02-30"]), "teams[0].holidays[0]: Input should be a valid date"),
        (team(holidays=["tomorrow"]), "teams[0].holidays[0]: Input should be a valid date"),
        (team(after_hours="later"), "teams[0].after_hours: Input should be 'wait', 'pool' or"),
        (
            team(first_touch="2h", first_touch_escalate="1h"),
            "teams[0].first_touch_escalate: must not be shorter than first_touch",
        ),
        (
            team(first_touch="1h", first_touch_escalate="3h", first_touch_recover="2h"),
            "teams[0].first_touch_recover: must not be shorter than first_touch_escalate",
        ),
        (
            team(first_touch="1h", first_touch_recover="30m"),
            "teams[0].first_touch_recover: must not be shorter than first_touch",
        ),
        (
            team(first_touch_escalate="2h"),
            "teams[0].first_touch_escalate: needs first_touch, which is off",
        ),
        (team(first_touch="soon"), "teams[0].first_touch: 'soon' is not a duration"),
    ],
)
def test_a_bad_routing_value_names_its_key(raw, problem):
    [line] = problems(raw)
    assert line.startswith(problem), line


def test_every_problem_is_its_own_line_and_the_bot_does_not_start(tmp_path, capsys):
    path = tmp_path / "config.yaml"
    raw = team(hours="mon-fri 9-18", rep={"weight": 0, "timezone": "Nowhere/City"})
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    assert main(["run", "--config", str(path)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0] == f"salesbot: the config {path} has problems:"
    assert sorted(line.split(":")[0].strip() for line in err[1:]) == [
        "teams[0].hours",
        "teams[0].reps[0].timezone",
        "teams[0].reps[0].weight",
    ]
