"""What a real server was sent, connection by connection (``MONITOR``), for tests that
must show which connection a command went on. The server must be reached over TCP: every
unix-socket client shows the same address in ``MONITOR``'s lines."""

from __future__ import annotations

import contextlib
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field

import redis


@dataclass
class Monitored:
    """Commands in the order the server ran them, as ``(client "host:port", COMMAND)``."""

    lines: list[tuple[str, str]] = field(default_factory=list)

    def after(self, command: str) -> list[str]:
        """For every ``command``, the next command its own connection sent ('' if none)."""
        follows = []
        for i, (who, name) in enumerate(self.lines):
            if name == command:
                later = (n for w, n in self.lines[i + 1:] if w == who)
                follows.append(next(later, ""))
        return follows


@contextlib.contextmanager
def monitored(host: str, port: int) -> Iterator[Monitored]:
    """Record every command ``host:port`` runs inside the block (scripts' own calls left
    out); entering returns once the monitor is on."""
    seen = Monitored()
    started = threading.Event()
    marker = f"monitor-end-{uuid.uuid4().hex}"

    def watch() -> None:
        with redis.Redis(host=host, port=port).monitor() as monitor:
            started.set()
            while True:
                line = monitor.next_command()
                if not line:
                    continue
                if marker in str(line["command"]):
                    return  # every command before the marker has been read
                if line["client_type"] == "tcp":
                    name = str(line["command"]).split(" ", 1)[0].upper()
                    seen.lines.append((f"{line['client_address']}:{line['client_port']}", name))

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    started.wait(10)
    try:
        yield seen
    finally:
        with redis.Redis(host=host, port=port) as nudge:  # MONITOR shows it after the rest
            nudge.echo(marker)
        thread.join(10)
