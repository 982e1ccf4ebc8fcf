"""Captions in the article's written words: spoken words mapped back to the written ones."""

from __future__ import annotations

import re

import numpy as np
import pytest

from audionews.episode import transcript
from audionews.model import Rendered, Script, Segment, Timing
from audionews.normalize import Normalizer, Lexicon, default_normalizer, normalize
from audionews.normalize.trace import trace
from audionews.speech.sentences import split_sentences
from audionews.episode.written import pieces


def shown(role: str, written: str, spoken: str | None = None) -> list[str]:
    return [p.shown for p in pieces(Segment(role, spoken if spoken is not None else normalize(written), written))]


def test_trace_says_exactly_what_the_normalizer_says_on_the_whole_corpus() -> None:
    from tests.conftest import DATA

    normalizer = default_normalizer()
    lines = (DATA / "spoken_form.tsv").read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in lines if line and not line.startswith("#")][1:]
    assert len(rows) > 300
    for row in rows:
        written, language = row[6], row[2]
        traced = trace(normalizer, written, language)
        assert traced.spoken == normalizer(written, language), written
        for word in re.finditer(r"\S+", traced.spoken):
            span = traced.span(*word.span())
            assert span is None or 0 <= span[0] < span[1] <= len(written)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("The $1.2 trillion deal.", ["The", "$1.2 trillion", "deal."]),
        ("It opens 11/30/2026 in the U.S. Senate.", ["It", "opens", "11/30/2026", "in", "the", "U.S.", "Senate."]),
        ("Sen. Ted Cruz (R-Texas) spoke.", ["Sen.", "Ted", "Cruz (R-Texas)", "spoke."]),
        ("A $42 million building in 2028.", ["A", "$42 million", "building", "in", "2028."]),
        ("NHS STAFF TO GET PAY RISE", ["NHS", "STAFF", "TO", "GET", "PAY", "RISE"]),
    ],
)
def test_spoken_words_lead_back_to_whole_written_words(written: str, expected: list[str]) -> None:
    assert shown("paragraph", written) == expected


def test_a_spoken_cue_is_in_brackets_and_the_show_s_words_are_as_said() -> None:
    assert shown("caption", "Visitors in the new hall.", normalize("Photo caption: Visitors in the new hall.")) == [
        "[Photo caption]", "Visitors", "in", "the", "new", "hall."
    ]  # fmt: skip
    assert shown("heading", "Hours", "Section: Hours.") == ["[Section]", "Hours"]
    assert shown("intro", "", "This is Springfield Audio.") == ["This", "is", "Springfield", "Audio."]


def test_a_producer_s_edit_shows_what_was_said() -> None:
    written = "The city paid $42 million for it."
    assert shown("paragraph", written, "The city paid about forty million dollars for it.") == [
        "The", "city", "paid", "about forty million dollars", "for", "it."
    ]  # fmt: skip
    assert shown("paragraph", written, "Something else entirely.") == ["Something else entirely."]


def test_the_show_s_lexicon_is_followed_back_to_the_written_name() -> None:
    normalizer = Normalizer(Lexicon({"": {"Nguyen": "Win"}}))
    segment = Segment("paragraph", normalizer("Mayor Nguyen spoke."), "Mayor Nguyen spoke.")
    assert segment.text == "Mayor Win spoke."
    assert [p.shown for p in pieces(segment, normalizer=normalizer)] == ["Mayor", "Nguyen", "spoke."]


def _one_sentence(written: str, role: str = "paragraph", rate: int = 1000) -> tuple[Script, Rendered, str]:
    spoken = normalize(written)
    sentences = split_sentences(spoken)
    timings, cursor = [], 0
    for sentence in sentences:  # 10 ms a spoken character
        timings.append(Timing(cursor, cursor + len(sentence) * 10))
        cursor += len(sentence) * 10 + 300
    timeline = [Timing(0, timings[-1].end, timings, sentences)]
    script = Script("t", [Segment(role, spoken, written)])
    # No samples: cuts stay where the characters put them (no pause to move to).
    return script, Rendered(np.zeros(0, dtype=np.int16), rate, timeline), spoken


def test_an_amount_that_straddles_two_cues_is_shown_whole_in_the_cue_that_says_it() -> None:
    written = (
        "Lawmakers argued for a whole week over the final shape of the $1.2 trillion package for "
        "roads, bridges and rail lines."
    )
    script, rendered, spoken = _one_sentence(written)
    # Spoken, the sentence's middle falls inside "one point two trillion dollar" (an amount
    # before a noun is said as an adjective): cut by characters, the words would straddle two cues.
    amount = (spoken.index("one point two"), spoken.index("dollar") + len("dollar"))
    assert amount[0] < len(spoken) / 2 < amount[1]
    assert transcript.split_text(spoken)[0].endswith("one")

    cues = transcript.cues(script, rendered)
    assert len(cues) == 2
    assert " ".join(cue.text for cue in cues) == written  # every written word once, in order
    (holder,) = [cue for cue in cues if "$1.2" in cue.text]
    assert "$1.2 trillion" in holder.text
    assert not any(word in cue.text for cue in cues for word in ("one point two", "dollar "))
    # The cue that shows the amount is on screen while it is said (10 ms a spoken character).
    assert holder.start <= amount[0] * 0.01 + 0.02 and holder.end >= amount[1] * 0.01 - 0.02
    for cue in cues:
        assert 1 <= len(cue.lines) <= 2 and all(len(line) <= 42 for line in cue.lines)


def test_cue_lines_are_short_and_never_split_a_word() -> None:
    written = (
        "The council said the twenty-eight new buses, bought for $42 million in 2028, would "
        "serve the northern suburbs, the airport and the long-neglected riverside neighborhoods "
        "from the first of June."
    )
    script, rendered, _ = _one_sentence(written)
    cues = transcript.cues(script, rendered)
    assert len(cues) >= 2
    assert " ".join(cue.text for cue in cues) == written
    words = set(written.split())
    for cue in cues:
        assert len(cue.lines) <= 2
        for line in cue.lines:
            assert len(line) <= 42
            assert set(line.split()) <= words  # whole words only: no "twenty-" / "eight"
    assert [c.start for c in cues] == sorted(c.start for c in cues)
    assert all(a.end <= b.start + 1e-9 for a, b in zip(cues, cues[1:]))
    assert cues[-1].end <= rendered.timeline[-1].end / rendered.sample_rate


def test_vtt_and_srt_carry_the_same_written_cues() -> None:
    script, rendered, _ = _one_sentence("Officials met on Nov. 30, 2026. They spent $5 million.")
    vtt = transcript.to_vtt(script, rendered)
    srt = transcript.to_srt(script, rendered)
    assert "Nov. 30, 2026." in vtt and "$5 million." in vtt
    assert "Nov. 30, 2026." in srt and "$5 million." in srt
    assert vtt.count(" --> ") == srt.count(" --> ") == 2


def test_spoken_words_the_builder_composed_still_lead_back_to_the_written_ones() -> None:
    """The builder puts spoken text in NFC: "0\u0301" is read "zero\u0301" and composed to "zeró"."""
    from audionews.model import Article
    from audionews.script.builder import build_script

    (headline,) = [s for s in build_script(Article(headline="Room 0\u0301 opens at 9 a.m.")).segments if s.role == "headline"]
    assert "zer\u00f3" in headline.text
    assert [p.shown for p in pieces(headline)] == ["Room", "0\u0301", "opens", "at", "9", "a.m."]
