"""Correspondents, partners and their secrets.

A secret is shown once, when made, and stored only as its SHA-256 (the secrets are 256-bit
random tokens, so a fast hash is enough: there is nothing to brute-force).
"""

from __future__ import annotations

import hashlib
import re
import secrets
import tomllib
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from redis.asyncio import Redis
from redis.commands.core import AsyncScript
from redis.exceptions import WatchError

from wire.errors import Conflict, InvalidField, NotFound, StorageUnavailable
from wire.storage.keys import Keys
from wire.storage.store import guarded

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANG = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
Kind = Literal["correspondent", "partner"]
TOKEN_ID_LENGTH = 8
RETRIES = 5


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


class Token(BaseModel):
    """One live secret of an account, as stored: never the secret itself.

    ``id`` (the first hex digits of the hash) is public: the desk lists and revokes tokens
    by it without holding the secret.
    """

    model_config = ConfigDict(frozen=True)

    id: str
    hash: str
    created: datetime
    label: str | None = None


class SyncResult(BaseModel):
    """What ``sync_partners`` did to one entry of the declarative file."""

    model_config = ConfigDict(frozen=True)

    partner: Partner
    action: Literal["created", "updated", "unchanged"]
    token: str | None = None


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


def _token_for(kind: Kind, label: str | None) -> tuple[Token, str]:
    """A fresh secret and its stored record; the caller shows the secret once."""
    secret = make_secret(kind)
    digest = hash_secret(secret)
    token = Token(id=digest[:TOKEN_ID_LENGTH], hash=digest,
                  created=datetime.now(UTC).replace(microsecond=0), label=label)
    return token, secret


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


def _script(redis: Redis, name: str) -> AsyncScript:
    return redis.register_script(
        resources.files("wire").joinpath("lua", name).read_text(encoding="utf-8")
    )


