"""`eventmill feeds FILE`: poll RSS/Atom feeds, fetch each new item's page, extract, code, store.

State lives in the store's database (table `fetch_state`): the ETag/Last-Modified of every
feed and page fetched, and the feed's own date stamp of every item. An item whose stamp has
not moved since it was stored is not fetched again; a moved stamp leads to a conditional
request, and a changed text at the same URL replaces the old events.
"""
from __future__ import annotations

import calendar
import datetime as dt
import logging
import re
import time
import urllib.parse
from collections.abc import Callable, Iterator, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventmill.ingest.batch import ArticleCoder, Triage, code_and_store
from eventmill.ingest.fetch import Fetcher, FetchError, Validators
from eventmill.ingest.pages import extract_page, page_article
from eventmill.ingest.summary import Summary
from eventmill.store import Store
from eventmill.types import Article

__all__ = ["read_feed_list", "parse_every", "FetchState", "FeedPoller"]

log = logging.getLogger("eventmill.feeds")

_STATE_DDL = """CREATE TABLE IF NOT EXISTS fetch_state (
    url VARCHAR PRIMARY KEY, etag VARCHAR, last_modified VARCHAR, item_stamp VARCHAR,
    checked_at TIMESTAMP)"""


def read_feed_list(path: str | Path) -> list[str]:
    """Feed URLs, one per line; blank lines and `#` comments ignored."""
    urls = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            urls.append(line)
    return urls


def parse_every(text: str) -> float:
    """Seconds in "90", "30s", "15m", "2h"."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smh]?)\s*", text)
    if not m:
        raise ValueError(f"not a duration: {text!r} (e.g. 30s, 15m, 1h)")
    return float(m.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600}[m.group(2)]


class FetchState(MutableMapping):
    """URL -> (ETag, Last-Modified) in the store, plus each item's feed stamp."""

    def __init__(self, store: Store) -> None:
        self.con = store.con
        self.con.execute(_STATE_DDL)

    def __getitem__(self, url: str) -> Validators:
        row = self.con.execute("SELECT etag, last_modified FROM fetch_state WHERE url = ?", [url]).fetchone()
        if row is None:
            raise KeyError(url)
        return row[0], row[1]

    def __setitem__(self, url: str, value: Validators) -> None:
        self.con.execute(
            "INSERT INTO fetch_state (url, etag, last_modified, checked_at) VALUES (?, ?, ?, now())"
            " ON CONFLICT (url) DO UPDATE SET etag = excluded.etag,"
            " last_modified = excluded.last_modified, checked_at = now()", [url, value[0], value[1]])

    def __delitem__(self, url: str) -> None:
        self.con.execute("DELETE FROM fetch_state WHERE url = ?", [url])

    def __iter__(self) -> Iterator[str]:
        return iter([r[0] for r in self.con.execute("SELECT url FROM fetch_state").fetchall()])

    def __len__(self) -> int:
        return int(self.con.execute("SELECT count(*) FROM fetch_state").fetchone()[0])

    def stamp(self, url: str) -> str | None:
        row = self.con.execute("SELECT item_stamp FROM fetch_state WHERE url = ?", [url]).fetchone()
        return row[0] if row else None

    def set_stamp(self, url: str, stamp: str) -> None:
        self.con.execute(
            "INSERT INTO fetch_state (url, item_stamp, checked_at) VALUES (?, ?, now())"
            " ON CONFLICT (url) DO UPDATE SET item_stamp = excluded.item_stamp, checked_at = now()",
            [url, stamp])


@dataclass
class Item:
    url: str
    stamp: str  # the feed's updated/published value: a moved stamp means "look again"
    published: dt.date | None
    outlet: str


def _entry_date(entry: Any) -> dt.date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            return dt.datetime.fromtimestamp(calendar.timegm(parsed), dt.timezone.utc).date()
    return None


def _host(url: str) -> str:
    host = urllib.parse.urlsplit(url).netloc.lower()
    return host[4:] if host.startswith("www.") else host


