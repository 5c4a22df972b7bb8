"""A worker's memo of lookups many deliveries of one change share.

One story to 400 targets means 400 times the same partner records, the same cursor view
of the change and, for WebSub, the same few feed documents. The memo answers them once.
It is valid only while this worker's ``ChangeNotifier`` is live and has announced no newer
change and no account change (the rule ``wire.web.auth.PartnerLogins`` trusts, so a revoked
token or narrowed entitlements end it); otherwise every lookup goes to Redis. Concurrent
deliveries asking for the same key share one lookup.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable
from typing import Any, TypeVar

from wire.storage.notifier import ChangeNotifier

T = TypeVar("T")
CAPACITY = 4096


class Memo:
    def __init__(self, notifier: ChangeNotifier) -> None:
        self.notifier = notifier
        self._epoch: tuple[str | None, int] | None = None
        self._entries: dict[Hashable, asyncio.Future[Any]] = {}

    def _now(self) -> tuple[str | None, int] | None:
        if not self.notifier.live:
            return None
        return self.notifier.newest, self.notifier.accounts_generation

    async def get(self, key: Hashable, compute: Callable[[], Awaitable[T]]) -> T:
        epoch = self._now()
        if epoch is None:
            return await compute()
        if epoch != self._epoch or len(self._entries) >= CAPACITY:
            self._entries = {}
            self._epoch = epoch
        found = self._entries.get(key)
        if found is not None:
            try:
                value: T = await asyncio.shield(found)
            except asyncio.CancelledError:
                if not found.cancelled():
                    raise  # this caller was cancelled
                return await compute()  # the first caller was: look it up here instead
            return value
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        entries = self._entries
        entries[key] = future
        try:
            result = await compute()
        except Exception as exc:
            entries.pop(key, None)
            future.set_exception(exc)
            future.exception()  # retrieved: waiters re-raise it, nobody logs it as lost
            raise
        except BaseException:
            entries.pop(key, None)
            future.cancel()
            raise
        future.set_result(result)
        return result
