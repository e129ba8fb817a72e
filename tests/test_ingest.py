"""Continuous ingest, offline: HTML and WARC files, a watched folder, feeds and pages served by
a local HTTP server on 127.0.0.1 (a 404, a redirect loop, a slow, a huge and a flaky page)."""
from __future__ import annotations

import datetime as dt
import io
import logging
import os
from pathlib import Path

import pytest

from eventmill.cli import main
from eventmill.ingest.feeds import FeedPoller, parse_every, read_feed_list
from eventmill.ingest.fetch import Fetcher, FetchError
from eventmill.ingest.pages import read_html, read_warc
from eventmill.ingest.watch import Watcher
from eventmill.store import Store
from eventmill.store.seen import url_id
from webserver import LocalServer, article_html, rss

IRAN = ["Iran condemned Israel on Monday over the strike near Damascus, the foreign ministry said.",
        "Officials in Tehran said the government would raise the matter at the United Nations.",
        "Diplomats in the region said the dispute had been building for several weeks."]
EGYPT = ["Egypt praised Turkey on Tuesday for its help with the ceasefire talks in Gaza.",
         "The foreign ministry in Cairo said the two countries would meet again next month.",
         "Analysts said relations between the two governments had improved this year."]


def _fetcher(**kw) -> Fetcher:
    sleeps: list[float] = []
    fetcher = Fetcher(per_host_interval=kw.pop("per_host_interval", 0.0), timeout=kw.pop("timeout", 0.5),
                      retries=kw.pop("retries", 1), backoff=0.01, max_bytes=kw.pop("max_bytes", 1_000_000),
                      sleep=sleeps.append, **kw)
    fetcher.sleeps = sleeps  # type: ignore[attr-defined]
    return fetcher


# -- pages ----------------------------------------------------------------------------------

def test_html_file_gives_text_date_and_url(tmp_path):
    page = tmp_path / "p.html"
    page.write_text(article_html("Iran condemns Israel", IRAN, "2020-03-02", "https://news.test/iran"))
    errors: list = []
    (article,) = list(read_html(page, lambda *e: errors.append(e)))
    assert not errors
    assert article.date == dt.date(2020, 3, 2) and article.url == "https://news.test/iran"
    assert article.id == url_id("https://news.test/iran")
    assert IRAN[0] in article.text and "Privacy" not in article.text and "Sport" not in article.text


def test_html_without_date_or_text_is_reported(tmp_path):
    undated = tmp_path / "u.html"
    undated.write_text(article_html("No date", IRAN, None))
    empty = tmp_path / "e.html"
    empty.write_text("<html><body><div></div></body></html>")
    errors: list = []
    assert list(read_html(undated, lambda *e: errors.append(e))) == []
    assert list(read_html(empty, lambda *e: errors.append(e))) == []
    assert [m for _, m in errors] == ["no publication date found in the page",
                                      "no article text found in the page"]


def _warc(path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for url, status, ctype, body in [
            ("https://news.test/iran", "200 OK", "text/html; charset=utf-8",
             article_html("Iran", IRAN, "2020-03-02")),
            ("https://news.test/logo.png", "200 OK", "image/png", "PNG"),
            ("https://news.test/gone", "404 Not Found", "text/html", "<p>gone</p>"),
            ("https://news.test/egypt", "200 OK", "text/html", article_html("Egypt", EGYPT, None)),
        ]:
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(body.encode()),
                                               http_headers=headers,
                                               warc_headers_dict={"WARC-Date": "2020-03-05T10:00:00Z"})
            writer.write_record(record)


