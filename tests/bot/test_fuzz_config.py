"""Config values, fuzzed: any value under any known key is taken or refused with one line
per problem naming its key path; nothing else ever happens."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.config import Config, ConfigError, parse_config
from tests.fuzz import NUMBERS, ODD_TEXT

VALUES = st.recursive(
    st.none() | st.booleans() | NUMBERS | ODD_TEXT | st.integers() | st.floats(),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3)
    ),
    max_leaves=6,
)
PATHS = st.sampled_from(
    [
        ("locale",),
        ("data_dir",),
        ("http", "port"),
        ("slack", "bot_token"),
        ("wecom", "secret"),
        ("training", "pass_mark"),
        ("training", "quiz_deadline"),
        ("training", "digest_cron"),
        ("training", "checklist"),
        ("training", "question_files"),
        ("pipeline", "stages"),
        ("pipeline", "lost_reasons"),
        ("teams", 0, "name"),
        ("teams", 0, "window"),
        ("teams", 0, "timezone"),
        ("teams", 0, "digests", "forecast"),
        ("teams", 0, "managers"),
        ("teams", 0, "reps", 0, "name"),
        ("teams", 0, "reps", 0, "capacity"),
        ("teams", 0, "reps", 0, "start_date"),
        ("teams", 0, "reps", 0, "slack"),
    ]
)


def base() -> dict:
    return {"teams": [{"name": "sales", "managers": ["U0M"], "reps": [{"name": "A"}]}]}


@given(path=PATHS, value=VALUES)
def test_any_value_is_taken_or_refused_naming_its_key(path, value):
    raw = base()
    node = raw
    for key in path[:-1]:
        node = node.setdefault(key, {}) if isinstance(key, str) else node[key]
    node[path[-1]] = value
    try:
        assert isinstance(parse_config(raw), Config)
    except ConfigError as refused:
        assert refused.problems and all(":" in p for p in refused.problems)
