"""``/file``: correspondents sign in, preview and file copy, and manage their stories.

Plain forms (no script needed). Filing calls the API's own ``file_story`` with the same
``Submission`` and ``WriteContext`` a ``POST /v1/stories`` makes, so normalization,
idempotency (each rendered form carries a fresh Idempotency-Key: a double click or a
resent form gives the first answer back), the duplicate check and refusals are the API's.
"""

from __future__ import annotations

import json
import secrets
from typing import Any

from litestar import Controller, Request, get, post
from litestar.datastructures import State
from litestar.params import FromPath
from litestar.response import Redirect, Template

from wire.errors import InvalidField, NotFound, WireError
from wire.newsroom.ingest import Submission
from wire.newsroom.stories import StoryService, compose
from wire.storage.accounts import AccountStore, Correspondent
from wire.storage.sessions import Session
from wire.story import PubStatus
from wire.web.api import PatchIn, ReleaseIn, StatusIn, context, file_story, parse_model
from wire.web.pages.forms import TIMEZONES, FilingForm, field_of, preview_of, read_form, submission
from wire.web.pages.session import (
    PageRefused,
    check_csrf,
    check_form_csrf,
    close_session,
    current,
    new_form_token,
    open_session,
    render,
    signed_in,
)

STATUS_ACTIONS: dict[str, PubStatus] = {"kill": "canceled", "withhold": "withheld",
                                        "release": "usable"}


def _text(form: Any, name: str) -> str:
    given = form.get(name)
    return given.strip() if isinstance(given, str) else ""


async def _signed_in(request: Request[Any, Any, State]) -> tuple[Session, Correspondent]:
    accounts: AccountStore = request.app.state["accounts"]
    return await signed_in(request, "correspondent", "/file", accounts.correspondent)


def _filing_page(request: Request[Any, Any, State], session: Session, who: Correspondent,
                 filled: FilingForm, status: int = 200, **extra: Any) -> Template:
    return render(request, "file.html", status, csrf=session.csrf, who=who, form=filled,
                  timezones=TIMEZONES, idem=secrets.token_urlsafe(16), **extra)


class FilingPages(Controller):
    path = "/file"
    include_in_schema = False

    @get("/")
    async def start(self, request: Request[Any, Any, State]) -> Template:
        session = await current(request, "correspondent")
        accounts: AccountStore = request.app.state["accounts"]
        who = await accounts.correspondent(session.principal) if session else None
        if session is None or who is None:
            return render(request, "sign_in.html", form_csrf=new_form_token(),
                          action="/file/sign-in", field="key", label="correspondent_key",
                          help="key_help")
        return _filing_page(request, session, who, FilingForm())

    @post("/sign-in", status_code=303)
    async def sign_in(self, request: Request[Any, Any, State]) -> Redirect | Template:
        form = await request.form()
        check_form_csrf(request, _text(form, "csrf"))
        secret = _text(form, "key")
        accounts: AccountStore = request.app.state["accounts"]
        principal = await accounts.authenticate(secret) if secret else None
        if principal is None or principal.kind != "correspondent":
            message = ("This is a partner token; sign in at /partner." if principal else
                       "This key is not known or was revoked; ask the desk for a key.")
            return render(request, "sign_in.html", 401, form_csrf=new_form_token(),
                          action="/file/sign-in", field="key", label="correspondent_key",
                          help="key_help", error=message)
        return await open_session(request, "correspondent", principal.id, secret, "/file")

    @post("/sign-out", status_code=303)
    async def sign_out(self, request: Request[Any, Any, State]) -> Redirect:
        session, _ = await _signed_in(request)
        check_csrf(_text(await request.form(), "csrf"), session.csrf)
        return await close_session(request, "/file")

    @post("/", status_code=200)
    async def preview_or_file(self, request: Request[Any, Any, State]) -> Template | Redirect:
        session, who = await _signed_in(request)
        form = await request.form()
        check_csrf(_text(form, "csrf"), session.csrf)
        state = request.app.state
        limit = state["settings"].ingest.max_bytes
        stories: StoryService = state["stories"]
        filled = FilingForm()
        try:
            filled = await read_form(form, limit)
            await state["rate_limiter"].check(who.id)
            sub = submission(filled, limit)
            if _text(form, "action") == "file":
                ctx = context(request, who, sub.digest(), _text(form, "idem") or None)
                written = await file_story(request, stories, sub, ctx)
                return Redirect(f"/file/stories/{written.story.id}?filed={written.status}",
                                status_code=303)
            return _filing_page(request, session, who, filled,
                                preview=await _preview(stories, sub, who))
        except WireError as exc:
            filled.errors[field_of(exc)] = exc.detail
            return _filing_page(request, session, who, filled, status=_status(request, exc))

    @get("/stories")
    async def mine(self, request: Request[Any, Any, State]) -> Template:
        session, who = await _signed_in(request)
        state = request.app.state
        ids = await state["authors"].newest(who.id)
        found = {s.id: s for s in await state["store"].get_many(ids)}
        return render(request, "my_stories.html", csrf=session.csrf, who=who,
                      stories=[found[i] for i in ids if i in found])

    @get("/stories/{story_id:str}")
    async def story(self, request: Request[Any, Any, State],
                    story_id: FromPath[str]) -> Template:
        session, who = await _signed_in(request)
        return await _story_page(request, session, who, story_id)

    @post("/stories/{story_id:str}/{action:str}", status_code=303)
    async def act(self, request: Request[Any, Any, State], story_id: FromPath[str],
                  action: FromPath[str]) -> Redirect | Template:
        session, who = await _signed_in(request)
        form = await request.form()
        check_csrf(_text(form, "csrf"), session.csrf)
        if action != "correct" and action not in STATUS_ACTIONS:
            raise PageRefused(404, f"There is no action {action!r}; use correct, withhold, "
                                   "release or kill.")
        stories: StoryService = request.app.state["stories"]
        try:
            await request.app.state["rate_limiter"].check(who.id)
            if action == "correct":
                await _correct(request, stories, who, story_id, form)
            else:
                await _set_status(request, stories, who, story_id, action, form)
        except WireError as exc:
            errors = {f"{action}:{field_of(exc)}": exc.detail, action: exc.detail}
            return await _story_page(request, session, who, story_id, errors,
                                     _status(request, exc))
        return Redirect(f"/file/stories/{story_id}?done={action}", status_code=303)


