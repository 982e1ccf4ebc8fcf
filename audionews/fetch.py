"""Fetch a web page politely and safely: a timeout, a clear User-Agent, a size limit, redirects.

:func:`fetch` is the one way audionews reads a URL (``publish URL`` and, later, feed ingest).
Every failure is a :class:`~audionews.errors.FetchError` whose message names the URL, the cause
and the fix; its ``status`` and ``retryable`` let a caller such as a feed ingester decide to
retry (5xx, timeouts) or give up (4xx).
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field

from . import __version__
from .errors import FetchError

USER_AGENT = f"audionews/{__version__} (narrated audio editions of news articles)"
TIMEOUT_ENV = "AUDIONEWS_TIMEOUT"  # seconds; lets a producer on a slow link wait longer
TIMEOUT = 20.0  # seconds for the whole download, not per read
MAX_PAGE_BYTES = 5 * 1024 * 1024  # the largest real news page we know is ~1.5 MB
MAX_REDIRECTS = 5
HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass
class Fetched:
    """A downloaded resource: its final URL (after redirects), body and useful headers."""

    url: str  # the address asked for
    final_url: str  # where the redirects ended
    status: int
    content_type: str  # lowercased media type, without parameters
    body: bytes
    encoding: str | None = None  # charset the server declared, if any
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def etag(self) -> str:
        return self.headers.get("etag", "")

    @property
    def last_modified(self) -> str:
        return self.headers.get("last-modified", "")


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def fetch(
    url: str,
    *,
    accept: tuple[str, ...] | None = HTML_TYPES,
    timeout: float | None = None,
    max_bytes: int = MAX_PAGE_BYTES,
    etag: str = "",
    last_modified: str = "",
) -> Fetched:
    """GET ``url`` and return its body.

    Args:
        accept: media types allowed (``None`` allows any); another type is a FetchError.
        timeout: seconds for connecting and downloading everything (default: the
            ``AUDIONEWS_TIMEOUT`` environment variable, else 20).
        max_bytes: a larger body is refused without reading it all.
        etag, last_modified: validators from an earlier fetch, for a conditional GET; a 304
            answer comes back as a :class:`Fetched` with ``not_modified`` true and no body.
    """
    import requests

    timeout = timeout if timeout is not None else default_timeout()
    headers = {"User-Agent": USER_AGENT, "Accept": ", ".join(accept or ("*/*",))}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    session = requests.Session()
    session.max_redirects = MAX_REDIRECTS
    deadline = time.monotonic() + timeout
    try:
        response = session.get(url, headers=headers, timeout=timeout, stream=True)
        with response:
            _check_status(url, response)
            kind = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
            if response.status_code != 304 and accept is not None and kind not in accept:
                raise FetchError(
                    f"{url}: is {kind or 'of no declared type'}, not a web page. "
                    "Give the address of the article's page.",
                    status=response.status_code,
                )
            body = _read_bounded(url, response, max_bytes, deadline, timeout)
            return Fetched(
                url=url,
                final_url=response.url,
                status=response.status_code,
                content_type=kind,
                body=body,
                encoding=requests.utils.get_encoding_from_headers(response.headers)
                if "charset" in response.headers.get("Content-Type", "").lower()
                else None,
                headers={k.lower(): v for k, v in response.headers.items()},
            )
    except requests.exceptions.Timeout:
        raise _timeout(url, timeout) from None
    except requests.exceptions.TooManyRedirects:
        raise FetchError(
            f"{url}: more than {MAX_REDIRECTS} redirects. Open it in a browser and give the final address."
        ) from None
    except requests.exceptions.InvalidURL as error:
        raise FetchError(f"{url}: is not a valid address ({error}). Check the URL.") from None
    except requests.exceptions.ConnectionError as error:
        raise FetchError(
            f"{url}: could not connect ({_reason(error)}). Check the address and the network.",
            retryable=True,
        ) from None
    except requests.exceptions.RequestException as error:
        raise FetchError(f"{url}: download failed ({_reason(error)}). Try again later.", retryable=True) from None
    finally:
        session.close()


def default_timeout() -> float:
    value = os.environ.get(TIMEOUT_ENV, "")
    if not value:
        return TIMEOUT
    try:
        seconds = float(value)
    except ValueError:
        seconds = 0.0
    if seconds <= 0:
        raise FetchError(f"{TIMEOUT_ENV}={value!r}: not a number of seconds. Set it to e.g. 30, or unset it.")
    return seconds


def _check_status(url: str, response) -> None:
    code = response.status_code
    if code < 400:
        return
    reason = response.reason or "error"
    if code >= 500:
        raise FetchError(
            f"{url}: the server failed with {code} {reason}. Try again later.", status=code, retryable=True
        )
    hint = {
        401: "The page needs a login; save it from a browser and give the file.",
        403: "The site refuses automated readers; save the page from a browser and give the file.",
        404: "Check the address.",
        410: "The article was removed.",
        429: "The site asks to slow down; try again later.",
    }.get(code, "Check the address.")
    raise FetchError(f"{url}: the server answered {code} {reason}. {hint}", status=code, retryable=code == 429)


def _read_bounded(url: str, response, max_bytes: int, deadline: float, timeout: float) -> bytes:
    declared = response.headers.get("Content-Length", "")
    limit = _limit_text(max_bytes)
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(f"{url}: {int(declared) / 1e6:.1f} MB is over the {limit} limit for a page.")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_content(chunk_size=64 * 1024):
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"{url}: the page is over the {limit} limit. Give a single article's page.")
        if time.monotonic() > deadline:
            raise _timeout(url, timeout)
        chunks.append(chunk)
    return b"".join(chunks)


def _limit_text(max_bytes: int) -> str:
    return f"{max_bytes / (1024 * 1024):g} MB"


def _timeout(url: str, timeout: float) -> FetchError:
    return FetchError(
        f"{url}: no complete answer within {timeout:g} s. The site is slow or down; try again later.",
        retryable=True,
    )


def _reason(error: Exception) -> str:
    text = str(error.args[0] if error.args else error)
    return text.split(": ")[-1].strip("()'\"")[:120] or type(error).__name__
