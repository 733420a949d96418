"""How long a line takes to say: calibrated against the offline speech tool when it is the one
that will speak, else a words-per-second rule.

Calibration speaks two fixed texts per (voice preset, language) once per process and fits
``seconds = overhead_s + seconds_per_char * letters``; the result is cached, keyed by the
preset's own settings, so a retuned preset is measured again.

Example:
    >>> clock = SpeechClock({}, "en")          # no voices: the rule of thumb
    >>> round(clock.seconds("One two three four five six.", "Anyone"), 2)
    2.61
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

log = logging.getLogger("wavjourney.planner")

# The rule of thumb when no calibration is possible (espeak presets speak ~150-175 wpm).
DEFAULT_WORDS_PER_S = 2.6
DEFAULT_LINE_OVERHEAD_S = 0.3
# Two calibration texts per language: a short line and a longer one with several sentences,
# close to the lines the banks hold.
CALIBRATION_TEXTS: dict[str, tuple[str, str]] = {
    "en": ("Where were you last night?",
           "The storm came in from the sea just after midnight. Nobody in the village slept. "
           "By morning, the old bridge was gone, and the river had found a new way home."),
    "es": ("¿Dónde estabas anoche?",
           "La tormenta llegó del mar poco después de medianoche. Nadie en el pueblo durmió. "
           "Por la mañana, el viejo puente había desaparecido y el río buscaba otro camino."),
    "fr": ("Où étais-tu hier soir ?",
           "La tempête est arrivée de la mer juste après minuit. Personne au village n'a "
           "dormi. Au matin, le vieux pont avait disparu et la rivière cherchait un autre "
           "chemin."),
    "de": ("Wo warst du gestern Abend?",
           "Der Sturm kam kurz nach Mitternacht vom Meer. Niemand im Dorf schlief. Am Morgen "
           "war die alte Brücke verschwunden, und der Fluss suchte sich einen neuen Weg."),
    "it": ("Dov'eri ieri sera?",
           "La tempesta arrivò dal mare poco dopo mezzanotte. Nessuno in paese dormì. Al "
           "mattino, il vecchio ponte era sparito e il fiume cercava una nuova strada."),
    "pt": ("Onde você estava ontem à noite?",
           "A tempestade chegou do mar logo depois da meia-noite. Ninguém na vila dormiu. De "
           "manhã, a velha ponte tinha sumido e o rio procurava um novo caminho."),
}
_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)


@dataclass(frozen=True)
class Rate:
    """Speech time of a voice: ``overhead_s + seconds_per_letter * letters``."""

    overhead_s: float
    seconds_per_letter: float

    def seconds(self, text: str) -> float:
        return self.overhead_s + self.seconds_per_letter * letter_count(text)


def letter_count(text: str) -> int:
    return len(_LETTERS.findall(text))


def _rule_of_thumb(text: str) -> float:
    return len(text.split()) / DEFAULT_WORDS_PER_S + DEFAULT_LINE_OVERHEAD_S


def measured_rate(voice: str, language: str) -> Rate | None:
    """The calibrated rate of an offline-speech preset in `language`, or None when that tool
    (or the preset) is not available here."""
    try:
        from wavjourney.tools.offline.voices import get_voice

        preset = get_voice(voice)
    except Exception:  # not an offline-speech preset, or the tool is absent
        return None
    if preset.name != voice.strip().lower():
        return None
    return _measure(preset, language if language in CALIBRATION_TEXTS else "en")


@lru_cache(maxsize=256)
def _measure(preset: Any, language: str) -> Rate | None:
    """Speak the two calibration texts with `preset` (an `EspeakVoice`, hashable, so a
    retuned preset gets a fresh measurement)."""
    try:
        from wavjourney.tools.base import GenerationRequest
        from wavjourney.tools.offline.speech import EspeakSpeechTool

        tool = EspeakSpeechTool()
        durations = []
        for text in CALIBRATION_TEXTS[language]:
            clip = tool.generate(GenerationRequest(kind="speech", text=text, voice=preset.name,
                                                   language=language))
            durations.append(clip.audio.shape[-1] / clip.sample_rate_hz)
    except Exception as exc:  # espeak missing or broken: fall back to the rule
        log.debug("speech calibration unavailable: %s", exc)
        return None
    short, long = (letter_count(t) for t in CALIBRATION_TEXTS[language])
    per_letter = (durations[1] - durations[0]) / (long - short)
    return Rate(durations[0] - per_letter * short, per_letter)


class SpeechClock:
    """Seconds a character takes to say a line, from its voice.

    Args:
        voices: character name → voice preset name.
        language: the language of the lines.
        calibrate: measure offline-speech presets (False: the rule of thumb only).
    """

    def __init__(self, voices: dict[str, str | None], language: str, *,
                 calibrate: bool = True) -> None:
        self.language = language
        self._rates: dict[str, Rate | None] = {}
        for name, voice in voices.items():
            self._rates[name] = measured_rate(voice, language) if calibrate and voice else None

    def seconds(self, text: str, character: str, speaking_rate: float = 1.0) -> float:
        """Estimated length of `text` said by `character` (any name: the rule of thumb)."""
        rate = self._rates.get(character)
        seconds = rate.seconds(text) if rate else _rule_of_thumb(text)
        return max(seconds, 0.2) / speaking_rate

    @property
    def calibrated(self) -> bool:
        return any(self._rates.values())
