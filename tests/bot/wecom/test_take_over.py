"""WeCom is answered before a callback's work is done: a replica that stops in between
(killed, say) leaves the work to another, which does it once."""

from __future__ import annotations

import threading
import time
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from datetime import timedelta

from sqlalchemy import func, select

from handlers.core import inbound
from storage.models import InboundMessage, Lead
from tests.bot.wecom.conftest import says
from tests.waiting import wait_until


class Killed(Executor):
    """A replica killed right after answering: the work handed on never starts."""

    def submit(self, fn, /, *args, **kwargs):
        return Future()


def companies(wbot) -> list[str]:
    with wbot.runtime.svc.db.reading() as s:
        return list(s.scalars(select(Lead.company)))


def kept(wbot) -> int:
    with wbot.runtime.svc.db.reading() as s:
        return s.scalar(select(func.count()).select_from(InboundMessage))


def sent_by_either(bots, matches) -> None:
    """Wait until one of the replicas has sent a message that `matches`."""
    wait_until(lambda: any(matches(c) for b in bots for c in b.wecom.calls("message/send") if c.ok))


def test_a_message_a_killed_replica_answered_is_done_by_another_once(make_wecom_bot):
    dying = make_wecom_bot(pool=Killed())
    answer = dying.send.text("maria", "lead add Orphan 5000", msg_id="7100001")
    assert answer.status == 200
    time.sleep(0.3)
    assert companies(dying) == [] and kept(dying) == 1

    other = make_wecom_bot()
    other.work.take_over()  # the lease still runs: the first replica may yet do it
    assert companies(other) == []
    other.clock.advance(seconds=inbound.LEASE.total_seconds() + 1)
    other.work.take_over()
    # The answer and the card go out through the shared outbox: either replica sends them.
    sent_by_either([dying, other], says("maria", "Orphan"))
    sent_by_either([dying, other], lambda c: c.args["touser"] == "alice")
    assert companies(other) == ["Orphan"]

    # WeCom's own retry of that message, and later looks, do nothing more
    assert other.send.text("maria", "lead add Orphan 5000", msg_id="7100001").status == 200
    other.clock.advance(seconds=inbound.LEASE.total_seconds() + 1)
    other.work.take_over()
    time.sleep(0.3)
    assert companies(other) == ["Orphan"] and kept(other) == 0


def test_what_one_replica_took_over_another_leaves_alone(make_wecom_bot):
    dying = make_wecom_bot(pool=Killed())
    for n in range(6):
        assert dying.send.text("maria", f"lead add Left{n} 100", msg_id=f"72{n:05}").status == 200
    first, second = make_wecom_bot(pool=Killed()), make_wecom_bot(pool=Killed())
    first.clock.advance(seconds=inbound.LEASE.total_seconds() + 1)
    taken = inbound.take_over(first.runtime.svc, "wecom")
    assert [k.payload["Content"] for k in taken] == [f"lead add Left{n} 100" for n in range(6)]
    assert inbound.take_over(second.runtime.svc, "wecom") == []  # the new lease runs
    second.clock.advance(seconds=inbound.LEASE.total_seconds() + 1)
    assert len(inbound.take_over(second.runtime.svc, "wecom")) == 6  # first died as well


def test_a_handled_message_is_forgotten_and_old_ids_are_pruned(wbot):
    wbot.send.text("maria", "lead add Kept 100", msg_id="7300001")
    wbot.cards_to("alice")
    wait_until(lambda: kept(wbot) == 0, timeout=5)  # handled, so no longer kept
    svc = wbot.runtime.svc
    assert inbound.forget_seen(svc, svc.clock.now() - timedelta(days=1)) == 0
    assert inbound.forget_seen(svc, svc.clock.now() + timedelta(seconds=1)) == 1


def test_two_replicas_taking_over_at_once_never_take_the_same_message(make_wecom_bot):
    dying = make_wecom_bot(pool=Killed())
    for n in range(40):
        assert dying.send.text("maria", f"lead add Race{n} 100", msg_id=f"74{n:05}").status == 200
    replicas = [make_wecom_bot(pool=Killed()) for _ in range(2)]
    dying.clock.advance(seconds=inbound.LEASE.total_seconds() + 1)
    start = threading.Barrier(2)

    def take(wbot) -> list[int]:
        start.wait()
        return [k.id for k in inbound.take_over(wbot.runtime.svc, "wecom")]

    with ThreadPoolExecutor(2) as pool:
        a, b = pool.map(take, replicas)
    assert not set(a) & set(b) and len(a) + len(b) == 40
