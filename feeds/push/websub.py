"""The WebSub hub (W3C Recommendation 2018): ``POST /websub`` and verification of intent.

A request is checked for form at once (``422`` with the reason when it cannot be used) and
answered ``202``; the hub then checks the topic (a feed this hub serves, with a token whose
partner may read it) and either denies (``GET callback?hub.mode=denied&hub.reason=…``) or
verifies intent (``GET callback?hub.mode=…&hub.challenge=…``), accepting only a 2xx that
echoes the challenge. The request is stored in Redis before the ``202``
(``feeds.push.verification``), so any worker verifies it, once, even after the one that
took it died; a callback that cannot be reached is tried again with backoff.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

import httpx
import structlog
from litestar import Controller, Request, Response, post
from litestar.datastructures import State
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import OpenAPIType, Schema

from feeds.api import link_header, outside_rights, render_feed
from feeds.push.callbacks import CallbackPolicy, Clients
from feeds.push.fanout import ensure_change_group
from feeds.push.memo import Memo
from feeds.push.targets import Target, TargetStore
from feeds.push.topics import Topic, parse_topic
from feeds.push.verification import Pending, PendingRequest, Verifier
from feeds.render import MEDIA_TYPES
from feeds.selection import from_entitlements
from wire.errors import (
    InvalidCredentials,
    InvalidField,
    NotFound,
    StorageUnavailable,
    UnsafeCallback,
    WireError,
)
from wire.settings import Settings
from wire.storage.accounts import AccountStore, Partner
from wire.storage.keys import Keys
from wire.storage.store import StoryStore
from wire.web import openapi as doc
from wire.web.auth import presented_secret

log = structlog.get_logger("wire.websub")
MODES = ("subscribe", "unsubscribe")
# A topic's document differs between partners with the same entitlements only by the
# partner's name (in the description). Rendered once with a marker for it, it serves them
# all by substitution, when the name is written the same in every format (nothing XML or
# JSON would escape).
NAME_MARK = "NAMEMARK5d1c9e"
SAFE_NAME = re.compile(r"^[\w .,'()/-]+$")
MAX_SECRET_BYTES = 200  # the spec: hub.secret MUST be less than 200 bytes


def subscription_id(topic: str, token: str, callback: str) -> str:
    """One subscription per (topic, callback), as the spec defines it, and per token: two
    partners' readers may share a callback service."""
    key = f"{topic}\n{hashlib.sha256(token.encode()).hexdigest()}\n{callback}"
    return "ws_" + hashlib.sha256(key.encode()).hexdigest()[:24]


def pending_id(topic_url: str, token: str, callback: str, base: str) -> str:
    """The subscription a request is about (so a newer request replaces an older one
    waiting), or, for a topic that is no feed, the request's own (it will be denied)."""
    try:
        topic = parse_topic(topic_url, base, token)
    except WireError:
        key = f"{topic_url}\n{callback}"
        return "wq_" + hashlib.sha256(key.encode()).hexdigest()[:24]
    return subscription_id(topic.url(), topic.token, callback)


