"""Helpers for the feed tests: a configured show, script JSON with a URL and date, a served folder."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from lxml import etree

from .conftest import ROOT, run_cli

NS = {
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "podcast": "https://podcastindex.org/namespace/1.0",
    "atom": "http://www.w3.org/2005/Atom",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def write_config(folder: Path, port: int, **extra: object) -> Path:
    """An audionews.toml whose base_url is a local ``audionews serve`` on ``port``."""
    show = {
        "title": "Springfield Gazette Audio",
        "description": "The Gazette's stories, read aloud.",
        "author": "Springfield Gazette",
        "email": "podcasts@gazette.example",
        "base_url": f"http://127.0.0.1:{port}/",
        "link": "https://gazette.example/",
        "category": "News",
        "subcategory": "Daily News",
        **extra,
    }
    lines = ["[show]"] + [f"{key} = {json.dumps(value)}" for key, value in show.items()]
    path = folder / "audionews.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def article_script(tmp: Path, headline: str, body: str, url: str = "", date: str = "") -> Path:
    """A script JSON (what 'audionews script --json' prints) with the article's URL and date."""
    text = tmp / f"article-{len(list(tmp.glob('article-*.txt')))}.txt"
    text.write_text(f"{headline}\n\n{body}\n", encoding="utf-8")
    result = run_cli("script", str(text), "--json")
    assert result.returncode == 0, result.stderr
    script = json.loads(result.stdout)
    script.update(url=url, date=date)
    path = text.with_suffix(".json")
    path.write_text(json.dumps(script), encoding="utf-8")
    return path


def channel(feed_path: Path):
    return etree.parse(str(feed_path)).getroot().find("channel")


@contextmanager
def serving(out: Path, port: int) -> Iterator[str]:
    """A real 'audionews serve' process on 127.0.0.1:port; yields its base URL."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "audionews", "serve", "--out", str(out), "--port", str(port)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(urllib.request.Request(base + "feed.xml", method="HEAD"), timeout=2)
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"audionews serve did not start (exit {process.poll()})")
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
