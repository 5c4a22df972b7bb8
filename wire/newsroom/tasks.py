"""Background tasks that belong to the app's lifespan."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Coroutine
from typing import Any

import structlog

log = structlog.get_logger("wire.newsroom.tasks")
STOP_TIMEOUT = 5.0


@contextlib.asynccontextmanager
async def background(work: Coroutine[Any, Any, None], name: str) -> AsyncIterator[None]:
    """Run ``work`` for the length of the block; cancel it after, waiting a bounded time.

    The wait is bounded because a task stuck in a client call (a Redis reconnect during an
    outage) must not keep the server from shutting down.
    """
    task = asyncio.create_task(work, name=name)
    try:
        yield
    finally:
        task.cancel()
        done, _ = await asyncio.wait({task}, timeout=STOP_TIMEOUT)
        if not done:
            stack = "; ".join(
                f"{f.f_code.co_filename}:{f.f_lineno} {f.f_code.co_name}"
                for f in task.get_stack()
            )
            log.warning("background task did not stop in time", task=name, stack=stack)
        elif not task.cancelled() and task.exception() is not None:
            log.warning("background task had failed", task=name, error=repr(task.exception()))