class Hub:
    def __init__(self, *, redis: Any, keys: Keys, store: StoryStore, accounts: AccountStore,
                 targets: TargetStore, policy: CallbackPolicy, http: Clients,
                 settings: Settings, lineage: Callable[[str], tuple[str, ...]],
                 clock: Callable[[], datetime], memo: Memo) -> None:
        self.redis = redis
        self.keys = keys
        self.store = store
        self.accounts = accounts
        self.targets = targets
        self.policy = policy
        self.http = http
        self.settings = settings
        self.lineage = lineage
        self.clock = clock
        self.memo = memo
        self.verifier = Verifier(Pending(redis, keys), self.verify, settings.push)

    def lease(self, asked: str | None) -> int:
        config = self.settings.push
        if not asked:
            return config.lease_seconds
        if not asked.isdigit():
            raise InvalidField(f"hub.lease_seconds={asked!r} is not a number of seconds.")
        return max(config.min_lease_seconds, min(config.max_lease_seconds, int(asked)))

    async def accept(self, request: PendingRequest) -> None:
        """Keep the request until it is verified (before the ``202``), and start on it."""
        await self.verifier.pending.add(
            pending_id(request.topic, request.token, request.callback, request.base), request)
        self.verifier.wake.set()

    async def partner_for(self, topic: Topic) -> Partner:
        """The partner whose token the topic carries, if it may read the topic's feed."""
        if not topic.token:
            raise InvalidField(
                "No partner token came with the subscription: give hub.topic as the feed URL "
                "with ?token=<your token>, or send the token with this request "
                "(Authorization: Bearer, or ?token= on the hub URL).")
        principal = await self.accounts.authenticate(topic.token)
        partner = await self.accounts.partner(principal.id) if (
            principal is not None and principal.kind == "partner") else None
        if partner is None:
            raise InvalidCredentials("The token given with this subscription is not a live "
                                     "partner token.")
        if outside_rights(topic.dimension, topic.value, from_entitlements(partner.entitlements),
                          self.lineage):
            raise NotFound(f"{topic.path} is not among the feeds this token may read.")
        return partner

    async def verify(self, request: PendingRequest) -> bool:
        """Deny or verify one request and act on the answer; False when it is to be tried
        again (the callback could not be reached, answered 5xx, or Redis failed)."""
        mode, topic_url, callback = request.mode, request.topic, request.callback
        try:
            topic: Topic | None = None
            partner: Partner | None = None
            refusal: WireError | None = None
            try:
                topic = parse_topic(topic_url, request.base, request.token)
                partner = await self.partner_for(topic)
            except StorageUnavailable:
                raise  # not a reason to deny: tried again
            except WireError as exc:
                refusal = exc
            if refusal is not None and mode == "subscribe":
                await self.policy.call(self.http, callback, "GET", callback, params={
                    "hub.mode": "denied", "hub.topic": topic_url, "hub.reason": refusal.detail})
                log.info("websub subscription denied", reason=refusal.detail)
                return True
            # Unsubscribing needs no rights: a subscriber may leave a topic its token no
            # longer reads.
            canonical = topic.url() if topic else topic_url
            challenge = secrets.token_urlsafe(24)
            params = {"hub.mode": mode, "hub.topic": topic_url, "hub.challenge": challenge}
            if mode == "subscribe":
                params["hub.lease_seconds"] = str(request.lease)
            answer = await self.policy.call(self.http, callback, "GET", callback, params=params)
            if answer.status >= 500 or answer.status in (408, 429):
                log.info("websub verification unanswered; will retry", status=answer.status)
                return False
            if not 200 <= answer.status < 300 or answer.body.decode(errors="replace") != challenge:
                log.info("websub intent not verified", mode=mode, status=answer.status)
                return True
            sid = subscription_id(canonical, topic.token if topic else request.token, callback)
            if mode == "unsubscribe" or partner is None or topic is None:
                await self.targets.remove(sid)
                log.info("websub unsubscribed", subscription=sid)
                return True
            now = self.clock()
            await ensure_change_group(self.redis, self.keys)
            await self.targets.put(Target(
                id=sid, kind="websub", partner=partner.id, url=callback, created=now,
                secret=request.secret, topic=canonical, token=topic.token,
                expires=now + timedelta(seconds=request.lease),
            ), since=await self.store.newest_change())
            log.info("websub subscribed", subscription=sid, lease=request.lease)
            return True
        except (StorageUnavailable, httpx.HTTPError) as exc:
            log.info("websub verification failed; will retry", mode=mode, error=repr(exc))
            return False
        except UnsafeCallback as exc:  # the callback resolves inside now: dropped
            log.info("websub verification refused", mode=mode, error=exc.detail)
            return True

    async def document(self, topic: Topic, partner: Partner) -> tuple[bytes, str, str]:
        """The topic's document as its partner gets it now, for content distribution:
        byte for byte what a GET of the topic answers."""
        rights = from_entitlements(partner.entitlements)
        if outside_rights(topic.dimension, topic.value, rights, self.lineage):
            raise NotFound(f"{topic.path} is outside the partner's rights now.")
        links = link_header(topic.origin, topic.url())
        if SAFE_NAME.match(partner.name):
            stand_in = partner.model_copy(update={"id": "", "name": NAME_MARK})
            anyone = replace(topic, token="")
            shared = await self.memo.get(("shared", anyone, partner.entitlements),
                                         lambda: self._render(anyone, stand_in))
            body = shared.replace(NAME_MARK.encode(), partner.name.encode())
        else:
            body = await self._render(topic, partner)
        return body, MEDIA_TYPES[topic.fmt], links

    async def _render(self, topic: Topic, partner: Partner) -> bytes:
        body, _ = await render_feed(
            self.store, self.keys, self.settings, topic.path, list(topic.query),
            topic.dimension, topic.value, topic.fmt, topic.selection(),
            from_entitlements(partner.entitlements), None, partner, topic.origin)
        return body


