"""Rendered feed documents, kept ready per worker and valid until the next change.

A feed is rendered once per change (per worker), not per request: the bytes, their gzip
form and both ETags are computed at render time. An entry records the change-log id it was
rendered at; the worker's ``ChangeNotifier`` knows the newest id, so checking freshness
costs no Redis round trip while the subscription is live.
"""

from __future__ import annotations

import gzip
import hashlib
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime


@dataclass(frozen=True)
class Rendered:
    change: str | None
    body: bytes
    gzipped: bytes
    etag: str
    gzip_etag: str
    last_modified: str
    media_type: str


def prepare(change: str | None, body: bytes, updated: datetime, media_type: str) -> Rendered:
    digest = hashlib.blake2b(body, digest_size=12).hexdigest()
    return Rendered(
        change=change,
        body=body,
        # mtime=0 keeps the compressed bytes (and so their ETag) stable across renders.
        gzipped=gzip.compress(body, compresslevel=6, mtime=0),
        etag=f'"{digest}"',
        gzip_etag=f'"{digest}-gz"',
        last_modified=format_datetime(updated, usegmt=True),
        media_type=media_type,
    )


class FeedCache:
    """A bounded LRU of rendered documents keyed by everything the bytes depend on."""

    def __init__(self, capacity: int = 2048) -> None:
        self.capacity = capacity
        self._entries: OrderedDict[Hashable, Rendered] = OrderedDict()

    def get(self, key: Hashable, change: str | None) -> Rendered | None:
        entry = self._entries.get(key)
        if entry is None or entry.change != change:
            return None
        self._entries.move_to_end(key)
        return entry

    def put(self, key: Hashable, entry: Rendered) -> None:
        self._entries[key] = entry
        self._entries.move_to_end(key)
        while len(self._entries) > self.capacity:
            self._entries.popitem(last=False)
