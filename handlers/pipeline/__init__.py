"""The pipeline: a claimed lead becomes an account, moves through the stages to won or
lost, and is weighed into the forecast against the quarter's quota; call notes,
recordings and contracts sit on its timeline, their files copied into the file store.

Read it in this order: `accounts` (open, move, change a deal), `find` (which account is
meant), `forecast`, `quotas` and `chart`, `notes` (notes and recordings), `contracts`
(approval) and `contract_cards`, `files`, `sharing` and `copies` (files shared in chat
and their copies in the store), `cards` and `commands`.
"""

from __future__ import annotations

from handlers.core.registry import Every, Feature
from handlers.pipeline import (
    accounts,
    cards,
    commands,
    contract_cards,
    contracts,
    copies,
    notes,
    sharing,
    strings,
)

FEATURE = Feature(
    name="pipeline",
    commands=commands.COMMANDS,
    actions={
        cards.OPEN: accounts.ask_to_open,
        cards.MOVE: accounts.click_move,
        notes.ATTACH: notes.click_attach,
        contract_cards.APPROVE: contracts.click_approve,
        contract_cards.REJECT: contracts.click_reject,
        contract_cards.WON: contracts.click_won,
        contract_cards.ATTACH: sharing.click_attach,
    },
    submissions={
        cards.OPEN: accounts.submit_open,
        cards.LOST: accounts.submit_lost,
        contract_cards.REJECT: contracts.submit_reject,
    },
    strings=strings.STRINGS,
    jobs=(
        Every("files:copy", 0.5, copies.run),
        Every("contracts:remind", 30, contracts.remind),
    ),
    files=sharing.files_shared,
)
