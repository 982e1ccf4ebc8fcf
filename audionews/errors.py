"""Exceptions meant to be shown to a user.

Every message names the input, the probable cause and the fix, on one line. The CLI prints
``str(error)`` and exits 1; anything that is not an :class:`AudioNewsError` is a bug.
"""


class AudioNewsError(Exception):
    """Base class for errors a user can act on."""


class InputError(AudioNewsError):
    """The article, script or other input cannot be used."""


class ConfigError(AudioNewsError):
    """A setting, voice profile or show configuration is wrong."""


class EngineError(AudioNewsError):
    """A speech engine cannot synthesize (missing model, no network, ...)."""


class PublishError(AudioNewsError):
    """The output folder cannot be written or is in a bad state."""

