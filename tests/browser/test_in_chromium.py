"""A correspondent and partners use the pages in Chromium, as they would in the field."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import SEED, Pages
from tests.conftest import RunningApp


def sign_in(page: Any, url: str, secret: str) -> None:
    page.goto(url)
    page.fill("#secret", secret)
    page.click("main button[type=submit]")


def file_seed(page: Any, app: RunningApp, key: str, pages: Pages | None = None) -> str:
    """Sign in, preview the seed story, file it; returns the story page's path."""
    sign_in(page, f"{app.url}/file", key)
    page.fill("#copy", SEED.read_text(encoding="utf-8"))
    page.click("button[value=preview]")
    if pages:
        pages.check(page, "file-preview-no-script", script=False)
    page.click("button[value=file]")
    page.wait_for_url("**/file/stories/*")
    return str(page.url).removeprefix(app.url)


def test_correspondent_files_corrects_and_kills_and_partner_sees_it(
        browser: Any, app: RunningApp, accounts: dict[str, str], pages: Pages) -> None:
    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = desk.new_page()
    page.goto(f"{app.url}/file")
    pages.check(page, "file-sign-in")
    sign_in(page, f"{app.url}/file", accounts["key"])
    pages.check(page, "file-form")
    page.fill("#copy", SEED.read_text(encoding="utf-8"))
    page.click("button[value=preview]")
    preview = page.locator("section.preview")
    assert "Loading" in preview.locator("del").all_inner_texts()
    assert "MDSNews" in preview.inner_text()
    assert "source" in preview.inner_text()  # the credit's role
    assert "lampung-barat" in preview.inner_text() and "2018-12-20" in preview.inner_text()
    assert "id (0.9" in preview.inner_text()  # language and its confidence
    pages.check(page, "file-preview")
    page.click("button[value=file]")
    page.wait_for_url("**/file/stories/*")
    assert "Filed" in page.inner_text("main")
    headline = page.inner_text("h1")
    assert headline.startswith("Wabup Lambar")
    pages.check(page, "file-story")
    story_path = str(page.url).split("?")[0]

    page.goto(f"{app.url}/file/stories")
    assert headline in page.inner_text("main")
    assert "version 1" in page.inner_text("main").lower()
    pages.check(page, "file-my-stories")

    reader = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    partner = reader.new_page()
    sign_in(partner, f"{app.url}/partner", accounts["lampung"])
    assert headline in partner.inner_text("main")
    assert "Feed Anda" in partner.inner_text("main")  # Indonesian, from Accept-Language
    urls = partner.eval_on_selector_all("input.url", "els => els.map(e => e.value)")
    assert any(u.endswith(f"/feeds/all.rss?token={accounts['lampung']}") for u in urls)
    assert partner.locator("button.copy").first.is_visible()  # the copy button, with script
    pages.check(partner, "partner")
    rss = next(u for u in urls if "/feeds/all.rss" in u)
    partner.goto(rss)
    assert headline in partner.inner_text("body")  # the XSLT made a page of the feed
    pages.check(partner, "feed-rss")
    partner.goto(rss.replace(".rss", ".atom"))
    assert headline in partner.inner_text("body")

    page.goto(story_path)
    page.fill("#c-correction", "The meeting was on Thursday 20 December")
    page.fill("#c-headline", headline + " (corrected)")
    page.click("form[action$='/correct'] button")
    page.wait_for_url("**done=correct")
    assert page.locator("article.version").count() == 2
    assert "Correction: The meeting was on Thursday" in page.inner_text("main")
    page.fill("#kill-reason", "Filed twice")
    page.click("form[action$='/kill'] button")
    page.wait_for_url("**done=kill")
    assert "killed" in page.locator(".meta").first.inner_text().lower()
    pages.check(page, "file-story-killed")

    partner.goto(f"{app.url}/partner")
    assert headline not in partner.inner_text("main")
    desk.close()
    reader.close()


def test_a_wrong_key_is_refused(browser: Any, app: RunningApp, pages: Pages,
                                accounts: dict[str, str]) -> None:
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    page.goto(f"{app.url}/?lang=id")
    assert "Koresponden" in page.inner_text("main")
    pages.check(page, "home")
    page.goto(f"{app.url}/?lang=en")
    sign_in(page, f"{app.url}/file", "wire_c_not-a-key")
    assert "not known or was revoked" in page.inner_text("[role=alert]")
    assert page.locator("#secret[aria-invalid=true]").count() == 1
    pages.check(page, "file-wrong-key")
    sign_in(page, f"{app.url}/partner", accounts["key"])  # a correspondent key
    assert "correspondent key" in page.inner_text("[role=alert]")
    context.close()


def test_a_form_without_its_csrf_token_is_refused(browser: Any, app: RunningApp, pages: Pages,
                                                  accounts: dict[str, str]) -> None:
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    sign_in(page, f"{app.url}/file", accounts["key"])
    page.fill("#copy", SEED.read_text(encoding="utf-8"))
    page.evaluate("document.querySelector('form.filing input[name=csrf]').remove()")
    page.click("button[value=file]")
    assert "CSRF token is missing or wrong" in page.inner_text("main")
    pages.check(page, "file-refused")
    # Nothing was filed.
    page.goto(f"{app.url}/file/stories")
    assert page.locator("ul.stories li").count() == 0
    # Signing in without the form's token is refused too.
    answer = context.request.post(f"{app.url}/file/sign-in", form={"key": accounts["key"]})
    assert answer.status == 403
    context.close()


def test_one_partner_never_sees_another_partners_stories(
        browser: Any, app: RunningApp, accounts: dict[str, str], pages: Pages) -> None:
    desk = browser.new_context(locale="en-US")
    file_seed(desk.new_page(), app, accounts["key"])
    elsewhere = browser.new_context(locale="en-US")
    page = elsewhere.new_page()
    sign_in(page, f"{app.url}/partner", accounts["papua"])
    main = page.inner_text("main")
    assert "Wabup Lambar" not in main
    assert "Cenderawasih Pos" in main
    assert accounts["lampung"] not in page.content()
    pages.check(page, "partner-other")
    urls = page.eval_on_selector_all("input.url", "els => els.map(e => e.value)")
    page.goto(next(u for u in urls if "/feeds/all.rss" in u))
    assert "Wabup Lambar" not in page.inner_text("body")
    desk.close()
    elsewhere.close()


def test_filing_works_with_javascript_off(browser: Any, app: RunningApp,
                                          accounts: dict[str, str], pages: Pages) -> None:
    context = browser.new_context(java_script_enabled=False, locale="id-ID",
                                  viewport={"width": 360, "height": 780})
    page = context.new_page()
    story = file_seed(page, app, accounts["key"], pages)
    assert "Terkirim" in page.inner_text("main")  # Indonesian labels
    page.goto(f"{app.url}{story}".split("?")[0] + "?lang=en")
    assert "Versions" in page.inner_text("main")  # the switch overrides Accept-Language
    page.goto(f"{app.url}/file/stories")
    assert "Wabup Lambar" in page.inner_text("main")  # the cookie keeps the choice
    assert "My stories" in page.inner_text("main")
    page.click("header form.signout button")
    page.goto(f"{app.url}/file/stories")
    assert "not signed in" in page.inner_text("main")
    context.close()
