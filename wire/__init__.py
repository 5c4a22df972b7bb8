"""newswire: correspondents post copy; it becomes clean, structured wire items in Redis.

``create_app`` and ``Settings`` are the public entry points. They are loaded on first use so
that importing one small module (``wire.gazetteer``, ``wire.normalize``) stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from wire.settings import Settings
    from wire.web.app import create_app

__all__ = ["Settings", "create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from wire.web.app import create_app

        return create_app
    if name == "Settings":
        from wire.settings import Settings

        return Settings
    raise AttributeError(name)
