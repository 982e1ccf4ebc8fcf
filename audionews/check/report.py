"""The check's report: ranked lines in the terminal, check.html with a player, check.json, and
ready lexicon entries for the words that look like a pronunciation to fix."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from ..fsutil import atomic_write_text
from .align import SentenceCheck
from .episode import (
    REPORT_HTML,
    REPORT_JSON,
    EpisodeCheck,
    relative,
    report_dir,
)


def stamp(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes:02d}:{secs:02d}"


def marked(text: str, spans: list[tuple[int, int]], before: str = "[", after: str = "]") -> str:
    """``text`` with each differing stretch between ``before`` and ``after``."""
    out, at = [], 0
    for a, b in spans:
        a, b = max(a, at), min(b, len(text))
        if a >= b:
            continue
        out += [text[at:a], before, text[a:b], after]
        at = b
    out.append(text[at:])
    return "".join(out)


def suggestion(sentence: SentenceCheck) -> tuple[str, str] | None:
    """A lexicon.toml ``[en]`` entry (written word, respelling) when a flagged stretch is one
    name or acronym, the kind of word a respelling fixes; None for numbers, cut words, clauses."""
    for word in sentence.suspects:
        word = re.sub(r"['’]s$", "", word).strip(".,;:!?\"'“”‘’()[]")
        if not word or " " in word or any(c.isdigit() for c in word) or not word[:1].isupper():
            continue
        letters = word.replace(".", "")
        if letters.isupper() and 2 <= len(letters) <= 5:
            return letters, " ".join(letters)  # spelled out, letter by letter
        if word.isalpha():
            return word, _respell(word)
    return None


def _respell(word: str) -> str:
    """A starting respelling: the word cut into syllable-like parts, for the producer to correct."""
    parts = re.findall(r"[^aeiouy]*[aeiouy]+(?:[^aeiouy](?![aeiouy]))?|[^aeiouy]+$", word, flags=re.I)
    return "-".join(p for p in parts if p) if len(parts) > 1 else word


def toml_entry(written: str, spoken: str) -> str:
    name = written if re.fullmatch(r"[A-Za-z0-9_-]+", written) else json.dumps(written)
    return f"{name} = {json.dumps(spoken, ensure_ascii=False)}"


def terminal(check: EpisodeCheck, color: bool = False) -> list[str]:
    """The flagged sentences, worst first: time, written, spoken, heard, differing words marked."""
    on, off = ("\x1b[1;31m", "\x1b[0m") if color else ("[", "]")
    lines = [f"{check.script.title} ({check.name})"]
    entries: dict[str, str] = {}
    for rank, sentence in enumerate(check.flagged, 1):
        lines.append(f"{rank:3d}. {stamp(sentence.start)}  score {sentence.score:.1f}  ({sentence.role})")
        lines.append(f"     written: {marked(sentence.written, sentence.written_marks, on, off)}")
        lines.append(f"     spoken:  {marked(sentence.spoken, sentence.spoken_marks, on, off)}")
        lines.append(f"     heard:   {marked(sentence.heard, sentence.heard_marks, on, off) or '(nothing)'}")
        if sentence.suggestion:
            lines.append(f"     lexicon.toml [en]: {sentence.suggestion}")
            entries.setdefault(sentence.suggestion.split(" = ")[0], sentence.suggestion)
    if entries:
        lines.append("  to fix a pronunciation, correct these and add them to lexicon.toml beside audionews.toml")
        lines.append("  (check one with: audionews say \"...\" -o check.wav):")
        lines.append("  [en]")
        lines.extend(f"  {entry}" for entry in entries.values())
    return lines


def add_suggestions(check: EpisodeCheck) -> None:
    for sentence in check.flagged:
        found = suggestion(sentence)
        if found:
            sentence.suggestion = toml_entry(*found)


def to_json(check: EpisodeCheck) -> str:
    return json.dumps(
        {
            "title": check.script.title,
            "slug": check.name,
            "audio": check.audio.name,
            "duration": round(check.duration, 2),
            "seconds": round(check.seconds, 2),
            "recognizer": check.recognizer,
            "sentences": len(check.sentences),
            "flagged": [s.to_dict() for s in check.flagged],
            "all": [s.to_dict() for s in check.sentences],
        },
        indent=1,
        ensure_ascii=False,
    )


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Check: {title}</title>
<style>body{{max-width:48em;margin:1em auto;padding:0 1em;font:1em/1.5 system-ui,sans-serif}}
audio{{width:100%;position:sticky;top:0}}li{{margin:1em 0}}mark{{background:#fd8}}
.t{{font-variant-numeric:tabular-nums}}dt{{font-weight:bold;font-size:.85em;color:#555}}dd{{margin:0 0 .3em 0}}
pre{{background:#f4f4f4;padding:.5em}}</style>
</head>
<body>
<h1>Check: {title}</h1>
<p>{summary}. Click a time to hear that line.</p>
<audio id="player" controls preload="metadata" src="{audio}"></audio>
<ol>
{items}
</ol>
{lexicon}
<script>
document.querySelectorAll("a[data-t]").forEach(function (a) {{
  a.addEventListener("click", function (e) {{
    e.preventDefault();
    var p = document.getElementById("player");
    p.currentTime = parseFloat(a.dataset.t);
    p.play();
  }});
}});
</script>
</body>
</html>
"""


