"""The settings the features read from config.yaml: teams and their people, the pipeline's
stages, training, the digests' schedules.

`bot/config.py` reads the file, fills in ``${VAR}`` and adds the platform sections
(Slack, WeCom, HTTP, the database); what is here is all a handler ever needs to know.
Every model refuses unknown keys, so a misspelt key is an error, not a silent default.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from apscheduler.triggers.cron import CronTrigger
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from handlers.core.hours import WorkingHours

_DURATION_PART = re.compile(r"(\d+)\s*(d|h|m|s)")
_UNITS = {"d": 86400, "h": 3600, "m": 60, "s": 1}


def parse_duration(value: Any) -> timedelta:
    """Read '10m', '30s', '1h30m' or a number of seconds."""
    if isinstance(value, timedelta):
        return value
    if isinstance(value, bool):
        raise ValueError("expected a duration such as 10m, 30s or 1h30m")
    if isinstance(value, int | float):
        return timedelta(seconds=value)
    text = str(value).strip().lower().replace(" ", "")
    if not text or _DURATION_PART.sub("", text):
        raise ValueError(f"{value!r} is not a duration such as 10m, 30s or 1h30m")
    seconds = sum(int(n) * _UNITS[u] for n, u in _DURATION_PART.findall(text))
    return timedelta(seconds=seconds)


Duration = Annotated[timedelta, BeforeValidator(parse_duration)]


def _duration_or_off(value: Any) -> timedelta | None:
    """A duration, or off (YAML reads a bare off as false) for none."""
    if value is None or value is False or str(value).strip().lower() == "off":
        return None
    return parse_duration(value)


OptionalDuration = Annotated[timedelta | None, BeforeValidator(_duration_or_off)]
Hours = Annotated[WorkingHours, BeforeValidator(WorkingHours.parse)]


def _zone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {value!r}") from exc
    return value


# An IANA time zone name, such as Asia/Shanghai or Europe/Berlin.
TimeZone = Annotated[str, AfterValidator(_zone)]


def _plain_name(value: str) -> str:
    if any(not ch.isprintable() for ch in value):
        raise ValueError("names take no control or invisible characters")
    return value


# A person's or a team's name: shown in chat, typed in commands, kept in the database.
Name = Annotated[str, Field(min_length=1, max_length=80), AfterValidator(_plain_name)]


class Model(BaseModel):
    """A config section: unknown keys are refused, values never change once read."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def check_unique(what: str, values: list[str]) -> None:
    """Refuse repeated values (compared as given: fold them first to ignore case)."""
    dupes = sorted({v for v in values if values.count(v) > 1})
    if dupes:
        raise ValueError(f"{what} must be unique, repeated: {', '.join(dupes)}")


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


class DigestsConfig(Model):
    """When each digest goes to the team's manager channel, in the team's time zone."""

    forecast: str | None = "0 9 * * mon"
    workload: str | None = "0 17 * * fri"

    @field_validator("forecast", "workload", mode="before")
    @classmethod
    def _crontab(cls, value: object) -> str | None:
        return check_crontab(value)

    def cron(self, kind: str) -> str | None:
        return {"forecast": self.forecast, "workload": self.workload}[kind]


class PersonConfig(Model):
    """Someone on a team; the chat ids say where the bot can reach them."""

    name: Name
    slack: str | None = Field(default=None, pattern=r"^[UW][A-Z0-9]{2,30}$")
    wecom: str | None = Field(default=None, min_length=1, max_length=64)


class RepConfig(PersonConfig):
    capacity: int = Field(default=10, ge=0, le=10_000)
    tiers: list[str] | None = None
    active: bool = True
    # first day at work: onboarding starts then, the first quiz training.first_quiz_after later
    start_date: date | None = None
    # the rep's share of first looks against the others': weight 2 gets twice weight 1's
    weight: float = Field(default=1, gt=0, le=1000, allow_inf_nan=False)
    # the rep's own working hours and clock; default: the team's hours, on the team's clock
    hours: Hours | None = None
    timezone: TimeZone | None = None


