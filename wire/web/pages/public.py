"""Pages for people: the service's home page and a story's page.

Feeds link here (the channel's ``link``, JSON Feed ``home_page_url``, OPML ``htmlUrl``, every
item's link), so a reader's "open in browser" lands on a page that exists and no link needs
the partner's token. A story page asks for the same credentials as the API; a browser that
gets its ``401`` shows a login box (HTTP Basic: any user name, the token as password).
"""

from __future__ import annotations

from html import escape
from typing import Any

from litestar import Controller, MediaType, Request, Response, get
from litestar.datastructures import State
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Template

from wire.newsroom.stories import StoryService, etag
from wire.storage.accounts import AccountStore
from wire.story import Story
from wire.web.api import visible_story
from wire.web.pages.session import render

STYLE = ("body{font:16px/1.5 system-ui,sans-serif;max-width:42rem;margin:2rem auto;"
         "padding:0 1rem;color:#222}small,.meta{color:#666}code{background:#f3f3f3}")


def page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width,initial-scale=1">'
            f"<title>{escape(title)}</title><style>{STYLE}</style></head>"
            f"<body>{body}</body></html>")


def story_page(story: Story) -> str:
    meta = " · ".join(escape(part) for part in (
        story.located or "", story.versioncreated.strftime("%Y-%m-%d %H:%M UTC"),
        ", ".join(story.by), f"version {story.version}") if part)
    if story.pubstatus != "usable":
        state = "killed" if story.pubstatus == "canceled" else "withheld"
        reason = escape(story.status_reason or "")
        text = f"<p><strong>This story was {state}.</strong> {reason}</p>"
    else:
        # body_html is sanitized (nh3) at ingest: it is safe to embed as it is.
        text = story.body_html
    note = f'<p class="meta"><em>{escape(story.ednote)}</em></p>' if story.ednote else ""
    return page(story.headline or story.uri,
                f"<article><h1>{escape(story.headline)}</h1><p class=meta>{meta}</p>"
                f"{note}{text}<p><small>{escape(story.uri)}</small></p></article>")


class PagesController(Controller):
    path = "/"
    include_in_schema = False

    @get("/")
    async def home(self, request: Request[Any, Any, State]) -> Template:
        return render(request, "home.html")

    @get("/stories/{story_id:str}", media_type=MediaType.HTML)
    async def story(self, request: Request[Any, Any, State], story_id: FromPath[str],
                    accounts: NamedDependency[AccountStore],
                    stories: NamedDependency[StoryService]) -> Response[str]:
        story, _ = await visible_story(request, story_id, accounts, stories)
        return Response(story_page(story), media_type=MediaType.HTML,
                        headers={"ETag": etag(story), "Cache-Control": "private, max-age=5",
                                 "Vary": "Authorization"})