class AccountStore:
    def __init__(self, redis: Redis, keys: Keys) -> None:
        self.redis = redis
        self.keys = keys
        self._open = _script(redis, "account_open.lua")
        self._issue = _script(redis, "token_issue.lua")
        self._revoke = _script(redis, "token_revoke.lua")

    def _names(self, kind: Kind) -> str:
        return self.keys.partner_names() if kind == "partner" else self.keys.correspondent_names()

    def _record(self, kind: Kind, rid: str) -> str:
        return self.keys.partner(rid) if kind == "partner" else self.keys.correspondent(rid)

    async def _announce(self) -> None:
        """Tell every worker to drop what it cached about accounts (see wire.web.auth)."""
        await guarded(self.redis.publish(self.keys.accounts_channel(), "changed"))

    async def _create(self, kind: Kind, names_key: str, record_key: str, record: BaseModel,
                      name: str, rid: str) -> str:
        principal = Principal(kind=kind, id=rid).model_dump_json()
        token, secret = _token_for(kind, None)
        created = await guarded(
            self._open(
                keys=[names_key, record_key, self.keys.credential(token.hash),
                      self.keys.tokens(kind, rid)],
                args=[name, rid, record.model_dump_json(), principal, token.id,
                      token.model_dump_json()],
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
        return await self.partner(_text(pid)) if pid else None

    async def list_partners(self) -> list[Partner]:
        """Every partner, by name (one MGET: the records share the ``{acct}`` slot)."""
        ids = await guarded(self.redis.hvals(self.keys.partner_names()))
        if not ids:
            return []
        raws = await guarded(self.redis.mget([self.keys.partner(_text(i)) for i in ids]))
        return sorted((Partner.model_validate_json(r) for r in raws if r), key=lambda p: p.name)

    async def correspondent_by_name(self, name: str) -> Correspondent | None:
        cid = await guarded(self.redis.hget(self.keys.correspondent_names(), name))
        return await self.correspondent(_text(cid)) if cid else None

    async def list_correspondents(self) -> list[Correspondent]:
        """Every correspondent, by name."""
        ids = await guarded(self.redis.hvals(self.keys.correspondent_names()))
        if not ids:
            return []
        raws = await guarded(self.redis.mget([self.keys.correspondent(_text(i)) for i in ids]))
        return sorted((Correspondent.model_validate_json(r) for r in raws if r),
                      key=lambda c: c.name)

    # -- tokens --------------------------------------------------------------------------
    async def account_id(self, kind: Kind, name: str) -> str:
        """The id of the account called ``name``; NotFound names the command that lists them."""
        rid = await guarded(self.redis.hget(self._names(kind), name))
        if not rid:
            raise NotFound(f"There is no {kind} named {name!r}; 'wire {kind}s list' shows them.")
        return _text(rid)

    async def tokens(self, kind: Kind, rid: str) -> list[Token]:
        """The account's live tokens, oldest first."""
        raw = await guarded(self.redis.hvals(self.keys.tokens(kind, rid)))
        return sorted((Token.model_validate_json(v) for v in raw), key=lambda t: (t.created, t.id))

    async def add_token(self, kind: Kind, name: str, *, label: str | None = None,
                        rotate: bool = False) -> tuple[Token, str, list[Token]]:
        """Issue a token for the account ``name``; returns it, its secret and those revoked.

        With ``rotate``, every older token is revoked by the same script that adds the new
        one: a reader never sees a moment with both or with none.
        """
        rid = await self.account_id(kind, name)
        principal = Principal(kind=kind, id=rid).model_dump_json()
        for _ in range(RETRIES):
            old = await self.tokens(kind, rid) if rotate else []
            token, secret = _token_for(kind, label)
            done = await guarded(self._issue(
                keys=[self._record(kind, rid), self.keys.tokens(kind, rid),
                      self.keys.credential(token.hash),
                      *(self.keys.credential(t.hash) for t in old)],
                args=[token.id, token.model_dump_json(), principal,
                      "rotate" if rotate else "add", *(t.id for t in old)],
            ))
            if done == 1:
                if old:
                    await self._announce()
                return token, secret, old
            if done == 0:
                raise NotFound(f"The {kind} {name!r} was removed while its token was issued.")
            # -1: another desk changed the token list meanwhile; -2: id taken. Try again.
        raise StorageUnavailable(f"The tokens of {kind} {name!r} kept changing; retry.")

    async def revoke_token(self, kind: Kind, name: str, ref: str) -> Token:
        """Revoke one token, named by its id (or a unique start of it) or by the secret."""
        rid = await self.account_id(kind, name)
        live = await self.tokens(kind, rid)
        token = find_token(live, ref, f"{kind} {name!r}")
        done = await guarded(self._revoke(
            keys=[self.keys.tokens(kind, rid), self.keys.credential(token.hash)],
            args=[token.id, token.model_dump_json()],
        ))
        if not done:
            raise NotFound(f"Token {token.id} of {kind} {name!r} was revoked already.")
        await self._announce()
        return token

    # -- entitlements --------------------------------------------------------------------
    async def update_partner(self, name: str,
                             change: Callable[[Entitlements], Entitlements]) -> tuple[
                                 Partner, Partner]:
        """Apply ``change`` to the partner's entitlements; returns (before, after).

        A read-modify-write under WATCH, so two desks editing at once cannot lose an edit.
        """
        key = self.keys.partner(await self.account_id("partner", name))
        for _ in range(RETRIES):
            async with self.redis.pipeline(transaction=True) as pipe:
                try:
                    await guarded(pipe.watch(key))
                    raw = await guarded(pipe.get(key))
                    if raw is None:
                        raise NotFound(f"The partner {name!r} was removed meanwhile.")
                    before = Partner.model_validate_json(raw)
                    after = before.model_copy(update={"entitlements": change(before.entitlements)})
                    if after == before:
                        return before, after
                    pipe.multi()  # type: ignore[no-untyped-call]
                    pipe.set(key, after.model_dump_json())
                    await guarded(pipe.execute())
                    await self._announce()
                    return before, after
                except WatchError:
                    continue
        raise StorageUnavailable(f"The partner {name!r} kept changing; retry.")

    async def sync_partners(self, entries: Iterable[tuple[str, Entitlements]]) -> list[SyncResult]:
        """Create missing partners and set existing ones' entitlements to ``entries``.

        Never deletes a partner and never touches tokens of existing ones.
        """
        results: list[SyncResult] = []
        for name, rights in entries:
            if await guarded(self.redis.hexists(self.keys.partner_names(), name)) == 0:
                try:
                    partner, secret = await self.add_partner(name, rights)
                except Conflict:
                    pass  # created by someone else since we looked: update it below
                else:
                    results.append(SyncResult(partner=partner, action="created", token=secret))
                    continue
            before, after = await self.update_partner(name, _replace_with(rights))
            results.append(SyncResult(partner=after,
                                      action="unchanged" if before == after else "updated"))
        return results


def _replace_with(rights: Entitlements) -> Callable[[Entitlements], Entitlements]:
    return lambda _: rights


def find_token(live: Iterable[Token], ref: str, owner: str) -> Token:
    """The token ``ref`` names: a whole secret, a token id, or a unique start of an id."""
    tokens = list(live)
    ref = ref.strip()
    if ref.startswith(("pt_", "ck_")):
        digest = hash_secret(ref)
        exact = [t for t in tokens if t.hash == digest]
        if exact:
            return exact[0]
        raise NotFound(f"That secret is not a live token of {owner}.")
    if len(ref) < 4 or not re.fullmatch(r"[0-9a-f]+", ref.lower()):
        raise InvalidField(
            f"{ref!r} is not a token id: give the id (8 hex digits) that 'show' lists, or the "
            "token itself."
        )
    found = [t for t in tokens if t.id.startswith(ref.lower())]
    if not found:
        ids = ", ".join(t.id for t in tokens) or "none"
        raise NotFound(f"{owner} has no token {ref!r}; its tokens: {ids}.")
    if len(found) > 1:
        raise Conflict(f"{ref!r} names several tokens of {owner} "
                       f"({', '.join(t.id for t in found)}); give more digits.")
    return found[0]


class PartnerEntry(BaseModel):
    """One ``[[partners]]`` table of the declarative file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    desks: list[str] = []
    regions: list[str] = []
    languages: list[str] = []
    early_urgent: bool = False


def read_partner_file(path: Path) -> list[tuple[str, Entitlements]]:
    """Parse and validate the whole file first, so a bad entry changes nothing.

    Every error names the file and the entry (its position and name).
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InvalidField(f"{path}: cannot read the partner file ({exc.strerror}).") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InvalidField(f"{path}: not valid TOML: {exc}.") from exc
    extra = set(data) - {"partners"}
    if extra:
        raise InvalidField(f"{path}: unknown top-level keys {sorted(extra)}; partners are "
                           "declared as [[partners]] tables.")
    tables = data.get("partners", [])
    if not isinstance(tables, list):
        raise InvalidField(f"{path}: 'partners' must be an array of tables ([[partners]]).")
    entries: list[tuple[str, Entitlements]] = []
    for number, table in enumerate(tables, start=1):
        where = f"{path}: partner #{number}"
        if isinstance(table, dict) and isinstance(table.get("name"), str):
            where += f" ({table['name']!r})"
        try:
            entry = PartnerEntry.model_validate(table)
            name = entry.name.strip()
            if not name:
                raise InvalidField("name is empty")
            rights = Entitlements(
                desks=check_slugs(entry.desks, "desk"),
                regions=check_slugs(entry.regions, "region"),
                languages=check_languages(entry.languages),
                early_urgent=entry.early_urgent,
            )
        except ValidationError as exc:
            problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'entry'}: {e['msg']}"
                                 for e in exc.errors(include_url=False))
            raise InvalidField(f"{where}: {problems}.") from exc
        except InvalidField as exc:
            raise InvalidField(f"{where}: {exc.detail}") from exc
        if any(name == seen for seen, _ in entries):
            raise InvalidField(f"{where}: the name {name!r} is declared twice.")
        entries.append((name, rights))
    return entries

