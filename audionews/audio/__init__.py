"""The sound toolkit every later stage builds on: PCM assembly and timelines (pcm), the one place
ffmpeg runs and its errors are made (ffmpeg), resampling and tempo (dsp)."""

from .ffmpeg import (
    LEVEL,
    METER,
    Loudness,
    decode_file,
    Chain,
    encode_mp3,
    ffmpeg_exe,
    measure_pcm,
    parse_ebur128,
    parse_integrated,
    run_ffmpeg,
    run_ffmpeg_chain,
    tee_target,
)
from .pcm import (
    AUDIBLE_DB,
    BITRATE,
    FADE_MS,
    OUTPUT_RATE,
    SENTENCE_GAP_MS,
    audible,
    fade_edges,
    join,
    pcm_bytes,
    rescale,
    write_wav,
)

__all__ = [
    "AUDIBLE_DB", "BITRATE", "Chain", "FADE_MS", "LEVEL", "METER", "OUTPUT_RATE", "SENTENCE_GAP_MS", "Loudness",
    "audible", "decode_file", "encode_mp3", "fade_edges", "ffmpeg_exe", "join", "measure_pcm",
    "parse_ebur128", "parse_integrated", "pcm_bytes", "rescale", "run_ffmpeg", "run_ffmpeg_chain",
    "tee_target", "write_wav",
]
