"""The pages over HTTP: session cookies, CSRF, filing as the API files, feeds for browsers."""

from __future__ import annotations

import re

import httpx

from tests.conftest import SAMPLE_FILE, RunningApp, add_partner, run_cli

BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "the form carries no CSRF token"
    return found[1]


def signed_in(app: RunningApp, key: str, where: str = "/file",
              field: str = "key", **headers: str) -> tuple[httpx.Client, str]:
    client = httpx.Client(base_url=app.url, headers=headers, timeout=30)
    form = client.get(where)
    answer = client.post(f"{where}/sign-in", data={"csrf": csrf_of(form.text), field: key})
    assert answer.status_code == 303, answer.text
    return client, csrf_of(client.get(where).text)


def test_the_session_cookie_is_httponly_strict_and_secure_over_https(
        app: RunningApp, correspondent_key: str) -> None:
    with httpx.Client(base_url=app.url) as client:
        form = client.get("/file")
        assert "wire_csrf=" in form.headers["set-cookie"]
        plain = client.post("/file/sign-in", data={"csrf": csrf_of(form.text),
                                                   "key": correspondent_key})
        cookie = plain.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Secure" not in cookie
    # Behind a trusted proxy that terminated TLS (uvicorn trusts loopback by default).
    with httpx.Client(base_url=app.url, headers={"X-Forwarded-Proto": "https"}) as client:
        form = client.get("/file")
        assert "Secure" in form.headers["set-cookie"]
        # httpx keeps a Secure cookie off plain http, as a browser would: send it by hand.
        pre = form.cookies["wire_csrf"]
        secure = client.post("/file/sign-in", headers={"Cookie": f"wire_csrf={pre}"},
                             data={"csrf": csrf_of(form.text), "key": correspondent_key})
        assert secure.status_code == 303
        assert "Secure" in secure.headers["set-cookie"]


def test_sign_out_and_revoking_the_key_end_the_session(
        app: RunningApp, correspondent_key: str, cli_env: dict[str, str]) -> None:
    client, csrf = signed_in(app, correspondent_key)
    cookie = client.cookies["wire_session"]
    assert client.get("/file/stories").status_code == 200
    assert client.post("/file/sign-out", data={"csrf": csrf}).status_code == 303
    replay = httpx.get(f"{app.url}/file/stories", cookies={"wire_session": cookie})
    assert replay.status_code == 401 and "not signed in" in replay.text

    client, _ = signed_in(app, correspondent_key)
    rotated = run_cli("correspondents", "rotate", "Ani Lampung", env=cli_env)
    assert rotated.returncode == 0, rotated.stderr  # every older key is revoked
    assert client.get("/file/stories").status_code == 401


def test_filing_is_the_apis_path(app: RunningApp, correspondent_key: str) -> None:
    client, csrf = signed_in(app, correspondent_key)
    copy = SAMPLE_FILE.read_text(encoding="utf-8")
    form = {"csrf": csrf, "copy": copy, "action": "file", "idem": "one-form"}
    first = client.post("/file", data=form)
    again = client.post("/file", data=form)  # a double click: the first answer
    assert first.status_code == again.status_code == 303
    assert first.headers["location"] == again.headers["location"]
    assert first.headers["location"].endswith("?filed=201")
    sid = first.headers["location"].split("/")[-1].split("?")[0]
    api = app.client(correspondent_key)
    story = api.get(f"/v1/stories/{sid}").json()
    assert story["wire"]["credits"] == [{"name": "MDSNews", "role": "source"}]
    # The same copy sent through the API is the same story (the duplicate check).
    resent = api.post("/v1/stories", content=copy.encode(),
                      headers={"Content-Type": "text/plain; charset=utf-8"})
    assert resent.status_code == 200 and resent.json()["wire"]["id"] == sid
    # A refusal is the problem's detail, next to the field it concerns.
    bad = client.post("/file", data={**form, "idem": "two", "urgency": "12"})
    assert bad.status_code == 422
    assert 'id="urgency-error"' in bad.text and "urgency" in bad.text
    empty = client.post("/file", data={"csrf": csrf, "copy": "  ", "action": "preview"})
    assert empty.status_code == 422 and 'id="copy-error"' in empty.text


def test_forms_without_csrf_are_refused(app: RunningApp, correspondent_key: str) -> None:
    client, _ = signed_in(app, correspondent_key)
    refused = client.post("/file", data={"copy": "Headline\n\nBody.", "action": "file"})
    assert refused.status_code == 403 and "CSRF" in refused.text
    assert refused.headers["content-type"].startswith("text/html")
    wrong = client.post("/file", data={"csrf": "guess", "copy": "H\n\nB", "action": "file"})
    assert wrong.status_code == 403
    stranger = httpx.post(f"{app.url}/file/sign-in", data={"key": correspondent_key})
    assert stranger.status_code == 403


