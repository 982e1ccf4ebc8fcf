"""`audionews serve` on 127.0.0.1: HEAD, byte ranges, MIME types, CORS; and gPodder's `gpo` as a listener."""

from __future__ import annotations

import hashlib
import os
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import feedparser
import pytest

from .conftest import ROOT, run_cli
from .feedhelpers import article_script, free_port, serving, write_config


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    tmp = tmp_path_factory.mktemp("served")
    port = free_port()
    config = write_config(tmp, port)
    sources = [
        article_script(tmp, "City Opens New Library", "The city opened its new library on Monday."),
        article_script(tmp, "Bridge Closes for Repairs", "The old bridge closes for a month."),
    ]
    out = tmp / "out"
    result = run_cli("publish", *map(str, sources), "--out", str(out), "--config", str(config))
    assert result.returncode == 0, result.stderr
    (out / "ingest.sqlite").write_bytes(b"private")
    with serving(out, port) as base:
        yield base, out


def fetch(url: str, method: str = "GET", headers: dict[str, str] | None = None):
    request = urllib.request.Request(url, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


MP3 = "episodes/city-opens-new-library/city-opens-new-library.mp3"


def test_head_gives_length_and_type_without_a_body(served: tuple[str, Path]) -> None:
    base, out = served
    status, headers, body = fetch(base + MP3, "HEAD")
    assert status == 200 and body == b""
    assert int(headers["Content-Length"]) == (out / MP3).stat().st_size
    assert headers["Content-Type"] == "audio/mpeg"
    assert headers["Accept-Ranges"] == "bytes"


def test_byte_ranges_give_206_with_exactly_those_bytes(served: tuple[str, Path]) -> None:
    base, out = served
    data = (out / MP3).read_bytes()
    status, headers, body = fetch(base + MP3, headers={"Range": "bytes=1000-1999"})
    assert status == 206
    assert body == data[1000:2000]
    assert headers["Content-Range"] == f"bytes 1000-1999/{len(data)}"
    status, _, body = fetch(base + MP3, headers={"Range": "bytes=-500"})  # the last 500 bytes
    assert status == 206 and body == data[-500:]
    status, headers, _ = fetch(base + MP3, headers={"Range": f"bytes={len(data) + 10}-"})
    assert status == 416
    assert headers["Content-Range"] == f"bytes */{len(data)}"


@pytest.mark.parametrize(
    ("path", "mime", "cors"),
    [
        ("feed.xml", "application/rss+xml", True),
        ("artwork-*.png", "image/png", False),
        ("episodes/city-opens-new-library/transcript.vtt", "text/vtt", True),
        ("episodes/city-opens-new-library/transcript.srt", "application/x-subrip", True),
        ("episodes/city-opens-new-library/chapters.json", "application/json+chapters", True),
        ("episodes/city-opens-new-library/transcript.html", "text/html", True),
    ],
)
def test_mime_types_and_cors(served: tuple[str, Path], path: str, mime: str, cors: bool) -> None:
    base, out = served
    if "*" in path:  # the cover's name carries a digest of its bytes
        (found,) = out.glob(path)
        path = found.name
    status, headers, body = fetch(base + path)
    assert status == 200
    assert headers["Content-Type"].split(";")[0] == mime
    assert body == (out / path).read_bytes()
    assert (headers.get("Access-Control-Allow-Origin") == "*") is cors


@pytest.mark.parametrize(
    "path", ["catalog.sqlite", "ingest.sqlite", ".audionews.lock", ".staging/", "episodes/", "../etc/passwd", "nope.mp3"]
)
def test_private_and_missing_paths_are_404(served: tuple[str, Path], path: str) -> None:
    base, _ = served
    assert fetch(base + path)[0] == 404


def test_gpo_subscribes_and_downloads_every_episode_intact(served: tuple[str, Path], tmp_path: Path) -> None:
    base, out = served
    env = {
        **os.environ,
        "GPODDER_HOME": str(tmp_path / "home"),
        "GPODDER_DOWNLOAD_DIR": str(tmp_path / "downloads"),
    }

    def gpo(*args: str) -> str:
        result = subprocess.run(["gpo", *args], env=env, capture_output=True, text=True, timeout=120, check=False)
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    assert "Successfully added" in gpo("subscribe", base + "feed.xml")
    gpo("update")
    assert "2 episodes downloaded" in gpo("download")
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    expected = sorted(hashlib.sha256((out / e.enclosures[0].href.removeprefix(base).split("?")[0]).read_bytes()).hexdigest() for e in feed.entries)
    downloaded = sorted(
        hashlib.sha256(p.read_bytes()).hexdigest() for p in (tmp_path / "downloads").rglob("*.mp3")
    )
    assert downloaded == expected


def test_serve_errors_are_one_line(tmp_path: Path) -> None:
    missing = run_cli("serve", "--out", str(tmp_path / "nowhere"), "--port", str(free_port()))
    assert missing.returncode == 1 and "no such output folder" in missing.stderr
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        taken = run_cli("serve", "--out", str(tmp_path), "--port", str(busy.getsockname()[1]))
    assert taken.returncode == 1 and "cannot listen" in taken.stderr
    for result in (missing, taken):
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_serving_on_a_port_the_feed_does_not_point_at_says_so(tmp_path: Path) -> None:
    """The feed's links follow [show] base_url (port 8000 by default): on another port, say so."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "audionews", "serve", "--out", str(tmp_path), "--port", str(port)],
        env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=tmp_path,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        note = process.stderr.readline()
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert note.startswith(f"note: feed.xml's links point at http://127.0.0.1:8000/ ([show] base_url), not at http://127.0.0.1:{port}/")
    assert f'base_url = "http://127.0.0.1:{port}/"' in note and "audionews feed" in note
