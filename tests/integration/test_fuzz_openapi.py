"""Schemathesis over the app's own OpenAPI document, as a correspondent and as a partner:
no response is a 5xx. Bounded (eight examples per operation) to stay within the suite's time."""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from tests.conftest import RunningApp
from wire.app import create_app
from wire.settings import Settings

# The document the app serves at /schema/openapi.json, built without serving (create_app
# does no I/O); the calls go to the running app.
schema = schemathesis.openapi.from_dict(
    create_app(Settings(redis_url="redis://unused")).openapi_schema.to_schema())


@schema.parametrize()
@settings(max_examples=8, deadline=None,
          suppress_health_check=list(HealthCheck))
def test_no_operation_answers_5xx(case: Any, app: RunningApp, correspondent_key: str,
                                  partner_token: str) -> None:
    for token in (correspondent_key, partner_token):
        response = case.call(base_url=app.url, headers={"Authorization": f"Bearer {token}"})
        # Conformance of every documented response (problem+json bodies, feed media types)
        # waits for the API description of issue 10; no 5xx holds now.
        case.validate_response(response, checks=[not_a_server_error])
