"""Load and validate config.yaml.

Secrets come from the environment as ``${VAR}`` (or ``${VAR:-default}``). An unset
variable makes the value absent, which turns an optional platform off; a variable
that is set but empty is a mistake and is reported as one.
"""

from __future__ import annotations

import os
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from bot.pipeline_config import DigestsConfig, PipelineConfig, check_crontab, check_unique

_ENV_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}")
_DURATION_PART = re.compile(r"(\d+)\s*(d|h|m|s)")
_UNITS = {"d": 86400, "h": 3600, "m": 60, "s": 1}


class ConfigError(Exception):
    """Raised with one line per problem, each naming the key path."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


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


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _not_empty(value: str | None) -> str | None:
    if value is not None and not value.strip():
        raise ValueError("is set but empty")
    return value


Secret = Annotated[str | None, BeforeValidator(_not_empty)]


class DatabaseConfig(_Model):
    url: str = "sqlite:///salesbot.db"


class HttpConfig(_Model):
    host: str = "127.0.0.1"
    port: int = Field(default=3000, ge=0, le=65535)


class IntakeConfig(_Model):
    token: Secret = None


class SlackConfig(_Model):
    bot_token: Secret = None
    signing_secret: Secret = None
    app_token: Secret = None
    api_url: str | None = None

    @property
    def enabled(self) -> bool:
        return self.bot_token is not None

    @model_validator(mode="after")
    def _complete(self) -> SlackConfig:
        if self.bot_token is None:
            return self
        if not self.bot_token.startswith("xoxb-"):
            raise ValueError("bot_token must be a bot token (xoxb-...)")
        if self.app_token is not None and not self.app_token.startswith("xapp-"):
            raise ValueError("app_token must be an app-level token (xapp-...)")
        if self.app_token is None and self.signing_secret is None:
            raise ValueError("signing_secret is required in HTTP mode (no app_token)")
        if self.api_url is not None and not self.api_url.endswith("/"):
            object.__setattr__(self, "api_url", self.api_url + "/")
        return self


class WeComConfig(_Model):
    """A WeCom self-built app (自建应用). No secret means WeCom is off."""

    corp_id: str | None = None
    agent_id: int | None = None
    secret: Secret = None
    token: Secret = None
    encoding_aes_key: Secret = None
    api_url: str | None = None
    manager_chat: str | None = None

    @property
    def enabled(self) -> bool:
        return self.secret is not None

    @model_validator(mode="after")
    def _complete(self) -> WeComConfig:
        if self.secret is None:
            return self
        missing = [
            name
            for name in ("corp_id", "agent_id", "token", "encoding_aes_key")
            if getattr(self, name) is None
        ]
        if missing:
            raise ValueError(f"needs {', '.join(missing)} when secret is set")
        if len(self.encoding_aes_key or "") != 43:
            raise ValueError("encoding_aes_key must be the 43 characters WeCom shows")
        if self.api_url is not None and not self.api_url.endswith("/"):
            object.__setattr__(self, "api_url", self.api_url + "/")
        return self


class PersonConfig(_Model):
    """Someone on a team; the chat ids say where the bot can reach them."""

    name: str = Field(min_length=1, max_length=80)
    slack: str | None = Field(default=None, pattern=r"^[UW][A-Z0-9]{2,30}$")
    wecom: str | None = Field(default=None, min_length=1, max_length=64)


class RepConfig(PersonConfig):
    capacity: int = Field(default=10, ge=0, le=10_000)
    tiers: list[str] | None = None
    active: bool = True
    # first day at work: onboarding starts then, the first quiz training.first_quiz_after later
    start_date: date | None = None


def _manager(value: Any) -> Any:
    return {"name": value, "slack": value} if isinstance(value, str) else value


class TeamConfig(_Model):
    name: str = Field(min_length=1, max_length=80)
    window: Duration = timedelta(minutes=10)
    timezone: str = "UTC"
    manager_channel: str | None = None
    pool_channel: str | None = None
    # WeCom group chat for this team's notices; default: wecom.manager_chat
    wecom_chat: str | None = None
    managers: list[Annotated[PersonConfig, BeforeValidator(_manager)]] = Field(min_length=1)
    reps: list[RepConfig] = Field(min_length=1)
    # crontab lines, in this team's time zone, for the digests to the manager channel
    digests: DigestsConfig = DigestsConfig()

    @field_validator("window")
    @classmethod
    def _sane_window(cls, value: timedelta) -> timedelta:
        if not timedelta(seconds=5) <= value <= timedelta(days=7):
            raise ValueError("must be between 5s and 7d")
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @model_validator(mode="after")
    def _unique_names(self) -> TeamConfig:
        check_unique("rep names", [r.name.casefold() for r in self.reps])
        return self

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


class ChecklistItem(_Model):
    """A document or link a new rep reads in onboarding stage 1 and confirms with a button."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$")
    title: str = Field(min_length=1, max_length=200)
    link: str | None = Field(default=None, pattern=r"^https?://\S+$", max_length=1000)


class TrainingConfig(_Model):
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


class Config(_Model):
    locale: Literal["en", "zh-CN"] = "en"
    database: DatabaseConfig = DatabaseConfig()
    http: HttpConfig = HttpConfig()
    intake: IntakeConfig = IntakeConfig()
    slack: SlackConfig = SlackConfig()
    wecom: WeComConfig = WeComConfig()
    training: TrainingConfig = TrainingConfig()
    pipeline: PipelineConfig = PipelineConfig()
    teams: list[TeamConfig] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_teams(self) -> Config:
        names = [t.name for t in self.teams]
        if len(set(names)) != len(names):
            raise ValueError("team names must be unique")
        return self

    def team(self, name: str) -> TeamConfig | None:
        return next((t for t in self.teams if t.name == name), None)


def _interpolate(node: Any, path: str, problems: list[str]) -> Any:
    if isinstance(node, dict):
        return {
            k: _interpolate(v, f"{path}.{k}" if path else str(k), problems) for k, v in node.items()
        }
    if isinstance(node, list):
        return [_interpolate(v, f"{path}[{i}]", problems) for i, v in enumerate(node)]
    if not isinstance(node, str) or "${" not in node:
        return node
    whole = _ENV_REF.fullmatch(node)
    if whole:
        name, default = whole.groups()
        return os.environ.get(name, default)

    def one(match: re.Match[str]) -> str:
        name, default = match.groups()
        value = os.environ.get(name, default)
        if value is None:
            problems.append(f"{path}: environment variable {name} is not set")
            return ""
        return value

    return _ENV_REF.sub(one, node)


def _location(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif not str(part).startswith("function-"):
            out += f".{part}" if out else str(part)
    return out or "(top level)"


def load_config(path: str | Path) -> Config:
    """Read, interpolate and validate a config file; raise ConfigError on any problem."""
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError([f"{path}: no such file"]) from exc
    except yaml.YAMLError as exc:
        raise ConfigError([f"{path}: not valid YAML: {exc}"]) from exc
    return parse_config(raw)


def parse_config(raw: Any) -> Config:
    if not isinstance(raw, dict):
        raise ConfigError(["(top level): expected a mapping of settings"])
    problems: list[str] = []
    data = _interpolate(raw, "", problems)
    if problems:
        raise ConfigError(problems)
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(
            [
                f"{_location(e['loc'])}: {e['msg'].removeprefix('Value error, ')}"
                for e in exc.errors()
            ]
        ) from exc
