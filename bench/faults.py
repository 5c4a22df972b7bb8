"""Fault runs: bounded cycles of kill -9 of the app (with its store), kill -9 of the store
alone, and a frozen store (SIGSTOP past the socket timeout), each during concurrent posts and
patches; after each, every acknowledged write is checked by id and in the partner's cursor.

    .venv/bin/python bench/faults.py [--cycles 20] [--posters 4]

Prints, per kind: acknowledged, found, lost, stored-but-refused (answered 5xx or cut off yet
stored, settled by retrying with the same Idempotency-Key), and the time to recover.
Targets: 0 lost; recovery with no manual restart in every cycle. Loopback only; it stops
by itself.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import statistics
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from running import Served  # bench/running.py, beside this script

FREEZE_SECONDS = 6.0  # past the 5 s socket timeout


@dataclass
class Attempt:
    key: str
    body: dict[str, str]
    status: int | None = None
    sid: str | None = None


@dataclass
class Tally:
    acknowledged: int = 0
    found: int = 0
    lost: int = 0
    stored_refused: int = 0
    recoveries: list[float] = field(default_factory=list)


def post_until(url: str, token: str, stop: threading.Event, out: list[Attempt]) -> None:
    with httpx.Client(base_url=url, timeout=10, headers={"Authorization": f"Bearer {token}"}) as c:
        while not stop.is_set():
            tag = uuid.uuid4().hex[:12]
            attempt = Attempt(key=tag, body={"headline": f"Uji gangguan {tag}",
                                             "body": f"Berita {tag} dikirim saat uji gangguan."})
            out.append(attempt)
            try:
                answer = c.post("/v1/stories", json=attempt.body,
                                headers={"Idempotency-Key": attempt.key})
                attempt.status = answer.status_code
                if answer.status_code in (200, 201):
                    attempt.sid = answer.json()["wire"]["id"]
                    c.patch(f"/v1/stories/{attempt.sid}", json={"urgency": random.randint(1, 9)})
            except httpx.HTTPError:
                attempt.status = None
                time.sleep(0.05)


def inject(kind: str, served: Served) -> None:
    if kind == "app":
        served.kill_group()
        served.start()
    elif kind == "store":
        for pid in served.store_pids():
            os.kill(pid, signal.SIGKILL)
    else:
        pids = served.store_pids()
        for pid in pids:
            os.kill(pid, signal.SIGSTOP)
        time.sleep(FREEZE_SECONDS)
        for pid in pids:
            os.kill(pid, signal.SIGCONT)


def headlines_seen(served: Served, token: str) -> dict[str, str]:
    """Every headline the partner's cursor shows, with its story id."""
    seen: dict[str, str] = {}
    after = None
    with httpx.Client(base_url=served.url, timeout=30,
                      headers={"Authorization": f"Bearer {token}"}) as c:
        while True:
            page = c.get("/v1/feed", params={"after": after} if after else {}).json()
            for item in page["items"]:
                seen[item["story"]["headlines"][0]["value"]] = item["story"]["wire"]["id"]
            if not page["items"]:
                return seen
            after = page["next"]


def settle(served: Served, key: str, token: str, attempts: list[Attempt], tally: Tally) -> None:
    """Count the acknowledged; an attempt refused or cut off that is stored anyway is
    stored-but-refused; every other one is retried with its key and must be stored once."""
    seen = headlines_seen(served, token)
    with httpx.Client(base_url=served.url, timeout=30,
                      headers={"Authorization": f"Bearer {key}"}) as c:
        for a in attempts:
            if a.status in (200, 201) and a.sid:
                tally.acknowledged += 1
                continue
            if a.body["headline"] in seen:
                tally.stored_refused += 1
            again = c.post("/v1/stories", json=a.body, headers={"Idempotency-Key": a.key})
            assert again.status_code in (200, 201), again.text
            if a.body["headline"] in seen:
                assert again.json()["wire"]["id"] == seen[a.body["headline"]], "stored twice"


def check(served: Served, key: str, token: str, attempts: list[Attempt], tally: Tally) -> None:
    with httpx.Client(base_url=served.url, timeout=30) as c:
        seen: set[str] = set()
        after = None
        while True:
            page = c.get("/v1/feed", params={"after": after} if after else {},
                         headers={"Authorization": f"Bearer {token}"}).json()
            seen |= {i["story"]["wire"]["id"] for i in page["items"]}
            if not page["items"]:
                break
            after = page["next"]
        for a in attempts:
            if a.status in (200, 201) and a.sid:
                by_id = c.get(f"/v1/stories/{a.sid}", headers={"Authorization": f"Bearer {key}"})
                if by_id.status_code == 200 and a.sid in seen:
                    tally.found += 1
                else:
                    tally.lost += 1


def run_kind(kind: str, cycles: int, posters: int) -> Tally:
    tally = Tally()
    with tempfile.TemporaryDirectory() as tmp:
        served = Served(Path(tmp) / "var")
        served.start()
        try:
            key = served.cli("correspondents", "add", "Uji")
            token = served.cli("partners", "add", "Pembaca")
            for _ in range(cycles):
                attempts: list[Attempt] = []
                stop = threading.Event()
                threads = [threading.Thread(target=post_until,
                                            args=(served.url, key, stop, attempts))
                           for _ in range(posters)]
                for t in threads:
                    t.start()
                time.sleep(random.uniform(0.5, 1.5))
                began = time.monotonic()
                inject(kind, served)
                tally.recoveries.append(served.wait_ready(60, began))
                time.sleep(0.5)
                stop.set()
                for t in threads:
                    t.join()
                settle(served, key, token, attempts, tally)
                check(served, key, token, attempts, tally)
        finally:
            served.stop()
    return tally


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cycles", type=int, default=20)
    parser.add_argument("--posters", type=int, default=4)
    parser.add_argument("--kinds", default="app,store,freeze")
    args = parser.parse_args()
    print(f"{'fault':<8} {'cycles':>6} {'acked':>6} {'found':>6} {'lost':>5} "
          f"{'stored-but-refused':>19} {'recover median/max s':>21}")
    for kind in args.kinds.split(","):
        t = run_kind(kind, args.cycles, args.posters)
        print(f"{kind:<8} {args.cycles:>6} {t.acknowledged:>6} {t.found:>6} {t.lost:>5} "
              f"{t.stored_refused:>19} "
              f"{statistics.median(t.recoveries):>10.2f}/{max(t.recoveries):<10.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
