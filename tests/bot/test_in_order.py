"""One user's messages are handled one at a time in the order they came; others meanwhile."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from bot.in_order import InOrder


def test_a_users_jobs_run_in_order_while_other_users_go_ahead():
    pool = ThreadPoolExecutor(max_workers=8)
    work = InOrder(pool)
    first_may_end = threading.Event()
    ran: list[str] = []
    bob_done = threading.Event()

    def job(name: str, wait: threading.Event | None = None, done: threading.Event | None = None):
        def run() -> None:
            if wait is not None:
                assert wait.wait(5)
            ran.append(name)
            if done is not None:
                done.set()

        return run

    work.submit("alice", job("alice 1", wait=first_may_end))
    work.submit("alice", job("alice 2"))
    work.submit("alice", job("alice 3"))
    work.submit("bob", job("bob 1", done=bob_done))
    assert bob_done.wait(5)  # Bob is not held up by Alice's slow first message
    assert ran == ["bob 1"]
    first_may_end.set()
    pool.shutdown(wait=True)
    assert ran == ["bob 1", "alice 1", "alice 2", "alice 3"]


def test_a_failing_job_does_not_stop_the_ones_after_it():
    pool = ThreadPoolExecutor(max_workers=2)
    work = InOrder(pool)
    ran: list[int] = []
    second, third = threading.Event(), threading.Event()

    def boom() -> None:
        raise RuntimeError("broken message")

    work.submit("alice", boom)
    work.submit("alice", lambda: (ran.append(2), second.set()))
    assert second.wait(5)
    work.submit("alice", lambda: (ran.append(3), third.set()))  # after the queue ran dry
    assert third.wait(5)
    pool.shutdown(wait=True)
    assert ran == [2, 3]
