"""Mastering: the [audio] settings, intro/outro music, loudness, and the episode's MP3.

Spoken-word podcast loudness is integrated -16 LUFS with true peak at or below -1 dBTP. Piper
speaks about 22 dB above its loudness at its peaks, more than the 15 dB that target allows,
so linear gain alone cannot reach it (ffmpeg's loudnorm then falls back to dynamic mode and
misses). The chain is therefore: gain that brings the speech to the target, a gentle
compressor, make-up gain, and a look-ahead limiter whose ceiling sits below the true-peak
target. The encoded MP3 is measured as a player decodes it (the codec itself costs about
0.4 LU and moves peaks), and the make-up gain and ceiling are corrected from that measurement
until the file meets the target: the figures are enforced on the final file, not predicted.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .. import audio
from ..audio import OUTPUT_RATE, Loudness
from ..speech.cache import SegmentCache, encoding_key, file_sha256, recall, remember
from ..errors import ConfigError, PublishError
from ..model import Rendered, Timed

BITRATES_KBPS = (32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)  # MPEG-1 layer III
# Speech enters the compressor at the target loudness, so these thresholds suit any voice.
COMPRESSOR = "acompressor=threshold=-14dB:ratio=3:attack=5:release=80:knee=6"
LIMITER = "alimiter=limit={ceiling:.2f}dB:attack=5:release=50:level=0:latency=1"
SPEECH_IN = "[0:a]aresample={rate},aformat=sample_fmts=flt:channel_layouts=mono"
SILENT_LUFS = -70.0  # ebur128's floor: what it reports for silence (not -inf)
# What compressor, limiter and LAME take from Piper speech (measured: the example article's file
# lands at -16.0 LUFS with this on the first try).
MAKEUP_PRIOR_DB = 5.7
CEILING_MARGIN_DB = 0.5  # limiter ceiling below the true-peak target: inter-sample and MP3 overs
TOLERANCE_LU = 0.5  # accepted distance of the file from the loudness target (the guidance: 1)
MAX_ENCODES = 4
MUSIC_UNDER_SPEECH_LU = 2.0  # a jingle a little under the voice sounds mixed, not pasted
MUSIC_GAP_MS = 400  # silence between the music and the voice
MUSIC_FADE_MS = 10


@dataclass(frozen=True)
class AudioOptions:
    """The [audio] table of audionews.toml, checked."""

    bitrate: int = 96  # kbps, constant; Apple recommends 64-128 for mono speech
    loudness: float = -16.0  # integrated LUFS
    true_peak: float = -1.0  # dBTP ceiling
    intro_music: Path | None = None
    outro_music: Path | None = None

    @classmethod
    def from_table(cls, table: dict[str, Any], folder: Path, where: str) -> AudioOptions:
        """Check ``table``; music paths resolve against ``folder`` (the settings file's)."""
        known = {"bitrate", "loudness", "true_peak", "intro_music", "outro_music"}
        unknown = sorted(set(table) - known)
        if unknown:
            raise ConfigError(f"{where}: unknown [audio] setting {unknown[0]!r}. Known: {', '.join(sorted(known))}.")
        options = cls(
            bitrate=_bitrate(table.get("bitrate", cls.bitrate), where),
            loudness=_number(table, "loudness", cls.loudness, (-30.0, -9.0), "LUFS", where),
            true_peak=_number(table, "true_peak", cls.true_peak, (-9.0, -0.5), "dBTP", where),
            intro_music=_music(table, "intro_music", folder, where),
            outro_music=_music(table, "outro_music", folder, where),
        )
        return options

    @classmethod
    def from_settings(cls, settings: Any) -> AudioOptions:
        """The [audio] table of ``settings`` (a :class:`~audionews.settings.Settings`)."""
        return cls.from_table(settings.audio, settings.folder, str(settings.path or "[audio] settings"))


def _bitrate(value: Any, where: str) -> int:
    text = str(value).strip().lower().removesuffix("k").removesuffix("bps").removesuffix("k")
    choices = ", ".join(f"{b}k" for b in BITRATES_KBPS)
    if isinstance(value, bool) or not text.isdigit() or int(text) not in BITRATES_KBPS:
        raise ConfigError(
            f"{where}: [audio] bitrate {value!r} is not an MP3 constant bitrate. Use one of {choices} "
            "(64k-128k suits mono speech)."
        )
    return int(text)


def _number(table: dict[str, Any], key: str, default: float, bounds: tuple[float, float], unit: str, where: str) -> float:
    value = table.get(key, default)
    low, high = bounds
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise ConfigError(f"{where}: [audio] {key} = {value!r} is not a number of {unit} from {low} to {high}. Fix it.")
    return float(value)


def _music(table: dict[str, Any], key: str, folder: Path, where: str) -> Path | None:
    value = table.get(key)
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise ConfigError(f"{where}: [audio] {key} must be a file path in quotes, not {value!r}.")
    path = (folder / value).resolve()
    if not path.is_file():
        raise ConfigError(f"{where}: [audio] {key} file {path} does not exist. Fix the path (relative to the settings file).")
    load_music(path)  # fail before any speech is synthesized
    return path


def load_music(path: Path) -> tuple[np.ndarray, float]:
    """Decode a music file to mono float at the output rate, and measure its loudness (LUFS)."""
    try:
        samples, loudness = audio.decode_file(path)
    except PublishError:
        raise ConfigError(
            f"{path}: cannot be decoded as audio. Use an MP3, WAV, FLAC or Ogg file for intro/outro music."
        ) from None
    if len(samples) == 0 or loudness <= SILENT_LUFS:
        raise ConfigError(f"{path}: holds no audible sound. Use a music file for intro/outro music.")
    return samples, loudness


@dataclass
class Master:
    """The mastered edition, as the episode's other files need it: where each segment sits in
    the file (output rate, intro music included) and the loudness measured on the file."""

    timed: Timed
    loudness: Loudness  # of the encoded file
    encodes: int  # how many it took to meet the target (0: copied from the cache)
    offset: int  # samples (output rate) that play before the speech: intro music and its gap
    makeup: float | None = None  # the make-up gain (dB) that puts this voice on the target

    @property
    def speech_offset(self) -> float:
        """Seconds before the speech starts, for timings taken on the render itself."""
        return self.offset / OUTPUT_RATE


@dataclass
class Mix:
    """How the edition's audio comes together inside ffmpeg: the speech from a pipe at its own
    rate (16-bit, so an hour is 160 MB; a float copy at the output rate would be 635 MB), intro
    and outro music around it from files. ``graph`` ends in ``[mix]``, at the output rate."""

    inputs: list[str]  # ffmpeg input options, the speech's pipe first
    graph: str
    offset: int  # samples (output rate) before the speech: intro music and its gap
    music: int  # samples (output rate) of music and its gaps, before and after the speech

    def samples(self, speech: int, rate: int) -> int:
        """The whole mix's length, for ``speech`` samples of speech at ``rate``."""
        return (speech * OUTPUT_RATE + rate // 2) // rate + self.music


def mix(rate: int, options: AudioOptions, speech: float, folder: Path) -> Mix:
    """The :class:`Mix` of speech at ``rate`` (whose loudness is ``speech`` LUFS) with the
    music the options name, matched under the voice; the music goes to raw files in ``folder``."""
    inputs = ["-f", "s16le", "-ar", str(rate), "-ac", "1", "-i", "pipe:0"]
    speech_chain = SPEECH_IN.format(rate=OUTPUT_RATE)
    samples = 0
    gap = np.zeros(round(MUSIC_GAP_MS * OUTPUT_RATE / 1000), dtype=np.float32)
    before: list[str] = []  # ffmpeg stream labels, in playing order
    after: list[str] = []
    offset = 0
    for name, music in (("intro", options.intro_music), ("outro", options.outro_music)):
        if music is None:
            continue
        if name == "intro":
            raw = np.concatenate([_matched(music, speech), gap])
            offset = len(raw)
        else:
            raw = np.concatenate([gap, _matched(music, speech)])
        samples += len(raw)
        file = folder / f"{name}.f32"
        file.write_bytes(raw.astype("<f4").tobytes())
        inputs += ["-f", "f32le", "-ar", str(OUTPUT_RATE), "-ac", "1", "-i", str(file)]
        label = f"[{1 + len(before) + len(after)}:a]"  # input 0 is the speech
        (before if name == "intro" else after).append(label)
    if not before and not after:
        return Mix(inputs, f"{speech_chain}[mix]", 0, samples)
    streams = [*before, "[speech]", *after]
    graph = f"{speech_chain}[speech];{''.join(streams)}concat=n={len(streams)}:v=0:a=1[mix]"
    return Mix(inputs, graph, offset, samples)


def _matched(path: Path, speech: float) -> np.ndarray:
    samples, loudness = load_music(path)
    gain = 10 ** ((speech - MUSIC_UNDER_SPEECH_LU - loudness) / 20)
    return audio.fade_edges(samples * np.float32(gain), OUTPUT_RATE, MUSIC_FADE_MS)


def master(
    rendered: Rendered, path: Path, options: AudioOptions | None = None, cache: SegmentCache | None = None
) -> Master:
    """Write the episode's MP3 to ``path`` (the caller makes it atomic) meeting the loudness
    target, measured on the file itself.

    Each try shapes, encodes and decodes-and-measures the file at once (three ffmpeg processes
    side by side); the gain and ceiling are corrected from the file's own figures if needed.
    Usually one try.

    With a ``cache``, a render mastered the same way before is copied with the figures measured
    on it then (the entry's checksum proves the bytes are those): nothing is resampled, encoded
    or decoded, so republishing an unchanged article costs little more than reading it."""
    options = options or AudioOptions()
    key = encoding_key(_recipe(rendered, options), audio.pcm_bytes(rendered)) if cache else None
    found = cache.get_mastered(key) if cache and key else None
    if found is not None:
        try:
            figures, data = found
            offset, samples = int(figures["offset"]), int(figures["samples"])
            loudness = Loudness(*(float(x) for x in figures["loudness"]))
        except (KeyError, TypeError, ValueError):
            pass  # figures of another layout: master again, and the entry is rewritten
        else:
            path.write_bytes(data)
            timeline = audio.rescale(rendered.timeline, rendered.sample_rate, OUTPUT_RATE, offset)
            return Master(Timed(OUTPUT_RATE, timeline, samples), loudness, 0, offset)
    speech = audio.measure_pcm(rendered)
    if speech <= SILENT_LUFS:
        raise PublishError("the narration is silent: the voice produced no sound. Check the voice with 'audionews say'.")
    with tempfile.TemporaryDirectory(prefix=".music-", dir=path.parent) as folder:
        edition = mix(rendered.sample_rate, options, speech, Path(folder))
        loudness, encodes, makeup = _master(audio.pcm_bytes(rendered), edition, speech, path, options)
    result = _mastered(rendered, edition, loudness, encodes, makeup)
    if cache and key:
        _keep(cache, key, result, path)
    return result


def _mastered(rendered: Rendered, edition: Mix, loudness: Loudness, encodes: int, makeup: float) -> Master:
    timeline = audio.rescale(rendered.timeline, rendered.sample_rate, OUTPUT_RATE, edition.offset)
    samples = edition.samples(len(rendered.pcm), rendered.sample_rate)
    return Master(Timed(OUTPUT_RATE, timeline, samples), loudness, encodes, edition.offset, makeup)


def _keep(cache: SegmentCache, key: str, result: Master, path: Path) -> None:
    """The mastered file and what was measured on it, for a republish of the same render."""
    figures = {
        "loudness": [result.loudness.integrated, result.loudness.true_peak],
        "offset": result.offset, "samples": result.timed.samples,
    }  # fmt: skip
    cache.put_mastered(key, figures, path.read_bytes())


# The speech's loudness is estimated from the edition's first seconds before the live master
# starts: 20 s came within 0.2-0.4 LU of the whole on the test articles.
ESTIMATE_FROM_S = 20.0


class LiveMaster:
    """Masters an edition while it is still being spoken: the synthesizer hands it the stitched
    samples in order (:meth:`take`), and one ffmpeg chain shapes, encodes and measures them as
    they come, so little is left to do when the voice stops.

    Shaping needs two figures before the speech is all there. The speech's loudness is measured
    on the edition's first :data:`ESTIMATE_FROM_S` seconds (within 0.2-0.4 LU of the whole on
    the test articles; an edition shorter than that is mastered whole). The make-up gain that
    brings these voices to the target is the one kept from their last edition (in the cache,
    under ``voices``, which names the voices and speeds), else their engine's (``makeup``),
    else it is measured by mastering those first seconds once on their own. The finished file
    is measured as always; one that misses the target is mastered again from the whole render
    (rare; :attr:`missed` says what the live master reached, and the make-up found then is kept).
    """

    def __init__(
        self, path: Path, options: AudioOptions | None, cache: SegmentCache | None, voices: str,
        makeup: float | None = None,
    ) -> None:  # fmt: skip
        self.path, self.options, self.cache = path, options or AudioOptions(), cache
        self.label = f"make-up {voices}"
        kept = _kept_figure(recall(self.label)) if cache else None
        self.makeup = kept if kept is not None else makeup
        self.estimate: float | None = None  # the speech's loudness, from its first seconds
        self.missed: Loudness | None = None
        self.rate = 0
        self._held: list[bytes] = []  # samples that wait for the estimate
        self._fed = 0  # samples taken
        self._chain: audio.Chain | None = None
        self._edition: Mix | None = None
        self._folder: tempfile.TemporaryDirectory | None = None
        self._abandoned = False

    def take(self, samples: np.ndarray, sample_rate: int) -> None:
        if self._abandoned:
            return
        self.rate = sample_rate
        self._fed += len(samples)
        data = np.ascontiguousarray(samples, dtype="<i2").tobytes()
        if self._chain is not None:
            self._chain.write(data)
            return
        self._held.append(data)
        if self._fed >= ESTIMATE_FROM_S * sample_rate:
            self._start(b"".join(self._held))
            self._held = []

    def _start(self, held: bytes) -> None:
        self.estimate = audio.measure_pcm(Rendered(np.frombuffer(held, "<i2"), self.rate, []))
        if self.estimate <= SILENT_LUFS:
            self.abandon()  # silence so far: the whole render decides (and says what is wrong)
            return
        self._folder = tempfile.TemporaryDirectory(prefix=".music-", dir=self.path.parent)
        self._edition = mix(self.rate, self.options, self.estimate, Path(self._folder.name))
        if self.makeup is None:  # voices new to this cache and to their engine: learn their make-up
            self.makeup = MAKEUP_PRIOR_DB
            trial = Path(self._folder.name) / "trial.mp3"
            reached = audio.parse_ebur128(audio.run_ffmpeg_chain(self._stages(trial), self.path.name, memoryview(held))[-1])
            self.makeup += self.options.loudness - reached.integrated
        self._chain = audio.Chain(self._stages(self.path), self.path.name)
        self._chain.write(held)

    def _stages(self, path: Path) -> list[list[str]]:
        pre = self.options.loudness - self.estimate
        ceiling = self.options.true_peak - CEILING_MARGIN_DB
        return _stages(self._edition, path, self.options.bitrate, pre, self.makeup, ceiling, live=True)

    def abandon(self) -> None:
        self._abandoned = True
        self._held = []
        if self._chain is not None:
            self._chain.kill()
            self._chain = None
        self._clean()

    def _clean(self) -> None:
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None

    def finish(self, rendered: Rendered) -> Master:
        """The master of ``rendered`` (what was taken, whole): the live one if it met the target,
        else one made from the render the usual way (also when the live master never started:
        a short edition, or one abandoned). The voice's loudness and make-up are kept for the
        next edition."""
        result = self._finish_live(rendered)
        if result is None:
            result = master(rendered, self.path, self.options, self.cache)
        if self.cache and result.makeup is not None:
            remember(self.label, f"{result.makeup:.2f}")
        return result

    def _finish_live(self, rendered: Rendered) -> Master | None:
        if self._chain is None or self._abandoned or self._fed != len(rendered.pcm):
            self.abandon()
            return None
        try:
            final = audio.parse_ebur128(self._chain.close()[-1])
        finally:
            self._chain = None
            self._clean()
        if not _on_target(final, self.options):
            self.missed = final
            return None
        result = _mastered(rendered, self._edition, final, 1, self.makeup)
        if self.cache:
            _keep(self.cache, encoding_key(_recipe(rendered, self.options), audio.pcm_bytes(rendered)), result, self.path)
        return result


def _kept_figure(text: str | None) -> float | None:
    try:
        return float(text) if text else None
    except ValueError:
        return None  # a kept figure of another layout: found again


AUDIO_ID_LENGTH = 12  # hex digits: 48 bits, no clash among one show's episodes


def audio_id(rendered: Rendered, options: AudioOptions | None = None) -> str:
    """A short digest of what an episode's MP3 says, for its enclosure URL: what was said
    (``rendered.said``: each sentence's voice, speed and words, each pause) and the producer's
    audio settings (bitrate, loudness, true peak, the music files' contents). Not the samples:
    a cold re-render of the same script has other bytes and the same id. Not the ffmpeg binary
    nor audionews's mastering constants: upgrading changes no episode's URL on its own.
    "" when what was said is not known."""
    if not rendered.said:
        return ""
    options = options or AudioOptions()
    music = [file_sha256(p) if p else "" for p in (options.intro_music, options.outro_music)]
    recipe = [rendered.said, options.bitrate, options.loudness, options.true_peak, *music]
    return hashlib.sha256(json.dumps(recipe).encode()).hexdigest()[:AUDIO_ID_LENGTH]


def _recipe(rendered: Rendered, options: AudioOptions) -> list[str]:
    """Everything besides the speech's samples that decides the mastered file, for the cache
    key: the settings, the music files' contents, the filter chain and the ffmpeg binary."""
    music = [file_sha256(p) if p else "" for p in (options.intro_music, options.outro_music)]
    return [
        "master", file_sha256(Path(audio.ffmpeg_exe())), str(rendered.sample_rate), SPEECH_IN, COMPRESSOR,
        LIMITER, audio.LEVEL, audio.METER, str(MAKEUP_PRIOR_DB),
        str(CEILING_MARGIN_DB), str(TOLERANCE_LU), str(MAX_ENCODES),
        str(options.bitrate), str(options.loudness), str(options.true_peak), *music,
        str(MUSIC_UNDER_SPEECH_LU), str(MUSIC_GAP_MS), str(MUSIC_FADE_MS),
    ]  # fmt: skip


def _master(
    data: memoryview, edition: Mix, speech: float, path: Path, options: AudioOptions
) -> tuple[Loudness, int, float]:
    """Encode until the file meets the target; returns its loudness, the tries it took and the
    make-up gain that did it."""
    pre = options.loudness - speech
    makeup, ceiling = MAKEUP_PRIOR_DB, options.true_peak - CEILING_MARGIN_DB
    encodes = 0
    while True:
        shaped, final = _render(data, edition, path, options.bitrate, pre, makeup, ceiling)
        encodes += 1
        if _on_target(final, options):
            return final, encodes, makeup
        if encodes >= MAX_ENCODES:
            raise PublishError(
                f"{path.name}: mastering did not reach {options.loudness} LUFS with true peak at most "
                f"{options.true_peak} dBTP (got {final}). Set [audio] loudness or true_peak less "
                "strictly, or report the article that causes it."
            )
        codec_loss = shaped - final.integrated
        makeup += options.loudness + codec_loss - shaped
        if final.true_peak > options.true_peak - 0.2:
            ceiling -= final.true_peak - (options.true_peak - 0.3)


def _on_target(loudness: Loudness, options: AudioOptions) -> bool:
    return abs(loudness.integrated - options.loudness) <= TOLERANCE_LU and loudness.true_peak <= options.true_peak


def _render(
    data: memoryview, edition: Mix, path: Path, bitrate: int, pre: float, makeup: float, ceiling: float
) -> tuple[float, Loudness]:
    """The mix, gain to the target, compressor, make-up gain and limiter; encoded to ``path``;
    the encoded stream decoded and measured as a player would. Three ffmpeg processes run side
    by side (shaping, LAME, the meter), so this takes about as long as encoding alone. Returns
    the integrated loudness just before the encoder and the file's loudness."""
    logs = audio.run_ffmpeg_chain(_stages(edition, path, bitrate, pre, makeup, ceiling), path.name, data)
    return audio.parse_integrated(logs[0]), audio.parse_ebur128(logs[-1])


def _stages(
    edition: Mix, path: Path, bitrate: int, pre: float, makeup: float, ceiling: float, live: bool = False
) -> list[list[str]]:
    """The ffmpeg commands of :func:`_render`: shaping, LAME and the meter side by side, the
    shaping also measuring the loudness the encoder is given (what corrects a second try).
    ``live``: shaping and LAME in one process, no pre-encoder meter (a live master shares the
    cores with the voice, so it saves work rather than spreading it; the file is the same)."""
    meter = "[out]" if live else f",asplit=2[out][meter];[meter]{audio.LEVEL},anullsink"
    graph = (
        f"{edition.graph};[mix]volume={pre:.2f}dB,{COMPRESSOR},volume={makeup:.2f}dB,"
        f"{LIMITER.format(ceiling=ceiling)}{meter}"
    )
    # tee: the file (whose header ffmpeg completes at the end) and the same frames to the meter
    mp3 = ["-c:a", "libmp3lame", "-b:a", f"{bitrate}k", "-f", "tee", f"[f=mp3]{audio.tee_target(path)}|[f=mp3]pipe:1"]
    measure = ["-f", "mp3", "-i", "pipe:0", "-af", audio.METER, "-f", "null", "-"]
    shape = [*edition.inputs, "-filter_complex", graph, "-map", "[out]"]
    if live:
        return [[*shape, *mp3], measure]
    pcm = ["-f", "f32le", "-ar", str(OUTPUT_RATE), "-ac", "1"]
    return [[*shape, *pcm, "pipe:1"], [*pcm, "-i", "pipe:0", "-map", "0:a", *mp3], measure]
