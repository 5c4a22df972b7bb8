"""Each worker's view of the newest change and of account changes, kept by Redis pub/sub.

The commit and release scripts publish the id of every change they make. One subscription
per worker keeps ``newest`` up to date, so a feed request can tell whether its cached bytes
are still current without asking Redis, and long-polls wake the moment a change lands.
A lost subscription is not trusted: until it is back, ``newest`` is re-read from the change
log on every check, so a cache can never serve bytes older than the store.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable

import structlog

from wire.errors import StorageUnavailable
from wire.newsroom.tasks import background
from wire.storage.channels import Subscription
from wire.storage.client import STORE_ERRORS, StoreClient
from wire.storage.store import StoryStore

log = structlog.get_logger("wire.storage.notifier")


class ChangeNotifier:
    def __init__(self, redis: StoreClient, store: StoryStore, channel: str,
                 accounts_channel: str, on_outage: Callable[[], None] = lambda: None) -> None:
        self.redis = redis
        self.on_outage = on_outage
        self.store = store
        self.channel = channel
        self.accounts_channel = accounts_channel
        self.newest: str | None = None
        self.live = False
        self.accounts_generation = 0
        """Bumped on every account change (and resubscription): cached logins expire."""
        self._changed = asyncio.Condition()

    async def current(self) -> str | None:
        """The newest change id; read from Redis when the subscription cannot be trusted."""
        if not self.live:
            self.newest = await self.store.newest_change()
        return self.newest

    async def wait_for_change(self, after: str | None, timeout: float) -> bool:
        """Wait until a change newer than ``after`` exists; False on timeout."""
        async def changed() -> None:
            async with self._changed:
                await self._changed.wait_for(lambda: self.newest != after)

        try:
            await asyncio.wait_for(changed(), timeout)
        except TimeoutError:
            return False
        return True

    async def _announce(self, change: str | None) -> None:
        async with self._changed:
            self.newest = change
            self._changed.notify_all()

    async def run(self) -> None:
        while True:
            try:
                async with Subscription(self.redis,
                                        [self.channel, self.accounts_channel]) as subscription:
                    self.accounts_generation += 1
                    self.live = True
                    await self._announce(await self.store.newest_change())
                    async for channel, data in subscription.messages():
                        if channel == self.accounts_channel:
                            self.accounts_generation += 1
                        else:
                            await self._announce(data.decode())
            except (*STORE_ERRORS, OSError, StorageUnavailable) as exc:
                log.warning("change subscription lost; retrying", error=repr(exc))
                if self.live:
                    self.on_outage()
            finally:
                self.live = False
                self.accounts_generation += 1
            await asyncio.sleep(0.5)


def running(notifier: ChangeNotifier) -> contextlib.AbstractAsyncContextManager[None]:
    return background(notifier.run(), "change-notifier")
