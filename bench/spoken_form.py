"""Spoken form as text: does the normalizer write what a newsreader would say?

The corpus, ``tests/data/spoken_form.tsv``, holds sentences as real news prints them (US, UK,
Australian, Indian and wire styles; headlines in title case and capitals among them), each with
its spoken form written by hand (up to three acceptable readings) and a class label. Each line
goes through the normalizer's paragraph entry point, :func:`audionews.normalize.normalize`
(what ``audionews script`` calls for every segment with the built-in lexicon, and
``audionews say`` with the show's lexicon on top), in the line's language, and counts as right
when it matches one of the readings exactly after :func:`canonical`.

A third of each class is set aside (the ``heldout`` column, chosen by :func:`heldout_ids` from a
seeded hash, not by hand): write rules against the other two thirds and score the held-out
third separately (``--hide-heldout`` keeps its lines off the screen). A second set-aside group,
``tests/data/spoken_form_heldout2.tsv`` (``heldout`` 2), was written after the first third had
been seen and fixed against; it is scored and printed on its own.

    python bench/spoken_form.py                 # rates, misses by class, every miss
    python bench/spoken_form.py --hide-heldout  # the same without the held-out lines' text
    python bench/spoken_form.py --json          # the figures only
    python bench/spoken_form.py --check         # exit 1 if worse than the pinned baseline
    python bench/spoken_form.py --save          # pin bench/spoken_form_baseline.json
    python bench/spoken_form.py --mark-heldout  # rewrite the heldout column after adding lines

The gate test (tests/test_spoken_form.py) runs the check in-process.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT))

CORPUS = ROOT / "tests" / "data" / "spoken_form.tsv"
HELDOUT2 = ROOT / "tests" / "data" / "spoken_form_heldout2.tsv"
BASELINE = Path(__file__).resolve().parent / "spoken_form_baseline.json"
COLUMNS = ("id", "class", "lang", "style", "shape", "heldout", "written", "spoken")
STYLES = {"us": "en", "wire": "en", "uk": "en-GB", "au": "en-AU", "in": "en-IN"}
SHAPES = ("sentence", "headline", "title", "caps")
ALTERNATIVES = " | "
MAX_ALTERNATIVES = 3
HELDOUT_SEED = "audionews spoken-form 2026"


@dataclass(frozen=True)
class Line:
    id: str
    cls: str
    lang: str
    style: str
    shape: str
    heldout: bool
    written: str
    spoken: tuple[str, ...]


def read_corpus(path: Path = CORPUS) -> list[Line]:
    """The corpus lines; ``#`` lines are comments and the first other line is the header."""
    lines: list[Line] = []
    rows = [r for r in path.read_text("utf-8").splitlines() if r.strip() and not r.startswith("#")]
    header = tuple(rows[0].split("\t"))
    if header != COLUMNS:
        raise ValueError(f"{path}: header is {header}, expected {COLUMNS}")
    for number, row in enumerate(rows[1:], start=2):
        cells = row.split("\t")
        if len(cells) != len(COLUMNS):
            raise ValueError(f"{path}: row {number} has {len(cells)} cells, expected {len(COLUMNS)}: {row!r}")
        ident, cls, lang, style, shape, heldout, written, spoken = cells
        readings = tuple(s.strip() for s in spoken.split(ALTERNATIVES))
        lines.append(Line(ident, cls, lang, style, shape, heldout != "0", written, readings))
    return lines


def heldout_ids(lines: list[Line]) -> set[str]:
    """The set-aside third: in each class, the round(n/3) lines whose seeded hash is lowest."""
    chosen: set[str] = set()
    by_class: dict[str, list[str]] = {}
    for line in lines:
        by_class.setdefault(line.cls, []).append(line.id)
    for ids in by_class.values():
        ranked = sorted(ids, key=lambda i: hashlib.sha256(f"{HELDOUT_SEED}:{i}".encode()).hexdigest())
        chosen.update(ranked[: math.floor(len(ids) / 3 + 0.5)])
    return chosen


def canonical(text: str) -> str:
    """The light canonical form both sides are compared in.

    Only differences a listener cannot hear are dropped: letter case; runs of white space; a
    hyphen between two word characters (read as a space: "fifteen-million-dollar" and
    "fifteen million dollar" sound the same); the word joiner that marks a spelled letter A
    (:data:`audionews.normalize.SPELLED_A`, invisible to a reader); and punctuation at the very
    end. Everything else counts, commas and full stops inside the sentence included (they
    make pauses), and spelling ("per cent" is not "percent").
    """
    text = text.replace("\u2060", "").lower()
    text = re.sub(r"(?<=\w)-(?=\w)", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"[\s.,;:!?\"')\]]+$", "", text)


def spoken_form() -> Callable[[str, str], str]:
    """The normalizer's paragraph entry point, ``(text, language) -> spoken text``."""
    from audionews.normalize import normalize

    return normalize


def measure(lines: list[Line] | None = None) -> dict:
    """Run every line through the normalizer; the figures and each line's result."""
    lines = read_corpus() if lines is None else lines
    say = spoken_form()
    results = []
    for line in lines:
        got = say(line.written, line.lang)
        right = canonical(got) in {canonical(s) for s in line.spoken}
        results.append({"line": line, "got": got, "right": right})
    classes: dict[str, dict[str, int]] = {}
    for r in results:
        line = r["line"]
        c = classes.setdefault(line.cls, {"lines": 0, "passed": 0, "heldout_lines": 0, "heldout_passed": 0})
        c["lines"] += 1
        c["passed"] += r["right"]
        c["heldout_lines"] += line.heldout
        c["heldout_passed"] += line.heldout and r["right"]
    held = [r for r in results if r["line"].heldout]
    passed = sum(r["right"] for r in results)
    held_passed = sum(r["right"] for r in held)
    return {
        "lines": len(results),
        "passed": passed,
        "exact_all": passed / max(1, len(results)),
        "heldout_lines": len(held),
        "heldout_passed": held_passed,
        "exact_heldout": held_passed / max(1, len(held)),
        "classes": dict(sorted(classes.items())),
        "passing": sorted(r["line"].id for r in results if r["right"]),
        "results": results,
    }


