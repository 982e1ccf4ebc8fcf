"""Google TTS: the real gtts package, its HTTP layer faked at the boundary with ``responses``.

The fake answers like Google does (an RPC line holding base64 MP3); the MP3 is made here from
real Piper speech. Offline failure is tested for real: this machine has no internet access.
"""

from __future__ import annotations

import base64
import json
import subprocess
import time
import urllib.parse
from pathlib import Path

import numpy as np
import pytest
import responses

from audionews.audio import ffmpeg_exe
from audionews.speech.cast import Cast, CastOptions
from audionews.speech.engines import load_engine
from audionews.errors import EngineError
from audionews.model import Script, Segment
from audionews.pipeline import publish_script
from audionews.settings import Show
from audionews.speech.synthesizer import Synthesizer
from audionews.speech.voices import load_voice

from .conftest import decode_audio, run_cli

API = "https://translate.google.com.au/_/TranslateWebserverUi/data/batchexecute"
AUSSIE = 'engine = "gtts"\nlanguage = "en"\nlang = "en"\ntld = "com.au"\n'


@pytest.fixture(scope="module")
def google_mp3() -> tuple[bytes, float]:
    """An MP3 like Google's (24 kHz mono), of real speech, and its duration in seconds."""
    joe = load_engine(load_voice("joe"))
    pcm = joe.synthesize("A photo of the new library.", 1.0)
    mp3 = subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-f", "s16le", "-ar", str(joe.sample_rate), "-ac", "1",
         "-i", "pipe:0", "-ar", "24000", "-c:a", "libmp3lame", "-b:a", "32k", "-f", "mp3", "pipe:1"],
        input=pcm.tobytes(), capture_output=True, check=True,
    ).stdout  # fmt: skip
    return mp3, len(pcm) / joe.sample_rate


def google_answer(mp3: bytes) -> str:
    encoded = base64.b64encode(mp3).decode()
    return f')]}}\'\n\n123\n[["wrb.fr","jQ1olc","[\\"{encoded}\\"]",null,null,null,"generic"]]\n'


def sent(call: responses.Call) -> list:
    """The [text, lang, slow, ...] parameters gtts put in its RPC request."""
    body = call.request.body
    form = urllib.parse.parse_qs(body if isinstance(body, str) else body.decode())
    rpc = json.loads(form["f.req"][0])
    return json.loads(rpc[0][0][1])


@pytest.fixture
def aussie(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A producer's own Google voice with an Australian accent, in ./voices of the working folder."""
    (tmp_path / "voices").mkdir()
    (tmp_path / "voices" / "aussie.toml").write_text(AUSSIE)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@responses.activate
def test_request_and_decoded_speech(aussie: Path, google_mp3: tuple[bytes, float]) -> None:
    mp3, seconds = google_mp3
    responses.add(responses.POST, API, body=google_answer(mp3))
    engine = load_engine(load_voice("aussie"))
    pcm = engine.synthesize("Photo caption: the new library.", 1.0)
    (call,) = responses.calls
    assert call.request.url == API  # the tld picks Google's host: the accent
    assert sent(call)[:3] == ["Photo caption: the new library.", "en", None]
    assert engine.sample_rate == 24000
    assert len(pcm) / 24000 == pytest.approx(seconds, abs=0.12)  # MP3 adds up to ~0.1 s of padding
    assert pcm.astype(np.float32).std() > 300


@responses.activate
def test_speed_uses_slow_reading_or_a_time_stretch(aussie: Path, google_mp3: tuple[bytes, float]) -> None:
    responses.add(responses.POST, API, body=google_answer(google_mp3[0]))
    engine = load_engine(load_voice("aussie"))
    normal = engine.synthesize("Normally.", 1.0)
    fast = engine.synthesize("Quickly now.", 1.5)
    slow = engine.synthesize("Slowly now.", 0.7)
    assert [sent(call)[2] for call in responses.calls] == [None, None, True]
    assert len(fast) / len(normal) == pytest.approx(1 / 1.5, rel=0.03)  # ffmpeg's atempo
    assert len(slow) == len(normal)  # Google slowed it (the fake answers alike), not us


@responses.activate
def test_google_caption_is_stitched_into_a_published_episode(
    aussie: Path, google_mp3: tuple[bytes, float]
) -> None:
    mp3, caption_seconds = google_mp3
    responses.add(responses.HEAD, "https://translate.google.com.au/", status=200)  # reachable
    responses.add(responses.POST, API, body=google_answer(mp3))
    script = Script(
        title="Library Opens",
        segments=[
            Segment("headline", "Library opens.", "Library opens.", 300),
            Segment("caption", "Photo caption: the new library.", "The new library.", 300),
            Segment("paragraph", "It is open every day.", "It is open every day.", 0),
        ],
    )
    cast = Cast(CastOptions.from_table({"caption": {"voice": "aussie"}}))
    result = publish_script(script, aussie / "out", Synthesizer(cast), Show())
    assert [sent(call)[0] for call in responses.calls if call.request.method == "POST"] == [
        "Photo caption: the new library."
    ]
    assert result.audio_path.is_file()
    samples, rate = decode_audio(result.audio_path)
    total = len(samples) / rate
    # Piper (22.05 kHz) and Google (24 kHz) in one episode: both there, at one rate.
    assert total == pytest.approx(result.episode.duration, abs=0.1)
    assert total > caption_seconds + 1.5
    vtt = (result.audio_path.parent / "transcript.vtt").read_text()
    assert "[Photo caption] The new library." in vtt  # the written words, the spoken cue marked


def test_offline_google_fails_fast_with_a_clear_error() -> None:
    engine = load_engine(load_voice("google"))
    started = time.monotonic()
    with pytest.raises(EngineError, match=r"Google TTS needs internet access .*; use --engine piper"):
        engine.synthesize("Hello.", 1.0)  # the real request, to the real (unreachable) host
    assert time.monotonic() - started < 15


def test_offline_google_on_the_command_line(tmp_path: Path) -> None:
    out = tmp_path / "hello.wav"
    result = run_cli("say", "Hello.", "-o", str(out), "--engine", "gtts")
    assert result.returncode == 1
    assert "Google TTS needs internet access" in result.stderr and "--engine piper" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert not out.exists()

    result = run_cli("say", "Hello.", "-o", str(out), "--engine", "gtts", "--fallback-offline")
    assert result.returncode == 0, result.stderr
    assert "offline voice 'joe'" in result.stderr
    samples, rate = decode_audio(out)
    assert rate == 22050 and 0.3 < len(samples) / rate < 3.0
