"""Prometheus metrics on a registry of the app's own (nothing registers at import).

``wire serve`` runs prometheus_client's multiprocess mode (``PROMETHEUS_MULTIPROC_DIR``, a
folder it makes for the run, or the one the operator names): every worker writes its
values there, and ``/metrics`` on any worker answers the sum over all of them, so one
scrape is right with any number of workers. Without the variable (an app built in a test)
the worker's own registry is served.
"""

from __future__ import annotations

import asyncio
import os
import time
from typing import Any

import structlog
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from prometheus_client.multiprocess import MultiProcessCollector

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
SAMPLE_EVERY = 1.0  # seconds between samples of the store's latency and the pool
log = structlog.get_logger("wire.ops.metrics")

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
            "wire_feed_requests",
            "Feed requests by format and result (hit, render, shared: another process's, 304)",
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
            multiprocess_mode="livemax",  # every worker reads the same totals from Redis
        )
        self.push_backlog = Gauge(
            "wire_push_backlog", "Deliveries queued or in flight over all push targets",
            registry=self.registry, multiprocess_mode="livemax",
        )
        self.push_overflowed = Counter(
            "wire_push_overflowed", "Deliveries moved undelivered from an outbox over its "
            "bound (WIRE_PUSH__OUTBOX_MAX) to its dead-letter queue", ["kind"],
            registry=self.registry,
        )
        self.push_dropped = Counter(
            "wire_push_dropped", "Dead letters dropped, oldest first, from a dead-letter "
            "queue over its bound (WIRE_PUSH__DEAD_LETTER_MAX)", ["kind"],
            registry=self.registry,
        )
        self.push_fanout_lag = Gauge(
            "wire_push_fanout_lag", "Changes in the change log the push fan-out has not "
            "read yet (its consumer group's lag)", registry=self.registry,
            multiprocess_mode="livemax",
        )
        self.push_fanout_pending = Gauge(
            "wire_push_fanout_pending", "Changes the push fan-out read and has not finished "
            "queueing (a batch in progress, or one a dead worker left)",
            registry=self.registry, multiprocess_mode="livemax",
        )
        self.change_log_capped = Gauge(
            "wire_change_log_capped", "Changes the change log's hard cap ever dropped (each "
            "one push may never have fanned out; retention alone never drops those)",
            registry=self.registry, multiprocess_mode="livemax",
        )

        self.normalize_seconds = Histogram(
            "wire_normalize_seconds", "Time to normalize one story's copy",
            registry=self.registry,
            buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5),
        )
        self.store_seconds = Histogram(
            "wire_store_ping_seconds", "Round trip of a PING to the store through the pool, "
            "sampled every second by each worker", registry=self.registry,
            buckets=(0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1, 0.5),
        )
        self.pool_in_use = Gauge(
            "wire_store_pool_in_use", "Store connections in use (summed over live workers)",
            registry=self.registry, multiprocess_mode="livesum",
        )
        self.pool_max = Gauge(
            "wire_store_pool_max", "Store connections the pools may open (summed over live "
            "workers)", registry=self.registry, multiprocess_mode="livesum",
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


async def sample_store(redis: Any, metrics: Metrics) -> None:
    """Every second: the store's round trip and how much of the connection pool is in use.

    redis-py has no public count of a pool's busy connections; its private set is read,
    and the gauge stays at 0 should a release rename it. A cluster client keeps a pool per
    node and has no single pool to read: its gauges stay at 0.
    """
    pool = getattr(redis, "connection_pool", None)
    metrics.pool_max.set(getattr(pool, "max_connections", 0))
    while True:
        started = time.perf_counter()
        try:
            await redis.ping()
        except Exception as exc:  # an outage: reported by /readyz and the outage counter
            log.debug("store sample failed", error=repr(exc))
        else:
            metrics.store_seconds.observe(time.perf_counter() - started)
        metrics.pool_in_use.set(len(getattr(pool, "_in_use_connections", ())))
        await asyncio.sleep(SAMPLE_EVERY)