def test_warc_html_responses_become_articles(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    _warc(path)
    errors: list = []
    articles = list(read_warc(path, lambda *e: errors.append(e)))
    assert not errors
    assert [(a.url, a.date, a.undated) for a in articles] == [
        ("https://news.test/iran", dt.date(2020, 3, 2), False),
        ("https://news.test/egypt", dt.date(2020, 3, 5), True)]  # capture date stands in


def test_broken_warc_is_reported_not_fatal(tmp_path):
    broken = tmp_path / "broken.warc.gz"
    broken.write_bytes(b"\x1f\x8b\x08\x00 this is not a gzip member at all")
    plain = tmp_path / "plain.warc"
    plain.write_text("WARC/1.0\r\nnot: a record\r\n\r\n")
    errors: list = []
    assert list(read_warc(broken, lambda *e: errors.append(e))) == []
    assert list(read_warc(plain, lambda *e: errors.append(e))) == []
    assert [loc for loc, _ in errors] == [str(broken), str(plain)]
    assert all(m.startswith("not a readable WARC file") for _, m in errors)


def test_code_reads_html_and_warc_and_skips_them_on_rerun(tmp_path, capsys):
    inputs = tmp_path / "in"
    inputs.mkdir()
    _warc(inputs / "crawl.warc.gz")
    (inputs / "page.html").write_text(article_html("Egypt", EGYPT, "2020-04-01", "https://b.test/egypt"))
    db = str(tmp_path / "h.duckdb")
    assert main(["code", str(inputs), "--db", db, "--quiet"]) == 0
    with Store(db) as store:
        urls = {r[0] for r in store.con.execute("SELECT url FROM articles").fetchall()}
        assert urls == {"https://news.test/iran", "https://news.test/egypt", "https://b.test/egypt"}
        assert store.count_events() > 0
    capsys.readouterr()
    assert main(["code", str(inputs), "--db", db, "--quiet"]) == 0
    assert "coded 0, skipped 3 (3 already stored)" in capsys.readouterr().err


# -- the polite fetcher --------------------------------------------------------------------

def test_fetcher_failures_are_one_clear_line_each():
    with LocalServer() as site:
        site.slow_seconds = 2.0
        fetcher = _fetcher(timeout=0.3, max_bytes=500_000)
        reasons = {}
        for path in ("/missing", "/loop", "/slow", "/huge"):
            with pytest.raises(FetchError) as err:
                fetcher.get(site.base + path)
            reasons[path] = str(err.value)
    assert reasons["/missing"].endswith("/missing: HTTP 404 Not Found")
    assert "redirect loop" in reasons["/loop"]
    assert "timed out" in reasons["/slow"] and "gave up after 2 tries" in reasons["/slow"]
    assert "too large" in reasons["/huge"]
    assert all("\n" not in r for r in reasons.values())


def test_fetcher_retries_backs_off_and_spaces_requests_per_host():
    with LocalServer() as site:
        site.pages["/a"] = site.pages["/flaky"] = ("text/html", "<p>a</p>")
        fetcher = _fetcher(retries=3, per_host_interval=5.0, clock=lambda: 0.0)  # time stands still
        assert fetcher.get(site.base + "/flaky").status == 200  # 503, 503, then the page
        assert [p for p, _ in site.requests] == ["/flaky"] * 3
        # doubling back-off, and before every retry a wait for the host's turn
        assert fetcher.sleeps == [0.01, 5.0, 0.02, 5.0]
        fetcher.get(site.base + "/a")
        again = fetcher.get(site.base + "/a")
        assert again.not_modified and site.requests[-1][1].get("if-none-match")


# -- feeds ---------------------------------------------------------------------------------

def _newsroom(site) -> None:
    b = site.base
    site.pages["/a1"] = ("text/html", article_html("Iran", IRAN, "2020-03-02"))
    site.pages["/a2"] = ("text/html", article_html("Egypt", EGYPT, "2020-03-03"))
    items = [(f"{b}/a1", "Iran", "Mon, 02 Mar 2020 08:00:00 GMT"),
             (f"{b}/a2", "Egypt", "Tue, 03 Mar 2020 08:00:00 GMT"),
             (f"{b}/missing", "Gone", "Tue, 03 Mar 2020 09:00:00 GMT"),
             (f"{b}/loop", "Loop", "Tue, 03 Mar 2020 10:00:00 GMT"),
             (f"{b}/slow", "Slow", "Tue, 03 Mar 2020 11:00:00 GMT"),
             (f"{b}/huge", "Huge", "Tue, 03 Mar 2020 12:00:00 GMT")]
    site.pages["/feed.xml"] = ("application/rss+xml", rss("Test Wire", items))
    site.pages["/other.xml"] = ("application/rss+xml", rss("Other Wire", items[1:2]))


def test_feeds_fetch_code_store_and_stay_polite(coder, tmp_path, caplog):
    caplog.set_level(logging.WARNING, logger="eventmill.feeds")
    with LocalServer() as site, Store(tmp_path / "f.duckdb", tone=False) as store:
        site.slow_seconds = 1.0
        _newsroom(site)
        feeds = [site.base + "/feed.xml", site.base + "/other.xml"]
        poller = FeedPoller(store, lambda: coder, _fetcher(timeout=0.3, max_bytes=500_000))
        poller.poll_once(feeds)
        rows = store.con.execute("SELECT url, source, date FROM articles ORDER BY url").fetchall()
        assert rows == [(site.base + "/a1", "Test Wire", dt.date(2020, 3, 2)),
                        (site.base + "/a2", "Test Wire", dt.date(2020, 3, 3))]
        assert {e["source"]["country"] for e in store.query()} >= {"IRN", "EGY"}
        failures = [r.getMessage() for r in caplog.records]
        assert len(failures) == 4 and all(m.startswith("page failed: http://127.0.0.1") for m in failures)
        assert any("/missing: HTTP 404" in m for m in failures)
        events = store.count_events()

        # second poll: the feeds answer 304 and no page is asked for again
        asked = len(site.requests)
        poller.poll_once(feeds)
        assert [p for p, h in site.requests[asked:]] == ["/feed.xml", "/other.xml"]
        assert all(h.get("if-none-match") for _, h in site.requests[asked:])
        assert store.count_events() == events and store.count_articles() == 2

        # the article at /a1 changes: its events are replaced, nothing is doubled
        site.pages["/a1"] = ("text/html", article_html("Egypt", EGYPT[:1] + IRAN[1:], "2020-03-02"))
        site.pages["/feed.xml"] = ("application/rss+xml", site.pages["/feed.xml"][1].replace(
            "Mon, 02 Mar 2020 08:00:00 GMT", "Mon, 02 Mar 2020 18:00:00 GMT"))
        poller.poll_once(feeds)
        a1 = [e for e in store.query() if e["article_id"] == url_id(site.base + "/a1")]
        assert a1 and "IRN" not in {e["source"]["country"] for e in a1 if e["root"] == "11"}
        assert store.count_articles() == 2


def test_feeds_command_once(tmp_path, capsys):
    with LocalServer() as site:
        _newsroom(site)
        site.pages["/feed.xml"] = ("application/rss+xml", rss("Test Wire", [
            (site.base + "/a2", "Egypt", "Tue, 03 Mar 2020 08:00:00 GMT")]))
        feeds = tmp_path / "feeds.txt"
        feeds.write_text(f"# wires\n{site.base}/feed.xml\n\n")
        assert read_feed_list(feeds) == [site.base + "/feed.xml"]
        db = str(tmp_path / "c.duckdb")
        assert main(["feeds", str(feeds), "--db", db, "--once", "--quiet", "--host-interval", "0"]) == 0
    err = capsys.readouterr().err
    assert "read 1 articles, coded 1" in err
    assert parse_every("15m") == 900 and parse_every("30s") == 30 and parse_every("1h") == 3600


# -- watch ---------------------------------------------------------------------------------

def test_watch_codes_new_and_changed_files_once_they_settle(coder, tmp_path):
    folder = tmp_path / "drop"
    folder.mkdir()
    with Store(tmp_path / "w.duckdb", tone=False) as store:
        watcher = Watcher(folder, store, lambda: coder)
        first = folder / "one.txt"
        first.write_text("date 2020-03-02\n" + " ".join(IRAN))
        assert watcher.poll_once() == 0  # first sighting: might still be being written
        assert watcher.poll_once() == 1 and store.count_articles() == 1
        assert watcher.poll_once() == 0  # nothing new

        (folder / "two.jsonl").write_text('{"id": "j1", "date": "2020-03-03", "text": "%s"}\n' % EGYPT[0])
        first.write_text("date 2020-03-02\n" + " ".join(EGYPT))  # changed in place
        os.utime(first, ns=(1, 1))
        watcher.poll_once()
        assert watcher.poll_once() == 2
        origins = sorted(r[0] for r in store.con.execute("SELECT origin FROM articles").fetchall())
        assert origins == [str(first), f"{folder / 'two.jsonl'}:1"]  # the old text of one.txt is gone
        assert watcher.summary.coded == 3
