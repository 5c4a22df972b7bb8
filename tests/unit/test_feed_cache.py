"""Rendered documents: content negotiation and conditional GET, without a server."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from feeds.cache import FeedCache, accepts_gzip, prepare, representation

WHEN = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(("header", "expected"), [
    ("gzip", True), ("gzip, deflate, br", True), ("br;q=1.0, gzip;q=0.8", True),
    ("*", True), ("x-gzip", True), ("GZIP", True),
    ("", False), ("identity", False), ("gzip;q=0", False), ("gzip;q=0.0, identity", False),
    ("deflate", False), ("gzip;q=abc", False), ("x-gzip-nope", False),
])
def test_accepts_gzip(header: str, expected: bool) -> None:
    assert accepts_gzip(header) is expected


def test_conditional_get_and_encodings() -> None:
    doc = prepare("1-0", b"<rss/>", WHEN, "application/rss+xml", 5)
    status, headers, body = representation(doc, if_none_match=None, if_modified_since=None,
                                           accept_encoding="gzip")
    assert status == 200 and dict(headers)[b"content-encoding"] == b"gzip"
    assert dict(headers)[b"etag"] == doc.gzip_etag.encode() and body == doc.gzipped
    for tag in (doc.etag, doc.gzip_etag, f"W/{doc.etag}", "*", f'"x", {doc.etag}'):
        assert representation(doc, if_none_match=tag, if_modified_since=None,
                              accept_encoding="")[0] == 304, tag
    assert representation(doc, if_none_match='"other"', if_modified_since=doc.last_modified,
                          accept_encoding="")[0] == 200, "If-None-Match wins over the date"
    assert representation(doc, if_none_match=None, if_modified_since=doc.last_modified,
                          accept_encoding="")[0] == 304
    assert representation(doc, if_none_match=None,
                          if_modified_since="Fri, 27 Nov 2026 12:00:00 GMT",
                          accept_encoding="")[0] == 200
    assert representation(doc, if_none_match=None, if_modified_since="yesterday",
                          accept_encoding="")[0] == 200


def test_cache_is_bounded_and_tied_to_the_change() -> None:
    cache = FeedCache(capacity=2)
    for n in range(3):
        cache.put(("feed", n), prepare(f"{n}-0", b"x", WHEN, "text/xml", 5))
    assert cache.get(("feed", 0), "0-0") is None, "the oldest entry went first"
    assert cache.get(("feed", 2), "2-0") is not None
    assert cache.get(("feed", 2), "3-0") is None, "a newer change makes it stale"
