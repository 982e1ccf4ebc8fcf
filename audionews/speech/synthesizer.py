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

import numpy as np

from ..audio import join
from .cache import SegmentCache, sentence_key
from .cast import Cast, Voicing
from .engines import Engine, engine_class, fingerprint, load_engine
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

    def render(self, script: Script, language: str | None = None) -> Rendered:
        """Speak every segment sentence by sentence (the unit that is timed) and stitch them.

        Voices of different sample rates are brought to the highest of them.
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
        spoken = self._speak_all(jobs, keys)
        rate = max(r for _, r in spoken)
        parts, cursor = [], 0
        for sentences in texts:
            parts.append([resample(pcm, r, rate) for pcm, r in spoken[cursor : cursor + len(sentences)]])
            cursor += len(sentences)
        rendered = join(parts, [s.pause_ms for s in script.segments], rate, texts)
        pauses = [s.pause_ms for s in script.segments]
        rendered.said = hashlib.sha256(json.dumps([keys, [len(t) for t in texts], pauses]).encode()).hexdigest()
        spoken_by = Counter(job.voicing.profile.name for job in jobs)
        rendered.voices = [name for name, _ in spoken_by.most_common()]
        return rendered

    def _speak_all(self, jobs: list[Job], keys: list[str]) -> list[tuple[np.ndarray, int]]:
        """Each job's samples and rate, in order: from the cache, else spoken once per sentence."""
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
            found[key] = hit
            seconds += len(hit[0]) / hit[1] * len(indices)
        spilled: set[str] = set()  # spoken, and kept only in the cache until stitching
        for index, samples, rate in self._speak([(i, jobs[i]) for i in todo]):
            self.stats.spoken += 1
            key = todo[index]
            seconds += len(samples) / rate * len(where[key])
            if self.cache and self.cache.put(key, samples, rate) and self._pool is not None:
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
        if self._use_pool(work):
            if self._pool is None:
                # The voice most of the work needs loads in every worker as it starts. Fork
                # only while no engine is loaded here: it would copy that engine's threads.
                common = Counter(job.voicing.profile.name for _, job in work).most_common(1)[0][0]
                preload = next(j.voicing.profile for _, j in work if j.voicing.profile.name == common)
                self._pool = SpeakerPool(self.jobs, preload=preload, fork=not self._engines)
            yield from self._pool.speak(work)
            return
        for index, job in work:
            samples, rate = self.speak(job.text, job.voicing)
            yield index, samples, rate

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
        profile, speed = job.voicing.profile, job.voicing.speed
        if profile.name not in self._fingerprints:
            self._fingerprints[profile.name] = fingerprint(profile)
        return sentence_key(self._fingerprints[profile.name], speed, job.text)
