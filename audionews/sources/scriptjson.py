"""A narration script as JSON (what ``audionews script --json`` prints, perhaps edited by a
producer), read back as a :class:`Script`, checked and cleaned like every other source."""

from __future__ import annotations

import json

from ..errors import InputError
from ..model import ROLES, Script
from ..sanitize import clean_script


def script_from_text(text: str, source: str) -> Script:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(
            f"{source}: is not valid JSON ({error.msg} at line {error.lineno}). Fix the edit, "
            "or print a fresh one with 'audionews script SOURCE --json'."
        ) from None
    try:
        script = clean_script(Script.from_dict(data))
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise InputError(
            f"{source}: is not an audionews script (missing or bad field {error}). "
            "Print one with 'audionews script SOURCE --json'."
        ) from None
    for index, segment in enumerate(script.segments):
        if segment.role not in ROLES:
            raise InputError(
                f"{source}: segment {index} has unknown role {segment.role!r}. "
                f"Use one of: {', '.join(ROLES)}."
            )
    if not script.segments:
        raise InputError(f"{source}: the script has no segments. Add at least the headline.")
    return script
