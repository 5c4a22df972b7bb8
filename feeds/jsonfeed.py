"""JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/) and the JSON serialization.

Wire fields JSON Feed has no key for go under ``_wire`` (the spec's extension prefix):
on items ``id``, ``version``, ``urgency``, ``pubstatus``, ``located``, ``flags``,
``ednote``, ``desk``, ``regions``, ``keywords``; on the feed the RFC 5005 links JSON Feed
lacks (``prev_archive_url``, ``next_archive_url``, ``current_url``, ``archive``) and
``updated``. Output is compact UTF-8 with sorted keys, so it is byte-stable.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from feeds.render import Channel, Entry

VERSION = "https://jsonfeed.org/version/1.1"


def dumps(doc: Any) -> bytes:
    """Compact, key-sorted UTF-8 JSON (non-ASCII kept as is)."""
    text = json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.encode("utf-8")


def _rfc3339(value: datetime) -> str:
    return value.isoformat().replace("+00:00", "Z")


def _item(entry: Entry) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": entry.id,
        "url": entry.url,
        "title": entry.title,
        "content_html": entry.content_html,
        "content_text": entry.content_text,
        "summary": entry.summary,
        "date_published": _rfc3339(entry.published),
        "date_modified": _rfc3339(entry.updated),
        "language": entry.language,
        "tags": list(entry.tags),
        "_wire": dict(entry.wire),
    }
    if entry.credits:
        item["authors"] = [{"name": name} for name in entry.credits]
    if entry.media:
        item["attachments"] = [
            {"url": m.href, "mime_type": m.type}
            | ({"size_in_bytes": m.length} if m.length is not None else {})
            | ({"title": m.caption} if m.caption else {})
            for m in entry.media
        ]
    return item


def write_json_feed(channel: Channel, entries: Sequence[Entry]) -> bytes:
    """JSON Feed 1.1: ``next_url`` for paging and ``hubs`` (WebSub) when set."""
    doc: dict[str, Any] = {
        "version": VERSION,
        "title": channel.title,
        "home_page_url": channel.site_url,
        "feed_url": channel.self_url,
        "authors": [{"name": channel.title}],
        "items": [_item(entry) for entry in entries],
    }
    if channel.description:
        doc["description"] = channel.description
    if channel.language:
        doc["language"] = channel.language
    if channel.next_url:
        doc["next_url"] = channel.next_url
    if channel.hub_url:
        doc["hubs"] = [{"type": "WebSub", "url": channel.hub_url}]
    history = {
        "prev_archive_url": channel.prev_archive_url,
        "next_archive_url": channel.next_archive_url,
        "current_url": channel.current_url,
        "archive": channel.archive or None,
        "updated": _rfc3339(channel.updated),
    }
    doc["_wire"] = {k: v for k, v in history.items() if v is not None}
    return dumps(doc)
