"""Which callback URLs the service calls, and the one bounded HTTP call it makes to them.

A callback must be ``https``, or plain ``http`` to a host the operator allows
(``WIRE_PUSH__ALLOW_HOSTS``). Its host must not resolve to a private, loopback,
link-local, multicast or reserved address unless the host (or that address) is allowed:
otherwise a partner could make the service call into the network it runs in. The check
runs when a URL is registered (for a clear refusal) and again before every call (a name
may resolve elsewhere later). Redirects are never followed and at most
``response_limit`` bytes of an answer are read.

Each call resolves the host once, checks every address, and connects only to those
addresses (``PinnedBackend``): httpx never resolves a callback's name itself, so a name
whose DNS answer changes between the check and the connection (rebinding) gets nowhere.
The URL, the ``Host`` header and TLS (SNI and certificate) keep the name.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import ssl
import zlib
from collections.abc import Iterable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache

import httpcore
import httpx

from wire.errors import UnsafeCallback

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
CALLS_PER_CLIENT = 4
"""Concurrent calls one ``httpx.AsyncClient`` is meant for. httpcore's pool does work per
request that grows with the requests in flight on it: one client at 64 concurrent calls
spends ~2.9 ms of CPU per call on loopback, sixteen clients at 4 each ~0.5 ms."""


PINNED: ContextVar[Mapping[str, tuple[IPAddress, ...]] | None] = ContextVar("push_pinned",
                                                                            default=None)
"""The addresses checked for the call this task is making, by host name."""


class PinnedBackend(httpcore.AsyncNetworkBackend):
    """Opens connections only to the addresses ``CallbackPolicy.call`` checked (``PINNED``),
    trying them in order; it never resolves a name, and a host nothing was checked for is
    not connected to at all. A kept-alive connection stays with the address it was opened
    to, which was checked then."""

    def __init__(self) -> None:
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                          local_address: str | None = None,
                          socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
                          ) -> httpcore.AsyncNetworkStream:
        addresses = (PINNED.get() or {}).get(host.lower().strip("[]"))
        if not addresses:
            raise httpcore.ConnectError(f"{host!r} was not checked for this call")
        error: Exception | None = None
        for address in addresses:
            try:
                return await self._inner.connect_tcp(str(address), port, timeout,
                                                      local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
        assert error is not None
        raise error

    async def connect_unix_socket(
            self, path: str, timeout: float | None = None,
            socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("callbacks are never called over a unix socket")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


def _transport(limits: httpx.Limits, verify: ssl.SSLContext | bool) -> httpx.AsyncHTTPTransport:
    transport = httpx.AsyncHTTPTransport(verify=verify, limits=limits, trust_env=False)
    # httpx 0.28 takes no network backend, so its pool is replaced by the same pool with
    # ours (the settings below are those httpx gives its own).
    transport._pool = httpcore.AsyncConnectionPool(
        ssl_context=httpx.create_ssl_context(verify=verify, trust_env=False),
        max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry, http1=True, http2=False,
        network_backend=PinnedBackend())
    return transport


class Clients:
    """The push HTTP clients: a few small pools instead of one large one (see above).

    A target always uses the same client, so its connection is kept alive between
    deliveries. No redirects, bounded time, no proxies from the environment, and
    connections only to checked addresses (``PinnedBackend``). ``verify`` is the TLS
    trust (the system's by default; tests pass their own CA).
    """

    def __init__(self, concurrency: int, timeout: float,
                 verify: ssl.SSLContext | bool = True) -> None:
        count = max(1, concurrency // CALLS_PER_CLIENT)
        limits = httpx.Limits(max_connections=CALLS_PER_CLIENT * 4,
                              max_keepalive_connections=CALLS_PER_CLIENT * 4)
        self._clients = [
            httpx.AsyncClient(timeout=httpx.Timeout(timeout), follow_redirects=False,
                              transport=_transport(limits, verify), trust_env=False)
            for _ in range(count)]

    def pick(self, key: str) -> httpx.AsyncClient:
        return self._clients[zlib.crc32(key.encode()) % len(self._clients)]

    async def aclose(self) -> None:
        for client in self._clients:
            await client.aclose()


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes
    """At most the policy's response limit, the rest unread."""


def _internal(address: IPAddress) -> bool:
    return (address.is_private or address.is_loopback or address.is_link_local
            or address.is_multicast or address.is_reserved or address.is_unspecified)


@dataclass(frozen=True)
class Checked:
    """A callback URL that may be called now, and the addresses its host resolved to (every
    one checked): the only addresses the call connects to."""

    url: httpx.URL
    addresses: tuple[IPAddress, ...]


@dataclass(frozen=True)
class CallbackPolicy:
    allow_hosts: frozenset[str] = frozenset()
    response_limit: int = 64 * 1024
    pins: Mapping[str, tuple[IPAddress, ...]] = field(default_factory=dict)
    """Host names the operator resolves by hand (``WIRE_PUSH__RESOLVE``), consulted before
    DNS; their addresses are checked like any others."""
    deadline: float | None = None
    """Seconds one call may take in all. httpx's timeouts bound each step, so an answer
    dripped a byte at a time would otherwise hold a delivery slot for hours, and outlive
    the target's lease (another worker would send the same event meanwhile)."""

    def parse(self, url: str) -> httpx.URL:
        """``url`` if its form is acceptable (scheme, host); else ``UnsafeCallback``."""
        return _parse(url, self.allow_hosts)

    async def check(self, url: str) -> Checked:
        """``url`` if it may be called now: form, then every address its host resolves to
        (resolved here, once: the call connects to these and no others)."""
        parsed = self.parse(url)
        host = parsed.host.lower()
        pinned = self.pins.get(host)
        addresses = list(pinned) if pinned else await _addresses(host, parsed.port or 443)
        if host not in self.allow_hosts:
            for address in addresses:
                if _internal(address) and str(address) not in self.allow_hosts:
                    raise UnsafeCallback(
                        f"{host!r} resolves to {address}, a private, loopback or link-local "
                        "address, which the service does not call; use a public host, or ask "
                        "the operator to add it to WIRE_PUSH__ALLOW_HOSTS.")
        return Checked(parsed, tuple(dict.fromkeys(addresses)))

    async def call(self, clients: Clients, key: str, method: str, url: str, *,
                   headers: Mapping[str, str] | None = None, body: bytes | None = None,
                   params: Mapping[str, str] | None = None) -> Answer:
        """One request to a checked URL, no redirects, reading a bounded answer; ``key``
        (the target) picks the client.

        Raises ``UnsafeCallback`` for a refused URL and ``httpx.HTTPError`` when the call
        fails (timeouts included).
        """
        checked = await self.check(url)
        target = checked.url.copy_merge_params(dict(params)) if params else checked.url
        client = clients.pick(key)
        request = client.build_request(method, target, headers=headers, content=body)
        pinned = PINNED.set({checked.url.host.lower(): checked.addresses})
        try:
            async with asyncio.timeout(self.deadline):
                return await self._exchange(client, request, method)
        except TimeoutError as exc:
            raise httpx.ReadTimeout(f"the callback took over {self.deadline:g} s in all",
                                    request=request) from exc
        finally:
            PINNED.reset(pinned)

    async def _exchange(self, client: httpx.AsyncClient, request: httpx.Request,
                        method: str) -> Answer:
        response = await client.send(request, stream=True, follow_redirects=False)
        try:
            read = bytearray()
            # Deliveries need only the status: their answer is read raw (not decoded), to
            # the limit, so the connection can be kept alive.
            chunks = response.aiter_bytes() if method == "GET" else response.aiter_raw()
            async for chunk in chunks:
                read += chunk
                if len(read) >= self.response_limit:
                    break
            return Answer(response.status_code, bytes(read[: self.response_limit]))
        finally:
            await response.aclose()


@lru_cache(maxsize=4096)  # a target's URL is checked before every delivery
def _parse(url: str, allow_hosts: frozenset[str]) -> httpx.URL:
    try:
        parsed = httpx.URL(url.strip())
    except (httpx.InvalidURL, TypeError) as exc:
        raise UnsafeCallback(f"{url!r} is not a URL; give an absolute https:// URL.") from exc
    host = parsed.host.lower()
    if parsed.scheme not in ("https", "http") or not host:
        raise UnsafeCallback(f"{url!r} is not an absolute http(s) URL; give one such as "
                             "https://hooks.example.com/wire.")
    if parsed.scheme == "http" and host not in allow_hosts:
        raise UnsafeCallback(
            f"Callbacks must use https; http is allowed only to hosts the operator lists "
            f"in WIRE_PUSH__ALLOW_HOSTS, and {host!r} is not one. Use https://.")
    return parsed


async def _addresses(host: str, port: int) -> list[IPAddress]:
    try:
        return [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        pass
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise UnsafeCallback(f"The host {host!r} does not resolve ({exc.strerror or exc}); "
                             "check the URL.") from exc
    return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
