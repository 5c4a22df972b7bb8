"""The whole path: a correspondent posts the sample story, a partner reads it in a feed."""

from __future__ import annotations

import base64
import json

import feedparser
import httpx
import pytest

from tests.conftest import SAMPLE_FILE, RunningApp, add_partner
from tests.validators import validate_atom, validate_ninjs, validate_rss

SAMPLE_HEADLINE = "Wabup Lambar hadiri Rakor penanggulangan kemiskinan Provinsi Lampung 2018"


def post_sample(app: RunningApp, key: str, **params: str) -> httpx.Response:
    with app.client(key) as c:
        return c.post("/v1/stories", content=SAMPLE_FILE.read_bytes(), params=params,
                      headers={"Content-Type": "text/plain; charset=utf-8"})


def test_seed_story_round_trip(app: RunningApp, correspondent_key: str,
                               partner_token: str) -> None:
    created = post_sample(app, correspondent_key)
    assert created.status_code == 201, created.text
    story = created.json()
    sid = story["wire"]["id"]
    assert created.headers["location"] == f"{app.url}/v1/stories/{sid}"
    assert story["headlines"][0]["value"] == SAMPLE_HEADLINE
    assert story["version"] == 1 and story["pubstatus"] == "usable"
    assert story["language"] == "id"
    assert story["wire"]["dateline"]["place"] == "Lampung Barat"
    assert story["wire"]["dateline"]["agency"] == "ISN"
    assert story["located"] == "Lampung Barat"
    assert story["wire"]["event_date"] == "2018-12-20"
    assert story["wire"]["region"] == "lampung-barat"
    assert "lampung" in story["wire"]["regions"]
    assert {"name": "MDSNews"} in story["infosources"]
    text = next(b["value"] for b in story["bodies"] if b["contenttype"] == "text/plain")
    assert text.startswith("Wakil Bupati Lampung Barat Drs.H. Mad Hasnurin")
    assert text.rstrip().endswith("menjadi lebih efektif.")
    assert "Loading" not in text and "MDSNews" not in text and "(ISN)" not in text
    assert len(text.split("\n\n")) == 6
    assert story["wire"]["normalization"], "the report lists what was changed"

    with app.client(correspondent_key) as c:
        again = c.get(f"/v1/stories/{sid}")
        assert again.status_code == 200 and again.json()["wire"]["id"] == sid
        ninjs = c.get(f"/v1/stories/{sid}", params={"format": "ninjs"})
    assert ninjs.status_code == 200
    assert "wire" not in ninjs.json() and ninjs.json()["version"] == "1"
    validate_ninjs(ninjs.json())

    with app.client(partner_token) as c:
        rss = c.get("/feeds/all.rss")
        atom = c.get("/feeds/all.atom")
    assert rss.status_code == 200 and atom.status_code == 200
    validate_rss(rss.content)
    validate_atom(atom.content)
    for response in (rss, atom):
        parsed = feedparser.parse(response.content)
        assert not parsed.bozo, parsed.get("bozo_exception")
        entry = parsed.entries[0]
        assert entry.title == SAMPLE_HEADLINE
        assert entry.id == story["uri"]
        assert entry.published_parsed is not None
    assert b'isPermaLink="false"' in rss.content


def test_feeds_per_desk_and_region_with_nesting(app: RunningApp, correspondent_key: str,
                                                 partner_token: str) -> None:
    sid = post_sample(app, correspondent_key).json()["wire"]["id"]
    with app.client(partner_token) as c:
        for path in ("/feeds/region/lampung.atom", "/feeds/region/lampung-barat.rss",
                     "/feeds/desk/politics.rss", "/feeds/lang/id.json"):
            body = c.get(path)
            assert body.status_code == 200, (path, body.text)
            if path.endswith(".json"):
                ids = [item["id"] for item in body.json()["items"]]
            else:
                ids = [e.id for e in feedparser.parse(body.content).entries]
            assert any(sid in i for i in ids), path
        for path in ("/feeds/region/banten.atom", "/feeds/desk/sport.rss"):
            assert feedparser.parse(c.get(path).content).entries == [], path


def test_partner_sees_only_entitled_regions(app: RunningApp, cli_env: dict[str, str],
                                            correspondent_key: str) -> None:
    sid = post_sample(app, correspondent_key).json()["wire"]["id"]
    lampung = add_partner(cli_env, "Radar Lampung", "--region", "lampung")
    banten = add_partner(cli_env, "Banten Pos", "--region", "banten")
    with app.client(lampung) as c:
        assert len(feedparser.parse(c.get("/feeds/all.rss").content).entries) == 1
        assert c.get(f"/v1/stories/{sid}").status_code == 200
    with app.client(banten) as c:
        assert feedparser.parse(c.get("/feeds/all.rss").content).entries == []
        assert feedparser.parse(c.get("/feeds/region/lampung.atom").content).entries == []
        hidden = c.get(f"/v1/stories/{sid}")
        assert hidden.status_code == 404
        assert hidden.headers["content-type"].startswith("application/problem+json")


