"""A small news site on 127.0.0.1 for ingest tests: a feed (RSS and Atom), article pages with
ETag/Last-Modified and 304s, a 404, a slow page, and a page that fails with 503 once.

Every request is logged (path, conditional headers, status) so tests can count what the
ingester asked for.
"""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "ingest"
LAST_MODIFIED = "Fri, 27 Nov 2026 06:00:00 GMT"
SLOW_SECONDS = 3.0


@dataclass
class Request:
    path: str
    if_none_match: str
    if_modified_since: str
    status: int = 0  # 0 while the answer is pending (a slow page the client gave up on)


@dataclass
class NewsSite:
    base: str = ""
    log: list[Request] = field(default_factory=list)
    pages: dict[str, bytes] = field(default_factory=dict)  # path -> body; a test may edit one
    flaky: set[str] = field(default_factory=lambda: {"/news/market.html"})  # 503 on first GET

    def requests_for(self, path: str) -> list[Request]:
        return [r for r in self.log if r.path == path]


def _handler(site: NewsSite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # keep pytest's output clean
            pass

        def do_GET(self) -> None:
            request = Request(
                self.path, self.headers.get("If-None-Match", ""), self.headers.get("If-Modified-Since", "")
            )
            site.log.append(request)  # logged on arrival, so a request still sleeping counts
            self.request_record = request
            try:
                self._answer()
            except (BrokenPipeError, ConnectionResetError):
                request.status = -1  # the client hung up (it timed out): expected for the slow page

        def _answer(self) -> int:
            path = self.path
            if path == "/news/slow.html":
                time.sleep(SLOW_SECONDS)
            if path in site.flaky:
                site.flaky.discard(path)
                return self._send(503, b"busy", "text/plain", {"Retry-After": "0"})
            body = site.pages.get(path)
            if body is None:
                return self._send(404, b"<h1>Not found</h1>", "text/html")
            kind = "application/rss+xml" if path.endswith(".rss") else (
                "application/atom+xml" if path.endswith(".atom") else "text/html; charset=utf-8"
            )
            etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            headers = {"ETag": etag, "Last-Modified": LAST_MODIFIED}
            if self.headers.get("If-None-Match") == etag:
                return self._send(304, b"", kind, headers)
            return self._send(200, body, kind, headers)

        def _send(self, status: int, body: bytes, kind: str, headers: dict | None = None) -> int:
            # recorded before the body goes out: a client holding the body may read the log at once
            self.request_record.status = status
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            if status != 304:
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if status != 304:
                self.wfile.write(body)
            return status

    return Handler


class Server:
    """``with Server() as site:`` serves the fixture site on a free port until the block ends."""

    def __enter__(self) -> NewsSite:
        self.site = NewsSite()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.site))
        self.httpd.daemon_threads = True
        self.site.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        for path in DATA.iterdir():
            body = path.read_bytes().replace(b"{base}", self.site.base.encode())
            prefix = "/" if path.suffix in (".rss", ".atom") else "/news/"
            self.site.pages[prefix + path.name] = body
        self.site.pages["/news/slow.html"] = self.site.pages["/news/bridge.html"]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        return self.site

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