def _status(request: Request[Any, Any, State], exc: WireError) -> int:
    status_for = request.app.state["status_for"]
    status: int = status_for(exc)
    return status


async def _preview(stories: StoryService, sub: Submission, who: Correspondent) -> Any:
    """Normalize without storing: the story the API would store, id ``preview``."""
    norm = await stories.normalize(sub, who)
    now = stories.clock()
    story = compose(sid="preview", uri=f"{stories.uri_prefix}preview", version=1,
                    firstcreated=now, versioncreated=now, norm=norm, sub=sub,
                    correspondent=who)
    return preview_of(story, norm)


async def _story_page(request: Request[Any, Any, State], session: Session, who: Correspondent,
                      story_id: str, errors: dict[str, str] | None = None,
                      status: int = 200) -> Template:
    stories: StoryService = request.app.state["stories"]
    try:
        story = await stories.owned(story_id, who)
    except NotFound as exc:
        raise PageRefused(404, exc.detail) from exc
    versions = await stories.store.versions(story_id)
    return render(request, "story.html", status, csrf=session.csrf, who=who, story=story,
                  versions=versions, errors=errors or {}, idem=secrets.token_urlsafe(16),
                  filed=request.query_params.get("filed"),
                  done=request.query_params.get("done"))


async def _correct(request: Request[Any, Any, State], stories: StoryService,
                   who: Correspondent, story_id: str, form: Any) -> None:
    """A correction: new headline and body with what was wrong, as a PATCH of them is."""
    fields = parse_model(PatchIn, json.dumps({
        "headline": _text(form, "headline"), "body": _text(form, "body"),
        "correction": _text(form, "correction"),
    }).encode())
    if not fields.correction:
        raise InvalidField("correction: say what was wrong; a correction needs it.")
    current = await stories.owned(story_id, who)
    sub = Submission(text=fields.body or current.body_text,
                     headline=fields.headline or current.headline,
                     correction=fields.correction, keywords=current.keywords)
    ctx = context(request, who, fields.model_dump_json(exclude_unset=True),
                  _text(form, "idem") or None)
    await stories.replace(story_id, sub, ctx, keep_context=True)


async def _set_status(request: Request[Any, Any, State], stories: StoryService,
                      who: Correspondent, story_id: str, action: str, form: Any) -> None:
    status = STATUS_ACTIONS[action]
    reason = _text(form, "reason")
    raw = json.dumps({"reason": reason} if reason or status != "usable" else {}).encode()
    body = parse_model(ReleaseIn, raw) if status == "usable" else parse_model(StatusIn, raw)
    ctx = context(request, who, body.model_dump_json(), _text(form, "idem") or None)
    await stories.set_status(story_id, status, body.reason, ctx)
