"""Call notes and recordings: what was said with a customer, and the call itself.

A note may carry a link to the call's recording; a recording shared in a DM with the
bot (see sharing.py) is attached to the account the message names, or the rep picks one
with a button, and its copy in the file store is what the timeline links. A file shared
twice (a retried event, a second click) is still one recording.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from handlers.core.context import Actor, Services
from handlers.core.inbox import SharedFile
from handlers.core.messages import Card, Text
from handlers.core.parse import parse_id
from handlers.pipeline.accounts import add_to_timeline, editable
from handlers.pipeline.files import receive
from handlers.pipeline.picks import ask_which
from handlers.roulette import first_touch
from storage.accounts import Account, Recording
from storage.files import FileKind
from storage.models import Lead, Member

ATTACH = "recording_attach"


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
        add_to_timeline(
            s,
            account,
            "recording",
            now,
            actor,
            text=_describe(rec),
            link=None if rec.stored_file_id else rec.link,
            stored_file_id=rec.stored_file_id,
        )
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


def store(
    svc: Services, member: Member, platform: str, shared: SharedFile, text: str | None
) -> tuple[Recording, bool]:
    """Keep the recording, and its file to be copied into the store; the same file shared
    again returns the first (False)."""
    file_id = shared.file_id[:200]
    try:
        with svc.db.transaction() as s:
            found = s.scalar(
                select(Recording).where(
                    Recording.platform == platform, Recording.file_id == file_id
                )
            )
            if found is not None:
                return found, False
            stored, _ = receive(svc, s, member, platform, shared, FileKind.RECORDING)
            rec = Recording(
                team_id=member.team_id,
                member_id=member.id,
                platform=platform,
                file_id=file_id,
                name=stored.name,
                link=shared.link[:1000],
                text=text[:1500] if text else None,
                shared_at=svc.clock.now(),
                stored_file_id=stored.id,
            )
            s.add(rec)
        return rec, True
    except IntegrityError:
        with svc.db.reading() as s:
            rec = s.scalar(
                select(Recording).where(
                    Recording.platform == platform, Recording.file_id == file_id
                )
            )
        if rec is None:
            raise
        return rec, False


def recordings_shared(
    svc: Services,
    actor: Actor,
    member: Member,
    account: Account | None,
    why: str,
    words: list[str],
    recordings: list[SharedFile],
) -> list[Text]:
    """Recordings shared in a DM: attached to the account the message named, else the rep
    is asked which one; `words` are the message's words after the account's name."""
    t = svc.t
    replies = []
    for shared in recordings:
        rec, new = store(svc, member, actor.platform, shared, " ".join(words) or None)
        if rec.account_id is not None:
            with svc.db.reading() as s:
                held = s.get_one(Account, rec.account_id)
            replies.append(
                Text(text=t("recording.already", file=rec.name, id=held.id, name=held.name))
            )
        elif account is not None:
            replies.append(attach(svc, actor, rec.id, account.id))
        elif new:
            card_key = f"recording:{rec.id}"
            replies.append(
                ask_which(svc, actor, member, card_key, rec.name, ATTACH, str(rec.id), why)
            )
        else:  # shared again while its pick card waits: the card above still works
            replies.append(Text(text=t("recording.waiting", file=rec.name)))
    return replies
