"""Where the files that ship with audionews live: the built-in voice profiles and lexicon (the
project's voices/ folder, packaged as ``audionews.builtin_voices``)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def builtin_dir() -> Path:
    """The project's voices/ folder: packaged as audionews.builtin_voices when installed."""
    try:
        return Path(str(resources.files("audionews.builtin_voices")))
    except ModuleNotFoundError:  # running from a source checkout
        return Path(__file__).resolve().parent.parent / "voices"
