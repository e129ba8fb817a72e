"""A polite HTTP client for feeds and pages.

* one request at a time per host, at least `per_host_interval` seconds apart;
* conditional requests: the ETag and Last-Modified of the last answer are sent back, and a
  304 costs the site nothing;
* a time limit on the whole request (a page that trickles in byte by byte is cut off), a size
  limit on the body, redirects followed (loops stopped);
* retries with exponential back-off on time-outs, connection errors, 429 and 5xx (Retry-After
  honoured up to the back-off cap); other errors (404, 410, ...) fail at once;
* every final failure raises FetchError with one readable line saying what and where.
"""
from __future__ import annotations

import email.utils
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass, field

__all__ = ["Fetcher", "FetchError", "Response", "Validators"]

USER_AGENT = "eventmill/0.1 (political event coding; polite: one request per host at a time)"

Validators = tuple[str | None, str | None]  # (ETag, Last-Modified)


class FetchError(Exception):
    """A request that failed for good; str() is the log line."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


@dataclass
class Response:
    url: str  # after redirects
    status: int  # 200, or 304 when not modified
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class _Retry(Exception):
    def __init__(self, reason: str, wait: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.wait = wait


class Fetcher:
    """GET with manners. `validators` maps URL -> (ETag, Last-Modified) and is updated after
    every 200; pass a persistent mapping to keep conditional requests across runs."""

    def __init__(self, *, per_host_interval: float = 1.0, timeout: float = 20.0, retries: int = 3,
                 backoff: float = 2.0, max_backoff: float = 60.0, max_bytes: int = 5_000_000,
                 validators: MutableMapping[str, Validators] | None = None,
                 user_agent: str = USER_AGENT,
                 sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.per_host_interval = per_host_interval
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.max_bytes = max_bytes
        self.validators: MutableMapping[str, Validators] = {} if validators is None else validators
        self.user_agent = user_agent
        self._sleep = sleep
        self._clock = clock
        self._last_hit: dict[str, float] = {}

    def get(self, url: str, conditional: bool = True) -> Response:
        """The page at `url` (status 304 and an empty body when unchanged since last time)."""
        attempt = 0
        while True:
            self._wait_turn(url)
            try:
                return self._once(url, conditional)
            except _Retry as retry:
                if attempt >= self.retries:
                    raise FetchError(url, f"{retry.reason} (gave up after {attempt + 1} tries)") from None
                delay = min(self.backoff * 2 ** attempt, self.max_backoff)
                if retry.wait is not None:
                    delay = min(max(delay, retry.wait), self.max_backoff)
                attempt += 1
                self._sleep(delay)

    # -- one request ------------------------------------------------------------------------
    def _wait_turn(self, url: str) -> None:
        host = urllib.parse.urlsplit(url).netloc.lower()
        last = self._last_hit.get(host)
        if last is not None:
            gap = self.per_host_interval - (self._clock() - last)
            if gap > 0:
                self._sleep(gap)
        self._last_hit[host] = self._clock()

    def _once(self, url: str, conditional: bool) -> Response:
        headers = {"User-Agent": self.user_agent, "Accept-Encoding": "identity"}
        etag, modified = self.validators.get(url, (None, None)) if conditional else (None, None)
        if etag:
            headers["If-None-Match"] = etag
        if modified:
            headers["If-Modified-Since"] = modified
        request = urllib.request.Request(url, headers=headers)
        started = self._clock()
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                length = answer.headers.get("Content-Length")
                if length and length.isdigit() and int(length) > self.max_bytes:
                    raise FetchError(url, f"page too large ({int(length)} bytes, limit {self.max_bytes})")
                body = self._read(answer, url, started)
                final = answer.geturl()
                got = {k.lower(): v for k, v in answer.headers.items()}
        except urllib.error.HTTPError as err:
            if err.code == 304:
                return Response(url=url, status=304)
            if 300 <= err.code < 400:
                raise FetchError(url, f"redirect loop or too many redirects (HTTP {err.code})") from None
            if err.code == 429 or err.code >= 500:
                raise _Retry(f"HTTP {err.code} {err.reason}", _retry_after(err.headers.get("Retry-After")))
            raise FetchError(url, f"HTTP {err.code} {err.reason}") from None
        except urllib.error.URLError as err:
            reason = err.reason
            if isinstance(reason, (socket.timeout, TimeoutError)):
                raise _Retry(f"timed out after {self.timeout:g} s") from None
            raise _Retry(f"cannot connect: {reason}") from None
        except (socket.timeout, TimeoutError):
            raise _Retry(f"timed out after {self.timeout:g} s") from None
        except (ConnectionError, OSError) as err:
            raise _Retry(f"connection failed: {err}") from None
        if got.get("etag") or got.get("last-modified"):
            self.validators[url] = (got.get("etag"), got.get("last-modified"))
        return Response(url=final, status=200, body=body, headers=got)

    def _read(self, answer, url: str, started: float) -> bytes:  # noqa: ANN001 (an HTTPResponse)
        chunks: list[bytes] = []
        size = 0
        while True:
            if self._clock() - started > self.timeout:
                raise _Retry(f"timed out after {self.timeout:g} s (page still arriving)")
            chunk = answer.read(65536)
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            if size > self.max_bytes:
                raise FetchError(url, f"page too large (over {self.max_bytes} bytes)")
            chunks.append(chunk)


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(when.timestamp() - time.time(), 0.0)
