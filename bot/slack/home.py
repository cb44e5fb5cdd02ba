"""The Home tab: each person's page (handlers.home), published with `views.publish` when
they open it and again when something on it changes.

What changes a page is seen here, in the app: a click, a command or a message from the
person; a card or a note delivered to them; for a team's managers, whatever happened on
the team (a reported event) or was posted in its channels. A burst of changes publishes a
page at most once every `coalesce` seconds, and all pages together at most `per_minute` a
minute (views.publish is one of Slack's Tier 4 methods); a page waiting its turn is built
when its turn comes, so it shows what is true then. A rate limit from Slack pauses
publishing for as long as Slack asks.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import select

from bot.runtime import Runtime
from bot.scheduler import every
from bot.slack import render
from bot.slack.sender import retry_after
from handlers.core.context import Services
from handlers.core.report import Event
from handlers.home import page
from handlers.home.chart import Chart
from storage.models import Member, MessageRef, Team

log = logging.getLogger(__name__)

COALESCE = 3.0  # seconds between two publishes of one person's page
PER_MINUTE = 90  # pages published a minute, at most, by this process
TICK = 0.5  # seconds between looks for pages to publish


class HomePages:
    def __init__(
        self,
        svc: Services,
        client: WebClient,
        team_channels: dict[str, set[str]],
        coalesce: float = COALESCE,
        per_minute: int = PER_MINUTE,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.svc = svc
        self.client = client
        # a Slack channel id -> the teams whose manager or pool channel it is
        self.team_channels = team_channels
        self.coalesce = coalesce
        self.per_minute = per_minute
        self.clock = clock
        self._lock = threading.Lock()
        self._due: dict[str, float] = {}  # user id -> when their page changed first
        self._teams: set[str] = set()  # teams whose managers' pages changed
        self._last: dict[str, float] = {}  # user id -> when their page was last published
        self._sent: deque[float] = deque()  # when pages were published in the last minute
        self._paused_until = 0.0

    # -- what changed ----------------------------------------------------------------------

    def changed(self, user_id: str) -> None:
        if not user_id:
            return
        with self._lock:
            self._due.setdefault(user_id, self.clock())

    def team_changed(self, team: str) -> None:
        with self._lock:
            self._teams.add(team)

    def delivered(self, targets: Iterable[str]) -> None:
        """Messages landed on Slack (`slack:user:U…`, `slack:channel:C…`)."""
        for target in targets:
            platform, kind, address = (target.split(":", 2) + ["", ""])[:3]
            if platform != "slack":
                continue
            if kind == "user":
                for user_id in address.split("|"):
                    self.changed(user_id)
            elif kind == "channel":
                for team in self.team_channels.get(address, ()):
                    self.team_changed(team)

    def heard(self, event: Event) -> None:
        """Something happened on a team (a lead offered, claimed, moved on …)."""
        team = event.fields.get("team")
        if team:
            self.team_changed(str(team))

    # -- publishing ------------------------------------------------------------------------

    def _managers(self, teams: set[str]) -> list[str]:
        with self.svc.db.reading() as s:
            return list(
                s.scalars(
                    select(Member.slack_id)
                    .join(Team, Team.id == Member.team_id)
                    .where(
                        Team.name.in_(teams),
                        Member.is_manager.is_(True),
                        Member.listed.is_(True),
                        Member.slack_id.is_not(None),
                    )
                )
            )

    def _take_due(self, now: float) -> list[str]:
        """The people whose page is due now, longest waiting first, as many as the pace
        allows; they are no longer due (a change while their page is built marks it again)."""
        with self._lock:
            teams, self._teams = self._teams, set()
        for user_id in self._managers(teams) if teams else ():
            self.changed(user_id)
        with self._lock:
            while self._sent and self._sent[0] <= now - 60:
                self._sent.popleft()
            room = self.per_minute - len(self._sent)
            if now < self._paused_until or room <= 0:
                return []
            ready = sorted(
                (since, user)
                for user, since in self._due.items()
                if self._last.get(user, -self.coalesce) + self.coalesce <= now
            )
            taken = [user for _, user in ready[:room]]
            for user in taken:
                del self._due[user]
                self._last[user] = now
                self._sent.append(now)
            if len(self._last) > 10_000:
                self._last = {u: t for u, t in self._last.items() if t > now - self.coalesce}
            return taken

    def publish_due(self) -> int:
        """Publish the pages that are due; returns how many were published."""
        published = 0
        taken = self._take_due(self.clock())
        for i, user_id in enumerate(taken):
            try:
                self.publish(user_id)
                published += 1
            except SlackApiError as exc:
                if exc.response.status_code == 429:  # these pages wait out the pause
                    self._pause(exc)
                    for waiting in taken[i:]:
                        self.changed(waiting)
                    break
                log.warning(
                    "could not publish the page of %s: %s", user_id, exc.response.get("error")
                )
            except Exception:
                log.exception("could not publish the page of %s", user_id)
        return published

    def _pause(self, exc: SlackApiError) -> None:
        with self._lock:
            self._paused_until = self.clock() + max(retry_after(exc), 1.0)

    def publish(self, user_id: str) -> None:
        """Build the person's page as it is now and publish it."""
        shown = page.build(self.svc, self.svc.actor("slack", user_id))
        view = render.home_view(shown, self._pictures(shown))
        self.client.views_publish(user_id=user_id, view=view)

    def _pictures(self, shown: page.Page) -> dict[str, str]:
        """The Slack files of the page's charts (card key -> file id)."""
        keys = [item.card_key for item in shown.items if isinstance(item, Chart)]
        if not keys:
            return {}
        with self.svc.db.reading() as s:
            refs = s.scalars(
                select(MessageRef).where(
                    MessageRef.card_key.in_(keys), MessageRef.platform == "slack"
                )
            ).all()
        return {r.card_key: str(r.extra["file_id"]) for r in refs if (r.extra or {}).get("file_id")}


def team_channels(svc: Services) -> dict[str, set[str]]:
    """Each Slack channel a team posts in (managers', pool), and the teams posting there."""
    out: dict[str, set[str]] = {}
    for team in svc.config.teams:
        for channel in (team.manager_channel, team.pool_channel):
            if channel:
                out.setdefault(channel, set()).add(team.name)
    return out


def attach(runtime: Runtime, client: WebClient) -> HomePages:
    """Home pages for this process: told of what it delivers and what happens in it, and
    published on the scheduler's tick (so they stop with it)."""
    svc = runtime.svc
    pages = HomePages(svc, client, team_channels(svc))
    runtime.delivery.landed = pages.delivered
    heard_before = svc.on_event

    def on_event(event: Event) -> None:
        heard_before(event)
        pages.heard(event)

    svc.on_event = on_event
    every(runtime.scheduler, "home-pages", pages.publish_due, seconds=TICK)
    return pages
