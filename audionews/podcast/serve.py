"""``audionews serve``: the output folder over HTTP for local listening and subscribing.

Werkzeug's ``send_from_directory`` does the HTTP file semantics podcast apps rely on (HEAD,
single byte ranges with 206 and 416, ETag and Last-Modified, conditional GET) and refuses paths
outside the folder; this module only chooses what is visible, the MIME types, and CORS.

Werkzeug follows symbolic links, so every path is resolved here first: one that ends outside
the folder (``etclink -> /etc``) or on a private file (``x.mp3 -> catalog.sqlite``) is not
found. A ``Range`` header that asks for several ranges, or that cannot be read, is ignored and
the whole file sent (200), as RFC 9110 allows; only a single range past the end is a 416.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..errors import PublishError
from .layout import CHAPTERS_JSON, PAGE_NAME

MIME_TYPES = {
    ".mp3": "audio/mpeg",
    ".vtt": "text/vtt",
    ".srt": "application/x-subrip",
    ".json": "application/json",
    ".html": "text/html",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".xml": "application/rss+xml",
    ".epub": "application/epub+zip",
}
# Files whose name says more than their suffix: the Podcasting 2.0 chapters spec's own type.
FILE_TYPES = {CHAPTERS_JSON: "application/json+chapters"}
# Transcripts, chapters and the feed are fetched by web players on other origins.
CORS_SUFFIXES = {".vtt", ".srt", ".json", ".xml", ".html"}


def make_app(root: Path):
    """A WSGI app serving ``root``; dotfiles (lock, staging) and SQLite files stay private."""
    from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound
    from werkzeug.utils import redirect, send_from_directory
    from werkzeug.wrappers import Request

    root = root.resolve()

    def app(environ, start_response):
        request = Request(environ)
        try:
            if request.method not in ("GET", "HEAD"):
                raise MethodNotAllowed(valid_methods=["GET", "HEAD"])
            path = request.path.lstrip("/")
            page = path + PAGE_NAME  # the web edition: the show's page, an episode's page
            if (not path or path.endswith("/")) and _visible(root, page) and (root / page).is_file():
                path = page
            if not path:
                response = redirect("/feed.xml")  # a folder published before the web edition
            else:
                if not _visible(root, path):
                    raise NotFound()
                suffix = Path(path).suffix.lower()
                mime = FILE_TYPES.get(Path(path).name, MIME_TYPES.get(suffix))
                response = send_from_directory(root, path, _honourable_range(environ), mimetype=mime, max_age=60)
                if suffix in CORS_SUFFIXES:
                    response.headers["Access-Control-Allow-Origin"] = "*"
                    response.headers["Access-Control-Expose-Headers"] = "Content-Length, Content-Range"
        except HTTPException as error:
            response = error.get_response(environ)
        return response(environ, start_response)

    return app


def _private(parts: tuple[str, ...] | list[str]) -> bool:
    """The lock, staging, the catalog and the ingest state."""
    return any(part.startswith(".") or ".sqlite" in part for part in parts)


def _visible(root: Path, path: str) -> bool:
    """Whether ``path`` (as asked) names a public file that really lies inside ``root``."""
    if _private(path.split("/")):
        return False
    try:
        target = (root / path).resolve()
    except (OSError, RuntimeError, ValueError):  # a link loop, a NUL in the path
        return False
    return target.is_relative_to(root) and not _private(target.relative_to(root).parts)


def _honourable_range(environ: dict) -> dict:
    """``environ`` without a Range header that is malformed, not in bytes, or asks for several ranges."""
    from werkzeug.http import parse_range_header

    header = environ.get("HTTP_RANGE")
    if header is None:
        return environ
    ranges = parse_range_header(header)
    if ranges is not None and ranges.units == "bytes" and len(ranges.ranges) == 1:
        return environ
    return {key: value for key, value in environ.items() if key != "HTTP_RANGE"}


def serve(root: Path, host: str = "127.0.0.1", port: int = 8000, notes: tuple[str, ...] = ()) -> None:
    """Serve until interrupted (threads, so a long download does not block the feed); ``notes``
    are printed once the server listens."""
    import socket

    from werkzeug.serving import make_server, select_address_family

    if not root.is_dir():
        raise PublishError(f"{root}: no such output folder. Publish first, or pass --out DIR.")
    try:  # bound here so a busy port is our one-line error, not Werkzeug's exit
        listener = socket.create_server((host, port), family=select_address_family(host, port))
    except OSError as error:
        raise PublishError(f"{host}:{port}: cannot listen ({error.strerror}). Pick another --port.") from None
    server = make_server(host, port, make_app(root), threaded=True, fd=listener.fileno())
    print(f"serving {root} at http://{host}:{server.port}/feed.xml (Ctrl+C stops)", flush=True)
    for note in notes:
        print(f"note: {note}", file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()
