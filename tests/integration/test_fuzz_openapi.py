"""Schemathesis over the app's own OpenAPI document, as a correspondent and as a partner:
every answer conforms to the document (a documented status, its media type, its schema, its
headers) and none is a 5xx. Bounded (eight examples per operation) to stay within the suite's
time."""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.conftest import RunningApp
from wire.settings import Settings
from wire.web.app import create_app

# The document the app serves at /schema/openapi.json, built without serving (create_app
# does no I/O); the calls go to the running app.
schema = schemathesis.openapi.from_dict(
    create_app(Settings(redis_url="redis://unused")).openapi_schema.to_schema())

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance, response_headers_conformance]


@schema.parametrize()
@settings(max_examples=8, deadline=None,
          suppress_health_check=list(HealthCheck))
def test_every_answer_conforms(case: Any, app: RunningApp, correspondent_key: str,
                               partner_token: str) -> None:
    for token in (correspondent_key, partner_token):
        response = case.call(base_url=app.url, headers={"Authorization": f"Bearer {token}"})
        case.validate_response(response, checks=CHECKS)
