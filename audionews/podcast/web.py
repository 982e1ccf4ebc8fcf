"""The web edition: static pages beside the feed, for readers who listen in a browser.

``index.html`` in the output folder shows the show (artwork, description, how to subscribe) and
its episodes, newest first; ``episodes/<slug>/index.html`` is an episode's page: an ``<audio>``
player with a speed control, the chapter list, and the transcript in the article's written words
with each heading and paragraph linked to its time (:mod:`..episode.transcripthtml`). The pages are plain
files that work from any web host, ``audionews serve`` or the disk: without JavaScript a time link
opens the MP3 at that moment (a media fragment, ``#t=``); with it, the page's own player seeks.

Accessibility is built in, not bolted on: ``lang``, one h1, a skip link, landmarks (header, main,
nav, footer), link texts that each say where they go, visible focus, contrast above WCAG AA, and
nothing that needs a mouse. ``tests/test_accessible.py`` checks the pages in Chromium with
axe-core and drives them with the keyboard.
"""

from __future__ import annotations

import html
from pathlib import Path

from ..episode.chapters import Chapter, stamp
from ..episode.transcripthtml import CSS as TRANSCRIPT_CSS
from ..episode.transcripthtml import body, outline
from ..fsutil import atomic_write_text
from ..model import Episode, Script, Timed
from ..normalize import Normalizer
from .feed import episode_path, parse_date
from .layout import EPISODES_DIR, FEED_NAME, PAGE_NAME
from .show import Show

esc = html.escape
SPEEDS = ("0.75", "1", "1.25", "1.5", "1.75", "2", "2.5")

_CSS = """\
html{background:#fff;color:#1a1a1a}
body{max-width:44em;margin:0 auto;padding:0 1em 2em;font:1.1em/1.6 system-ui,sans-serif}
a{color:#1f4e8c}
a:focus-visible,select:focus-visible,audio:focus-visible,[tabindex]:focus-visible{outline:3px solid #b34700;outline-offset:2px}
.skip{position:absolute;left:-10000px;top:auto}
.skip:focus{position:static;display:inline-block;margin:.5em 0;padding:.3em .6em;background:#fff}
header{border-bottom:1px solid #767676;padding:.6em 0}
footer{border-top:1px solid #767676;margin-top:2em;padding-top:.6em;font-size:.95em}
audio{width:100%}
.meta,.time{color:#4a4a4a}
.show{display:flex;gap:1em;align-items:flex-start;flex-wrap:wrap}
.show img{width:10em;height:10em}
.episodes{list-style:none;padding:0}
.episodes li{margin:0 0 1.2em}
.episodes h3{margin:0}
.now{background:#fff4c2}
code{overflow-wrap:anywhere}
"""

# Links that carry data-t seek the page's player instead of opening the MP3; the speed control
# (hidden without JavaScript, where the browser's own player menu has one) sets the rate; the
# block being read is highlighted.
_SCRIPT = """\
(function () {
  var player = document.getElementById("player");
  var control = document.getElementById("speed-control");
  var speed = document.getElementById("speed");
  if (!player) return;
  control.hidden = false;
  var saved = null;
  try { saved = window.localStorage.getItem("audionews-speed"); } catch (e) {}
  if (saved && speed.querySelector('option[value="' + saved + '"]')) speed.value = saved;
  function rate() { player.playbackRate = parseFloat(speed.value); }
  rate();
  speed.addEventListener("change", function () {
    rate();
    try { window.localStorage.setItem("audionews-speed", speed.value); } catch (e) {}
  });
  player.addEventListener("loadedmetadata", rate);
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-t]") : null;
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    player.currentTime = parseFloat(link.getAttribute("data-t"));
    var playing = player.play();
    if (playing && playing.catch) playing.catch(function () {});
  });
  var marks = Array.prototype.slice.call(document.querySelectorAll("#transcript a[data-t]"));
  var current = null;
  player.addEventListener("timeupdate", function () {
    var found = null;
    for (var i = 0; i < marks.length; i++) {
      if (parseFloat(marks[i].getAttribute("data-t")) <= player.currentTime + 0.05) found = marks[i].parentNode;
    }
    if (found === current) return;
    if (current) current.classList.remove("now");
    if (found) found.classList.add("now");
    current = found;
  });
})();
"""


