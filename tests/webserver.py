"""A small HTTP server on 127.0.0.1 for the feed and page tests: feeds, article pages with
ETags, a 404, a redirect loop, a slow page, a huge page and a flaky one."""
from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def article_html(title: str, paragraphs: list[str], date: str | None, url: str | None = None) -> str:
    meta = f'<meta property="article:published_time" content="{date}T08:00:00Z">' if date else ""
    canon = f'<link rel="canonical" href="{url}">' if url else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!doctype html><html><head><title>{title}</title>{meta}{canon}</head><body>"
            "<nav><a href='/'>Home</a> <a href='/world'>World</a> <a href='/sport'>Sport</a></nav>"
            f"<article><h1>{title}</h1>{body}</article>"
            "<footer>Copyright Test Wire. All rights reserved. Contact us. Privacy.</footer>"
            "</body></html>")


def rss(title: str, items: list[tuple[str, str, str]]) -> str:
    """items: (link, title, RFC 822 date)."""
    body = "".join(f"<item><title>{t}</title><link>{link}</link><pubDate>{d}</pubDate>"
                   f"<guid>{link}</guid></item>" for link, t, d in items)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>'
            f"<link>http://example.test/</link><description>d</description>{body}</channel></rss>")


@dataclass
class Site:
    """What the server answers: path -> (content type, body); plus a request log."""

    pages: dict[str, tuple[str, str]] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    flaky_left: int = 2
    slow_seconds: float = 3.0
    huge_bytes: int = 3_000_000
    base: str = ""


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # quiet
            pass

        def do_GET(self) -> None:  # noqa: N802
            site.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
            if self.path == "/loop":
                self.send_response(302)
                self.send_header("Location", "/loop")
                self.end_headers()
            elif self.path == "/slow":
                time.sleep(site.slow_seconds)
                self._send("text/html", "<html><body><p>late</p></body></html>")
            elif self.path == "/huge":  # no Content-Length: the client must cut it off itself
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                chunk = b"<p>" + b"x" * 65530 + b"</p>"
                try:
                    for _ in range(site.huge_bytes // len(chunk) + 1):
                        self.wfile.write(chunk)
                except (BrokenPipeError, ConnectionResetError):
                    pass
            elif self.path == "/flaky" and site.flaky_left > 0:
                site.flaky_left -= 1
                self.send_response(503)
                self.send_header("Content-Length", "0")
                self.end_headers()
            elif self.path in site.pages:
                ctype, body = site.pages[self.path]
                etag = '"' + hashlib.md5(body.encode()).hexdigest() + '"'
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                self._send(ctype, body, etag)
            else:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()

        def _send(self, ctype: str, body: str, etag: str | None = None) -> None:
            data = body.encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            if etag:
                self.send_header("ETag", etag)
            self.end_headers()
            try:
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass

    return Handler


class LocalServer:
    """`with LocalServer() as site:` serves `site` on 127.0.0.1 at `site.base`."""

    def __enter__(self) -> Site:
        self.site = Site()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.site))
        self.server.daemon_threads = True
        self.site.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self.site

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
