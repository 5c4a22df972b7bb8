"""Settings from ``WIRE_*`` environment variables and an optional TOML file.

Precedence, highest first: constructor arguments, environment (``WIRE_REDIS__URL`` or the
short ``WIRE_REDIS_URL``), the TOML file named by ``WIRE_CONFIG_FILE`` (default: ``wire.toml``
in ``WIRE_CONFIG_DIR`` when that is set, else the one shipped in the package), then the
defaults below.

The data files (``gazetteer.json``, ``junk.toml``, ``partners.toml``) come from
``WIRE_CONFIG_DIR`` when it is set, else from the package ``wire.config`` (the repository's
``config/`` folder, shipped inside the wheel), so an installed service runs from any folder.
"""

from __future__ import annotations

import ipaddress
import os
import re
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AliasChoices, BaseModel, Field, PositiveInt, field_validator
from pydantic_settings import (
    BaseSettings,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

# A Host header fit to be copied into links: a DNS name, IPv4 or [IPv6], and a port.
_HOST = re.compile(r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                   r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])"
                   r"(?::[0-9]{1,5})?")


def packaged_config_dir() -> Path:
    """The default configuration and data shipped in the package ``wire.config``."""
    shipped = files("wire.config")
    # The loaders take file paths, and the embedded Valkey binary needs a real file system
    # anyway: an install inside a zip archive is not supported, and says so.
    if not isinstance(shipped, Path):
        raise RuntimeError(f"wire.config is not a folder on disk ({shipped!r}); "
                           "install the package unzipped or set WIRE_CONFIG_DIR")
    return shipped


def default_config_file() -> Path:
    """``WIRE_CONFIG_FILE``, else ``wire.toml`` in ``WIRE_CONFIG_DIR``, else the shipped one."""
    if named := os.environ.get("WIRE_CONFIG_FILE"):
        return Path(named)
    if folder := os.environ.get("WIRE_CONFIG_DIR"):
        return Path(folder) / "wire.toml"
    return packaged_config_dir() / "wire.toml"


class RedisConfig(BaseModel):
    url: str | None = None
    """Redis/Valkey URL (``redis://``, ``rediss://``, ``unix://``, or a cluster's
    ``redis+cluster://host:port,host:port``); None: the embedded server."""
    cluster: bool = False
    """Use a Redis/Valkey Cluster client (implied by a ``redis+cluster://`` URL)."""
    key_prefix: str = "wire"
    max_connections: PositiveInt = 64
    pool_timeout: float = 5.0
    socket_timeout: float = 5.0
    appendfsync: Literal["always", "everysec"] = "always"
    """The embedded store's fsync policy: ``always`` acknowledges a story only once it is on
    disk (a kill -9 or power cut loses nothing); ``everysec`` is faster and may lose the
    last second. See ``bench/durability.py``."""
    wait_aof: bool = False
    """For an external store with AOF on: acknowledge a write only after ``WAITAOF 1 0``
    confirms it is in the append-only file."""
    wait_replicas: int = Field(default=0, ge=0)
    """Acknowledge a write only once this many replicas hold it (``WAIT``); a failover then
    loses nothing acknowledged. 0: do not wait."""
    wait_timeout_ms: PositiveInt = 2000
    """How long a write waits for the append-only file or the replicas before it is
    answered ``503`` (keep it below ``socket_timeout``)."""


class FeedConfig(BaseModel):
    page_size: PositiveInt = 50
    max_age: int = Field(default=5, ge=0)
    """Cache-Control max-age for feed responses, seconds."""
    retention_days: PositiveInt = 30
    shared: bool = True
    """Share rendered documents through Redis: after a change one process renders a feed and
    the others serve its bytes (``feeds.shared``); False: each process renders its own."""


class IngestConfig(BaseModel):
    max_bytes: PositiveInt = 512 * 1024
    languages: tuple[str, ...] = ("id", "ms", "en", "fr", "de", "es", "pt", "nl", "tl", "vi")
    idempotency_ttl_hours: PositiveInt = 48
    idempotency_key_max: PositiveInt = 128
    body_timeout: float = Field(default=60.0, gt=0)
    """Seconds a client may take to send a request body (``408`` after)."""
    """Longest ``Idempotency-Key`` accepted (it becomes part of a Redis key)."""
    rate_per_minute: PositiveInt = 600
    """Write requests a correspondent may make per minute (a burst import fits)."""


