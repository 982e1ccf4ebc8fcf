"""Render a script: every segment spoken by its cast voice, sentence by sentence, then stitched.

The sentence is the unit that is spoken, timed and cached. Sentences already in the segment
cache are not spoken again; the rest are spread over worker processes (one per core) when there
are enough of them to pay for the workers' start-up, else spoken in this process.

Memory stays bounded on long editions: a sentence the workers speak goes to the cache as it
arrives and is read back only to be stitched, after the workers (each holding a model and its
working memory, about 0.5 GB) have stopped if the edition is long.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from ..audio import join
from ..audio.pcm import Stitcher
from ..progress import SILENT, Progress
from .cache import SegmentCache, sentence_key
from .cast import Cast, Voicing
from .engines import Engine, engine_class, fingerprint, load_engine
from .voices import VoiceProfile
from ..errors import InputError
from ..model import Rendered, Script
from .pool import Job, SpeakerPool, cpu_count
from ..audio.dsp import resample
from .sentences import bounded, split_sentences

# Below this many characters still to speak, one process beats starting workers (each loads the
# model). bench/speed.py --crossover on 2 busy cores: 2 sentences (471 chars) 6.1 s alone against
# 7.9 s pooled; 3 sentences (648 chars) 8.2 against 7.9; 12 sentences (2560 chars) 30.7 against 23.1.
POOL_MIN_CHARS = 600
# Past this much speech, the workers stop before the edition is stitched and mastered (they start
# again on demand): stitching and mastering an hour takes about 1 GB of their own.
LONG_EDITION_S = 20 * 60


# The joe voice reads about 17 characters of spoken text a second (the example: 3022 in 178 s):
# enough to tell a long edition from an article before it is spoken.
CHARS_PER_SECOND = 17
TAIL_PER_WORKER = 2  # sentences per worker at the end of a stream, spoken longest first


class SpeechSink(Protocol):
    """Takes a render's stitched samples in order while it is being spoken (live mastering)."""

    def take(self, samples: np.ndarray, sample_rate: int) -> None: ...

    def abandon(self) -> None:
        """The render will not stream after all (nothing to speak, a long edition, or voices
        of other rates): the samples come whole, from :meth:`Synthesizer.render`'s result."""


@dataclass
class RenderStats:
    spoken: int = 0  # distinct sentences the engines synthesized in this run
    cached: int = 0  # distinct sentences taken from the segment cache


