"""Real pages copied as plain text: does the script builder find the story among the furniture?

A reader who copies a news page gets its text with every menu, label and notice on it. This
bench makes that text from the real pages in ``../shared/realworld/html/*/source.html`` with
Debian's text browser, ``w3m -dump``, in two widths:

- ``dump``: w3m's own 80 columns, so paragraphs come hard-wrapped and blank-line separated;
- ``copy``: 4,000 columns, one line per block, as a browser's select-all and copy gives it;

and runs each through the plain-text path, as ``audionews script page.txt`` does. It scores
the script against the page's expected structure (``expected-metadata.json``'s title,
``expected.html``'s headings, figure captions and body, the text a careful reader mode keeps):

- headline: the script's title equals the expected title (words, case-insensitive);
- captions and headings: each expected one found as a caption or heading segment;
- body: recall and precision by words of the paragraph segments against the expected body;
- furniture read: segments most of whose words are not on the expected page at all, each
  sorted into a failure class (loading notice, placeholder, image label, agency tag, link
  menu, form control, other boilerplate) so the classes can be counted and fixed.

    python bench/pagetext.py            # per page and summary, both widths
    python bench/pagetext.py --furniture   # also every furniture segment read
    python bench/pagetext.py --json     # the figures only
    python bench/pagetext.py --check    # exit 1 if a figure dropped below the baseline
    python bench/pagetext.py --save     # pin bench/pagetext_baseline.json

Needs ``w3m`` (Debian package w3m) and ``../shared``; without either it says so and exits 0.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT))

REALWORLD = ROOT.parent / "shared" / "realworld" / "html"
BASELINE = Path(__file__).resolve().parent / "pagetext_baseline.json"
WIDTHS = {"dump": 80, "copy": 4000}
BODY_ROLES = ("dateline", "paragraph", "quote")
# The pages the README names as not English (la-nacion declares no language), and any page
# whose metadata declares another language.
NOT_ENGLISH = {"la-nacion"}
FURNITURE_SHARE = 0.5  # a segment is furniture when under half its words are on the page
BODY_LOST = 0.5  # a script that keeps under half the story's words has lost the story

# Failure classes, first match wins: (name, test on the segment's written text). w3m shows an
# image by its alt text and a button by its label, both in square brackets.
FURNITURE_CLASSES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("loading notice", re.compile(r"\b(loading|please wait|one moment)\b", re.IGNORECASE)),
    ("markup or placeholder", re.compile(r"(?i:<!--|-->|</?[a-z]+[ >/]|\w+=\")|^\W*(IMAGE|VIDEO|AD)\W*$")),
    ("image label", re.compile(r"\b\d+\s*x\s*\d+\b|\b(image|photo|map|logo|icon|gallery)\b", re.IGNORECASE)),
    ("bracketed alt text or button", re.compile(r"^(\W*\[[^\]]*\])+\W*$|\[ *\]")),
    ("agency tag", re.compile(r"^(\w+\s){0,3}(News|Reuters|AP|AFP|Staff|Wire|Press)\W*$")),
    ("menu item", re.compile(r"^[•□○◦☆▪*·|-]|(\s[|•·▪]\s)|^\S+(\s\S+){0,2}$")),
)


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower().replace("\u2019", "'"))


def squash(text: str) -> str:
    return " ".join(words(text))


def overlap(got: str, expected: str) -> tuple[float, float]:
    """Recall and precision of ``got``'s words against ``expected``'s (as multisets)."""
    g, e = Counter(words(got)), Counter(words(expected))
    common = sum((g & e).values())
    return common / max(1, sum(e.values())), common / max(1, sum(g.values()))


def furniture_class(text: str) -> str:
    for name, pattern in FURNITURE_CLASSES:
        if pattern.search(text.strip()):
            return name
    return "other boilerplate"


def headline_source(got: str, expected: dict) -> str:
    """Where a wrong headline came from: a part of the story in the wrong place, or furniture."""
    g, title = squash(got), squash(expected["title"])
    if g == title:
        return "right"
    recall, precision = overlap(got, expected["title"])
    if min(recall, precision) >= 0.5:
        return "the title, cut or with extra words"
    if len(g.split()) >= 3:  # shorter lines are found anywhere by chance
        if any(g in c for c in expected["captions"]):
            return "a caption"
        if any(g == h for h in expected["headings"]):
            return "a section heading"
        if g in squash(expected["body"]):
            return "a body line"
    if g and g == squash(expected["byline"]):
        return "the byline"
    return f"furniture ({furniture_class(got)})"


def dump(source: Path, width: int) -> str:
    """The page as w3m renders it to text, ``width`` columns wide."""
    run = subprocess.run(
        ["w3m", "-dump", "-T", "text/html", "-O", "UTF-8", "-cols", str(width), str(source)],
        capture_output=True,
        check=True,
        timeout=60,
    )
    return run.stdout.decode("utf-8", "replace")


def expected_structure(folder: Path) -> dict:
    from lxml import html as lxml_html

    meta = json.loads((folder / "expected-metadata.json").read_text("utf-8"))
    tree = lxml_html.fromstring((folder / "expected.html").read_text("utf-8"))
    headings = [squash(h.text_content()) for h in tree.iter("h1", "h2", "h3", "h4", "h5", "h6")]
    captions = [squash(c.text_content()) for c in tree.iter("figcaption")]
    page = tree.text_content()
    for element in list(tree.iter("h1", "h2", "h3", "h4", "h5", "h6", "figcaption")):
        element.drop_tree()
    language = meta.get("lang") or ""
    return {
        "title": meta["title"],
        "byline": meta.get("byline") or "",
        "headings": [h for h in headings if h],
        "captions": [c for c in captions if c],
        "body": tree.text_content(),
        "page": page,
        "english": folder.name not in NOT_ENGLISH and (not language or language.lower().startswith("en")),
    }


def score_page(folder: Path, width: int, workdir: Path) -> dict:
    """The plain-text script of one page against its expected structure."""
    from audionews.errors import AudioNewsError
    from audionews.script.builder import script_for

    expected = expected_structure(folder)
    text_file = workdir / f"{folder.name}.txt"
    text_file.write_text(dump(folder / "source.html", width), "utf-8")
    result: dict = {"english": expected["english"], "lines": sum(1 for x in text_file.open() if x.strip())}
    try:
        script = script_for(str(text_file))
    except AudioNewsError as error:  # the user would see this message and no script
        return result | {
            "error": str(error).splitlines()[0],
            "headline": False,
            "got_headline": "",
            "headline_from": "no script",
            "captions": [0, len(expected["captions"])],
            "headings": [0, len(expected["headings"])],
            "recall": 0.0,
            "precision": 0.0,
            "furniture": [],
        }
    by_role: dict[str, list[str]] = {}
    for segment in script.segments:
        by_role.setdefault(segment.role, []).append(squash(segment.source_text))
    body = " ".join(s.source_text for s in script.segments if s.role in BODY_ROLES)
    recall, precision = overlap(body, expected["body"])
    page_words = Counter(words(" ".join((expected["page"], expected["title"], expected["byline"]))))
    furniture = []
    for index, segment in enumerate(script.segments):
        seg_words = Counter(words(segment.source_text))
        if not seg_words or segment.role in ("intro", "outro"):
            continue
        if sum((seg_words & page_words).values()) / sum(seg_words.values()) < FURNITURE_SHARE:
            cls = furniture_class(segment.source_text)
            furniture.append({"index": index, "role": segment.role, "class": cls, "text": segment.source_text})
    return result | {
        "headline": squash(script.title) == squash(expected["title"]),
        "got_headline": script.title,
        "headline_from": headline_source(script.title, expected),
        "captions": [sum(c in by_role.get("caption", []) for c in expected["captions"]), len(expected["captions"])],
        "headings": [sum(h in by_role.get("heading", []) for h in expected["headings"]), len(expected["headings"])],
        "recall": round(recall, 4),
        "precision": round(precision, 4),
        "furniture": furniture,
        "segments": len(script.segments),
    }


def measure() -> dict:
    """Every page in both widths: ``{width name: {page: result}}``."""
    folders = sorted(p for p in REALWORLD.iterdir() if p.is_dir())
    figures: dict = {}
    with tempfile.TemporaryDirectory(prefix="audionews-pagetext-") as tmp:
        for name, width in WIDTHS.items():
            figures[name] = {folder.name: score_page(folder, width, Path(tmp)) for folder in folders}
    return figures


def _floor(x: float) -> float:
    return math.floor(x * 10000) / 10000  # a rerun never looks lower


def totals(pages: dict) -> dict:
    """One width's summary over the given pages."""
    count = max(1, len(pages))
    captions = [sum(p["captions"][i] for p in pages.values()) for i in (0, 1)]
    headings = [sum(p["headings"][i] for p in pages.values()) for i in (0, 1)]
    return {
        "pages": len(pages),
        "headline_accuracy": _floor(sum(p["headline"] for p in pages.values()) / count),
        "caption_accuracy": _floor(captions[0] / max(1, captions[1])),
        "heading_accuracy": _floor(headings[0] / max(1, headings[1])),
        "body_recall": _floor(sum(p["recall"] for p in pages.values()) / count),
        "body_precision": _floor(sum(p["precision"] for p in pages.values()) / count),
        "furniture_segments": sum(len(p["furniture"]) for p in pages.values()),
        "body_lost": sum(p["recall"] < BODY_LOST for p in pages.values()),
        "refused": sum("error" in p for p in pages.values()),
    }


