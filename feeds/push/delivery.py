"""From the outboxes to the callbacks: one delivery in flight per target, many targets at once.

A target is delivered to by whoever holds its lease, which keeps its events in order; a
slow or failing target holds one of the worker's ``concurrency`` slots and nothing else.
A failure schedules the target's next attempt with exponential backoff and jitter (its
queue waits behind the failed event: order is kept); past the retry horizon the event goes
to the dead-letter queue and the queue moves on. Payloads are computed at each attempt,
so a retry never shows more than the partner may see now (a story killed meanwhile goes
out as its stub), and entitlements are checked again every time.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

import httpx
import structlog

from feeds.cursor import partner_items
from feeds.push.callbacks import CallbackPolicy
from feeds.push.outbox import Entry, Outbox, backoff
from feeds.push.signing import hub_signature, webhook_headers
from feeds.push.targets import Target, TargetStore
from feeds.push.topics import Topic, parse_topic
from feeds.selection import from_entitlements
from wire.accounts import AccountStore, Partner
from wire.errors import StorageUnavailable, UnsafeCallback, WireError
from wire.metrics import Metrics
from wire.settings import PushConfig
from wire.store import StoryStore

log = structlog.get_logger("wire.push")
POLL = 0.1  # seconds between looks at the schedule when nothing wakes the loop
USER_AGENT = "newswire-push/1"
WEBSUB_BATCH = 100  # a WebSub delivery sends the topic's document once for this many changes

RenderTopic = Callable[[Topic, Partner], Awaitable[tuple[bytes, str, str]]]
"""``(topic, partner) -> (body, content type, Link header)``: the topic's document now."""


@dataclass(frozen=True)
class Outcome:
    result: str
    """``delivered``, ``skipped`` (nothing the partner may see), ``failed`` or ``gone``."""
    error: str = ""


def _ms() -> int:
    return int(time.time() * 1000)


