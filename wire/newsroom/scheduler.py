"""Scheduled work: release embargoed stories at their time, trim feeds past retention.

Every worker runs this loop; the release script lets exactly one of them publish each
story, and the schedule lives in Redis, so a restart or a crashed worker loses nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from datetime import datetime, timedelta

import structlog

from wire.errors import StorageUnavailable
from wire.newsroom.tasks import background
from wire.storage.store import StoryStore

log = structlog.get_logger("wire.newsroom.scheduler")
TICK = 0.2  # seconds between checks: embargoes lift within this of their time
TRIM_EVERY = timedelta(minutes=10)  # retention is coarse; trimming is idempotent


async def release_due(store: StoryStore, now: datetime) -> list[str]:
    """Publish every story whose embargo has passed; the ids this worker released."""
    released = []
    for sid in await store.due_embargoes(now):
        if await store.release(sid, now):
            released.append(sid)
    return released


async def _loop(store: StoryStore, clock: Callable[[], datetime], retention: timedelta,
                released: Callable[[], None]) -> None:
    next_trim = clock()
    while True:
        try:
            now = clock()
            for sid in await release_due(store, now):
                log.info("embargo lifted", story=sid)
                released()
            if now >= next_trim:
                trimmed = await store.trim(now - retention)
                next_trim = now + TRIM_EVERY
                if trimmed:
                    log.info("retention trimmed feed indexes", entries=trimmed)
        except StorageUnavailable as exc:
            log.warning("scheduled work failed; will retry", error=repr(exc))
        await asyncio.sleep(TICK)


def run_embargo_releases(
    store: StoryStore, clock: Callable[[], datetime], retention: timedelta,
    released: Callable[[], None] = lambda: None,
) -> contextlib.AbstractAsyncContextManager[None]:
    return background(_loop(store, clock, retention, released), "scheduled-work")
