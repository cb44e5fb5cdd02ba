"""The lead roulette: each new lead is offered to one rep at a time with an exclusive
window, handed on when the window closes, and pooled when everyone has let it go.

Read it in this order: `intake` (a lead arrives), `offers` (claim, pass, the next rep),
`sweep` (windows that ran out), `pool` (grab), `team` (who is available, their load),
`cards`, `reports` and `commands`; `roster` keeps the team tables in step with config.
"""

from __future__ import annotations

from handlers.core.registry import Every, Feature, Timed
from handlers.roulette import cards, commands, offers, pool, roster, strings, sweep

SWEEP_EVERY = 0.25  # seconds between looks for windows that have closed (a cheap read)

FEATURE = Feature(
    name="roulette",
    commands=commands.COMMANDS,
    actions={cards.CLAIM: offers.claim, cards.PASS: offers.pass_offer, cards.GRAB: pool.grab},
    strings=strings.STRINGS,
    jobs=(Every("sweeper", SWEEP_EVERY, sweep.expire_due),),
    sync=roster.sync_teams,
    timed=(Timed("offer", offers.start_windows, offers.windows_shown),),
)
