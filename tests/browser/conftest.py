"""Debian's Chromium, driven by Playwright, against the real app on loopback.

No browser is downloaded: Playwright launches ``/usr/bin/chromium`` (``apt-get install
chromium``; ``.ci/run`` installs it). Without it the tests skip, except under CI (``CI`` set),
where a missing browser fails them. Every page visited is checked at 360 px for horizontal
overflow, photographed at phone and desktop size under ``artifacts/screenshots/``, checked
with axe-core (``npm ci`` in this folder) and weighed (HTML, CSS and script, gzipped).
"""

from __future__ import annotations

import gzip
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from tests.conftest import RunningApp, add_partner, last_line, run_cli

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "artifacts" / "screenshots"
AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1280, "height": 900}
PAGE_BUDGET = 60 * 1024
SEED = ROOT / "examples" / "correspondent-story-lampung.txt"


def _require(path: Path, why: str) -> None:
    if path.exists():
        return
    if os.environ.get("CI"):
        pytest.fail(f"{path} is missing: {why}", pytrace=False)
    pytest.skip(f"{path} is missing ({why}); the browser tests run where it is installed")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Module-scoped: Playwright's sync API keeps an event loop running in this thread
    until it stops, and the async tests that follow need none running."""
    _require(CHROMIUM, "apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


@dataclass
class Pages:
    """What the tests look at: screenshots, overflow, accessibility and weight per page."""

    base: str
    weights: dict[str, int] = field(default_factory=dict)

    def check(self, page: object, name: str, *, script: bool = True) -> None:
        """``script=False`` for a page with JavaScript off, where axe-core cannot run."""
        from playwright.sync_api import Page

        assert isinstance(page, Page)
        SHOTS.mkdir(parents=True, exist_ok=True)
        before = page.viewport_size or DESKTOP
        page.set_viewport_size(PHONE)
        widths = page.evaluate("[document.documentElement.scrollWidth,"
                               " document.documentElement.clientWidth]")
        page.screenshot(path=str(SHOTS / f"{name}-phone.png"), full_page=True)
        assert widths[0] <= widths[1], f"{name}: {widths[0]} px wide in a {widths[1]} px screen"
        page.set_viewport_size(DESKTOP)
        page.screenshot(path=str(SHOTS / f"{name}-desktop.png"), full_page=True)
        page.set_viewport_size(before)
        if script:
            self.accessible(page, name)
        self.weigh(page, name)

    def accessible(self, page: object, name: str) -> None:
        from playwright.sync_api import Page

        assert isinstance(page, Page)
        if not AXE.exists():
            _require(AXE, "npm ci in tests/browser installs axe-core")
        # Evaluated, not added as a <script>: the pages' CSP refuses inline scripts.
        page.evaluate(AXE.read_text() + "\n;true")
        # Chromium's own XSLT deprecation banner (on feed pages) is not ours to judge.
        found = page.evaluate("""async () => (await axe.run(
            {exclude: [['xslt-warning-banner']]}, {
            resultTypes: ['violations']})).violations
            .filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))""")
        assert not found, f"{name}: axe-core finds {found}"

    def weigh(self, page: object, name: str) -> None:
        """First-load bytes, gzipped: the HTML as served plus every stylesheet and script."""
        from playwright.sync_api import Page

        assert isinstance(page, Page)
        html = page.content().encode()
        assets = page.evaluate("""[...document.querySelectorAll(
            'link[rel=stylesheet],script[src]')].map(e => e.href || e.src)""")
        total = len(gzip.compress(html))
        for url in assets:
            assert url.startswith(self.base), f"{name} loads {url} from another host"
            total += len(gzip.compress(httpx.get(url).content))
        self.weights[name] = total
        assert total < PAGE_BUDGET, f"{name}: {total} bytes gzipped"


@pytest.fixture(scope="session")
def weights() -> Iterator[dict[str, int]]:
    found: dict[str, int] = {}
    yield found
    if found:
        SHOTS.mkdir(parents=True, exist_ok=True)
        (SHOTS.parent / "page-weights.json").write_text(json.dumps(found, indent=1))


@pytest.fixture
def pages(app: RunningApp, weights: dict[str, int]) -> Pages:
    return Pages(app.url, weights)


def new_correspondent(cli_env: dict[str, str], name: str) -> str:
    done = run_cli("correspondents", "add", name, "--agency", "ISN", "--region", "lampung",
                   "--desk", "politics", env=cli_env)
    assert done.returncode == 0, done.stderr
    return last_line(done.stdout)


@pytest.fixture
def accounts(cli_env: dict[str, str]) -> dict[str, str]:
    """A correspondent, a partner entitled to Lampung and one entitled to Papua."""
    return {
        "key": new_correspondent(cli_env, "Ani Lampung"),
        "lampung": add_partner(cli_env, "Radar Lampung", "--region", "lampung"),
        "papua": add_partner(cli_env, "Cenderawasih Pos", "--region", "papua"),
    }


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "the form carries no CSRF token"
    return found[1]