class Deliverer:
    def __init__(self, *, store: StoryStore, accounts: AccountStore, targets: TargetStore,
                 outbox: Outbox, policy: CallbackPolicy, http: httpx.AsyncClient,
                 config: PushConfig, metrics: Metrics, render: RenderTopic,
                 public_url: str, clock: Callable[[], datetime]) -> None:
        self.store = store
        self.accounts = accounts
        self.targets = targets
        self.outbox = outbox
        self.policy = policy
        self.http = http
        self.config = config
        self.metrics = metrics
        self.render = render
        self.public_url = public_url
        self.clock = clock
        self.holder = f"deliver-{uuid.uuid4().hex[:12]}"
        self.lease_ms = int((config.timeout_seconds * 3 + 5) * 1000)
        self.wake = asyncio.Event()
        self.rng = random.Random()
        self._active: dict[str, asyncio.Task[None]] = {}

    async def run(self) -> None:
        try:
            while True:
                try:
                    await self._start_due()
                except StorageUnavailable as exc:
                    log.warning("push schedule unreadable; will retry", error=repr(exc))
                    await asyncio.sleep(1.0)
                self.wake.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.wake.wait(), POLL)
        finally:
            for task in self._active.values():
                task.cancel()
            await asyncio.gather(*self._active.values(), return_exceptions=True)

    async def _start_due(self) -> None:
        free = self.config.concurrency - len(self._active)
        if free <= 0:
            return
        for tid in await self.outbox.due(_ms(), free + len(self._active)):
            if tid in self._active or len(self._active) >= self.config.concurrency:
                continue
            if await self.outbox.acquire(self.outbox.keys.target_lease(tid), self.holder,
                                         self.lease_ms):
                task = asyncio.create_task(self._drain(tid), name=f"push-{tid}")
                self._active[tid] = task
                task.add_done_callback(self._finished)

    def _finished(self, task: asyncio.Task[None]) -> None:
        self._active.pop(task.get_name().removeprefix("push-"), None)
        self.wake.set()  # a slot is free

    async def _drain(self, tid: str) -> None:
        lease = self.outbox.keys.target_lease(tid)
        try:
            target = await self.targets.get(tid)
            if target is None:
                await self.outbox.settle(tid, _ms())
                return
            count = 1 if target.kind == "webhook" else WEBSUB_BATCH
            while True:
                entries = await self.outbox.take(tid, self.holder, count)
                if not entries:
                    await self.outbox.settle(tid, _ms())
                    return
                outcome = await self._deliver(target, entries)
                self.metrics.push_deliveries.labels(target.kind, outcome.result).inc()
                if outcome.result in ("delivered", "skipped"):
                    await self.outbox.ack(tid, entries)
                elif outcome.result == "gone":
                    log.info("push target dropped", target=tid, reason=outcome.error)
                    await self.targets.remove(tid)
                    return
                elif not await self._failed(target, entries, outcome.error):
                    return
                if not await self.outbox.renew(lease, self.holder, self.lease_ms):
                    return
        except StorageUnavailable as exc:
            log.warning("push delivery interrupted; will resume", target=tid, error=repr(exc))
        except Exception:  # a bug in one target's delivery must not stop the others
            log.exception("push delivery failed", target=tid)
            await self.outbox.retry_at(tid, _ms() + 5000)
        finally:
            with contextlib.suppress(StorageUnavailable):  # else it expires by itself
                await self.outbox.release(lease, self.holder)

    async def _failed(self, target: Target, entries: Sequence[Entry], error: str) -> bool:
        """Record a failed attempt; True when the queue may go on (the entries were
        dead-lettered), False when the target waits for its next attempt."""
        now = _ms()
        attempts, first = await self.outbox.failed(target.id, now, error)
        if now - first >= self.config.retry_horizon_seconds * 1000:
            await self.outbox.bury(target.id, entries, attempts, error)
            self.metrics.push_dead_letters.labels(target.kind).inc(len(entries))
            log.warning("push delivery dead-lettered", target=target.id, attempts=attempts,
                        error=error)
            return True
        delay = backoff(attempts, self.config.backoff_base_seconds,
                        self.config.backoff_max_seconds, self.rng)
        await self.outbox.retry_at(target.id, now + int(delay * 1000))
        log.info("push delivery failed; will retry", target=target.id, attempts=attempts,
                 retry_in=round(delay, 3), error=error)
        return False

    async def _deliver(self, target: Target, entries: Sequence[Entry]) -> Outcome:
        try:
            if target.kind == "webhook":
                return await self._webhook(target, entries[0])
            return await self._websub(target, entries)
        except UnsafeCallback as exc:
            return Outcome("failed", exc.detail)
        except httpx.HTTPError as exc:
            return Outcome("failed", f"{type(exc).__name__}: {exc}" if str(exc)
                           else type(exc).__name__)

    async def _webhook(self, target: Target, entry: Entry) -> Outcome:
        partner = await self.accounts.partner(target.partner)
        if partner is None:
            return Outcome("gone", "the partner no longer exists")
        rights = from_entitlements(partner.entitlements)
        item = (await partner_items(self.store, [entry.change], rights))[0]
        if item is None or item["event"] not in target.events:
            return Outcome("skipped")
        body = json.dumps(item, ensure_ascii=False, separators=(",", ":")).encode()
        headers = webhook_headers(target.signing_keys(self.clock()), entry.msg_id,
                                  int(time.time()), body)
        headers.update({"content-type": "application/json", "user-agent": USER_AGENT})
        answer = await self.policy.call(self.http, "POST", target.url, headers=headers,
                                        body=body)
        if 200 <= answer.status < 300:
            return Outcome("delivered")
        return Outcome("failed", f"the endpoint answered HTTP {answer.status}")

    async def _websub(self, target: Target, entries: Sequence[Entry]) -> Outcome:
        if target.expires is not None and target.expires <= self.clock():
            return Outcome("gone", "the lease ended")
        try:
            topic = parse_topic(target.topic, self.public_url)
        except WireError as exc:
            return Outcome("gone", exc.detail)
        principal = await self.accounts.authenticate(topic.token)
        partner = await self.accounts.partner(principal.id) if (
            principal is not None and principal.kind == "partner") else None
        if partner is None:
            return Outcome("gone", "the topic's token was revoked")
        rights = from_entitlements(partner.entitlements)
        views = await partner_items(self.store, [e.change for e in entries], rights)
        if all(v is None for v in views):
            return Outcome("skipped")
        try:
            body, content_type, links = await self.render(topic, partner)
        except WireError:
            return Outcome("skipped")  # the feed is outside the partner's rights now
        headers = {"content-type": content_type, "link": links, "user-agent": USER_AGENT}
        if target.secret:
            headers["x-hub-signature"] = hub_signature(target.secret, body)
        answer = await self.policy.call(self.http, "POST", target.url, headers=headers,
                                        body=body)
        if answer.status == 410:
            return Outcome("gone", "the subscriber answered 410 Gone")
        if 200 <= answer.status < 300:
            return Outcome("delivered")
        return Outcome("failed", f"the subscriber answered HTTP {answer.status}")
