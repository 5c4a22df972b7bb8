"""Partner syndication: conditional GET, gzip, paging without gaps, the cursor under load,
entitlements on every path."""

from __future__ import annotations

import gzip
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import feedparser
import httpx
import pytest
from lxml import etree

from tests.conftest import RunningApp, add_partner, serve_app
from tests.validators import validate_atom, validate_jsonfeed, validate_ninjs, validate_rss
from wire.settings import Settings

ATOM = "{http://www.w3.org/2005/Atom}"
HISTORY = "{http://purl.org/syndication/history/1.0}"


def post_many(app: RunningApp, key: str, count: int, *, workers: int = 1,
              **fields: Any) -> list[str]:
    def one(n: int) -> str:
        with app.client(key) as c:
            response = c.post("/v1/stories", json={
                "headline": f"Laporan nomor {n} dari Lampung",
                "body": f"Ini adalah isi laporan nomor {n}. Warga desa {n} berkumpul di balai "
                        f"desa untuk membahas rencana pembangunan jalan sepanjang {n} kilometer.",
                **fields,
            })
            assert response.status_code == 201, response.text
            return str(response.json()["uri"])

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(one, range(count)))


def test_conditional_get_and_gzip(app: RunningApp, correspondent_key: str,
                                  partner_token: str) -> None:
    post_many(app, correspondent_key, 3)
    with app.client(partner_token) as c:
        first = c.get("/feeds/all.atom", headers={"Accept-Encoding": "identity"})
        etag, modified = first.headers["etag"], first.headers["last-modified"]
        assert first.headers["cache-control"].startswith("private, max-age=")
        assert "Authorization" in first.headers["vary"]
        assert "Accept-Encoding" in first.headers["vary"]
        again = c.get("/feeds/all.atom", headers={"If-None-Match": etag,
                                                  "Accept-Encoding": "identity"})
        assert again.status_code == 304 and again.content == b""
        since = c.get("/feeds/all.atom", headers={"If-Modified-Since": modified,
                                                  "Accept-Encoding": "identity"})
        assert since.status_code == 304
        zipped = c.get("/feeds/all.atom", headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["content-encoding"] == "gzip"
    assert zipped.headers["etag"] != etag
    assert zipped.content == first.content  # httpx decodes; the bytes are the same document
    post_many(app, correspondent_key, 1, headline="Berita baru sekali")
    with app.client(partner_token) as c:
        changed = c.get("/feeds/all.atom", headers={"If-None-Match": etag,
                                                    "Accept-Encoding": "identity"})
    assert changed.status_code == 200 and changed.headers["etag"] != etag


def test_raw_gzip_bytes_are_valid(app: RunningApp, correspondent_key: str,
                                  partner_token: str) -> None:
    post_many(app, correspondent_key, 2)
    with httpx.Client(base_url=app.url) as c, c.stream(
        "GET", "/feeds/all.rss", headers={"Authorization": f"Bearer {partner_token}",
                                          "Accept-Encoding": "gzip"}) as response:
        raw = b"".join(response.iter_raw())
    validate_rss(gzip.decompress(raw))


def walk(c: httpx.Client, url: str) -> list[str]:
    """Follow rel=next from the current Atom document to the end; every entry id in order."""
    seen: list[str] = []
    pages = 0
    while url:
        response = c.get(url)
        assert response.status_code == 200, response.text
        validate_atom(response.content)
        root = etree.fromstring(response.content)
        if pages:
            assert root.find(f"{HISTORY}archive") is not None
            assert root.find(f"{ATOM}link[@rel='current']") is not None
        seen += [e.findtext(f"{ATOM}id") for e in root.findall(f"{ATOM}entry")]
        nxt = root.find(f"{ATOM}link[@rel='next']")
        url = nxt.get("href") if nxt is not None else ""
        pages += 1
        assert pages < 50
    return seen


def test_paging_walks_back_without_gaps_or_repeats(redis_url: str, correspondent_key: str,
                                                   partner_token: str) -> None:
    settings = Settings(redis_url=redis_url, redis={"key_prefix": "test"},
                        feeds={"page_size": 7})
    with serve_app(settings) as small:
        uris = post_many(small, correspondent_key, 30, workers=8)
        with small.client(partner_token) as c:
            seen = walk(c, "/feeds/all.atom")
            rss = c.get("/feeds/all.rss").content
    assert len(seen) == len(set(seen)) == 30
    assert set(seen) == set(uris)
    assert b'rel="next"' in rss and b'rel="prev-archive"' in rss


def test_cursor_under_concurrent_writes(app: RunningApp, correspondent_key: str,
                                        partner_token: str) -> None:
    seen: list[str] = []
    cursor: str | None = None

    def drain() -> None:
        nonlocal cursor
        with app.client(partner_token) as c:
            while True:
                params: dict[str, Any] = {"limit": 7}
                if cursor:
                    params["after"] = cursor
                page = c.get("/v1/feed", params=params).json()
                seen.extend(i["story"]["uri"] for i in page["items"])
                cursor = page["next"] or cursor
                if not page["items"]:
                    return

    with ThreadPoolExecutor(max_workers=1) as reader:
        writing = ThreadPoolExecutor(max_workers=8).submit(
            post_many, app, correspondent_key, 60, workers=8)
        while not writing.done():
            reader.submit(drain).result()
        uris = writing.result()
        reader.submit(drain).result()
    assert len(seen) == len(set(seen)), "no change is delivered twice"
    assert set(seen) == set(uris), "no change is skipped"


def test_every_format_validates(app: RunningApp, correspondent_key: str,
                                partner_token: str) -> None:
    with app.client(correspondent_key) as c:
        c.post("/v1/stories", json={
            "headline": "Foto: panen kopi di Liwa", "body": "<p>Petani <b>kopi</b> di Liwa "
            "memanen biji merah.</p><script>alert(1)</script>", "urgency": 3,
            "media": [{"href": "https://example.org/kopi.jpg", "type": "image/jpeg",
                       "length": 12345, "caption": "Panen kopi"}]})
    with app.client(partner_token) as c:
        rss = c.get("/feeds/all.rss").content
        atom = c.get("/feeds/all.atom").content
        jf = c.get("/feeds/all.json").json()
        ninjs = c.get("/feeds/all.ninjs").json()
    validate_rss(rss)
    validate_atom(atom)
    validate_jsonfeed(jf)
    for item in ninjs:
        validate_ninjs(item)
    entry = feedparser.parse(rss).entries[0]
    assert entry.enclosures[0]["type"] == "image/jpeg"
    assert b"<script" not in rss and b"alert(1)" not in atom
    assert jf["items"][0]["attachments"][0]["size_in_bytes"] == 12345


@pytest.mark.parametrize(("path", "status"), [
    ("/feeds/all.rss", 200), ("/feeds/all.atom?region=lampung", 200),
    ("/feeds/region/lampung.atom", 200),  # no desk right, but a region feed may hold sport
    ("/feeds/desk/politics.ninjs", 404), ("/feeds/lang/id.rss", 404),
])
def test_outsider_sees_nothing_anywhere(app: RunningApp, correspondent_key: str,
                                        cli_env: dict[str, str], path: str,
                                        status: int) -> None:
    post_many(app, correspondent_key, 2)
    outsider = add_partner(cli_env, "Sport Only", "--desk", "sport", "--lang", "en")
    with app.client(outsider) as c:
        response = c.get(path)
        assert response.status_code == status
        assert b"Laporan nomor" not in response.content
        cursor = c.get("/v1/feed").json()
    assert cursor["items"] == []


def test_region_feeds_outside_rights_are_404(app: RunningApp, cli_env: dict[str, str],
                                             correspondent_key: str) -> None:
    post_many(app, correspondent_key, 1)
    lampung = add_partner(cli_env, "Lampung Post", "--region", "lampung")
    with app.client(lampung) as c:
        assert c.get("/feeds/region/banten.rss").status_code == 404
        assert c.get("/feeds/region/lampung-barat.rss").status_code == 200  # inside
        assert c.get("/feeds/region/indonesia.rss").status_code == 200  # holds lampung
        hidden = c.get("/feeds/region/jawa-barat.atom")
    assert hidden.headers["content-type"].startswith("application/problem+json")


def test_unknown_feed_family_and_format_are_404(app: RunningApp, partner_token: str) -> None:
    with app.client(partner_token) as c:
        for path in ("/feeds/all.xml", "/feeds/topic/x.rss", "/feeds/everything.rss"):
            response = c.get(path)
            assert response.status_code == 404, path
            assert response.headers["content-type"].startswith("application/problem+json")
        bad = c.get("/feeds/all.rss", params={"urgency": "9-1"})
    assert bad.status_code == 422 and "backwards" in bad.json()["detail"]


def hits(app: RunningApp, fmt: str) -> float:
    with httpx.Client(base_url=app.url) as c:
        text = c.get("/metrics").text
    line = f'wire_feed_requests_total{{format="{fmt}",result="hit"}}'
    return sum(float(row.split()[-1]) for row in text.splitlines() if row.startswith(line))


def test_cached_document_is_served_ahead_of_the_framework_identically(
    app: RunningApp, correspondent_key: str, partner_token: str
) -> None:
    post_many(app, correspondent_key, 2)
    with app.client(partner_token) as c:
        rendered = c.get("/feeds/all.atom?urgency=1-9", headers={"Accept-Encoding": "identity"})
        before = hits(app, "atom")
        served = c.get("/feeds/all.atom?urgency=1-9", headers={"Accept-Encoding": "identity"})
        assert hits(app, "atom") == before + 1, "the second request is a cache hit"
        wrong = c.get("/feeds/all.atom?urgency=1-9", headers={"Authorization": "Bearer pt_no"})
    assert served.content == rendered.content
    for header in ("etag", "last-modified", "cache-control", "vary", "content-type",
                   "content-length"):
        assert served.headers[header] == rendered.headers[header], header
    assert wrong.status_code == 401, "an unknown token never reaches the cache"


def test_if_modified_since_sees_a_story_leave_the_feed(app: RunningApp, correspondent_key: str,
                                                       partner_token: str) -> None:
    uris = post_many(app, correspondent_key, 2)
    with app.client(partner_token) as c:
        first = c.get("/feeds/region/lampung.atom")
        modified = first.headers["last-modified"]
    sid = uris[0].rpartition(":")[2]
    time.sleep(1.1)  # Last-Modified has second precision
    with app.client(correspondent_key) as c:
        assert c.patch(f"/v1/stories/{sid}", json={"region": "pandeglang"}).status_code == 200
    with app.client(partner_token) as c:
        after = c.get("/feeds/region/lampung.atom", headers={"If-Modified-Since": modified})
    assert after.status_code == 200
    assert uris[0].encode() not in after.content
