"""Who is calling: correspondent keys and partner tokens.

Partners may present a token as ``Authorization: Bearer``, as the HTTP Basic password (any
user name), or as ``?token=`` because many feed readers cannot set headers.
"""

from __future__ import annotations

import base64
import binascii

from litestar import Request
from litestar.datastructures import State

from wire.accounts import AccountStore, Correspondent, Partner
from wire.errors import Forbidden, InvalidCredentials, MissingCredentials


def presented_secret(request: Request[object, object, State]) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    if scheme.lower() == "basic" and value.strip():
        try:
            decoded = base64.b64decode(value.strip(), validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            return None
        return decoded.partition(":")[2] or None
    return request.query_params.get("token") or None


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
    return found


async def require_partner(
    request: Request[object, object, State], accounts: AccountStore
) -> Partner:
    secret = presented_secret(request)
    if not secret:
        raise MissingCredentials(
            "Send your partner token as 'Authorization: Bearer <token>', as the HTTP Basic "
            "password, or as '?token=<token>'."
        )
    principal = await accounts.authenticate(secret)
    if principal is None:
        raise InvalidCredentials("This token is not known or was revoked; ask the wire desk.")
    if principal.kind != "partner":
        raise Forbidden("This is a correspondent key; reading feeds needs a partner token.")
    found = await accounts.partner(principal.id)
    if found is None:
        raise InvalidCredentials("This token belongs to a partner that no longer exists.")
    return found
