"""The spoken-form gate: the normalizer against the hand-written corpus, never worse than pinned.

Runs ``bench/spoken_form.py``'s check in-process (a fraction of a second): the exact-match
rates must not fall below ``bench/spoken_form_baseline.json`` and no line it pins as right may
go wrong. When a change makes lines right, re-pin with ``python bench/spoken_form.py --save``.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from collections import Counter

import pytest

from .conftest import ROOT


def _bench():
    spec = importlib.util.spec_from_file_location("bench_spoken_form", ROOT / "bench" / "spoken_form.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks its module up by name
    spec.loader.exec_module(module)
    return module


BENCH = _bench()
LINES = BENCH.read_corpus()
HELDOUT2 = BENCH.read_corpus(BENCH.HELDOUT2)


def test_corpus_is_large_and_covers_every_class_styles_and_headline_shapes() -> None:
    assert len(LINES) >= 300
    counts = Counter(line.cls for line in LINES)
    assert len(counts) >= 20 and min(counts.values()) >= 5, counts
    assert {line.style for line in LINES} == set(BENCH.STYLES)
    shapes = Counter(line.shape for line in LINES)
    assert set(shapes) <= set(BENCH.SHAPES) and shapes["title"] >= 15 and shapes["caps"] >= 15


@pytest.mark.parametrize(("lines", "prefix"), [(LINES, ""), (HELDOUT2, "h2-")], ids=["corpus", "heldout2"])
def test_corpus_lines_are_well_formed(lines: list, prefix: str) -> None:
    ids = [line.id for line in lines]
    assert len(ids) == len(set(ids))
    for line in lines:
        assert re.fullmatch(rf"{prefix}{re.escape(line.cls)}-\d\d", line.id), line.id
        assert line.lang == BENCH.STYLES[line.style], line.id
        assert 1 <= len(line.spoken) <= BENCH.MAX_ALTERNATIVES and all(line.spoken), line.id
        assert len(set(map(BENCH.canonical, line.spoken))) == len(line.spoken), f"{line.id}: same reading twice"
        if line.shape == "caps":
            assert not re.search(r"[a-z]", line.written), line.id


def test_the_held_out_third_is_the_seeded_choice_per_class() -> None:
    marked = {line.id for line in LINES if line.heldout}
    assert marked == BENCH.heldout_ids(LINES), "run: python bench/spoken_form.py --mark-heldout"
    for cls, total in Counter(line.cls for line in LINES).items():
        held = sum(line.heldout for line in LINES if line.cls == cls)
        assert abs(held - total / 3) <= 0.5, cls


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Nato allies met.", "NATO allies met"),
        ("a fifteen-million-dollar stadium", "a fifteen million  dollar stadium."),
        ("the N S A\u2060's files", "the N S A's files"),
        ('"We won," she said.', '"we won," she said'),
    ],
)
def test_canonical_ignores_only_what_is_not_heard(a: str, b: str) -> None:
    assert BENCH.canonical(a) == BENCH.canonical(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("four point four per cent", "four point four percent"),
        ("call two zero two, five five five", "call two zero two five five five"),
        ("F B I", "FBI"),
        ("the U S. He said", "the U S He said"),
    ],
)
def test_canonical_keeps_what_is_heard(a: str, b: str) -> None:
    assert BENCH.canonical(a) != BENCH.canonical(b)


def test_the_second_held_out_group_covers_the_issue_classes_and_styles() -> None:
    assert len(HELDOUT2) >= 60 and all(line.heldout for line in HELDOUT2)
    counts = Counter(line.cls for line in HELDOUT2)
    assert len(counts) >= 15 and min(counts.values()) >= 4, counts
    assert {line.style for line in HELDOUT2} == set(BENCH.STYLES)
    assert not {line.written for line in HELDOUT2} & {line.written for line in LINES}


def test_spoken_form_gate_against_pinned_baseline() -> None:
    """Fails when the exact-match rate drops or a line the baseline pins as right goes wrong, in
    the corpus or in the second held-out group."""
    baseline = json.loads(BENCH.BASELINE.read_text())
    problems = BENCH.check(BENCH.measure(LINES), BENCH.measure(HELDOUT2), baseline)
    assert not problems, "spoken form got worse than bench/spoken_form_baseline.json:\n" + "\n".join(problems)


def test_the_gate_reports_a_line_that_went_wrong() -> None:
    wrong = BENCH.Line("number-99", "number", "en", "us", "sentence", False, "7 people", ("eleven people",))
    figures = BENCH.measure([wrong])
    baseline = {"exact_all": 0.5, "exact_heldout": 0.0, "passing": ["number-99", "no-such-line-01"]}
    problems = BENCH.regressions(figures, baseline)
    assert problems[0].startswith("exact_all 0.0000 is below the baseline 0.5000")
    assert "number-99: passed in the baseline, now '7 people' -> 'seven people'" in problems
    assert any(p.startswith("no-such-line-01:") for p in problems)