class FeedPoller:
    """Polls a list of feeds into a store; one coder for its whole life, built on first need."""

    def __init__(self, store: Store, coder_factory: Callable[[], ArticleCoder],
                 fetcher: Fetcher | None = None, summary: Summary | None = None) -> None:
        self.store = store
        self.state = FetchState(store)
        self.fetcher = fetcher or Fetcher()
        self.fetcher.validators = self.state
        self.coder_factory = coder_factory
        self.coder: ArticleCoder | None = None
        self.summary = summary or Summary()
        self.triage = Triage(store, self.summary)

    def items(self, feed_url: str) -> list[Item]:
        """The feed's items (none when it is unchanged since the last poll or fails)."""
        import feedparser

        try:
            answer = self.fetcher.get(feed_url)
        except FetchError as err:
            log.warning("feed failed: %s", err)
            self.summary.skip("feed failed")
            return []
        if answer.not_modified:
            return []
        parsed = feedparser.parse(answer.body, response_headers={
            "content-location": answer.url, **answer.headers})
        if parsed.bozo and not parsed.entries:
            log.warning("feed failed: %s: not a readable RSS/Atom feed (%s)", feed_url,
                        parsed.get("bozo_exception"))
            self.summary.skip("feed failed")
            return []
        outlet = (parsed.feed.get("title") or "").strip() or _host(feed_url)
        items = []
        for entry in parsed.entries:
            link = entry.get("link")
            if not link:
                continue
            link = urllib.parse.urljoin(answer.url, link)
            # plain key look-ups: feedparser's get("updated") falls back to "published" noisily
            stamp = next((entry[k] for k in ("updated", "published", "id") if k in entry.keys()), link)
            items.append(Item(link, str(stamp), _entry_date(entry), outlet))
        return items

    def article(self, item: Item) -> Article | None:
        """The item's page as an article; None (logged, counted) when it cannot be had."""
        try:
            answer = self.fetcher.get(item.url)
        except FetchError as err:
            log.warning("page failed: %s", err)
            self.summary.skip("page failed")
            return None
        if answer.not_modified:
            self.summary.skip("page not modified")
            self.state.set_stamp(item.url, item.stamp)
            return None
        page = extract_page(answer.body, answer.url)
        if page is None:
            log.warning("page failed: %s: no article text found", item.url)
            self.summary.skip("no article text")
            return None
        try:
            return page_article(page, origin=item.url, url=item.url, source=item.outlet,
                                fallback_date=item.published or dt.date.today(),
                                fallback_dated=item.published is not None)
        except ValueError as err:
            log.warning("page failed: %s: %s", item.url, err)
            self.summary.skip("no date")
            return None

    def poll_once(self, feed_urls: list[str], progress: Callable[[int], None] | None = None) -> None:
        """One pass over every feed: new and moved items fetched, coded and stored."""
        for feed_url in feed_urls:
            fresh: list[tuple[Item, Article]] = []
            for item in self.items(feed_url):
                if self.state.stamp(item.url) == item.stamp:
                    continue  # stored before and the feed says it has not changed
                article = self.article(item)
                self.summary.read += article is not None
                if article is None:  # not stamped: tried again at the next poll
                    continue
                fresh.append((item, article))
                if progress:
                    progress(1)
            todo = self.triage([a for _, a in fresh])
            if todo:
                self.coder = self.coder or self.coder_factory()
                code_and_store(self.store, self.coder, todo, self.summary)
            for item, _ in fresh:  # after saving: a crash before it means fetching again
                self.state.set_stamp(item.url, item.stamp)

    def run(self, feed_urls: list[str], every: float, *, polls: int | None = None,
            progress: Callable[[int], None] | None = None,
            sleep: Callable[[float], None] = time.sleep) -> None:
        """Poll every `every` seconds until interrupted (or `polls` times)."""
        done = 0
        while True:
            started = time.monotonic()
            self.poll_once(feed_urls, progress)
            done += 1
            log.info("poll %d: %d articles coded, %d events stored so far", done,
                     self.summary.coded, self.summary.events)
            if polls is not None and done >= polls:
                return
            sleep(max(every - (time.monotonic() - started), 0.0))
