"""The pipeline's commands: /deal, /forecast (and its quotas), /note, /account, /contract.

Each parses and checks everything it was given before calling a handler, so bad input
gets a message saying what is wrong and changes nothing.
"""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers.core.commands import Command, Reply, Request, find_member, one
from handlers.core.context import Services
from handlers.core.errors import CommandError
from handlers.core.messages import Text
from handlers.core.money import show_cents, to_cents
from handlers.core.parse import (
    looks_like_link,
    parse_amount,
    parse_date,
    parse_id,
    parse_link,
    parse_percent,
)
from handlers.pipeline import accounts, cards, contracts, forecast, notes, quotas
from handlers.pipeline.files import file_suffix, files_by_id
from handlers.pipeline.find import can_change, find_account, split_account
from storage.accounts import Account, AccountEvent, Outcome
from storage.models import Member, Team

VERBS = ("stage", "amount", "close", "probability")
NOTE_MAX = 1500
REASON_MAX = 400
LISTED = 20


def _deal_new(req: Request) -> Reply:
    """/deal new <lead id> <amount> [close date]"""
    if len(req.args) not in (2, 3):
        raise CommandError()
    lead_id = parse_id(req.args[0])
    if lead_id is None:
        raise CommandError(req.svc.t("lead.unknown", id=req.args[0][:20]))
    amount = parse_amount(req.svc.t, req.args[1])
    close = parse_date(req.svc.t, req.args[2]) if len(req.args) == 3 else None
    reply, _ = accounts.open_account(req.svc, req.actor, lead_id, amount, close)
    return one(reply)


def _account_for(req: Request, words: list[str]) -> Account:
    with req.svc.db.reading() as s:
        return find_account(req.svc, s, req.actor, req.team_id, " ".join(words))


def _not_yours(req: Request, account: Account) -> Text:
    with req.svc.db.reading() as s:
        owner = s.get_one(Member, account.owner_id).name
    return Text(text=req.svc.t("account.not_yours", id=account.id, name=account.name, owner=owner))


def _lost_reason(req: Request, words: list[str]) -> tuple[str | None, str | None]:
    """(reason, details) from `… stage lost <words>`: a configured reason may lead."""
    text = " ".join(words).strip()
    if not text:
        return None, None
    if len(text) > REASON_MAX:
        field = req.svc.t("form.lost.reason")
        raise CommandError(req.svc.t("input.too_long_field", field=field, max=REASON_MAX))
    for reason in sorted(req.svc.config.pipeline.lost_reasons, key=len, reverse=True):
        if text.casefold() == reason.casefold():
            return reason, None
        if text.casefold().startswith(reason.casefold() + " "):
            return reason, text[len(reason) :].strip()
    return text, None


def _deal(req: Request) -> Reply:
    """/deal <account> [stage <stage> [reason] | amount <n> | close <date> | probability <p>]"""
    svc, words = req.svc, req.args
    if not words:
        raise CommandError()
    at = next((i for i, w in enumerate(words) if i > 0 and w.lower() in VERBS), None)
    account = _account_for(req, words[:at] if at is not None else words)
    if at is None:
        if not can_change(req.actor, account):
            return one(_not_yours(req, account))
        with svc.db.reading() as s:
            owner = s.get_one(Member, account.owner_id).name
        return one(cards.account_card(svc.t, svc.config.pipeline, account, owner))
    verb, rest = words[at].lower(), words[at + 1 :]
    if verb == "stage":
        if not rest:
            raise CommandError()
        lost = svc.config.pipeline.final_stage("lost").name.casefold()
        if rest[0].casefold() != lost and len(rest) > 1:
            raise CommandError()
        reason, details = _lost_reason(req, rest[1:])
        return one(accounts.move(svc, req.actor, account.id, rest[0], None, reason, details))
    if len(rest) != 1:
        raise CommandError()
    if verb == "amount":
        return one(accounts.set_amount(svc, req.actor, account.id, parse_amount(svc.t, rest[0])))
    if verb == "close":
        return one(accounts.set_close(svc, req.actor, account.id, parse_date(svc.t, rest[0])))
    percent = parse_percent(svc.t, rest[0])
    return one(accounts.set_probability(svc, req.actor, account.id, percent))


