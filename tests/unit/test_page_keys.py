"""The pages' Redis keys: one hash tag per family, under the configurable prefix."""

from __future__ import annotations

from redis.crc import key_slot

from wire.storage.keys import Keys


def test_sessions_and_authored_stories_each_keep_one_tag() -> None:
    keys = Keys("t")
    assert keys.session("a" * 64).startswith("t:{sess}:")
    assert keys.authored("c1").startswith("t:{authors}:")
    assert key_slot(keys.session("x").encode()) == key_slot(keys.session("y").encode())
    assert key_slot(keys.authored("c1").encode()) == key_slot(keys.authored("c2").encode())
