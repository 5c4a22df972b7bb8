"""Webhooks end to end: real loopback receivers, signatures checked with ``standardwebhooks``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import RunningApp, add_partner
from tests.push_support import (
    add_webhook,
    cli_ok,
    post_story,
    push_app,
    push_env,
    verified,
)
from tests.receivers import receiving

PREFIX = "push"


@pytest.fixture(scope="module")
def app(redis_url: str) -> Iterator[RunningApp]:
    with push_app(redis_url, PREFIX) as running:
        yield running


@pytest.fixture
def env(redis_url: str) -> dict[str, str]:
    return push_env(redis_url, PREFIX)


@pytest.fixture
def reporter(env: dict[str, str]) -> str:
    return cli_ok(env, "correspondents", "add", "Ani", "--region", "lampung", "--desk",
                  "politics")


def test_partners_get_what_they_may_see_signed_and_in_order(
        app: RunningApp, env: dict[str, str], reporter: str) -> None:
    lampung = add_partner(env, "Radar Lampung", "--region", "lampung")
    banten = add_partner(env, "Banten Pos", "--region", "banten")
    with receiving() as near, receiving() as far:
        hook_near = add_webhook(app, lampung, near.url)
        hook_far = add_webhook(app, banten, far.url)
        story = post_story(app, reporter)
        sid = story["wire"]["id"]
        with app.client(reporter) as c:
            assert c.patch(f"/v1/stories/{sid}", json={
                "correction": "The bridge is 40 metres long.",
                "body": "Jembatan sepanjang 40 meter itu diresmikan Senin pagi oleh gubernur."},
            ).status_code == 200
            assert c.post(f"/v1/stories/{sid}/kill", json={"reason": "Legal"}).status_code == 200
        other = post_story(app, reporter, region="banten", headline="Pelabuhan Merak ramai")
        near.wait(lambda r: len(r.posts()) >= 3)
        far.wait(lambda r: len(r.posts()) >= 1)
        got = [verified(hook_near["secret"], r) for r in near.posts()]
        assert [g["event"] for g in got] == ["published", "corrected", "killed"]
        assert {g["story"]["wire"]["id"] for g in got} == {sid}
        cursors = [g["cursor"] for g in got]
        assert cursors == sorted(cursors, key=lambda c: tuple(map(int, c.split("-"))))
        # The story was killed before some deliveries were made; none shows more than
        # the partner may read now, and the kill itself carries no text.
        assert got[2]["story"]["pubstatus"] == "canceled"
        assert "40 meter" not in near.posts()[2].body.decode()
        far_got = [verified(hook_far["secret"], r) for r in far.posts()]
        assert [g["story"]["wire"]["id"] for g in far_got] == [other["wire"]["id"]]
        ids = [r.headers["webhook-id"] for r in near.posts()]
        assert len(set(ids)) == 3
