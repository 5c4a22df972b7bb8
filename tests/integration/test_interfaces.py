"""Interfaces do what they say: HEAD, 405 with Allow, Location only on 201, a release
without a reason, an import that goes on past a missing file, a sync that never narrows a
partner without asking."""

from __future__ import annotations

import json
from pathlib import Path

import httpx

from tests.conftest import SAMPLE_FILE, RunningApp, add_partner, run_cli

# Headers that may differ between two answers to the same request.
VOLATILE = {"date", "server"}


def post_sample(app: RunningApp, key: str) -> httpx.Response:
    return app.client(key).post("/v1/stories", content=SAMPLE_FILE.read_bytes(),
                                headers={"Content-Type": "text/plain; charset=utf-8"})


def same_headers(get: httpx.Response, head: httpx.Response) -> None:
    assert head.status_code == get.status_code
    assert head.content == b""
    got = {k: v for k, v in get.headers.items() if k not in VOLATILE}
    headed = {k: v for k, v in head.headers.items() if k not in VOLATILE}
    assert headed == got


def test_head_answers_every_feed_and_story_like_get(app: RunningApp, correspondent_key: str,
                                                    partner_token: str) -> None:
    sid = post_sample(app, correspondent_key).json()["wire"]["id"]
    partner = app.client(partner_token)
    paths = [f"/feeds/{feed}.{fmt}" for feed in ("all", "region/lampung", "lang/id")
             for fmt in ("rss", "atom", "json", "ninjs")]
    paths += [f"/v1/stories/{sid}", f"/v1/stories/{sid}/versions", f"/stories/{sid}",
              "/v1/feed", "/v1/partners/me/feeds.opml", "/", "/healthz"]
    for path in paths:
        for headers in ({}, {"Accept-Encoding": "gzip"}):
            get = partner.get(path, headers=headers)
            assert get.status_code == 200, (path, get.text)
            same_headers(get, partner.head(path, headers=headers))
            if "etag" in get.headers and path.startswith("/feeds/"):
                again = {**headers, "If-None-Match": get.headers["etag"]}
                same_headers(partner.get(path, headers=again), partner.head(path, headers=again))
    assert partner.head("/feeds/nothing.rss").status_code == 404
    assert httpx.head(f"{app.url}/feeds/all.rss").status_code == 401


def test_method_not_allowed_says_what_is(app: RunningApp, correspondent_key: str) -> None:
    sid = post_sample(app, correspondent_key).json()["wire"]["id"]
    client = app.client(correspondent_key)
    for method, path, allowed in (
        ("POST", "/feeds/all.rss", {"GET", "HEAD"}),
        ("DELETE", f"/v1/stories/{sid}", {"GET", "HEAD", "PUT", "PATCH"}),
        ("GET", f"/v1/stories/{sid}/kill", {"POST"}),
        ("PUT", "/v1/stories", {"POST"}),
    ):
        answer = client.request(method, path)
        assert answer.status_code == 405, (method, path)
        assert answer.headers["content-type"] == "application/problem+json"
        # Litestar answers OPTIONS on every path (CORS preflight), so Allow names it too.
        assert {m.strip() for m in answer.headers["allow"].split(",")} == allowed | {
            "OPTIONS"}, path
        assert client.options(path).status_code < 300


def test_location_only_on_201_and_release_needs_no_reason(app: RunningApp,
                                                          correspondent_key: str) -> None:
    created = post_sample(app, correspondent_key)
    assert created.status_code == 201 and created.headers["location"]
    sid = created.json()["wire"]["id"]
    client = app.client(correspondent_key)
    answers = [
        post_sample(app, correspondent_key),  # the same copy again: 200, nothing created
        client.patch(f"/v1/stories/{sid}", json={"urgency": 3}),
        client.put(f"/v1/stories/{sid}", content=SAMPLE_FILE.read_bytes(),
                   headers={"Content-Type": "text/plain"}, params={"urgency": "2"}),
        client.get(f"/v1/stories/{sid}"),
        client.post(f"/v1/stories/{sid}/withhold", json={"reason": "checking a name"}),
        client.post(f"/v1/stories/{sid}/release"),  # no body at all
        client.post(f"/v1/stories/{sid}/withhold", json={"reason": "again"}),
        client.post(f"/v1/stories/{sid}/release", json={}),
    ]
    for answer in answers:
        assert answer.status_code == 200, answer.text
        assert "location" not in answer.headers, answer.request.url
    assert answers[5].json()["pubstatus"] == "usable"
    refused = client.post(f"/v1/stories/{sid}/withhold")
    assert refused.status_code == 422 and "reason" in refused.json()["detail"]


def test_import_goes_on_past_a_missing_or_unreadable_file(cli_env: dict[str, str],
                                                          correspondent_key: str,
                                                          tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    folder = tmp_path / "a-folder"
    folder.mkdir()
    done = run_cli("stories", "import", str(missing), str(folder), str(SAMPLE_FILE),
                   "--as", "Ani Lampung", env=cli_env)
    assert done.returncode == 1, done.stderr
    lines = done.stdout.strip().splitlines()
    assert lines[0].startswith(f"ERR {missing}: ") and "No such file" in lines[0]
    assert lines[1].startswith(f"ERR {folder}: ")
    assert lines[2].startswith("201 ")
    assert lines[3] == "3 files: 1 created, 0 already there, 2 failed"


def sync(cli_env: dict[str, str], file: Path, text: str, *flags: str
         ) -> tuple[int, str, str]:
    file.write_text(text, encoding="utf-8")
    done = run_cli("partners", "sync", str(file), *flags, env=cli_env)
    return done.returncode, done.stdout, done.stderr


def rights(cli_env: dict[str, str], name: str) -> dict[str, object]:
    shown = run_cli("partners", "show", name, "--json", env=cli_env)
    found: dict[str, object] = json.loads(shown.stdout)["entitlements"]
    return found


def test_sync_never_narrows_a_partner_silently(cli_env: dict[str, str], tmp_path: Path) -> None:
    file = tmp_path / "partners.toml"
    add_partner(cli_env, "Radar Lampung", "--region", "lampung", "--lang", "id", "--lang", "en",
                "--early-urgent")
    # Wider only (a language list becomes every language; lampung-barat is inside lampung):
    # applied with no question.
    code, _, err = sync(cli_env, file, '[[partners]]\nname = "Radar Lampung"\n'
                        'regions = ["lampung"]\nearly_urgent = true\n')
    assert code == 0 and "narrows Radar" not in err, err
    assert rights(cli_env, "Radar Lampung")["languages"] == []

    narrower = ('[[partners]]\nname = "Radar Lampung"\nregions = ["lampung-barat"]\n'
                'languages = ["id"]\n')
    code, _, err = sync(cli_env, file, narrower)
    assert code != 0 and "--yes" in err
    assert "narrows Radar Lampung" in err and "regions: loses lampung" in err
    assert "languages: all -> id" in err and "early-urgent: removed" in err
    assert rights(cli_env, "Radar Lampung")["regions"] == ["lampung"], "nothing applied"

    code, _, err = sync(cli_env, file, narrower, "--yes")
    assert code == 0, err
    now = rights(cli_env, "Radar Lampung")
    assert now["regions"] == ["lampung-barat"] and now["languages"] == ["id"]
    assert not now["early_urgent"]
