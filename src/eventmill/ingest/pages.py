"""Articles from web pages: HTML files, WARC archives and fetched pages all go through one
extractor (trafilatura), which finds the article text and its publication date and drops the
menus, footers and comments around them.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from eventmill.store.seen import url_id
from eventmill.types import Article

__all__ = ["Page", "extract_page", "page_article", "read_html", "read_warc"]

ErrorHandler = Callable[[str, str], None]

_BLANK_RUNS = re.compile(r"\n{3,}")


@dataclass
class Page:
    text: str
    date: dt.date | None
    url: str | None
    title: str | None
    sitename: str | None


def extract_page(html: str | bytes, url: str | None = None) -> Page | None:
    """The article in an HTML page, or None when the page holds no article text."""
    import trafilatura

    doc = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False,
        favor_precision=True, date_extraction_params={"original_date": True, "extensive_search": True})
    if doc is None or not (doc.text or "").strip():
        return None
    # trafilatura puts one block per line; eventmill's article stage wants blank-line paragraphs
    text = _BLANK_RUNS.sub("\n\n", doc.text.strip().replace("\n", "\n\n"))
    date = None
    if doc.date:
        try:
            date = dt.date.fromisoformat(str(doc.date)[:10])
        except ValueError:
            date = None
    return Page(text=text, date=date, url=doc.url or url, title=doc.title, sitename=doc.sitename)


def page_article(page: Page, origin: str, *, url: str | None = None, source: str | None = None,
                 fallback_date: dt.date | None = None, fallback_dated: bool = False) -> Article:
    """An Article from an extracted page, keyed by its URL when it has one. Without a
    publication date in the page, `fallback_date` stands in (flagged undated unless
    `fallback_dated`: a feed's own publication date is a real one). Raises ValueError when
    there is no date at all."""
    from eventmill.io.readers import stable_id

    url = url or page.url
    if page.date is not None:
        date, undated = page.date, False
    elif fallback_date is not None:
        date, undated = fallback_date, not fallback_dated
    else:
        raise ValueError("no publication date found in the page")
    return Article(id=url_id(url) if url else stable_id(page.text), date=date, text=page.text,
                   url=url, source=source or page.sitename, origin=origin, undated=undated)


def read_html(path: Path, on_error: ErrorHandler) -> Iterator[Article]:
    """One article from a saved HTML page."""
    loc = str(path)
    try:
        page = extract_page(path.read_bytes())
        if page is None:
            raise ValueError("no article text found in the page")
        yield page_article(page, loc)
    except OSError as exc:
        on_error(loc, f"cannot read file: {exc.strerror or exc}")
    except ValueError as exc:
        on_error(loc, str(exc))


def _warc_date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def read_warc(path: Path, on_error: ErrorHandler) -> Iterator[Article]:
    """Articles from the HTML responses of a WARC (or .warc.gz) file; the capture date stands in
    for a publication date the page does not give."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    with path.open("rb") as fh:
        records = ArchiveIterator(fh)
        try:
            for record in records:
                # warcio reads garbage leniently, as records without headers
                if record.rec_headers.get_header("WARC-Type") is None:
                    on_error(str(path), "not a readable WARC file: a record without a WARC-Type")
                    return
                if record.rec_type not in ("response", "resource"):
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                if record.http_headers is not None:
                    status = record.http_headers.get_statuscode()
                    ctype = record.http_headers.get_header("Content-Type") or ""
                else:
                    status, ctype = "200", record.rec_headers.get_header("Content-Type") or ""
                if status != "200" or "html" not in ctype.lower():
                    continue
                body = record.content_stream().read()
                loc = f"{path}@{records.get_record_offset()}"  # only once the body is read
                try:
                    page = extract_page(body, url)
                    if page is None:
                        raise ValueError(f"no article text found in {url}")
                    yield page_article(page, loc, url=url, fallback_date=_warc_date(
                        record.rec_headers.get_header("WARC-Date")))
                except ValueError as exc:
                    on_error(loc, str(exc))
        except ArchiveLoadFailed as exc:
            on_error(str(path), f"not a readable WARC file: {exc}")
