"""The API description an integrator reads: every real answer of a story's life conforms to
``/schema/openapi.json`` (status, media type, named schema), and the docs UI loads with no
network. The fuzz test covers odd input; this one walks the successful paths it rarely finds."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
import schemathesis

from tests.conftest import SAMPLE_FILE, RunningApp


@pytest.fixture(scope="module")
def document(app: RunningApp) -> dict[str, Any]:
    served: dict[str, Any] = httpx.get(f"{app.url}/schema/openapi.json").json()
    return served


def conforms(document: dict[str, Any], path: str, method: str,
             response: httpx.Response) -> None:
    """The response is documented for the operation: status, media type, schema, headers."""
    operation = schemathesis.openapi.from_dict(document)[path][method]
    operation.validate_response(response)


def test_a_story_life_conforms_to_the_document(app: RunningApp, document: dict[str, Any],
                                               correspondent_key: str,
                                               partner_token: str) -> None:
    author = app.client(correspondent_key)
    partner = app.client(partner_token)
    created = author.post("/v1/stories", content=SAMPLE_FILE.read_bytes(),
                          headers={"Content-Type": "text/plain; charset=utf-8"})
    assert created.status_code == 201, created.text
    conforms(document, "/v1/stories", "POST", created)
    sid = created.json()["wire"]["id"]
    story_path = "/v1/stories/{story_id}"

    again = author.post("/v1/stories", content=SAMPLE_FILE.read_bytes(),
                        headers={"Content-Type": "text/plain; charset=utf-8"})
    assert again.status_code == 200
    conforms(document, "/v1/stories", "POST", again)
    for client in (author, partner):
        conforms(document, story_path, "GET", client.get(f"/v1/stories/{sid}"))
        conforms(document, story_path, "GET", client.get(f"/v1/stories/{sid}?format=ninjs"))
    patched = author.patch(f"/v1/stories/{sid}", json={"urgency": 2, "correction": "urgency"})
    assert patched.status_code == 200, patched.text
    conforms(document, story_path, "PATCH", patched)
    conforms(document, story_path + "/versions", "GET", partner.get(f"/v1/stories/{sid}/versions"))
    conforms(document, story_path + "/versions/{number}", "GET",
             partner.get(f"/v1/stories/{sid}/versions/1"))

    for fmt in ("rss", "atom", "json", "ninjs"):
        feed = partner.get(f"/feeds/all.{fmt}")
        assert feed.status_code == 200
        conforms(document, "/feeds/{name}", "GET", feed)
        region = partner.get(f"/feeds/region/lampung.{fmt}")
        conforms(document, "/feeds/{dimension}/{name}", "GET", region)
        unchanged = partner.get(f"/feeds/all.{fmt}",
                                headers={"If-None-Match": feed.headers["etag"]})
        assert unchanged.status_code == 304
        conforms(document, "/feeds/{name}", "GET", unchanged)
    conforms(document, "/v1/feed", "GET", partner.get("/v1/feed"))
    opml = partner.get("/v1/partners/me/feeds.opml")
    assert opml.headers["content-type"].startswith("text/x-opml")
    conforms(document, "/v1/partners/me/feeds.opml", "GET", opml)

    killed = author.post(f"/v1/stories/{sid}/kill", json={"reason": "legal"})
    conforms(document, story_path + "/kill", "POST", killed)
    conforms(document, "/v1/feed", "GET", partner.get("/v1/feed"))
    for path in ("/healthz", "/readyz", "/metrics"):
        conforms(document, path, "GET", httpx.get(f"{app.url}{path}"))


def test_refusals_are_documented_problems(app: RunningApp, document: dict[str, Any],
                                          partner_token: str) -> None:
    anonymous = httpx.post(f"{app.url}/v1/stories", content=b"x")
    assert anonymous.status_code == 401
    conforms(document, "/v1/stories", "POST", anonymous)
    wrong_kind = app.client(partner_token).post("/v1/stories", content=b"Headline\n\nBody.",
                                                headers={"Content-Type": "text/plain"})
    assert wrong_kind.status_code == 403
    conforms(document, "/v1/stories", "POST", wrong_kind)
    missing = app.client(partner_token).get("/v1/stories/nope")
    assert missing.headers["content-type"] == "application/problem+json"
    conforms(document, "/v1/stories/{story_id}", "GET", missing)


def test_document_names_schemas_security_and_operations(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    assert {"Story", "Wire", "CursorPage", "Problem", "StrictNinjs"} <= set(schemas)
    schemes = document["components"]["securitySchemes"]
    assert schemes["correspondentKey"] == {**schemes["correspondentKey"], "type": "http",
                                           "scheme": "bearer"}
    assert schemes["partnerBasic"]["scheme"] == "basic"
    assert schemes["partnerToken"] == {**schemes["partnerToken"], "type": "apiKey",
                                       "in": "query", "name": "token"}
    post = document["paths"]["/v1/stories"]["post"]
    assert {"text/plain", "text/html", "application/json", "application/ninjs+json"} <= set(
        post["requestBody"]["content"])
    assert {"desk", "region", "urgency", "embargoed"} <= {p["name"] for p in post["parameters"]}
    feed = document["paths"]["/feeds/{name}"]["get"]
    assert {"application/rss+xml", "application/atom+xml", "application/feed+json",
            "application/json"} <= set(feed["responses"]["200"]["content"])
    for path in ("/healthz", "/readyz", "/metrics"):
        assert path in document["paths"]
    for path, item in document["paths"].items():
        for method, operation in item.items():
            for status, answer in operation["responses"].items():
                if not status.startswith(("4", "5")) or (path, status) == ("/readyz", "503"):
                    continue
                assert "application/problem+json" in answer.get("content", {}), (
                    path, method, status)


def test_docs_ui_loads_with_no_network(app: RunningApp) -> None:
    page = httpx.get(f"{app.url}/schema/swagger")
    assert page.status_code == 200 and "SwaggerUIBundle" in page.text
    assets = re.findall(r"""(?:src|href)=["']([^"']+)["']""", page.text)
    assert assets and all(a.startswith("/") for a in assets), assets
    for asset in assets:
        fetched = httpx.get(f"{app.url}{asset}")
        assert fetched.status_code == 200, asset
        assert len(fetched.content) > 500, asset
    assert any("swagger-ui-bundle.js" in a for a in assets)
