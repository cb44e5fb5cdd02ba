"""GET /metrics: what the bot did and what it owes, in the Prometheus text format.

Counters and histograms count what this process did (what handlers report, chat calls
that failed, HTTP requests): add them up over the replicas. What the database holds (the
outbox backlog, windows past their deadline) is read when Prometheus scrapes, so every
replica reports the same figure: take the max over them.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Sequence

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from handlers.core.context import Services
from handlers.core.report import Event
from handlers.roulette import sweep
from storage import outbox

# No `_created` series beside each counter: nothing here reads them, and they double the
# series of every scrape.
disable_created_metrics()

# Claim windows are minutes long; a card reaches its rep in well under a second.
CLAIM_BUCKETS = (1, 5, 10, 30, 60, 120, 300, 600, 1200, 1800, 3600)
FIRST_DM_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300)
HTTP_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5)

# Label values a website or a chat platform chooses are kept to this many distinct ones
# per label; the rest count as "other", so a stray value cannot grow the series forever.
MAX_VALUES = 30


class _Bounded:
    """The first MAX_VALUES distinct values of a label as given, then "other"."""

    def __init__(self) -> None:
        self._seen: set[str] = set()
        self._lock = threading.Lock()

    def __call__(self, value: str) -> str:
        value = value[:60] or "none"
        with self._lock:
            if value in self._seen:
                return value
            if len(self._seen) < MAX_VALUES:
                self._seen.add(value)
                return value
        return "other"


class Metrics:
    """One process's metrics in a registry of its own (tests run several bots at once)."""

    def __init__(self, svc: Services, platforms: Sequence[str]):
        self.registry = CollectorRegistry()
        r = self.registry
        self.leads_received = Counter(
            "salesbot_leads_received_total", "Leads received.", ["team", "source"], registry=r
        )
        self.offers_opened = Counter(
            "salesbot_offers_opened_total", "Offers made to a rep.", ["team"], registry=r
        )
        self.offers_claimed = Counter(
            "salesbot_offers_claimed_total", "Offers claimed in their window.", ["team"], registry=r
        )
        self.offers_passed = Counter(
            "salesbot_offers_passed_total", "Offers a rep passed on.", ["team"], registry=r
        )
        self.offers_expired = Counter(
            "salesbot_offers_expired_total", "Windows that ran out.", ["team"], registry=r
        )
        self.offers_skipped = Counter(
            "salesbot_offers_skipped_total",
            "Reps passed over, by reason (inactive, away, tier, capacity, unreachable).",
            ["team", "reason"],
            registry=r,
        )
        self.leads_pooled = Counter(
            "salesbot_leads_pooled_total", "Leads everyone let go.", ["team"], registry=r
        )
        self.leads_grabbed = Counter(
            "salesbot_leads_grabbed_total", "Leads grabbed from the pool.", ["team"], registry=r
        )
        self.time_to_claim = Histogram(
            "salesbot_time_to_claim_seconds",
            "From a card's window opening to its claim.",
            ["team"],
            buckets=CLAIM_BUCKETS,
            registry=r,
        )
        self.time_to_first_dm = Histogram(
            "salesbot_time_to_first_dm_seconds",
            "From a lead's arrival to its first card landing in a rep's DM.",
            ["team"],
            buckets=FIRST_DM_BUCKETS,
            registry=r,
        )
        self.digests_posted = Counter(
            "salesbot_digests_posted_total", "Digests posted.", ["kind", "team"], registry=r
        )
        self.chat_failures = Counter(
            "salesbot_chat_api_failures_total",
            "Chat API calls that failed (each is retried or given up on).",
            ["platform", "error"],
            registry=r,
        )
        self.http_requests = Counter(
            "salesbot_http_requests_total",
            "HTTP requests answered.",
            ["endpoint", "method", "status"],
            registry=r,
        )
        self.http_latency = Histogram(
            "salesbot_http_request_duration_seconds",
            "From a request reaching the app to its answer.",
            ["endpoint"],
            buckets=HTTP_BUCKETS,
            registry=r,
        )
        self._source = _Bounded()
        self._error = _Bounded()
        r.register(_FromDatabase(svc, platforms))

    def hear(self, event: Event) -> None:
        """What a handler reported (handlers.core.report), counted."""
        f = event.fields
        team = str(f.get("team", ""))
        name = event.name
        if name == "lead.received":
            self.leads_received.labels(team, self._source(str(f.get("source", "")))).inc()
        elif name == "offer.opened":
            self.offers_opened.labels(team).inc()
        elif name == "offer.claimed":
            self.offers_claimed.labels(team).inc()
            if event.seconds is not None:
                self.time_to_claim.labels(team).observe(event.seconds)
        elif name == "offer.passed":
            self.offers_passed.labels(team).inc()
        elif name == "offer.expired":
            self.offers_expired.labels(team).inc()
        elif name == "offer.skipped":
            reason = str(f.get("reason", "")).partition(":")[0]
            self.offers_skipped.labels(team, reason).inc()
        elif name == "lead.pooled":
            self.leads_pooled.labels(team).inc()
        elif name == "lead.grabbed":
            self.leads_grabbed.labels(team).inc()
        elif name == "lead.first_dm" and event.seconds is not None:
            self.time_to_first_dm.labels(team).observe(event.seconds)
        elif name == "digest.posted":
            self.digests_posted.labels(str(f.get("kind", "")), team).inc()

    def chat_failed(self, platform: str, error: str) -> None:
        self.chat_failures.labels(platform, self._error(error)).inc()

    def request_done(self, endpoint: str, method: str, status: int, started: float) -> None:
        self.http_requests.labels(endpoint, method, str(status)).inc()
        self.http_latency.labels(endpoint).observe(time.perf_counter() - started)

    def exposition(self) -> bytes:
        return generate_latest(self.registry)


class _FromDatabase(Collector):
    """Gauges read from the database at each scrape: two small indexed queries."""

    def __init__(self, svc: Services, platforms: Sequence[str]):
        self.svc = svc
        self.platforms = [p for p in platforms if p != "console"]

    def collect(self) -> Iterable[Metric]:
        now = self.svc.clock.now()
        backlog = GaugeMetricFamily(
            "salesbot_outbox_backlog_messages",
            "Chat messages queued and not yet delivered.",
            labels=["platform"],
        )
        oldest = GaugeMetricFamily(
            "salesbot_outbox_oldest_owed_seconds",
            "Age of the oldest chat message still owed (0 when none is).",
            labels=["platform"],
        )
        with self.svc.db.reading() as s:
            for platform in self.platforms:
                count, since = outbox.backlog(s, platform)
                backlog.add_metric([platform], count)
                oldest.add_metric([platform], (now - since).total_seconds() if since else 0.0)
        count, due = sweep.overdue(self.svc)
        overdue = GaugeMetricFamily(
            "salesbot_windows_overdue",
            "Claim windows past their deadline that no sweep has closed yet.",
            value=count,
        )
        late = GaugeMetricFamily(
            "salesbot_sweep_lag_seconds",
            "How far past its deadline the oldest window still open is (0 when none is).",
            value=max(0.0, (now - due).total_seconds()) if due else 0.0,
        )
        yield from (backlog, oldest, overdue, late)
