"""Rendered feed documents shared through Redis, so N processes render a feed once per change.

Each process keeps its own ``FeedCache`` in front (a poll costs no Redis round trip). On a
miss (the first request after a change) a process looks for the document in Redis, under
the document's own hash tag (``Keys.rendered``), stamped with the change id it was
rendered at. Found at that change or a newer one, it is served as is. Otherwise one
process claims the render (``SET NX`` with an expiry, under the same tag), renders and
stores the bytes; the others wait for them, polling every few milliseconds, and render
themselves only if nothing comes within ``WAIT_SECONDS`` (the claimer died or is slow).

A stored document is only an answer for a change it was built at or after, so sharing can
never serve bytes older than the store; it can cost a second render in a race, never a
stale one. Documents expire after ``TTL_SECONDS``: every change makes the stored one
useless until the next request rewrites it.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import Hashable
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from feeds.cache import Rendered, prepare
from wire.storage.client import StoreClient
from wire.storage.keys import Keys
from wire.storage.store import guarded

TTL_SECONDS = 300
CLAIM_MS = 2000
WAIT_SECONDS = 1.0
POLL_SECONDS = 0.005


def document_name(key: Hashable) -> str:
    """The digest naming a feed document in every process (``feed_key``'s repr is stable)."""
    return hashlib.blake2b(repr(key).encode(), digest_size=16).hexdigest()


def change_order(change: str) -> tuple[int, int]:
    """A change-log id (``ms-seq``) as something to compare."""
    ms, _, seq = change.partition("-")
    return int(ms), int(seq or 0)


@dataclass(frozen=True)
class SharedDocuments:
    redis: StoreClient
    keys: Keys

    async def fetch(self, name: str, change: str) -> Rendered | None:
        """The stored document if it was rendered at ``change`` or after."""
        # Replies hold bytes (no ``decode_responses``); redis-py's annotations admit str.
        raw = cast(dict[bytes, bytes],
                   await guarded(self.redis.hgetall(self.keys.rendered(name))))
        if not raw or change_order(raw[b"change"].decode()) < change_order(change):
            return None
        return prepare(raw[b"change"].decode(), raw[b"body"],
                       datetime.fromisoformat(raw[b"updated"].decode()),
                       raw[b"media"].decode(), int(raw[b"max_age"]), raw[b"links"].decode(),
                       gzipped=raw[b"gzip"])

    async def find(self, name: str, change: str) -> tuple[Rendered | None, bool]:
        """The document at ``change`` (or newer), from the store or from the process
        rendering it; or None and whether this process now holds the claim to render it."""
        if (doc := await self.fetch(name, change)) is not None:
            return doc, False
        if await self._claim(name, change):
            # The last claimer may have stored its document and ended its claim between
            # the fetch above and this claim: look once more before rendering again.
            if (doc := await self.fetch(name, change)) is not None:
                await self.release(name)
                return doc, False
            return None, True
        return await self._wait(name, change), False

    async def _claim(self, name: str, change: str) -> bool:
        return bool(await guarded(self.redis.set(
            self.keys.render_claim(name), change, nx=True, px=CLAIM_MS)))

    async def _wait(self, name: str, change: str) -> Rendered | None:
        """The document another process is rendering, or None after ``WAIT_SECONDS``."""
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            await asyncio.sleep(POLL_SECONDS)
            if (doc := await self.fetch(name, change)) is not None:
                return doc
            if not await guarded(self.redis.exists(self.keys.render_claim(name))):
                # The claim ends when the document is stored (maybe just after the fetch
                # above), or when the claimer gave up or died: look once more, else render.
                return await self.fetch(name, change)
        return None

    async def store(self, name: str, doc: Rendered) -> None:
        """Keep ``doc`` for the other processes and end this process's claim."""
        if doc.change is None:
            return
        key, claim = self.keys.rendered(name), self.keys.render_claim(name)
        # One hash tag (the document's), so one transaction on a cluster too.
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.hset(key, mapping={
                "change": doc.change, "body": doc.body, "gzip": doc.gzipped,
                "updated": doc.updated.isoformat(), "media": doc.media_type,
                "max_age": doc.max_age, "links": doc.links})
            pipe.expire(key, TTL_SECONDS)
            pipe.delete(claim)
            await guarded(pipe.execute())

    async def release(self, name: str) -> None:
        """End a claim without a document (the render failed)."""
        await guarded(self.redis.delete(self.keys.render_claim(name)))
