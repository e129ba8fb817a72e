"""Which incoming articles the store already holds: the rule that makes runs idempotent and
resumable.

An article is known by its URL when it has one, else by its date and text:

* same URL, same text            -> "unchanged": not coded again
* same URL, other text           -> "changed": coded, and the old article and events replaced
* no URL, same id and same text  -> "unchanged"
* no URL, same date and text under another id (a reprint, a corpus read twice) -> "duplicate"
* anything else                  -> "new"

A run killed at any point and started again therefore skips what was committed and codes the
rest: every article ends up stored exactly once.
"""
from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import duckdb

from eventmill.types import Article

__all__ = ["text_hash", "url_id", "Verdict", "classify", "stored_event_dicts", "drop_urls"]

NEW, CHANGED, UNCHANGED, DUPLICATE = "new", "changed", "unchanged", "duplicate"


def text_hash(text: str) -> str:
    """md5 of the exact text, as the store's `articles.text_hash` (DuckDB md5())."""
    return hashlib.md5(text.encode("utf-8")).hexdigest()


def url_id(url: str) -> str:
    """Article id for a page known by its URL: the same URL always gets the same id, so a
    changed text at that URL replaces the old one."""
    return "u" + hashlib.sha1(url.strip().encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Verdict:
    status: str  # new, changed, unchanged, duplicate
    stored_id: str | None = None  # the stored article it matched

    @property
    def code_it(self) -> bool:
        return self.status in (NEW, CHANGED)


def classify(con: duckdb.DuckDBPyConnection, articles: Sequence[Article]) -> list[Verdict]:
    """A verdict per article against the `articles` table (one query per call)."""
    if not articles:
        return []
    hashes = [text_hash(a.text) for a in articles]
    urls = sorted({a.url for a in articles if a.url})
    ids = sorted({a.id for a in articles})
    rows = con.execute(
        "SELECT article_id, url, text_hash, date FROM articles"
        " WHERE article_id IN (SELECT unnest(?::VARCHAR[])) OR url IN (SELECT unnest(?::VARCHAR[]))"
        " OR text_hash IN (SELECT unnest(?::VARCHAR[]))",
        [ids, urls, sorted(set(hashes))],
    ).fetchall()
    by_url: dict[str, list[tuple[str, str]]] = {}
    by_id: dict[str, str] = {}
    by_text: dict[tuple[str, object], str] = {}
    for aid, url, h, date in rows:
        if url:
            by_url.setdefault(url, []).append((aid, h))
        by_id[aid] = h
        by_text.setdefault((h, date), aid)
    out = []
    for a, h in zip(articles, hashes):
        if a.url:
            stored = by_url.get(a.url, [])
            same = next((aid for aid, sh in stored if sh == h), None)
            if same is not None:
                out.append(Verdict(UNCHANGED, same))
            elif stored:
                out.append(Verdict(CHANGED, stored[0][0]))
            else:
                out.append(Verdict(NEW))
        elif by_id.get(a.id) == h:
            out.append(Verdict(UNCHANGED, a.id))
        elif (h, a.date) in by_text:
            out.append(Verdict(DUPLICATE, by_text[(h, a.date)]))
        else:
            out.append(Verdict(NEW))
    return out


def drop_urls(con: duckdb.DuckDBPyConnection, articles: Sequence[Article]) -> None:
    """Delete stored articles (and their events) that share a URL with one of `articles` under
    another id: the new text replaces them even when an input renamed its ids."""
    pairs = [(a.url, a.id) for a in articles if a.url]
    if not pairs:
        return
    urls = [u for u, _ in pairs]
    keep = [i for _, i in pairs]
    stale = [r[0] for r in con.execute(
        "SELECT article_id FROM articles WHERE url IN (SELECT unnest(?::VARCHAR[]))"
        " AND article_id NOT IN (SELECT unnest(?::VARCHAR[]))", [urls, keep]).fetchall()]
    if stale:
        con.execute("DELETE FROM events WHERE article_id IN (SELECT unnest(?::VARCHAR[]))", [stale])
        con.execute("DELETE FROM articles WHERE article_id IN (SELECT unnest(?::VARCHAR[]))", [stale])


def stored_event_dicts(con: duckdb.DuckDBPyConnection, article_ids: Sequence[str]) -> dict[str, list[dict]]:
    """Stored events of the given articles in Event.to_dict() shape, by article, in span order."""
    from eventmill.store.database import _EVENT_COLUMNS
    from eventmill.store.queries import row_to_event

    if not article_ids:
        return {}
    cur = con.execute(
        f"SELECT {', '.join(_EVENT_COLUMNS)} FROM events WHERE article_id IN"
        " (SELECT unnest(?::VARCHAR[])) ORDER BY article_id, span_start, event_id", [list(article_ids)])
    names = [d[0] for d in cur.description]
    out: dict[str, list[dict]] = {}
    for r in cur.fetchall():
        row = dict(zip(names, r))
        out.setdefault(row["article_id"], []).append(row_to_event(row))
    return out