def test_a_partner_page_shows_only_its_own(app: RunningApp, correspondent_key: str,
                                           cli_env: dict[str, str]) -> None:
    lampung = add_partner(cli_env, "Radar Lampung", "--region", "lampung")
    papua = add_partner(cli_env, "Cenderawasih Pos", "--region", "papua")
    app.client(correspondent_key).post(
        "/v1/stories", content=SAMPLE_FILE.read_bytes(),
        headers={"Content-Type": "text/plain; charset=utf-8"}).raise_for_status()
    mine, _ = signed_in(app, lampung, "/partner", "token")
    page = mine.get("/partner")
    assert "Wabup Lambar" in page.text and f"/feeds/all.rss?token={lampung}" in page.text
    assert page.headers["cache-control"] == "private, no-store"
    hook = run_cli("partners", "webhook", "add", "Radar Lampung", "http://127.0.0.1:9/hook",
                   env={**cli_env, "WIRE_PUSH__ALLOW_HOSTS": "127.0.0.1"})
    assert hook.returncode == 0, hook.stderr
    shown = mine.get("/partner").text
    assert "http://127.0.0.1:9/hook" in shown and "WebSub" in shown
    theirs, _ = signed_in(app, papua, "/partner", "token")
    other = theirs.get("/partner").text
    assert "Wabup Lambar" not in other and lampung not in other
    assert "127.0.0.1:9/hook" not in other
    # A partner's session is no correspondent's.
    assert theirs.get("/file/stories").status_code == 401


def test_feeds_name_a_stylesheet_and_browsers_get_them_as_xml(
        app: RunningApp, partner_token: str) -> None:
    reader = app.client(partner_token)
    for fmt, media in (("rss", "application/rss+xml"), ("atom", "application/atom+xml")):
        feed = reader.get(f"/feeds/all.{fmt}")
        assert feed.headers["content-type"].startswith(media)
        assert b'<?xml-stylesheet type="text/xsl" href="' in feed.content.split(b"\n")[1]
        shown = reader.get(f"/feeds/all.{fmt}", headers={"Accept": BROWSER_ACCEPT})
        assert shown.headers["content-type"] == "application/xml; charset=utf-8"
        assert shown.content == feed.content
        assert "Accept" in shown.headers["vary"]
    xsl = httpx.get(f"{app.url}/static/feed.xsl")
    assert xsl.status_code == 200 and b"xsl:stylesheet" in xsl.content


def test_a_chosen_file_is_read_as_its_kind_and_nothing_is_echoed_unescaped(
        app: RunningApp, correspondent_key: str) -> None:
    client, csrf = signed_in(app, correspondent_key)
    preview = client.post("/file", data={"csrf": csrf, "action": "preview"},
                          files={"upload": ("story.txt", SAMPLE_FILE.read_bytes())})
    assert preview.status_code == 200
    assert "<del>Loading</del>" in preview.text and "MDSNews" in preview.text
    as_json = client.post("/file", data={"csrf": csrf, "action": "preview", "region": "papua"},
                          files={"upload": ("story.json", b'{"headline": "Banjir di Jayapura",'
                                            b' "body": "JAYAPURA - Air naik."}')})
    assert as_json.status_code == 200 and 'name="kind" value="json"' in as_json.text
    assert "papua" in as_json.text  # the form's field, as the JSON left it out
    hostile = client.post("/file", data={"csrf": csrf, "action": "preview",
                                         "copy": "<script>alert(1)</script>\n\nBody text."})
    assert "<script>alert(1)</script>" not in hostile.text


def test_withhold_and_release_from_the_story_page(app: RunningApp,
                                                  correspondent_key: str) -> None:
    client, csrf = signed_in(app, correspondent_key)
    filed = client.post("/file", data={"csrf": csrf, "copy": SAMPLE_FILE.read_text(),
                                       "action": "file", "idem": "w1"})
    story = filed.headers["location"].split("?")[0]
    no_reason = client.post(f"{story}/withhold", data={"csrf": csrf, "idem": "w2"})
    assert no_reason.status_code == 422 and 'id="withhold-error"' in no_reason.text
    held = client.post(f"{story}/withhold", data={"csrf": csrf, "reason": "Legal check",
                                                  "idem": "w3"})
    assert held.status_code == 303
    page = client.get(story).text
    assert "withheld" in page and "Legal check" in page and f"{story}/release" in page
    api = app.client(correspondent_key)
    assert api.get(f"/v1/stories/{story.rsplit('/', 1)[1]}").json()["pubstatus"] == "withheld"
    released = client.post(f"{story}/release", data={"csrf": csrf, "idem": "w4"})
    assert released.status_code == 303
    again = client.post(f"{story}/release", data={"csrf": csrf, "idem": "w5"})
    assert again.status_code == 409 and "not withheld" in again.text
    assert client.post(f"{story}/explode", data={"csrf": csrf}).status_code == 404
