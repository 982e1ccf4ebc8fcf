"""ID3 tags and chapters of an episode's MP3 (mutagen), written as ID3v2.3 for older players.

Chapters become CHAP frames (one per leaf of the chapter tree, titled by an embedded TIT2) and
CTOC frames: a top-level ordered table of contents, and one more CTOC under it for each chapter
that has children (an article in a multi-article edition).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .chapters import Chapter
from ..errors import ConfigError

_IMAGE_TYPES = {b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png"}


@dataclass
class EpisodeTags:
    title: str
    artist: str  # the show's author
    album: str  # the show's title
    date: str = ""  # ISO 8601; the date part is written
    description: str = ""
    language: str = "en"  # BCP 47 or ISO 639 code
    url: str = ""  # the source article
    cover: Path | None = None  # JPEG or PNG


def iso639_2(language: str) -> str:
    """The three-letter code ID3 wants ("eng") for a code like "en" or "en-US"."""
    import pycountry

    primary = language.split("-")[0].split("_")[0].lower()
    found = pycountry.languages.get(alpha_2=primary) if len(primary) == 2 else None
    if found is None:
        found = pycountry.languages.get(alpha_3=primary) if len(primary) == 3 else None
    if found is None:
        raise ConfigError(f"language {language!r} is not an ISO 639 code. Use a code like 'en' or 'de'.")
    return getattr(found, "bibliographic", None) or found.alpha_3


def cover_mime(path: Path) -> str:
    """The MIME type of a JPEG or PNG cover; a clear error for anything else."""
    try:
        head = path.read_bytes()[:8]
    except OSError as error:
        raise ConfigError(f"{path}: cannot read the cover image ({error.strerror}). Fix the [show] image path.") from None
    for magic, mime in _IMAGE_TYPES.items():
        if head.startswith(magic):
            return mime
    raise ConfigError(f"{path}: the cover image is neither JPEG nor PNG. Convert it, or fix the [show] image path.")


def write_tags(path: Path, tags: EpisodeTags, chapters: list[Chapter]) -> None:
    """Replace the ID3 tag of the MP3 at ``path``."""
    from mutagen.id3 import APIC, COMM, ID3, TALB, TCON, TDRC, TIT2, TLAN, TPE1, WOAS, PictureType

    language = iso639_2(tags.language)
    id3 = ID3()
    id3.add(TIT2(encoding=3, text=[tags.title]))
    id3.add(TPE1(encoding=3, text=[tags.artist]))
    id3.add(TALB(encoding=3, text=[tags.album]))
    id3.add(TCON(encoding=3, text=["Podcast"]))
    id3.add(TLAN(encoding=3, text=[language]))
    if tags.date:
        id3.add(TDRC(encoding=3, text=[tags.date[:10]]))
    if tags.description:
        id3.add(COMM(encoding=3, lang=language, desc="", text=[tags.description]))
    if tags.url:
        id3.add(WOAS(url=tags.url))
    if tags.cover:
        mime = cover_mime(tags.cover)
        id3.add(APIC(encoding=3, mime=mime, type=PictureType.COVER_FRONT, desc="Cover", data=tags.cover.read_bytes()))
    for frame in chapter_frames(chapters):
        id3.add(frame)
    from mutagen import MutagenError

    try:
        id3.save(path, v2_version=3)
    except MutagenError as error:  # mutagen wraps the OSError (a full disk): the caller names it
        cause = error.args[0] if error.args and isinstance(error.args[0], OSError) else OSError(str(error))
        raise OSError(cause.errno, cause.strerror or str(cause), str(path)) from None
    _chapters_in_time_order(path)


def _chapters_in_time_order(path: Path) -> None:
    """Put the CHAP frames in time order inside the saved tag.

    mutagen orders frames by size, and ffmpeg (so ffprobe and players built on it) lists
    chapters in file order. CHAP frames only swap places among their own slots; every other
    byte of the tag stays. ID3v2.3 frame sizes are plain 32-bit integers.
    """
    with open(path, "r+b") as handle:
        header = handle.read(10)
        size = int.from_bytes(bytes(b & 0x7F for b in header[6:10]), "big")  # syncsafe
        body = handle.read(size)
        frames, position = [], 0
        while position + 10 <= len(body) and body[position : position + 4].strip(b"\0"):
            length = 10 + int.from_bytes(body[position + 4 : position + 8], "big")
            frames.append(body[position : position + length])
            position += length
        chaps = iter(sorted((f for f in frames if f[:4] == b"CHAP"), key=_chap_start))
        rebuilt = b"".join(next(chaps) if f[:4] == b"CHAP" else f for f in frames)
        handle.seek(10)
        handle.write(rebuilt)


def _chap_start(frame: bytes) -> int:
    """A CHAP frame's start time: the 4 bytes after its NUL-terminated element id."""
    after_id = frame.index(b"\0", 10) + 1
    return int.from_bytes(frame[after_id : after_id + 4], "big")


def chapter_frames(chapters: list[Chapter]) -> list:
    """CHAP frames for the leaves, CTOC frames for the root and every chapter with children."""
    from mutagen.id3 import CHAP, CTOC, TIT2, CTOCFlags

    frames: list = []
    counter = {"chp": 0, "toc": 0}

    def place(chapter: Chapter) -> str:
        title = [TIT2(encoding=3, text=[chapter.title])]
        kind = "toc" if chapter.children else "chp"
        counter[kind] += 1
        element = f"{kind}{counter[kind]}"
        if chapter.children:
            children = [place(child) for child in chapter.children]
            frames.append(CTOC(element_id=element, flags=CTOCFlags.ORDERED, child_element_ids=children, sub_frames=title))
        else:
            frames.append(CHAP(element_id=element, start_time=round(chapter.start * 1000),
                               end_time=round(chapter.end * 1000), sub_frames=title))  # fmt: skip
        return element

    top = [place(chapter) for chapter in chapters]
    if top:
        frames.append(CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
                           child_element_ids=top, sub_frames=[TIT2(encoding=3, text=["Chapters"])]))  # fmt: skip
    return frames
