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
from feeds.push.callbacks import CallbackPolicy, Clients
from feeds.push.memo import Memo
from feeds.push.outbox import Entry, Outbox, backoff
from feeds.push.signing import hub_signature, webhook_headers
from feeds.push.targets import Target, TargetStore
from feeds.push.topics import Topic, stored_topic
from feeds.selection import Selection, from_entitlements
from wire.errors import StorageUnavailable, UnsafeCallback, WireError
from wire.ops.metrics import Metrics
from wire.settings import PushConfig
from wire.storage.accounts import AccountStore, Partner
from wire.storage.store import Change, StoryStore

log = structlog.get_logger("wire.push")
POLL = 0.1  # seconds between looks at the schedule when nothing wakes the loop
DUE_BATCH = 1000  # targets read from the schedule at once
USER_AGENT = "newswire-push/1"
WEBSUB_BATCH = 100  # a WebSub delivery sends the topic's document once for this many changes

RenderTopic = Callable[[Topic, Partner], Awaitable[tuple[bytes, str, str]]]
"""``(topic, partner) -> (body, content type, Link header)``: the topic's document now."""


@dataclass(frozen=True)
class Outcome:
    result: str
    """``delivered``, ``skipped`` (nothing the partner may see), ``failed`` or ``gone``."""
    error: str = ""
    lease_ended: bool = False
    """``gone`` because the WebSub lease ended, as this worker last heard of it."""


def _ms() -> int:
    return int(time.time() * 1000)


