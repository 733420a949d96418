"""How long a line takes to say: calibrated against the offline speech tool when it is the one
that will speak, else a words-per-second rule.

Calibration speaks three fixed texts per (voice preset, language) once per process and fits
``seconds = overhead_s + seconds_per_letter * letters + seconds_per_word * words + pause_s *
sentence breaks + comma_s * commas`` by least squares; the result is cached, keyed by the
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
# Calibration texts per language: a short line, a long sentence without pauses, several
# short sentences with commas (close to the lines the banks hold), and for English a few
# more; the rate is a least-squares fit over them.
CALIBRATION_TEXTS: dict[str, tuple[str, ...]] = {
    "en": ("Where were you last night?",
           "The storm came in from the sea just after midnight and nobody in the whole "
           "village slept until the morning came",
           "Wait. Listen, please. Did you hear that? No, not the wind. Something else, "
           "something close.",
           "Thank you for being my friend, Sam.",
           "Hello, Tom. Will you help me? It's about the garden.",
           "An owl said hoo, hoo, very softly, so as not to wake anyone.",
           "Breathe in slowly. Hold. And breathe out.",
           "Good evening. Our top story tonight: a storm hits the city.",
           "Let every thought about the day drift past like clouds in a summer sky."),
    "es": ("¿Dónde estabas anoche?",
           "La tormenta llegó del mar poco después de medianoche y nadie en todo el pueblo "
           "durmió hasta que llegó la mañana",
           "Espera. Escucha, por favor. ¿Has oído eso? No, no es el viento. Es otra cosa, "
           "algo cercano.",
           "Gracias por ser mi amigo, Pablo.",
           "Hola, Lucía. ¿Me ayudas? Es sobre el jardín."),
    "fr": ("Où étais-tu hier soir ?",
           "La tempête est arrivée de la mer juste après minuit et personne dans tout le "
           "village n'a dormi avant le matin",
           "Attends. Écoute, s'il te plaît. Tu as entendu ça ? Non, pas le vent. Autre chose, "
           "tout près.",
           "Merci d'être mon ami, Paul.",
           "Bonjour, Léa. Tu m'aides ? C'est à propos du jardin."),
    "de": ("Wo warst du gestern Abend?",
           "Der Sturm kam kurz nach Mitternacht vom Meer und niemand im ganzen Dorf schlief "
           "bis der Morgen kam",
           "Warte. Hör zu, bitte. Hast du das gehört? Nein, nicht der Wind. Etwas anderes, "
           "ganz nah.",
           "Danke, dass du mein Freund bist, Paul.",
           "Hallo, Lena. Hilfst du mir? Es geht um den Garten."),
    "it": ("Dov'eri ieri sera?",
           "La tempesta arrivò dal mare poco dopo mezzanotte e nessuno in tutto il paese "
           "dormì fino al mattino",
           "Aspetta. Ascolta, per favore. Hai sentito? No, non il vento. Qualcos'altro, "
           "qualcosa di vicino.",
           "Grazie di essere mio amico, Marco.",
           "Ciao, Giulia. Mi aiuti? Si tratta del giardino."),
    "pt": ("Onde você estava ontem à noite?",
           "A tempestade chegou do mar logo depois da meia-noite e ninguém em toda a vila "
           "dormiu até a manhã chegar",
           "Espera. Escuta, por favor. Você ouviu isso? Não, não é o vento. Outra coisa, "
           "bem perto.",
           "Obrigado por ser meu amigo, Pedro.",
           "Olá, Ana. Você me ajuda? É sobre o jardim."),
}
_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)
_SENTENCE_BREAK = re.compile(r"[.!?…;:]+(?=\s+\S)")


@dataclass(frozen=True)
class Rate:
    """Speech time of a voice: overhead, per letter, per sentence break, per comma, per
    word (a least-squares fit, see `_measure`)."""

    overhead_s: float
    seconds_per_letter: float
    pause_s: float = 0.0
    comma_s: float = 0.0
    seconds_per_word: float = 0.0

    def seconds(self, text: str) -> float:
        return (self.overhead_s + self.seconds_per_letter * letter_count(text)
                + self.pause_s * break_count(text) + self.comma_s * text.count(",")
                + self.seconds_per_word * len(text.split()))


def letter_count(text: str) -> int:
    return len(_LETTERS.findall(text))


def break_count(text: str) -> float:
    """Sentence ends inside a line (each is a pause the speech tool inserts)."""
    return len(_SENTENCE_BREAK.findall(text))


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
    """Speak the three calibration texts with `preset` (an `EspeakVoice`, hashable, so a
    retuned preset gets a fresh measurement)."""
    try:
        from wavjourney.tools.base import GenerationRequest
        from wavjourney.tools.offline.speech import EspeakSpeechTool

        tool = EspeakSpeechTool()
        durations = []
        for text in calibration_texts(language):
            clip = tool.generate(GenerationRequest(kind="speech", text=text, voice=preset.name,
                                                   language=language))
            durations.append(clip.audio.shape[-1] / clip.sample_rate_hz)
    except Exception as exc:  # espeak missing or broken: fall back to the rule
        log.debug("speech calibration unavailable: %s", exc)
        return None
    import numpy as np

    texts = calibration_texts(language)
    features = np.array([[1.0, letter_count(t), break_count(t), t.count(","), len(t.split())]
                         for t in texts])
    (overhead, per_letter, pause, comma, per_word), *_ = np.linalg.lstsq(
        features, np.array(durations), rcond=None)
    return Rate(float(overhead), float(per_letter), max(float(pause), 0.0),
                max(float(comma), 0.0), float(per_word))


CALIBRATION_BANK_LINES = 12  # lines sampled from the language's own line banks


@lru_cache(maxsize=8)
def calibration_texts(language: str) -> tuple[str, ...]:
    """The fixed texts plus an even sample of the language's bank lines (slots filled with
    plain words), so the fit sees lines like the ones it will time."""
    from importlib import import_module

    fixed = CALIBRATION_TEXTS[language]
    try:
        banks = import_module(f"wavjourney.planner.offline.lines_{language}").BANKS
    except ImportError:
        return fixed
    lines = [line.split(":", 1)[1].strip() for bank in banks.values()
             for section in ("middle", "close") for line in bank.get(section, ())]
    step = max(1, len(lines) // CALIBRATION_BANK_LINES)
    sample = [re.sub(r"\{\w+\}", "Anna", line) for line in lines[::step]]
    return fixed + tuple(sample[:CALIBRATION_BANK_LINES])


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
