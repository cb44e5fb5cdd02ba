"""What the senders of platform requests to our app share: a pooled session and timed results.

``SlackSender`` and ``WeComCallbacks`` sign their payloads differently but post
them the same way: through one ``requests`` session sized for bursts of
simultaneous requests, timing each and keeping what was sent next to what our
app answered.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, Self, TypeVar

import requests
from requests.adapters import HTTPAdapter

__all__ = ["HttpResult", "HttpSender"]


@dataclass(frozen=True)
class HttpResult:
    """What our app answered, plus what was sent (handy in assertion messages)."""

    status: int
    text: str
    headers: Mapping[str, str]
    elapsed: float
    sent: dict[str, Any] = field(repr=False)

    @property
    def status_code(self) -> int:
        return self.status

    def json(self) -> Any:
        return json.loads(self.text)


R = TypeVar("R", bound=HttpResult)


class HttpSender(Generic[R]):
    """Sends requests to ``url`` through a pooled session; a subclass sets ``result_type``."""

    result_type: type[R]

    def __init__(self, url: str, timeout: float) -> None:
        self.url = url
        self.timeout = timeout
        self.session = requests.Session()
        adapter = HTTPAdapter(pool_connections=4, pool_maxsize=64)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _request(self, verb: str, sent: dict[str, Any], **options: Any) -> R:
        """Send ``verb`` to ``url`` with ``requests`` ``options``; time it and keep ``sent``."""
        started = time.monotonic()
        response = self.session.request(verb, self.url, timeout=self.timeout, **options)
        return self.result_type(
            status=response.status_code,
            text=response.text,
            headers=dict(response.headers),
            elapsed=time.monotonic() - started,
            sent=sent,
        )
