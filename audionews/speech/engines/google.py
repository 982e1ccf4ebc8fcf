"""Google Translate's text-to-speech through the gtts package (needs internet access).

gtts returns MP3; ffmpeg decodes it to PCM. Speed: Google's own slow reading for 0.75 and
below, otherwise ffmpeg's ``atempo`` time-stretch, which changes the pace and keeps the pitch.
"""

from __future__ import annotations

import io
from typing import Any

import numpy as np

from ...audio.ffmpeg import convert_pcm
from ...errors import ConfigError, EngineError
from .base import Engine, VoiceProfile

SAMPLE_RATE = 24000  # what Google's MP3s carry
SLOW_AT = 0.75  # at or below this speed, ask Google for its slow reading instead of stretching
TIMEOUT = 10  # seconds; gtts waits forever by default
PROBE_TIMEOUT = 3


def host(tld: str) -> str:
    return f"https://translate.google.{tld}/"


def offline_message(profile: VoiceProfile, cause: str) -> str:
    return (
        f"{profile.where}: Google TTS needs internet access ({cause}); "
        "use --engine piper, or --fallback-offline to let the offline voice stand in."
    )


class GoogleEngine(Engine):
    name = "gtts"
    needs_network = True
    parallel = False  # one process at a time: Google rate-limits bursts from one address
    option_keys = frozenset({"lang", "tld"})

    def __init__(self, profile: VoiceProfile) -> None:
        super().__init__(profile)
        self.lang, self.tld = self.settings(profile)
        self.sample_rate = SAMPLE_RATE

    @staticmethod
    def settings(profile: VoiceProfile) -> tuple[str, str]:
        """gtts's lang (default: the profile's language) and tld (the accent's host)."""
        lang = str(profile.options.get("lang") or "")
        if not lang:
            from gtts.lang import tts_langs

            # Google knows en, fr, pt, zh-CN ...: a region tag like en-US only if it is listed.
            lang = profile.language if profile.language in tts_langs() else profile.language.split("-")[0]
        return lang, str(profile.options.get("tld", "com"))

    def synthesize(self, text: str, speed: float = 1.0) -> np.ndarray:
        from gtts import gTTS, gTTSError

        if not any(ch.isalnum() for ch in text):  # gtts asserts on text with nothing to say
            return np.zeros(0, dtype=np.int16)
        slow = speed <= SLOW_AT
        mp3 = io.BytesIO()
        try:
            gTTS(text, lang=self.lang, tld=self.tld, slow=slow, timeout=TIMEOUT).write_to_fp(mp3)
        except gTTSError as error:
            if error.rsp is None:  # no answer at all: offline, DNS, firewall
                raise EngineError(offline_message(self.profile, f"{host(self.tld)} is unreachable")) from None
            raise EngineError(
                f"{self.profile.where}: Google TTS refused the request ({error}). "
                "Try again later, or use --engine piper."
            ) from None
        return convert_pcm(mp3.getvalue(), ["-f", "mp3"], self.sample_rate, 1.0 if slow else speed)

    @classmethod
    def check_profile(cls, profile: VoiceProfile) -> None:
        from gtts.lang import tts_langs

        lang, tld = cls.settings(profile)
        if lang not in tts_langs():
            raise ConfigError(
                f"{profile.where}: Google TTS has no language {lang!r}. Set lang to one of "
                "the codes gtts lists ('gtts-cli --all'), such as en, fr, de, es, pt, zh-CN."
            )
        if not tld or not all(part.isalnum() for part in tld.split(".")):
            raise ConfigError(f"{profile.where}: tld {tld!r} is not a domain ending like com, co.uk or com.au.")

    @classmethod
    def identity(cls, profile: VoiceProfile) -> dict[str, Any]:
        lang, tld = cls.settings(profile)
        return {"lang": lang, "tld": tld}

    @classmethod
    def problem(cls, profile: VoiceProfile) -> str | None:
        """Is Google reachable? One HEAD request, answered or refused within seconds."""
        import requests

        url = host(cls.settings(profile)[1])
        try:
            requests.head(url, timeout=PROBE_TIMEOUT, allow_redirects=False)
        except requests.RequestException as error:
            return offline_message(profile, f"{url} is unreachable: {type(error).__name__}")
        return None
