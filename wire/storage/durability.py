"""What a story write must reach before it is acknowledged, and the proof that it did.

``WAIT`` and ``WAITAOF`` report on the writes made *by the connection they are sent on*.
Sent on whichever pooled connection the client hands out next, they confirm some other
request's write, or none. So a write that must be confirmed runs as one pipeline on one
connection: the script, then ``WAITAOF 1 0`` and/or ``WAIT <replicas>``. On a single server
a plain pipeline is one connection; a cluster pipeline groups commands by node and sends
each node's group on one connection, so the waits are aimed (``target_nodes``) at the
node the script's keys live on. redis-py's cluster pipeline refuses ``EVALSHA`` (it cannot
load a script missing on the node), so the script goes as ``EVAL``: its body (a few KB)
travels with each confirmed write and no ``NOSCRIPT`` can happen, even on a replica that
was just promoted and has an empty script cache.

A replay (an ``Idempotency-Key`` sent again) is confirmed the same way: ``touch.lua``
rewrites the record it reads, which puts this connection's write offset past the
original's, so the ``WAIT`` after it covers the original write too.
"""

from __future__ import annotations

from collections.abc import Awaitable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from redis.asyncio.cluster import RedisCluster
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import ResponseError
from redis.exceptions import TimeoutError as RedisTimeoutError

from wire.errors import NotReplicated, OutcomeUnknown, StorageUnavailable
from wire.storage.client import STORE_ERRORS, StoreClient

T = TypeVar("T")
# redis-py's words for a connection that was never made: the write was not sent.
_NOT_SENT = ("connecting to", "Connection refused", "No such file or directory")
RETRY_SAFE = ("Retry the same request with the same Idempotency-Key: you get the stored "
              "story if it was kept, and it is stored once if it was not.")


async def guarded_write(call: Awaitable[T]) -> T:
    """Like ``store.guarded`` for a write: when the store went away after the command was
    sent, the write may have happened, and the problem says so and how to find out."""
    try:
        return await call
    except (RedisConnectionError, RedisTimeoutError) as exc:
        if any(words in str(exc) for words in _NOT_SENT):
            raise StorageUnavailable(
                "The story store is not answering; nothing was changed. Retry in a few "
                "seconds.", cause=str(exc)) from exc
        raise OutcomeUnknown(
            "The story store stopped answering after the write was sent, so it may or may "
            f"not be stored. {RETRY_SAFE} (Without a key, the same copy sent again returns "
            "the existing story.)", cause=str(exc)) from exc
    except STORE_ERRORS as exc:
        raise StorageUnavailable(
            "The story store is not answering; nothing was changed. Retry in a few seconds.",
            cause=str(exc),
        ) from exc


@dataclass(frozen=True)
class Durability:
    """``aof``: the primary's append-only file holds the write (``WAITAOF 1 0``).
    ``replicas``: that many replicas hold it (``WAIT``). ``timeout_ms`` bounds each wait."""

    aof: bool = False
    replicas: int = 0
    timeout_ms: int = 2000

    @property
    def waits(self) -> bool:
        return self.aof or self.replicas > 0


async def _on_node(redis: StoreClient, key: str) -> dict[str, Any]:
    """Where a keyless command must go to be about ``key``'s node (a cluster client would
    send ``WAIT`` to every primary, and a pipeline refuses that)."""
    if not isinstance(redis, RedisCluster):
        return {}
    failed = "no primary"
    try:
        await redis.initialize()  # the slot map, on a client that has sent nothing yet
        node = redis.get_node_from_key(key)
    except STORE_ERRORS as exc:  # SlotNotCoveredError mid-failover, or no node answering
        node, failed = None, str(exc)
    if node is None:
        raise StorageUnavailable(
            "No node of the cluster serves the story catalogue now (a failover may be under "
            "way); nothing was changed. Retry in a few seconds.", cause=failed)
    return {"target_nodes": node}


class Confirmed:
    """Runs scripts on one connection with the waits ``durability`` asks for after them."""

    def __init__(self, redis: StoreClient, durability: Durability) -> None:
        self.redis = redis
        self.durability = durability

    async def precheck(self, key: str) -> None:
        """Refuse at once, before writing, when the primary of ``key`` has fewer replicas
        connected than ``WAIT`` would need: waiting for them could only time out."""
        want = self.durability.replicas
        if not want:
            return
        command: Any = self.redis.execute_command  # redis-py leaves it unannotated
        role = await guarded_write(command("ROLE", **await _on_node(self.redis, key)))
        # A node that is no longer a primary (a failover the client has not seen yet) is
        # left to the write itself: its MOVED reply refreshes the client's slot map.
        if role and role[0] in (b"master", "master") and len(role[2]) < want:
            raise StorageUnavailable(
                f"Nothing was written: each story must be on {want} replica(s) before it "
                f"is acknowledged (WIRE_REDIS__WAIT_REPLICAS={want}), and the store's "
                f"primary has {len(role[2])} connected. Retry once the replica is back "
                "(after a failover, once the old primary rejoins as a replica).",
                replicas_wanted=want, replicas_connected=len(role[2]))

    async def run(self, script: str, keys: Sequence[str], args: Sequence[str | int]
                  ) -> tuple[Any, list[Any]]:
        """The script's reply and the waits' replies (ints, or the errors they raised)."""
        d, where = self.durability, await _on_node(self.redis, keys[0])
        async with self.redis.pipeline(transaction=False) as pipe:
            pipe.execute_command("EVAL", script, len(keys), *keys, *args)
            if d.aof:
                pipe.execute_command("WAITAOF", 1, 0, d.timeout_ms, **where)
            if d.replicas:
                pipe.execute_command("WAIT", d.replicas, d.timeout_ms, **where)
            replies = await guarded_write(pipe.execute(raise_on_error=False))
        reply, waits = replies[0], list(replies[1:])
        if isinstance(reply, ResponseError):
            # Scripts check everything before their first write: an error means none was made.
            raise StorageUnavailable(
                "The story store refused the write; nothing was changed. Retry in a few "
                "seconds.", cause=str(reply))
        return reply, waits

    def require(self, waits: list[Any], what: str) -> None:
        """Raise unless every wait was met. ``what`` names what was written."""
        d = self.durability
        replies = iter(waits)
        if d.aof:
            answer = next(replies)
            if isinstance(answer, Exception):
                # Valkey refuses WAITAOF outright on a server without an append-only file.
                raise OutcomeUnknown(
                    f"{what} was written but the store refused to confirm it in its "
                    f"append-only file ({answer}); WIRE_REDIS__WAIT_AOF needs a store with "
                    f"appendonly yes. {RETRY_SAFE}", cause=repr(answer))
            if int(answer[0]) < 1:
                raise OutcomeUnknown(
                    f"{what} was written but the store did not confirm it in its "
                    f"append-only file within {d.timeout_ms} ms, so a crash of the store now "
                    f"could lose it. {RETRY_SAFE}", cause=repr(answer))
        if d.replicas:
            answer = next(replies)
            held = -1 if isinstance(answer, Exception) else int(answer)
            if held < d.replicas:
                seen = "could not be asked" if held < 0 else f"{held} confirmed it"
                raise NotReplicated(
                    f"{what} was written on the store's primary, but it must be on "
                    f"{d.replicas} replica(s) before it is acknowledged and within "
                    f"{d.timeout_ms} ms {seen}, so a failover now could lose it. "
                    f"{RETRY_SAFE}", replicas_wanted=d.replicas, replicas_confirmed=max(held, 0),
                    cause=repr(answer))