def summary(figures: dict) -> dict:
    out = {}
    for name, pages in figures.items():
        out[name] = totals(pages)
        out[f"{name}_english"] = totals({k: v for k, v in pages.items() if v["english"]})
    return out


LOWER_IS_BETTER = ("furniture_segments", "body_lost", "refused")


def regressions(now: dict, baseline: dict) -> list[str]:
    problems = []
    for group, pinned in baseline.items():
        for key, value in pinned.items():
            if key == "pages":
                continue
            got = now.get(group, {}).get(key)
            worse = got is None or (got > value if key in LOWER_IS_BETTER else got < value)
            if worse:
                problems.append(f"{group}.{key}: {got} (baseline {value})")
    return problems


def report(figures: dict, show_furniture: bool) -> None:
    for name, pages in figures.items():
        print(f"Plain text from w3m -dump -cols {WIDTHS[name]} ({name}), {len(pages)} pages:")
        for page, r in pages.items():
            flag = "" if r["english"] else " (not English)"
            if "error" in r:
                print(f"  {page:18} REFUSED: {r['error']}{flag}")
                continue
            classes = Counter(f["class"] for f in r["furniture"])
            print(
                f"  {page:18} headline={'ok' if r['headline'] else 'WRONG':5}"
                f" captions {r['captions'][0]}/{r['captions'][1]} headings {r['headings'][0]}/{r['headings'][1]}"
                f" R={r['recall']:.3f} P={r['precision']:.3f} furniture {len(r['furniture'])}{flag}"
            )
            if not r["headline"]:
                print(f"      headline read: {r['headline_from']}: {r['got_headline'][:100]!r}")
            if r["recall"] < BODY_LOST:
                print(f"      body lost: the script keeps {r['recall']:.0%} of the story's words")
            if classes:
                print("      furniture: " + ", ".join(f"{c} {n}" for c, n in classes.most_common()))
            if show_furniture:
                for f in r["furniture"]:
                    print(f"        [{f['index']}:{f['role']}] {f['class']}: {f['text'][:110]!r}")
        every = Counter(f["class"] for r in pages.values() for f in r["furniture"])
        before = Counter(
            f["class"] for r in pages.values() for f in r["furniture"] if f["role"] in ("headline", "caption")
        )
        sources = Counter(r["headline_from"] for r in pages.values() if not r["headline"])
        print(f"  wrong headlines, taken from: {dict(sources.most_common())}")
        print(
            f"  body lost (recall under {BODY_LOST:.0%}): {sum(r['recall'] < BODY_LOST for r in pages.values())} pages"
        )
        print(f"  furniture read, by class: {dict(every.most_common())}")
        print(f"  furniture taken as headline or caption: {dict(before.most_common())}")
    print("Summary:")
    for group, values in summary(figures).items():
        print(f"  {group:14} " + "  ".join(f"{k}={v}" for k, v in values.items()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print the figures only")
    parser.add_argument("--furniture", action="store_true", help="print every furniture segment read")
    parser.add_argument("--check", action="store_true", help="exit 1 if a figure dropped below the baseline")
    parser.add_argument("--save", action="store_true", help=f"pin {BASELINE.name}")
    args = parser.parse_args(argv)
    if not REALWORLD.is_dir():
        print(f"skipped: {REALWORLD} is not here (the real pages live in ../shared beside the checkout)")
        return 0
    if shutil.which("w3m") is None:
        print("skipped: w3m is not installed (Debian: apt-get install w3m)")
        return 0
    figures = measure()
    if args.json:
        print(json.dumps(summary(figures), indent=2))
    else:
        report(figures, args.furniture)
    if args.save:
        BASELINE.write_text(json.dumps(summary(figures), indent=2) + "\n")
        print(f"wrote {BASELINE}")
    if args.check:
        problems = regressions(summary(figures), json.loads(BASELINE.read_text()))
        for problem in problems:
            print(f"REGRESSION {problem}")
        if problems:
            return 1
        print(f"check: no regression against {BASELINE.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
