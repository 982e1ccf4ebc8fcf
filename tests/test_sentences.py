from __future__ import annotations

import pytest

from audionews.speech.sentences import split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two.", ["One.", "Two."]),
        ('"Go," he said. "Now!" Then quiet.', ['"Go," he said.', '"Now!"', "Then quiet."]),
        ("The U.S. Senate voted. Mr. Smith left.", ["The U.S. Senate voted.", "Mr. Smith left."]),
        ("Why? 3 people came", ["Why?", "3 people came"]),
        ("no closing punctuation", ["no closing punctuation"]),
        ("  ", []),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected
