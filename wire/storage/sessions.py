"""Browser sessions of the pages: server-side, so the service can end one at any time.

The cookie holds a random 256-bit token; Redis holds only its SHA-256, under a key that
expires (``ttl``). Each session names the account, the hash of the key or token it was
opened with (so revoking that secret ends the session too) and its CSRF token. A partner's
session also keeps the partner's token, because its page shows feed URLs carrying it.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from pydantic import BaseModel, ConfigDict

from wire.storage.account_models import Kind, hash_secret
from wire.storage.client import StoreClient
from wire.storage.keys import Keys
from wire.storage.store import guarded

DEFAULT_TTL = 12 * 3600
"""A working day: a shared laptop left signed in does not stay so overnight."""


class Session(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: Kind
    principal: str
    credential: str
    """SHA-256 of the key or token the session was opened with."""
    csrf: str
    created: datetime
    token: str | None = None
    """A partner's token, shown in its feed URLs; never set for a correspondent."""


class SessionStore:
    def __init__(self, redis: StoreClient, keys: Keys, ttl: int = DEFAULT_TTL) -> None:
        self.redis = redis
        self.keys = keys
        self.ttl = ttl

    async def open(self, kind: Kind, principal: str, secret: str, now: datetime) -> str:
        """A new session for the account ``secret`` authenticated; returns the cookie value."""
        cookie = secrets.token_urlsafe(32)
        session = Session(kind=kind, principal=principal, credential=hash_secret(secret),
                          csrf=secrets.token_urlsafe(32), created=now,
                          token=secret if kind == "partner" else None)
        await guarded(self.redis.set(self.keys.session(hash_secret(cookie)),
                                     session.model_dump_json(), ex=self.ttl))
        return cookie

    async def find(self, cookie: str) -> Session | None:
        """The live session of a cookie: None when it ended, expired, or its secret was
        revoked (the credential key is gone)."""
        raw = await guarded(self.redis.get(self.keys.session(hash_secret(cookie))))
        if raw is None:
            return None
        session = Session.model_validate_json(raw)
        if not await guarded(self.redis.exists(self.keys.credential(session.credential))):
            await self.close(cookie)
            return None
        return session

    async def close(self, cookie: str) -> None:
        await guarded(self.redis.delete(self.keys.session(hash_secret(cookie))))
