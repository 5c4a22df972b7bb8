"""Each correspondent's own stories, newest first: what the "My stories" page lists.

Written after a story is committed, outside the commit script: the script's keys share
the catalogue's hash tag, and this index lives under its own (``{authors}``) so it can
move to another shard. A crash between the commit and this write leaves the story out of
the list (not out of the feeds); the next story filed trims entries past retention.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import cast

from wire.storage.client import StoreClient
from wire.storage.keys import Keys
from wire.storage.store import guarded, text, to_ms


class AuthorIndex:
    def __init__(self, redis: StoreClient, keys: Keys, retention: timedelta) -> None:
        self.redis = redis
        self.keys = keys
        self.retention = retention

    async def add(self, correspondent: str, sid: str, filed: datetime) -> None:
        key = self.keys.authored(correspondent)
        # One key, two commands that need no isolation (the trim is idempotent): a plain
        # pipeline, which a cluster client runs as well as a single node.
        async with self.redis.pipeline(transaction=False) as pipe:
            pipe.zadd(key, {sid: to_ms(filed)})
            pipe.zremrangebyscore(key, "-inf", f"({to_ms(filed - self.retention)}")
            await guarded(pipe.execute())

    async def newest(self, correspondent: str, count: int = 50) -> list[str]:
        # Replies are bytes (no decode_responses); redis-py's annotation admits more shapes.
        rows = cast(list[bytes], await guarded(self.redis.zrevrange(
            self.keys.authored(correspondent), 0, count - 1)))
        return [text(sid) for sid in rows]
