"""Collect the stories of one feed page from the store's indexes.

The index is chosen by the feed's path (all, desk, region, language); the other filters and
the partner's entitlements are applied to the documents, reading the index newest first in
batches until the page is full, so a narrow feed over a busy index still fills its page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from feeds.selection import Selection, shown, tombstoned
from wire.storage.keys import Keys
from wire.storage.store import StoryStore
from wire.story import Story

BATCH = 200
MAX_SCANNED = 5000


@dataclass(frozen=True)
class FeedPage:
    stories: tuple[Story, ...]
    tombstones: tuple[Story, ...]
    oldest_score: int | None
    """Feed time (ms) of the last story on the page: the key of the next (older) page."""
    more: bool


def feed_time(story: Story, now: datetime) -> datetime:
    """When the story (this version) reached partners: its version time or embargo end."""
    if story.embargoed is not None and story.embargoed <= now:
        return max(story.versioncreated, story.embargoed)
    return story.versioncreated


def index_for(keys: Keys, dimension: str, value: str) -> str:
    return keys.index("all") if dimension == "all" else keys.index(dimension, value)


async def collect(
    store: StoryStore, index: str, feed: Selection, rights: Selection, now: datetime, *,
    limit: int, before: int | None = None,
) -> FeedPage:
    """Up to ``limit`` stories (newest first) of ``index`` that the request may show."""
    stories: list[Story] = []
    tombstones: list[Story] = []
    cursor = before
    inclusive = False
    seen: set[str] = set()
    scanned = 0
    last_score: int | None = None
    while scanned < MAX_SCANNED:
        batch = await store.page(index, before=cursor, count=BATCH, inclusive=inclusive)
        scanned += len(batch)
        rows = [(sid, score) for sid, score in batch if sid not in seen]
        seen.update(sid for sid, _ in rows)
        docs = {s.id: s for s in await store.get_many([sid for sid, _ in rows])}
        for sid, score in rows:
            # A page ends only between two different feed times, so the next page, which
            # starts strictly below this one's last time, cannot skip a story.
            if len(stories) >= limit and score != last_score:
                return FeedPage(tuple(stories), tuple(tombstones), last_score, more=True)
            story = docs.get(sid)
            if story is None:
                continue
            if shown(story, feed, rights, now):
                stories.append(story)
                last_score = score
            elif tombstoned(story, feed, rights, now):
                tombstones.append(story)
        if len(batch) < BATCH:
            return FeedPage(tuple(stories), tuple(tombstones), last_score, more=False)
        # Continue at the batch's last time, inclusively: stories sharing that time may
        # straddle the batch boundary; ``seen`` drops the ones already read.
        cursor, inclusive = batch[-1][1], True
    return FeedPage(tuple(stories), tuple(tombstones), last_score, more=True)
