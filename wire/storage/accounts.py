"""The store of correspondents, partners and their secrets (the models are in
``account_models``).

A secret is shown once, when made, and stored only as its SHA-256 (the secrets are 256-bit
random tokens, so a fast hash is enough: there is nothing to brute-force).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from importlib import resources

from pydantic import BaseModel
from redis.commands.core import AsyncScript
from redis.exceptions import WatchError

from wire.errors import Conflict, NotFound, StorageUnavailable
from wire.storage.account_models import (
    LANG,
    SLUG,
    TOKEN_ID_LENGTH,
    Correspondent,
    Entitlements,
    Kind,
    Partner,
    PartnerEntry,
    Principal,
    SyncResult,
    Token,
    check_languages,
    check_slugs,
    find_token,
    hash_secret,
    make_secret,
    read_partner_file,
)
from wire.storage.client import StoreClient, publish
from wire.storage.keys import Keys
from wire.storage.store import guarded

# The account models live in account_models; they are re-exported here, where every caller
# has always found them with the store.
__all__ = [
    "LANG", "SLUG", "TOKEN_ID_LENGTH", "AccountStore", "Correspondent", "Entitlements", "Kind",
    "Partner", "PartnerEntry", "Principal", "SyncResult", "Token", "check_languages",
    "check_slugs", "find_token", "hash_secret", "make_secret", "read_partner_file",
]

RETRIES = 5


def _token_for(kind: Kind, label: str | None) -> tuple[Token, str]:
    """A fresh secret and its stored record; the caller shows the secret once."""
    secret = make_secret(kind)
    digest = hash_secret(secret)
    token = Token(id=digest[:TOKEN_ID_LENGTH], hash=digest,
                  created=datetime.now(UTC).replace(microsecond=0), label=label)
    return token, secret


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


def _script(redis: StoreClient, name: str) -> AsyncScript:
    return redis.register_script(
        resources.files("wire").joinpath("lua", name).read_text(encoding="utf-8")
    )


class AccountStore:
    def __init__(self, redis: StoreClient, keys: Keys) -> None:
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
        await guarded(publish(self.redis, self.keys.accounts_channel(), "changed"))

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