class PushConfig(BaseModel):
    """WebSub and webhooks: who may be called back, and how hard the service tries."""

    enabled: bool = True
    """Run the push workers (fan-out and delivery) in this process."""
    allow_hosts: Annotated[tuple[str, ...], NoDecode] = ()
    """Hosts (names or addresses) that may be called back over plain ``http`` and may
    resolve to private, loopback or link-local addresses. Comma-separated in the
    environment: ``WIRE_PUSH__ALLOW_HOSTS=127.0.0.1,hooks.internal``."""
    resolve: Annotated[tuple[tuple[str, str], ...], NoDecode] = ()
    """Callback host names resolved by hand, before DNS (like ``curl --resolve``), for hosts
    DNS does not know or must not decide: ``WIRE_PUSH__RESOLVE=hooks.internal=10.0.0.5``
    (comma-separated; a name given twice has both addresses). The addresses are checked
    like resolved ones."""
    retry_horizon_seconds: PositiveInt = 24 * 3600
    """How long a failing delivery is retried before it goes to the dead-letter queue."""
    backoff_base_seconds: float = Field(default=5.0, gt=0)
    """Delay before the first retry; it doubles per attempt, with jitter, up to the max."""
    backoff_max_seconds: float = Field(default=3600.0, gt=0)
    timeout_seconds: float = Field(default=10.0, gt=0)
    """Connect/read/write timeout of one delivery; a whole call is cut off at twice this."""
    concurrency: PositiveInt = 64
    """Deliveries in flight per worker process (each endpoint has at most one)."""
    response_limit_bytes: PositiveInt = 64 * 1024
    """Bytes of a callback's answer read at most (the rest is dropped)."""
    lease_seconds: PositiveInt = 10 * 24 * 3600
    """WebSub lease when the subscriber asks for none."""
    min_lease_seconds: PositiveInt = 300
    max_lease_seconds: PositiveInt = 30 * 24 * 3600
    secret_grace_seconds: int = Field(default=24 * 3600, ge=0)
    """After ``rotate-secret``, webhooks are signed with the old secret too for this long."""
    outbox_max: PositiveInt = 100_000
    """Undelivered events an endpoint's outbox holds; past it the oldest not in flight move
    to its dead letters, undelivered (counted, replayable)."""
    dead_letter_max: PositiveInt = 100_000
    """Dead letters an endpoint keeps; past it the oldest are dropped, counted and the
    newest cursor dropped kept (``dropped``, ``dropped_through``)."""

    @field_validator("allow_hosts", mode="before")
    @classmethod
    def _split_hosts(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(h.strip().lower() for h in value.split(",") if h.strip())
        return value

    @field_validator("resolve", mode="before")
    @classmethod
    def _split_pins(cls, value: object) -> object:
        if isinstance(value, str):
            value = [p.strip() for p in value.split(",") if p.strip()]
        if not isinstance(value, list | tuple):
            return value
        pairs = []
        for pin in value:
            host, sep, address = (pin.partition("=") if isinstance(pin, str)
                                  else (str(pin[0]), "=", str(pin[1])))
            address = address.strip().strip("[]")
            if not sep or not host.strip():
                raise ValueError(f"{pin!r}: write each pin as host=address")
            ipaddress.ip_address(address)  # a ValueError names what is not an address
            pairs.append((host.strip().lower(), address))
        return tuple(pairs)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="WIRE_",
        env_nested_delimiter="__",
        extra="ignore",
        populate_by_name=True,
    )

    host: str = "127.0.0.1"
    port: int = 8080
    base_url: str | None = None
    """Public URL partners use (links in feeds). Default: each request's scheme and Host."""
    forwarded_allow_ips: str | None = None
    """Proxies (comma-separated IPs, or ``*``) whose ``X-Forwarded-Proto``/``-For`` the
    server trusts; unset: none (no proxy-header rewriting, which costs time per request)."""
    uri_prefix: str = "urn:newswire:"
    data_dir: Path = Path("var")
    config_dir: Path = Field(default_factory=packaged_config_dir)
    """Folder of ``gazetteer.json``, ``junk.toml`` and ``partners.toml`` (``WIRE_CONFIG_DIR``)."""
    redis: RedisConfig = RedisConfig()
    redis_url: str | None = Field(default=None, validation_alias=AliasChoices("WIRE_REDIS_URL"))
    feeds: FeedConfig = FeedConfig()
    ingest: IngestConfig = IngestConfig()
    push: PushConfig = PushConfig()
    log_level: str = "INFO"
    access_log: bool = True
    """One JSON line per request on stderr (``WIRE_ACCESS_LOG=false``: none)."""

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml = TomlConfigSettingsSource(settings_cls, toml_file=default_config_file())
        return (init_settings, env_settings, toml)

    @property
    def effective_redis_url(self) -> str | None:
        return self.redis_url or self.redis.url

    @property
    def public_url(self) -> str:
        """The configured public URL, else the listening address (for the CLI; requests use
        ``url_for_request``)."""
        # A wildcard listening address is no place a client can reach: name this machine.
        host = "localhost" if self.host in ("0.0.0.0", "::", "") else self.host
        return (self.base_url or f"http://{host}:{self.port}").rstrip("/")

    def url_for_request(self, scheme: str, host: str | None) -> str:
        """The public URL links in an answer start with: ``WIRE_BASE_URL`` when set, else the
        request's own scheme and ``Host`` (so a container listening on 0.0.0.0 links to the
        name its clients used), else the listening address."""
        if self.base_url:
            return self.base_url.rstrip("/")
        if host and _HOST.fullmatch(host):
            return f"{'https' if scheme == 'https' else 'http'}://{host.lower()}"
        return self.public_url


@lru_cache
def get_settings() -> Settings:
    """The process's settings; for the CLI entry point only (the app takes them as input)."""
    return Settings()
