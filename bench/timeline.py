"""The timeline of one cold publish: when each stage started and ended, and the CPU seconds the
whole process tree (this process, its speech workers and ffmpeg) spent while it ran.

  python bench/timeline.py            # the bundled example, empty cache, in this process
  python bench/timeline.py ARTICLE    # another article

It runs ``audionews publish`` in this process with a progress listener that records each stage
(the same hook the progress bar uses), and samples the CPU time of every process in the tree
ten times a second (Linux /proc), so the table also says how many cores were busy in each stage.
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
EXAMPLE = ROOT / "examples" / "voa-putin-not-us-enemy.txt"
from audionews.progress import Progress  # noqa: E402 - after the path is set

TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _children(pid: int) -> list[int]:
    found = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            found += [int(c) for c in (task / "children").read_text().split()]
    except (FileNotFoundError, ProcessLookupError):
        pass
    return found


def tree_cpu(pid: int) -> float:
    """CPU seconds of ``pid`` and every descendant, living or reaped."""
    total, stack = 0.0, [pid]
    while stack:
        current = stack.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        # utime, stime, cutime, cstime: fields 14-17 of stat, 12-15 after the name
        total += sum(int(x) for x in fields[11:15]) / TICKS
        stack += _children(current)
    return total


class Recorder(Progress):
    """A progress listener that keeps (stage, start, end, cpu at start, cpu at end)."""

    def __init__(self) -> None:
        self.start = time.perf_counter()
        self.rows: list[list] = []
        self.samples: list[tuple[float, float]] = []
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _now(self) -> tuple[float, float]:
        return time.perf_counter() - self.start, tree_cpu(os.getpid())

    def _sample(self) -> None:
        while not self._done.wait(0.1):
            self.samples.append(self._now())

    def begin(self, name: str) -> None:
        at, cpu = self._now()
        self.rows.append([name, at, None, cpu, None])

    def end(self, name: str) -> None:
        at, cpu = self._now()
        for row in reversed(self.rows):
            if row[0] == name and row[2] is None:
                row[2], row[4] = at, cpu
                return

    def stop(self) -> None:
        self._done.set()
        self._thread.join()

    def table(self) -> str:
        lines = [f"{'stage':<34}{'start':>8}{'end':>8}{'wall':>8}{'cpu':>8}{'cores':>7}"]
        for name, start, end, cpu0, cpu1 in self.rows:
            if end is None:
                continue
            wall = end - start
            cores = (cpu1 - cpu0) / wall if wall > 0 else 0.0
            lines.append(f"{name:<34}{start:8.2f}{end:8.2f}{wall:8.2f}{cpu1 - cpu0:8.2f}{cores:7.2f}")
        return "\n".join(lines)


def main() -> None:
    source = sys.argv[1] if len(sys.argv) > 1 else str(EXAMPLE)
    with tempfile.TemporaryDirectory(prefix="audionews-timeline-") as tmp:
        os.environ["AUDIONEWS_CACHE_DIR"] = str(Path(tmp) / "cache")
        recorder = Recorder()
        recorder.begin("import audionews")
        from audionews.pipeline import publish
        from audionews.settings import load_settings

        recorder.end("import audionews")
        recorder.begin("publish (whole)")
        settings = load_settings(None)
        publish([source], Path(tmp) / "out", settings, progress=recorder)
        recorder.end("publish (whole)")
        recorder.stop()
    print(recorder.table())
    print(f"cpu seconds of the tree, all told: {recorder.samples[-1][1] if recorder.samples else 0:.2f}")


if __name__ == "__main__":
    main()
