"""The pipeline's settings: stages and their probabilities, lost reasons, digest schedules.

The defaults follow the article (needs understood 30% -> trial 60% -> negotiation 90% ->
won 100% / lost 0%), so a config without a `pipeline:` section runs as is.
"""

from __future__ import annotations

from typing import Literal

from apscheduler.triggers.cron import CronTrigger
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def check_unique(what: str, values: list[str]) -> None:
    """Refuse repeated values (compared as given: fold them first to ignore case)."""
    dupes = sorted({v for v in values if values.count(v) > 1})
    if dupes:
        raise ValueError(f"{what} must be unique, repeated: {', '.join(dupes)}")


class StageConfig(_Model):
    """One stage; `final` marks the won and the lost stage, after which nothing moves."""

    # one word, no colon: it is typed after `/deal <account> stage` and sits in button values
    name: str = Field(pattern=r"^[^\s:]{1,32}$")
    probability: int = Field(ge=0, le=100)
    # an open account with no activity for this many days is listed as stale in the digest
    stale_days: int | None = Field(default=None, ge=1, le=3650)
    final: Literal["won", "lost"] | None = None

    @model_validator(mode="after")
    def _final_is_final(self) -> StageConfig:
        if self.final is not None and self.stale_days is not None:
            raise ValueError(f"{self.name}: a final stage has no stale_days")
        if self.final == "won" and self.probability != 100:
            raise ValueError(f"{self.name}: the won stage's probability must be 100")
        if self.final == "lost" and self.probability != 0:
            raise ValueError(f"{self.name}: the lost stage's probability must be 0")
        return self


DEFAULT_STAGES = [
    StageConfig(name="needs", probability=30, stale_days=14),
    StageConfig(name="trial", probability=60, stale_days=10),
    StageConfig(name="negotiation", probability=90, stale_days=7),
    StageConfig(name="won", probability=100, final="won"),
    StageConfig(name="lost", probability=0, final="lost"),
]
DEFAULT_LOST_REASONS = ["price", "competitor", "no budget", "timing", "no decision"]


class PipelineConfig(_Model):
    stages: list[StageConfig] = Field(default=DEFAULT_STAGES, min_length=3, max_length=20)
    lost_reasons: list[str] = Field(default=DEFAULT_LOST_REASONS, max_length=50)

    @field_validator("lost_reasons")
    @classmethod
    def _reasons(cls, value: list[str]) -> list[str]:
        value = [r.strip() for r in value]
        if any(not 1 <= len(r) <= 100 for r in value):
            raise ValueError("each reason needs 1 to 100 characters")
        check_unique("reasons", [r.casefold() for r in value])
        return value

    @model_validator(mode="after")
    def _one_won_one_lost(self) -> PipelineConfig:
        check_unique("stage names", [s.name.casefold() for s in self.stages])
        finals = [s.final for s in self.stages if s.final]
        if sorted(finals) != ["lost", "won"]:
            raise ValueError("stages need exactly one with final: won and one with final: lost")
        if self.stages[0].final is not None:
            raise ValueError("the first stage (where accounts start) cannot be final")
        return self

    def stage(self, name: str) -> StageConfig | None:
        """The stage called `name`, in any letter case."""
        return next((s for s in self.stages if s.name.casefold() == name.casefold()), None)

    @property
    def first(self) -> StageConfig:
        return self.stages[0]

    @property
    def open_stages(self) -> list[StageConfig]:
        return [s for s in self.stages if s.final is None]

    def final_stage(self, outcome: str) -> StageConfig:
        return next(s for s in self.stages if s.final == outcome)

    @property
    def funnel(self) -> list[StageConfig]:
        """The stages a deal climbs, in order: every open stage, then won."""
        return [*self.open_stages, self.final_stage("won")]


def check_crontab(value: object) -> str | None:
    """A five-field crontab line, with weekdays by name; off (YAML reads it as false) is none.

    APScheduler 3 numbers weekdays from Monday = 0 where crontab starts at Sunday = 0,
    so a number there would quietly fire a day late: names say what they mean.
    """
    if value is None or value is False or str(value).strip().lower() == "off":
        return None
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not a crontab line such as '0 9 * * mon'")
    try:
        CronTrigger.from_crontab(value, timezone="UTC")
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a crontab line such as '0 9 * * mon'") from exc
    if any(ch.isdigit() for ch in value.split()[4]):
        raise ValueError(f"{value!r}: name the weekdays (mon-fri, sun), numbers are ambiguous")
    return value


class DigestsConfig(_Model):
    """When each digest goes to the team's manager channel, in the team's time zone."""

    forecast: str | None = "0 9 * * mon"
    workload: str | None = "0 17 * * fri"

    @field_validator("forecast", "workload", mode="before")
    @classmethod
    def _crontab(cls, value: object) -> str | None:
        return check_crontab(value)

    def cron(self, kind: str) -> str | None:
        return {"forecast": self.forecast, "workload": self.workload}[kind]
