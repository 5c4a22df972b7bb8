"""Write rate limits per correspondent: a fixed one-minute window counted in Redis.

Fixed windows are coarse (a burst can straddle two windows) but cost one round trip and
hold across workers; the default leaves room for a desk importing a few thousand stories.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime

from wire.errors import RateLimited
from wire.storage.client import StoreClient
from wire.storage.keys import Keys
from wire.storage.store import guarded

WINDOW = 60


class RateLimiter:
    def __init__(self, redis: StoreClient, keys: Keys, per_minute: int,
                 clock: Callable[[], datetime]) -> None:
        self.redis = redis
        self.keys = keys
        self.per_minute = per_minute
        self.clock = clock

    async def check(self, who: str) -> None:
        """Count one write by ``who``; raise RateLimited past the limit of this window."""
        now = self.clock().timestamp()
        window = int(now // WINDOW)
        key = self.keys.rate(who, window)
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.incr(key)
            pipe.expire(key, WINDOW * 2)
            count, _ = await guarded(pipe.execute())
        if int(count) > self.per_minute:
            retry_after = max(1, math.ceil((window + 1) * WINDOW - now))
            raise RateLimited(
                f"More than {self.per_minute} writes this minute; retry in {retry_after} s. "
                "Ask the desk to raise WIRE_INGEST__RATE_PER_MINUTE for bulk imports.",
                retry_after=retry_after,
            )
