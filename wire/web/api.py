"""The correspondent API: thin handlers (validate → normalize → store) over StoryService."""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

import structlog
from litestar import Controller, Request, Response, get, patch, post, put
from litestar.datastructures import State
from litestar.di import NamedDependency
from litestar.handlers import HTTPRouteHandler
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import OpenAPIType, Schema
from litestar.params import FromPath, QueryParameter
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError, model_validator

from feeds.selection import from_entitlements, released_to
from wire.errors import (
    CopyTooLarge,
    InvalidCredentials,
    InvalidField,
    MissingCredentials,
    NotFound,
    UnsupportedMediaType,
)
from wire.newsroom.ingest import StoryIn, Submission, submission_from_json, submission_from_text
from wire.newsroom.stories import StoryService, WriteContext, Written, etag
from wire.settings import Settings
from wire.storage.accounts import LANG, SLUG, AccountStore, Correspondent, Partner
from wire.story import PubStatus, Story, recalled, story_json, story_ninjs
from wire.web import openapi as doc
from wire.web.access import record_caller
from wire.web.auth import presented_secret, require_correspondent

log = structlog.get_logger("wire")
JSON_TYPES = ("application/json", "application/ninjs+json")
M = TypeVar("M", bound=BaseModel)


class StatusIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    reason: str = Field(min_length=1, max_length=2000)


class ReleaseIn(BaseModel):
    """A release may say why; a kill or withhold must."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    reason: str | None = Field(default=None, min_length=1, max_length=2000)


class PatchIn(BaseModel):
    """Fields a PATCH may change; a ``body`` or ``headline`` re-reads the copy."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    # The same constraints as ``StoryIn``; every field is optional here.
    desk: str | None = Field(default=None, pattern=SLUG.pattern)
    region: str | None = Field(default=None, pattern=SLUG.pattern)
    urgency: int | None = Field(default=None, ge=1, le=9)
    language: str | None = Field(default=None, pattern=LANG.pattern)
    embargoed: AwareDatetime | None = None
    """``null`` lifts the embargo."""
    slugline: str | None = Field(default=None, max_length=200)
    keywords: tuple[str, ...] | None = None
    correction: str | None = Field(default=None, max_length=2000)
    headline: str | None = Field(default=None, min_length=1, max_length=1000)
    body: str | None = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def _no_nulls(self) -> PatchIn:
        nulls = sorted(k for k in self.model_fields_set
                       if getattr(self, k) is None and k != "embargoed")
        if nulls:
            raise ValueError(f"{', '.join(nulls)} cannot be null; leave a field out to keep it")
        return self


class NinjsIn(BaseModel):
    """A ninjs item from another agency: the first headline and the HTML (else plain) body
    become the copy; ``language``, ``urgency``, ``embargoed``, ``slugline`` and ``by`` are
    read too; other ninjs fields are accepted and ignored."""

    model_config = ConfigDict(extra="allow")

    headlines: list[dict[str, Any]] = Field(min_length=1)
    bodies: list[dict[str, Any]] = Field(min_length=1)
    language: str | None = None
    urgency: int | None = Field(default=None, ge=1, le=9)
    embargoed: AwareDatetime | None = None
    slugline: str | None = None
    by: str | None = None


_TEXT = Schema(type=OpenAPIType.STRING, min_length=1,
               description="Raw copy in any text charset; the first non-empty line is the "
                           "headline.")
COPY = doc.body({
    "text/plain": _TEXT,
    "text/html": Schema(type=OpenAPIType.STRING, min_length=1,
                        description="Copy as HTML; it is sanitized."),
    "application/json": doc.json_schema(StoryIn),
    "application/ninjs+json": doc.json_schema(NinjsIn),
}, "The copy: plain text (fields in the query), the JSON form, or a ninjs item.")
COPY_QUERY = (
    doc.query("desk", "Desk slug (text/plain copy).", pattern=SLUG.pattern),
    doc.query("region", "Region slug; wins over one read from the dateline.",
              pattern=SLUG.pattern),
    doc.query("urgency", "1 (highest) to 9.", pattern="^[1-9]$"),
    doc.query("language", "BCP 47 code; wins over detection.", pattern=LANG.pattern),
    doc.query("embargoed", "RFC 3339 time before which no partner sees the story.",
              format="date-time"),
    doc.query("byline", "The byline, when the copy prints none.", max_length=500),
    doc.query("slugline", "The slugline.", max_length=200),
)
CORRECTION_QUERY = doc.query("correction", "What was corrected: makes this version a "
                                           "correction (flag and ednote).", max_length=2000)
