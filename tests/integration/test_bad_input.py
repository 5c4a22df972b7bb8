"""Inputs that once answered 500 now get a 4xx problem naming what to change; a write to
someone else's story looks like a missing one; problems never echo a token."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import RunningApp, add_partner, last_line, run_cli

COPY = "Judul berita\n\nIsi berita yang cukup panjang untuk satu paragraf, kata dia."
HUGE = "9" * 5000


def assert_problem(response: Any, status: int | tuple[int, ...]) -> dict[str, Any]:
    wanted = status if isinstance(status, tuple) else (status,)
    assert response.status_code in wanted, (response.status_code, response.text[:300])
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["detail"] and body["title"] and body["status"] == response.status_code
    return body


@pytest.mark.parametrize(
    ("body", "mentions"),
    [
        (b"[" * 10_000, "nested"),
        (b'{"headline": "x", "body": "y y y", "urgency": ' + HUGE.encode() + b"}", "number"),
        (b'{"uri": "urn:x", "headlines": [{"value": "X"}], "bodies": 5}', "bodies"),
        (b'{"uri": "urn:x", "headlines": 1.5, "bodies": [{"value": "a b c"}]}', "headlines"),
    ],
)
def test_unreadable_json_is_a_422_problem(app: RunningApp, correspondent_key: str,
                                          body: bytes, mentions: str) -> None:
    with app.client(correspondent_key) as c:
        answer = c.post("/v1/stories", content=body,
                        headers={"Content-Type": "application/json"})
    assert mentions in assert_problem(answer, (400, 422))["detail"]


@pytest.mark.parametrize("charset", ["rot13", "base64", "hex", "zlib", "idna", "no-such"])
def test_a_charset_that_is_not_a_text_encoding_is_415(app: RunningApp, correspondent_key: str,
                                                      charset: str) -> None:
    with app.client(correspondent_key) as c:
        answer = c.post("/v1/stories", content=COPY.encode(),
                        headers={"Content-Type": f"text/plain; charset={charset}"})
    assert "charset" in assert_problem(answer, 415)["detail"]


def test_json_bodies_of_patch_and_status_calls_are_checked(app: RunningApp,
                                                           correspondent_key: str) -> None:
    with app.client(correspondent_key) as c:
        sid = c.post("/v1/stories", content=COPY.encode(),
                     headers={"Content-Type": "text/plain"}).json()["wire"]["id"]
        for path, method in ((f"/v1/stories/{sid}", "PATCH"),
                             (f"/v1/stories/{sid}/withhold", "POST")):
            for body in (b"[" * 10_000, b'{"reason": ' + HUGE.encode() + b"}"):
                answer = c.request(method, path, content=body,
                                   headers={"Content-Type": "application/json"})
                assert_problem(answer, (400, 422))


def test_feed_and_cursor_parameters_out_of_range_are_refused(app: RunningApp,
                                                             partner_token: str) -> None:
    with app.client(partner_token) as c:
        assert_problem(c.get(f"/feeds/all.rss?before={HUGE}"), 422)
        assert_problem(c.get(f"/v1/feed?limit={HUGE}"), (400, 422))
        future = assert_problem(c.get("/v1/feed?after=9999999999999-0"), 422)
        assert "future" in future["detail"]


def test_no_problem_echoes_the_token(app: RunningApp, partner_token: str) -> None:
    with app.client() as c:
        for path in (f"/v1/feed?limit=abc&token={partner_token}",
                     f"/feeds/all.rss?before=x&token={partner_token}",
                     f"/v1/feed?after=nope&token={partner_token}"):
            answer = c.get(path)
            assert answer.status_code >= 400
            assert partner_token not in answer.text, path


def test_writes_to_another_correspondents_story_look_like_a_missing_one(
    app: RunningApp, correspondent_key: str, cli_env: dict[str, str]
) -> None:
    other = last_line(run_cli("correspondents", "add", "Lain", env=cli_env).stdout)
    with app.client(correspondent_key) as c:
        sid = c.post("/v1/stories", content=COPY.encode(),
                     headers={"Content-Type": "text/plain"}).json()["wire"]["id"]
    with app.client(other) as c:
        for method, path, body in (("PATCH", f"/v1/stories/{sid}", {"urgency": 1}),
                                   ("POST", f"/v1/stories/{sid}/kill", {"reason": "x"}),
                                   ("PUT", f"/v1/stories/{sid}", {"headline": "A", "body": "B"})):
            theirs = c.request(method, path, json=body)
            missing = c.request(method, path.replace(sid, "0" * len(sid)), json=body)
            assert theirs.status_code == missing.status_code == 404
            assert_problem(theirs, 404)


def test_readyz_tells_anonymous_callers_only_ready(app: RunningApp) -> None:
    with app.client() as c:
        assert c.get("/readyz").json() == {"status": "ok"}


def test_a_partner_reads_its_own_token_back_nowhere(app: RunningApp,
                                                    cli_env: dict[str, str]) -> None:
    token = add_partner(cli_env, "Secretive")
    with app.client() as c:
        answer = c.get(f"/v1/feed?token={token}&limit=0")
    assert_problem(answer, (400, 422))
    assert token not in answer.text


def test_an_overlong_idempotency_key_is_refused_and_stores_nothing(
    app: RunningApp, correspondent_key: str
) -> None:
    with app.client(correspondent_key) as c:
        answer = c.post("/v1/stories", content=COPY.encode(),
                        headers={"Content-Type": "text/plain", "Idempotency-Key": "k" * 5000})
        body = assert_problem(answer, 422)
        assert "Idempotency-Key" in body["detail"] and "128" in body["detail"]
        assert c.post("/v1/stories", content=COPY.encode(),
                      headers={"Content-Type": "text/plain"}).status_code == 201, "not stored"


def raw_request(app: RunningApp, request: bytes) -> tuple[int, bytes, bytes]:
    """Send bytes on a fresh connection; (status, headers, body) of the answer."""
    import socket
    from urllib.parse import urlsplit

    where = urlsplit(app.url)
    with socket.create_connection((where.hostname, where.port), timeout=30) as sock:
        sock.sendall(request)
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), head.lower(), body


@pytest.mark.parametrize(
    ("request_bytes", "status"),
    [
        (b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 64 * 1024 + b"\r\n\r\n", 431),
        (b"GET /healthz HTTP/1.1\r\nHost: x\r\n"
         + b"".join(b"X-%d: 1\r\n" % n for n in range(300)) + b"\r\n", 431),
        (b"GET /feeds/all.rss?" + b"&".join(b"a%d=1" % n for n in range(5000))
         + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414),
        (b"NOT HTTP AT ALL\r\n\r\n", 400),
    ],
)
def test_the_server_layer_refuses_with_problems(app: RunningApp, request_bytes: bytes,
                                                status: int) -> None:
    code, head, body = raw_request(app, request_bytes)
    assert code == status
    assert b"content-type: application/problem+json" in head
    problem = json.loads(body)
    assert problem["status"] == status and problem["detail"]


def test_a_trickled_body_is_refused_in_bounded_time(redis_url: str,
                                                     correspondent_key: str) -> None:
    import socket
    import time
    from urllib.parse import urlsplit

    from tests.conftest import KEY_PREFIX, serve_app
    from wire.settings import Settings

    settings = Settings(redis_url=redis_url, redis={"key_prefix": KEY_PREFIX},
                        ingest={"body_timeout": 1.0})
    with serve_app(settings) as slow_app:
        where = urlsplit(slow_app.url)
        started = time.monotonic()
        with socket.create_connection((where.hostname, where.port), timeout=30) as sock:
            sock.sendall(b"POST /v1/stories HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                         + correspondent_key.encode() + b"\r\nContent-Type: text/plain\r\n"
                         b"Content-Length: 1000\r\n\r\nJudul")
            received = b""
            while chunk := sock.recv(65536):
                received += chunk
        assert time.monotonic() - started < 10
    head, _, body = received.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 408"), head
    assert json.loads(body)["status"] == 408
