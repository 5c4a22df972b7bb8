"""Subscriptions to the service's pub/sub channels, on a single server or on a cluster.

A single server: one connection, ``SUBSCRIBE``. A cluster: ``SSUBSCRIBE`` on the primary
that owns each channel's slot (the scripts ``SPUBLISH`` there), one connection per node,
their messages merged. A slot moving away (failover, resharding) ends the node's
subscription with an unasked ``sunsubscribe``; that, like a lost connection, raises
``ConnectionError``, and the caller subscribes again on the slot's new owner.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Sequence
from types import TracebackType
from typing import Any

from redis.asyncio import ConnectionPool, Redis
from redis.asyncio.client import PubSub
from redis.asyncio.cluster import RedisCluster
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError

from wire.storage.client import STORE_ERRORS, StoreClient, sharded

Message = tuple[str, bytes]


class Subscription:
    """``async with Subscription(client, channels) as sub: async for channel, data in
    sub.messages(): ...``; entering returns once every channel is subscribed."""

    def __init__(self, client: StoreClient, channels: Sequence[str]) -> None:
        self.client = client
        self.channels = list(channels)
        self._pubsubs: list[PubSub] = []
        self._clients: list[Redis] = []
        self._queue: asyncio.Queue[Message | BaseException] = asyncio.Queue()
        self._readers: list[asyncio.Task[None]] = []

    async def __aenter__(self) -> Subscription:
        try:
            if isinstance(self.client, RedisCluster) and await sharded(self.client):
                await self._shard_subscribe(self.client)
            else:
                # A single server, or a cluster without sharded pub/sub, where a classic
                # message reaches every node: one SUBSCRIBE anywhere hears all channels.
                if isinstance(self.client, RedisCluster):
                    await self.client.initialize()  # its pubsub picks a node from the slot map
                pubsub = self.client.pubsub(ignore_subscribe_messages=True)
                self._pubsubs.append(pubsub)
                await pubsub.subscribe(*self.channels)
                self._read(pubsub, "message")
        except BaseException:
            await self.aclose()
            raise
        return self

    async def _shard_subscribe(self, cluster: RedisCluster) -> None:
        # The slot map may predate a failover that ended the last subscription: refresh it.
        await cluster.initialize()
        await cluster.nodes_manager.initialize()
        by_node: dict[str, list[str]] = {}
        nodes: dict[str, Any] = {}
        for channel in self.channels:
            node = cluster.get_node_from_key(channel)
            if node is None:
                raise RedisConnectionError(f"no node serves the slot of {channel}")
            nodes[node.name] = node
            by_node.setdefault(node.name, []).append(channel)
        for name, channels in by_node.items():
            kwargs = dict(nodes[name].connection_kwargs)
            # A subscriber waits for messages as long as there are none.
            kwargs["socket_timeout"] = None
            redis = Redis(connection_pool=ConnectionPool(**kwargs))
            self._clients.append(redis)
            pubsub = redis.pubsub(ignore_subscribe_messages=False)
            self._pubsubs.append(pubsub)
            for channel in channels:  # one SSUBSCRIBE per channel: each has its own slot
                await pubsub.ssubscribe(channel)
            self._read(pubsub, "smessage")

    def _read(self, pubsub: PubSub, kind: str) -> None:
        async def read() -> None:
            try:
                async for message in pubsub.listen():
                    mtype = message.get("type")
                    if mtype == kind:
                        channel = message["channel"]
                        name = channel.decode() if isinstance(channel, bytes) else channel
                        self._queue.put_nowait((name, message["data"]))
                    elif mtype == "sunsubscribe":
                        raise RedisConnectionError("the channel's slot moved to another node")
                raise RedisConnectionError("the subscription ended")
            except (*STORE_ERRORS, OSError) as exc:
                self._queue.put_nowait(exc)

        self._readers.append(asyncio.create_task(read(), name="wire-subscription"))

    async def messages(self) -> AsyncIterator[Message]:
        """Messages in arrival order; raises the error that ended any node's subscription."""
        while True:
            item = await self._queue.get()
            if isinstance(item, BaseException):
                raise item
            yield item

    async def aclose(self) -> None:
        for task in self._readers:
            task.cancel()
        for task in self._readers:
            with contextlib.suppress(BaseException):
                await task
        for pubsub in self._pubsubs:
            with contextlib.suppress(RedisError, OSError):
                # redis-py leaves PubSub.aclose unannotated; close()/reset() are deprecated.
                await pubsub.aclose()  # type: ignore[no-untyped-call]
        for redis in self._clients:
            with contextlib.suppress(RedisError, OSError):
                await redis.aclose()
                await redis.connection_pool.disconnect()
        self._readers, self._pubsubs, self._clients = [], [], []

    async def __aexit__(self, exc_type: type[BaseException] | None,
                        exc: BaseException | None, tb: TracebackType | None) -> None:
        await self.aclose()
