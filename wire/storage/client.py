"""The one place a Redis client is built: a single server, or a Redis/Valkey Cluster.

``WIRE_REDIS_URL=redis+cluster://host:port[,host:port...]`` (``rediss+cluster://`` for TLS)
or ``WIRE_REDIS__CLUSTER=true`` with a plain ``redis://`` URL selects redis-py's asyncio
``RedisCluster``. It follows ``MOVED``/``ASK``, refreshes the slot map after a failover and
loads scripts on the node a key lives on; the service's part is that every script and
every transaction touches one hash tag (``wire.storage.keys``).

Pub/sub differs on a cluster: a classic ``PUBLISH`` is copied to every node over the
cluster bus, which costs every shard for every change, so on a server that has them the
service publishes with ``SPUBLISH`` (the channel's shard only) and subscribes with
``SSUBSCRIBE`` on the node that owns the channel's slot (``wire.storage.notifier``).
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import Any, TypeAlias
from urllib.parse import unquote, urlsplit

from redis.asyncio import BlockingConnectionPool, Redis
from redis.asyncio.cluster import ClusterNode, RedisCluster
from redis.exceptions import RedisClusterException, RedisError

from wire.settings import Settings

StoreClient: TypeAlias = Redis | RedisCluster
STORE_ERRORS = (RedisError, RedisClusterException)
"""What a store call raises when the store is away: a cluster client reports a cluster it
cannot reach, or a slot no primary serves (mid-failover), outside ``RedisError``."""
CLUSTER_SCHEMES = {"redis+cluster": False, "rediss+cluster": True}


@dataclass(frozen=True)
class ClusterAddress:
    """Where a cluster is: its seed nodes and the credentials every node takes."""

    nodes: tuple[tuple[str, int], ...]
    tls: bool = False
    username: str | None = None
    password: str | None = None


def cluster_address(url: str) -> ClusterAddress:
    """Parse ``redis+cluster://[user:pass@]host:port[,host:port...]`` (or a plain
    ``redis://``/``rediss://`` URL naming one seed node)."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        raise ValueError(f"not a Redis URL: {url!r}")
    tls = CLUSTER_SCHEMES.get(scheme, scheme == "rediss")
    if scheme not in CLUSTER_SCHEMES and scheme not in ("redis", "rediss"):
        raise ValueError(f"a cluster is reached over redis:// or redis+cluster://, not {scheme}://")
    userinfo, at, hosts = rest.rpartition("@")
    hosts = hosts.split("/", 1)[0].split("?", 1)[0]
    username = password = None
    if at:
        user, colon, secret = userinfo.partition(":")
        username, password = (unquote(user) or None), (unquote(secret) if colon else None)
    nodes = []
    for part in hosts.split(","):
        if not part.strip():
            continue
        parsed = urlsplit(f"//{part.strip()}")
        if not parsed.hostname:
            raise ValueError(f"no host in {part!r} of the cluster URL")
        nodes.append((parsed.hostname, parsed.port or 6379))
    if not nodes:
        raise ValueError("a cluster URL names at least one host:port")
    return ClusterAddress(tuple(nodes), tls=tls, username=username, password=password)


def wants_cluster(url: str, cluster: bool) -> bool:
    return cluster or url.partition("://")[0] in CLUSTER_SCHEMES


def connect(url: str, *, cluster: bool = False, max_connections: int = 64,
            pool_timeout: float = 5.0, socket_timeout: float | None = 5.0) -> StoreClient:
    """A client for ``url``; nothing connects until the first command.

    A single server gets a blocking pool (callers wait for a connection, up to
    ``pool_timeout``, instead of failing under load). A cluster client keeps a pool per
    node of ``max_connections``; redis-py has no blocking variant of it.
    """
    if not wants_cluster(url, cluster):
        pool = BlockingConnectionPool.from_url(
            url, max_connections=max_connections, timeout=pool_timeout,
            socket_timeout=socket_timeout)
        return Redis(connection_pool=pool)
    address = cluster_address(url)
    return RedisCluster(
        startup_nodes=[ClusterNode(host, port) for host, port in address.nodes],
        ssl=address.tls, username=address.username, password=address.password,
        max_connections=max_connections, socket_timeout=socket_timeout,
        socket_connect_timeout=socket_timeout)


def from_settings(settings: Settings, url: str | None = None,
                  max_connections: int | None = None) -> StoreClient:
    """The client the settings describe (``url`` overrides theirs: the embedded server's)."""
    url = url or settings.effective_redis_url
    if not url:
        raise RuntimeError("No Redis URL: set WIRE_REDIS_URL, or start with 'wire serve', "
                           "which runs the embedded Valkey server when none is set.")
    config = settings.redis
    return connect(url, cluster=config.cluster,
                   max_connections=max_connections or config.max_connections,
                   pool_timeout=config.pool_timeout, socket_timeout=config.socket_timeout)


def is_cluster(client: StoreClient) -> bool:
    return isinstance(client, RedisCluster)


async def close(client: StoreClient) -> None:
    """Close the client and every connection of its pool(s)."""
    await client.aclose()
    if isinstance(client, Redis):
        await client.connection_pool.disconnect()


# Per cluster client: whether its servers have sharded pub/sub, asked once.
_SHARDED: weakref.WeakKeyDictionary[RedisCluster, bool] = weakref.WeakKeyDictionary()
SHARDED_SINCE = 7  # SPUBLISH/SSUBSCRIBE came with Redis 7.0 (Valkey reports 7.2.4 and up)


async def sharded(client: StoreClient) -> bool:
    """True for a cluster whose servers have sharded pub/sub (Redis and Valkey 7+)."""
    if not isinstance(client, RedisCluster):
        return False
    known = _SHARDED.get(client)
    if known is None:
        info = await client.info("server", target_nodes=RedisCluster.RANDOM)
        major = str(info.get("redis_version", "0")).split(".", 1)[0]
        known = _SHARDED[client] = major.isdigit() and int(major) >= SHARDED_SINCE
    return known


async def publish_command(client: StoreClient) -> str:
    """The command scripts and callers publish with: ``SPUBLISH`` on a cluster that has it
    (only the channel's shard carries the message), else ``PUBLISH`` (a single server; on
    an older cluster, copied to every node over the cluster bus)."""
    return "SPUBLISH" if await sharded(client) else "PUBLISH"


async def publish(client: StoreClient, channel: str, message: str) -> int:
    command: Any = client.execute_command  # redis-py leaves it unannotated
    return int(await command(await publish_command(client), channel, message))


__all__ = ["STORE_ERRORS", "ClusterAddress", "StoreClient", "close", "cluster_address",
           "connect", "from_settings", "is_cluster", "publish", "publish_command", "sharded",
           "wants_cluster"]
