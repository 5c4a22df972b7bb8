"""What acknowledging only synced writes costs: story posts per second through `wire serve`
on its embedded store with ``appendfsync always`` (the default) beside ``everysec``, in the
same run, then a kill -9 of the store right after a burst of 201s and a count of what came back.

    .venv/bin/python bench/durability.py [--posts 300] [--concurrency 8]

Everything runs on loopback in temporary folders and stops by itself.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import httpx
from running import Served  # bench/running.py, beside this script


@contextmanager
def wire_serve(data_dir: Path, fsync: str) -> Iterator[tuple[str, dict[str, str]]]:
    served = Served(data_dir, extra_env={"WIRE_REDIS__APPENDFSYNC": fsync})
    served.start()
    try:
        yield served.url, served.env
    finally:
        served.stop()


def correspondent(env: dict[str, str]) -> str:
    done = subprocess.run([sys.executable, "-m", "wire.cli", "correspondents", "add", "Bench"],
                          env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip().splitlines()[-1]


def post_many(url: str, key: str, count: int, concurrency: int,
              tag: str) -> tuple[float, list[str]]:
    def one(n: int) -> str:
        with httpx.Client(base_url=url, timeout=30) as c:
            made = c.post("/v1/stories", headers={"Authorization": f"Bearer {key}"},
                          json={"headline": f"Uji {tag} {n}",
                                "body": f"Berita uji nomor {n} ({tag}) untuk biaya fsync."})
            made.raise_for_status()
            return str(made.json()["wire"]["id"])

    start = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        ids = list(pool.map(one, range(count)))
    return count / (time.perf_counter() - start), ids


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    rows = []
    for fsync in ("everysec", "always"):
        with tempfile.TemporaryDirectory() as tmp, wire_serve(Path(tmp) / "var", fsync) as (url,
                                                                                           env):
            key = correspondent(env)
            serial, _ = post_many(url, key, args.posts // 3, 1, f"{fsync}-1")
            parallel, ids = post_many(url, key, args.posts, args.concurrency, f"{fsync}-n")
            data = str((Path(tmp) / "var").resolve())
            subprocess.run(["pkill", "-9", "-f", f"valkey-server.*{data}"], check=False)
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                try:
                    if httpx.get(f"{url}/readyz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                time.sleep(0.1)
            with httpx.Client(base_url=url, timeout=30,
                              headers={"Authorization": f"Bearer {key}"}) as c:
                found = sum(c.get(f"/v1/stories/{sid}").status_code == 200 for sid in ids)
            rows.append((fsync, serial, parallel, len(ids), found))
    print(f"{'appendfsync':<12} {'posts/s (1)':>12} {f'posts/s ({args.concurrency})':>13} "
          f"{'acked':>6} {'found after kill -9':>20}")
    for fsync, serial, parallel, acked, found in rows:
        print(f"{fsync:<12} {serial:>12.0f} {parallel:>13.0f} {acked:>6} {found:>20}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
