"""``/partner``: a partner signs in with its token and sees what it gets.

Every feed it may read in every format (URLs with its token, as the OPML lists them), the
newest items exactly as its feeds select them (its entitlements, embargoes, kills), and
its webhook endpoints and WebSub subscriptions with their delivery state. Everything is
read for the signed-in partner only: the session names one partner, and no query can name
another.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from litestar import Controller, Request, get, post
from litestar.datastructures import State
from litestar.response import Redirect, Template

from feeds.catalogue import collect
from feeds.opml import FORMATS, feed_path, feed_title, readable_feeds
from feeds.selection import Selection, from_entitlements
from wire.storage.accounts import AccountStore, Partner
from wire.storage.sessions import Session
from wire.storage.store import guarded
from wire.web.pages.session import (
    check_csrf,
    check_form_csrf,
    close_session,
    current,
    new_form_token,
    open_session,
    render,
    signed_in,
)

NEWEST = 20


def _text(form: Any, name: str) -> str:
    given = form.get(name)
    return given.strip() if isinstance(given, str) else ""


def _sign_in_page(request: Request[Any, Any, State], status: int = 200,
                  error: str | None = None) -> Template:
    return render(request, "sign_in.html", status, form_csrf=new_form_token(),
                  action="/partner/sign-in", field="token", label="partner_token",
                  help="token_help", error=error)


async def _signed_in(request: Request[Any, Any, State]) -> tuple[Session, Partner]:
    accounts: AccountStore = request.app.state["accounts"]
    return await signed_in(request, "partner", "/partner", accounts.partner)


class PartnerPages(Controller):
    path = "/partner"
    include_in_schema = False

    @get("/")
    async def start(self, request: Request[Any, Any, State]) -> Template:
        if await current(request, "partner") is None:
            return _sign_in_page(request)
        session, partner = await _signed_in(request)
        state = request.app.state
        settings = state["settings"]
        base = settings.url_for_request(request.scope.get("scheme", "http"),
                                        request.headers.get("host"))
        token = session.token or ""
        keys, store = state["keys"], state["store"]
        names = await guarded(store.redis.smembers(keys.index_names()))
        indexed = [found for name in names
                   if (found := keys.index_of(name.decode() if isinstance(name, bytes)
                                              else name))]
        lineage = state["stories"].resources.gazetteer.lineage
        query = "?" + urlencode({"token": token})
        feeds = [{"title": feed_title(dimension, value),
                  "links": [(FORMATS[fmt], f"{base}{feed_path(dimension, value, fmt)}{query}")
                            for fmt in FORMATS]}
                 for dimension, value in readable_feeds(partner.entitlements, indexed, lineage)]
        rights = from_entitlements(partner.entitlements)
        page = await collect(store, keys.index(), Selection(), rights, store.clock(),
                             limit=NEWEST)
        endpoints = state["push"].endpoints
        hooks = await endpoints.listed(partner)
        subscribed = await endpoints.targets.of_partner(partner.id, "websub")
        subscriptions = list(zip(subscribed, await endpoints.targets.status(subscribed),
                                 strict=True))
        return render(request, "partner.html", csrf=session.csrf, who=partner, feeds=feeds,
                      opml=f"{base}/v1/partners/me/feeds.opml{query}", items=page.stories,
                      token_query=query, hooks=hooks, subscriptions=subscriptions)

    @post("/sign-in", status_code=303)
    async def sign_in(self, request: Request[Any, Any, State]) -> Redirect | Template:
        form = await request.form()
        check_form_csrf(request, _text(form, "csrf"))
        secret = _text(form, "token")
        accounts: AccountStore = request.app.state["accounts"]
        principal = await accounts.authenticate(secret) if secret else None
        if principal is None or principal.kind != "partner":
            return _sign_in_page(request, 401, (
                "This is a correspondent key; file stories at /file." if principal else
                "This token is not known or was revoked; ask the wire desk."))
        return await open_session(request, "partner", principal.id, secret, "/partner")

    @post("/sign-out", status_code=303)
    async def sign_out(self, request: Request[Any, Any, State]) -> Redirect:
        session, _ = await _signed_in(request)
        check_csrf(_text(await request.form(), "csrf"), session.csrf)
        return await close_session(request, "/partner")
