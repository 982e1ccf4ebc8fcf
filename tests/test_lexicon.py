"""The pronunciation lexicon: built-in, per show, in `audionews script` and `audionews say`."""

from __future__ import annotations

import json
import wave
from pathlib import Path

import pytest

from audionews.errors import ConfigError
from audionews.normalize import Lexicon, Normalizer, load_lexicon, normalize
from audionews.speech.sentences import split_sentences

from .conftest import run_cli

ARTICLE = """Comey Testifies

Former FBI Director James Comey met Sen. Mark Warner on Oct. 5.

Nguyen said the hearing cost $1.5 billion.
"""


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def show(tmp_path: Path) -> Path:
    """A show folder: settings, its own lexicon, and an article."""
    write(tmp_path / "audionews.toml", '[show]\ntitle = "Lexicon Show"\n')
    write(tmp_path / "lexicon.toml", 'Nguyen = "Win"\n[en]\nComey = "Kohmey"\n[fr]\nWarner = "Varnair"\n')
    write(tmp_path / "article.txt", ARTICLE)
    return tmp_path


def test_builtin_lexicon_applies_by_default() -> None:
    assert "Komee" in normalize("James Comey's memo", "en")
    assert normalize("James Comey's memo", "en") == "James Komee's memo"
    assert normalize("Sen. Robert Byrd", "en") == "Senator Robert Bird"


def test_show_lexicon_overrides_builtin_and_keeps_the_rest(show: Path) -> None:
    normalizer = Normalizer.for_show(show)
    assert normalizer("Comey met Xi Jinping and Nguyen.", "en-US") == "Kohmey met Shee Jin-ping and Win."
    # a French entry does not touch English text; whole words only, case-sensitive
    assert normalizer("Warner and comey and Comeyville", "en") == "Warner and comey and Comeyville"
    assert normalizer("Warner", "fr") == "Varnair"


def test_respellings_are_normalized_but_phonemes_are_untouched(tmp_path: Path) -> None:
    lexicon = Lexicon.load(write(tmp_path / "lexicon.toml", 'Qatar = "[[ kˈʌtɑːɹ ]]"\nDoha = "Dr. Doe-ha"\n'))
    spoken = Normalizer(lexicon)("Qatar's No. 1 city is Doha.", "en")
    assert spoken == "[[ kˈʌtɑːɹ ]]'s number one city is Doctor Doe-ha."


def test_a_bad_lexicon_is_a_config_error_naming_the_file(tmp_path: Path) -> None:
    write(tmp_path / "lexicon.toml", "Comey = 5\n")
    with pytest.raises(ConfigError, match=r"lexicon.toml: lexicon entry 'Comey' must be"):
        load_lexicon(tmp_path)
    write(tmp_path / "lexicon.toml", "Comey = \n")
    with pytest.raises(ConfigError, match="is not a valid lexicon TOML"):
        load_lexicon(tmp_path)


def test_script_output_shows_the_show_lexicon(show: Path) -> None:
    result = run_cli("script", "article.txt", "--json", cwd=show)
    assert result.returncode == 0, result.stderr
    texts = [segment["text"] for segment in json.loads(result.stdout)["segments"]]
    assert "Former F B I Director James Kohmey met Senator Mark Warner on October fifth." in texts
    assert "Win said the hearing cost one point five billion dollars." in texts
    sources = [segment["source_text"] for segment in json.loads(result.stdout)["segments"]]
    assert "Nguyen said the hearing cost $1.5 billion." in sources  # the article's own words


def test_bad_show_lexicon_fails_in_one_line(show: Path) -> None:
    write(show / "lexicon.toml", "Comey = [1]\n")
    result = run_cli("script", "article.txt", cwd=show)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "lexicon.toml" in result.stderr


def test_say_uses_the_same_normalizer_and_lexicon(show: Path) -> None:
    out = show / "check.wav"
    result = run_cli("say", "Sen. Comey paid $5.", "-o", str(out), cwd=show)
    assert result.returncode == 0, result.stderr
    assert "spoken: Senator Kohmey paid five dollars." in result.stdout
    with wave.open(str(out)) as wav:
        assert 1.0 < wav.getnframes() / wav.getframerate() < 5.0


@pytest.mark.parametrize(
    ("written", "sentences"),
    [
        ("Sen. Smith spoke. Gen. Jones left.", ["Senator Smith spoke.", "General Jones left."]),
        ("Lt. Col. Brown met Dr. Ray in St. Louis.", ["Lieutenant Colonel Brown met Doctor Ray in Saint Louis."]),
        ("It opened Oct. 5 at 10 a.m. Crowds came.", ["It opened October fifth at ten AM.", "Crowds came."]),
        ("Rep. Ro Khanna, D-Calif., voted no.", ["Representative Ro Khanna, Democrat of California, voted no."]),
        ("The U.S. Senate voted. Mt. Hood erupted.", ["The U S Senate voted.", "Mount Hood erupted."]),
        ("Acme Inc. said No. 2 was next.", ["Acme Incorporated said number two was next."]),
    ],
)
def test_abbreviations_no_longer_break_sentences(written: str, sentences: list[str]) -> None:
    assert split_sentences(normalize(written, "en")) == sentences


def test_an_empty_lexicon_leaves_text_as_it_is() -> None:
    from audionews.normalize.lexicon import Replacer

    assert Replacer({})("Nguyen spoke.") == "Nguyen spoke."
