"""RSS 2.0 on the shared feedgen wrapper (``feeds.atom.feed_generator``).

Each item: ``title``, ``link``, ``description`` (the summary, HTML-escaped, since readers
treat it as HTML), ``content:encoded`` (the HTML body), ``guid isPermaLink="false"`` (the
story uri), ``category domain=scheme``, one ``enclosure`` (RSS allows one: the first
media item, ``length="0"`` when unknown, as the RSS profile advises), ``pubDate`` and
``atom:updated`` (this version's time), ``dc:creator`` (the byline's people only),
``dc:language``,
``media:content`` for every media item and the ``wire:`` fields.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING

from feeds.atom import (
    NS_ATOM,
    NS_DC,
    Element,
    FeedEntry,
    add_media_and_wire,
    feed_generator,
    sub,
    with_stylesheet,
)

if TYPE_CHECKING:
    from feeds.render import Channel, Entry


def _add_item(fe: FeedEntry, entry: Entry) -> None:
    # RSS readers sort and flag changes by pubDate alone: a new version (a correction, an
    # update) moves it. The first publication time stays in Atom's published and JSON
    # Feed's date_published; atom:updated here says the same as pubDate.
    fe.pubDate(entry.updated)
    fe.link(href=entry.url)
    fe.description(html.escape(entry.summary, quote=False))
    if entry.media:
        first = entry.media[0]
        fe.enclosure(first.href, str(first.length or 0), first.type)

    def build(item: Element) -> None:
        sub(item, f"{{{NS_ATOM}}}updated", entry.updated.isoformat())
        for name in entry.credits:
            sub(item, f"{{{NS_DC}}}creator", name)
        sub(item, f"{{{NS_DC}}}language", entry.language)
        add_media_and_wire(item, entry)

    fe.wire.build = build


def write_rss(channel: Channel, entries: Sequence[Entry]) -> bytes:
    """RSS 2.0 with the channel's ``atom:link`` relations (self, hub, RFC 5005)."""
    fg = feed_generator("rss", channel, entries, (), _add_item)
    data: bytes = fg.rss_str(pretty=False, encoding="UTF-8")
    return with_stylesheet(data, channel)
