"""Rendered feed documents, kept ready per worker and valid until the next change.

A feed is rendered once per change (per worker), not per request: the bytes, their gzip
form, both ETags and the response headers are prepared at render time. An entry records
the change-log id it was rendered at; the worker's ``ChangeNotifier`` knows the newest id,
so checking freshness costs no Redis round trip while its subscription is live.
"""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Hashable
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime, parsedate_to_datetime
from functools import lru_cache

from wire.storage.accounts import Partner

Headers = list[tuple[bytes, bytes]]


@dataclass(frozen=True)
class Rendered:
    change: str | None
    body: bytes
    gzipped: bytes
    etag: str
    gzip_etag: str
    last_modified: str
    plain_headers: Headers
    gzip_headers: Headers
    not_modified_headers: Headers
    not_modified_gzip_headers: Headers
    # What ``prepare`` was given, so another process can rebuild the entry (feeds.shared).
    updated: datetime
    media_type: str
    max_age: int
    links: str


def prepare(change: str | None, body: bytes, updated: datetime, media_type: str,
            max_age: int, links: str = "", gzipped: bytes | None = None) -> Rendered:
    """A cache entry for ``body``; ``gzipped`` when its gzip form is at hand already."""
    digest = hashlib.blake2b(body, digest_size=12).hexdigest()
    if gzipped is None:
        # mtime=0 keeps the compressed bytes (and so their ETag) stable across renders.
        gzipped = gzip.compress(body, compresslevel=6, mtime=0)
    etag, gzip_etag = f'"{digest}"', f'"{digest}-gz"'
    last_modified = format_datetime(updated, usegmt=True)

    def common(tag: str) -> Headers:
        return [(b"etag", tag.encode()), (b"last-modified", last_modified.encode()),
                (b"cache-control", f"private, max-age={max_age}".encode()),
                (b"vary", b"Authorization, Accept-Encoding, Accept")]

    content = (b"content-type", media_type.encode())
    linked = [(b"link", links.encode())] if links else []
    return Rendered(
        change=change, body=body, gzipped=gzipped, etag=etag, gzip_etag=gzip_etag,
        last_modified=last_modified,
        plain_headers=[content, (b"content-length", str(len(body)).encode()), *linked,
                       *common(etag)],
        gzip_headers=[content, (b"content-encoding", b"gzip"),
                      (b"content-length", str(len(gzipped)).encode()), *linked,
                      *common(gzip_etag)],
        not_modified_headers=common(etag),
        not_modified_gzip_headers=common(gzip_etag),
        updated=updated, media_type=media_type, max_age=max_age, links=links,
    )


def _matches(if_none_match: str | None, if_modified_since: str | None, tags: tuple[str, ...],
             last_modified: str) -> bool:
    """RFC 9110 conditional GET: If-None-Match wins; else If-Modified-Since."""
    if if_none_match is not None:
        sent = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
        return "*" in sent or not sent.isdisjoint(tags)
    if if_modified_since:
        try:
            return parsedate_to_datetime(last_modified) <= parsedate_to_datetime(
                if_modified_since)
        except (TypeError, ValueError):
            return False
    return False


@lru_cache(maxsize=512)  # clients send a handful of distinct headers, on every poll
def accepts_gzip(accept_encoding: str) -> bool:
    """RFC 9110 Accept-Encoding: gzip (or ``*``) listed with a q-value above zero."""
    accept_encoding = accept_encoding.lower()
    if "gzip" not in accept_encoding and "*" not in accept_encoding:
        return False
    for item in accept_encoding.split(","):
        coding, _, params = item.strip().partition(";")
        if coding.strip() in ("gzip", "x-gzip", "*"):
            q = params.strip().removeprefix("q=")
            try:
                return float(q) > 0 if q else True
            except ValueError:
                return False
    return False


BROWSER_XML = (b"content-type", b"application/xml; charset=utf-8")
FEED_XML = (b"application/rss+xml", b"application/atom+xml")


def for_browser(headers: Headers, accept: str) -> Headers:
    """Chromium shows ``application/rss+xml`` and ``atom+xml`` as plain text, so it never
    applies the feed's ``<?xml-stylesheet?>``: a page navigation (``Accept`` names
    ``text/html``; readers never do) gets the same bytes labelled ``application/xml``."""
    if "text/html" not in accept:
        return headers
    return [BROWSER_XML if k == b"content-type" and v.startswith(FEED_XML) else (k, v)
            for k, v in headers]


def representation(doc: Rendered, *, if_none_match: str | None, if_modified_since: str | None,
                   accept_encoding: str, accept: str = "") -> tuple[int, Headers, bytes]:
    """Status, headers and body answering a GET for ``doc``."""
    gzip_ok = accepts_gzip(accept_encoding)
    # Either ETag matches: both name the same document, in two encodings.
    if _matches(if_none_match, if_modified_since, (doc.etag, doc.gzip_etag), doc.last_modified):
        return 304, doc.not_modified_gzip_headers if gzip_ok else doc.not_modified_headers, b""
    if gzip_ok:
        return 200, for_browser(doc.gzip_headers, accept), doc.gzipped
    return 200, for_browser(doc.plain_headers, accept), doc.body


def feed_key(path: str, query_string: bytes, partner: Partner, host: str | None) -> Hashable:
    """Everything a feed document depends on besides the store's content (the Host too:
    without WIRE_BASE_URL the links are made from it). Its ``repr`` names the document
    across processes (``feeds.shared``), so it holds no set, whose order varies by process."""
    return (path, query_string, partner.id, partner.entitlements, host)


class FeedCache:
    """A bounded store of rendered documents keyed by everything the bytes depend on."""

    def __init__(self, capacity: int = 2048) -> None:
        self.capacity = capacity
        self._entries: dict[Hashable, Rendered] = {}

    def get(self, key: Hashable, change: str | None) -> Rendered | None:
        entry = self._entries.get(key)
        return entry if entry is not None and entry.change == change else None

    def put(self, key: Hashable, entry: Rendered) -> None:
        # Oldest-written first out: every change rewrites the entries in use, so the ones
        # written longest ago are the ones nobody asks for any more.
        self._entries.pop(key, None)
        self._entries[key] = entry
        while len(self._entries) > self.capacity:
            del self._entries[next(iter(self._entries))]