def _page(lang: str, title: str, skip: tuple[str, str], header: str, main: str, footer: str, script: str = "") -> str:
    target, words = skip
    script_tag = f"<script>\n{script}</script>\n" if script else ""
    return (
        f'<!DOCTYPE html>\n<html lang="{esc(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>\n{_CSS}{TRANSCRIPT_CSS}</style>\n</head>\n<body>\n"
        f'<a class="skip" href="#{target}">{esc(words)}</a>\n'
        f"<header>\n{header}</header>\n<main>\n{main}</main>\n<footer>\n{footer}</footer>\n{script_tag}"
        "</body>\n</html>\n"
    )


def written_date(value: str) -> str:
    """An ISO date as people write it: "30 November 2026"."""
    moment = parse_date(value)
    return f"{moment.day} {moment:%B} {moment.year}"


def length(seconds: float) -> str:
    """"2 min 25 s", "1 h 4 min": short, and read out in full by screen readers."""
    whole = max(1, round(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes} min"
    return f"{minutes} min {secs} s" if minutes else f"{secs} s"


def _duration_attr(seconds: float) -> str:
    whole = max(1, round(seconds))
    return f"PT{whole // 60}M{whole % 60}S"


def _size(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{max(1, round(size / 1000))} kB"


def _footer(show: Show, root: str) -> str:
    return (
        f'<p><a href="{root}{FEED_NAME}">Subscribe<span class="vh"> to {esc(show.title)}</span> '
        "in a podcast app (RSS feed)</a>. Made with audionews.</p>\n"
    )


def index_html(show: Show, episodes: list[Episode], artwork: str, out_dir: Path) -> str:
    """The show's page: artwork, description, subscribe, and its episodes newest first."""
    listed = [e for e in episodes if (out_dir / episode_path(e.slug)).is_file()]
    listed.sort(key=lambda e: (parse_date(e.pub_date), e.key), reverse=True)
    items = []
    for episode in listed:
        folder = f"{EPISODES_DIR}/{episode.slug}/"
        page = folder + PAGE_NAME if (out_dir / folder / PAGE_NAME).is_file() else episode_path(episode.slug)
        items.append(
            f'<li>\n<h3><a href="{esc(page)}">{esc(episode.title)}</a></h3>\n'
            f'<p class="meta"><time datetime="{esc(parse_date(episode.pub_date).date().isoformat())}">'
            f"{written_date(episode.pub_date)}</time> · "
            f'<time datetime="{_duration_attr(episode.duration)}">{length(episode.duration)}</time></p>\n</li>\n'
        )
    listing = f'<ol class="episodes">\n{"".join(items)}</ol>\n' if items else "<p>No episodes yet.</p>\n"
    main = (
        '<div class="show">\n'
        f'<img src="{esc(artwork)}" alt="" width="160" height="160">\n'
        f"<div>\n<h1>{esc(show.title)}</h1>\n<p>{esc(show.description)}</p>\n"
        f'<p class="meta">By {esc(show.author)}</p>\n</div>\n</div>\n'
        '<section aria-labelledby="subscribe">\n<h2 id="subscribe">Subscribe</h2>\n'
        f'<p><a href="{FEED_NAME}">The podcast feed (RSS)</a>: in your podcast app, add a show by '
        f"its address and give it this one: <code>{esc(show.url(FEED_NAME))}</code></p>\n</section>\n"
        '<section id="episodes" aria-labelledby="episodes-heading" tabindex="-1">\n'
        f'<h2 id="episodes-heading">Episodes</h2>\n{listing}</section>\n'
    )
    header = f'<p>{esc(show.title)}: audio editions with transcripts</p>\n'
    return _page(show.language, show.title, ("episodes", "Skip to the episodes"), header, main, _footer(show, ""))


def write_index(out_dir: Path, show: Show, episodes: list[Episode], artwork: str) -> Path:
    path = out_dir / PAGE_NAME
    atomic_write_text(path, index_html(show, episodes, artwork, out_dir))
    return path


def _chapter_items(chapters: list[Chapter], audio: str, parent: Chapter | None = None) -> str:
    out = []
    for chapter in chapters:
        if parent is not None and chapter.title == parent.title and abs(chapter.start - parent.start) < 0.001:
            continue  # the article's own opening: its parent's link already goes there
        link = (
            f'<a href="{esc(audio)}#t={chapter.start:.2f}" data-t="{chapter.start:.2f}">{esc(chapter.title)}</a> '
            f'<span class="time">{stamp(chapter.start)}</span>'
        )
        inner = _chapter_items(chapter.children, audio, chapter) if chapter.children else ""
        out.append(f"<li>{link}{f'<ol>{inner}</ol>' if inner else ''}</li>\n")
    return "".join(out)


def episode_html(
    show: Show,
    episode: Episode,
    script: Script,
    timed: Timed,
    chapters: list[Chapter],
    companions: dict[str, str],
    normalizer: Normalizer | None = None,
) -> str:
    """An episode's page. ``companions`` maps a file kind (``epub``, ``vtt``, ``srt``) to its
    name beside the page, for those that exist."""
    audio = f"{episode.slug}.mp3"
    top = chapters[0].children if script.parts and len(chapters) == 1 else chapters
    title = esc(episode.title)
    meta = [
        f'<time datetime="{esc(parse_date(episode.pub_date).date().isoformat())}">{written_date(episode.pub_date)}</time>',
        f'<time datetime="{_duration_attr(episode.duration)}">{length(episode.duration)}</time>',
    ]
    if script.url and not script.parts:
        meta.append(f'<a href="{esc(script.url)}">Original article</a>')
    downloads = [f'<a href="{esc(audio)}" download>MP3 audio</a> ({_size(episode.size)})']
    if "epub" in companions:
        downloads.append(f'<a href="{esc(companions["epub"])}" download>EPUB talking book</a> (text and audio in sync)')
    captions = [f'<a href="{esc(companions[k])}">{label}</a>' for k, label in (("vtt", "WebVTT"), ("srt", "SRT")) if k in companions]
    if captions:
        downloads.append("captions as " + " or ".join(captions))
    speeds = "".join(f'<option value="{s}"{" selected" if s == "1" else ""}>{s}×</option>' for s in SPEEDS)
    items = outline(script, timed, normalizer)
    main = (
        f"<h1>{title}</h1>\n"
        f'<p class="meta">{" · ".join(meta)}</p>\n'
        '<section aria-labelledby="listen">\n<h2 id="listen">Listen</h2>\n'
        f'<audio id="player" controls preload="metadata" src="{esc(audio)}"></audio>\n'
        f'<p id="speed-control" hidden><label for="speed">Playback speed</label> '
        f'<select id="speed">{speeds}</select></p>\n'
        f'<p>Download: {"; ".join(downloads)}.</p>\n</section>\n'
        '<nav aria-labelledby="chapters">\n<h2 id="chapters">Chapters</h2>\n'
        f"<ol>\n{_chapter_items(top, audio)}</ol>\n</nav>\n"
        '<section id="transcript" aria-labelledby="transcript-heading" tabindex="-1">\n'
        '<h2 id="transcript-heading">Transcript</h2>\n'
        "<p>Each time link plays the audio from there.</p>\n"
        f"{body(items, audio, 3)}</section>\n"
    )
    header = f'<p><a href="../../{PAGE_NAME}">{esc(show.title)}<span class="vh">: all episodes</span></a></p>\n'
    return _page(
        script.language or show.language,
        f"{episode.title} – {show.title}",
        ("transcript", "Skip to the transcript"),
        header,
        main,
        _footer(show, "../../"),
        _SCRIPT,
    )
