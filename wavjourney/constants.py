"""Named defaults. Units are in the names."""

from typing import Final

DEFAULT_SAMPLE_RATE_HZ = 44_100
# Final keeps the literal type: AudioScript.channels is Literal[1, 2].
DEFAULT_CHANNELS: Final = 2

# Loudness conventions (BS.1770 integrated loudness).
MAX_TARGET_LUFS = 0.0
MIN_TARGET_LUFS = -70.0
DEFAULT_SPEECH_LUFS = -16.0
DEFAULT_MUSIC_FOREGROUND_LUFS = -18.0
DEFAULT_MUSIC_BACKGROUND_LUFS = -28.0
DEFAULT_SFX_FOREGROUND_LUFS = -20.0
DEFAULT_SFX_BACKGROUND_LUFS = -30.0

# Stem files of a bundle: format name -> (file suffix, sample format). Float is the default:
# levelled stems can peak above 0 dBFS (a -16 LUFS line with loud consonants), which PCM
# clips.
STEM_FORMATS = {"float": (".wav", "FLOAT"), "wav": (".wav", "PCM_24"),
                "flac": (".flac", "PCM_24")}
DEFAULT_STEM_FORMAT = "float"
NO_STEMS = "none"

# Master bus.
TRUE_PEAK_CEILING_DBTP = -1.0

# Durations.
MAX_ELEMENT_DURATION_S = 2 * 3600.0  # an explicit element longer than this is a typo
MAX_GAP_S = 60.0
# Background beds are generated once at this length (independent of the span they cover,
# so editing a speech line never regenerates the music) and looped with a crossfade.
BACKGROUND_BED_S = 30.0
LOOP_CROSSFADE_S = 1.0
TRIM_FADE_S = 0.05

# Ducking of background music under foreground speech.
DEFAULT_DUCK_DB = 8.0
DUCK_ATTACK_S = 0.15
DUCK_RELEASE_S = 0.5

# Loudness gating block of BS.1770.
LOUDNESS_BLOCK_S = 0.4
BACKGROUND_FADE_S = 0.5  # background beds fade in and out at least this much
BED_GAIN_STEP_DB = 0.2  # a bed's levelling gain is a multiple of this (within 0.1 dB)

# Disk: the clip cache is pruned to this size after every render (least recently used first).
DEFAULT_MAX_CACHE_BYTES = 2 * 2**30
