"""Work a request started that must not hold up its answer (a digest's chart): done on a
small pool after the answer, and drained before the bot stops."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait

log = logging.getLogger(__name__)


class Later:
    def __init__(self, workers: int = 2):
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="later")
        self._running: set[Future[None]] = set()
        self._lock = threading.Lock()

    def __call__(self, job: Callable[[], object]) -> None:
        future = self.pool.submit(self._run, job)
        with self._lock:
            self._running.add(future)
        future.add_done_callback(self._forget)

    def _run(self, job: Callable[[], object]) -> None:
        try:
            job()
        except Exception:
            log.exception("work done after an answer failed")

    def _forget(self, future: Future[None]) -> None:
        with self._lock:
            self._running.discard(future)

    def drain(self, timeout: float) -> bool:
        """Wait for what was started so far; False if some of it is still running."""
        with self._lock:
            running = set(self._running)
        return not wait(running, timeout=timeout).not_done

    def stop(self, timeout: float = 10.0) -> None:
        self.drain(timeout)
        self.pool.shutdown(wait=False, cancel_futures=True)
