"""Reading sources: formats, encodings, limits, and URLs fetched from a real server on 127.0.0.1."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from audionews.errors import ConfigError, InputError
from audionews.settings import TIMEOUT_ENV, read_environment
from audionews.sources.load import detect_format, load, load_article
from audionews.sources.fetch import USER_AGENT
from audionews.model import Script
from audionews.sources.html import article_from_html

from .conftest import run_cli

CORPUS = Path(__file__).resolve().parent / "data" / "structure"
ARTICLE_HTML = (CORPUS / "bridge-closure.html").read_bytes()
INDEX_HTML = b"""<!doctype html><html><head><title>News - Lakeside Tribune</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav><h1>Latest news</h1><ul>
<li><a href="/a">Historic bridge closed after inspectors find cracked steel</a></li>
<li><a href="/b">Voters approve library levy by wide margin</a></li>
<li><a href="/c">School board names new superintendent</a></li>
<li><a href="/d">Storm knocks out power to thousands</a></li></ul>
<footer>Copyright 2024 Lakeside Tribune</footer></body></html>"""


class _Handler(BaseHTTPRequestHandler):
    seen_agents: list[str] = []

    def log_message(self, *args) -> None:  # keep test output clean
        pass

    def _send(self, code: int, body: bytes, kind: str = "text/html; charset=utf-8") -> None:
        try:
            self.send_response(code)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout, size limit): that is what the test checks

    def do_GET(self) -> None:
        _Handler.seen_agents.append(self.headers.get("User-Agent", ""))
        if self.path == "/article":
            self._send(200, ARTICLE_HTML)
        elif self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/article")
            self.end_headers()
        elif self.path == "/slow":
            time.sleep(1.6)  # past a 1 s timeout
            self._send(200, ARTICLE_HTML)
        elif self.path == "/index":
            self._send(200, INDEX_HTML)
        elif self.path == "/report.pdf":
            self._send(200, b"%PDF-1.4 not a page", "application/pdf")
        elif self.path == "/huge":
            self._send(200, b"<html><body>" + b"<p>word</p>" * 600_000 + b"</body></html>")
        elif self.path == "/broken":
            self._send(503, b"<html><body>Service Unavailable</body></html>")
        else:
            self._send(404, b"<html><body>Not found</body></html>")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_url_follows_redirects_and_names_itself(server: str) -> None:
    article = load_article(f"{server}/moved")
    assert article.headline == "Historic Bridge Closed After Inspectors Find Cracked Steel"
    assert article.url == f"{server}/moved"
    assert _Handler.seen_agents[-1] == USER_AGENT


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/missing", "HTTP 404 Not Found. The page is gone or moved."),
        ("/broken", "HTTP 503 Service Unavailable after 2 tries. The site has a problem."),
        ("/report.pdf", "is application/pdf, not a web page."),
        ("/huge", "larger than the 5 MB limit for a page."),
    ],
)
def test_url_errors_name_url_and_cause(server: str, path: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        load_article(server + path)
    assert str(caught.value).startswith(f"{server}{path}: ")
    assert message in str(caught.value)


def test_url_times_out(server: str) -> None:
    started = time.monotonic()
    with pytest.raises(InputError, match=r"timed out after 1 s \(2 tries\)"):
        load_article(f"{server}/slow", timeout=read_environment({TIMEOUT_ENV: "1"}).timeout)
    assert time.monotonic() - started < 5


def test_bad_timeout_setting_is_named() -> None:
    with pytest.raises(ConfigError, match=r"AUDIONEWS_TIMEOUT='soon': not a number of seconds"):
        read_environment({TIMEOUT_ENV: "soon"})


def test_connection_refused_is_a_clear_error() -> None:
    with pytest.raises(InputError, match=r"http://127.0.0.1:9/article: cannot connect"):
        load_article("http://127.0.0.1:9/article", timeout=2)


def test_url_becomes_an_article_with_metadata(server: str) -> None:
    article = load_article(f"{server}/article")
    assert article.headline == "Historic Bridge Closed After Inspectors Find Cracked Steel"
    assert article.byline == "By Dana Whitfield"
    assert article.date == "2024-09-12"
    assert article.url == f"{server}/article"
    assert article.dateline == "DULUTH, Minn."
    captions = [b for b in article.blocks if b.kind == "caption"]
    assert captions[0].text.startswith("The Harbor Street Bridge, which opened in 1931")
    assert captions[0].credit == "Lena Ortiz/Lakeside Tribune"


def test_cli_script_from_url_and_errors(server: str, tmp_path: Path) -> None:
    result = run_cli("script", f"{server}/article", "--json")
    assert result.returncode == 0, result.stderr
    script = json.loads(result.stdout)
    assert script["url"] == f"{server}/article"
    assert [s["role"] for s in script["segments"]][:4] == ["intro", "headline", "byline", "caption"]
    for path, message in [("/missing", "HTTP 404"), ("/index", "found no article on the page")]:
        out = tmp_path / "out"
        result = run_cli("publish", server + path, "--out", str(out))
        assert result.returncode == 1
        assert message in result.stderr and f"{server}{path}" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
        assert not out.exists()


def test_cli_url_that_times_out(server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(TIMEOUT_ENV, "1")
    result = run_cli("publish", f"{server}/slow", "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"error: {server}/slow: timed out after 1 s (2 tries). The site is slow or down; try again later."
    )
    assert not (tmp_path / "out").exists()


def test_cli_timeout_option_wins_over_the_environment(server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(TIMEOUT_ENV, "30")  # would wait out the slow page
    started = time.monotonic()
    result = run_cli("script", f"{server}/slow", "--timeout", "1")
    assert result.returncode == 1 and time.monotonic() - started < 10
    assert result.stderr.strip() == (
        f"error: {server}/slow: timed out after 1 s (2 tries). The site is slow or down; try again later."
    )
    patient = run_cli("script", f"{server}/slow", "--timeout", "5", "--json")
    assert patient.returncode == 0, patient.stderr
    assert json.loads(patient.stdout)["url"] == f"{server}/slow"


def test_index_page_is_not_an_article() -> None:
    with pytest.raises(InputError, match=r"index\.html: found no article on the page"):
        article_from_html(INDEX_HTML, source="index.html")


@pytest.mark.parametrize(
    ("name", "text", "fmt"),
    [
        ("a.txt", "# Not markdown when it is called .txt\n\nText.", "text"),
        ("a.md", "Headline\n\nText.", "markdown"),
        ("a.htm", "Headline", "html"),
        ("article", "<!DOCTYPE html><html><body><p>x</p></body></html>", "html"),
        ("article", "# Headline\n\nText.", "markdown"),
        ("article", "Headline\n\nText.", "text"),
        ("a.json", '{"headline": "H", "sections": []}', "json"),
        ("a.json", '{"title": "H", "segments": []}', "script"),
        ("noext", '{"headline": "H"}', "json"),
    ],
)
def test_detect_format(name: str, text: str, fmt: str) -> None:
    assert detect_format(name, text) == fmt


def test_format_option_overrides_detection(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(
        "# Council Approves New Budget\n\n## Schools\n\nThe council approved the budget on Monday night.\n",
        encoding="utf-8",
    )
    as_text = load_article(str(path))
    as_markdown = load_article(str(path), "markdown")
    assert as_text.headline == "# Council Approves New Budget"
    assert as_markdown.headline == "Council Approves New Budget"
    assert [b.kind for b in as_markdown.blocks] == ["heading", "paragraph"]
    result = run_cli("script", str(path), "--format", "markdown")
    assert result.returncode == 0, result.stderr
    assert "[heading] Section: Schools." in result.stdout
    result = run_cli("script", str(path), "--format", "pdf")
    assert result.returncode == 1 and "--format 'pdf' is not a format here" in result.stderr


def test_script_json_is_loaded_as_is(tmp_path: Path) -> None:
    path = tmp_path / "edited.json"
    path.write_text(json.dumps({"title": "T", "segments": [{"role": "headline", "text": "Edited."}]}))
    loaded = load(str(path))
    assert isinstance(loaded, Script) and loaded.segments[0].text == "Edited."


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1", "utf-16"])
def test_non_utf8_text_is_decoded(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "article.txt"
    text = (
        "Café Owner Wins Award for Crème Brûlée\n\n"
        "The owner of the café on Rue Saint-Honoré won the city’s pastry award on Monday, "
        "judges said. Her crème brûlée was “perfect,” one judge said.\n"
    )
    path.write_bytes(text.encode(encoding, errors="ignore" if encoding == "latin-1" else "strict"))
    article = load_article(str(path))
    assert article.headline == "Café Owner Wins Award for Crème Brûlée"
    assert "Rue Saint-Honoré" in article.blocks[0].text


def test_cp1252_html_file_is_decoded() -> None:
    article = load_article(str(CORPUS / "election-recount.html"))
    text = article.body_text
    assert "José Medina" in text and "Park’s campaign" in text


def test_fifty_megabyte_file_is_refused_with_the_limit_named(tmp_path: Path) -> None:
    path = tmp_path / "archive.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: no 50 MB written to disk
    out = tmp_path / "out"
    result = run_cli("publish", str(path), "--out", str(out))
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"error: {path}: 52.4 MB is over the 5 MB limit for an article. "
        "Give a single article, not a whole archive."
    )
    assert not out.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"sections": []}, "headline is missing or empty"),
        ({"headline": "H", "sections": []}, "sections must be a non-empty list"),
        ({"headline": "H", "sections": [{"paragraphs": [{"kind": "poem", "text": "x"}]}]},
         "sections[0].paragraphs[0].kind 'poem' is not one of"),
        ({"headline": "H", "sections": [{"heading": "Only a heading"}]}, "sections hold no paragraph"),
    ],
)  # fmt: skip
def test_article_json_errors_name_the_field(tmp_path: Path, data: dict, message: str) -> None:
    path = tmp_path / "article.json"
    path.write_text(json.dumps(data))
    with pytest.raises(InputError) as caught:
        load_article(str(path))
    assert message in str(caught.value) and str(path) in str(caught.value)


def test_markdown_image_caption_and_quote() -> None:
    article = load_article(str(CORPUS / "rail-tunnel-markdown.md"))
    kinds = [b.kind for b in article.blocks]
    assert kinds[0] == "caption" and "quote" in kinds and kinds[-1] == "endnote"
    quote = next(b for b in article.blocks if b.kind == "quote")
    assert quote.text.endswith("— Kris Kolluri, Gateway Development Commission")
