"""The authorization matrix: every operation and feed format, for anonymous callers, two
correspondents, partners of different entitlements, an early-urgent partner, a revoked and a
rotated-away token; each cell is the exact status that role must get."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.conftest import RunningApp, add_partner, last_line, run_cli

LAMPUNG = {"headline": "Jembatan baru di Way Tenong", "region": "lampung", "desk": "politics",
           "body": "Gubernur meresmikan jembatan baru di Way Tenong pada Senin pagi."}
BANTEN = {"headline": "Banjir rob di pesisir Serang", "region": "banten", "desk": "economy",
          "body": "Air laut pasang merendam puluhan rumah warga di pesisir Serang."}
FORMATS = ("rss", "atom", "json", "ninjs")


@pytest.fixture
def world(app: RunningApp, cli_env: dict[str, str]) -> dict[str, Any]:
    def cli(*args: str) -> str:
        done = run_cli(*args, env=cli_env)
        assert done.returncode == 0, done.stderr
        return last_line(done.stdout)

    ani = cli("correspondents", "add", "Ani", "--region", "lampung")
    budi = cli("correspondents", "add", "Budi", "--region", "banten")
    roles = {
        "anonymous": None, "ani": ani, "budi": budi,
        "all": add_partner(cli_env, "Semua"),
        "lampung": add_partner(cli_env, "Lampung", "--region", "lampung"),
        "economy": add_partner(cli_env, "Ekonomi", "--desk", "economy"),
        "early": add_partner(cli_env, "Awal", "--region", "banten", "--early-urgent"),
    }
    revoked = add_partner(cli_env, "Dicabut")
    rotated_away = add_partner(cli_env, "Diputar")
    cli("partners", "rotate", "Diputar")
    # A token's id is the start of its SHA-256, as 'partners show' lists it.
    cli("partners", "token", "revoke", "Dicabut", hashlib.sha256(revoked.encode()).hexdigest()[:8])
    roles["revoked"], roles["rotated"] = revoked, rotated_away
    with app.client(ani) as c:
        lampung = c.post("/v1/stories", json=LAMPUNG).json()["wire"]["id"]
    with app.client(budi) as c:
        banten = c.post("/v1/stories", json=BANTEN).json()["wire"]["id"]
        until = (datetime.now(UTC) + timedelta(hours=2)).isoformat()
        flash = c.post("/v1/stories", json={**BANTEN, "headline": "Gempa di Selat Sunda",
                                            "body": "Gempa kuat terasa di Serang dan Cilegon.",
                                            "urgency": 1, "embargoed": until}).json()["wire"]["id"]
    return {"roles": roles, "lampung": lampung, "banten": banten, "flash": flash}


def call(app: RunningApp, token: str | None, method: str, path: str,
         body: dict[str, Any] | None = None) -> int:
    with app.client(token) as c:
        return c.request(method, path, json=body).status_code


# role -> status for reading each story by id (lampung, banten, embargoed flash); a
# correspondent reads its own stories only (another's is 404, as if there were none).
READS = {
    "anonymous": (401, 401, 401), "ani": (200, 404, 404), "budi": (404, 200, 200),
    "all": (200, 200, 404), "lampung": (200, 404, 404), "economy": (404, 200, 404),
    "early": (404, 200, 200), "revoked": (401, 401, 401), "rotated": (401, 401, 401),
}


def test_reading_stories_by_id(app: RunningApp, world: dict[str, Any]) -> None:
    for role, wanted in READS.items():
        token = world["roles"][role]
        got = tuple(call(app, token, "GET", f"/v1/stories/{world[s]}")
                    for s in ("lampung", "banten", "flash"))
        assert got == wanted, (role, got)


def test_writing_stories(app: RunningApp, world: dict[str, Any]) -> None:
    sid = world["lampung"]
    writes = [("PATCH", f"/v1/stories/{sid}", {"urgency": 3}),
              ("PUT", f"/v1/stories/{sid}", {**LAMPUNG, "body": LAMPUNG["body"] + " Ramai."}),
              ("POST", f"/v1/stories/{sid}/withhold", {"reason": "cek"}),
              ("POST", f"/v1/stories/{sid}/release", {})]
    expected = {"anonymous": 401, "budi": 404, "all": 403, "lampung": 403, "revoked": 401,
                "rotated": 401}
    for role, status in expected.items():
        for method, path, body in writes:
            assert call(app, world["roles"][role], method, path, body) == status, (role, path)
        assert call(app, world["roles"][role], "POST", "/v1/stories", LAMPUNG) in (
            (401,) if status == 401 else (201, 200) if role == "budi" else (403,)), role
    for method, path, body in writes:  # the author may do each, in this order
        assert call(app, world["roles"]["ani"], method, path, body) == 200, path


def test_feeds_in_every_format(app: RunningApp, world: dict[str, Any]) -> None:
    # A feed is 404 only when its own dimension contradicts the partner's rights (a region
    # partner may read any desk's feed: AND across dimensions, an empty list is all).
    feeds = {"/feeds/all": {"all", "lampung", "economy", "early"},
             "/feeds/region/lampung": {"all", "lampung", "economy"},
             "/feeds/region/banten": {"all", "economy", "early"},
             "/feeds/desk/economy": {"all", "lampung", "economy", "early"}}
    for role, token in world["roles"].items():
        for feed, allowed in feeds.items():
            for fmt in FORMATS:
                status = call(app, token, "GET", f"{feed}.{fmt}")
                if role in allowed:
                    want = 200
                elif role in ("anonymous", "revoked", "rotated"):
                    want = 401
                elif role in ("ani", "budi"):
                    want = 403
                else:
                    want = 404
                assert status == want, (role, feed, fmt, status)


def test_cursor_and_opml_show_only_what_each_may_read(app: RunningApp,
                                                       world: dict[str, Any]) -> None:
    seen = {"all": {"lampung", "banten"}, "lampung": {"lampung"}, "economy": {"banten"},
            "early": {"banten", "flash"}}
    for role, stories in seen.items():
        with app.client(world["roles"][role]) as c:
            items = c.get("/v1/feed").json()["items"]
            assert {i["story"]["wire"]["id"] for i in items} == {world[s] for s in stories}, role
            assert c.get("/v1/partners/me/feeds.opml").status_code == 200
    for role in ("anonymous", "revoked", "rotated", "ani", "budi"):
        for path in ("/v1/feed", "/v1/partners/me/feeds.opml"):
            assert call(app, world["roles"][role], "GET", path) == (
                403 if role in ("ani", "budi") else 401), (role, path)


def test_tokens_work_by_header_basic_and_query_alike(app: RunningApp,
                                                     world: dict[str, Any]) -> None:
    token = world["roles"]["lampung"]
    with httpx.Client(base_url=app.url) as c:
        assert c.get("/feeds/all.rss", params={"token": token}).status_code == 200
        assert c.get("/feeds/all.rss", auth=("anyone", token)).status_code == 200
        assert c.get("/feeds/region/banten.rss", params={"token": token}).status_code == 404
