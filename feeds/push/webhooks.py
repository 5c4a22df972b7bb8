"""``/v1/partners/me/webhooks``: a partner manages its own endpoints with its token."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from litestar import Controller, Request, delete, get, post
from litestar.datastructures import State
from litestar.params import FromPath, JSONBody
from pydantic import BaseModel, ConfigDict, Field

from feeds.push.endpoints import Endpoints, endpoint_json
from wire.web import openapi as doc
from wire.web.auth import require_partner


class EndpointIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: str = Field(max_length=2000)
    """Where events go: https, to a public address."""
    events: list[str] = Field(default_factory=list, max_length=10)
    """Events to receive (published, updated, corrected, killed, withheld, released);
    empty: all of them."""


class Endpoint(BaseModel):
    """An endpoint as its partner sees it (never its secret)."""

    id: str
    url: str
    events: list[str]
    created: datetime
    previous_secret_valid_until: datetime | None
    """After a rotation, until when the old secret signs too."""


class EndpointStatus(Endpoint):
    backlog: int
    """Events queued or being delivered."""
    dead: int
    """Events given up on after the retry horizon, or moved there undelivered when the
    queue was over its bound (the desk can replay them)."""
    overflowed: int
    """Events ever moved to the dead letters undelivered because the queue was full."""
    dropped: int
    """Dead letters ever dropped, oldest first, because the dead letters were full."""
    dropped_through: str | None
    """The newest cursor dropped: read what you missed from the cursor API before it."""
    attempts: int
    """Failed attempts at the event now at the head of the queue."""
    last_error: str


class EndpointList(BaseModel):
    items: list[EndpointStatus]


class EndpointSecret(Endpoint):
    secret: str
    """The Standard Webhooks signing secret (``whsec_…``), shown this once."""


def _endpoints(request: Request[Any, Any, State]) -> Endpoints:
    endpoints: Endpoints = request.app.state["push"].endpoints
    return endpoints


class WebhookController(Controller):
    path = "/v1/partners/me/webhooks"
    tags = ["push"]  # noqa: RUF012 (Litestar reads it as an instance attribute)

    @get("/", operation_id="listWebhooks", security=doc.PARTNER,
         summary="Your webhook endpoints, their queues and dead letters",
         responses=doc.answers(200, EndpointList, "Every endpoint of the partner.",
                               400, 401, 403, 503))
    async def list_endpoints(self, request: Request[Any, Any, State]) -> dict[str, Any]:
        state = request.app.state
        partner = await require_partner(request, state["accounts"], state["partner_logins"])
        rows = await _endpoints(request).listed(partner)
        return {"items": [endpoint_json(t, s) for t, s in rows]}

    @post("/", operation_id="addWebhook", security=doc.PARTNER,
          summary="Add an endpoint; the answer holds its signing secret, shown once",
          responses=doc.answers(201, EndpointSecret, "The endpoint and its secret.",
                                400, 401, 403, 422, 503))
    async def add_endpoint(self, request: Request[Any, Any, State],
                           data: JSONBody[EndpointIn]) -> dict[str, Any]:
        state = request.app.state
        partner = await require_partner(request, state["accounts"], state["partner_logins"])
        target = await _endpoints(request).add(partner, data.url, data.events, state["clock"]())
        return {**endpoint_json(target), "secret": target.secret}

    @delete("/{endpoint_id:str}", operation_id="removeWebhook", security=doc.PARTNER,
            summary="Remove an endpoint and what is queued for it",
            responses=doc.problems(400, 401, 403, 404, 503))
    async def remove_endpoint(self, request: Request[Any, Any, State],
                              endpoint_id: FromPath[str]) -> None:
        state = request.app.state
        partner = await require_partner(request, state["accounts"], state["partner_logins"])
        await _endpoints(request).remove(partner, endpoint_id)

    @post("/{endpoint_id:str}/rotate-secret", status_code=200, operation_id="rotateWebhookSecret",
          security=doc.PARTNER,
          summary="A new signing secret; the old one also signs during the grace period",
          responses=doc.answers(200, EndpointSecret, "The endpoint and its new secret.",
                                400, 401, 403, 404, 503))
    async def rotate_secret(self, request: Request[Any, Any, State],
                            endpoint_id: FromPath[str]) -> dict[str, Any]:
        state = request.app.state
        partner = await require_partner(request, state["accounts"], state["partner_logins"])
        grace = timedelta(seconds=state["settings"].push.secret_grace_seconds)
        target = await _endpoints(request).rotate(partner, endpoint_id, state["clock"](), grace)
        return {**endpoint_json(target), "secret": target.secret}