class Deliverer:
    def __init__(self, *, store: StoryStore, accounts: AccountStore, targets: TargetStore,
                 outbox: Outbox, policy: CallbackPolicy, http: Clients,
                 config: PushConfig, metrics: Metrics, render: RenderTopic,
                 clock: Callable[[], datetime], memo: Memo) -> None:
        self.store = store
        self.accounts = accounts
        self.targets = targets
        self.outbox = outbox
        self.policy = policy
        self.http = http
        self.config = config
        self.metrics = metrics
        self.render = render
        self.clock = clock
        self.memo = memo
        self.holder = f"deliver-{uuid.uuid4().hex[:12]}"
        self.lease_ms = int((config.timeout_seconds * 3 + 5) * 1000)
        self.wake = asyncio.Event()
        self._reread = True
        self._queued: list[str] = []
        self._read_at = 0.0
        self.rng = random.Random()
        self._active: dict[str, asyncio.Task[None]] = {}

    async def run(self) -> None:
        try:
            while True:
                self.wake.clear()
                try:
                    await self._start_due()
                except StorageUnavailable as exc:
                    log.warning("push schedule unreadable; will retry", error=repr(exc))
                    await asyncio.sleep(1.0)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.wake.wait(), POLL)
        finally:
            for task in self._active.values():
                task.cancel()
            await asyncio.gather(*self._active.values(), return_exceptions=True)

    async def _start_due(self) -> None:
        """Start a drain for each target due, as slots allow. The schedule is read in one
        batch and worked through locally, so a freed slot costs no read of the schedule."""
        now = time.monotonic()
        if self._reread or now - self._read_at >= POLL:
            self._reread = False
            self._queued = [t for t in await self.outbox.due(_ms(), DUE_BATCH)
                            if t not in self._active]
            self._read_at = now
        while self._queued and len(self._active) < self.config.concurrency:
            tid = self._queued.pop(0)
            if tid in self._active:
                continue
            # The drain's first step takes the target's lease, or finds another worker has it.
            task = asyncio.create_task(self._drain(tid), name=f"push-{tid}")
            self._active[tid] = task
            task.add_done_callback(self._finished)

    def notify_work(self) -> None:
        """The fan-out gave targets work: read the schedule now."""
        self._reread = True
        self.wake.set()

    def _finished(self, task: asyncio.Task[None]) -> None:
        self._active.pop(task.get_name().removeprefix("push-"), None)
        self.wake.set()  # a slot is free

    async def _drain(self, tid: str) -> None:
        lease = self.outbox.keys.target_lease(tid)
        held = False
        try:
            target = await self._target(tid)
            if target is None:
                await self.outbox.settle(tid, _ms())
                return
            count = 1 if target.kind == "webhook" else WEBSUB_BATCH
            delivered: Sequence[Entry] = ()
            while True:
                entries = await self.outbox.take(tid, self.holder, count, self.lease_ms,
                                                 delivered)
                held = bool(entries)
                if entries is None:
                    return  # another worker holds the target's lease and goes on
                if not entries:
                    await self.outbox.settle(tid, _ms())  # the lease went with the take
                    return
                delivered = ()
                outcome = await self._deliver(target, entries)
                if outcome.lease_ended and not await self.targets.expire(tid, _ms()):
                    fresh = await self.targets.get(tid)
                    if (fresh is not None and fresh.expires is not None
                            and fresh.expires > self.clock()):
                        # Renewed since this worker read the subscription: the same
                        # entries (still taken, in order) go with the renewed record.
                        target = fresh
                        continue
                    await self.targets.remove(tid)  # its lease end was not on record
                self.metrics.push_deliveries.labels(target.kind, outcome.result).inc()
                if outcome.result in ("delivered", "skipped"):
                    delivered = entries  # acknowledged by the next take
                elif outcome.result == "gone":
                    log.info("push target dropped", target=tid, reason=outcome.error)
                    if not outcome.lease_ended:  # else forgotten above
                        await self.targets.remove(tid)
                    held = False
                    return
                elif not await self._failed(target, entries, outcome.error):
                    return
        except StorageUnavailable as exc:
            log.warning("push delivery interrupted; will resume", target=tid, error=repr(exc))
        except Exception:  # a bug in one target's delivery must not stop the others
            log.exception("push delivery failed", target=tid)
            with contextlib.suppress(StorageUnavailable):
                await self.outbox.retry_at(tid, _ms() + 5000)
        finally:
            if held:
                with contextlib.suppress(StorageUnavailable):  # else it expires by itself
                    await self.outbox.release(lease, self.holder)

    async def _target(self, tid: str) -> Target | None:
        """The target's record, from the memo of all of them (one read per change); one just
        made may not be in it yet (this worker has not heard of it), so it is read then."""
        async def everything() -> dict[str, Target]:
            return {t.id: t for t in await self.targets.all()}

        found = (await self.memo.get(("targets",), everything)).get(tid)
        return found or await self.targets.get(tid)

    async def _failed(self, target: Target, entries: Sequence[Entry], error: str) -> bool:
        """Record a failed attempt; True when the queue may go on (the entries were
        dead-lettered), False when the target waits for its next attempt."""
        now = _ms()
        attempts, first = await self.outbox.failed(target.id, now, error)
        if now - first >= self.config.retry_horizon_seconds * 1000:
            dropped = await self.outbox.bury(target.id, entries, attempts, error)
            self.metrics.push_dead_letters.labels(target.kind).inc(len(entries))
            if dropped:
                self.metrics.push_dropped.labels(target.kind).inc(dropped)
                log.warning("push dead letters over their bound: the oldest were dropped",
                            target=target.id, entries=dropped)
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

    async def _partner(self, pid: str) -> Partner | None:
        return await self.memo.get(("partner", pid), lambda: self.accounts.partner(pid))

    async def _by_token(self, token: str) -> Partner | None:
        async def lookup() -> Partner | None:
            principal = await self.accounts.authenticate(token)
            if principal is None or principal.kind != "partner":
                return None
            return await self.accounts.partner(principal.id)

        return await self.memo.get(("token", token), lookup)

    async def _payload(self, change: Change, rights: Selection) -> tuple[str, bytes] | None:
        """The webhook body for a change as partners with ``rights`` see it: (event, JSON)."""
        async def build() -> tuple[str, bytes] | None:
            item = (await partner_items(self.store, [change], rights))[0]
            if item is None:
                return None
            return item["event"], json.dumps(item, ensure_ascii=False,
                                             separators=(",", ":")).encode()

        return await self.memo.get(("webhook", change.cursor, rights), build)

    async def _webhook(self, target: Target, entry: Entry) -> Outcome:
        partner = await self._partner(target.partner)
        if partner is None:
            return Outcome("gone", "the partner no longer exists")
        payload = await self._payload(entry.change, from_entitlements(partner.entitlements))
        if payload is None or payload[0] not in target.events:
            return Outcome("skipped")
        body = payload[1]
        headers = webhook_headers(target.signing_keys(self.clock()), entry.msg_id,
                                  int(time.time()), body)
        headers.update({"content-type": "application/json", "user-agent": USER_AGENT})
        answer = await self.policy.call(self.http, target.id, "POST", target.url,
                                        headers=headers, body=body)
        if 200 <= answer.status < 300:
            return Outcome("delivered")
        return Outcome("failed", f"the endpoint answered HTTP {answer.status}")

    async def _websub(self, target: Target, entries: Sequence[Entry]) -> Outcome:
        if target.expires is not None and target.expires <= self.clock():
            return Outcome("gone", "the lease ended", lease_ended=True)
        try:
            topic = stored_topic(target.topic, target.token)
        except WireError as exc:
            return Outcome("gone", exc.detail)
        partner = await self._by_token(topic.token)
        if partner is None:
            return Outcome("gone", "the topic's token was revoked")
        rights = from_entitlements(partner.entitlements)
        changes = [e.change for e in entries]
        views = await self.memo.get(("views", tuple(c.cursor for c in changes), rights),
                                    lambda: partner_items(self.store, changes, rights))
        if all(v is None for v in views):
            return Outcome("skipped")
        try:
            body, content_type, links = await self.memo.get(
                ("doc", topic, partner), lambda: self.render(topic, partner))
        except StorageUnavailable:
            raise  # not a reason to skip (that acknowledges): the drain resumes later
        except WireError:
            return Outcome("skipped")  # the feed is outside the partner's rights now
        headers = {"content-type": content_type, "link": links, "user-agent": USER_AGENT}
        if target.secret:
            headers["x-hub-signature"] = hub_signature(target.secret, body)
        answer = await self.policy.call(self.http, target.id, "POST", target.url,
                                        headers=headers, body=body)
        if answer.status == 410:
            return Outcome("gone", "the subscriber answered 410 Gone")
        if 200 <= answer.status < 300:
            return Outcome("delivered")
        return Outcome("failed", f"the subscriber answered HTTP {answer.status}")
