"""Everyone's own page: what a rep has to do and where their quarter stands, what a
manager's team is doing; both for someone who is both, a short note for a stranger.

One handler builds it for every platform: Slack publishes it as the Home tab, WeCom and
the console send it as messages when someone types `home` (`主页`).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from handlers.core.context import Actor, Services
from handlers.core.display import when
from handlers.core.messages import Card, Text
from handlers.home import manager, rep
from handlers.home.chart import Chart
from storage.models import Member, Team

ASK_NAMES = 3  # managers named on a stranger's page


@dataclass(frozen=True)
class Page:
    title: str
    items: tuple[Card | Chart, ...]

    def messages(self) -> list[Card | Text]:
        """The page as chat messages: each card with buttons as it is (a template card on
        WeCom), everything between them as one text."""
        out: list[Card | Text] = []
        texts: list[str] = []
        for item in self.items:
            if isinstance(item, Card) and item.buttons:
                if texts:
                    out.append(Text(text="\n\n".join(texts)))
                    texts = []
                out.append(item)
            elif isinstance(item, Card):
                texts.append(item.plain())
            else:
                texts.append(f"{item.title}\n{item.text}")
        if texts:
            out.append(Text(text="\n\n".join(texts)))
        return out


def build(svc: Services, actor: Actor) -> Page:
    """The actor's page as it is now."""
    t = svc.t
    if not actor.known:
        return _stranger(svc)
    items: list[Card | Chart] = []
    with svc.db.snapshot() as s:
        first = s.get_one(Team, actor.members[0].team_id)
        zone = svc.team_config(first).zone
        for member in actor.members:
            if member.is_rep:
                items += rep.sections(svc, s, member)
        for member in actor.members:
            if member.is_manager:
                items += manager.sections(svc, s, actor, member.team_id)
        for member in actor.members:
            items += rep.to_score(svc, s, member)
    title = t("home.title", name=actor.name)
    head = Card(title=title, footer=t("home.updated", at=when(svc.clock.now(), zone)))
    return Page(title=title, items=(head, *items))


def _stranger(svc: Services) -> Page:
    """Someone not in the config: who to ask."""
    t = svc.t
    with svc.db.reading() as s:
        names = s.scalars(
            select(Member.name)
            .where(Member.is_manager.is_(True), Member.listed.is_(True))
            .group_by(Member.name)  # a manager of two teams is named once
            .order_by(func.min(Member.team_id), func.min(Member.position))
            .limit(ASK_NAMES)
        ).all()
    who = ", ".join(names) or t("home.stranger.anyone")
    title = t("home.stranger.title")
    return Page(title=title, items=(Card(title=title, text=t("home.stranger.text", who=who)),))
