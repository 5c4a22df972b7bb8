"""Helpers for the push tests: an app whose callbacks may go to loopback, quickly retried."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from typing import Any

import httpx
from standardwebhooks import Webhook

from tests.conftest import RunningApp, run_cli, serve_app
from tests.receivers import Received
from wire.settings import Settings

BODY = ("Gubernur Lampung meresmikan jembatan baru di Kecamatan Way Tenong pada Senin pagi. "
        "Jembatan sepanjang 40 meter itu menghubungkan dua desa yang selama ini terpisah sungai.")
FAST_PUSH: dict[str, Any] = {
    "allow_hosts": ["127.0.0.1"], "backoff_base_seconds": 0.05, "backoff_max_seconds": 0.2,
    "timeout_seconds": 2.0, "min_lease_seconds": 1,
}


def push_env(redis_url: str, prefix: str) -> dict[str, str]:
    return {"WIRE_REDIS_URL": redis_url, "WIRE_REDIS__KEY_PREFIX": prefix,
            "WIRE_PUSH__ALLOW_HOSTS": "127.0.0.1"}


@contextlib.contextmanager
def push_app(redis_url: str, prefix: str, **push: Any) -> Iterator[RunningApp]:
    settings = Settings(redis_url=redis_url, redis={"key_prefix": prefix},
                        push={**FAST_PUSH, **push})
    with serve_app(settings) as running:
        yield running


def cli_ok(env: dict[str, str], *args: str) -> str:
    done = run_cli(*args, env=env)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def post_story(app: RunningApp, key: str, **fields: Any) -> dict[str, Any]:
    with app.client(key) as c:
        made = c.post("/v1/stories", json={"headline": "Jembatan baru di Way Tenong",
                                           "body": BODY, **fields})
    assert made.status_code == 201, made.text
    story: dict[str, Any] = made.json()
    return story


def verified(secret: str, request: Received) -> dict[str, Any]:
    """The payload of a webhook delivery, after ``standardwebhooks`` verified it."""
    headers = {k: v for k, v in request.headers.items() if k.startswith("webhook-")}
    payload: dict[str, Any] = Webhook(secret).verify(request.body, headers)
    assert payload == json.loads(request.body)
    return payload


def add_webhook(app: RunningApp, token: str, url: str, *events: str) -> dict[str, Any]:
    with httpx.Client(base_url=app.url, headers={"Authorization": f"Bearer {token}"}) as c:
        made = c.post("/v1/partners/me/webhooks", json={"url": url, "events": list(events)})
    assert made.status_code == 201, made.text
    endpoint: dict[str, Any] = made.json()
    return endpoint