def _open_accounts(req: Request) -> Text:
    """Without a name: your open accounts (a manager: the team's), latest activity first."""
    t = req.svc.t
    me = req.actor.member_of(req.team_id)
    manager = req.actor.is_manager(req.team_id)
    with req.svc.db.reading() as s:
        query = (
            select(Account, Member.name)
            .join(Member, Member.id == Account.owner_id)
            .where(Account.team_id == req.team_id, Account.outcome == Outcome.OPEN)
        )
        if not manager:
            query = query.where(Account.owner_id == me.id)
        rows = s.execute(
            query.order_by(Account.last_activity_at.desc(), Account.id.desc()).limit(LISTED + 1)
        ).all()
        team = s.get_one(Team, req.team_id).name
    if not rows:
        return Text(text=t("account.none_open"))
    head = t("account.list_team", team=team) if manager else t("account.list_mine")
    lines = [head]
    for account, owner in rows[:LISTED]:
        lines.append("• " + cards.summary(t, account) + (f" · {owner}" if manager else ""))
    if len(rows) > LISTED:
        lines.append(t("account.list_more", n=LISTED))
    return Text(text="\n".join(lines))


def _account(req: Request) -> Reply:
    """/account [name or id]: one account's timeline, or the open accounts."""
    if not req.args:
        return one(_open_accounts(req))
    account = _account_for(req, req.args)
    if not can_change(req.actor, account):
        return one(_not_yours(req, account))
    svc = req.svc
    with svc.db.reading() as s:
        zone = svc.team_config(s.get_one(Team, account.team_id)).zone
        now = svc.clock.now()
        extra = contracts.history_lines(svc, s, account, now)
        files = timeline_files(svc, s, account, now)
        return one(cards.timeline(svc.t, s, svc.config.pipeline, account, zone, extra, files))


def timeline_files(svc: Services, s: Session, account: Account, now: datetime) -> dict[int, str]:
    """Each recording's stored copy on the account's timeline: its link, or why none."""
    ids = set(
        s.scalars(
            select(AccountEvent.stored_file_id).where(
                AccountEvent.account_id == account.id, AccountEvent.stored_file_id.is_not(None)
            )
        )
    )
    return {i: file_suffix(svc, f, now) for i, f in files_by_id(s, ids).items()}


def _note(req: Request) -> Reply:
    """/note <account> <text> [link]"""
    svc = req.svc
    if len(req.args) < 2:
        raise CommandError()
    with svc.db.reading() as s:
        account, rest = split_account(svc, s, req.actor, req.team_id, req.args)
    link = parse_link(svc.t, rest.pop()) if rest and looks_like_link(rest[-1]) else None
    text = " ".join(rest).strip()
    if not text:
        raise CommandError(svc.t("note.empty"))
    if len(text) > NOTE_MAX:
        raise CommandError(svc.t("input.too_long_field", field=svc.t("field.note"), max=NOTE_MAX))
    return one(notes.add_note(svc, req.actor, account.id, text, link))


