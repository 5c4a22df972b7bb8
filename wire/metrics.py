"""Prometheus metrics on a registry of the app's own (nothing registers at import).

Each worker process keeps its own counters; scrape every worker, or run one worker per
container, as with any multi-process Python service.
"""

from __future__ import annotations

from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

__all__ = ["CONTENT_TYPE_LATEST", "Metrics"]


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.stories = Counter(
            "wire_story_writes", "Story writes answered, by status (201 new, 200 existing)",
            ["status"], registry=self.registry,
        )
        self.refusals = Counter(
            "wire_refusals", "Requests refused, by HTTP status", ["status"],
            registry=self.registry,
        )
        self.feed_requests = Counter(
            "wire_feed_requests", "Feed requests by format and result (hit, render, 304)",
            ["format", "result"], registry=self.registry,
        )
        self.render_seconds = Histogram(
            "wire_feed_render_seconds", "Time to collect and render one feed document",
            ["format"], registry=self.registry,
            buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0),
        )
        self.store_outages = Counter(
            "wire_store_outages", "Times this worker lost the store and reconnected (a dead or "
            "restarted embedded store, a failover, a network cut)", registry=self.registry,
        )
        self.embargo_releases = Counter(
            "wire_embargo_releases", "Embargoed stories released by this worker",
            registry=self.registry,
        )
        self.push_deliveries = Counter(
            "wire_push_deliveries", "Push delivery attempts by this worker, by kind (webhook, "
            "websub) and result (delivered, skipped, failed, gone)", ["kind", "result"],
            registry=self.registry,
        )
        self.push_dead_letters = Counter(
            "wire_push_dead_lettered", "Deliveries this worker gave up on after the retry "
            "horizon", ["kind"], registry=self.registry,
        )
        self.push_dead_letter_queue = Gauge(
            "wire_push_dead_letter_queue", "Deliveries in the dead-letter queues of all push "
            "targets (replay with 'wire partners webhook replay')", registry=self.registry,
        )
        self.push_backlog = Gauge(
            "wire_push_backlog", "Deliveries queued or in flight over all push targets",
            registry=self.registry,
        )

        self._hits: dict[tuple[str, bool], Any] = {}

    def count_feed_request(self, fmt: str, not_modified: bool) -> None:
        """Count a feed request served from the cache (the hot path: children are kept)."""
        child = self._hits.get((fmt, not_modified))
        if child is None:
            child = self.feed_requests.labels(fmt, "304" if not_modified else "hit")
            self._hits[(fmt, not_modified)] = child
        child.inc()

    def exposition(self) -> bytes:
        return generate_latest(self.registry)
