"""The application factory, its lifespan, and the one map from domain errors to statuses."""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from http import HTTPStatus
from importlib.metadata import version
from typing import Any

import httpx
import structlog
from litestar import Litestar, MediaType, Request, Response, get
from litestar.datastructures import State
from litestar.di import Provide
from litestar.exceptions import HTTPException, NotFoundException, ValidationException
from litestar.openapi import OpenAPIConfig
from litestar.openapi.spec import Components
from litestar.response import Template
from litestar.response.base import ASGIResponse

from feeds.api import FeedController
from feeds.cache import FeedCache
from feeds.cursor import CursorController
from feeds.fastpath import FeedFastPath
from feeds.opml import PartnerFeedsController
from feeds.push.service import PushService, push_client
from feeds.push.webhooks import WebhookController
from feeds.push.websub import WebSubController
from feeds.shared import SharedDocuments
from wire import errors
from wire.newsroom.authors import AuthorIndex
from wire.newsroom.scheduler import run_embargo_releases
from wire.newsroom.stories import StoryService
from wire.newsroom.tasks import background
from wire.normalize import Resources, load_resources
from wire.ops.logs import configure as configure_logging
from wire.ops.logs import logs_requests
from wire.ops.metrics import CONTENT_TYPE_LATEST, Metrics, sample_store
from wire.settings import Settings
from wire.storage import client
from wire.storage.accounts import AccountStore
from wire.storage.durability import Durability
from wire.storage.keys import Keys
from wire.storage.notifier import ChangeNotifier, running
from wire.storage.sessions import SessionStore
from wire.storage.store import StoryStore, utcnow
from wire.web import openapi as doc
from wire.web import pages
from wire.web.access import AccessLog
from wire.web.api import StoryController
from wire.web.auth import PartnerLogins
from wire.web.ratelimit import RateLimiter
from wire.web.server import BodyDeadline, HeadAsGet

log = structlog.get_logger("wire")
PROBLEM = "application/problem+json"

STATUS: dict[type[errors.WireError], int] = {
    errors.EmptyCopy: 422,
    errors.UndecodableCopy: 400,
    errors.UnsupportedMediaType: 415,
    errors.CopyTooLarge: 413,
    errors.InvalidField: 422,
    errors.IdempotencyMismatch: 422,
    errors.UnsafeCallback: 422,
    errors.InputError: 400,
    errors.MissingCredentials: 401,
    errors.InvalidCredentials: 401,
    errors.Forbidden: 403,
    errors.NotFound: 404,
    errors.PreconditionFailed: 412,
    errors.Conflict: 409,
    errors.RateLimited: 429,
    errors.StorageUnavailable: 503,
}


def status_for(exc: errors.WireError) -> int:
    for cls in type(exc).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 500


def problem(status: int, title: str, detail: str, **extra: Any) -> Response[dict[str, Any]]:
    headers = {}
    if status == 401:
        # Basic too, so that a browser opening a feed or story link asks for the token.
        headers["WWW-Authenticate"] = 'Bearer realm="wire", Basic realm="wire", charset="UTF-8"'
    if "retry_after" in extra:
        headers["Retry-After"] = str(extra["retry_after"])
    return Response(
        {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra},
        status_code=status,
        media_type=PROBLEM,
        headers=headers,
    )


def wire_error_handler(request: Request[Any, Any, Any],
                       exc: errors.WireError) -> Response[Any] | Template:
    status = status_for(exc)
    request.app.state["metrics"].refusals.labels(str(status)).inc()
    log.info("refused", path=request.url.path, status=status, error=repr(exc))
    if pages.is_page(request):
        return pages.refused(request, status, exc.detail)
    retry_after = exc.context.get("retry_after")
    extra = {"retry_after": retry_after} if retry_after is not None else {}
    return problem(status, exc.title, exc.detail, **extra)


