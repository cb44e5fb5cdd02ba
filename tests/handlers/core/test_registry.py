"""The features' additions merge into one registry; anything claimed twice stops start-up."""

from __future__ import annotations

import pytest

from handlers import features
from handlers.core.commands import Command
from handlers.core.registry import DuplicateError, Every, Feature, Registry


def _noop(*_args: object) -> None:
    return None


def test_the_shipped_features_merge_without_a_clash():
    registry = features.registry()
    assert set(registry.commands) == {
        "lead",
        "team",
        "deal",
        "forecast",
        "note",
        "account",
        "contract",
        "quiz",
        "onboard",
        "home",
        "主页",
    }
    # /forecast is made of the pipeline's report and quotas and the digests' "digest"
    assert set(registry.commands["forecast"]) == {"*", "quota", "digest"}
    assert {"lead_claim", "lead_pass", "lead_grab", "account_move", "quiz_grade"} <= set(
        registry.actions
    )
    assert {"contract_approve", "contract_reject", "contract_won"} <= set(registry.actions)
    assert [job.name for job in registry.jobs][:7] == [
        "sweeper",
        "waits",
        "time-off",
        "first-touch",
        "files:copy",
        "contracts:remind",
        "training-timers",
    ]


@pytest.mark.parametrize(
    ("first", "second", "message"),
    [
        (
            Feature("a", commands={"lead": {"add": Command("u", True, _noop)}}),
            Feature("b", commands={"lead": {"add": Command("u", False, _noop)}}),
            "b: /lead subcommand 'add' is already registered",
        ),
        (
            Feature("a", actions={"lead_claim": _noop}),
            Feature("b", actions={"lead_claim": _noop}),
            "b: action 'lead_claim' is already registered",
        ),
        (
            Feature("a", submissions={"form": _noop}),
            Feature("b", submissions={"form": _noop}),
            "b: form 'form' is already registered",
        ),
        (
            Feature("a", strings={"offer.title": ("x", "y")}),
            Feature("b", strings={"offer.title": ("x", "y")}),
            "b: string 'offer.title' is already registered",
        ),
        (
            Feature("a", jobs=(Every("sweeper", 1, _noop),)),
            Feature("b", jobs=(Every("sweeper", 2, _noop),)),
            "b: job 'sweeper' is already registered",
        ),
    ],
)
def test_a_key_claimed_twice_is_an_error_not_a_replacement(first, second, message):
    with pytest.raises(DuplicateError) as refused:
        Registry.of([first, second])
    assert str(refused.value) == message


def test_different_subcommands_of_one_command_merge():
    merged = Registry.of(
        [
            Feature("a", commands={"quiz": {"start": Command("u1", True, _noop)}}),
            Feature("b", commands={"quiz": {"pair": Command("u2", True, _noop)}}),
        ]
    )
    assert list(merged.commands["quiz"]) == ["start", "pair"]


def test_a_duplicate_stops_the_bot_from_starting(monkeypatch, database_url):
    from bot.runtime import build_runtime
    from tests.conftest import demo_config

    clash = Feature("clash", actions={"lead_claim": _noop})
    monkeypatch.setattr(features, "FEATURES", (*features.FEATURES, clash))
    with pytest.raises(DuplicateError, match="clash: action 'lead_claim' is already registered"):
        build_runtime(demo_config(database_url), {})