IDEMPOTENT = "Send Idempotency-Key to retry safely; the first answer comes back."
WRITE_REFUSALS = (400, 401, 403, 404, 408, 409, 412, 413, 415, 422, 429, 503)
STORY = "The story, with ETag; its author also gets wire.normalization."


def request_url(request: Request[Any, Any, Any], settings: Settings) -> str:
    """The public URL for links in this answer (see ``Settings.url_for_request``)."""
    return settings.url_for_request(request.scope.get("scheme", "http"),
                                    request.headers.get("host"))


def story_response(written: Written, settings: Settings, *, report: bool = True,
                   base: str | None = None) -> Response[Any]:
    story = written.story
    headers = {"ETag": etag(story)}
    if written.status == 201:
        # Location names what was created; a 200 (a version, a retry, a duplicate) made none.
        headers["Location"] = f"{base or settings.public_url}/v1/stories/{story.id}"
    return Response(story_json(story, with_report=report), status_code=written.status,
                    headers=headers)


async def read_submission(request: Request[Any, Any, State], max_bytes: int) -> Submission:
    body = await request.body()
    if len(body) > max_bytes:
        raise CopyTooLarge(f"The copy is {len(body)} bytes; the limit is {max_bytes}. "
                           "Split it or ask the desk to raise WIRE_INGEST__MAX_BYTES.")
    media_type, options = request.content_type
    query = {k: v for k, v in request.query_params.items()}
    if media_type == "text/plain" or (media_type == "text/html"):
        sub = submission_from_text(body, options.get("charset"), query)
        return sub.model_copy(update={"html": True}) if media_type == "text/html" else sub
    if media_type in JSON_TYPES or media_type.endswith("+json"):
        return submission_from_json(body, query)
    raise UnsupportedMediaType(
        f"Content-Type {media_type or '(none)'} is not accepted; send text/plain copy "
        "(headline on the first line) or application/json with headline and body."
    )


async def file_story(request: Request[Any, Any, State], stories: StoryService,
                     sub: Submission, ctx: WriteContext) -> Written:
    """A new story, from the API or the filing page alike: the same normalization,
    idempotency, duplicate check and refusals (the caller has checked its rate)."""
    written = await stories.create(sub, ctx)
    request.app.state["metrics"].stories.labels(str(written.status)).inc()
    if written.status == 201:
        log.info("story accepted", story=written.story.id, version=written.story.version,
                 correspondent=ctx.correspondent.id, region=written.story.region,
                 changes=len(written.story.normalization))
    return written


def context(request: Request[Any, Any, State], correspondent: Correspondent,
            digest: str, idempotency_key: str | None = None) -> WriteContext:
    """Who writes; the Idempotency-Key is the header's, or the one a page's form carries."""
    key = idempotency_key or request.headers.get("idempotency-key") or None
    longest = request.app.state["settings"].ingest.idempotency_key_max
    if key is not None and (len(key) > longest or not key.isprintable()):
        # The key becomes part of a Redis key: bounded and printable.
        raise InvalidField(f"The Idempotency-Key is {len(key)} characters; send at most "
                           f"{longest} printable characters (a UUID is 36).")
    return WriteContext(
        correspondent=correspondent,
        idempotency_key=key,
        request_digest=f"{request.method} {request.url.path} {digest}",
        if_match=request.headers.get("if-match") or None,
    )


def _status_route(path: str, operation_id: str, summary: str, body: type[BaseModel],
                  required: bool = True) -> HTTPRouteHandler:
    """The route of a status change (kill, withhold, release): the same answers and body
    shape for each, only the path, the summary and the body's model differ."""
    return post(f"/{{story_id:str}}/{path}", operation_id=operation_id, summary=summary,
                status_code=200, security=doc.CORRESPONDENT,
                responses=doc.answers(200, doc.Story, STORY, *WRITE_REFUSALS),
                operation_class=doc.described(doc.body(
                    {"application/json": doc.json_schema(body)}, "Why.", required=required)))


