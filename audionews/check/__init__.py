"""The listening check: the publisher transcribes its own episode and points the producer at
every line that may be misread.

A stage of its own, after the episode is written: it reads an episode folder (``script.json``
and the MP3), hears the MP3 with Whisper (``listen``), compares what was heard with the
article's written words through its own canonicalizer (``canon``, ``align``), and reports the
flagged sentences (``report``). Needs the ``check`` extra: ``pip install "audionews[check]"``.
"""

from __future__ import annotations

from .align import HeardWord, SentenceCheck, Weights, check_script
from .episode import EpisodeCheck, check_folder, find_episodes, report_dir
from .listen import Recognizer, RecognizerMissing
from .report import add_suggestions, terminal, write_reports

__all__ = [
    "EpisodeCheck", "HeardWord", "Recognizer", "RecognizerMissing", "SentenceCheck", "Weights",
    "add_suggestions", "check_folder", "check_script", "find_episodes", "report_dir", "terminal",
    "write_reports",
]  # fmt: skip