def test_partner_token_by_header_basic_or_query(app: RunningApp, correspondent_key: str,
                                                partner_token: str) -> None:
    post_sample(app, correspondent_key)
    basic = base64.b64encode(f"reader:{partner_token}".encode()).decode()
    with httpx.Client(base_url=app.url) as c:
        for response in (
            c.get("/feeds/all.rss", headers={"Authorization": f"Bearer {partner_token}"}),
            c.get("/feeds/all.rss", headers={"Authorization": f"Basic {basic}"}),
            c.get("/feeds/all.rss", params={"token": partner_token}),
        ):
            assert response.status_code == 200
            assert len(feedparser.parse(response.content).entries) == 1
        refused = c.get("/feeds/all.rss", params={"token": "pt_wrong"})
    assert refused.status_code == 401
    assert refused.headers["content-type"].startswith("application/problem+json")


def test_story_visible_within_a_second_of_201(app: RunningApp, correspondent_key: str,
                                              partner_token: str) -> None:
    with app.client(correspondent_key) as c:
        story = {"headline": "Banjir di Pesisir Barat",
                 "body": "Air setinggi satu meter merendam rumah warga di Krui sejak Selasa pagi."}
        sid = c.post("/v1/stories", json=story).json()["wire"]["id"]
    with app.client(partner_token) as c:
        feed = feedparser.parse(c.get("/feeds/all.atom").content)
    assert sid in feed.entries[0].id


@pytest.mark.parametrize(
    ("headers", "body", "status", "words"),
    [
        ({}, b"Judul\n\nIsi berita.", 401, "Authorization"),
        ({"Content-Type": "text/plain"}, b"", 422, "empty"),
        ({"Content-Type": "text/plain"}, b"   \n\n  ", 422, "empty"),
        ({"Content-Type": "text/plain"}, b"Judul\n\n\xff\xfe\xfa bad", 400, "UTF-8"),
        ({"Content-Type": "image/png"}, b"\x89PNG", 415, "text/plain"),
        ({"Content-Type": "application/json"}, b"{not json", 422, "JSON"),
        ({"Content-Type": "application/json"}, b'{"headline": "x"}', 422, "body"),
        ({"Content-Type": "application/json"}, b'{"headline": "x", "body": "y", "urgency": 12}',
         422, "urgency"),
    ],
)
def test_refusals_are_problems_and_store_nothing(
    app: RunningApp, correspondent_key: str, partner_token: str,
    headers: dict[str, str], body: bytes, status: int, words: str,
) -> None:
    auth = {"Authorization": f"Bearer {correspondent_key}"} if status != 401 else {}
    with httpx.Client(base_url=app.url) as c:
        response = c.post("/v1/stories", content=body, headers={**auth, **headers})
        assert response.status_code == status, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
        problem = response.json()
        assert problem["status"] == status and words.lower() in problem["detail"].lower()
        feed = c.get("/feeds/all.json", headers={"Authorization": f"Bearer {partner_token}"})
    assert json.loads(feed.content)["items"] == []


def test_unknown_story_is_404_problem(app: RunningApp, correspondent_key: str) -> None:
    with app.client(correspondent_key) as c:
        response = c.get("/v1/stories/doesnotexist")
    assert response.status_code == 404
    assert response.json()["title"] and "doesnotexist" in response.json()["detail"]


def test_operations_endpoints(app: RunningApp) -> None:
    with httpx.Client(base_url=app.url) as c:
        assert c.get("/healthz").json() == {"status": "ok"}
        assert c.get("/readyz").json() == {"status": "ok"}, "no detail for anonymous callers"
        schema = c.get("/schema/openapi.json")
        assert schema.status_code == 200 and "/v1/stories" in schema.json()["paths"]
        metrics = c.get("/metrics")
        assert metrics.status_code == 200
        assert "wire_feed_requests_total" in metrics.text
        assert "wire_story_writes_total" in metrics.text
        missing = c.get("/nothing-here")
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("application/problem+json")


def test_oversized_copy_is_413_problem(app: RunningApp, correspondent_key: str) -> None:
    too_big = b"Judul\n\n" + b"kata " * (app.settings.ingest.max_bytes // 5 + 10)
    with app.client(correspondent_key) as c:
        response = c.post("/v1/stories", content=too_big,
                          headers={"Content-Type": "text/plain"})
    assert response.status_code == 413
    assert response.headers["content-type"].startswith("application/problem+json")
    assert str(app.settings.ingest.max_bytes) in response.json()["detail"]
