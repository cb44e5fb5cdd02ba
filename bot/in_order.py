"""Work handed to a thread pool that must keep its order per person."""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Executor

log = logging.getLogger(__name__)


class InOrder:
    """Runs jobs on `pool` one at a time per key, in the order they were submitted.

    Two messages from one user are handled in the order they came (an answer to a form's
    first question before the answer to its second); different users run side by side.
    """

    def __init__(self, pool: Executor):
        self._pool = pool
        self._lock = threading.Lock()
        self._waiting: dict[str, deque[Callable[[], None]]] = {}

    def submit(self, key: str, job: Callable[[], None]) -> None:
        with self._lock:
            queue = self._waiting.get(key)
            if queue is not None:  # a job of this key is running: this one goes after it
                queue.append(job)
                return
            self._waiting[key] = deque([job])
        self._pool.submit(self._drain, key)

    def _drain(self, key: str) -> None:
        while True:
            with self._lock:
                queue = self._waiting[key]
                if not queue:
                    del self._waiting[key]
                    return
                job = queue.popleft()
            try:
                job()
            except Exception:
                log.exception("work for %s failed; what came after it still runs", key)
