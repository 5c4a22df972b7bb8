"""What every page shares: the session cookie, CSRF checks, the language, rendering.

The session cookie (``wire_session``) is ``HttpOnly`` (no script reads it),
``SameSite=Strict`` (no other site's page or link sends it), ``Secure`` when the request
came over https (``X-Forwarded-Proto`` counts only from trusted proxies, see the server
settings), and names a session kept in Redis, which sign-out, expiry or revoking the
secret ends. Every form carries a CSRF token: the session's own once signed in; before,
a random one also set in a short-lived ``wire_csrf`` cookie (double submit), since there
is no session yet to hold it.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from litestar import Request
from litestar.datastructures import Cookie, State
from litestar.response import Redirect, Template

from wire.storage.account_models import Kind
from wire.storage.sessions import DEFAULT_TTL, Session, SessionStore
from wire.web.pages.i18n import LANG_COOKIE, choose, labels

SESSION_COOKIE = "wire_session"
FORM_CSRF_COOKIE = "wire_csrf"
SECURITY_HEADERS = {
    # Everything a page needs comes from this service; nothing may frame it.
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; "
                               "frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    # Pages show keys, tokens and unpublished copy: no cache keeps them.
    "Cache-Control": "private, no-store",
}


T = TypeVar("T")


class PageRefused(Exception):
    """A refusal a page shows as a message (the API's problem+json, for people);
    ``label`` names the message in the page's language, ``message`` is its English."""

    def __init__(self, status: int, message: str, label: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.label = label


def is_https(request: Request[Any, Any, Any]) -> bool:
    return request.scope.get("scheme") == "https"


def cookie(request: Request[Any, Any, Any], key: str, value: str, max_age: int,
           *, strict: bool = True) -> Cookie:
    return Cookie(key=key, value=value, max_age=max_age, path="/", httponly=True,
                  secure=is_https(request), samesite="strict" if strict else "lax")


def language(request: Request[Any, Any, Any]) -> str:
    return choose(request.query_params.get("lang"), request.cookies.get(LANG_COOKIE),
                  request.headers.get("accept-language", ""))


def sessions(request: Request[Any, Any, State]) -> SessionStore:
    store: SessionStore = request.app.state["sessions"]
    return store


async def current(request: Request[Any, Any, State], kind: Kind) -> Session | None:
    value = request.cookies.get(SESSION_COOKIE)
    if not value:
        return None
    session = await sessions(request).find(value)
    return session if session is not None and session.kind == kind else None


async def signed_in(request: Request[Any, Any, State], kind: Kind, page: str,
                    account: Callable[[str], Awaitable[T | None]]) -> tuple[Session, T]:
    """The live session of ``kind`` and its account (looked up by ``account``), or a 401
    page telling the person to sign in again at ``page``."""
    session = await current(request, kind)
    found = await account(session.principal) if session else None
    if session is None or found is None:
        credential = "correspondent key" if kind == "correspondent" else "partner token"
        raise PageRefused(401, "You are not signed in, or your session ended. Sign in at "
                               f"{page} with your {credential}.", "not_signed_in")
    return session, found


async def open_session(request: Request[Any, Any, State], kind: Kind, principal: str,
                       secret: str, to: str) -> Redirect:
    value = await sessions(request).open(kind, principal, secret, request.app.state["clock"]())
    return Redirect(to, status_code=303,
                    cookies=[cookie(request, SESSION_COOKIE, value, DEFAULT_TTL)],
                    headers=SECURITY_HEADERS)


async def close_session(request: Request[Any, Any, State], to: str) -> Redirect:
    if value := request.cookies.get(SESSION_COOKIE):
        await sessions(request).close(value)
    return Redirect(to, status_code=303, cookies=[cookie(request, SESSION_COOKIE, "", 0)],
                    headers=SECURITY_HEADERS)


def check_csrf(given: str | None, expected: str | None) -> None:
    if not given or not expected or not hmac.compare_digest(given, expected):
        raise PageRefused(403, "This form is out of date or did not come from this site "
                               "(its CSRF token is missing or wrong). Reload the page and "
                               "send it again.", "stale_form")


def check_form_csrf(request: Request[Any, Any, Any], given: str | None) -> None:
    """The sign-in forms' double submit: the form's token equals the cookie's."""
    check_csrf(given, request.cookies.get(FORM_CSRF_COOKIE))


def render(request: Request[Any, Any, Any], name: str, status: int = 200,
           **context: Any) -> Template:
    """A page in the request's language; a ``?lang=`` switch is remembered in a cookie."""
    lang = language(request)
    cookies = []
    if request.query_params.get("lang") == lang:
        cookies.append(cookie(request, LANG_COOKIE, lang, 365 * 86400, strict=False))
    if "form_csrf" in context:
        cookies.append(cookie(request, FORM_CSRF_COOKIE, context["form_csrf"], 3600))
    return Template(name, context={"t": labels(lang), "lang": lang, "path": request.url.path,
                                   **context},
                    status_code=status, cookies=cookies, headers=SECURITY_HEADERS)


def new_form_token() -> str:
    return secrets.token_urlsafe(24)