class StoryController(Controller):
    path = "/v1/stories"
    tags = ["stories"]  # noqa: RUF012 (Litestar reads it as an instance attribute)

    @post("/", operation_id="createStory",
          summary="Send a story (text/plain copy or JSON)", status_code=201,
          description=f"Normalizes and stores the copy. {IDEMPOTENT} The same copy sent again "
                      "by the same correspondent answers 200 with the existing story.",
          security=doc.CORRESPONDENT,
          responses={**doc.answers(201, doc.Story, "Created; Location names the story.",
                                   400, 401, 403, 408, 413, 415, 422, 429, 503),
                     **doc.answers(200, doc.Story, "Already there (same copy, or a retry).")},
          operation_class=doc.described(COPY, COPY_QUERY))
    async def create(self, request: Request[Any, Any, State],
                     accounts: NamedDependency[AccountStore],
                     stories: NamedDependency[StoryService],
                     settings: NamedDependency[Settings]) -> Response[Any]:
        correspondent = await require_correspondent(request, accounts)
        await request.app.state["rate_limiter"].check(correspondent.id)
        sub = await read_submission(request, settings.ingest.max_bytes)
        written = await file_story(request, stories, sub,
                                   context(request, correspondent, sub.digest()))
        return story_response(written, settings, base=request_url(request, settings))

    @get("/{story_id:str}", operation_id="getStory",
         summary="One story, as the caller may see it",
         security=doc.READER,
         responses={200: ResponseSpec(
             data_container=doc.STORY_OR_NINJS, generate_examples=False,
             description=STORY + " With format=ninjs: strict ninjs 2.2 (no wire, version a "
                                 "string)."), **doc.problems(400, 401, 404, 422, 503)})
    async def read(self, request: Request[Any, Any, State], story_id: FromPath[str],
                   accounts: NamedDependency[AccountStore],
                   stories: NamedDependency[StoryService],
                   settings: NamedDependency[Settings],
                   fmt: Annotated[str | None, QueryParameter(name="format")] = None,
                   ) -> Response[Any]:
        story, is_owner = await visible_story(request, story_id, accounts, stories)
        if fmt not in (None, "json", "ninjs"):
            raise InvalidField(f"format {fmt!r} is not offered; use json or ninjs.")
        if fmt == "ninjs":
            return Response(story_ninjs(story), headers={"ETag": etag(story)})
        return story_response(Written(story, 200), settings, report=is_owner)

    @put("/{story_id:str}", operation_id="replaceStory",
         summary="Replace the copy: a new version", status_code=200,
         description=f"Same forms as POST; id, uri and firstcreated stay. {IDEMPOTENT}",
         security=doc.CORRESPONDENT,
         responses=doc.answers(200, doc.Story, STORY, *WRITE_REFUSALS),
         operation_class=doc.described(COPY, (*COPY_QUERY, CORRECTION_QUERY)))
    async def replace(self, request: Request[Any, Any, State], story_id: FromPath[str],
                      accounts: NamedDependency[AccountStore],
                      stories: NamedDependency[StoryService],
                      settings: NamedDependency[Settings]) -> Response[Any]:
        correspondent = await require_correspondent(request, accounts)
        await request.app.state["rate_limiter"].check(correspondent.id)
        sub = await read_submission(request, settings.ingest.max_bytes)
        written = await stories.replace(story_id, sub,
                                        context(request, correspondent, sub.digest()))
        return story_response(written, settings)

    @patch("/{story_id:str}", operation_id="amendStory",
           summary="Change fields: a new version", status_code=200,
           description=f"headline or body re-read the copy. {IDEMPOTENT}",
           security=doc.CORRESPONDENT,
           responses=doc.answers(200, doc.Story, STORY, *WRITE_REFUSALS),
           operation_class=doc.described(doc.body(
               {"application/json": doc.json_schema(PatchIn)}, "The fields to change.")))
    async def amend(self, request: Request[Any, Any, State], story_id: FromPath[str],
                    accounts: NamedDependency[AccountStore],
                    stories: NamedDependency[StoryService],
                    settings: NamedDependency[Settings]) -> Response[Any]:
        correspondent = await require_correspondent(request, accounts)
        await request.app.state["rate_limiter"].check(correspondent.id)
        fields = parse_model(PatchIn, await request.body())
        changed = fields.model_dump(exclude_unset=True)
        ctx = context(request, correspondent, fields.model_dump_json(exclude_unset=True))
        if "headline" in changed or "body" in changed:
            current = await stories.owned(story_id, correspondent)
            sub = Submission(
                text=changed.pop("body", current.body_text),
                headline=changed.pop("headline", current.headline),
                **{k: v for k, v in changed.items() if k != "keywords"},
                keywords=changed.get("keywords") or current.keywords,
            )
            written = await stories.replace(story_id, sub, ctx, keep_context=True)
        else:
            written = await stories.amend(story_id, changed, ctx)
        return story_response(written, settings)

    @get("/{story_id:str}/versions", operation_id="listVersions",
         summary="Every version, oldest first",
         security=doc.READER,
         responses=doc.answers(200, doc.StoryVersions, "Every version, oldest first.",
                               400, 401, 404, 503))
    async def versions(self, request: Request[Any, Any, State], story_id: FromPath[str],
                       accounts: NamedDependency[AccountStore],
                       stories: NamedDependency[StoryService]) -> dict[str, Any]:
        story, is_owner = await visible_story(request, story_id, accounts, stories)
        versions = await stories.store.versions(story_id)
        found = [readable_version(v, story, is_owner) for v in versions]
        return {"items": [story_json(v, with_report=is_owner) for v in found]}

    @get("/{story_id:str}/versions/{number:int}", operation_id="getVersion",
         summary="One version",
         security=doc.READER,
         responses=doc.answers(200, doc.Story, "That version.", 400, 401, 404, 503))
    async def version(self, request: Request[Any, Any, State], story_id: FromPath[str],
                      number: FromPath[int], accounts: NamedDependency[AccountStore],
                      stories: NamedDependency[StoryService]) -> dict[str, Any]:
        story, is_owner = await visible_story(request, story_id, accounts, stories)
        found = await stories.store.version(story_id, number)
        if found is None:
            raise NotFound(f"Story {story_id!r} has no version {number}.")
        return story_json(readable_version(found, story, is_owner), with_report=is_owner)

    async def _status(self, request: Request[Any, Any, State], story_id: str, status: PubStatus,
                      accounts: AccountStore, stories: StoryService,
                      settings: Settings) -> Response[Any]:
        correspondent = await require_correspondent(request, accounts)
        await request.app.state["rate_limiter"].check(correspondent.id)
        raw = await request.body()
        body = parse_model(ReleaseIn, raw) if status == "usable" else parse_model(StatusIn, raw)
        ctx = context(request, correspondent, body.model_dump_json())
        written = await stories.set_status(story_id, status, body.reason, ctx)
        return story_response(written, settings)

    @_status_route("kill", "killStory", "Kill: pubstatus canceled", StatusIn)
    async def kill(self, request: Request[Any, Any, State], story_id: FromPath[str],
                   accounts: NamedDependency[AccountStore],
                   stories: NamedDependency[StoryService],
                   settings: NamedDependency[Settings]) -> Response[Any]:
        return await self._status(request, story_id, "canceled", accounts, stories, settings)

    @_status_route("withhold", "withholdStory", "Withhold: pubstatus withheld", StatusIn)
    async def withhold(self, request: Request[Any, Any, State], story_id: FromPath[str],
                       accounts: NamedDependency[AccountStore],
                       stories: NamedDependency[StoryService],
                       settings: NamedDependency[Settings]) -> Response[Any]:
        return await self._status(request, story_id, "withheld", accounts, stories, settings)

    @_status_route("release", "releaseStory", "Lift a withhold", ReleaseIn, required=False)
    async def release(self, request: Request[Any, Any, State], story_id: FromPath[str],
                      accounts: NamedDependency[AccountStore],
                      stories: NamedDependency[StoryService],
                      settings: NamedDependency[Settings]) -> Response[Any]:
        return await self._status(request, story_id, "usable", accounts, stories, settings)


