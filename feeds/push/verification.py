"""WebSub verifications of intent, waiting in Redis until they are done.

A subscription request is stored (``{push}:verify``, due now in ``{push}:verify_due``)
before the hub answers ``202``, so a worker that dies or restarts between the ``202`` and
the verification loses nothing: any worker takes it up. Taking one moves it a claim period
ahead in the same step (``verify_take.lua``), so exactly one worker verifies it at a time;
a verification whose callback cannot be reached (or answers 5xx) is tried again with the
deliveries' backoff, up to ``ATTEMPTS`` times. Requests are keyed by subscription, so a
newer request for the same subscription (an unsubscribe after a subscribe) replaces one
still waiting and is verified after one being verified (``verify_done.lua``): the last
intent wins, never an older one verified late.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import secrets
import time
from collections.abc import Awaitable, Callable
from importlib import resources
from typing import Any

import structlog
from pydantic import BaseModel, ConfigDict

from feeds.push.outbox import backoff
from wire.errors import StorageUnavailable
from wire.settings import PushConfig
from wire.storage.client import StoreClient
from wire.storage.keys import Keys
from wire.storage.store import guarded, text

log = structlog.get_logger("wire.websub")
ATTEMPTS = 8
"""Verification attempts before a request is dropped (about ten minutes at the default
backoff; the subscriber may then ask again)."""
CONCURRENCY = 16  # verifications in flight per worker
POLL = 0.2  # seconds between looks at the due set when nothing wakes the loop


class PendingRequest(BaseModel):
    """A subscription request as the hub received it, until its intent is verified."""

    model_config = ConfigDict(frozen=True)

    mode: str
    topic: str
    """``hub.topic`` as given (it may carry ``?token=``)."""
    callback: str
    lease: int
    secret: str
    token: str
    """The request's own credentials (used when the topic carries no token)."""
    base: str
    """The hub's base URL as the request named it (topics must be under it)."""
    nonce: str = ""
    """Tells two identical requests apart, so a repeat is verified again."""
    attempts: int = 0


def _ms() -> int:
    return int(time.time() * 1000)


class Pending:
    """The Redis side: store, take and finish pending verifications (``{push}`` only)."""

    def __init__(self, redis: StoreClient, keys: Keys) -> None:
        self.redis = redis
        self.keys = keys
        self._take = _script(redis, "verify_take.lua")
        self._done = _script(redis, "verify_done.lua")

    async def add(self, pid: str, request: PendingRequest) -> None:
        """Store ``request`` under ``pid``, due now unless the one it replaces is being
        verified (that one's end makes it due)."""
        raw = request.model_copy(update={"nonce": secrets.token_hex(8)}).model_dump_json()
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.hset(self.keys.websub_pending(), pid, raw)
            pipe.zadd(self.keys.websub_pending_due(), {pid: _ms()}, gt=True)
            await guarded(pipe.execute())

    async def take(self, claim_ms: int, limit: int) -> list[tuple[str, str]]:
        """Up to ``limit`` due verifications, each now this worker's: (id, stored request)."""
        flat: Any = await guarded(self._take(
            keys=[self.keys.websub_pending_due(), self.keys.websub_pending()],
            args=[_ms(), claim_ms, limit]))
        return [(text(flat[i]), text(flat[i + 1])) for i in range(0, len(flat), 2)]

    async def finish(self, pid: str, raw: str, retry: PendingRequest | None = None,
                     at_ms: int = 0) -> bool:
        """Forget the request taken as ``raw``, or keep ``retry`` for ``at_ms``; False when
        a newer request had replaced it (that one is left due)."""
        done = await guarded(self._done(
            keys=[self.keys.websub_pending_due(), self.keys.websub_pending()],
            args=[pid, raw, _ms(), retry.model_dump_json() if retry else "", at_ms]))
        return bool(done)

    async def count(self) -> int:
        return int(await guarded(self.redis.hlen(self.keys.websub_pending())))


def _script(redis: StoreClient, name: str) -> Any:
    return redis.register_script(
        resources.files("wire").joinpath("lua", name).read_text(encoding="utf-8"))


Verify = Callable[[PendingRequest], Awaitable[bool]]
"""Run one verification: True when done (verified, refused or denied), False to retry."""


class Verifier:
    """The loop every worker runs: take due verifications, run them, finish or retry."""

    def __init__(self, pending: Pending, verify: Verify, config: PushConfig) -> None:
        self.pending = pending
        self.verify = verify
        self.config = config
        # A verification makes one bounded call (a GET) and a few Redis writes; the claim
        # outlasts it by far, so a live worker is never overtaken by another.
        self.claim_ms = int((config.timeout_seconds * 3 + 5) * 1000)
        self.wake = asyncio.Event()
        self.rng = random.Random()
        self._active: set[asyncio.Task[None]] = set()

    async def run(self) -> None:
        try:
            while True:
                self.wake.clear()
                free = CONCURRENCY - len(self._active)
                try:
                    taken = await self.pending.take(self.claim_ms, free) if free > 0 else []
                except StorageUnavailable as exc:
                    log.warning("websub verifications unreadable; will retry", error=repr(exc))
                    await asyncio.sleep(1.0)
                    continue
                for pid, raw in taken:
                    task = asyncio.create_task(self._one(pid, raw))
                    self._active.add(task)
                    task.add_done_callback(self._finished)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.wake.wait(), POLL)
        finally:
            for task in self._active:
                task.cancel()
            await asyncio.gather(*self._active, return_exceptions=True)

    def _finished(self, task: asyncio.Task[None]) -> None:
        self._active.discard(task)
        self.wake.set()

    async def _one(self, pid: str, raw: str) -> None:
        try:
            request = PendingRequest.model_validate_json(raw)
            done = await self.verify(request)
            if done or request.attempts + 1 >= ATTEMPTS:
                if not done:
                    log.info("websub verification given up", attempts=request.attempts + 1)
                await self.pending.finish(pid, raw)
                return
            attempts = request.attempts + 1
            delay = backoff(attempts, self.config.backoff_base_seconds,
                            self.config.backoff_max_seconds, self.rng)
            await self.pending.finish(pid, raw, request.model_copy(
                update={"attempts": attempts}), _ms() + int(delay * 1000))
        except StorageUnavailable as exc:  # it comes due again when the claim ends
            log.warning("websub verification interrupted; will resume", error=repr(exc))
        except Exception:  # a bug in one verification must not stop the others
            log.exception("websub verification failed")
