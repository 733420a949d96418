"""The voice library of the offline speech tool: espeak-ng settings plus light DSP, as data.

Each `EspeakVoice` pairs the public `VoicePreset` (what a person or an LLM casts from) with
how to make it: an espeak-ng language voice, a variant (espeak's own, ``f5``, or one of
ours in `VARIANTS`, ``wj-man`` ...), a speaking rate in words per minute, pitch and pitch
range on espeak's 0-100 scales, and a `VoiceDsp` chain that makes characters more distinct
and takes the buzz off espeak.

Example:
    >>> get_voice("narrator").rate_wpm
    155
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from wavjourney.exceptions import ToolError
from wavjourney.tools.base import VoicePreset

TOOL_NAME = "offline-speech"
DEFAULT_VOICE = "narrator"


@dataclass(frozen=True)
class VoiceDsp:
    """Cheap post-processing applied to a voice after espeak-ng (all optional).

    Args:
        highpass_hz: rumble / DC cut.
        low_shelf_hz, low_shelf_db: warmth (positive) or thinning (negative).
        presence_hz, presence_db: peaking band for intelligibility.
        harsh_hz, harsh_db: peaking cut that tames espeak's buzzy upper mids.
        high_shelf_hz, high_shelf_db: top-end cut (de-harshing) or air.
        lowpass_hz: band limit (telephone, old radio), None for none.
        reflections_ms: early reflections as (delay_ms, gain) pairs, a small room.
        comb_delay_ms, comb_gain: a short feed-forward comb (metallic colour).
        ring_mod_hz, ring_mod_mix: ring modulation (robot), mix 0-1.
        hold_samples: sample-and-hold decimation factor (digital grit); 1 is off.
        tremolo_hz, tremolo_depth: amplitude wobble (elderly voices), depth 0-1.
    """

    highpass_hz: float = 70.0
    low_shelf_hz: float = 220.0
    low_shelf_db: float = 0.0
    presence_hz: float = 2500.0
    presence_db: float = 0.0
    harsh_hz: float = 4200.0
    harsh_db: float = -3.0
    high_shelf_hz: float = 6500.0
    high_shelf_db: float = -4.0
    lowpass_hz: float | None = None
    reflections_ms: tuple[tuple[float, float], ...] = ()
    comb_delay_ms: float = 0.0
    comb_gain: float = 0.0
    ring_mod_hz: float = 0.0
    ring_mod_mix: float = 0.0
    hold_samples: int = 1
    tremolo_hz: float = 0.0
    tremolo_depth: float = 0.0


# espeak-ng's female5 variant, the one a recogniser understands best: formants as (frequency %,
# height %, width %) for formants 0-8, breath noise on the upper formants (with its bandwidths),
# a short echo, 75 % voicing and loud consonants. Its stock male variants (m1-m8 and the
# named ones) lose 55-100 % of words under the same judge; giving f5's source a male pitch and
# a longer vocal tract (formants a few percent lower) keeps most of them.
_F5_FORMANTS = ((105, 80, 150), (110, 80, 160), (110, 70, 150), (110, 70, 150), (115, 80, 200),
                (115, 80, 100), (110, 70, 150), (110, 70, 100), (110, 70, 150))  # fmt: skip
_F5_SOURCE = "roughness 0\nstressAdd 0 0 -10 -10 0 0 10 40\necho 140 10\nconsonants 150 150\n"
_F5_VOICED = "breath 0 4 6 6 6 6 0 10\nbreathw 150 150 200 200 400 400 600 600\nvoicing 75\n"
# espeak-ng's whisper: strong breath noise on the low formants, little voicing.
_WHISPERED = "breath 75 75 50 40 15 10\nbreathw 150 150 200 200 400 400\nvoicing 25\n"


@dataclass(frozen=True)
class EspeakVariant:
    """A voice variant of our own, written as a file into espeak-ng's ``voices/!v`` folder.

    Args:
        name: the file name, used after the language voice (``en-us+wj-man``).
        gender: ``male`` or ``female`` (espeak uses it for some languages' grammar).
        pitch_hz: espeak's pitch scale: the voice's frequency at pitch 0 and at pitch 100.
        formant_shift: percentage points added to every formant frequency of female5
            (negative: a longer vocal tract, a man's voice).
        whispered: espeak's whisper source (breath noise, a quarter of the voicing) instead
            of female5's.
    """

    name: str
    gender: str
    pitch_hz: tuple[int, int]
    formant_shift: int = 0
    whispered: bool = False

    def file_text(self) -> str:
        """The variant in espeak-ng's voice file format."""
        formants = "".join(
            f"formant {index} {freq + self.formant_shift} {height} {width}\n"
            for index, (freq, height, width) in enumerate(_F5_FORMANTS)
        )
        return (
            f"language variant\nname {self.name}\ngender {self.gender}\n"
            f"pitch {self.pitch_hz[0]} {self.pitch_hz[1]}\n{formants}{_F5_SOURCE}"
            f"{_WHISPERED if self.whispered else _F5_VOICED}"
        )


@dataclass(frozen=True)
class EspeakVoice:
    """One preset: the public description plus the espeak-ng settings and DSP that make it.

    Args:
        preset: the public `VoicePreset`.
        espeak_voice: espeak-ng language voice, e.g. ``"en-us"``, ``"en-gb-x-rp"``, ``"fr"``.
        variant: espeak-ng variant appended as ``+variant``: a stock one (``"f2"``,
            ``"klatt4"``) or one of ours in `VARIANTS` (``"wj-man"``).
        rate_wpm: speaking rate in words per minute (before the request's multiplier).
        pitch: espeak base pitch, 0-100 (50 is the variant's natural pitch).
        pitch_range: espeak intonation range, 0-100 (0 is a monotone, 50 is normal).
        word_gap_10ms: extra pause between words, in units of 10 ms.
        dsp: post-processing chain.
        english_voice: for a preset whose own language is not English, the espeak-ng
            English voice its English lines use (espeak's French or German voice reading
            English applies French or German spelling rules: most words come out wrong).
            The preset's variant, pitch, melody and DSP still make it the same speaker.
    """

    preset: VoicePreset
    espeak_voice: str
    variant: str
    rate_wpm: int
    pitch: int
    pitch_range: int
    word_gap_10ms: int = 0
    dsp: VoiceDsp = VoiceDsp()
    english_voice: str | None = None

    @property
    def name(self) -> str:
        return self.preset.name


# Shared EQ flavours. espeak's formant synthesiser is buzzy between 3 and 6 kHz and hissy on
# top; every voice gets a peaking cut there plus a high-shelf cut. Men and the narrator get a
# low-shelf lift for body; women a gentler one and a touch of presence instead.
_MALE = VoiceDsp(
    highpass_hz=65.0, low_shelf_hz=200.0, low_shelf_db=3.0, harsh_hz=3800.0, harsh_db=-3.5
)
_FEMALE = VoiceDsp(
    highpass_hz=110.0,
    low_shelf_hz=250.0,
    low_shelf_db=1.0,
    presence_hz=2800.0,
    presence_db=1.0,
    harsh_hz=4800.0,
    harsh_db=-3.5,
)

# Our own variants (see `EspeakVariant`): female5's source with a man's or a child's pitch
# and vocal tract.
VARIANTS: tuple[EspeakVariant, ...] = (
    EspeakVariant("wj-man-deep", "male", (82, 117), formant_shift=-8),
    EspeakVariant("wj-man", "male", (82, 117), formant_shift=-6),
    EspeakVariant("wj-man-young", "male", (82, 117), formant_shift=-4),
    EspeakVariant("wj-boy", "male", (190, 270), formant_shift=4),
    EspeakVariant("wj-girl", "female", (230, 330), formant_shift=6),
    EspeakVariant("wj-whisper", "male", (82, 117), whispered=True),
)

VOICES: tuple[EspeakVoice, ...] = (
    EspeakVoice(
        VoicePreset(
            "narrator",
            "Warm, measured adult male narrator with an American accent and a deep, rounded "
            "tone; documentaries, audiobooks and storytelling.",
            gender="male",
            age="adult",
            accent="american",
            tags=("narration", "storytelling", "documentary", "warm", "deep", "calm"),
        ),
        # Depth from our deepest male variant, a low pitch and a low-shelf lift; a formant
        # shift by resampling and early reflections cost words under the recogniser.
        espeak_voice="en-us",
        variant="wj-man-deep",
        rate_wpm=155,
        pitch=34,
        pitch_range=58,
        dsp=replace(_MALE, low_shelf_db=4.0, high_shelf_db=-3.0),
    ),
    EspeakVoice(
        VoicePreset(
            "news_anchor",
            "Crisp, confident adult female news anchor with a neutral American accent and "
            "brisk, even delivery; news bulletins, announcements, explainers.",
            gender="female",
            age="adult",
            accent="american",
            tags=("news", "broadcast", "announcement", "crisp", "professional"),
        ),
        espeak_voice="en-us",
        variant="f5",
        rate_wpm=175,
        pitch=40,
        pitch_range=42,
        dsp=replace(
            _FEMALE,
            presence_db=2.5,
            presence_hz=3000.0,
        ),
    ),
    EspeakVoice(
        VoicePreset(
            "young_woman",
            "Bright, lively young American woman in her twenties with an expressive, "
            "upbeat voice; friends, protagonists, casual dialogue.",
            gender="female",
            age="young",
            accent="american",
            tags=("young", "bright", "lively", "casual", "friendly"),
        ),
        espeak_voice="en-us",
        variant="f5",
        rate_wpm=170,
        pitch=62,
        pitch_range=72,
        dsp=replace(_FEMALE, presence_db=1.5),
    ),
    EspeakVoice(
        VoicePreset(
            "young_man",
            "Energetic young American man in his twenties with a light, casual voice; "
            "students, sidekicks, friendly banter.",
            gender="male",
            age="young",
            accent="american",
            tags=("young", "energetic", "casual", "friendly"),
        ),
        espeak_voice="en-us",
        variant="wj-man-young",
        rate_wpm=172,
        pitch=70,
        pitch_range=64,
        dsp=replace(_MALE, low_shelf_db=1.0, presence_db=2.0),
    ),
    EspeakVoice(
        VoicePreset(
            "girl",
            "Small girl of about eight with a high, bright, curious voice and an American "
            "accent; children's stories, daughters, playful scenes.",
            gender="female",
            age="child",
            accent="american",
            tags=("child", "girl", "kid", "playful", "high"),
        ),
        espeak_voice="en-us",
        # A child's short vocal tract: formants a few percent up in the variant itself
        # (resampling the voice by 1.12-1.22 lost most words).
        variant="wj-girl",
        rate_wpm=160,
        pitch=50,
        pitch_range=75,
        dsp=replace(
            _FEMALE,
            highpass_hz=150.0,
            low_shelf_db=-1.0,
        ),
    ),
    EspeakVoice(
        VoicePreset(
            "boy",
            "Young boy of about ten with a clear, cheeky, high voice and an American accent; "
            "children's stories, sons, school scenes.",
            gender="male",
            age="child",
            accent="american",
            tags=("child", "boy", "kid", "cheeky"),
        ),
        espeak_voice="en-us",
        variant="wj-boy",
        rate_wpm=165,
        pitch=50,
        pitch_range=68,
        dsp=replace(
            _FEMALE,
            highpass_hz=130.0,
            low_shelf_db=0.0,
        ),
    ),
    EspeakVoice(
        VoicePreset(
            "elderly_man",
            "Elderly man in his eighties with a slow, gravelly, slightly unsteady voice and "
            "an American accent; grandfathers, old storytellers, wise mentors.",
            gender="male",
            age="elderly",
            accent="american",
            tags=("old", "elderly", "grandfather", "slow", "gravelly", "wise"),
        ),
        espeak_voice="en-us",
        variant="wj-man-deep",
        rate_wpm=140,
        pitch=24,
        pitch_range=40,
        word_gap_10ms=2,
        dsp=replace(
            _MALE,
            highpass_hz=90.0,
            low_shelf_db=1.5,
            lowpass_hz=7000.0,
            tremolo_hz=5.5,
            tremolo_depth=0.10,
        ),
    ),
    EspeakVoice(
        VoicePreset(
            "elderly_woman",
            "Elderly woman in her eighties with a soft, breathy, wavering voice and an "
            "American accent; grandmothers, kindly old neighbours.",
            gender="female",
            age="elderly",
            accent="american",
            tags=("old", "elderly", "grandmother", "soft", "breathy", "kind"),
        ),
        espeak_voice="en-us",
        # espeak's grandma variant loses most words; age comes from a low, slow, wavering f5.
        variant="f5",
        rate_wpm=140,
        pitch=30,
        pitch_range=55,
        word_gap_10ms=1,
        dsp=replace(
            _FEMALE,
            highpass_hz=120.0,
            lowpass_hz=7500.0,
            tremolo_hz=6.0,
            tremolo_depth=0.12,
        ),
    ),
    EspeakVoice(
        VoicePreset(
            "british_man",
            "Polished adult British man with a Received Pronunciation accent and a "
            "composed, slightly formal tone; butlers, professors, documentary hosts.",
            gender="male",
            age="adult",
            accent="british",
            language="en",
            tags=("british", "english", "rp", "formal", "polished"),
        ),
        espeak_voice="en-gb-x-rp",
        variant="wj-man",
        rate_wpm=160,
        pitch=62,
        pitch_range=55,
        dsp=_MALE,
    ),
    EspeakVoice(
        VoicePreset(
            "british_woman",
            "Articulate adult British woman with a Received Pronunciation accent and a warm, "
            "clear tone; presenters, teachers, detectives.",
            gender="female",
            age="adult",
            accent="british",
            language="en",
            tags=("british", "english", "rp", "articulate", "clear"),
        ),
        espeak_voice="en-gb-x-rp",
        variant="f5",
        rate_wpm=162,
        pitch=58,
        pitch_range=60,
        dsp=_FEMALE,
    ),
    EspeakVoice(
        VoicePreset(
            "american_man",
            "Friendly everyday adult American man with a relaxed mid-range voice; fathers, "
            "coworkers, commercials, general dialogue.",
            gender="male",
            age="adult",
            accent="american",
            tags=("american", "friendly", "everyday", "dialogue"),
        ),
        espeak_voice="en-us",
        variant="wj-man",
        rate_wpm=165,
        pitch=52,
        pitch_range=55,
        dsp=_MALE,
    ),
    EspeakVoice(
        VoicePreset(
            "american_woman",
            "Warm, friendly adult American woman with a natural mid-range voice; mothers, "
            "coworkers, customer service, general dialogue.",
            gender="female",
            age="adult",
            accent="american",
            tags=("american", "warm", "friendly", "everyday", "dialogue"),
        ),
        espeak_voice="en-us",
        variant="f5",
        rate_wpm=163,
        pitch=48,
        pitch_range=55,
        dsp=replace(
            _FEMALE,
            low_shelf_db=2.0,
        ),
    ),
    EspeakVoice(
        VoicePreset(
            "whisper",
            "Hushed, breathy whisper with no voiced pitch; secrets, suspense, ASMR, someone "
            "speaking quietly in the dark.",
            gender="neutral",
            age="adult",
            accent="american",
            tags=("whisper", "quiet", "secret", "suspense", "breathy"),
        ),
        espeak_voice="en-us",
        variant="wj-whisper",
        rate_wpm=145,
        pitch=50,
        pitch_range=50,
        dsp=VoiceDsp(
            highpass_hz=180.0,
            low_shelf_db=-2.0,
            presence_hz=2000.0,
            presence_db=2.0,
            harsh_hz=5000.0,
            harsh_db=-4.0,
            high_shelf_hz=7000.0,
            high_shelf_db=-6.0,
        ),
    ),
    EspeakVoice(
        VoicePreset(
            "robot",
            "Monotone metallic robot or computer voice with a buzzing ring-modulated tone; "
            "androids, AI systems, ship computers, sci-fi announcements.",
            gender="neutral",
            age="adult",
            accent="american",
            tags=("robot", "computer", "ai", "android", "sci-fi", "metallic", "monotone"),
        ),
        espeak_voice="en-us",
        variant="klatt4",
        rate_wpm=140,
        pitch=40,
        pitch_range=0,
        dsp=VoiceDsp(
            highpass_hz=120.0,
            harsh_db=-2.0,
            high_shelf_db=-3.0,
            comb_delay_ms=4.0,
            comb_gain=0.55,
            ring_mod_hz=55.0,
            ring_mod_mix=0.45,
            hold_samples=2,
        ),
    ),
    EspeakVoice(
        VoicePreset(
            "french_man",
            "Adult Frenchman, smooth and relaxed: French lines natively; English lines in "
            "clear English with his French voice and melody (a light accent).",
            gender="male",
            age="adult",
            accent="french",
            language="fr",
            tags=("french", "france", "european", "accented"),
        ),
        espeak_voice="fr",
        english_voice="en-us",
        variant="wj-man",
        rate_wpm=158,
        pitch=66,
        pitch_range=78,
        dsp=replace(
            _MALE,
            low_shelf_db=2.0,
        ),
    ),
    EspeakVoice(
        VoicePreset(
            "spanish_woman",
            "Adult Spanish woman, lively and warm: Castilian Spanish lines natively; English "
            "lines in clear English with her Spanish voice and melody (a light accent).",
            gender="female",
            age="adult",
            accent="spanish",
            language="es",
            tags=("spanish", "spain", "european", "accented", "lively"),
        ),
        espeak_voice="es",
        english_voice="en-us",
        variant="f2",
        rate_wpm=168,
        pitch=64,
        pitch_range=72,
        dsp=_FEMALE,
    ),
    EspeakVoice(
        VoicePreset(
            "german_man",
            "Adult German man, firm and deliberate: German lines natively; English lines in "
            "clear English with his German voice and measured delivery (a light accent).",
            gender="male",
            age="adult",
            accent="german",
            language="de",
            tags=("german", "germany", "european", "accented", "firm"),
        ),
        espeak_voice="de",
        english_voice="en-us",
        variant="wj-man-deep",
        rate_wpm=152,
        pitch=44,
        pitch_range=40,
        word_gap_10ms=1,
        dsp=replace(_MALE, low_shelf_db=2.0, presence_db=1.5),
    ),
)

_BY_NAME: dict[str, EspeakVoice] = {voice.name: voice for voice in VOICES}


def voice_names() -> tuple[str, ...]:
    """Names of every preset, in library order."""
    return tuple(_BY_NAME)


def list_presets() -> list[VoicePreset]:
    """The public `VoicePreset` of every voice, in library order."""
    return [voice.preset for voice in VOICES]


def get_voice(name: str | None) -> EspeakVoice:
    """Look up a preset by name (None gives the narrator).

    Raises:
        ToolError: the name is unknown; the message lists every valid name.
    """
    key = DEFAULT_VOICE if name is None else name.strip().lower()
    try:
        return _BY_NAME[key]
    except KeyError:
        raise ToolError(
            f"unknown voice {name!r}; valid voices: {', '.join(_BY_NAME)}", tool=TOOL_NAME
        ) from None
