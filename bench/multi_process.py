"""Several `wire serve` processes on one store: renders per change, and how long a change
takes to show in every process's feeds.

    .venv/bin/python bench/multi_process.py [--processes 4] [--partners 4] [--changes 50]
                                            [--cluster]

One store (an embedded Valkey, or with ``--cluster`` a local 3+3 cluster), ``--processes``
`wire serve` processes on it behind one public name (``WIRE_BASE_URL``), ``--partners``
partners entitled to everything. Per change: one story is posted to the first process;
from its ``201``, every partner's ``/feeds/all.rss`` is polled on every process
(conditional GETs, 2 ms apart) until the story is in it. Printed per mode: feed renders per
change (the sum over processes of ``wire_feed_requests_total{result="render"}``, from each
one's ``/metrics``), documents served from another process's render (``shared``), and the
p50/p99/max over changes of the time from the ``201`` until the story was visible in every
process's feed for every partner (target: p99 under 100 ms).

Then, per mode, ``--revocations`` times: a partner token is issued and used on every process
(so each has it cached), revoked through the store (``AccountStore.revoke_token``, what
`wire partners token revoke` runs), and every process is polled (5 ms apart) until it
answers ``401``; printed: p50/p99/max of the time from the start of the revoke until the
last process refused (target: under one second).

Modes: ``local`` (``WIRE_FEEDS__SHARED=false``: each process renders each feed itself, the
reference) and ``shared`` (the default: one process renders, the others read its bytes).
Loopback only; it stops by itself. Everything runs on the same cores as the bench.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
import uuid
from contextlib import ExitStack
from pathlib import Path

import httpx
from running import Served  # bench/running.py, beside this script

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.valkey_cluster import running as running_cluster
from wire.cli.root import with_accounts
from wire.settings import RedisConfig, Settings
from wire.storage import embedded

PUBLIC = "http://wire.example"


def counts(served: list[Served]) -> dict[str, float]:
    """Feed requests by result, summed over the processes."""
    out: dict[str, float] = {}
    for s in served:
        for line in httpx.get(f"{s.url}/metrics", timeout=10).text.splitlines():
            if line.startswith("wire_feed_requests_total{"):
                result = line.split('result="', 1)[1].split('"', 1)[0]
                out[result] = out.get(result, 0.0) + float(line.rsplit(" ", 1)[1])
    return out


async def until_visible(client: httpx.AsyncClient, sid: str, posted: float) -> float:
    etag = None
    while True:
        answer = await client.get("/feeds/all.rss",
                                  headers={"If-None-Match": etag} if etag else {})
        if answer.status_code == 200:
            etag = answer.headers["etag"]
            if sid in answer.text:
                return time.monotonic() - posted
        await asyncio.sleep(0.002)


async def changes(served: list[Served], key: str, tokens: list[str], n: int) -> list[float]:
    readers = [httpx.AsyncClient(base_url=s.url, timeout=10,
                                 headers={"Authorization": f"Bearer {t}"})
               for s in served for t in tokens]
    async with httpx.AsyncClient(base_url=served[0].url, timeout=30,
                                 headers={"Authorization": f"Bearer {key}"}) as writer:
        try:
            seen = []
            for _ in range(n):
                tag = uuid.uuid4().hex[:10]
                made = await writer.post("/v1/stories", json={
                    "headline": f"Uji proses {tag}", "body": f"Berita {tag} untuk uji proses."})
                posted = time.monotonic()
                assert made.status_code == 201, made.text
                sid = made.json()["wire"]["id"]
                waits = await asyncio.gather(*(until_visible(r, sid, posted) for r in readers))
                seen.append(max(waits))
            return seen
        finally:
            for r in readers:
                await r.aclose()


async def until_refused(url: str, token: str) -> float:
    async with httpx.AsyncClient(base_url=url, timeout=10,
                                 headers={"Authorization": f"Bearer {token}"}) as client:
        while (await client.get("/feeds/all.rss")).status_code != 401:
            await asyncio.sleep(0.005)
    return time.monotonic()


async def revocations(served: list[Served], settings: Settings, n: int) -> list[float]:
    """Seconds from the start of each revoke until every process refused the token."""
    waits = []
    for i in range(n):
        name = f"Cabut {i}"
        token = served[0].cli("partners", "add", name)
        for s in served:  # cached as valid in every process
            answer = httpx.get(f"{s.url}/feeds/all.rss",
                               headers={"Authorization": f"Bearer {token}"})
            assert answer.status_code == 200, answer.text
        began = time.monotonic()
        polls = [asyncio.create_task(until_refused(s.url, token)) for s in served]
        await asyncio.to_thread(with_accounts, settings,
                                lambda a, n=name, t=token: a.revoke_token("partner", n, t))
        waits.append(max(await asyncio.gather(*polls)) - began)
    return waits


def quantiles(seconds: list[float]) -> tuple[float, float, float]:
    """p50, p99 and max in ms."""
    ms = sorted(1000 * s for s in seconds)
    return statistics.median(ms), ms[min(len(ms) - 1, round(0.99 * (len(ms) - 1)))], ms[-1]


def one_mode(mode: str, url: str, tmp: Path, args: argparse.Namespace) -> str:
    env = {"WIRE_REDIS_URL": url, "WIRE_BASE_URL": PUBLIC, "WIRE_ACCESS_LOG": "false",
           "WIRE_FEEDS__SHARED": "true" if mode == "shared" else "false",
           "WIRE_REDIS__KEY_PREFIX": f"mp{mode}"}
    served = [Served(tmp / f"{mode}{i}", extra_env=env) for i in range(args.processes)]
    with ExitStack() as stack:
        for s in served:
            s.start()
            stack.callback(s.stop)
        key = served[0].cli("correspondents", "add", "Uji")
        tokens = [served[0].cli("partners", "add", f"Mitra {i}") for i in range(args.partners)]
        for s in served:  # every document rendered and cached once before counting
            for t in tokens:
                httpx.get(f"{s.url}/feeds/all.rss", headers={"Authorization": f"Bearer {t}"})
        before = counts(served)
        seen = asyncio.run(changes(served, key, tokens, args.changes))
        after = counts(served)
        settings = Settings(redis_url=url,
                            redis=RedisConfig(key_prefix=env["WIRE_REDIS__KEY_PREFIX"]))
        refused = asyncio.run(revocations(served, settings, args.revocations))
    renders = (after.get("render", 0) - before.get("render", 0)) / args.changes
    shared = (after.get("shared", 0) - before.get("shared", 0)) / args.changes
    p50, p99, top = quantiles(seen)
    r50, r99, rtop = quantiles(refused)
    return (f"{mode:<7} {renders:>10.2f} {shared:>10.2f} {p50:>8.1f} {p99:>8.1f} {top:>8.1f}"
            f"   {'met' if p99 < 100 else 'NOT MET':<8}"
            f"{r50:>8.1f} {r99:>8.1f} {rtop:>8.1f}   {'met' if rtop < 1000 else 'NOT MET'}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--partners", type=int, default=4)
    parser.add_argument("--changes", type=int, default=50)
    parser.add_argument("--revocations", type=int, default=20)
    parser.add_argument("--modes", default="local,shared")
    parser.add_argument("--cluster", action="store_true")
    args = parser.parse_args()
    print(f"{args.processes} processes, {args.partners} partners, {args.changes} changes, "
          f"{'a 3+3 cluster' if args.cluster else 'one Valkey'}; the documents each change "
          f"touches: {args.processes * args.partners} (process x partner)")
    print(f"{'mode':<7} {'renders/ch':>10} {'shared/ch':>10} {'p50 ms':>8} {'p99 ms':>8} "
          f"{'max ms':>8}   <100 ms? {'rev p50':>8} {'rev p99':>8} {'rev max':>8}   max < 1 s?")
    with tempfile.TemporaryDirectory() as folder, ExitStack() as stack:
        tmp = Path(folder)
        if args.cluster:
            url = stack.enter_context(running_cluster(tmp / "cluster")).url
        else:
            server = embedded.start(tmp / "store", persist=False)
            stack.callback(server.stop)
            url = server.url
        for mode in args.modes.split(","):
            print(one_mode(mode, url, tmp, args), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