def _forecast(req: Request) -> Reply:
    """/forecast [quarter] [@rep]: reps get their own figures, managers anyone's."""
    svc, t = req.svc, req.svc.t
    with svc.db.reading() as s:
        tcfg = svc.team_config(s.get_one(Team, req.team_id))
    this = forecast.quarter_of(forecast.today(svc.clock.now(), tcfg.zone))
    quarter, rep = None, None
    for word in req.args:
        found = forecast.parse_quarter(word, this)
        if found is not None:
            if quarter is not None:
                raise CommandError()
            quarter = found
        elif rep is not None:
            raise CommandError()
        else:
            try:
                rep = find_member(req, word)
            except CommandError:
                if re.search(r"\d", word) and not word.startswith(("@", "<@")):
                    raise CommandError(t("input.bad_quarter", value=word[:40])) from None
                raise
    manager = req.actor.is_manager(req.team_id)
    if not manager:
        me = req.actor.member_of(req.team_id)
        if rep is not None and rep.id != me.id:
            raise CommandError(t("forecast.own_only"))
        rep = me
    quarter = quarter or this
    with svc.db.snapshot() as s:
        answer = quotas.forecast_report(t, svc.config.pipeline, tcfg, s, req.team_id, quarter, rep)
    return one(answer)


def _quota(req: Request) -> Reply:
    """/forecast quota [@rep] <quarter> <amount>; without arguments, every quota set."""
    svc, t = req.svc, req.svc.t
    with svc.db.reading() as s:
        tcfg = svc.team_config(s.get_one(Team, req.team_id))
        if not req.args:
            return one(Text(text="\n".join(quotas.history(t, s, req.team_id, tcfg.zone))))
    if len(req.args) not in (2, 3):
        raise CommandError()
    rep = find_member(req, req.args[0]) if len(req.args) == 3 else None
    if rep is not None and not rep.is_rep:
        raise CommandError(t("quota.not_a_rep", name=rep.name))
    raw_quarter, raw_amount = req.args[-2:]
    this = forecast.quarter_of(forecast.today(svc.clock.now(), tcfg.zone))
    quarter = forecast.parse_quarter(raw_quarter, this)
    if quarter is None:
        raise CommandError(t("input.bad_quarter", value=raw_quarter[:40]))
    amount = parse_amount(t, raw_amount)
    if amount <= 0:
        raise CommandError(t("quota.positive", value=raw_amount[:40]))
    me = req.actor.member_of(req.team_id)
    assert me is not None
    with svc.db.transaction() as s:
        was = quotas.set_quota(s, req.team_id, rep, quarter, amount, me, svc.clock.now())
    who = rep.name if rep is not None else tcfg.name
    key = "quota.set" if was is None else "quota.changed"
    shown = show_cents(to_cents(amount))
    return one(
        Text(text=t(key, who=who, quarter=quarter.label, amount=shown, was=show_cents(was or 0)))
    )


def _contract(req: Request) -> Reply:
    """/contract <account> [link]: send a contract by link; without one, its versions."""
    svc = req.svc
    with svc.db.reading() as s:
        account, rest = split_account(svc, s, req.actor, req.team_id, req.args)
    if len(rest) > 1 or (rest and not looks_like_link(rest[0])):
        raise CommandError()
    if not can_change(req.actor, account):
        return one(_not_yours(req, account))
    if rest:
        return one(contracts.send(svc, req.actor, account.id, link=parse_link(svc.t, rest[0])))
    with svc.db.reading() as s:
        lines = contracts.history_lines(svc, s, account, svc.clock.now())
    head = svc.t("contract.versions", id=account.id, name=account.name)
    hint = svc.t("contract.how_to_send", id=account.id)
    return one(Text(text="\n".join([head, *lines] if lines else [head, hint])))


def _pending(req: Request) -> Reply:
    if req.args:
        raise CommandError()
    return one(contracts.pending(req.svc, req.actor, req.team_id))


COMMANDS: dict[str, dict[str, Command]] = {
    "deal": {
        "new": Command("usage.deal_new", False, _deal_new),
        "*": Command("usage.deal", False, _deal),
    },
    "forecast": {
        "*": Command("usage.forecast", False, _forecast),
        "quota": Command("usage.forecast_quota", True, _quota),
    },
    "note": {"*": Command("usage.note", False, _note, free_text=True)},
    "account": {"*": Command("usage.account", False, _account)},
    "contract": {
        "pending": Command("usage.contract_pending", True, _pending),
        "*": Command("usage.contract", False, _contract),
    },
}
