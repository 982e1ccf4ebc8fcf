"""How well the script builder finds an article's structure.

Two measurements, printed and returned as one dict (``measure()``):

1. The golden corpus: ``tests/data/structure/*`` (every supported format) plus the shared
   example ``../shared/corpus/voa-putin-not-us-enemy.txt``; each article has an
   ``.expected.json`` with its labels. Per field (headline, byline, dateline, each caption,
   each section heading, each quote and endnote, each chrome line dropped, first and last body
   sentence) right or wrong, and body recall/precision by words against the expected paragraphs.
2. HTML extraction on real pages: ``../shared/realworld/html/*/source.html`` against
   ``expected.html`` (the body a careful reader mode keeps) and ``expected-metadata.json``:
   title right or wrong, body recall and precision by words.

Run: ``python bench/structure.py`` (``--json`` for the figures only). The test suite compares
the figures with ``bench/structure_baseline.json`` and fails when one drops.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "structure"
SHARED = ROOT.parent / "shared"
SHARED_EXAMPLE = SHARED / "corpus" / "voa-putin-not-us-enemy.txt"
REALWORLD = SHARED / "realworld" / "html"
BASELINE = Path(__file__).resolve().parent / "structure_baseline.json"
BODY_ROLES = ("dateline", "paragraph", "quote")
SHAPE_FIELDS = ("headline", "captions", "sections")  # what a page's furniture is mistaken for

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower().replace("\u2019", "'"))


def overlap(got: str, expected: str) -> tuple[float, float]:
    """Recall and precision of ``got``'s words against ``expected``'s (as multisets)."""
    g, e = Counter(words(got)), Counter(words(expected))
    common = sum((g & e).values())
    return common / max(1, sum(e.values())), common / max(1, sum(g.values()))


def squash(text: str) -> str:
    return " ".join(words(text))


def article_sources(shared: bool = True) -> list[Path]:
    """The golden corpus in tests/data/structure, and the shared example when ../shared is there
    (the test suite passes shared=False: it uses only the repository's own files)."""
    sources = sorted(p for p in CORPUS.iterdir() if p.is_file() and not p.name.endswith(".expected.json"))
    return [SHARED_EXAMPLE, *sources] if shared and SHARED_EXAMPLE.is_file() else sources


def score_article(source: Path) -> dict:
    """Check one article's script against its expected labels; returns the field results."""
    from audionews.script.builder import script_for

    expected = json.loads(source.with_name(source.name.rsplit(".", 1)[0] + ".expected.json").read_text())
    script = script_for(str(source))
    by_role: dict[str, list[str]] = {}
    for segment in script.segments:
        by_role.setdefault(segment.role, []).append(squash(segment.source_text))
    spoken = [squash(s.source_text) for s in script.segments]
    body = " ".join(s.source_text for s in script.segments if s.role in BODY_ROLES)
    fields: dict[str, bool] = {"headline": squash(script.title) == squash(expected["headline"])}
    for key in ("byline", "dateline"):
        if key in expected:
            fields[key] = by_role.get(key, [""])[0] == squash(expected[key])
    for key, role in (("captions", "caption"), ("sections", "heading"), ("quotes", "quote")):
        wanted = [squash(x) for x in expected.get(key, [])]
        for index, text in enumerate(wanted):
            fields[f"{key}[{index}]"] = text in by_role.get(role, [])
        if key in expected:
            fields[f"{key}.count"] = len(by_role.get(role, [])) == len(wanted)
    for index, text in enumerate(expected.get("endnotes", [])):
        fields[f"endnotes[{index}]"] = squash(text) in by_role.get("paragraph", [])
    expected_body = squash(" ".join(expected.get("paragraphs", [])))
    for index, line in enumerate(expected.get("boilerplate", [])):
        key = squash(line)
        inside = len(key.split()) >= 4 and key not in expected_body  # a pull quote is in the body
        fields[f"chrome[{index}] {line[:30]}"] = not any(s == key or (inside and key in s) for s in spoken)
    body_squashed = squash(body)
    for key in ("first_body_sentence", "last_body_sentence"):
        fields[key] = squash(expected[key]) in body_squashed
    result: dict = {"fields": fields}
    if "paragraphs" in expected:
        recall, precision = overlap(body, " ".join(expected["paragraphs"]))
        result.update(recall=recall, precision=precision)
    return result


def measure_corpus(shared: bool = True) -> dict:
    articles = {}
    for source in article_sources(shared):
        articles[source.name] = score_article(source)
    right = sum(v for a in articles.values() for v in a["fields"].values())
    total = sum(len(a["fields"]) for a in articles.values())
    with_body = [a for a in articles.values() if "recall" in a]
    shared = articles.get(SHARED_EXAMPLE.name, {"fields": {}})["fields"]
    shape = [v for a in articles.values() for k, v in a["fields"].items() if k.startswith(SHAPE_FIELDS)]
    return {
        "articles": len(articles),
        "fields_right": right,
        "fields_total": total,
        "field_accuracy": right / max(1, total),
        "shape_accuracy": sum(shape) / max(1, len(shape)),
        "shared_example_accuracy": sum(shared.values()) / max(1, len(shared)),
        "body_recall": sum(a["recall"] for a in with_body) / max(1, len(with_body)),
        "body_precision": sum(a["precision"] for a in with_body) / max(1, len(with_body)),
        "per_article": articles,
    }


def measure_html() -> dict:
    from lxml import html as lxml_html

    from audionews.errors import InputError
    from audionews.script.builder import build_script
    from audionews.sources.html import article_from_html

    pages = {}
    for folder in sorted(p for p in REALWORLD.iterdir() if p.is_dir()) if REALWORLD.is_dir() else []:
        source = (folder / "source.html").read_bytes()
        expected_body = lxml_html.fromstring((folder / "expected.html").read_text("utf-8")).text_content()
        meta = json.loads((folder / "expected-metadata.json").read_text())
        try:
            article = article_from_html(source, source=str(folder))
        except InputError as error:  # no article found: nothing of the body is read
            pages[folder.name] = {"title": False, "recall": 0.0, "precision": 0.0, "error": str(error)}
            continue
        script = build_script(article)
        got = " ".join(s.source_text for s in script.segments if s.role not in ("headline", "byline"))
        recall, precision = overlap(got, expected_body)
        pages[folder.name] = {
            "title": squash(article.headline) == squash(meta["title"]),
            "recall": round(recall, 4),
            "precision": round(precision, 4),
        }
    count = max(1, len(pages))
    return {
        "pages": len(pages),
        "title_accuracy": sum(p["title"] for p in pages.values()) / count,
        "body_recall": sum(p["recall"] for p in pages.values()) / count,
        "body_precision": sum(p["precision"] for p in pages.values()) / count,
        "body_recall_min": min((p["recall"] for p in pages.values()), default=0.0),
        "body_precision_min": min((p["precision"] for p in pages.values()), default=0.0),
        "per_page": pages,
    }


def measure() -> dict:
    return {"corpus": measure_corpus(), "html": measure_html()}


def floor(x: float) -> float:
    return int(x * 10000) / 10000


def corpus_summary(c: dict) -> dict:
    """The golden corpus's pinned figures (rounded down to 4 places, so a rerun never looks lower)."""
    return {
        "corpus_field_accuracy": floor(c["field_accuracy"]),
        "corpus_headline_caption_heading_accuracy": floor(c["shape_accuracy"]),
        "corpus_body_recall": floor(c["body_recall"]),
        "corpus_body_precision": floor(c["body_precision"]),
    }


def summary(figures: dict) -> dict:
    """The figures the baseline pins."""
    c, h = figures["corpus"], figures["html"]
    return {
        **corpus_summary(c),
        "shared_example_accuracy": floor(c["shared_example_accuracy"]),
        "html_title_accuracy": floor(h["title_accuracy"]),
        "html_body_recall": floor(h["body_recall"]),
        "html_body_precision": floor(h["body_precision"]),
    }


def main() -> None:
    figures = measure()
    if "--json" in sys.argv:
        print(json.dumps(summary(figures), indent=2))
        return
    c, h = figures["corpus"], figures["html"]
    print(f"Golden corpus: {c['articles']} articles, {c['fields_right']}/{c['fields_total']} fields right")
    for name, article in c["per_article"].items():
        wrong = [k for k, v in article["fields"].items() if not v]
        body = f" body R={article['recall']:.3f} P={article['precision']:.3f}" if "recall" in article else ""
        print(f"  {name:38} {sum(article['fields'].values()):3}/{len(article['fields']):3}{body}"
              + (f"  wrong: {', '.join(wrong)}" if wrong else ""))  # fmt: skip
    print(f"HTML pages (shared/realworld): {h['pages']}")
    for name, page in h["per_page"].items():
        error = f"  error: {page['error']}" if "error" in page else ""
        print(f"  {name:20} title={'ok' if page['title'] else 'WRONG':5} R={page['recall']:.3f} P={page['precision']:.3f}{error}")
    print("Summary:")
    for key, value in summary(figures).items():
        print(f"  {key:42} {value:.4f}")
    if "--write-baseline" in sys.argv:
        BASELINE.write_text(json.dumps(summary(figures), indent=2) + "\n")
        print(f"wrote {BASELINE}")
    if "--check" in sys.argv:
        dropped = regressions(summary(figures))
        if dropped:
            sys.exit(f"structure figures dropped below {BASELINE.name} (now, pinned): {dropped}")
        print(f"no figure below {BASELINE.name}")


def regressions(figures: dict) -> dict:
    """The pinned figures that dropped (HTML figures get a hundredth of slack for trafilatura's drift)."""
    baseline = json.loads(BASELINE.read_text())
    slack = {k: 0.01 if k.startswith("html_") else 0.0 for k in baseline}
    return {k: (figures[k], v) for k, v in baseline.items() if k in figures and figures[k] < v - slack[k]}


if __name__ == "__main__":
    main()
