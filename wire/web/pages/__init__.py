"""Pages for people: the home page, a story's public page, correspondents' filing pages
(``/file``), partners' pages (``/partner``), and the stylesheet feeds name for browsers.

Templates and static files ship inside this package (``templates/``, ``static/``).
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Any

from litestar import Request, Router
from litestar.datastructures import CacheControlHeader
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.response import Template
from litestar.static_files import create_static_files_router
from litestar.template.config import TemplateConfig

from wire.web.pages.filing import FilingPages
from wire.web.pages.partner import PartnerPages
from wire.web.pages.public import PagesController
from wire.web.pages.session import PageRefused, render

__all__ = ["FilingPages", "PageRefused", "PagesController", "PartnerPages", "is_page",
           "refused", "static_files", "templates"]

PAGE_PREFIXES = ("/file", "/partner")


def _folder(name: str) -> Path:
    return Path(str(files("wire.web.pages") / name))


def templates() -> TemplateConfig[JinjaTemplateEngine]:
    return TemplateConfig(directory=_folder("templates"), engine=JinjaTemplateEngine)


def static_files() -> Router:
    """``/static``: the pages' stylesheet and script, and the feeds' XSLT."""
    return create_static_files_router(
        path="/static", directories=[_folder("static")],
        cache_control=CacheControlHeader(max_age=3600, public=True))


def is_page(request: Request[Any, Any, Any]) -> bool:
    path = request.url.path
    return any(path == p or path.startswith(p + "/") for p in PAGE_PREFIXES)


def refused(request: Request[Any, Any, Any], status: int, message: str,
            label: str | None = None) -> Template:
    """A refusal on a page: the API's problem detail (or the page's own message, in the
    page's language), as a page a person reads."""
    back = "/partner" if request.url.path.startswith("/partner") else "/file"
    return render(request, "refused.html", status, message=message, label=label, back=back,
                  code=status)
