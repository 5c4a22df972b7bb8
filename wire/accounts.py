"""Correspondents, partners and their secrets.

A secret is shown once, when made, and stored only as its SHA-256 (the secrets are 256-bit
random tokens, so a fast hash is enough: there is nothing to brute-force).
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Iterable
from importlib import resources
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from redis.asyncio import Redis

from wire.errors import Conflict, InvalidField
from wire.keys import Keys
from wire.store import guarded

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANG = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
Kind = Literal["correspondent", "partner"]


class Correspondent(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    agency: str | None = None
    region: str | None = None
    desk: str | None = None


class Entitlements(BaseModel):
    """Per dimension a list; empty means every value. AND across dimensions, OR within."""

    model_config = ConfigDict(frozen=True)

    desks: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    early_urgent: bool = False


class Partner(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    entitlements: Entitlements = Field(default_factory=Entitlements)


class Principal(BaseModel):
    """Who a presented secret belongs to."""

    model_config = ConfigDict(frozen=True)

    kind: Kind
    id: str


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def make_secret(kind: Kind) -> str:
    return f"{'ck' if kind == 'correspondent' else 'pt'}_{secrets.token_urlsafe(32)}"


def check_slugs(values: Iterable[str], what: str) -> tuple[str, ...]:
    out = tuple(v.strip().lower() for v in values)
    for value in out:
        if not SLUG.match(value):
            raise InvalidField(
                f"{what} {value!r} is not a slug: use lowercase ASCII letters, digits and hyphens "
                "(e.g. 'lampung-barat')."
            )
    return out


def check_languages(values: Iterable[str]) -> tuple[str, ...]:
    out = tuple(v.strip() for v in values)
    for value in out:
        if not LANG.match(value):
            raise InvalidField(f"language {value!r} is not a BCP 47 code such as 'id' or 'en'.")
    return out


class AccountStore:
    def __init__(self, redis: Redis, keys: Keys) -> None:
        self.redis = redis
        self.keys = keys
        self._create_script = redis.register_script(
            resources.files("wire").joinpath("lua", "account.lua").read_text(encoding="utf-8")
        )

    async def _create(self, kind: Kind, names_key: str, record_key: str, record: BaseModel,
                      name: str, rid: str) -> str:
        secret = make_secret(kind)
        principal = Principal(kind=kind, id=rid).model_dump_json()
        created = await guarded(
            self._create_script(
                keys=[names_key, record_key, self.keys.credential(hash_secret(secret))],
                args=[name, rid, record.model_dump_json(), principal],
            )
        )
        if not created:
            raise Conflict(f"A {kind} named {name!r} exists already; pick another name.")
        return secret

    async def add_correspondent(self, name: str, *, agency: str | None = None,
                                region: str | None = None, desk: str | None = None) -> tuple[
                                    Correspondent, str]:
        rid = secrets.token_hex(6)
        record = Correspondent(
            id=rid, name=name, agency=agency,
            region=check_slugs([region], "region")[0] if region else None,
            desk=check_slugs([desk], "desk")[0] if desk else None,
        )
        secret = await self._create("correspondent", self.keys.correspondent_names(),
                                    self.keys.correspondent(rid), record, name, rid)
        return record, secret

    async def add_partner(self, name: str, entitlements: Entitlements) -> tuple[Partner, str]:
        rid = secrets.token_hex(6)
        record = Partner(id=rid, name=name, entitlements=entitlements)
        secret = await self._create("partner", self.keys.partner_names(),
                                    self.keys.partner(rid), record, name, rid)
        return record, secret

    async def authenticate(self, secret: str) -> Principal | None:
        raw = await guarded(self.redis.get(self.keys.credential(hash_secret(secret))))
        return Principal.model_validate_json(raw) if raw else None

    async def correspondent(self, cid: str) -> Correspondent | None:
        raw = await guarded(self.redis.get(self.keys.correspondent(cid)))
        return Correspondent.model_validate_json(raw) if raw else None

    async def partner(self, pid: str) -> Partner | None:
        raw = await guarded(self.redis.get(self.keys.partner(pid)))
        return Partner.model_validate_json(raw) if raw else None

    async def partner_by_name(self, name: str) -> Partner | None:
        pid = await guarded(self.redis.hget(self.keys.partner_names(), name))
        return await self.partner(pid.decode()) if pid else None

    async def list_partners(self) -> list[Partner]:
        ids = await guarded(self.redis.hvals(self.keys.partner_names()))
        found = [await self.partner(i.decode()) for i in ids]
        return [p for p in found if p]

