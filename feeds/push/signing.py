"""Signatures: Standard Webhooks for webhooks, ``X-Hub-Signature`` for WebSub.

Standard Webhooks signs ``"{webhook-id}.{webhook-timestamp}.{body}"`` with HMAC-SHA256
under the base64-decoded part of a ``whsec_`` secret, and sends ``v1,<base64 digest>``;
several space-separated signatures are allowed, which is how a rotated secret keeps
working for a grace period.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Sequence

PREFIX = "whsec_"
SECRET_BYTES = 24


def new_secret() -> str:
    """A fresh webhook secret: ``whsec_`` and 24 random bytes in base64."""
    return PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def sign(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    """One ``v1,<base64>`` signature of a webhook message."""
    key = base64.b64decode(secret.removeprefix(PREFIX))
    signed = f"{msg_id}.{timestamp}.".encode() + body
    digest = hmac.new(key, signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def webhook_headers(keys: Sequence[str], msg_id: str, timestamp: int,
                    body: bytes) -> dict[str, str]:
    """The Standard Webhooks headers, signed with every secret in ``keys``."""
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": " ".join(sign(k, msg_id, timestamp, body) for k in keys),
    }


def hub_signature(secret: str, body: bytes) -> str:
    """WebSub content distribution: ``sha256=<hex HMAC of the body>``."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