def http_error_handler(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    detail = exc.detail
    if isinstance(exc, NotFoundException) and detail == "Not Found":
        detail = f"Nothing is served at {request.url.path}; see /schema for the API."
    if isinstance(exc, ValidationException) and isinstance(exc.extra, list) and exc.extra:
        problems = "; ".join(
            f"{e.get('key', 'value')}: {str(e.get('message', '')).replace('`', '')}"
            for e in exc.extra if isinstance(e, dict)
        )
        detail = f"The request has values we cannot use: {problems}."
    if exc.status_code == 413:
        limit = request.app.state["settings"].ingest.max_bytes
        detail = (f"The body is larger than the limit of {limit} bytes; split the copy, or ask "
                  "the desk to raise WIRE_INGEST__MAX_BYTES.")
    if exc.status_code == 405:
        detail = f"{request.method} is not allowed on {request.url.path}; see /schema."
    # The title is the status's own phrase: Litestar's detail can carry the request's query
    # (and so a ?token=), which never goes back out.
    answer = problem(exc.status_code, HTTPStatus(exc.status_code).phrase, detail)
    if exc.status_code == 405 and exc.headers and (allow := exc.headers.get("allow")):
        # The router names the methods the path takes; HEAD goes wherever GET does.
        methods = [m.strip() for m in allow.split(",") if m.strip()]
        methods += ["HEAD"] if "GET" in methods and "HEAD" not in methods else []
        answer.headers["Allow"] = ", ".join(sorted(methods))
    return answer


def page_refused_handler(request: Request[Any, Any, Any], exc: pages.PageRefused) -> Template:
    request.app.state["metrics"].refusals.labels(str(exc.status)).inc()
    return pages.refused(request, exc.status, exc.message, exc.label)


def internal_error_handler(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    log.exception("unhandled", path=request.url.path)
    return problem(500, "Internal error", "The service failed on this request; it is logged.")


@get("/healthz", operation_id="healthz",
     media_type=MediaType.JSON, tags=["operations"], summary="Alive",
     responses=doc.answers(200, doc.Status, "The process answers (it checks nothing else)."))
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@get("/metrics", operation_id="metrics",
     media_type=CONTENT_TYPE_LATEST, tags=["operations"],
     summary="Prometheus metrics", description="The Prometheus text exposition format.",
     operation_class=doc.plain_text(CONTENT_TYPE_LATEST))
async def metrics(state: State) -> ASGIResponse:
    # Headers as they are: Litestar would add a second "; charset=utf-8" to a text/* type.
    return ASGIResponse(body=state["metrics"].exposition(),
                        headers=[("content-type", CONTENT_TYPE_LATEST)])


@get("/readyz", operation_id="readyz",
     media_type=MediaType.JSON, tags=["operations"], summary="Ready",
     responses={**doc.answers(200, doc.Status, "The catalogue answers a read and a script; the "
                              "worker takes requests."),
                **doc.answers(503, doc.Status, "A check failed: ``failed`` names it (``catalogue "
                              "read`` or ``catalogue script``; the error is logged); Retry-After "
                              "says when to ask again.")})
async def readyz(state: State) -> Response[dict[str, str]]:
    """Ready or not. The failed check is named; the error itself goes to the log, not to
    anonymous callers."""
    failed = await state.store.probe()
    if failed:
        return Response({"status": "unavailable", "failed": failed}, status_code=503,
                        headers={"Retry-After": str(errors.StorageUnavailable.retry_after)})
    return Response({"status": "ok"})


def create_app(settings: Settings | None = None, *,
               clock: Callable[[], datetime] = utcnow) -> Litestar:
    """Build the app. Nothing connects until the lifespan runs."""
    settings = settings or Settings()
    url = settings.effective_redis_url
    counters = Metrics()

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        redis = client.from_settings(settings, url)
        http = httpx.AsyncClient(timeout=httpx.Timeout(5.0))
        keys = Keys(settings.redis.key_prefix)
        resources: Resources = load_resources(settings.config_dir, settings.ingest.languages)
        config = settings.redis
        store = StoryStore(redis, keys, clock, durability=Durability(
            aof=config.wait_aof, replicas=config.wait_replicas, timeout_ms=config.wait_timeout_ms))
        authors = AuthorIndex(redis, keys, timedelta(days=settings.feeds.retention_days))
        notifier = ChangeNotifier(redis, store, keys.events_channel(), keys.accounts_channel(),
                                  on_outage=counters.store_outages.inc)
        app.state.update(
            settings=settings, redis=redis, http=http, keys=keys, store=store,
            accounts=AccountStore(redis, keys),
            stories=StoryService(store, resources, uri_prefix=settings.uri_prefix,
                                 idempotency_ttl=settings.ingest.idempotency_ttl_hours * 3600,
                                 clock=clock, normalized=counters.normalize_seconds.observe,
                                 authors=authors),
            authors=authors, sessions=SessionStore(redis, keys), status_for=status_for,
            clock=clock, notifier=notifier, feed_cache=FeedCache(),
            shared_documents=SharedDocuments(redis, keys) if settings.feeds.shared else None,
            partner_logins=PartnerLogins(notifier),
            metrics=counters,
            rate_limiter=RateLimiter(redis, keys, settings.ingest.rate_per_minute, clock),
        )
        # httpx logs every request at INFO, URL and all: callback URLs are partners' own
        # and may carry their secrets, which never go to the logs.
        logging.getLogger("httpx").setLevel(logging.WARNING)
        push_http = push_client(settings)
        push_redis = client.from_settings(settings, url, settings.push.concurrency + 16)
        push = PushService(redis=push_redis, keys=keys, notifier=notifier, settings=settings,
                           metrics=counters, http=push_http, lineage=resources.gazetteer.lineage,
                           clock=clock)
        app.state.update(push=push)
        retention = timedelta(days=settings.feeds.retention_days)
        # Everything loaded so far (framework, models, gazetteer) lives as long as the
        # process: keep it out of the collector's sweeps, which otherwise stall feed polls.
        gc.collect()
        gc.freeze()
        try:
            async with running(notifier), run_embargo_releases(
                    store, clock, retention, counters.embargo_releases.inc), background(
                    sample_store(redis, counters), "store-sampler"), push.running():
                yield
        finally:
            # Background tasks are stopped above, before the clients they use are closed.
            await push_http.aclose()
            await client.close(push_redis)
            await http.aclose()
            await client.close(redis)

    def from_state(name: str) -> Provide:
        def provide(state: State) -> Any:
            return state[name]

        return Provide(provide, sync_to_thread=False)

    return Litestar(
        route_handlers=[healthz, readyz, metrics, StoryController, FeedController, CursorController,
                        PartnerFeedsController, pages.PagesController, pages.FilingPages,
                        pages.PartnerPages, pages.static_files(), WebhookController,
                        WebSubController, doc.swagger_assets()],
        template_config=pages.templates(),
        lifespan=[lifespan],
        dependencies={
            name: from_state(name)
            for name in ("settings", "store", "accounts", "stories", "keys", "clock", "http",
                         "notifier")
        },
        exception_handlers={
            errors.WireError: wire_error_handler,
            pages.PageRefused: page_refused_handler,
            HTTPException: http_error_handler,
            Exception: internal_error_handler,
        },
        openapi_config=OpenAPIConfig(
            title="newswire", version=version("newswire"), path="/schema",
            description=doc.DESCRIPTION,
            components=Components(security_schemes=doc.SECURITY_SCHEMES),
            render_plugins=[doc.swagger_ui()],
        ),
        request_max_body_size=settings.ingest.max_bytes,
        debug=False,
    )


def create_asgi(settings: Settings | None = None) -> AccessLog | BodyDeadline:
    """The app as served: an access-log line per request, cached feed documents answered
    ahead of the framework, ``HEAD`` as ``GET`` without the body, request bodies read
    within a bounded time."""
    settings = settings or Settings()
    served = BodyDeadline(HeadAsGet(FeedFastPath(create_app(settings))),
                          settings.ingest.body_timeout)
    return AccessLog(served) if settings.access_log and logs_requests(settings.log_level) \
        else served


def app_from_env() -> AccessLog | BodyDeadline:
    """Factory for ASGI servers (``uvicorn --factory wire.web.app:app_from_env``)."""
    settings = Settings()
    configure_logging(settings.log_level)
    return create_asgi(settings)
