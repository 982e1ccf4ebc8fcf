"""The ASR round trip of bench/intelligibility.py, for real: Piper speaks, Whisper tiny.en hears."""

from __future__ import annotations

import pytest

from bench.intelligibility import (
    ARTICLES,
    Canonicalizer,
    RoundTrip,
    Score,
    article_spoken,
    item_seed,
    read_sentences,
    read_written,
    run_item,
)

# Lines from bench/intelligibility_sentences.tsv where raw Piper misreads the abbreviations
# ("Sen." as "and", "R-Texas" as "art access", "Lt. Col." as "l t call").
LINES = [
    (
        "Sen. Ted Cruz (R-Texas) said the bill would cost $1.5 billion over 10 years.",
        "Senator Ted Cruz, Republican of Texas, said the bill would cost one point five billion dollars over ten years.",
    ),
    (
        "Gen. Colin Powell met Lt. Col. Oliver North at the Pentagon on Oct. 5, 2023.",
        "General Colin Powell met Lieutenant Colonel Oliver North at the Pentagon on October fifth, twenty twenty-three.",
    ),
]


@pytest.fixture(scope="module")
def trip() -> RoundTrip:
    return RoundTrip(threads=1)


def test_canonicalizer_equates_written_and_spoken_forms() -> None:
    canon = Canonicalizer()
    assert canon("$1.5 billion") == canon("one point five billion dollars") == "one point five billion dollars"
    assert canon("On Oct. 5, Sen. Smith's aide left.") == "on october fifth senator smith's aide left"
    assert canon("52-48") == canon("fifty-two to forty-eight")
    # Whisper tiny.en writes American spelling; the same spoken word is the same word.
    assert canon("flood defences authorised") == canon("flood defenses authorized")
    assert Canonicalizer(us_spelling=False)("defences") == "defences"
    # Capitals in a transcript are letters Whisper heard, not a shouted word.
    assert canon.heard("Shares of AT and T fell") == canon("Shares of AT&T fell") == "shares of a t and t fell"


def test_articles_are_scored_against_their_written_words_not_the_normalizers() -> None:
    canon = Canonicalizer(reader=read_written)
    assert canon("Sen. Ted Cruz paid $1.5 billion on Oct. 5, 2023.") == (
        "senator ted cruz paid one point five billion dollars on october fifth twenty twenty three"
    )
    assert canon("NEW YORK (AP) — FBI agents") == "new york a p f b i agents"
    # A reading the normalizer gets wrong is an error the articles now count.
    wrong = "Tesla Reports four dollars and eighty cents Billion Profit"
    assert canon("Tesla Reports $4.8 Billion Profit") != canon(wrong)
    # The reference carries the cues audionews speaks, one line a segment of the script.
    path = next(a for a in ARTICLES if a.name == "senate-budget-voa.txt")
    spoken = article_spoken(path, canon.normalizer)
    lines = spoken.written.split("\n")
    assert len(lines) == len(spoken.said)
    assert lines[0] == "Senate Passes Stopgap Budget Hours Before Shutdown Deadline"
    assert any(line.startswith("Photo caption: File photo. The U.S. Capitol") for line in lines)
    assert "Section: What the bill does" in lines


def test_the_bench_sentences_parse_with_a_hand_written_spoken_form() -> None:
    pairs = read_sentences()
    assert len(pairs) >= 30
    assert all(written != spoken and not any(c.isdigit() for c in spoken) for written, spoken in pairs)


def test_the_normalizer_says_every_bench_sentence_as_written_by_hand() -> None:
    """The quality gate without ASR: what remains of the bench's WER is the voice and Whisper."""
    canon = Canonicalizer()
    said = [(canon(written), canon(spoken)) for written, spoken in read_sentences()]
    wrong = [(ours, by_hand) for ours, by_hand in said if ours != by_hand]
    assert not wrong, wrong


def test_audionews_is_heard_better_than_raw_piper(trip: RoundTrip) -> None:
    canon = Canonicalizer()
    raw, ours = Score(), Score()
    for written, spoken in LINES:
        # Seeded, so Piper's random noise is the same draw every run: a failure reproduces.
        raw_heard, ours_heard = run_item(trip, canon.normalizer, written, item_seed(1, 0, written))
        raw.add(canon(spoken), canon(raw_heard))
        ours.add(canon(spoken), canon(ours_heard))
    assert ours.words == raw.words > 15
    assert ours.errors <= 2, ours.alignments()  # Piper adds random noise: allow a slip
    assert raw.errors >= ours.errors + 3, raw.alignments()
