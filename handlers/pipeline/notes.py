"""Call notes and recordings: what was said with a customer, and the call itself.

A note may carry a link to the call's recording; a recording shared in a DM with the
bot is attached to the account the message names, or the rep picks one with a button.
A file shared twice (a retried event, a second click) is still one recording.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from handlers.core.context import Actor, Services
from handlers.core.errors import CommandError
from handlers.core.inbox import SharedFile
from handlers.core.messages import MAX_BUTTONS, Button, Card, Text
from handlers.core.parse import parse_id
from handlers.pipeline.accounts import add_to_timeline, editable
from handlers.pipeline.find import can_change, split_account
from handlers.roulette import first_touch
from storage.accounts import Account, Outcome, Recording
from storage.models import Lead, Member

ATTACH = "recording_attach"
PICK_FROM = MAX_BUTTONS  # accounts offered as buttons when a recording names none


def add_note(svc: Services, actor: Actor, account_id: int, text: str, link: str | None) -> Text:
    """A note on the account's timeline, with the call's recording if there is a link; the
    first note on a lead's account is the rep's first touch of it."""
    now = svc.clock.now()
    with svc.db.transaction() as s:
        account = editable(svc, s, actor, account_id)
        if isinstance(account, Text):
            return account
        add_to_timeline(s, account, "note", now, actor, text=text, link=link)
        if account.lead_id is not None and first_touch.touch(s, account.lead_id, now):
            lead = s.get_one(Lead, account.lead_id, populate_existing=True)
            first_touch.refresh_claimed_card(svc, s, lead, now)
        key = "note.added_link" if link else "note.added"
        reply = Text(text=svc.t(key, id=account.id, name=account.name))
    svc.wake_delivery()
    return reply


def _describe(rec: Recording) -> str:
    return f"{rec.name} — {rec.text}" if rec.text else rec.name


def attach(svc: Services, actor: Actor, recording_id: int, account_id: int) -> Text:
    """Attach a shared recording to an account, once: a second attach says where it went."""
    t = svc.t
    now = svc.clock.now()
    with svc.db.transaction() as s:
        rec = s.get(Recording, recording_id)
        if rec is None or rec.member_id not in actor.member_ids:
            return Text(text=t("recording.unknown"))
        account = editable(svc, s, actor, account_id)
        if isinstance(account, Text):
            return account
        won = s.execute(
            update(Recording)
            .where(Recording.id == rec.id, Recording.account_id.is_(None))
            .values(account_id=account.id)
            .returning(Recording.id)
        ).first()
        if won is None:
            s.refresh(rec)
            held = s.get_one(Account, rec.account_id)
            return Text(text=t("recording.already", file=rec.name, id=held.id, name=held.name))
        add_to_timeline(s, account, "recording", now, actor, text=_describe(rec), link=rec.link)
        done = Text(text=t("recording.attached", file=rec.name, id=account.id, name=account.name))
        attached = Card(title=done.text, status=t("recording.state"))
        svc.outbox.update(s, now, f"recording:{rec.id}", attached)
    svc.wake_delivery()
    return done


def click_attach(svc: Services, actor: Actor, value: str) -> Text:
    """A pick button: `recording id:account id`."""
    raw_rec, _, raw_account = value.partition(":")
    recording_id, account_id = parse_id(raw_rec), parse_id(raw_account)
    if recording_id is None or account_id is None:
        return Text(text=svc.t("click.unknown"))
    return attach(svc, actor, recording_id, account_id)


def _store(
    svc: Services, member: Member, platform: str, shared: SharedFile, text: str | None
) -> tuple[Recording, bool]:
    """Keep the recording; the same file shared again returns the first (False)."""
    try:
        with svc.db.transaction() as s:
            rec = Recording(
                team_id=member.team_id,
                member_id=member.id,
                platform=platform,
                file_id=shared.file_id[:200],
                name=shared.name[:300] or shared.file_id[:300],
                link=shared.link[:1000],
                text=text[:1500] if text else None,
                shared_at=svc.clock.now(),
            )
            s.add(rec)
        return rec, True
    except IntegrityError:
        with svc.db.reading() as s:
            rec = s.scalar(
                select(Recording).where(
                    Recording.platform == platform, Recording.file_id == shared.file_id[:200]
                )
            )
        if rec is None:
            raise
        return rec, False


def _ask_which(svc: Services, actor: Actor, member: Member, rec: Recording, why: str) -> Text:
    """Send a card with the accounts it could belong to; the click attaches it."""
    t = svc.t
    now = svc.clock.now()
    with svc.db.transaction() as s:
        query = select(Account).where(
            Account.team_id == member.team_id, Account.outcome == Outcome.OPEN
        )
        if not actor.is_manager(member.team_id):
            query = query.where(Account.owner_id == member.id)
        accounts = s.scalars(
            query.order_by(Account.last_activity_at.desc(), Account.id.desc()).limit(PICK_FROM)
        ).all()
        if not accounts:
            return Text(text=(why + " " if why else "") + t("recording.no_accounts", file=rec.name))
        buttons = tuple(
            Button(
                label=t("recording.pick", id=a.id, name=a.name)[:75],
                action=ATTACH,
                value=f"{rec.id}:{a.id}",
            )
            for a in accounts
        )
        card = Card(
            title=t("recording.which", file=rec.name),
            text=(why + "\n" if why else "") + t("recording.which_text"),
            buttons=buttons,
        )
        svc.outbox.to_member(s, now, member, card, card_key=f"recording:{rec.id}")
    svc.wake_delivery()
    return Text(text=t("recording.kept", file=rec.name))


def recording_shared(svc: Services, actor: Actor, text: str, files: list[SharedFile]) -> list[Text]:
    """Files shared in a DM with the bot: recordings go to the account the message names,
    or the rep is asked which one; anything else is turned down."""
    t = svc.t
    team_id = actor.home_team_id()
    member = actor.member_of(team_id) if team_id is not None else None
    if member is None:
        return [Text(text=t("command.stranger"))]
    replies = [
        Text(text=t("recording.not_audio", file=f.name or f.file_id))
        for f in files
        if not f.is_recording
    ]
    recordings = [f for f in files if f.is_recording]
    if not recordings:
        return replies
    words = text.split()
    account, why, rest = None, "", words
    if words:
        with svc.db.reading() as s:
            try:
                account, rest = split_account(svc, s, actor, member.team_id, words)
            except CommandError as exc:
                why = str(exc.args[0]) if exc.args and exc.args[0] else ""
            if account is not None and not can_change(actor, account):
                owner = s.get_one(Member, account.owner_id).name
                why = t("account.not_yours", id=account.id, name=account.name, owner=owner)
                account, rest = None, words
    for shared in recordings:
        rec, new = _store(svc, member, actor.platform, shared, " ".join(rest) or None)
        if rec.account_id is not None:
            with svc.db.reading() as s:
                held = s.get_one(Account, rec.account_id)
            replies.append(
                Text(text=t("recording.already", file=rec.name, id=held.id, name=held.name))
            )
        elif account is not None:
            replies.append(attach(svc, actor, rec.id, account.id))
        elif new:
            replies.append(_ask_which(svc, actor, member, rec, why))
        else:  # shared again while its pick card waits: the card above still works
            replies.append(Text(text=t("recording.waiting", file=rec.name)))
    return replies
