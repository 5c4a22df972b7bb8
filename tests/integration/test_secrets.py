"""No secret leaves in a response: a token given as ``?token=`` is searched for in the bytes
of every format, every page, every header, every problem and the log; and the links a feed
gives point at pages that exist."""

from __future__ import annotations

import json
from collections.abc import Iterator

import feedparser
import httpx
import pytest
from lxml import etree

from tests.conftest import KEY_PREFIX, SAMPLE_FILE, RunningApp, add_partner, run_cli, serve_app
from wire.settings import Settings

FORMATS = ("rss", "atom", "json", "ninjs")
FEEDS = ("/feeds/all", "/feeds/region/lampung", "/feeds/desk/politics", "/feeds/lang/id")


def stories(app: RunningApp, key: str) -> list[str]:
    """A few stories, one of them killed (a tombstone in Atom, a recalled item elsewhere)."""
    author = app.client(key)
    sample = author.post("/v1/stories", content=SAMPLE_FILE.read_bytes(),
                         headers={"Content-Type": "text/plain; charset=utf-8"})
    ids = [sample.json()["wire"]["id"]]
    for n in range(3):
        made = author.post("/v1/stories", json={
            "headline": f"Harga cabai naik lagi {n}", "region": "lampung", "desk": "politics",
            "body": f"Harga cabai di pasar Liwa naik untuk ke-{n} kalinya minggu ini, kata "
                    "pedagang. Pemerintah daerah berjanji menggelar operasi pasar."})
        assert made.status_code == 201, made.text
        ids.append(made.json()["wire"]["id"])
    assert author.post(f"/v1/stories/{ids[1]}/kill", json={"reason": "legal"}).status_code == 200
    return ids


def leaks(token: str, response: httpx.Response) -> list[str]:
    """Where the token shows in a response: its body (decoded from gzip) or a header."""
    found = [f"header {k}" for k, v in response.headers.items() if token in v]
    if token.encode() in response.content:
        found.append("body")
    return found


@pytest.fixture
def reader(app: RunningApp) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=app.url, timeout=30.0) as client:
        yield client


@pytest.fixture(scope="module")
def paged_app(redis_url: str) -> Iterator[RunningApp]:
    """The app with two items a page, so feeds carry RFC 5005 next/archive links."""
    settings = Settings(redis_url=redis_url, redis={"key_prefix": KEY_PREFIX},
                        feeds={"page_size": 2})
    with serve_app(settings) as running:
        yield running


def test_token_in_the_query_never_comes_back(paged_app: RunningApp, cli_env: dict[str, str],
                                             correspondent_key: str,
                                             capfd: pytest.CaptureFixture[str]) -> None:
    app = paged_app
    reader = httpx.Client(base_url=app.url, timeout=30.0)
    ids = stories(app, correspondent_key)
    token = add_partner(cli_env, "Radar Lampung", "--region", "lampung")
    q = {"token": token}
    answers: list[tuple[str, httpx.Response]] = []

    def ask(method: str, path: str, **kwargs: object) -> httpx.Response:
        response = reader.request(method, path, params={**q, **kwargs.pop("params", {})},
                                  **kwargs)  # type: ignore[arg-type]
        answers.append((f"{method} {path}", response))
        return response

    for feed in FEEDS:
        for fmt in FORMATS:
            first = ask("GET", f"{feed}.{fmt}")
            assert first.status_code == 200, (feed, fmt, first.text)
            ask("GET", f"{feed}.{fmt}", headers={"Accept-Encoding": "gzip"})
            ask("GET", f"{feed}.{fmt}", headers={"If-None-Match": first.headers["etag"]})
            ask("GET", f"{feed}.{fmt}", params={"urgency": "1-5", "lang": "id"})
    # An archive page: its links (next, prev-archive, current) are in the search too.
    paged = etree.fromstring(ask("GET", "/feeds/all.atom").content)
    older = next(link.get("href") for link in paged.iter("{http://www.w3.org/2005/Atom}link")
                 if link.get("rel") == "next")
    archive = ask("GET", older.replace(app.settings.public_url, ""))
    assert archive.status_code == 200 and b"prev-archive" in archive.content
    cursor = ask("GET", "/v1/feed")
    assert cursor.status_code == 200 and cursor.json()["items"]
    for sid in ids:
        ask("GET", f"/v1/stories/{sid}")
        ask("GET", f"/v1/stories/{sid}/versions")
        ask("GET", f"/stories/{sid}")
    ask("GET", "/")
    # Refusals, each with the token in the query.
    refused = [
        ask("GET", "/feeds/nothing.rss"), ask("GET", "/feeds/region/banten.rss"),
        ask("GET", "/feeds/all.rss", params={"before": "x"}),
        ask("GET", "/v1/feed", params={"after": "nope"}),
        ask("GET", "/v1/feed", params={"limit": "abc"}),
        ask("GET", "/v1/stories/nope"), ask("GET", "/stories/nope"),
        ask("POST", "/feeds/all.rss"), ask("GET", "/nowhere"),
        ask("GET", f"/v1/stories/{ids[0]}", params={"format": "pdf"}),
        ask("POST", "/v1/stories", content=b"Headline\n\nBody."),
        ask("GET", "/feeds/all.rss", params={"pad": "x" * 9000}),
    ]
    assert all(r.status_code >= 400 for r in refused), [r.status_code for r in refused]
    for response in refused:
        assert response.headers["content-type"].startswith("application/problem+json"), (
            response.request.url.path, response.status_code, response.text)
    revoked = add_partner(cli_env, "Gone Daily")
    run_cli("partners", "rotate", "Gone Daily", env=cli_env)
    gone = reader.get("/feeds/all.rss", params={"token": revoked})
    assert gone.status_code == 401 and not leaks(revoked, gone)

    leaked = {name: where for name, response in answers if (where := leaks(token, response))}
    assert not leaked, leaked
    logged = capfd.readouterr()
    assert token not in logged.out and token not in logged.err


def test_feed_and_item_links_open_pages_that_exist(app: RunningApp, cli_env: dict[str, str],
                                                   correspondent_key: str,
                                                   reader: httpx.Client) -> None:
    ids = stories(app, correspondent_key)
    token = add_partner(cli_env, "Radar Lampung", "--region", "lampung")
    links: set[str] = set()
    homes: set[str] = set()
    for fmt in ("rss", "atom"):
        parsed = feedparser.parse(reader.get(f"/feeds/all.{fmt}", params={"token": token}).content)
        homes.add(parsed.feed.link)
        links |= {entry.link for entry in parsed.entries}
    doc = json.loads(reader.get("/feeds/all.json", params={"token": token}).content)
    homes.add(doc["home_page_url"])
    links |= {item["url"] for item in doc["items"]}
    opml = etree.fromstring(reader.get("/v1/partners/me/feeds.opml", auth=("any", token)).content)
    homes |= {o.get("htmlUrl") for o in opml.iter("outline") if o.get("htmlUrl")}

    assert homes == {f"{app.settings.public_url}/"}
    assert httpx.get(homes.pop()).status_code == 200
    # Every story is linked but the killed one (an Atom tombstone, gone from the others).
    assert {link.rsplit("/", 1)[1] for link in links} == set(ids) - {ids[1]}
    for link in links:
        bare = httpx.get(link)  # what a browser does first: no credentials
        assert bare.status_code == 401 and "Basic" in bare.headers["www-authenticate"], link
        page = httpx.get(link, auth=("reader", token))
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        assert "<h1>" in page.text and token not in page.text
