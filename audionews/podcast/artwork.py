"""The show's cover: the configured image copied into the output folder, or a generated one.

Apple wants a square JPEG or PNG of 1400-3000 px; with no image configured, a 3000x3000 PNG
carrying the show's title is drawn with Pillow's bundled font (no system fonts needed), once:
it is redrawn only when the title changes.

The cover's file name carries a digest of its bytes (``artwork-<12 hex>.png``), so its URL
changes when it does (Apple asks for a new URL; apps and CDNs keep an image by its URL). Once the
feed points at the new cover, :func:`sweep_artwork` removes the covers nothing points to.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from ..fsutil import atomic_open
from .show import Show

PREFIX = "artwork"  # artwork-<digest>.png or .jpg; before the digest, artwork.png / artwork.jpg
SIZE = 3000
_TITLE_KEY = "audionews-title"  # PNG text chunk recording the title the cover was drawn for
_BACKGROUND = (22, 38, 66)
_INK = (255, 255, 255)
_ACCENT = (240, 176, 48)


def ensure_artwork(show: Show, out_dir: Path) -> str:
    """Put the cover in ``out_dir`` if it is not there already; return its relative path."""
    if show.image:
        source = Path(show.image)
        data = source.read_bytes()
        name = _named(data, ".png" if _format(source) == "PNG" else ".jpg")  # by content, not name
        if not (out_dir / name).is_file():
            with atomic_open(out_dir / name, "wb") as out:
                out.write(data)
        return name
    for drawn in sorted(out_dir.glob(f"{PREFIX}-*.png")):
        if _drawn_title(drawn) == show.title:
            return drawn.name
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".cover-", dir=out_dir) as folder:
        draft = Path(folder) / "cover.png"
        draw_cover(show.title, draft)
        name = _named(draft.read_bytes(), ".png")
        os.replace(draft, out_dir / name)
    return name


def sweep_artwork(out_dir: Path, current: str) -> None:
    """Remove every cover but ``current`` (the one feed.xml now points at)."""
    for path in out_dir.glob(f"{PREFIX}*"):
        if path.name != current and path.suffix in (".png", ".jpg") and path.is_file():
            path.unlink(missing_ok=True)


def _named(data: bytes, suffix: str) -> str:
    return f"{PREFIX}-{hashlib.sha256(data).hexdigest()[:12]}{suffix}"


def _format(path: Path) -> str:
    from PIL import Image

    with Image.open(path) as image:
        return image.format or ""


def _drawn_title(path: Path) -> str | None:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            return image.info.get(_TITLE_KEY)
    except (FileNotFoundError, UnidentifiedImageError, OSError):
        return None


def draw_cover(title: str, path: Path) -> None:
    from PIL import Image, ImageDraw, ImageFont
    from PIL.PngImagePlugin import PngInfo

    image = Image.new("RGB", (SIZE, SIZE), _BACKGROUND)
    draw = ImageDraw.Draw(image)
    margin = SIZE // 10
    draw.rectangle((margin, margin, SIZE - margin, margin + SIZE // 60), fill=_ACCENT)
    top, bottom, room = SIZE // 4, SIZE - margin - 300, SIZE - 2 * margin
    for size in range(400, 79, -20):  # the largest type at which the whole title fits
        font = ImageFont.load_default(size=size)
        lines = _wrap(title, lambda text: draw.textlength(text, font=font), room)
        if len(lines) * size * 1.2 <= bottom - top and all(
            draw.textlength(line, font=font) <= room for line in lines
        ):
            break
    y = top
    for line in lines:
        draw.text((margin, y), line, font=font, fill=_INK)
        y += int(size * 1.2)
    small = ImageFont.load_default(size=140)
    draw.text((margin, SIZE - margin - 140), "narrated by audionews", font=small, fill=_ACCENT)
    meta = PngInfo()
    meta.add_text(_TITLE_KEY, title)
    with atomic_open(path, "wb") as out:
        image.save(out, format="PNG", pnginfo=meta)  # optimize=True: 2.3x the time for 3% less


def _wrap(text: str, measure: Callable[[str], float], room: float) -> list[str]:
    """Greedy word wrap by measured width (a word wider than the room gets a line of its own)."""
    lines: list[str] = []
    for word in text.split():
        if lines and measure(f"{lines[-1]} {word}") <= room:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [text]
