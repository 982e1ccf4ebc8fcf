"""Speak sentences on every core: worker processes that each load a voice once.

One ONNX thread per worker process beats one process with many threads on this kind of model
(many small operators): measured on 2 cores, two one-thread workers reach about 22x real time
against 20x for one process with the default threads. See bench/speed.py.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

import numpy as np

from .cast import Voicing
from ..errors import EngineError
from .voices import VoiceProfile


@dataclass(frozen=True)
class Job:
    """One sentence to speak, and who speaks it how fast."""

    voicing: Voicing
    text: str


def cpu_count() -> int:
    """Cores this process may run on (the affinity mask, not the machine's total)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


PARENT_CHECK_SECONDS = 0.5
# Working memory a worker's engine may keep beyond its loaded model before giving some back
# (Piper: onnxruntime's arena), so two workers and this process fit an hour's edition in 1.5 GB
# on Linux. en_US-joe-medium loaded is about 0.14 GB; speaking a 40-word sentence takes about
# 0.35 GB more, which this leaves room for (one-hour digest: 420 MB gave a 1430 MB peak, 360 MB 1365 MB).
WORKER_WORKING_MEMORY = 360 * 2**20

# Per worker process: the engines it has loaded, by voice name.
_engines: dict = {}


def _start_worker(threads: int, preload: VoiceProfile | None) -> None:
    from .engines.base import Engine

    # The parent sees Ctrl-C and shuts the pool down; workers must not print tracebacks for it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    Engine.threads = threads
    Engine.working_memory = WORKER_WORKING_MEMORY
    if preload is not None:
        _engine(preload)  # load while the parent is still preparing the jobs


def _exit_with_parent(parent: int) -> None:
    """A parent killed outright (SIGKILL, OOM) cannot shut its pool down, and a worker waiting
    for work would wait forever, holding its model's memory: leave once the parent is gone."""
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(1)


def _engine(profile: VoiceProfile):
    engine = _engines.get(profile.name)
    if engine is None:
        from .engines import load_engine

        engine = _engines[profile.name] = load_engine(profile)
    return engine


def _speak(job: Job) -> tuple[np.ndarray, int]:
    engine = _engine(job.voicing.profile)
    return engine.synthesize(job.text, job.voicing.speed), engine.sample_rate


class SpeakerPool:
    """``workers`` processes of ``threads`` engine threads each; each loads ``preload`` at start."""

    def __init__(
        self,
        workers: int,
        threads: int = 1,
        preload: VoiceProfile | None = None,
        fork: bool = True,
    ) -> None:
        # fork starts fastest, and is safe while this process has loaded no engine (no ONNX
        # threads to copy); elsewhere, and where fork is not offered (macOS, Windows), spawn.
        fork = fork and "fork" in multiprocessing.get_all_start_methods()
        method = "fork" if fork else "spawn"
        self.workers = workers
        self._executor = ProcessPoolExecutor(
            workers,
            mp_context=multiprocessing.get_context(method),
            initializer=_start_worker,
            initargs=(threads, preload),
        )
        # Start the workers (and their model loads) now rather than at the first job.
        for _ in range(workers):
            self._executor.submit(os.getpid)

    def speak(self, jobs: Iterable[tuple[int, Job]]) -> Iterator[tuple[int, np.ndarray, int]]:
        """Hand every job to the workers now (they take them in the order given); the iterator
        returned yields ``(index, samples, sample_rate)`` for each as it finishes."""
        pending = {self._executor.submit(_speak, job): index for index, job in jobs}
        return self._finished(pending)

    def _finished(self, pending: dict[Future, int]) -> Iterator[tuple[int, np.ndarray, int]]:
        try:
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    index = pending.pop(future)
                    samples, rate = future.result()
                    yield index, samples, rate
        except BrokenProcessPool:
            raise EngineError(
                "a speech worker process died (out of memory, or killed). Run again; if it "
                "repeats, set AUDIONEWS_JOBS=1 to speak in one process."
            ) from None
        finally:
            for future in pending:
                future.cancel()

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)
