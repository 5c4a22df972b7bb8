"""One story to 200 webhook endpoints and 200 WebSub subscribers on loopback (issue 11, 6).

Starts ``wire serve`` (embedded Valkey, temporary data folder) and a receiver process (a
minimal asyncio HTTP/1.1 server that answers 200, echoes WebSub challenges and records
when each request arrived). It registers 200 webhook endpoints (20 partners x 10) and 200
WebSub subscriptions (the same partners, 10 each, over four feeds and formats), then posts
``--stories`` stories one after the other, each once every target has the previous one,
and measures, from the client's receipt of the ``201`` to each target's delivery, p50 and
p99, and deliveries/s (targets / time from the 201 to the last delivery).

The reference, in the same run: a plain httpx loop (one ``AsyncClient``, the same bodies,
the same servers) POSTing 400 deliveries one after the other, and the same with
``asyncio.gather`` at the service's concurrency (64).

    .venv/bin/python bench/push_fanout.py [--stories 5] [--json FILE]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import unquote_plus

import httpx
from running import Served, free_port  # bench/running.py, beside this script

PARTNERS = 20
PER_PARTNER = 10
TOPICS = ("/feeds/all.atom", "/feeds/all.rss", "/feeds/region/lampung.json",
          "/feeds/desk/politics.atom")


# -- the receiver process ----------------------------------------------------------------
async def _serve(port: int) -> None:
    arrivals: dict[str, list[float]] = {}

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                arrived = time.time()
                lines = head.decode("latin-1").split("\r\n")
                method, target, _ = lines[0].split(" ", 2)
                length = 0
                for line in lines[1:]:
                    name, _, value = line.partition(":")
                    if name.lower() == "content-length":
                        length = int(value)
                if length:
                    await reader.readexactly(length)
                path, _, query = target.partition("?")
                reply = b"ok"
                if path == "/_stats":
                    reply = json.dumps(arrivals).encode()
                elif path == "/_count":  # cheap, for polling while deliveries run
                    want = unquote_plus(query.partition("=")[2])
                    reply = str(sum(k.startswith(want) for k in arrivals)).encode()
                elif path == "/_reset":
                    arrivals.clear()
                else:
                    arrivals.setdefault(f"{method} {path}", []).append(arrived)
                    for pair in query.split("&"):
                        key, _, value = pair.partition("=")
                        if key == "hub.challenge":
                            reply = value.encode()
                writer.write(b"HTTP/1.1 200 OK\r\ncontent-length: %d\r\n\r\n%s"
                             % (len(reply), reply))
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", port, backlog=1024)
    async with server:
        await server.serve_forever()


# -- the run -----------------------------------------------------------------------------
def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (all its threads), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


async def wait_for(client: httpx.AsyncClient, stats_url: str, want: int, prefix: str,
                   timeout: float = 60.0) -> dict[str, list[float]]:
    """Poll the receiver's count (cheap) until ``want`` targets were reached; its stats."""
    deadline = time.monotonic() + timeout
    count_url = stats_url.replace("/_stats", "/_count")
    while True:
        got = int((await client.get(count_url, params={"prefix": prefix})).text)
        if got >= want:
            stats: dict[str, list[float]] = (await client.get(stats_url)).json()
            return stats
        if time.monotonic() > deadline:
            raise RuntimeError(f"only {got} of {want} {prefix!r} targets were reached")
        await asyncio.sleep(0.05)


