"""What a push call connects to is what was checked: its host is resolved once, every
address is checked, and the connection goes to those addresses only, keeping the name for
``Host``, SNI and the certificate (DNS rebinding gets nowhere).

Real TLS servers on loopback addresses (a certificate for ``hooks.test`` made here with
the ``openssl`` tool); ``hooks.test`` resolves through the operator's pins
(``WIRE_PUSH__RESOLVE``), the resolver path the policy consults before DNS, so nothing
leaves this machine.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
import pytest_asyncio
from pydantic import ValidationError

from feeds.push.callbacks import CallbackPolicy, Clients, IPAddress
from feeds.push.service import callback_policy
from tests.receivers import receiving
from wire.errors import UnsafeCallback
from wire.settings import PushConfig, Settings

NAME = "hooks.test"


@pytest.fixture(scope="module")
def cert(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    where = tmp_path_factory.mktemp("tls")
    key, crt = where / "key.pem", where / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj",
                    f"/CN={NAME}", "-addext", f"subjectAltName=DNS:{NAME}",
                    "-keyout", str(key), "-out", str(crt)], check=True, capture_output=True)
    return key, crt


def server_tls(cert: tuple[Path, Path]) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert[1], cert[0])
    return context


@pytest_asyncio.fixture
async def clients(cert: tuple[Path, Path]) -> AsyncIterator[Clients]:
    made = Clients(4, 2.0, verify=ssl.create_default_context(cafile=str(cert[1])))
    yield made
    await made.aclose()


def policy(*addresses: str) -> CallbackPolicy:
    pinned: tuple[IPAddress, ...] = tuple(ipaddress.ip_address(a) for a in addresses)
    return CallbackPolicy(frozenset({"127.0.0.1"}), pins={NAME: pinned})


async def test_the_call_goes_to_the_checked_address_under_its_name(
        cert: tuple[Path, Path], clients: Clients) -> None:
    with receiving(tls=server_tls(cert), name=NAME) as hook:
        answer = await policy("127.0.0.1").call(clients, "t", "POST", hook.url, body=b"{}")
        assert answer.status == 200
        (got,) = hook.posts()
        assert got.headers["host"] == f"{NAME}:{hook.port}"
        assert hook.server_names == [NAME], "SNI carries the name, not the address"


async def test_every_checked_address_is_tried_in_turn(
        cert: tuple[Path, Path], clients: Clients) -> None:
    allowed = CallbackPolicy(frozenset({"127.0.0.1", "127.0.0.3"}), pins={
        NAME: (ipaddress.ip_address("127.0.0.3"), ipaddress.ip_address("127.0.0.1"))})
    with receiving(tls=server_tls(cert), name=NAME) as hook:  # nothing on 127.0.0.3
        assert (await allowed.call(clients, "t", "POST", hook.url, body=b"{}")).status == 200


async def test_a_name_resolving_inside_is_refused_and_never_connected_to(
        cert: tuple[Path, Path], clients: Clients) -> None:
    # An internal service on 127.0.0.2 (outside the allow list) under the same name.
    with receiving("127.0.0.2", tls=server_tls(cert), name=NAME) as inside:
        for addresses in (("127.0.0.2",), ("127.0.0.1", "127.0.0.2")):
            with pytest.raises(UnsafeCallback, match=r"127\.0\.0\.2"):
                await policy(*addresses).call(clients, "t", "POST", inside.url, body=b"{}")
        assert inside.requests == [] and inside.server_names == []


async def test_the_clients_connect_nowhere_without_a_check(
        cert: tuple[Path, Path], clients: Clients) -> None:
    with receiving(tls=server_tls(cert), name=NAME) as hook:
        with pytest.raises(httpx.ConnectError, match="not checked"):
            await clients.pick("t").post(f"https://127.0.0.1:{hook.port}/hook")
        assert hook.requests == []


@contextlib.contextmanager
def dripping() -> Iterator[int]:
    """A server that answers 200 and then its body a byte every 0.05 s (each read is quick,
    so only a deadline on the whole call ends it)."""
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve() -> None:
        with contextlib.suppress(OSError):
            conn, _ = listener.accept()
            with conn:
                while b"\r\n\r\n" not in conn.recv(65536):
                    pass
                conn.sendall(b"HTTP/1.1 200 OK\r\ncontent-length: 1000\r\n\r\n")
                while not stop.wait(0.05):
                    conn.sendall(b"x")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield int(listener.getsockname()[1])
    finally:
        stop.set()
        listener.close()
        thread.join(5)


async def test_a_callback_that_drips_its_answer_is_cut_off_at_the_deadline() -> None:
    cut = CallbackPolicy(frozenset({"127.0.0.1"}), deadline=0.5)
    made = Clients(4, 0.3)
    try:
        for method in ("GET", "POST"):  # verifications and deliveries
            with dripping() as port:
                began = time.monotonic()
                with pytest.raises(httpx.ReadTimeout, match="in all"):
                    await cut.call(made, "t", method, f"http://127.0.0.1:{port}/hook")
                assert time.monotonic() - began < 1.0
    finally:
        await made.aclose()
    assert callback_policy(Settings(push={"timeout_seconds": 3})).deadline == 6


def test_pins_come_from_the_settings() -> None:
    settings = Settings(push={"resolve": "Hooks.Test=127.0.0.1, hooks.test=[::1],b=10.0.0.5"})
    assert callback_policy(settings).pins == {
        NAME: (ipaddress.ip_address("127.0.0.1"), ipaddress.ip_address("::1")),
        "b": (ipaddress.ip_address("10.0.0.5"),)}
    with pytest.raises(ValidationError, match="host=address"):
        PushConfig(resolve="hooks.test")  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        PushConfig(resolve="hooks.test=nowhere.example")  # type: ignore[arg-type]