FORM = Schema(type=OpenAPIType.OBJECT, required=["hub.mode", "hub.topic", "hub.callback"],
              properties={
                  "hub.mode": Schema(type=OpenAPIType.STRING,
                                     enum=["subscribe", "unsubscribe"]),
                  "hub.topic": Schema(type=OpenAPIType.STRING, description=(
                      "A feed URL of this service, with ?token= or with the token sent as "
                      "this request's credentials.")),
                  "hub.callback": Schema(type=OpenAPIType.STRING,
                                         description="https, to a public address."),
                  "hub.lease_seconds": Schema(type=OpenAPIType.STRING),
                  "hub.secret": Schema(type=OpenAPIType.STRING, max_length=199),
              })


class WebSubController(Controller):
    path = "/websub"
    tags = ["push"]  # noqa: RUF012 (Litestar reads it as an instance attribute)

    @post("/", operation_id="websubSubscribe", status_code=202,
          summary="WebSub: subscribe or unsubscribe (form-encoded), answered 202",
          responses={202: ResponseSpec(data_container=str, media_type="text/plain",
                                       generate_examples=False,
                                       description="Accepted; intent is verified next."),
                     **doc.problems(400, 415, 422, 503)},
          operation_class=doc.described(request_body=doc.body(
              {"application/x-www-form-urlencoded": FORM},
              "The WebSub subscription request.")))
    async def request_subscription(self, request: Request[Any, Any, State]) -> Response[str]:
        hub: Hub = request.app.state["push"].hub
        form = await request.form()
        mode = str(form.get("hub.mode") or "")
        topic = str(form.get("hub.topic") or "")
        callback = str(form.get("hub.callback") or "")
        secret = str(form.get("hub.secret") or "")
        if mode not in MODES:
            raise InvalidField(f"hub.mode={mode!r}: use subscribe or unsubscribe "
                               "(form-encoded, as the WebSub spec says).")
        if not topic or not callback:
            raise InvalidField("hub.topic and hub.callback are both required.")
        if len(secret.encode()) >= MAX_SECRET_BYTES:
            raise InvalidField(f"hub.secret must be shorter than {MAX_SECRET_BYTES} bytes.")
        await hub.policy.check(callback)
        lease = hub.lease(str(form.get("hub.lease_seconds") or ""))
        settings: Settings = request.app.state["settings"]
        base = settings.url_for_request(request.scope.get("scheme", "http"),
                                        request.headers.get("host"))
        await hub.accept(PendingRequest(mode=mode, topic=topic, callback=callback, lease=lease,
                                        secret=secret, token=presented_secret(request) or "",
                                        base=base))
        return Response("", status_code=202, media_type="text/plain")
