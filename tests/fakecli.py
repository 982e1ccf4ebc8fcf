"""``python -m tests.fakecli ARGS``: the audionews CLI with the fake engine registered and its
voice ``fake`` (tests/voices/fake.toml) findable, for CLI tests whose subject is not the sound.
Pass ``--voice fake``; run with AUDIONEWS_JOBS=1 (spawned workers would not know the engine)."""

from __future__ import annotations

from pathlib import Path

from audionews import engines, voices

engines.REGISTRY["fake"] = "tests.fakeengine:FakeEngine"
_search_dirs = voices.search_dirs
voices.search_dirs = lambda: [*_search_dirs(), Path(__file__).resolve().parent / "voices"]

if __name__ == "__main__":
    from audionews.cli import main

    main()
