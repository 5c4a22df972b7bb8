"""Which callback URLs the service calls, and the one bounded HTTP call it makes to them.

A callback must be ``https``, or plain ``http`` to a host the operator allows
(``WIRE_PUSH__ALLOW_HOSTS``). Its host must not resolve to a private, loopback,
link-local, multicast or reserved address unless the host (or that address) is allowed:
otherwise a partner could make the service call into the network it runs in. The check
runs when a URL is registered (for a clear refusal) and again before every call (a name
may resolve elsewhere later). Redirects are never followed and at most
``response_limit`` bytes of an answer are read.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Mapping
from dataclasses import dataclass

import httpx

from wire.errors import UnsafeCallback

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes
    """At most the policy's response limit, the rest unread."""


def _internal(address: IPAddress) -> bool:
    return (address.is_private or address.is_loopback or address.is_link_local
            or address.is_multicast or address.is_reserved or address.is_unspecified)


@dataclass(frozen=True)
class CallbackPolicy:
    allow_hosts: frozenset[str] = frozenset()
    response_limit: int = 64 * 1024

    def parse(self, url: str) -> httpx.URL:
        """``url`` if its form is acceptable (scheme, host); else ``UnsafeCallback``."""
        try:
            parsed = httpx.URL(url.strip())
        except (httpx.InvalidURL, TypeError) as exc:
            raise UnsafeCallback(f"{url!r} is not a URL; give an absolute https:// URL.") from exc
        host = parsed.host.lower()
        if parsed.scheme not in ("https", "http") or not host:
            raise UnsafeCallback(f"{url!r} is not an absolute http(s) URL; give one such as "
                                 "https://hooks.example.com/wire.")
        if parsed.scheme == "http" and host not in self.allow_hosts:
            raise UnsafeCallback(
                f"Callbacks must use https; http is allowed only to hosts the operator lists "
                f"in WIRE_PUSH__ALLOW_HOSTS, and {host!r} is not one. Use https://.")
        return parsed

    async def check(self, url: str) -> httpx.URL:
        """``url`` if it may be called now: form, then every address its host resolves to."""
        parsed = self.parse(url)
        host = parsed.host.lower()
        if host in self.allow_hosts:
            return parsed
        for address in await _addresses(host, parsed.port or 443):
            if _internal(address) and str(address) not in self.allow_hosts:
                raise UnsafeCallback(
                    f"{host!r} resolves to {address}, a private, loopback or link-local "
                    "address, which the service does not call; use a public host, or ask the "
                    "operator to add it to WIRE_PUSH__ALLOW_HOSTS.")
        return parsed

    async def call(self, client: httpx.AsyncClient, method: str, url: str, *,
                   headers: Mapping[str, str] | None = None, body: bytes | None = None,
                   params: Mapping[str, str] | None = None) -> Answer:
        """One request to a checked URL, no redirects, reading a bounded answer.

        Raises ``UnsafeCallback`` for a refused URL and ``httpx.HTTPError`` when the call
        fails (timeouts included).
        """
        target = await self.check(url)
        if params:
            target = target.copy_merge_params(dict(params))
        request = client.build_request(method, target, headers=headers, content=body)
        response = await client.send(request, stream=True, follow_redirects=False)
        try:
            read = bytearray()
            async for chunk in response.aiter_bytes():
                read += chunk
                if len(read) >= self.response_limit:
                    break
            return Answer(response.status_code, bytes(read[: self.response_limit]))
        finally:
            await response.aclose()


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
