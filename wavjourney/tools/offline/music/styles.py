"""Genre styles: the data that makes "soft jazz in a cafe" differ from "epic orchestral battle".

A style names its default tempo, mode and keys, chord progressions per mode, feel (swing),
and its parts: which instrument plays what pattern, at what level, where in the stereo field
and in which sections. Patterns are implemented in `parts` and `melody`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from wavjourney.tools.offline.music.theory import Mode

# Mix levels per role, dB relative to the drums: every part is measured (RMS while it
# plays) and set to its role's level plus the part's own ``gain_db`` offset.
ROLE_LEVEL_DB = {"drums": 0.0, "bass": -2.0, "chords": -5.0, "pad": -7.0, "lead": -3.0,
                 "arp": -9.0}
# Section letters used in `Part.sections`: intro, A section, B section, ending.
INTRO, SECTION_A, SECTION_B, ENDING = "i", "A", "B", "e"


@dataclass(frozen=True)
class Part:
    """One player in the band.

    Args:
        role: ``drums``, ``bass``, ``chords``, ``pad``, ``lead`` or ``arp`` (also the track).
        instrument: a key of `instruments.INSTRUMENTS` (drums: the kit is in the pattern).
        pattern: how it plays (see `parts.PATTERNS`; ``melody`` for leads).
        gain_db: level relative to the standard level of its role (`ROLE_LEVEL_DB`); the
            renderer measures each part's active loudness and sets it there.
        pan: -1 (left) .. 1 (right).
        reverb: send level to the reverb, 0-1.
        low: lowest MIDI pitch it plays.
        high: highest MIDI pitch it plays.
        sections: letters of the sections it plays in (``i`` intro, ``A``, ``B``, ``e`` end).
        density: melody only: ``sparse``, ``medium`` or ``busy``.
        legato: fraction of the written length each note is held.
    """

    role: str
    instrument: str
    pattern: str
    gain_db: float = 0.0
    pan: float = 0.0
    reverb: float = 0.2
    low: int = 48
    high: int = 76
    sections: str = "iABe"
    density: str = "medium"
    legato: float = 0.9


@dataclass(frozen=True)
class GenreStyle:
    """Everything that defines a genre.

    Args:
        name: id used in ``info["genre"]``.
        keywords: words and phrases that select it, with weights.
        mood: default mood.
        tempo_bpm: default tempo.
        mode: default mode.
        tonics: pitch classes its default keys are drawn from.
        progressions: chord progressions (roman numerals) per mode; A uses one, B another.
        final_chord: the closing chord per mode.
        bars_per_chord: harmonic rhythm.
        swing: where the off-beat falls within its pair (0.5 straight, 0.667 triplet).
        swing_steps: the swung unit in 16ths (2: swung 8ths, 1: swung 16ths).
        rhythmic: has a steady beat (tempo is audible).
        parts: the band.
        drum_kit: key of `parts.DRUM_PATTERNS` (None: no drums).
        reverb_s: reverb decay time (RT60), seconds.
        humanize_s: timing jitter, seconds (standard deviation).
        sidechain: pumping depth 0-1 of pads/bass against the kick.
        lofi: vinyl crackle, wow and a dusty top end.
        energy: 0-1, default intensity.
        dynamic: acoustic or orchestral music, mastered without bus compression and
            quieter (see `render.DYNAMIC_HEADROOM_DB`).
    """

    name: str
    keywords: tuple[tuple[str, float], ...]
    mood: str
    tempo_bpm: float
    mode: Mode
    tonics: tuple[int, ...]
    progressions: dict[str, tuple[tuple[str, ...], ...]]
    final_chord: dict[str, str] = field(default_factory=lambda: {"major": "I", "minor": "i"})
    bars_per_chord: int = 1
    swing: float = 0.5
    swing_steps: int = 2
    rhythmic: bool = True
    parts: tuple[Part, ...] = ()
    drum_kit: str | None = None
    reverb_s: float = 1.6
    humanize_s: float = 0.0
    sidechain: float = 0.0
    lofi: bool = False
    energy: float = 0.5
    dynamic: bool = False


def _kw(text: str) -> tuple[tuple[str, float], ...]:
    """Parse ``"jazz:3 cafe:2 ..."`` into keyword weights."""
    out = []
    for item in text.split(","):
        word, weight = item.rsplit(":", 1)
        out.append((word.strip(), float(weight)))
    return tuple(out)


C, CS, D, EB, E, F, FS, G, AB, A, BB, B = range(12)

STYLES: dict[str, GenreStyle] = {}


def _add(style: GenreStyle) -> None:
    STYLES[style.name] = style


_add(GenreStyle(
    name="newsroom",
    keywords=_kw("news:3, newsroom:3.5, broadcast:2.5, headline:2, headlines:2, corporate:2.5,"
                 "business:1.5, report:1.5, motivational:1.5, presentation:1.5, tech:1,"
                 "technology:1, podcast:1, uplifting:1, optimistic:1, ticker:2, bulletin:2"),
    mood="uplifting", tempo_bpm=120, mode="major", tonics=(C, D, F, G, A),
    progressions={"major": (("I", "V", "vi", "IV"), ("vi", "IV", "I", "V"),
                            ("IV", "I", "V", "vi")),
                  "minor": (("i", "VI", "VII", "i"), ("i", "iv", "VI", "V"))},
    parts=(
        # A studio band and strings, not a sequencer: 16th arpeggios and 8th-note bass
        # pulses read as techno even on recorded instruments.
        Part("drums", "", "kit", gain_db=-2, reverb=0.15, sections="ABe"),
        Part("bass", "electric bass", "folk", reverb=0.0, low=33, high=50,
             sections="ABe"),
        Part("pad", "strings", "sustain", reverb=0.3, low=52, high=74),
        Part("arp", "pizzicato strings", "ostinato8", pan=0.3, reverb=0.25, low=60,
             high=84),
        Part("lead", "piano", "melody", pan=-0.2, reverb=0.3, low=69, high=88,
             sections="AB", density="medium", legato=0.8),
        Part("chords", "piano", "stabs", gain_db=-2, pan=-0.3, reverb=0.2, low=55, high=74,
             sections="Be"),
    ),
    drum_kit="newsroom", reverb_s=1.5, energy=0.65, humanize_s=0.01, dynamic=True,
))

_add(GenreStyle(
    name="jazz",
    keywords=_kw("jazz:3, jazzy:3, cafe:2, café:2, coffee:1.5, coffeeshop:2, lounge:2,"
                 "bossa:2.5, bossa nova:3, swing:2, bebop:3, smooth:1, restaurant:1.5,"
                 "saxophone:2, sax:2, blues:2, elevator:2, bistro:2, cocktail:2, speakeasy:2.5,"
                 "noir:1"),
    mood="relaxed", tempo_bpm=100, mode="major", tonics=(F, BB, EB, C, G),
    progressions={"major": (("ii7", "V7", "Imaj7", "vi7"), ("Imaj7", "vi7", "ii7", "V7"),
                            ("iii7", "vi7", "ii7", "V7")),
                  "minor": (("i7", "iv7", "iiø7", "V7"), ("i7", "VImaj7", "iiø7", "V7"))},
    final_chord={"major": "Imaj9", "minor": "i9"},
    swing=0.64, swing_steps=2, humanize_s=0.008,
    parts=(
        Part("drums", "", "kit", gain_db=-6, reverb=0.12, sections="ABe"),
        Part("bass", "upright bass", "walking", pan=0.1, reverb=0.05, low=31,
             high=52, sections="iABe"),
        # An acoustic piano comps (the electric piano was heard as electronic).
        Part("chords", "piano", "comp", pan=-0.25, reverb=0.18, low=52, high=72),
        Part("lead", "vibraphone", "melody", pan=0.25, reverb=0.25, low=65,
             high=86, sections="ABe", density="medium", legato=0.9),
    ),
    drum_kit="jazz", reverb_s=1.3, energy=0.35, dynamic=True,
))

_add(GenreStyle(
    name="horror",
    keywords=_kw("horror:3, scary:2.5, creepy:2.5, tense:1.5, tension:1.5, suspense:2,"
                 "suspenseful:2, drone:2, haunted:2.5, ghost:2, ghostly:2, eerie:2.5, dread:2.5,"
                 "nightmare:2.5, sinister:2, thriller:2, dark:1, ominous:2, zombie:2,"
                 "monster:1.5, terror:2.5, unsettling:2.5, menacing:2, disturbing:2"),
    mood="tense", tempo_bpm=60, mode="minor", tonics=(C, CS, D, E, F),
    progressions={"minor": (("i", "i", "bII", "i"), ("i", "VI", "i", "bII")),
                  "major": (("I", "bII", "I", "bVI"), ("I", "bVI", "bII", "I"))},
    bars_per_chord=2, rhythmic=False,
    parts=(
        Part("bass", "contrabass", "drone", reverb=0.35, low=26, high=40),
        Part("pad", "strings", "clusters", gain_db=-2, reverb=0.55, low=58, high=82,
             sections="ABe"),
        # Low piano notes in the dark, not high plinks (those read as electronic).
        Part("lead", "piano", "plinks", gain_db=-6, pan=0.2, reverb=0.7, low=48, high=72,
             sections="AB"),
        Part("drums", "", "kit", gain_db=-2, reverb=0.4, sections="B"),
    ),
    drum_kit="horror", reverb_s=4.5, energy=0.3, dynamic=True,
))

_add(GenreStyle(
    name="epic",
    keywords=_kw("epic:3, orchestral:2, orchestra:2, battle:3, war:2, heroic:2.5, trailer:2,"
                 "fight:2, action:2, adventure:1.5, fantasy:1.5, warrior:2, victory:2,"
                 "triumphant:2, triumph:2, chase:1.5, boss:1.5, army:2, knights:2, siege:2.5,"
                 "powerful:1, legendary:2, viking:2, clash:2"),
    mood="epic", tempo_bpm=140, mode="minor", tonics=(D, C, E, A),
    progressions={"minor": (("i", "VI", "VII", "i"), ("i", "iv", "VI", "V"),
                            ("i", "VI", "iv", "V")),
                  "major": (("I", "V", "vi", "IV"), ("I", "bVII", "IV", "V"))},
    parts=(
        # An orchestra with drums, not drums with an orchestra: the kit sits back in the
        # hall, the ostinato is in 8ths and the strings carry the tune (16th ostinatos and a
        # loud kit read as techno).
        Part("drums", "", "kit", gain_db=-2, reverb=0.45, sections="ABe"),
        Part("bass", "staccato strings", "ostinato8", reverb=0.2, low=38,
             high=57, sections="iABe"),
        # Horns, not a choir: the font's choir was heard as electronic.
        Part("pad", "french horns", "sustain", gain_db=-1, reverb=0.45, low=55, high=76,
             sections="Be"),
        Part("chords", "brass", "sustain", gain_db=1, pan=-0.15, reverb=0.35, low=48,
             high=67, sections="ABe"),
        Part("lead", "strings", "melody", gain_db=3, pan=0.15, reverb=0.35, low=67, high=88,
             sections="AB", density="sparse", legato=0.98),
    ),
    drum_kit="epic", reverb_s=2.4, energy=0.9, dynamic=True,
))

_add(GenreStyle(
    name="lofi",
    keywords=_kw("lo fi:3, lofi:3, chillhop:3, hip hop:2.5, hiphop:2.5, boom bap:3, study:1.5,"
                 "studying:1.5, chill beats:2.5, beats:1, chill:1, vinyl:1.5, rainy:1,"
                 "late night:1, jazzhop:3, dusty:1.5, tape:1, homework:1.5, relaxing beats:2"),
    mood="chill", tempo_bpm=84, mode="minor", tonics=(C, D, E, F, G, A),
    progressions={"minor": (("i7", "iv7", "i7", "V7"), ("i7", "VImaj7", "iv7", "V7"),
                            ("iv7", "V7", "i7", "i7")),
                  "major": (("Imaj7", "vi7", "ii7", "V7"), ("IVmaj7", "V7", "iii7", "vi7"),
                            ("ii7", "V7", "Imaj7", "Imaj7"))},
    final_chord={"major": "Imaj9", "minor": "i9"},
    swing=0.58, swing_steps=1, humanize_s=0.006, lofi=True,
    parts=(
        Part("drums", "", "kit", reverb=0.05, sections="ABe"),
        Part("bass", "sub bass", "boombap", reverb=0.0, low=33, high=48,
             sections="ABe"),
        Part("chords", "electric piano", "lofi", gain_db=1, pan=-0.1, reverb=0.2, low=52,
             high=72),
        Part("lead", "piano", "melody", gain_db=-2, pan=0.2, reverb=0.3, low=67, high=86,
             sections="B", density="sparse", legato=0.85),
    ),
    drum_kit="lofi", reverb_s=1.1, energy=0.35,
))

_add(GenreStyle(
    name="solo piano",
    keywords=_kw("piano:2, solo piano:3, calm:1, gentle:1, peaceful:1, relaxing:0.8,"
                 "classical:1.5, nocturne:2.5, lullaby:2, reflective:1.5, contemplative:1.5,"
                 "soft piano:2.5, tranquil:1, serene:0.8, keys:1, sentimental:1.5,"
                 "nostalgic:1.5, memories:1.5"),
    mood="calm", tempo_bpm=72, mode="major", tonics=(C, D, EB, F, G, A),
    progressions={"major": (("I", "V", "vi", "IV"), ("vi", "IV", "I", "V"),
                            ("I", "vi", "IV", "V"), ("IV", "I", "ii", "V")),
                  "minor": (("i", "iv", "VI", "V"), ("i", "VI", "iv", "V"))},
    rhythmic=False, humanize_s=0.01,
    parts=(
        Part("chords", "piano", "broken", gain_db=-2, pan=-0.1, reverb=0.3, low=36, high=64),
        Part("lead", "piano", "melody", gain_db=1, pan=0.1, reverb=0.3, low=64, high=86,
             sections="ABe", density="sparse", legato=1.0),
    ),
    reverb_s=2.0, energy=0.3, dynamic=True,
))

_add(GenreStyle(
    name="electronic",
    keywords=_kw("electronic:3, edm:3, techno:3, house:2.5, dance:2, club:2, synth:1.5,"
                 "synthwave:2.5, electro:3, trance:3, upbeat:1, energetic:1, party:1.5,"
                 "workout:1.5, cyberpunk:2, futuristic:1.5, trap:2, dubstep:2, disco:2,"
                 "rave:2.5, retro:0.8, electronica:3, gaming:1, arcade:1.5, festival:1.5"),
    mood="energetic", tempo_bpm=124, mode="minor", tonics=(A, F, C, D, G),
    progressions={"minor": (("i", "VI", "VII", "i"), ("i", "iv", "VI", "V"),
                            ("i", "VII", "iv", "i")),
                  "major": (("I", "V", "vi", "IV"), ("IV", "V", "I", "I"),
                            ("I", "IV", "vi", "V"))},
    sidechain=0.6,
    parts=(
        Part("drums", "", "kit", gain_db=1, reverb=0.05, sections="ABe"),
        Part("bass", "synth bass", "offbeat8", reverb=0.0, low=33, high=50,
             sections="ABe"),
        Part("pad", "synth pad", "sustain", reverb=0.35, low=55, high=76),
        Part("arp", "synth pluck", "arp16", pan=-0.25, reverb=0.3, low=60,
             high=86, sections="iABe"),
        Part("lead", "synth lead", "melody", pan=0.15, reverb=0.3, low=67,
             high=86, sections="B", density="busy", legato=0.8),
    ),
    drum_kit="electronic", reverb_s=1.4, energy=0.8,
))

_add(GenreStyle(
    name="sad strings",
    keywords=_kw("sad:2, strings:2, string:1.5, melancholic:2.5, melancholy:2.5, sorrow:2.5,"
                 "sorrowful:2.5, grief:2.5, tragic:2.5, mournful:2.5, elegy:3, funeral:2.5,"
                 "violin:1.5, cello:1.5, somber:2, sombre:2, heartbreak:2, heartbroken:2,"
                 "loss:1.5, tearful:2, lament:2.5, emotional:1, sadness:2, unhappy:1.5,"
                 "lonely:1.5, crying:2, farewell:1.5"),
    mood="sad", tempo_bpm=66, mode="minor", tonics=(D, A, E, C, G, B),
    progressions={"minor": (("i", "VI", "iv", "V"), ("i", "iv", "i", "V"),
                            ("i", "VII", "VI", "V")),
                  "major": (("I", "iii", "vi", "IV"), ("IV", "I", "ii", "V"))},
    rhythmic=False, humanize_s=0.01,
    parts=(
        Part("bass", "strings", "sustain_root", gain_db=-1, reverb=0.35, low=31, high=50),
        Part("pad", "strings", "sustain", reverb=0.4, low=50, high=70),
        Part("lead", "strings", "melody", gain_db=1, pan=0.15, reverb=0.4, low=64, high=86,
             sections="ABe", density="sparse", legato=1.0),
        Part("chords", "piano", "broken_slow", gain_db=-3, pan=-0.25, reverb=0.35, low=48,
             high=72, sections="B"),
    ),
    reverb_s=2.6, energy=0.3, dynamic=True,
))

_add(GenreStyle(
    name="cartoon",
    keywords=_kw("cartoon:3, whimsical:3, playful:2.5, quirky:2.5, funny:2.5, comedy:2.5,"
                 "comedic:2.5, comic:2, silly:2.5, kids:2, children:2, childrens:2, toy:2,"
                 "circus:2.5, mischievous:2.5, bouncy:2, goofy:2.5, cute:2, animation:2,"
                 "pizzicato:2, cheeky:2, clumsy:2, wacky:2.5, fairy tale:1.5, sneaky:1.5"),
    mood="playful", tempo_bpm=120, mode="major", tonics=(C, F, G, D, BB),
    progressions={"major": (("I", "vi", "ii", "V"), ("I", "IV", "V", "I"),
                            ("IV", "V", "I", "vi")),
                  "minor": (("i", "iv", "V", "i"), ("i", "VI", "iv", "V"))},
    humanize_s=0.01,
    parts=(
        # A small pit band: clarinet tune, pizzicato, plucked bass and light percussion, mastered
        # with its dynamics (mastered loud and played on the grid it read as electronic).
        Part("drums", "", "kit", gain_db=-4, reverb=0.15, sections="ABe"),
        Part("bass", "upright bass", "oompah", reverb=0.12, low=33, high=50),
        Part("chords", "pizzicato strings", "pah", pan=-0.3, reverb=0.2,
             low=55, high=72),
        Part("lead", "clarinet", "melody", gain_db=1, pan=0.25, reverb=0.2, low=62,
             high=86, sections="ABe", density="busy", legato=0.6),
    ),
    drum_kit="cartoon", reverb_s=1.1, energy=0.6, dynamic=True,
))

_add(GenreStyle(
    name="ambient",
    keywords=_kw("ambient:3, atmospheric:2.5, atmosphere:2, space:2, spacey:2, dreamy:2,"
                 "ethereal:2.5, meditation:2, meditative:2, floating:2, drifting:2,"
                 "soundscape:2.5, new age:2.5, zen:2, spa:2, cosmic:2, underwater:1.5,"
                 "serene:1.5, calm:0.8, pad:1.5, sleep:2, yoga:2, stars:1.5, weightless:2"),
    mood="dreamy", tempo_bpm=70, mode="major", tonics=(C, D, E, F, G, A),
    progressions={"major": (("I", "IV", "vi", "IV"), ("Imaj7", "IVmaj7", "I", "V")),
                  "minor": (("i", "VI", "iv", "i"), ("i", "VI", "III", "VII"))},
    final_chord={"major": "Iadd9", "minor": "iadd9"},
    bars_per_chord=2, rhythmic=False,
    parts=(
        Part("bass", "sub bass", "root_whole", gain_db=-4, reverb=0.1, low=33, high=48),
        Part("pad", "synth pad", "sustain", gain_db=3, reverb=0.55, low=50, high=74),
        Part("lead", "bells", "melody", pan=0.3, reverb=0.7, low=72, high=91,
             sections="ABe", density="sparse", legato=1.0),
    ),
    reverb_s=4.0, energy=0.2,
))

_add(GenreStyle(
    name="romantic",
    keywords=_kw("romantic:3, romance:3, love:2, wedding:2.5, tender:2, sweet:1.5,"
                 "heartfelt:2, valentine:2.5, intimate:1.5, lovers:2, affection:2, waltz:1.5,"
                 "candlelight:2"),
    mood="romantic", tempo_bpm=76, mode="major", tonics=(C, D, EB, F, G, AB),
    progressions={"major": (("I", "vi", "IV", "V"), ("I", "iii", "IV", "V"),
                            ("IV", "V", "iii", "vi")),
                  "minor": (("i", "VI", "iv", "V"), ("i", "iv", "VII", "III"))},
    rhythmic=False, humanize_s=0.01,
    parts=(
        Part("chords", "piano", "broken", pan=-0.15, reverb=0.3, low=36,
             high=64),
        Part("pad", "strings", "sustain", gain_db=-2, reverb=0.45, low=52, high=74,
             sections="Be"),
        Part("lead", "strings", "melody", pan=0.15, reverb=0.4, low=65, high=86,
             sections="ABe", density="sparse", legato=1.0),
    ),
    reverb_s=2.2, energy=0.35, dynamic=True,
))

_add(GenreStyle(
    name="mysterious",
    keywords=_kw("mysterious:3, mystery:3, detective:2.5, investigation:2, enigmatic:2.5,"
                 "curious:1.5, secret:1.5, magical:1.5, magic:1.5, puzzle:1.5, intrigue:2,"
                 "sneaking:2, stealth:2, spy:2, riddle:2, hidden:1.5, clue:2, night:0.8"),
    mood="mysterious", tempo_bpm=92, mode="minor", tonics=(D, E, A, B, C),
    progressions={"minor": (("i", "VI", "i", "V"), ("i", "iv", "bII", "V"),
                            ("i", "i", "VI", "V")),
                  "major": (("I", "bVI", "I", "V"), ("I", "iv", "I", "V"))},
    humanize_s=0.004,
    parts=(
        Part("drums", "", "kit", gain_db=-4, reverb=0.2, sections="ABe"),
        Part("bass", "pizzicato strings", "pulse4", reverb=0.2, low=36,
             high=55),
        Part("pad", "strings", "sustain", gain_db=-2, reverb=0.5, low=50, high=70),
        Part("lead", "celesta", "melody", pan=0.25, reverb=0.5, low=72, high=91,
             sections="AB", density="sparse", legato=1.0),
    ),
    drum_kit="mysterious", reverb_s=2.5, energy=0.4,
))

_add(GenreStyle(
    name="acoustic",
    keywords=_kw("acoustic:3, guitar:2, folk:3, happy:1.5, sunny:2, summer:1.5, ukulele:3,"
                 "campfire:2.5, cheerful:2, country:2.5, picnic:2, carefree:2, indie:1.5,"
                 "breezy:2, road trip:2, morning:1, sunshine:2, feel good:2, joyful:1.5,"
                 "strumming:2.5"),
    mood="happy", tempo_bpm=104, mode="major", tonics=(G, D, C, A, E),
    progressions={"major": (("I", "V", "vi", "IV"), ("I", "IV", "I", "V"),
                            ("vi", "IV", "I", "V")),
                  "minor": (("i", "VI", "VII", "i"), ("i", "iv", "VII", "V"))},
    humanize_s=0.006,
    parts=(
        Part("drums", "", "kit", gain_db=-2, reverb=0.12, sections="ABe"),
        Part("bass", "electric bass", "folk", reverb=0.05, low=31, high=50,
             sections="ABe"),
        Part("chords", "acoustic guitar", "strum", gain_db=2, pan=-0.2, reverb=0.15,
             low=40, high=67),
        # A flute: the font's whistle is a near-sine the tagger heard as electronic.
        Part("lead", "flute", "melody", gain_db=-1, pan=0.2, reverb=0.25, low=72, high=91,
             sections="B", density="medium", legato=0.85),
        Part("arp", "glockenspiel", "melody_answer", gain_db=-2, pan=0.35, reverb=0.25,
             low=76, high=93, sections="A", density="sparse", legato=0.6),
    ),
    drum_kit="acoustic", reverb_s=1.3, energy=0.55,
))

_add(GenreStyle(
    name="cinematic",
    keywords=_kw("cinematic:3, film:2, movie:2, score:1.5, dramatic:2.5, drama:2, inspiring:1.5,"
                 "inspirational:1.5, documentary:2, soundtrack:2, build up:1.5, hopeful:1.5,"
                 "majestic:2, landscape:1.5, nature:1, journey:1.5, epic cinematic:2,"
                 "emotional:1, rising:1"),
    mood="dramatic", tempo_bpm=90, mode="minor", tonics=(C, D, E, G, A),
    progressions={"minor": (("i", "VI", "iv", "V"), ("i", "VI", "VII", "i"),
                            ("VI", "VII", "i", "i")),
                  "major": (("I", "V", "vi", "IV"), ("vi", "IV", "I", "V"),
                            ("I", "iii", "IV", "V"))},
    parts=(
        Part("drums", "", "kit", reverb=0.35, sections="Be"),
        Part("bass", "strings", "sustain_root", gain_db=-1, reverb=0.3, low=31, high=50),
        # An orchestra, not a band: the ostinato is bowed (it was a piano).
        Part("chords", "staccato strings", "ostinato8", pan=-0.2, reverb=0.3, low=57,
             high=79),
        Part("pad", "strings", "sustain", reverb=0.4, low=50, high=72,
             sections="ABe"),
        Part("lead", "brass", "melody", pan=0.15, reverb=0.4, low=58, high=77,
             sections="B", density="sparse", legato=1.0),
    ),
    drum_kit="cinematic", reverb_s=2.4, energy=0.55, dynamic=True,
))

_add(GenreStyle(
    name="rock",
    keywords=_kw("rock:3, guitar riff:2.5, riff:2, punk:2.5, metal:2.5, grunge:2.5, driving:1.5,"
                 "garage:2, distorted:2, distortion:2, power chords:3, stadium:1.5, anthem:1.5,"
                 "band:1, electric guitar:2.5, hard:1, rebellious:2, biker:2"),
    mood="energetic", tempo_bpm=108, mode="minor", tonics=(E, A, D, G),
    progressions={"minor": (("i", "VI", "VII", "i"), ("i", "VII", "VI", "VII"),
                            ("i", "iv", "VI", "V")),
                  "major": (("I", "IV", "V", "IV"), ("I", "V", "vi", "IV"),
                            ("I", "bVII", "IV", "I"))},
    parts=(
        # A band in a room: the drums sit under ringing power chords (at 128 bpm, with
        # 8th-note chugs, bass 8ths and a dry kit on top, the tagger heard techno).
        Part("drums", "", "kit", gain_db=-3, reverb=0.45, sections="ABe"),
        Part("bass", "electric bass", "rock4", reverb=0.0, low=28, high=45,
             sections="ABe"),
        Part("chords", "electric guitar", "power2", gain_db=8, pan=-0.35, reverb=0.1,
             low=40, high=64),
        # A lead guitar, not a synth: a synth lead over the kit reads as electronic dance.
        Part("lead", "electric guitar", "melody", gain_db=-1, pan=0.3, reverb=0.2, low=59,
             high=79, sections="B", density="medium", legato=0.95),
    ),
    drum_kit="rock", reverb_s=0.9, energy=0.85, humanize_s=0.007,
))

DEFAULT_STYLE = "cinematic"
RHYTHMIC_STYLES = tuple(name for name, s in STYLES.items() if s.rhythmic)