def _manager(value: Any) -> Any:
    return {"name": value, "slack": value} if isinstance(value, str) else value


# the SLA's steps each come after the nearest one set before them
_STEPS_BEFORE = {
    "first_touch_escalate": ("first_touch",),
    "first_touch_recover": ("first_touch_escalate", "first_touch"),
}


class TeamConfig(Model):
    name: Name
    window: Duration = timedelta(minutes=10)
    timezone: TimeZone = "UTC"
    manager_channel: str | None = None
    pool_channel: str | None = None
    # WeCom group chat for this team's notices; default: wecom.manager_chat
    wecom_chat: str | None = None
    managers: list[Annotated[PersonConfig, BeforeValidator(_manager)]] = Field(min_length=1)
    reps: list[RepConfig] = Field(min_length=1)
    # crontab lines, in this team's time zone, for the digests to the manager channel
    digests: DigestsConfig = DigestsConfig()
    # when leads are offered, on the team's clock (a rep may have hours of their own), and
    # the days nobody is offered any
    hours: Hours = WorkingHours()
    holidays: list[date] = []
    # when no rep who could take a lead is within hours: the lead waits for the first one's
    # hours to begin, goes straight to the open pool, or is offered as if hours did not apply
    after_hours: Literal["wait", "pool", "anyway"] = "wait"
    # the first-touch SLA, counted from the claim: remind the rep, tell the managers, take
    # the lead back and offer it to the next rep; off (the default) turns it all off
    first_touch: OptionalDuration = None
    first_touch_escalate: OptionalDuration = None
    first_touch_recover: OptionalDuration = None

    @field_validator("window")
    @classmethod
    def _sane_window(cls, value: timedelta) -> timedelta:
        if not timedelta(seconds=5) <= value <= timedelta(days=7):
            raise ValueError("must be between 5s and 7d")
        return value

    @field_validator("first_touch", "first_touch_escalate", "first_touch_recover")
    @classmethod
    def _steps_in_order(cls, value: timedelta | None, info: ValidationInfo) -> timedelta | None:
        """Each step of the SLA comes after the one before it; all need first_touch."""
        if value is None:
            return None
        if not timedelta(minutes=1) <= value <= timedelta(days=30):
            raise ValueError("must be between 1m and 30d, or off")
        if info.field_name == "first_touch":
            return value
        if info.data.get("first_touch") is None:
            raise ValueError("needs first_touch, which is off")
        before = next(key for key in _STEPS_BEFORE[info.field_name] if info.data.get(key))
        if value < info.data[before]:
            raise ValueError(f"must not be shorter than {before}")
        return value

    @model_validator(mode="after")
    def _unique_names(self) -> TeamConfig:
        check_unique("rep names", [r.name.casefold() for r in self.reps])
        return self

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def rep(self, name: str) -> RepConfig | None:
        """The rep called `name`, in any letter case."""
        return next((r for r in self.reps if r.name.casefold() == name.casefold()), None)

    def holiday(self, at: datetime) -> bool:
        """Whether `at` falls on one of the team's holidays, on the team's clock."""
        return at.astimezone(self.zone).date() in self.holidays


