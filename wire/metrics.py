"""Prometheus metrics on a registry of the app's own (nothing registers at import).

``wire serve`` runs prometheus_client's multiprocess mode (``PROMETHEUS_MULTIPROC_DIR``, a
folder it makes for the run, or the one the operator names): every worker writes its
values there, and ``/metrics`` on any worker answers the sum over all of them, so one
scrape is right with any number of workers. Without the variable (an app built in a test)
the worker's own registry is served.
"""

from __future__ import annotations

import os
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from prometheus_client.multiprocess import MultiProcessCollector

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"

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

        self._hits: dict[tuple[str, bool], Any] = {}

    def count_feed_request(self, fmt: str, not_modified: bool) -> None:
        """Count a feed request served from the cache (the hot path: children are kept)."""
        child = self._hits.get((fmt, not_modified))
        if child is None:
            child = self.feed_requests.labels(fmt, "304" if not_modified else "hit")
            self._hits[(fmt, not_modified)] = child
        child.inc()

    def exposition(self) -> bytes:
        """The text exposition: every worker's values summed in multiprocess mode."""
        folder = os.environ.get(MULTIPROC_ENV)
        if not folder:
            return generate_latest(self.registry)
        merged = CollectorRegistry()
        # prometheus_client leaves this constructor unannotated.
        MultiProcessCollector(merged, path=folder)  # type: ignore[no-untyped-call]
        return generate_latest(merged)
