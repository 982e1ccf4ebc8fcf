"""[show] settings: every bad value is one clear line and exit 1; `audionews init` writes a good file."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from audionews.errors import ConfigError
from audionews.settings import load_settings
from audionews.podcast.show import APPLE_CATEGORIES, Show

from .conftest import run_cli


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('base_url = "ftp://example.com/"', "is not an http(s) URL"),
        ('base_url = "example.com/podcast"', "is not an http(s) URL"),
        ('link = "gazette"', "[show] link 'gazette' is not an http(s) URL"),
        ('category = "Newz"', "is not one of Apple's categories"),
        ('category = "News"\nsubcategory = "Cooking"', "'Cooking' is not in Apple's 'News'"),
        ('explicit = "no"', "must be true or false"),
        ('email = "gazette at example"', "is not an email address"),
        ('language = "English"', "is not a language code"),
        ('type = "daily"', "must be 'episodic' or 'serial'"),
        ('title = ""', "[show] title is empty"),
        ('title = 3', "must be a string"),
        ('colour = "red"', "unknown [show] setting 'colour'"),
        ('image = "missing.jpg"', "no such file"),
        ('guid = "not-a-uuid"', "is not a UUID"),
        ('new_feed_url = "feed.xml"', "[show] new_feed_url 'feed.xml' is not an http(s) URL"),
        ('block = "yes"', "[show] block = 'yes' must be true or false"),
        ('complete = 1', "[show] complete = 1 must be true or false"),
        ('disclosure = "Read by {narrator}."', "[show] disclosure has a bad placeholder"),
    ],
)
def test_bad_show_setting_is_one_clear_line(tmp_path: Path, line: str, expected: str) -> None:
    (tmp_path / "audionews.toml").write_text(f"[show]\n{line}\n")
    result = run_cli("feed", "--out", "site", cwd=tmp_path)
    assert result.returncode == 1
    assert expected in result.stderr
    assert "audionews.toml" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize(
    ("size", "fmt", "expected"),
    [
        ((1400, 1500), "PNG", "must be square"),
        ((1000, 1000), "JPEG", "1400 to 3000 px"),
        ((3200, 3200), "PNG", "1400 to 3000 px"),
        ((1400, 1400), "GIF", "is GIF, not JPEG or PNG"),
    ],
)
def test_artwork_must_be_a_square_jpeg_or_png_of_apples_size(
    tmp_path: Path, size: tuple[int, int], fmt: str, expected: str
) -> None:
    Image.new("RGB", size, (10, 20, 30)).save(tmp_path / "cover.img", fmt)
    (tmp_path / "audionews.toml").write_text('[show]\nimage = "cover.img"\n')
    with pytest.raises(ConfigError, match=expected):
        load_settings(tmp_path / "audionews.toml")


def test_a_good_image_resolves_against_the_settings_folder(tmp_path: Path) -> None:
    Image.new("RGB", (1400, 1400), (10, 20, 30)).save(tmp_path / "cover.jpg", "JPEG")
    (tmp_path / "audionews.toml").write_text('[show]\nimage = "cover.jpg"\n')
    assert load_settings(tmp_path / "audionews.toml").show.image == str(tmp_path / "cover.jpg")


def test_every_apple_category_with_each_subcategory_is_accepted() -> None:
    for category, subcategories in APPLE_CATEGORIES.items():
        for sub in subcategories or ("",):
            Show(category=category, subcategory=sub).validate("test")
    assert len(APPLE_CATEGORIES) == 19


def test_init_writes_a_commented_file_that_loads_and_refuses_to_overwrite(tmp_path: Path) -> None:
    result = run_cli("init", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    path = tmp_path / "audionews.toml"
    text = path.read_text()
    assert text.count("#") > 10
    loaded = load_settings(path).show
    assert (loaded.title, loaded.category, loaded.subcategory, loaded.explicit) == (
        "audionews", "News", "Daily News", False,
    )  # fmt: skip
    path.write_text(text.replace('title = "audionews"', 'title = "Mine"'))
    again = run_cli("init", cwd=tmp_path)
    assert again.returncode == 1 and "already exists" in again.stderr
    assert 'title = "Mine"' in path.read_text()
    forced = run_cli("init", "--force", cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert 'title = "audionews"' in path.read_text()