def parse_model(model: type[M], body: bytes) -> M:
    try:
        return model.model_validate_json(body or b"{}")
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'body'}: {err['msg']}"
            for err in exc.errors(include_url=False)
        )
        raise InvalidField(f"The request body has fields we cannot use: {problems}.") from exc


async def visible_story(request: Request[Any, Any, State], story_id: str,
                        accounts: AccountStore, stories: StoryService) -> tuple[Story, bool]:
    """The story as the caller may see it, and whether the caller is its author."""
    secret = presented_secret(request)
    if not secret:
        raise MissingCredentials("Send a correspondent key or partner token to read stories.")
    principal = await accounts.authenticate(secret)
    if principal is not None:
        record_caller(request.scope, principal.kind, principal.id)
    story = await stories.store.get(story_id)
    missing = NotFound(f"There is no story {story_id!r} that you may read.")
    if principal is None:
        raise InvalidCredentials("This key or token is not known or was revoked.")
    if story is None:
        raise missing
    if principal.kind == "correspondent":
        if story.correspondent != principal.id:
            raise missing
        return story, True
    partner: Partner | None = await accounts.partner(principal.id)
    rights = from_entitlements(partner.entitlements) if partner else None
    released = rights is not None and released_to(story, rights, stories.clock())
    if rights is None or not released or not rights.matches(story):
        raise missing
    return (story if story.pubstatus == "usable" else recalled(story)), False


def readable_version(version: Story, current: Story, is_owner: bool) -> Story:
    """A version as the caller may read it: a recalled story's old text is recalled too."""
    return version if is_owner or current.pubstatus == "usable" else recalled(version)