def _floor(x: float) -> float:
    return math.floor(x * 10000) / 10000  # a rerun of the same code never looks lower


def summary(figures: dict) -> dict:
    """What the baseline pins: rates, per-class counts and the ids of the lines that pass."""
    keys = ("lines", "passed", "heldout_lines", "heldout_passed", "classes", "passing")
    return {
        "exact_all": _floor(figures["exact_all"]),
        "exact_heldout": _floor(figures["exact_heldout"]),
        **{k: figures[k] for k in keys},
    }


def regressions(figures: dict, baseline: dict) -> list[str]:
    """What got worse than ``baseline``: a rate below it, or a line it pinned as right."""
    problems = []
    for key in ("exact_all", "exact_heldout"):
        if figures[key] < baseline[key]:
            problems.append(f"{key} {figures[key]:.4f} is below the baseline {baseline[key]:.4f}")
    now = set(figures["passing"])
    known = {r["line"].id: r for r in figures["results"]}
    for ident in baseline["passing"]:
        if ident not in known:
            problems.append(f"{ident}: passed in the baseline and is no longer in the corpus")
        elif ident not in now:
            r = known[ident]
            problems.append(f"{ident}: passed in the baseline, now {r['line'].written!r} -> {r['got']!r}")
    return problems


def check(figures: dict, figures2: dict, baseline: dict) -> list[str]:
    """:func:`regressions` of the corpus and of the second set-aside group (once it is pinned)."""
    problems = regressions(figures, baseline)
    if "heldout2" in baseline:
        problems += [f"heldout2 {p}" for p in regressions(figures2, baseline["heldout2"])]
    return problems


def mark_heldout(path: Path = CORPUS) -> int:
    """Rewrite the heldout column from :func:`heldout_ids`; returns how many cells changed."""
    chosen = heldout_ids(read_corpus(path))
    out, changed, header_seen = [], 0, False
    for row in path.read_text("utf-8").splitlines():
        if not row.strip() or row.startswith("#") or not header_seen:
            header_seen = header_seen or (bool(row.strip()) and not row.startswith("#"))
            out.append(row)
            continue
        cells = row.split("\t")
        flag = "1" if cells[0] in chosen else "0"
        changed += cells[5] != flag
        cells[5] = flag
        out.append("\t".join(cells))
    path.write_text("\n".join(out) + "\n", "utf-8")
    return changed


def report(figures: dict, hide_heldout: bool = False, title: str = "Spoken-form corpus") -> None:
    print(f"{title}: {figures['lines']} lines, {figures['heldout_lines']} held out")
    print(
        f"exact match: all {figures['exact_all']:.1%} ({figures['passed']}/{figures['lines']}), "
        f"held-out {figures['exact_heldout']:.1%} ({figures['heldout_passed']}/{figures['heldout_lines']})"
    )
    print("misses by class (all, held-out):")
    for cls, c in figures["classes"].items():
        print(
            f"  {cls:16} {c['lines'] - c['passed']:3}/{c['lines']:<3} missed"
            f"   held-out {c['heldout_lines'] - c['heldout_passed']:2}/{c['heldout_lines']}"
        )
    misses = [r for r in figures["results"] if not r["right"]]
    hidden = [r for r in misses if hide_heldout and r["line"].heldout]
    print(f"misses ({len(misses)}" + (f", {len(hidden)} held-out not shown" if hidden else "") + "):")
    for r in misses:
        line = r["line"]
        if r in hidden:
            continue
        mark = " held-out" if line.heldout else ""
        print(f"[{line.id}] {line.cls} {line.lang} {line.shape}{mark}")
        print(f"  written:  {line.written}")
        print(f"  expected: {' | '.join(line.spoken)}")
        print(f"  got:      {r['got'].replace(chr(0x2060), '')}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print the figures only")
    parser.add_argument("--check", action="store_true", help="exit 1 if worse than the baseline")
    parser.add_argument("--save", action="store_true", help=f"pin {BASELINE.name}")
    parser.add_argument("--hide-heldout", action="store_true", help="do not print held-out lines")
    parser.add_argument("--mark-heldout", action="store_true", help="rewrite the corpus's heldout column")
    args = parser.parse_args(argv)
    if args.mark_heldout:
        print(f"{CORPUS}: {mark_heldout()} heldout cells changed")
        return 0
    figures, figures2 = measure(), measure(read_corpus(HELDOUT2))
    pinned = {**summary(figures), "heldout2": summary(figures2)}
    if args.json:
        print(json.dumps({k: v for k, v in pinned.items() if k != "passing"}, indent=2))
    else:
        report(figures, args.hide_heldout)
        print()
        report(figures2, args.hide_heldout, "Second set-aside group (heldout2)")
    if args.save:
        BASELINE.write_text(json.dumps(pinned, indent=2) + "\n")
        print(f"wrote {BASELINE}")
    if args.check:
        problems = check(figures, figures2, json.loads(BASELINE.read_text()))
        for problem in problems:
            print(f"REGRESSION {problem}")
        if problems:
            return 1
        print(f"check: no regression against {BASELINE.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
