"""The README's walk-through, run as written (its curl commands and CLI calls) against a
real ``wire serve`` on the embedded store; only the port and the venv's path change."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from lxml import etree

from tests.conftest import free_port
from tests.integration.test_serve import embedded_env, wire_serve

ROOT = Path(__file__).resolve().parents[2]


def walk_through() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Walk-through with curl", 1)[1]
    return section.split("```sh", 1)[1].split("```", 1)[0]


def test_readme_walk_through_runs_as_written(tmp_path: Path) -> None:
    script = walk_through()
    assert script.count("curl ") >= 6 and "--fail-with-body" in script
    assert all("--fail-with-body" in line for line in script.splitlines()
               if line.startswith("curl "))
    port = free_port()
    data = tmp_path / "var"
    script = (script.replace("http://127.0.0.1:8080", f"http://127.0.0.1:{port}")
              .replace(".venv/bin/wire", str(Path(sys.executable).parent / "wire")))
    with wire_serve(data, port):
        done = subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=ROOT,
                              env=embedded_env(data), capture_output=True, text=True,
                              timeout=120, check=False)
    assert done.returncode == 0, (done.stdout[-2000:], done.stderr[-2000:])
    # The answers follow one another on stdout with no separator: pick each out.
    out = done.stdout
    decoder = json.JSONDecoder()
    story, _ = decoder.raw_decode(out)
    assert story["wire"]["region"] == "lampung-barat" and story["version"] == 1
    assert "<rss" in out and "<feed" in out and "jsonfeed.org/version/1.1" in out
    assert "HTTP/1.1 200" in out and "etag:" in out.lower()
    cursor, _ = decoder.raw_decode(out[out.index('{"items"'):])
    assert [item["event"] for item in cursor["items"]] == ["published"] and cursor["next"]
    opml = out[out.index("<opml"):out.index("</opml>") + len("</opml>")]
    assert len(etree.fromstring(opml.encode()).findall(".//outline[@xmlUrl]")) >= 4
    assert os.path.isdir(data / "appendonlydir")