class Synthesizer:
    """Holds a run's loaded engines, worker pool and cache; use it as a context manager."""

    def __init__(
        self, cast: Cast | None = None, cache: SegmentCache | None = None, jobs: int | None = None
    ) -> None:
        self.cast = cast or Cast()
        self.cache = cache
        self.jobs = jobs or cpu_count()  # one speech process per usable core
        self.stats = RenderStats()
        self.progress: Progress = SILENT
        self._engines: dict[str, Engine] = {}
        self._fingerprints: dict[str, str] = {}
        self._pool: SpeakerPool | None = None

    def __enter__(self) -> Synthesizer:
        return self

    def __exit__(self, exc_type: object, *exc_info: object) -> None:
        self.close()
        if exc_type is None and self.cache is not None and self.cache.stats.writes:
            self.cache.prune()  # keep within its size, after a run that stored something

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool = None

    def engine_for(self, voicing: Voicing) -> Engine:
        key = voicing.profile.name
        if key not in self._engines:
            self._engines[key] = load_engine(voicing.profile)
        return self._engines[key]

    def speak(self, text: str, voicing: Voicing) -> tuple[np.ndarray, int]:
        """``text`` spoken in this process, in pieces the voice speaks in bounded memory."""
        engine = self.engine_for(voicing)
        pieces = [engine.synthesize(piece, voicing.speed) for piece in bounded(text)]
        pcm = pieces[0] if len(pieces) == 1 else np.concatenate(pieces)
        return pcm, engine.sample_rate

    def render(self, script: Script, language: str | None = None, sink: SpeechSink | None = None) -> Rendered:
        """Speak every segment sentence by sentence (the unit that is timed) and stitch them.

        Voices of different sample rates are brought to the highest of them. ``sink`` takes
        the stitched samples in order while the rest is still being spoken (the live
        mastering), if the script has anything to speak and is not a long edition; else, or
        should the voices' rates differ, it is abandoned.
        """
        voicings = self.cast.voicings(script, language)
        self.cast.check_language(script, voicings)
        texts = [split_sentences(segment.text) for segment in script.segments]
        jobs = [
            Job(voicing, sentence)
            for voicing, sentences in zip(voicings, texts, strict=True)
            for sentence in sentences
        ]
        if not jobs:
            raise InputError(f"{script.source or script.title}: the script has nothing to speak.")
        keys = [self._key(job) for job in jobs]
        self.progress.sentences(len(jobs))
        pauses = [s.pause_ms for s in script.segments]
        unspoken = {key for key in keys if not (self.cache and self.cache.has(key))}
        if sink is not None and not self._worth_streaming(jobs, unspoken):
            sink.abandon()
            sink = None
        if sink is None:
            rendered = _stitch(self._speak_all(jobs, keys), texts, pauses)
        else:
            rendered = self._render_streaming(jobs, keys, unspoken, texts, pauses, sink)
        rendered.said = hashlib.sha256(json.dumps([keys, [len(t) for t in texts], pauses]).encode()).hexdigest()
        spoken_by = Counter(job.voicing.profile.name for job in jobs)
        rendered.voices = [name for name, _ in spoken_by.most_common()]
        return rendered

    @staticmethod
    def _worth_streaming(jobs: list[Job], unspoken: set[str]) -> bool:
        """Something to speak (else the render is quick, and a mastered copy may be cached),
        and not so much that holding the stitched edition beside the workers would cost the
        memory the long-edition path saves."""
        seconds = sum(len(job.text) / CHARS_PER_SECOND / job.voicing.speed for job in jobs)
        return bool(unspoken) and seconds <= LONG_EDITION_S

    def _render_streaming(
        self, jobs: list[Job], keys: list[str], unspoken: set[str], texts: list[list[str]], pauses: list[int],
        sink: SpeechSink,
    ) -> Rendered:  # fmt: skip
        counts = [len(t) for t in texts]
        stitcher: Stitcher | None = None
        streaming: SpeechSink | None = sink
        spoken: list[tuple[np.ndarray, int]] = []  # kept to stitch again should the rates differ
        for samples, rate in self._in_order(jobs, keys, unspoken):
            spoken.append((samples, rate))
            if streaming is None:
                continue
            stitcher = stitcher or Stitcher(counts, pauses, rate, texts)
            if rate != stitcher.sample_rate:  # voices of other rates: all must be in first
                streaming.abandon()
                streaming = None
                continue
            streaming.take(stitcher.add(samples), rate)
        if streaming is not None and stitcher is not None:
            return stitcher.rendered()
        return _stitch(spoken, texts, pauses)

    def _in_order(self, jobs: list[Job], keys: list[str], unspoken: set[str]) -> Iterator[tuple[np.ndarray, int]]:
        """Each job's samples and rate in script order, each as soon as it and those before it
        are ready: from the cache, else (``unspoken``) spoken once per sentence (the workers
        take them in about script order, see :func:`streaming_order`)."""
        last_use = {key: index for index, key in enumerate(keys)}
        first: dict[str, int] = {}
        for index, key in enumerate(keys):
            first.setdefault(key, index)
        todo = {first[key]: key for key in first if key in unspoken}
        arriving = self._speak(streaming_order([(i, jobs[i]) for i in sorted(todo)], self.jobs))
        ready: dict[str, tuple[np.ndarray, int]] = {}  # said, and wanted again later
        for index, key in enumerate(keys):
            while key not in ready:
                if first[key] in todo:
                    done, samples, rate = next(arriving)
                    self._spoken(todo[done], samples, rate)
                    ready[todo[done]] = (samples, rate)
                    continue
                hit = self.cache.get(key) if self.cache else None
                if hit is None:  # gone since it was found (another run's clean-up): speak it here
                    hit = self.speak(jobs[index].text, jobs[index].voicing)
                    self.stats.spoken += 1
                else:
                    self.stats.cached += 1
                ready[key] = hit
            found = ready.pop(key) if last_use[key] == index else ready[key]
            self.progress.said()
            yield found

    def _spoken(self, key: str, samples: np.ndarray, rate: int) -> bool:
        """A sentence the engines just said, counted and stored; False if the cache could not
        keep it (or there is none)."""
        self.stats.spoken += 1
        return bool(self.cache and self.cache.put(key, samples, rate))

    def _speak_all(self, jobs: list[Job], keys: list[str]) -> list[tuple[np.ndarray, int]]:
        """Each job's samples and rate, in order: from the cache, else spoken once per sentence.
        Spoken sentences wait in the cache, not in memory, while the workers are up."""
        where: dict[str, list[int]] = {}  # key -> the jobs that say it
        for index, key in enumerate(keys):
            where.setdefault(key, []).append(index)
        found: dict[str, tuple[np.ndarray, int]] = {}  # key -> samples held in memory
        seconds = 0.0
        todo: dict[int, str] = {}  # the first job of each sentence to speak -> its key
        for key, indices in where.items():
            hit = self.cache.get(key) if self.cache else None
            if hit is None:
                todo[indices[0]] = key
                continue
            self.stats.cached += 1
            self.progress.said(len(indices))
            found[key] = hit
            seconds += len(hit[0]) / hit[1] * len(indices)
        spilled: set[str] = set()  # spoken, and kept only in the cache until stitching
        work = sorted(((i, jobs[i]) for i in todo), key=lambda item: len(item[1].text), reverse=True)
        for index, samples, rate in self._speak(work):
            key = todo[index]
            seconds += len(samples) / rate * len(where[key])
            self.progress.said(len(where[key]))
            if self._spoken(key, samples, rate) and self._pool is not None:
                spilled.add(key)
            else:
                found[key] = (samples, rate)
        if seconds > LONG_EDITION_S:
            self.close()
        for key in spilled:
            found[key] = self._recall(key, jobs[where[key][0]])
        return [found[key] for key in keys]

    def _recall(self, key: str, job: Job) -> tuple[np.ndarray, int]:
        """A spilled sentence back from the cache; spoken again here should its entry have
        gone meanwhile (another run's clean-up, a damaged disk)."""
        hit = self.cache.get(key) if self.cache else None
        return hit if hit is not None else self.speak(job.text, job.voicing)

    def _speak(self, work: list[tuple[int, Job]]) -> Iterator[tuple[int, np.ndarray, int]]:
        """Start speaking ``work`` (the workers take it in the order given); the iterator
        returned yields each job as it is done. The workers start here, not later: a worker
        forked while a live master's ffmpeg runs would hold its input pipe open."""
        if work and self._use_pool(work):
            if self._pool is None:
                # The voice most of the work needs loads in every worker as it starts. Fork
                # only while no engine is loaded here: it would copy that engine's threads.
                common = Counter(job.voicing.profile.name for _, job in work).most_common(1)[0][0]
                preload = next(j.voicing.profile for _, j in work if j.voicing.profile.name == common)
                self._pool = SpeakerPool(self.jobs, preload=preload, fork=not self._engines)
            return self._pool.speak(work)
        return ((index, *self.speak(job.text, job.voicing)) for index, job in work)

    def _use_pool(self, work: list[tuple[int, Job]]) -> bool:
        if not all(engine_class(job.voicing.profile.engine).parallel for _, job in work):
            return False
        if self._pool is not None:
            return True
        chars = sum(len(job.text) for _, job in work)
        return self.jobs >= 2 and len(work) >= 2 and chars >= POOL_MIN_CHARS

    def _key(self, job: Job) -> str:
        """The cache key: what decides the sentence's sound (also, without a cache, what makes
        two sentences the same, and what ``Rendered.said`` is made of)."""
        return sentence_key(self._fingerprint(job.voicing.profile), job.voicing.speed, job.text)

    def _fingerprint(self, profile: VoiceProfile) -> str:
        if profile.name not in self._fingerprints:
            self._fingerprints[profile.name] = fingerprint(profile)
        return self._fingerprints[profile.name]

    def voices(self, script: Script, language: str | None = None) -> tuple[str, float | None]:
        """Names the voices and speeds that would speak ``script``, and their engine's make-up
        gain if they share one: what mastering ``script`` depends on (the live master keeps the
        make-up it found under that name)."""
        voicings = self.cast.voicings(script, language)
        names = sorted({f"{self._fingerprint(v.profile)} {v.speed:.4f}" for v in voicings})
        makeups = {engine_class(v.profile.engine).makeup_db for v in voicings}
        key = hashlib.sha256("\n".join(names).encode()).hexdigest()[:16]
        return key, makeups.pop() if len(makeups) == 1 else None


def _stitch(spoken: list[tuple[np.ndarray, int]], texts: list[list[str]], pauses: list[int]) -> Rendered:
    """The sentences (in order) stitched at the highest of their rates."""
    rate = max(r for _, r in spoken)
    parts, cursor = [], 0
    for sentences in texts:
        parts.append([resample(pcm, r, rate) for pcm, r in spoken[cursor : cursor + len(sentences)]])
        cursor += len(sentences)
    return join(parts, pauses, rate, texts)


def streaming_order(work: list[tuple[int, Job]], workers: int) -> list[tuple[int, Job]]:
    """``work`` in script order, so the stream takes each sentence soon after it is spoken,
    except its last few, longest first: no worker is then left with a long sentence while the
    others idle at the end."""
    tail = max(0, len(work) - TAIL_PER_WORKER * workers)
    return work[:tail] + sorted(work[tail:], key=lambda item: len(item[1].text), reverse=True)
