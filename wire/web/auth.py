"""Who is calling: correspondent keys and partner tokens.

Partners may present a token as ``Authorization: Bearer``, as the HTTP Basic password (any
user name), or as ``?token=`` because many feed readers cannot set headers.
"""

from __future__ import annotations

import base64
import binascii
import time

from litestar import Request
from litestar.datastructures import State

from wire.errors import Forbidden, InvalidCredentials, MissingCredentials
from wire.storage.accounts import AccountStore, Correspondent, Partner
from wire.storage.notifier import ChangeNotifier
from wire.web.access import record_caller


def secret_from(authorization: str, token: str | None) -> str | None:
    """The secret in an Authorization header (Bearer, or Basic password), else ``?token=``."""
    scheme, _, value = authorization.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    if scheme.lower() == "basic" and value.strip():
        try:
            decoded = base64.b64decode(value.strip(), validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            return None
        return decoded.partition(":")[2] or None
    return token or None


def presented_secret(request: Request[object, object, State]) -> str | None:
    return secret_from(request.headers.get("authorization", ""),
                       request.query_params.get("token"))


async def require_correspondent(
    request: Request[object, object, State], accounts: AccountStore
) -> Correspondent:
    header = request.headers.get("authorization", "")
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise MissingCredentials(
            "Send your correspondent key as 'Authorization: Bearer <key>'. The desk issues keys "
            "with 'wire correspondents add NAME'."
        )
    principal = await accounts.authenticate(secret.strip())
    if principal is None:
        raise InvalidCredentials("This key is not known or was revoked; ask the desk for a key.")
    if principal.kind != "correspondent":
        raise Forbidden("This is a partner token; posting stories needs a correspondent key.")
    found = await accounts.correspondent(principal.id)
    if found is None:
        raise InvalidCredentials("This key belongs to a correspondent who no longer exists.")
    record_caller(request.scope, "correspondent", found.id)
    return found


class PartnerLogins:
    """Partners already authenticated by this worker, so a feed poll costs no Redis trip.

    An entry is trusted only while the worker's subscription to account changes is live
    and no change was announced since it was stored (``ChangeNotifier.accounts_generation``);
    revoking a token or changing entitlements announces one. ``ttl`` bounds the damage of
    an announcement lost with a crashed CLI. Unknown secrets are never cached.
    """

    def __init__(self, notifier: ChangeNotifier, ttl: float = 30.0, capacity: int = 10_000):
        self.notifier = notifier
        self.ttl = ttl
        self.capacity = capacity
        self._entries: dict[str, tuple[int, float, Partner]] = {}

    def get(self, secret: str) -> Partner | None:
        entry = self._entries.get(secret)
        if entry is None or not self.notifier.live:
            return None
        generation, stored, partner = entry
        if generation != self.notifier.accounts_generation or time.monotonic() - stored > self.ttl:
            del self._entries[secret]
            return None
        return partner

    def put(self, secret: str, generation: int, partner: Partner) -> None:
        if len(self._entries) >= self.capacity:
            self._entries.clear()
        self._entries[secret] = (generation, time.monotonic(), partner)


async def require_partner(
    request: Request[object, object, State], accounts: AccountStore,
    logins: PartnerLogins | None = None,
) -> Partner:
    partner = await authenticate_partner(presented_secret(request), accounts, logins)
    record_caller(request.scope, "partner", partner.id)
    return partner


async def authenticate_partner(
    secret: str | None, accounts: AccountStore, logins: PartnerLogins | None = None
) -> Partner:
    """The partner a secret belongs to, from this worker's logins when it may be trusted."""
    if not secret:
        raise MissingCredentials(
            "Send your partner token as 'Authorization: Bearer <token>', as the HTTP Basic "
            "password, or as '?token=<token>'."
        )
    if logins is not None and (known := logins.get(secret)) is not None:
        return known
    # Read the generation before Redis: a change announced meanwhile invalidates this entry.
    generation = logins.notifier.accounts_generation if logins is not None else 0
    principal = await accounts.authenticate(secret)
    if principal is None:
        raise InvalidCredentials("This token is not known or was revoked; ask the wire desk.")
    if principal.kind != "partner":
        raise Forbidden("This is a correspondent key; reading feeds needs a partner token.")
    found = await accounts.partner(principal.id)
    if found is None:
        raise InvalidCredentials("This token belongs to a partner that no longer exists.")
    if logins is not None:
        logins.put(secret, generation, found)
    return found
