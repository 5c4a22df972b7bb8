"""What one worker runs for push, for the length of its lifespan.

Three loops: the fan-out (change log → outboxes; one worker at a time holds its lease),
the deliverer (outboxes → callbacks; every worker takes targets with work due) and the
housekeeping (WebSub leases that ended, queue gauges for ``/metrics``). Everything they
know lives in Redis, so any worker can stop, crash or start at any time.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import time
from collections.abc import AsyncIterator, Callable
from datetime import datetime

import structlog

from feeds.push.callbacks import CallbackPolicy, Clients, IPAddress
from feeds.push.delivery import Deliverer
from feeds.push.endpoints import Endpoints
from feeds.push.fanout import Fanout, ensure_change_group, fanout_state
from feeds.push.memo import Memo
from feeds.push.outbox import Outbox
from feeds.push.targets import TargetStore
from feeds.push.websub import Hub
from wire.errors import StorageUnavailable
from wire.newsroom.tasks import background
from wire.ops.metrics import Metrics
from wire.settings import Settings
from wire.storage.accounts import AccountStore
from wire.storage.client import StoreClient
from wire.storage.keys import Keys
from wire.storage.notifier import ChangeNotifier
from wire.storage.store import StoryStore

log = structlog.get_logger("wire.push")
FANOUT_LEASE_MS = 5000
HOUSEKEEPING_EVERY = 2.0  # WebSub leases end within this of their time


def callback_policy(settings: Settings) -> CallbackPolicy:
    pins: dict[str, tuple[IPAddress, ...]] = {}
    for host, address in settings.push.resolve:
        pins[host] = (*pins.get(host, ()), ipaddress.ip_address(address))
    return CallbackPolicy(frozenset(settings.push.allow_hosts),
                          settings.push.response_limit_bytes, pins,
                          deadline=2 * settings.push.timeout_seconds)


def push_client(settings: Settings) -> Clients:
    """The clients for callbacks (the lifespan closes them)."""
    return Clients(settings.push.concurrency, settings.push.timeout_seconds)


class PushService:
    def __init__(self, *, redis: StoreClient, keys: Keys, notifier: ChangeNotifier,
                 settings: Settings, metrics: Metrics, http: Clients,
                 lineage: Callable[[str], tuple[str, ...]],
                 clock: Callable[[], datetime]) -> None:
        """``redis`` is push's own client (its own pool): a burst of deliveries must not
        take the connections that story writes and feed requests need."""
        store = StoryStore(redis, keys, clock)
        accounts = AccountStore(redis, keys)
        self.redis = redis
        self.keys = keys
        self.notifier = notifier
        self.settings = settings
        self.metrics = metrics
        self.policy = callback_policy(settings)
        self.targets = TargetStore(redis, keys)
        self.outbox = Outbox(redis, keys, outbox_max=settings.push.outbox_max,
                             dead_max=settings.push.dead_letter_max)
        self.endpoints = Endpoints(redis, keys, store, self.policy, self.outbox)
        memo = Memo(notifier)
        self.hub = Hub(redis=redis, keys=keys, store=store, accounts=accounts,
                       targets=self.targets, policy=self.policy, http=http, settings=settings,
                       lineage=lineage, clock=clock, memo=memo)
        self.fanout = Fanout(redis, keys, store, accounts, self.targets, self.outbox, metrics)
        self.deliverer = Deliverer(
            store=store, accounts=accounts, targets=self.targets, outbox=self.outbox,
            policy=self.policy, http=http, config=settings.push, metrics=metrics,
            render=self.hub.document, clock=clock,
            memo=memo)

    async def _fan_out(self) -> None:
        lease = self.keys.push_fanout_lease()
        holder = self.fanout.consumer
        group_ready = False
        while True:
            seen = self.notifier.newest
            held = False
            try:
                held = (await self.outbox.renew(lease, holder, FANOUT_LEASE_MS)
                        or await self.outbox.acquire(lease, holder, FANOUT_LEASE_MS))
                if held:
                    if not group_ready:  # made once; again after an error (a flushed store)
                        await ensure_change_group(self.redis, self.keys)
                        group_ready = True
                    done, touched = await self.fanout.step(int(time.time() * 1000))
                    if touched:
                        self.deliverer.notify_work()
                    if done:
                        continue
            except StorageUnavailable as exc:
                log.warning("push fan-out interrupted; will retry", error=repr(exc))
                group_ready = False
                await asyncio.sleep(1.0)
            # Woken by the next change; the timeout lets a waiting worker take over the
            # lease of one that died, and picks up changes whose announcement was lost.
            await self.notifier.wait_for_change(seen, 0.5 if held else 1.0)

    async def _housekeeping(self) -> None:
        while True:
            try:
                now = int(time.time() * 1000)
                for sid in await self.targets.expired(now):
                    if await self.targets.expire(sid, now):
                        log.info("websub lease ended", subscription=sid)
                targets = await self.targets.all()
                status = await self.targets.status(targets)
                self.metrics.push_backlog.set(sum(s.backlog for s in status))
                self.metrics.push_dead_letter_queue.set(sum(s.dead for s in status))
                await self._fanout_gauges()
            except StorageUnavailable as exc:
                log.warning("push housekeeping failed; will retry", error=repr(exc))
            await asyncio.sleep(HOUSEKEEPING_EVERY)

    async def _fanout_gauges(self) -> None:
        state = await fanout_state(self.redis, self.keys)
        self.metrics.push_fanout_lag.set(state.lag)
        self.metrics.push_fanout_pending.set(state.pending)
        self.metrics.change_log_capped.set(state.capped)

    async def _gauges_only(self) -> None:
        """With push off here, the fan-out's group still holds retention back: its lag is
        reported all the same, so a push left off everywhere shows (see README, Push)."""
        while True:
            try:
                await self._fanout_gauges()
            except StorageUnavailable as exc:
                log.warning("push gauges unreadable; will retry", error=repr(exc))
            await asyncio.sleep(HOUSEKEEPING_EVERY)

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        if not self.settings.push.enabled:
            async with background(self._gauges_only(), "push-gauges"):
                yield
            return
        async with (background(self._fan_out(), "push-fanout"),
                    background(self.deliverer.run(), "push-delivery"),
                    background(self._housekeeping(), "push-housekeeping"),
                    background(self.hub.verifier.run(), "push-verification")):
            yield