def _html_marked(text: str, spans: list[tuple[int, int]]) -> str:
    return marked(text, spans, "\x00", "\x01").replace("&", "&amp;").replace("<", "&lt;").replace(
        ">", "&gt;").replace("\x00", "<mark>").replace("\x01", "</mark>")  # fmt: skip


def to_html(check: EpisodeCheck, audio: str) -> str:
    items = []
    for sentence in check.flagged:
        at = max(0.0, sentence.start - 0.3)
        items.append(
            f'<li><a class="t" href="{html.escape(audio)}#t={at:.1f}" data-t="{at:.1f}">{stamp(sentence.start)}</a>'
            f" <small>score {sentence.score:.1f}, {html.escape(sentence.role)}</small><dl>"
            f"<dt>written</dt><dd>{_html_marked(sentence.written, sentence.written_marks)}</dd>"
            f"<dt>spoken</dt><dd>{_html_marked(sentence.spoken, sentence.spoken_marks)}</dd>"
            f"<dt>heard</dt><dd>{_html_marked(sentence.heard, sentence.heard_marks) or '(nothing)'}</dd>"
            + (f"<dt>lexicon.toml [en]</dt><dd><code>{html.escape(sentence.suggestion)}</code></dd>" if sentence.suggestion else "")
            + "</dl></li>"
        )  # fmt: skip
    entries = {s.suggestion.split(" = ")[0]: s.suggestion for s in check.flagged if s.suggestion}
    lexicon = (
        "<h2>Lexicon entries to correct and paste</h2><pre>[en]\n"
        + "\n".join(html.escape(e) for e in entries.values()) + "</pre>"
    ) if entries else ""  # fmt: skip
    return _PAGE.format(
        title=html.escape(check.script.title), summary=html.escape(check.summary()), audio=html.escape(audio),
        items="\n".join(items) or "<li>Nothing flagged.</li>", lexicon=lexicon,
    )  # fmt: skip


def write_reports(check: EpisodeCheck, folder: Path | None = None, audio: Path | None = None) -> Path:
    """check.html and check.json in the episode's report folder (``OUT/.check/<slug>/``); the
    player plays ``audio`` (default: the episode's MP3). Returns the HTML's path."""
    folder = folder or report_dir(check.folder)
    folder.mkdir(parents=True, exist_ok=True)
    page = folder / REPORT_HTML
    atomic_write_text(page, to_html(check, relative(audio or check.audio, folder)))
    atomic_write_text(folder / REPORT_JSON, to_json(check) + "\n")
    return page
