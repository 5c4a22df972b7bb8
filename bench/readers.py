"""What real feed readers show of a story and of its correction, in RSS, Atom and JSON Feed.

Starts ``wire serve`` (embedded store, a temporary folder), files the sample story and a
story with no byline, reads every format, corrects the first story, reads again, and runs
two Python readers (feedparser, fastfeedparser) and two Node readers (rss-parser,
@extractus/feed-extractor) over each document. For each reader, format and story it prints
the date the reader gives the item (its "updated" when it reads one, else its "published")
before and after the correction, and the author it shows.

    .venv/bin/pip install fastfeedparser==0.6.5
    (cd bench/readers && npm ci)
    .venv/bin/python bench/readers.py
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import fastfeedparser
import feedparser
import httpx

ROOT = Path(__file__).resolve().parents[1]
NODE = ROOT / "bench" / "readers" / "read.mjs"
FORMATS = ("rss", "atom", "json")


def python_readers(body: bytes) -> dict[str, list[dict[str, Any]]]:
    parsed = feedparser.parse(body)
    fast = fastfeedparser.parse(body.decode())
    return {
        "feedparser": [{"id": e.get("id"), "title": e.get("title"),
                        "date": e.get("updated") or e.get("published"),
                        "author": e.get("author")} for e in parsed.entries],
        "fastfeedparser": [{"id": e.get("id"), "title": e.get("title"),
                            "date": e.get("updated") or e.get("published"),
                            "author": e.get("author")} for e in fast.entries],
    }


def node_readers(body: bytes, fmt: str) -> dict[str, list[dict[str, Any]]]:
    with tempfile.NamedTemporaryFile(suffix=f".{fmt}") as doc:
        doc.write(body)
        doc.flush()
        done = subprocess.run(["node", str(NODE), doc.name, fmt], capture_output=True,
                              text=True, check=True)
    found: dict[str, list[dict[str, Any]]] = json.loads(done.stdout)
    return found


def serve(folder: Path) -> tuple[subprocess.Popen[bytes], str, dict[str, str]]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIRE_")}
    env["WIRE_DATA_DIR"] = str(folder)
    process = subprocess.Popen([sys.executable, "-m", "wire.cli", "serve", "--port", str(port)],
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            if httpx.get(f"{url}/readyz").status_code == 200:
                return process, url, env
        except httpx.HTTPError:
            time.sleep(0.1)
    raise SystemExit("wire serve did not start")


def cli(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "wire.cli", *args], env=env,
                          capture_output=True, text=True, check=True)
    return done.stdout.strip().splitlines()[-1]


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        process, url, env = serve(Path(folder))
        try:
            key = cli(env, "correspondents", "add", "Ani", "--agency", "ISN")
            token = cli(env, "partners", "add", "Reader")
            author = httpx.Client(base_url=url, headers={"Authorization": f"Bearer {key}"})
            sample = (ROOT / "examples" / "correspondent-story-lampung.txt").read_bytes()
            sid = author.post("/v1/stories", content=sample,
                              headers={"Content-Type": "text/plain"}).json()["wire"]["id"]
            author.post("/v1/stories", json={
                "headline": "Harga cabai naik", "region": "lampung", "byline": "Budi Santoso",
                "body": "Harga cabai di pasar Liwa naik lagi minggu ini, kata pedagang."})
            before = {f: httpx.get(f"{url}/feeds/all.{f}", params={"token": token}).content
                      for f in FORMATS}
            time.sleep(1.1)  # a visible second between the versions
            author.patch(f"/v1/stories/{sid}", json={"correction": "Nama pejabat diperbaiki."})
            after = {f: httpx.get(f"{url}/feeds/all.{f}", params={"token": token}).content
                     for f in FORMATS}
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait()
    print(f"{'reader':<16}{'format':<7}{'item':<10}{'date v1':<34}{'after correction':<34}"
          f"{'moved':<7}author")
    for fmt in FORMATS:
        views = [(python_readers(before[fmt]), python_readers(after[fmt]))]
        views.append((node_readers(before[fmt], fmt), node_readers(after[fmt], fmt)))
        for old_view, new_view in views:
            for reader, old_items in old_view.items():
                new_items = {str(i["id"]): i for i in new_view[reader]}
                for item in old_items:
                    new = new_items.get(str(item["id"]), {})
                    which = "corrected" if "Wabup" in str(item["title"]) else "byline"
                    moved = "yes" if new.get("date") != item["date"] else "no"
                    print(f"{reader:<16}{fmt:<7}{which:<10}{item['date']!s:<34}"
                          f"{new.get('date')!s:<34}{moved:<7}{item.get('author')}")


if __name__ == "__main__":
    main()
