"""The desk's story and feed commands, through the real CLI against the server's store.

Files of copy are imported with ``wire stories import`` while the app serves the same store
over HTTP; ``wire feeds print`` must give a partner's document byte for byte.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SAMPLE_FILE, RunningApp, add_partner, run_cli
from tests.validators import validate_ninjs

SAMPLE_HEADLINE = "Wabup Lambar hadiri Rakor penanggulangan kemiskinan Provinsi Lampung 2018"
CORRESPONDENT = "Ani Lampung"  # made by the correspondent_key fixture
JSON_STORY = {
    "headline": "Jembatan baru di Way Tenong diresmikan",
    "body": "Gubernur Lampung meresmikan jembatan baru di Kecamatan Way Tenong pada Senin "
            "pagi. Jembatan itu menghubungkan dua desa yang selama ini terpisah sungai.",
    "region": "lampung", "desk": "politics", "language": "id",
}
HTML_HEADLINE = "Harga kopi robusta naik di Lampung Barat"
HTML_STORY = f"""<h1>{HTML_HEADLINE}</h1>
<p>Liwa, (ISN) – Harga kopi robusta di tingkat petani Kabupaten Lampung Barat naik menjadi
Rp 32.000 per kilogram pekan ini, tertinggi dalam tiga tahun terakhir.</p>
<p>Para petani berharap harga bertahan hingga panen raya tiba pada bulan depan.</p>
"""


def cli_bytes(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    """Like ``run_cli``, but stdout as bytes (feeds are compared byte for byte)."""
    return subprocess.run([sys.executable, "-m", "wire.cli", *args], capture_output=True,
                          env={**os.environ, **env}, timeout=120, check=False)


def import_files(env: dict[str, str], *files: Path | str) -> subprocess.CompletedProcess[str]:
    return run_cli("stories", "import", *map(str, files), "--as", CORRESPONDENT, env=env)


def parse_lines(stdout: str) -> tuple[list[list[str]], str]:
    """Per-file lines split into (status, id or file, rest), and the summary line."""
    *lines, summary = stdout.strip().splitlines()
    return [line.split(" ", 2) for line in lines], summary


@pytest.fixture
def copy_files(tmp_path: Path) -> list[Path]:
    story_json = tmp_path / "jembatan.json"
    story_json.write_text(json.dumps(JSON_STORY), encoding="utf-8")
    story_html = tmp_path / "kopi.html"
    story_html.write_text(HTML_STORY, encoding="utf-8")
    return [SAMPLE_FILE, story_json, story_html]


@pytest.fixture
def imported(app: RunningApp, cli_env: dict[str, str], correspondent_key: str,
             copy_files: list[Path]) -> list[str]:
    """The three files imported once; their story ids, in file order."""
    done = import_files(cli_env, *copy_files)
    assert done.returncode == 0, (done.stdout, done.stderr)
    rows, summary = parse_lines(done.stdout)
    assert [status for status, _, _ in rows] == ["201", "201", "201"]
    assert summary == "3 files: 3 created, 0 already there, 0 failed"
    return [sid for _, sid, _ in rows]


def test_import_creates_then_finds_again(cli_env: dict[str, str], copy_files: list[Path],
                                         imported: list[str]) -> None:
    done = import_files(cli_env, *copy_files)
    assert done.returncode == 0, done.stderr
    rows, summary = parse_lines(done.stdout)
    assert rows == [["200", sid, "(already there)"] for sid in imported]
    assert summary == "3 files: 0 created, 3 already there, 0 failed"


def test_import_reports_headlines_and_reads_each_form(cli_env: dict[str, str],
                                                      imported: list[str]) -> None:
    docs = []
    for sid in imported:
        shown = run_cli("stories", "show", sid, env=cli_env)
        assert shown.returncode == 0, shown.stderr
        docs.append(json.loads(shown.stdout))
    sample, from_json, from_html = docs
    assert sample["headlines"][0]["value"] == SAMPLE_HEADLINE
    assert sample["wire"]["region"] == "lampung-barat" and sample["wire"]["normalization"]
    assert from_json["headlines"][0]["value"] == JSON_STORY["headline"]
    assert from_json["wire"]["desk"] == "politics" and from_json["wire"]["region"] == "lampung"
    assert from_html["headlines"][0]["value"] == HTML_HEADLINE
    html_body = next(b["value"] for b in from_html["bodies"] if b["contenttype"] == "text/html")
    assert "<h1>" not in html_body and "Rp 32.000" in html_body
    assert all(doc["wire"]["correspondent"] == sample["wire"]["correspondent"] for doc in docs)

    ninjs = run_cli("stories", "show", imported[0], "--ninjs", env=cli_env)
    assert ninjs.returncode == 0, ninjs.stderr
    strict = json.loads(ninjs.stdout)
    assert "wire" not in strict and strict["version"] == "1"
    validate_ninjs(strict)


def test_import_flags_apply_to_every_file(cli_env: dict[str, str], correspondent_key: str,
                                          copy_files: list[Path]) -> None:
    done = run_cli("stories", "import", *map(str, copy_files[1:]), "--as", CORRESPONDENT,
                   "--desk", "economy", "--urgency", "2", env=cli_env)
    assert done.returncode == 0, done.stderr
    rows, _ = parse_lines(done.stdout)
    for _, sid, _ in rows:
        story = json.loads(run_cli("stories", "show", sid, env=cli_env).stdout)
        assert story["wire"]["desk"] == "economy" and story["urgency"] == 2


def test_import_refuses_an_empty_file_and_goes_on(cli_env: dict[str, str], tmp_path: Path,
                                                  imported: list[str]) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"  \n\n")
    done = import_files(cli_env, empty, SAMPLE_FILE)
    assert done.returncode == 1
    rows, summary = parse_lines(done.stdout)
    assert rows[0][0] == "ERR" and rows[0][1] == f"{empty}:"
    assert "empty" in rows[0][2]
    assert rows[1] == ["200", imported[0], "(already there)"]
    assert summary == "2 files: 0 created, 1 already there, 1 failed"


def test_import_names_an_unknown_correspondent(cli_env: dict[str, str]) -> None:
    done = run_cli("stories", "import", str(SAMPLE_FILE), "--as", "Nobody", env=cli_env)
    assert done.returncode != 0
    assert "no correspondent named 'Nobody'" in done.stderr


def test_stories_list_is_newest_first_and_filters(cli_env: dict[str, str],
                                                  imported: list[str]) -> None:
    done = run_cli("stories", "list", env=cli_env)
    assert done.returncode == 0, done.stderr
    rows = [line.split("\t") for line in done.stdout.strip().splitlines()]
    assert [row[0] for row in rows] == imported[::-1]
    assert rows[-1][2:] == ["usable", "5", SAMPLE_HEADLINE]
    assert rows[-1][1].endswith("Z")

    limited = run_cli("stories", "list", "--limit", "1", env=cli_env)
    assert [line.split("\t")[0] for line in limited.stdout.strip().splitlines()] == [imported[2]]
    banten = run_cli("stories", "list", "--region", "banten", env=cli_env)
    assert banten.returncode == 0 and banten.stdout == ""
    politics = run_cli("stories", "list", "--region", "lampung", "--desk", "politics",
                       env=cli_env)
    assert imported[1] in politics.stdout


def test_imported_story_reaches_partners_and_feeds_print_matches_http(
        app: RunningApp, cli_env: dict[str, str], imported: list[str]) -> None:
    token = add_partner(cli_env, "Radar Lampung", "--region", "lampung")
    env = {**cli_env, "WIRE_BASE_URL": app.url}
    with app.client(token) as c:
        story = c.get(f"/v1/stories/{imported[0]}")
        assert story.status_code == 200, story.text
        assert story.json()["headlines"][0]["value"] == SAMPLE_HEADLINE
        for path in ("/feeds/all.rss", "/feeds/all.atom", "/feeds/all.json",
                     "/feeds/region/lampung.ninjs", "/feeds/region/lampung.atom?desk=politics",
                     "/feeds/lang/id.rss?urgency=1-5"):
            over_http = c.get(path)
            assert over_http.status_code == 200, (path, over_http.text)
            printed = cli_bytes("feeds", "print", path, "--partner", "Radar Lampung", env=env)
            assert printed.returncode == 0, (path, printed.stderr)
            assert printed.stdout == over_http.content, path
    rss = cli_bytes("feeds", "print", "/feeds/all.rss", "--partner", "Radar Lampung", env=env)
    assert SAMPLE_HEADLINE.encode() in rss.stdout


def test_feeds_print_refuses_a_feed_outside_the_partners_rights(
        app: RunningApp, cli_env: dict[str, str], imported: list[str]) -> None:
    token = add_partner(cli_env, "Radar Lampung", "--region", "lampung")
    with app.client(token) as c:
        assert c.get("/feeds/region/banten.rss").status_code == 404
    done = run_cli("feeds", "print", "/feeds/region/banten.rss", "--partner", "Radar Lampung",
                   env=cli_env)
    assert done.returncode != 0 and done.stdout == ""
    assert "may not read /feeds/region/banten.rss" in done.stderr
    assert "404" in done.stderr
    unknown = run_cli("feeds", "print", "/feeds/everything.rss", "--partner", "Radar Lampung",
                      env=cli_env)
    assert unknown.returncode != 0 and "/feeds/all.rss" in unknown.stderr


def test_feeds_list_names_what_the_partner_may_read(cli_env: dict[str, str],
                                                    imported: list[str]) -> None:
    add_partner(cli_env, "Radar Lampung", "--region", "lampung")
    done = run_cli("feeds", "list", "--partner", "Radar Lampung", "--format", "rss",
                   env=cli_env)
    assert done.returncode == 0, done.stderr
    paths = done.stdout.split()
    assert paths[0] == "/feeds/all.rss"
    assert {"/feeds/region/lampung.rss", "/feeds/desk/politics.rss",
            "/feeds/lang/id.rss"} <= set(paths)
    assert "/feeds/region/lampung-barat.rss" in paths, "regions inside lampung are listed"
    assert not any("banten" in p for p in paths)
    assert all(p.endswith(".rss") for p in paths)
    every = run_cli("feeds", "list", "--partner", "Radar Lampung", env=cli_env)
    assert len(every.stdout.split()) == 4 * len(paths)


def test_normalize_prints_the_sample_and_refuses_an_empty_file(tmp_path: Path) -> None:
    done = run_cli("normalize", str(SAMPLE_FILE), env={})
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["headlines"][0]["value"] == SAMPLE_HEADLINE
    assert result["file"] == str(SAMPLE_FILE)
    assert result["wire"]["dateline"]["place"] == "Lampung Barat"
    assert any(c["step"] == "junk" for c in result["wire"]["normalization"])
    assert {"name": "MDSNews", "role": "source"} in result["wire"]["credits"]

    explained = run_cli("normalize", "--explain", str(SAMPLE_FILE), env={})
    assert explained.returncode == 0, explained.stderr
    rows = explained.stdout.splitlines()
    assert any(r.startswith("headline ") and SAMPLE_HEADLINE[:40] in r for r in rows)
    assert any(r.startswith("junk ") and r.endswith("Loading") for r in rows)
    assert "credits: credited -> credits:source: MDSNews" in rows

    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    failed = run_cli("normalize", str(empty), env={})
    assert failed.returncode == 1
    entry = json.loads(failed.stdout)
    assert entry["file"] == str(empty) and entry["error"] and entry["detail"]


def test_purge_removes_a_story_everywhere(app: RunningApp, correspondent_key: str,
                                          partner_token: str, cli_env: dict[str, str]) -> None:
    with app.client(correspondent_key) as c:
        story = c.post("/v1/stories", json={"headline": "Nama salah", "body": "Isi yang harus "
                                            "dihapus karena alasan hukum."}).json()
    sid = story["wire"]["id"]
    with app.client(partner_token) as c:
        assert c.get("/feeds/all.rss").status_code == 200  # rendered and cached
    refused = run_cli("stories", "purge", sid, env=cli_env)
    assert refused.returncode != 0 and "--yes" in refused.stderr
    done = run_cli("stories", "purge", sid, "--yes", env=cli_env)
    assert done.returncode == 0 and f"purged {sid}" in done.stdout
    with app.client(correspondent_key) as c:
        assert c.get(f"/v1/stories/{sid}").status_code == 404
        assert c.get(f"/v1/stories/{sid}/versions/1").status_code == 404
    with app.client(partner_token) as c:
        assert story["uri"].encode() not in c.get("/feeds/all.rss").content
        changes = c.get("/v1/feed").json()["items"]
    assert story["uri"] not in [item["story"]["uri"] for item in changes]
    again = run_cli("stories", "purge", sid, "--yes", env=cli_env)
    assert again.returncode == 1 and f"not found {sid}" in again.stdout