async def run(args: argparse.Namespace, served: Served, receivers: str) -> dict[str, Any]:
    key = served.cli("correspondents", "add", "Bench", "--region", "lampung", "--desk",
                     "politics")
    tokens = [served.cli("partners", "add", f"Bench partner {n}") for n in range(PARTNERS)]
    async with httpx.AsyncClient(base_url=served.url, timeout=30) as api:
        for n, token in enumerate(tokens):
            for i in range(PER_PARTNER):
                made = await api.post("/v1/partners/me/webhooks",
                                      json={"url": f"{receivers}/wh/{n}/{i}"},
                                      headers={"Authorization": f"Bearer {token}"})
                made.raise_for_status()
                topic = f"{served.url}{TOPICS[i % len(TOPICS)]}?token={token}"
                asked = await api.post("/websub", data={
                    "hub.mode": "subscribe", "hub.topic": topic,
                    "hub.callback": f"{receivers}/ws/{n}/{i}"})
                assert asked.status_code == 202, asked.text
        targets = PARTNERS * PER_PARTNER
        await wait_for(api, f"{receivers}/_stats", targets, "GET /ws/")
        await asyncio.sleep(0.5)  # verified subscriptions are stored right after the echo
        rounds = []
        bodies: dict[str, tuple[bytes, str]] = {}
        spy = None
        if args.py_spy and served.process is not None:
            spy = subprocess.Popen([args.py_spy, "record", "--pid", str(served.process.pid),
                                    "--format", "raw", "--output", "push-fanout.prof",
                                    "--nonblocking", "--rate", "200"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            await asyncio.sleep(1.0)
        pid = served.process.pid if served.process else os.getpid()
        cpu = 0.0
        for n in range(args.stories):
            await api.post(f"{receivers}/_reset")
            made = await api.post("/v1/stories", headers={"Authorization": f"Bearer {key}"},
                                  json={"headline": f"Banjir di Lampung Barat {n}",
                                        "body": "Hujan deras sejak Kamis malam membuat sungai "
                                                "meluap dan merendam ratusan rumah warga."})
            created = time.time()
            made.raise_for_status()
            began_cpu = cpu_seconds(pid)
            stats = await wait_for(api, f"{receivers}/_stats", 2 * targets, "POST ")
            cpu += cpu_seconds(pid) - began_cpu
            latencies = [times[0] - created for k, times in stats.items()
                         if k.startswith("POST ")]
            rounds.append(latencies)
        if spy is not None:
            spy.send_signal(2)
            spy.wait()
        # The bodies the reference sends: a webhook item and the all.atom document.
        item = (await api.get("/v1/feed", headers={"Authorization": f"Bearer {tokens[0]}"}
                              )).json()["items"][-1]
        bodies["webhook"] = (json.dumps(item).encode(), "application/json")
        atom = await api.get("/feeds/all.atom", params={"token": tokens[0]})
        bodies["websub"] = (atom.content, "application/atom+xml")
    every = [x for r in rounds for x in r]
    rates = [len(r) / max(r) for r in rounds]
    reference = await reference_loop(receivers, targets, bodies)
    return {
        "targets": 2 * targets, "stories": args.stories,
        "p50_ms": round(statistics.median(every) * 1000, 1),
        "p99_ms": round(percentile(every, 99) * 1000, 1),
        "max_ms": round(max(every) * 1000, 1),
        "deliveries_per_s": round(statistics.median(rates)),
        "per_story_p99_ms": [round(percentile(r, 99) * 1000, 1) for r in rounds],
        "service_cpu_ms_per_delivery": round(cpu * 1000 / len(every), 2),
        **reference,
        "cpus": os.cpu_count(), "loadavg": [round(x, 2) for x in os.getloadavg()],
    }


async def reference_loop(receivers: str, targets: int,
                         bodies: dict[str, tuple[bytes, str]]) -> dict[str, Any]:
    urls = [(f"{receivers}/ref-wh/{n}", bodies["webhook"]) for n in range(targets)] + [
        (f"{receivers}/ref-ws/{n}", bodies["websub"]) for n in range(targets)]
    async with httpx.AsyncClient(timeout=30) as client:
        began, began_cpu = time.perf_counter(), time.process_time()
        for url, (body, kind) in urls:
            (await client.post(url, content=body, headers={"content-type": kind})
             ).raise_for_status()
        plain = len(urls) / (time.perf_counter() - began)
        plain_cpu = (time.process_time() - began_cpu) * 1000 / len(urls)
        gate = asyncio.Semaphore(64)

        async def one(url: str, body: bytes, kind: str) -> None:
            async with gate:
                (await client.post(url, content=body, headers={"content-type": kind})
                 ).raise_for_status()

        began = time.perf_counter()
        await asyncio.gather(*(one(url, body, kind) for url, (body, kind) in urls))
        gathered = len(urls) / (time.perf_counter() - began)
    return {"reference_loop_per_s": round(plain), "reference_gather64_per_s": round(gathered),
            "reference_cpu_ms_per_post": round(plain_cpu, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=5)
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--concurrency", type=int, default=None,
                        help="WIRE_PUSH__CONCURRENCY for the service (default: its own)")
    parser.add_argument("--py-spy", default=None, metavar="BIN",
                        help="record the service with py-spy during the stories (raw stacks "
                             "to push-fanout.prof)")
    parser.add_argument("--serve-receivers", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_receivers is not None:
        asyncio.run(_serve(args.serve_receivers))
        return
    port = free_port()
    receiver = subprocess.Popen([sys.executable, __file__, "--serve-receivers", str(port)])
    with tempfile.TemporaryDirectory(prefix="push-bench-") as tmp:
        extra = {"WIRE_PUSH__ALLOW_HOSTS": "127.0.0.1", "WIRE_LOG_LEVEL": "WARNING"}
        if args.concurrency:
            extra["WIRE_PUSH__CONCURRENCY"] = str(args.concurrency)
        served = Served(Path(tmp) / "var", extra_env=extra)
        try:
            served.start()
            result = asyncio.run(run(args, served, f"http://127.0.0.1:{port}"))
        finally:
            served.stop()
            receiver.terminate()
            receiver.wait()
    print(f"push fan-out: 1 story -> {result['targets']} targets (200 webhooks, 200 WebSub), "
          f"{result['stories']} stories, {result['cpus']} CPUs, load {result['loadavg']}")
    print(f"  from the 201: p50 {result['p50_ms']} ms  p99 {result['p99_ms']} ms  "
          f"max {result['max_ms']} ms   (target: p99 < 1000 ms)")
    print(f"  deliveries/s: {result['deliveries_per_s']}   reference: plain httpx loop "
          f"{result['reference_loop_per_s']}/s, gather(64) {result['reference_gather64_per_s']}/s"
          f"   (target: >= 0.5x the loop)")
    print(f"  p99 per story (ms): {result['per_story_p99_ms']}")
    print(f"  CPU per delivery: service {result['service_cpu_ms_per_delivery']} ms (all its "
          f"work), reference loop {result['reference_cpu_ms_per_post']} ms per POST")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
