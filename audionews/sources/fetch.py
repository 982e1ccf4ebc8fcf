"""HTTP GET for feeds and article pages: timeouts, a size cap, retries on 5xx, conditional GET.

A newsroom's server that hiccups (502 from a proxy, 503 while deploying) must not cost an
article, so 5xx and connection failures are retried with exponential backoff; a page that did
not change since the last run costs one 304 thanks to the validators (ETag, Last-Modified) the
caller remembers and hands back.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from ..version import __version__
from ..errors import InputError
from .decode import MAX_BYTES  # one size bound for files and pages

USER_AGENT = f"audionews/{__version__} (+https://github.com/audionews/audionews)"
TIMEOUT = 20.0  # seconds to connect, and between two reads of the body
RETRIES = 2  # extra attempts after a 5xx, a refused connection or a timeout
BACKOFF = 0.5  # seconds before the first retry; doubles each time
MAX_RETRY_AFTER = 30.0  # a server asking for an hour's wait gets this at most


@dataclass
class Validators:
    """What the server said identifies this version of the page (for conditional GET)."""

    etag: str = ""
    last_modified: str = ""

    def headers(self) -> dict[str, str]:
        found = {}
        if self.etag:
            found["If-None-Match"] = self.etag
        if self.last_modified:
            found["If-Modified-Since"] = self.last_modified
        return found


@dataclass
class Page:
    url: str  # after redirects
    status: int  # 200, or 304 when the validators still hold
    body: bytes
    content_type: str
    validators: Validators

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass
class Fetcher:
    """One HTTP session for a run (keep-alive across a feed's pages)."""

    timeout: float = TIMEOUT
    retries: int = RETRIES
    backoff: float = BACKOFF
    max_bytes: int = MAX_BYTES

    def __post_init__(self) -> None:
        import requests

        self._session = requests.Session()
        self._session.headers["User-Agent"] = USER_AGENT

    def get(self, url: str, validators: Validators | None = None) -> Page:
        """GET ``url``; raise :class:`InputError` naming the URL, the cause and the fix."""
        import requests

        headers = validators.headers() if validators else {}
        for attempt in range(self.retries + 1):
            last = attempt == self.retries
            try:
                with self._session.get(url, headers=headers, timeout=self.timeout, stream=True) as response:
                    if response.status_code >= 500 and not last:
                        self._sleep(attempt, response.headers.get("Retry-After", ""))
                        continue
                    return self._page(url, response, attempt)
            except (requests.exceptions.InvalidURL, requests.exceptions.InvalidSchema,
                    requests.exceptions.MissingSchema):
                raise InputError(f"{url}: not a web address. Give an http:// or https:// URL.") from None
            except requests.RequestException as error:
                # A timeout while waiting for the headers or between two chunks of the body.
                timed_out = isinstance(error, requests.Timeout) or "timed out" in str(error)
                if last:
                    if timed_out:
                        raise InputError(
                            f"{url}: timed out after {self.timeout:g} s ({attempt + 1} tries). "
                            "The site is slow or down; try again later."
                        ) from None
                    raise InputError(
                        f"{url}: cannot connect ({type(error).__name__}). Check the URL and the "
                        "network."
                    ) from None
                self._sleep(attempt)
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _page(self, url: str, response, attempt: int) -> Page:
        status = response.status_code
        if status >= 400:
            tries = f" after {attempt + 1} tries" if attempt else ""
            hint = "The page is gone or moved." if status < 500 else "The site has a problem."
            raise InputError(f"{url}: HTTP {status} {response.reason}{tries}. {hint}")
        body = b""
        if status != 304:
            chunks, size = [], 0
            for chunk in response.iter_content(64 * 1024):
                size += len(chunk)
                if size > self.max_bytes:
                    raise InputError(
                        f"{url}: larger than the {self.max_bytes // (1024 * 1024)} MB limit for a "
                        "page. Is this a media file, not an article?"
                    )
                chunks.append(chunk)
            body = b"".join(chunks)
        return Page(
            url=response.url or url,
            status=status,
            body=body,
            content_type=response.headers.get("Content-Type", ""),
            validators=Validators(
                etag=response.headers.get("ETag", ""),
                last_modified=response.headers.get("Last-Modified", ""),
            ),
        )

    def _sleep(self, attempt: int, retry_after: str = "") -> None:
        delay = self.backoff * 2**attempt
        if retry_after.strip().isdigit():  # the HTTP-date form is rare; backoff covers it
            delay = max(delay, float(retry_after))
        time.sleep(min(delay, MAX_RETRY_AFTER))
