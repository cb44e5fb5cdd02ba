"""The features the bot runs, merged into one registry at start-up.

The order is the order of the start-up syncs (the roster before onboarding) and of the
`help` text. A command, button, form, string or job two features both claim stops the
bot from starting (registry.DuplicateError).
"""

from __future__ import annotations

from handlers import digests, home, pipeline, roulette, training
from handlers.core import strings
from handlers.core.registry import Feature, Registry

CORE = Feature(name="core", strings=strings.STRINGS)
FEATURES = (
    CORE,
    roulette.FEATURE,
    pipeline.FEATURE,
    training.FEATURE,
    digests.FEATURE,
    home.FEATURE,
)


def registry() -> Registry:
    return Registry.of(FEATURES)
