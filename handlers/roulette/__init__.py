"""The lead roulette: each new lead is offered to one rep at a time with an exclusive
window, handed on when the window closes, and pooled when everyone has let it go.

Read it in this order: `intake` (a lead arrives), `routing` (the weighted order, working
hours, why a rep is skipped), `offers` (claim, pass, the next rep), `sweep` (windows that
ran out, waits for working hours that ended), `pool` (grab), `first_touch` and `sla` (the
first-touch SLA), `time_off` (away until a day), `team` (who is available, their load),
`next_up` (who is next and why), `cards`, `reports` and `commands`; `roster` keeps the
team tables in step with config.
"""

from __future__ import annotations

from handlers.core.registry import Every, Feature, Timed
from handlers.roulette import (
    cards,
    commands,
    first_touch,
    offers,
    pool,
    roster,
    sla,
    strings,
    sweep,
    time_off,
)

SWEEP_EVERY = 0.25  # seconds between looks for windows that have closed (a cheap read)
WAITS_EVERY = 1.0  # seconds between looks for leads whose wait for working hours is over
RETURNS_EVERY = 10.0  # seconds between looks for reps whose time off is over
SLA_EVERY = 5.0  # seconds between looks for first-touch steps that fall due (hours apart)

FEATURE = Feature(
    name="roulette",
    commands=commands.COMMANDS,
    actions={
        cards.CLAIM: offers.claim,
        cards.PASS: offers.pass_offer,
        cards.GRAB: pool.grab,
        cards.CONTACTED: first_touch.click_contacted,
    },
    strings=strings.STRINGS,
    jobs=(
        Every("sweeper", SWEEP_EVERY, sweep.expire_due),
        Every("waits", WAITS_EVERY, sweep.release_waiting),
        Every("time-off", RETURNS_EVERY, time_off.return_due),
        Every("first-touch", SLA_EVERY, sla.run_due),
    ),
    sync=roster.sync_teams,
    timed=(Timed("offer", offers.start_windows, offers.windows_shown),),
)
