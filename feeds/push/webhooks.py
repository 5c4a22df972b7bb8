"""``/v1/partners/me/webhooks``: a partner manages its own endpoints with its token."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from litestar import Controller, Request, delete, get, post
from litestar.datastructures import State
from litestar.params import FromPath, JSONBody
from pydantic import BaseModel, ConfigDict, Field

from feeds.push.endpoints import Endpoints, endpoint_json
from wire.auth import require_partner


class EndpointIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: str = Field(max_length=2000)
    events: list[str] = Field(default_factory=list, max_length=10)
    """Events to receive (published, updated, corrected, killed, withheld, released);
    empty: all of them."""


def _endpoints(request: Request[Any, Any, State]) -> Endpoints:
    endpoints: Endpoints = request.app.state["push"].endpoints
    return endpoints


class WebhookController(Controller):
    path = "/v1/partners/me/webhooks"
    tags = ["push"]  # noqa: RUF012 (Litestar reads it as an instance attribute)

    @get("/", summary="Your webhook endpoints, their queues and dead letters")
    async def list_endpoints(self, request: Request[Any, Any, State]) -> dict[str, Any]:
        state = request.app.state
        partner = await require_partner(request, state["accounts"], state["partner_logins"])
        rows = await _endpoints(request).listed(partner)
        return {"items": [endpoint_json(t, s) for t, s in rows]}

    @post("/", summary="Add an endpoint; the answer holds its signing secret, shown once")
    async def add_endpoint(self, request: Request[Any, Any, State],
                           data: JSONBody[EndpointIn]) -> dict[str, Any]:
        state = request.app.state
        partner = await require_partner(request, state["accounts"], state["partner_logins"])
        target = await _endpoints(request).add(partner, data.url, data.events, state["clock"]())
        return {**endpoint_json(target), "secret": target.secret}

    @delete("/{endpoint_id:str}", summary="Remove an endpoint and what is queued for it")
    async def remove_endpoint(self, request: Request[Any, Any, State],
                              endpoint_id: FromPath[str]) -> None:
        state = request.app.state
        partner = await require_partner(request, state["accounts"], state["partner_logins"])
        await _endpoints(request).remove(partner, endpoint_id)

    @post("/{endpoint_id:str}/rotate-secret", status_code=200,
          summary="A new signing secret; the old one also signs during the grace period")
    async def rotate_secret(self, request: Request[Any, Any, State],
                            endpoint_id: FromPath[str]) -> dict[str, Any]:
        state = request.app.state
        partner = await require_partner(request, state["accounts"], state["partner_logins"])
        grace = timedelta(seconds=state["settings"].push.secret_grace_seconds)
        target = await _endpoints(request).rotate(partner, endpoint_id, state["clock"](), grace)
        return {**endpoint_json(target), "secret": target.secret}
