"""The dashboard in a real browser: Debian's headless Chromium driven by Playwright.

A server on 127.0.0.1 (free port) over the demo store; the test uses the page as an analyst
would: filter by a country, brush the timeline, open an event, see its sentence highlighted.
Screenshots of each view go to the test's tmp dir (and to $EVENTMILL_SCREENSHOTS if set).
"""
from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
import uvicorn

from eventmill.serve.app import create_app

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError(f"{CHROMIUM} missing: .ci/run installs Debian's chromium")
    pytest.skip("needs Debian's chromium (apt-get install chromium chromium-driver)",
                allow_module_level=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(demo_store):
    port = _free_port()
    config = uvicorn.Config(create_app(demo_store), host="127.0.0.1", port=port,
                            log_level="warning", access_log=False)
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the server did not start")
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1250})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    # only this machine: any request elsewhere (a CDN) fails the test
    outside: list[str] = []
    pg.route(lambda url: not url.startswith("http://127.0.0.1:"),
             lambda route: (outside.append(route.request.url), route.abort()))
    yield pg
    context.close()
    assert not outside, f"requests left the machine: {outside}"
    assert not errors, errors


def _shot(target, tmp_path: Path, name: str, **kwargs) -> Path:
    path = tmp_path / f"{name}.png"
    target.screenshot(path=str(path), **kwargs)
    out = os.environ.get("EVENTMILL_SCREENSHOTS")
    if out:
        Path(out).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(out) / path.name)
    return path


def _ready(page) -> None:
    page.wait_for_selector("body[data-ready='1']", timeout=10_000)


def _query(page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}


def test_analyst_walkthrough(server, page, tmp_path, demo_total):
    page.goto(server + "/")
    _ready(page)
    assert page.locator("#timeline svg rect").count() > 4
    assert page.locator("#map svg path.country").count() > 100  # the shipped world outline
    assert page.locator("#map circle.place").count() >= 5
    assert page.locator("#network .node").count() >= 5
    assert page.locator("#dyads tbody tr").count() == 12
    assert page.locator("#events tbody tr").count() == 25
    assert f"{demo_total} matching" in page.locator("#events-count").inner_text()
    _shot(page, tmp_path, "dashboard")  # what a 1400x1250 window shows (README picture)
    _shot(page, tmp_path, "dashboard-full", full_page=True)
    for view in ("timeline-card", "map-card", "dyads-card", "events-card"):
        # the sticky filter bar would cover the top of a view scrolled to for its picture
        _shot(page.locator(f"#{view}"), tmp_path, view, style=".top { position: static; }")

    # filter by a country: every view follows, and the URL keeps it
    page.select_option("#f-country", "MMR")
    _ready(page)
    assert _query(page)["country"] == "MMR"
    n_mmr = int(page.locator("#events-count").inner_text().split()[0])
    assert 0 < n_mmr < demo_total
    for row in page.locator("#events tbody tr").all_inner_texts():
        assert "MMR" in row

    # brush across the latest bar: the period becomes a filter of the other views
    page.evaluate("window.scrollTo(0, 0)")  # element screenshots scrolled the page
    bars = page.locator("#timeline svg rect.bar")
    boxes = [b for b in (bars.nth(i).bounding_box() for i in range(bars.count())) if b]  # drawn bars
    last = max(boxes, key=lambda b: b["x"])
    overlay = page.locator("#timeline svg .overlay").bounding_box()
    y = overlay["y"] + overlay["height"] / 2
    page.mouse.move(last["x"] - 3, y)
    page.mouse.down()
    page.mouse.move(last["x"] + last["width"] / 2, y, steps=4)
    page.mouse.move(last["x"] + last["width"] + 3, y, steps=4)
    page.mouse.up()
    _ready(page)
    q = _query(page)
    assert q["country"] == "MMR" and "since" in q and "until" in q
    assert page.locator("#f-since").input_value() == q["since"]
    dates = [d for d in page.locator("#events tbody td.date").all_inner_texts()]
    assert dates and all(q["since"] <= d <= q["until"] for d in dates)
    assert int(page.locator("#events-count").inner_text().split()[0]) <= n_mmr
    _shot(page.locator("#timeline-card"), tmp_path, "timeline-brushed", style=".top { position: static; }")

    # open an event: its article, with the sentence highlighted in it
    row = page.locator("#events tbody tr").first
    sentence_start = row.locator("td.sentence").inner_text().rstrip("…")[:40]
    row.click()
    mark = page.locator("#article-text mark.sentence")
    mark.wait_for(state="visible")
    page.wait_for_selector("#article[data-event]")
    assert mark.inner_text().startswith(sentence_start)
    full_text = page.locator("#article-text").inner_text()
    assert len(full_text) > len(mark.inner_text())  # the whole article, not just the sentence
    assert page.locator("#article-text mark.sentence .src").count() == 1  # the source actor
    trigger = page.locator("#article-text mark.sentence .trigger")  # the word that tells the act
    assert trigger.count() == 1 and trigger.inner_text().strip() in mark.inner_text()
    assert trigger.inner_text().strip() and len(trigger.inner_text()) < len(mark.inner_text())
    assert page.locator("#mentions li").count() >= 1
    assert _query(page)["event"]
    _shot(page, tmp_path, "article")

    # the URL is a bookmark: a fresh load shows the same view, article open
    bookmark = page.url
    page.goto("about:blank")
    page.goto(bookmark)
    _ready(page)
    page.locator("#article-text mark.sentence").wait_for(state="visible")
    assert page.locator("#f-country").input_value() == "MMR"
    assert page.locator("#f-since").input_value() == q["since"]