class ChecklistItem(Model):
    """A document or link a new rep reads in onboarding stage 1 and confirms with a button."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$")
    title: str = Field(min_length=1, max_length=200)
    link: str | None = Field(default=None, pattern=r"^https?://\S+$", max_length=1000)


class TrainingConfig(Model):
    """Quizzes and onboarding: pass mark, reminders, deadlines, the checklist, the digest."""

    pass_mark: int = Field(default=80, ge=1, le=100)
    quiz_size: int = Field(default=5, ge=1, le=50)
    quiz_deadline: Duration = timedelta(days=3)
    answer_reminder: Duration = timedelta(days=1)
    grade_reminder: Duration = timedelta(days=1)
    first_quiz_after: Duration = timedelta(days=7)
    first_quiz_category: str | None = Field(default=None, min_length=1, max_length=80)
    stuck_after: Duration = timedelta(days=14)
    digest_cron: str = "0 9 * * mon"
    # question files (YAML or CSV, as `salesbot import questions` takes) put in the bank at
    # every start; a question already there is not added again. Relative to the config file.
    question_files: list[Path] = []
    # one button per item on a card: Slack takes at most 25 in a row
    checklist: list[ChecklistItem] = Field(default=[], max_length=20)

    @field_validator("quiz_deadline", "answer_reminder", "grade_reminder", "stuck_after")
    @classmethod
    def _at_least_a_minute(cls, value: timedelta) -> timedelta:
        if value < timedelta(minutes=1):
            raise ValueError("must be at least 1m")
        return value

    @field_validator("digest_cron", mode="before")
    @classmethod
    def _cron(cls, value: object) -> str:
        checked = check_crontab(value)
        if checked is None:
            raise ValueError("needs a crontab line such as '0 9 * * mon'")
        return checked

    @model_validator(mode="after")
    def _unique_items(self) -> TrainingConfig:
        check_unique("checklist ids", [item.id for item in self.checklist])
        return self


# -- the pipeline ----------------------------------------------------------------------


class StageConfig(Model):
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


class PipelineConfig(Model):
    stages: list[StageConfig] = Field(default=DEFAULT_STAGES, min_length=3, max_length=20)
    lost_reasons: list[str] = Field(default=DEFAULT_LOST_REASONS, max_length=50)
    # a contract waiting this long for a decision reminds the managers, once per period
    contract_reminder: Duration = timedelta(hours=4)

    @field_validator("contract_reminder")
    @classmethod
    def _reminder(cls, value: timedelta) -> timedelta:
        if value < timedelta(minutes=1):
            raise ValueError("must be at least 1m")
        return value

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


_STORES = ("file://", "webdav+https://", "webdav+http://", "s3://")
# S3 presigns a link for at most seven days
LONGEST_LINK = timedelta(days=7)


class FilesConfig(Model):
    """The file store copies of shared files go to, and what a file may be."""

    # file:///dir (default: the data directory's files/), webdav+https://host/path, s3://bucket
    url: str | None = None
    # the WebDAV drive's login
    user: str | None = Field(default=None, min_length=1)
    password: str | None = Field(default=None, min_length=1)
    max_recording_mb: int = Field(default=200, ge=1, le=10_000)
    max_contract_mb: int = Field(default=25, ge=1, le=10_000)
    # how long a link to a stored file works
    link_ttl: Duration = timedelta(days=7)

    @field_validator("url")
    @classmethod
    def _store(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(_STORES):
            raise ValueError(
                f"{value!r}: use file:///path, webdav+https://host/path or s3://bucket/prefix"
            )
        return value

    @field_validator("link_ttl")
    @classmethod
    def _ttl(cls, value: timedelta) -> timedelta:
        if not timedelta(minutes=1) <= value <= LONGEST_LINK:
            raise ValueError("must be between 1m and 7d")
        return value

    @model_validator(mode="after")
    def _login(self) -> FilesConfig:
        if (self.user is None) != (self.password is None):
            raise ValueError("user and password go together")
        return self


class Settings(Model):
    """Everything the features are configured with; the bot adds its platforms to it."""

    locale: Literal["en", "zh-CN"] = "en"
    # Where the bot keeps files of its own (pictures, the file store); the config fills it
    # in when it is not given (see bot/config.py).
    data_dir: Path | None = None
    training: TrainingConfig = TrainingConfig()
    pipeline: PipelineConfig = PipelineConfig()
    files: FilesConfig = FilesConfig()
    teams: list[TeamConfig] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_teams(self) -> Settings:
        names = [t.name for t in self.teams]
        if len(set(names)) != len(names):
            raise ValueError("team names must be unique")
        return self

    def team(self, name: str) -> TeamConfig | None:
        return next((t for t in self.teams if t.name == name), None)
