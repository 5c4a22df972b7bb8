"""Versions, corrections, kills, withholds, embargoes, urgency and idempotent retries,
read back through every feed format."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

import feedparser
import httpx
from lxml import etree

from tests.conftest import RunningApp, add_partner
from tests.validators import validate_atom, validate_jsonfeed, validate_ninjs, validate_rss

TOMBSTONES = "http://purl.org/atompub/tombstones/1.0"
BODY = ("Gubernur Lampung meresmikan jembatan baru di Kecamatan Way Tenong pada Senin pagi. "
        "Jembatan sepanjang 40 meter itu menghubungkan dua desa yang selama ini terpisah sungai.")


def post(app: RunningApp, key: str, **fields: Any) -> httpx.Response:
    with app.client(key) as c:
        return c.post("/v1/stories", json={"headline": "Jembatan baru di Way Tenong",
                                           "body": BODY, **fields})


def feeds(app: RunningApp, token: str, query: str = "") -> dict[str, Any]:
    """Every format of /feeds/all, validated, parsed."""
    out: dict[str, Any] = {}
    with app.client(token) as c:
        for fmt in ("rss", "atom", "json", "ninjs"):
            response = c.get(f"/feeds/all.{fmt}{query}")
            assert response.status_code == 200, response.text
            out[fmt] = response.content
    validate_rss(out["rss"])
    validate_atom(out["atom"])
    jf = httpx.Response(200, content=out["json"]).json()
    validate_jsonfeed(jf)
    ninjs = httpx.Response(200, content=out["ninjs"]).json()
    for item in ninjs:
        validate_ninjs(item)
    return {"rss": feedparser.parse(out["rss"]), "atom": feedparser.parse(out["atom"]),
            "atom_xml": out["atom"], "json": jf, "ninjs": ninjs}


def ids(parsed: dict[str, Any]) -> dict[str, list[str]]:
    return {
        "rss": [e.id for e in parsed["rss"].entries],
        "atom": [e.id for e in parsed["atom"].entries],
        "json": [i["id"] for i in parsed["json"]["items"]],
        "ninjs": [i["uri"] for i in parsed["ninjs"]],
    }


def test_update_makes_a_new_version_with_same_identity(app: RunningApp, correspondent_key: str,
                                                       partner_token: str) -> None:
    first = post(app, correspondent_key).json()
    sid = first["wire"]["id"]
    with app.client(correspondent_key) as c:
        updated = c.put(f"/v1/stories/{sid}", json={
            "headline": "Jembatan baru di Way Tenong diresmikan", "body": BODY + " Warga senang."})
        assert updated.status_code == 200, updated.text
        new = updated.json()
        assert new["version"] == 2 and new["uri"] == first["uri"]
        assert new["firstcreated"] == first["firstcreated"]
        assert new["versioncreated"] > first["versioncreated"]
        listing = c.get(f"/v1/stories/{sid}/versions").json()["items"]
        assert [v["version"] for v in listing] == [1, 2]
        assert c.get(f"/v1/stories/{sid}/versions/1").json()["headlines"][0]["value"] == (
            "Jembatan baru di Way Tenong")
        patched = c.patch(f"/v1/stories/{sid}", json={"urgency": 2})
        assert patched.json()["version"] == 3 and patched.json()["urgency"] == 2
    parsed = feeds(app, partner_token)
    assert all(found == [first["uri"]] for found in ids(parsed).values())
    assert parsed["atom"].entries[0].title == "Jembatan baru di Way Tenong diresmikan"


def test_if_match_guards_against_lost_updates(app: RunningApp, correspondent_key: str) -> None:
    created = post(app, correspondent_key)
    sid, tag = created.json()["wire"]["id"], created.headers["etag"]
    with app.client(correspondent_key) as c:
        ok = c.patch(f"/v1/stories/{sid}", json={"urgency": 3}, headers={"If-Match": tag})
        assert ok.status_code == 200 and ok.headers["etag"] != tag
        stale = c.patch(f"/v1/stories/{sid}", json={"urgency": 4}, headers={"If-Match": tag})
    assert stale.status_code == 412
    assert "version 2" in stale.json()["detail"]


def test_fifty_concurrent_updates_make_distinct_versions(app: RunningApp,
                                                         correspondent_key: str) -> None:
    sid = post(app, correspondent_key).json()["wire"]["id"]

    def bump(n: int) -> int:
        with app.client(correspondent_key) as c:
            return c.patch(f"/v1/stories/{sid}", json={"slugline": f"bump-{n}"}).status_code

    with ThreadPoolExecutor(max_workers=16) as pool:
        statuses = list(pool.map(bump, range(50)))
    assert set(statuses) <= {200, 409}
    assert statuses.count(200) >= 45, "writers to one story take turns rather than fail"
    with app.client(correspondent_key) as c:
        versions = [v["version"] for v in c.get(f"/v1/stories/{sid}/versions").json()["items"]]
    assert versions == list(range(1, statuses.count(200) + 2))


def test_correction_keeps_id_shows_update_and_note(app: RunningApp, correspondent_key: str,
                                                   partner_token: str) -> None:
    first = post(app, correspondent_key).json()
    sid = first["wire"]["id"]
    time.sleep(1.1)  # feed dates have second precision in RSS; make the change visible there
    with app.client(correspondent_key) as c:
        fixed = c.patch(f"/v1/stories/{sid}", json={
            "correction": "The bridge is 40 metres long, not 400.", "body": BODY})
    story = fixed.json()
    assert "correction" in story["wire"]["flags"]
    assert "40 metres" in story["ednote"]
    parsed = feeds(app, partner_token)
    assert parsed["atom"].entries[0].id == first["uri"]
    assert parsed["atom"].entries[0].updated_parsed > parsed["atom"].entries[0].published_parsed
    assert parsed["json"]["items"][0]["date_modified"] != parsed["json"]["items"][0][
        "date_published"]
    assert b"40 metres" in parsed["atom_xml"]
    assert any("40 metres" in (e.get("summary") or "") for e in parsed["rss"].entries)


def test_kill_removes_everywhere_and_leaves_atom_tombstone(
    app: RunningApp, correspondent_key: str, partner_token: str
) -> None:
    story = post(app, correspondent_key).json()
    sid = story["wire"]["id"]
    assert all(found == [story["uri"]] for found in ids(feeds(app, partner_token)).values())
    with app.client(correspondent_key) as c:
        killed = c.post(f"/v1/stories/{sid}/kill", json={"reason": "Legal: wrong name"})
        assert killed.status_code == 200 and killed.json()["pubstatus"] == "canceled"
        assert c.post(f"/v1/stories/{sid}/release", json={"reason": "oops"}).status_code == 409
    parsed = feeds(app, partner_token)
    assert all(found == [] for found in ids(parsed).values())
    root = etree.fromstring(parsed["atom_xml"])
    deleted = root.findall(f"{{{TOMBSTONES}}}deleted-entry")
    assert [d.get("ref") for d in deleted] == [story["uri"]]
    assert deleted[0].get("when")
    with app.client(partner_token) as c:
        seen = c.get(f"/v1/stories/{sid}", params={"format": "ninjs"}).json()
    assert seen["pubstatus"] == "canceled"


def test_withhold_and_release(app: RunningApp, correspondent_key: str,
                              partner_token: str) -> None:
    story = post(app, correspondent_key).json()
    sid = story["wire"]["id"]
    with app.client(correspondent_key) as c:
        assert c.post(f"/v1/stories/{sid}/withhold", json={"reason": "check"}).status_code == 200
        assert ids(feeds(app, partner_token))["rss"] == []
        released = c.post(f"/v1/stories/{sid}/release", json={"reason": "checked"})
        assert released.json()["pubstatus"] == "usable"
    assert all(found == [story["uri"]] for found in ids(feeds(app, partner_token)).values())


def test_embargo_holds_then_publishes_without_a_request(
    app: RunningApp, correspondent_key: str, partner_token: str
) -> None:
    until = (datetime.now(UTC) + timedelta(seconds=3)).isoformat()
    story = post(app, correspondent_key, embargoed=until).json()
    sid = story["wire"]["id"]
    assert all(found == [] for found in ids(feeds(app, partner_token)).values())
    with app.client(partner_token) as c:
        assert c.get(f"/v1/stories/{sid}").status_code == 404
        changes = c.get("/v1/feed").json()
        assert changes["items"] == []
    with app.client(correspondent_key) as c:
        assert c.get(f"/v1/stories/{sid}").status_code == 200
    with app.client(partner_token) as c:
        waited = c.get("/v1/feed", params={"after": changes["next"], "wait": 10},
                       timeout=15).json()
    assert [(i["event"], i["story"]["wire"]["id"]) for i in waited["items"]] == [
        ("published", sid)]
    assert datetime.now(UTC) < datetime.fromisoformat(until) + timedelta(seconds=1)
    assert all(found == [story["uri"]] for found in ids(feeds(app, partner_token)).values())


def test_urgency_in_every_format_and_filterable(app: RunningApp, correspondent_key: str,
                                                partner_token: str) -> None:
    flash = post(app, correspondent_key, urgency=1, headline="Gempa di Lampung Barat").json()
    post(app, correspondent_key, urgency=6, headline="Festival kopi di Liwa", body=BODY + " Kopi.")
    parsed = feeds(app, partner_token, "?urgency=1-3")
    assert all(found == [flash["uri"]] for found in ids(parsed).values())
    assert parsed["ninjs"][0]["urgency"] == 1
    assert any("1" in t.term for t in parsed["atom"].entries[0].tags if "urgency" in
               (t.scheme or "") + t.term)


def test_a_priority_marker_in_the_copy_sets_the_urgency(app: RunningApp,
                                                        correspondent_key: str) -> None:
    copy = f"URGENT\n\nGempa guncang Pesisir Barat\n\n{BODY} Warga berhamburan."
    with app.client(correspondent_key) as c:
        marked = c.post("/v1/stories", content=copy.encode(),
                        headers={"Content-Type": "text/plain"})
        other = copy.replace("Pesisir", "Liwa,").encode()  # not the same copy twice
        declared = c.post("/v1/stories?urgency=4", content=other,
                          headers={"Content-Type": "text/plain"})
    assert marked.status_code == 201, marked.text
    assert marked.json()["urgency"] == 2 and "urgent" not in marked.json()["wire"]["flags"]
    assert marked.json()["headlines"][0]["value"] == "Gempa guncang Pesisir Barat"
    assert declared.status_code == 201 and declared.json()["urgency"] == 4  # declared wins


def test_idempotency_key_replays_first_answer(app: RunningApp, correspondent_key: str) -> None:
    headers = {"Idempotency-Key": "retry-1"}
    with app.client(correspondent_key) as c:
        body = {"headline": "Harga cabai naik", "body": BODY}
        first = c.post("/v1/stories", json=body, headers=headers)
        again = c.post("/v1/stories", json=body, headers=headers)
        other = c.post("/v1/stories", json={**body, "headline": "Lain"}, headers=headers)
    assert first.status_code == 201 and again.status_code == 201
    assert again.json()["wire"]["id"] == first.json()["wire"]["id"]
    assert other.status_code == 422 and "Idempotency-Key" in other.json()["detail"]


def test_same_copy_twice_returns_existing_story(app: RunningApp, correspondent_key: str,
                                                cli_env: dict[str, str]) -> None:
    first = post(app, correspondent_key)
    again = post(app, correspondent_key)
    assert first.status_code == 201 and again.status_code == 200
    assert again.json()["wire"]["id"] == first.json()["wire"]["id"]
    from tests.conftest import last_line, run_cli

    other_key = last_line(run_cli("correspondents", "add", "Other", env=cli_env).stdout)
    second = post(app, other_key)
    assert second.status_code == 201
    assert second.json()["wire"]["duplicate_of"] == first.json()["wire"]["id"]


def test_partner_cursor_respects_entitlements(app: RunningApp, correspondent_key: str,
                                              cli_env: dict[str, str]) -> None:
    banten = add_partner(cli_env, "Banten Only", "--region", "banten")
    everyone = add_partner(cli_env, "All Of It")
    sid = post(app, correspondent_key).json()["wire"]["id"]
    with app.client(banten) as c:
        assert c.get("/v1/feed").json()["items"] == []
    with app.client(everyone) as c:
        items = c.get("/v1/feed").json()["items"]
    assert [(i["event"], i["story"]["wire"]["id"]) for i in items] == [("published", sid)]


def test_early_urgent_partner_gets_urgent_embargoed_story_first(
    app: RunningApp, correspondent_key: str, partner_token: str, cli_env: dict[str, str]
) -> None:
    early = add_partner(cli_env, "Trusted Daily", "--early-urgent")
    # Long enough that both posts and the first reads happen before it, even on a busy CI.
    until = (datetime.now(UTC) + timedelta(seconds=4)).isoformat()
    flash = post(app, correspondent_key, embargoed=until, urgency=1,
                 headline="Gempa besar").json()
    routine = post(app, correspondent_key, embargoed=until, urgency=5,
                   headline="Rapat rutin", body=BODY + " Rutin.").json()
    assert ids(feeds(app, early))["atom"] == [flash["uri"]]
    assert ids(feeds(app, partner_token))["atom"] == []
    time.sleep(max(0.0, (datetime.fromisoformat(until) - datetime.now(UTC)).total_seconds()) + 1)
    assert sorted(ids(feeds(app, early))["atom"]) == sorted([flash["uri"], routine["uri"]])
    with app.client(early) as c:
        events = [(i["event"], i["story"]["uri"]) for i in c.get("/v1/feed").json()["items"]]
    assert events.count(("published", flash["uri"])) == 1, "no repeat at release"
    assert events.count(("published", routine["uri"])) == 1


def test_patching_the_region_moves_the_story_between_region_feeds(
    app: RunningApp, correspondent_key: str, partner_token: str
) -> None:
    story = post(app, correspondent_key).json()
    with app.client(correspondent_key) as c:
        moved = c.patch(f"/v1/stories/{story['wire']['id']}", json={"region": "pandeglang"})
    assert moved.json()["wire"]["regions"][:2] == ["pandeglang", "banten"]
    with app.client(partner_token) as c:
        banten = feedparser.parse(c.get("/feeds/region/banten.atom").content)
        lampung = feedparser.parse(c.get("/feeds/region/lampung.atom").content)
    assert [e.id for e in banten.entries] == [story["uri"]]
    assert lampung.entries == []


def test_partner_that_had_a_story_hears_once_that_it_left(
    app: RunningApp, correspondent_key: str, cli_env: dict[str, str]
) -> None:
    lampung = add_partner(cli_env, "Lampung Only", "--region", "lampung")
    sid = post(app, correspondent_key).json()["wire"]["id"]
    with app.client(correspondent_key) as c:
        c.patch(f"/v1/stories/{sid}", json={"region": "pandeglang"})
        c.post(f"/v1/stories/{sid}/kill", json={"reason": "Wrong region and facts"})
    with app.client(lampung) as c:
        events = [i["event"] for i in c.get("/v1/feed").json()["items"]]
    # Read from the start, after the move: the story is outside this partner's view now, so
    # it hears one withheld notice (no text) and nothing of the kill that followed.
    assert events == ["withheld"]


def test_recalled_text_is_gone_from_every_version_for_partners(
    app: RunningApp, correspondent_key: str, partner_token: str
) -> None:
    sid = post(app, correspondent_key).json()["wire"]["id"]
    with app.client(correspondent_key) as c:
        c.post(f"/v1/stories/{sid}/kill", json={"reason": "Legal"})
        own = c.get(f"/v1/stories/{sid}/versions").json()["items"]
    assert own[0]["bodies"][0]["value"], "the author still reads what was sent"
    with app.client(partner_token) as c:
        listed = c.get(f"/v1/stories/{sid}/versions").json()["items"]
        first = c.get(f"/v1/stories/{sid}/versions/1").json()
    assert [b["value"] for v in listed for b in v["bodies"]] == ["", ""] * 2
    assert [b["value"] for b in first["bodies"]] == ["", ""]


def test_a_kill_is_final_for_edits_too(app: RunningApp, correspondent_key: str) -> None:
    sid = post(app, correspondent_key).json()["wire"]["id"]
    with app.client(correspondent_key) as c:
        c.post(f"/v1/stories/{sid}/kill", json={"reason": "Legal"})
        patched = c.patch(f"/v1/stories/{sid}", json={"urgency": 1})
        replaced = c.put(f"/v1/stories/{sid}", json={"headline": "Baru", "body": BODY})
    assert patched.status_code == replaced.status_code == 409
    assert "final" in patched.json()["detail"]


def test_patching_the_text_keeps_dateline_credits_and_region(
    app: RunningApp, correspondent_key: str
) -> None:
    copy = ("Gempa guncang Kota Agung\n\nKota Agung, Tanggamus (ANTARA) - Gempa bermagnitudo "
            "4,9 mengguncang Kota Agung pada Kamis pagi. Warga sempat berhamburan keluar rumah. "
            "(ant/dra)\n")
    with app.client(correspondent_key) as c:
        first = c.post("/v1/stories", content=copy.encode(),
                       headers={"Content-Type": "text/plain"}).json()
        second = c.patch(f"/v1/stories/{first['wire']['id']}",
                         json={"headline": "Gempa 4,9 guncang Tanggamus"}).json()
    assert second["headlines"][0]["value"] == "Gempa 4,9 guncang Tanggamus"
    for field in ("located", "infosources"):
        assert second.get(field) == first.get(field), field
    assert second["wire"]["dateline"] == first["wire"]["dateline"]
    assert second["wire"]["regions"] == first["wire"]["regions"]


def test_patch_refuses_nulls_and_naive_times(app: RunningApp, correspondent_key: str) -> None:
    sid = post(app, correspondent_key).json()["wire"]["id"]
    with app.client(correspondent_key) as c:
        for body in ({"urgency": None}, {"headline": None}, {"region": None},
                     {"embargoed": "2030-01-01T00:00:00"}):
            response = c.patch(f"/v1/stories/{sid}", json=body)
            assert response.status_code == 422, (body, response.text)
            assert response.headers["content-type"].startswith("application/problem+json")
        lifted = c.patch(f"/v1/stories/{sid}", json={"embargoed": None})
    assert lifted.status_code == 200 and "embargoed" not in lifted.json()
