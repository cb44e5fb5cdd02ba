"""Load and validate config.yaml.

Secrets come from the environment as ``${VAR}`` (or ``${VAR:-default}``). An unset
variable makes the value absent, which turns an optional platform off; a variable
that is set but empty is a mistake and is reported as one.
"""

from __future__ import annotations

import os
import re
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BeforeValidator, Field, ValidationError, model_validator
from sqlalchemy.engine import make_url

from handlers.core.settings import Duration, Model, Settings

_ENV_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}")


class ConfigError(Exception):
    """Raised with one line per problem, each naming the key path."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def _not_empty(value: object) -> object:
    if isinstance(value, str) and not value.strip():
        raise ValueError("is set but empty")
    return value  # anything but text: the type check after this names it


Secret = Annotated[str | None, BeforeValidator(_not_empty)]


class DatabaseConfig(Model):
    url: str = "sqlite:///salesbot.db"


class HttpConfig(Model):
    host: str = "127.0.0.1"
    port: int = Field(default=3000, ge=0, le=65535)
    # where people reach the bot over HTTP: links to files in a local store start with it
    # (default: http://host:port)
    public_url: str | None = Field(default=None, pattern=r"^https?://[^\s/]+(/\S*)?$")

    @property
    def base_url(self) -> str:
        return (self.public_url or f"http://{self.host}:{self.port}").rstrip("/")


class IntakeConfig(Model):
    token: Secret = None


class LogConfig(Model):
    level: Literal["debug", "info", "warning", "error"] = "info"
    format: Literal["text", "json"] = "text"


class MetricsConfig(Model):
    """GET /metrics: on unless turned off; with a token, only for `Authorization: Bearer`."""

    enabled: bool = True
    token: Secret = None


class SlackConfig(Model):
    bot_token: Secret = None
    signing_secret: Secret = None
    app_token: Secret = None
    api_url: str | None = None
    # Publish each person's Home tab page; off for an app whose Home tab is not turned on.
    home_tab: bool = True

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


class WeComConfig(Model):
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


class Config(Settings):
    """The whole config file: the features' settings and where the bot runs."""

    database: DatabaseConfig = DatabaseConfig()
    http: HttpConfig = HttpConfig()
    intake: IntakeConfig = IntakeConfig()
    slack: SlackConfig = SlackConfig()
    wecom: WeComConfig = WeComConfig()
    log: LogConfig = LogConfig()
    metrics: MetricsConfig = MetricsConfig()
    # On SIGTERM: how long to finish the requests in flight and send what is due.
    shutdown_grace: Duration = Field(default=timedelta(seconds=10), le=timedelta(minutes=10))

    @property
    def secrets(self) -> list[str | None]:
        """Every secret the config holds: none of them is ever logged."""
        return [
            self.slack.bot_token,
            self.slack.signing_secret,
            self.slack.app_token,
            self.wecom.secret,
            self.wecom.token,
            self.wecom.encoding_aes_key,
            self.intake.token,
            self.metrics.token,
            _password(self.database.url),
        ]

    @model_validator(mode="after")
    def _data_dir(self) -> Config:
        """By default the bot's own files live beside a SQLite database file (in its
        folder), or in ./salesbot-data for a database elsewhere; the file store is its
        files/ folder unless files.url says otherwise."""
        if self.data_dir is None:
            object.__setattr__(self, "data_dir", default_data_dir(self.database.url))
        if self.files.url is None:
            assert self.data_dir is not None
            store = (self.data_dir / "files").resolve().as_uri()
            object.__setattr__(self, "files", self.files.model_copy(update={"url": store}))
        return self


def _password(database_url: str) -> str | None:
    try:
        return make_url(database_url).password
    except Exception:  # not a URL SQLAlchemy can read: no password to find in it
        return None


def default_data_dir(database_url: str) -> Path:
    try:
        url = make_url(database_url)
    except Exception:  # not a URL SQLAlchemy can read: the database says where it is
        return Path("salesbot-data").resolve()
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(url.database).resolve().parent
    return Path("salesbot-data").resolve()


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
    """Read, interpolate and validate a config file; raise ConfigError on any problem.
    Files it names (question files) are found relative to it."""
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError([f"{path}: no such file"]) from exc
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ConfigError([f"{path}: not valid YAML: {exc}"]) from exc
    config = parse_config(raw)
    base = Path(path).resolve().parent
    files = [base / f for f in config.training.question_files]
    training = config.training.model_copy(update={"question_files": files})
    return config.model_copy(update={"training": training})


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
