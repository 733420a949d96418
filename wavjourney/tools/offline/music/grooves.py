"""Drum grooves per genre: A / B section patterns, fills at section ends, the final hit.

A groove line is ``"voice": "X...x...X...x..."``: one character per 16th, the character is
the velocity (``X`` accent, ``x`` normal, ``o`` soft, ``-`` ghost, ``.`` rest). A voice is
an instrument name, optionally with a pitch (``"tom:50"``) or ``"timpani:tonic"``; a
recorded kit's drums are ``"<kit> <drum>"`` (``"jazz ride"``, ``"room tom:45"``: the
General MIDI key), synthesised ones have bare names (``"kick"``, ``"clap"``). A fill
replaces the second half of the section's last bar.
"""

from __future__ import annotations

from wavjourney.tools.offline.music.events import ArrangeContext
from wavjourney.tools.offline.music.form import STEPS_PER_BAR, Bar
from wavjourney.tools.offline.music.instruments import GM_KITS
from wavjourney.tools.offline.music.parts import HIT_VELOCITY
from wavjourney.tools.offline.music.styles import ENDING, INTRO, SECTION_B, Part
from wavjourney.tools.offline.music.theory import nearest_pitch

FILL_FROM_STEP = 8
DRUM_GATE_S = 0.1  # drums ignore the gate; a constant keeps them cached
DEFAULT_DRUM_MIDI = 60
# Voices held over the rest of the bar (the others are hits).
SWELLS = ("riser", "tremolo strings")
DRUM_HUMANIZE = 0.5  # drummers are steadier than the style's other players
VOICE_PAN = {"hi-hat": 0.25, "open hi-hat": 0.25, "ride": -0.25, "shaker": 0.35,
             "crash": -0.2, "acoustic crash": -0.2,
             "acoustic hi-hat": 0.25, "rim": 0.1, "woodblock": -0.3}
TOM_PANS = {45: 0.3, 50: 0.0, 55: -0.3}

Groove = dict[str, str]

GROOVES: dict[str, dict[str, Groove]] = {
    "newsroom": {
        "A": {"room kick": "X...x...X...x...", "room snare": "....X.......X...",
              "room hi-hat": "x-o-x-o-x-o-x-o-"},
        "B": {"room kick": "X...X...X...X.x.", "room snare": "....X.......X...",
              "room hi-hat": "x-x-x-x-x-x-x-x-", "room open hi-hat": "..............o."},
        "fill": {"room kick": "X.......X.......", "room snare": "........x.x.xxXX",
                 "room tom:50": "........x.x.....", "room hi-hat": "x-o-x-o-........"},
        "end": {"room kick": "X...............", "room crash": "X..............."},
    },
    "jazz": {
        "A": {"jazz ride": "o...x.-.o...x.-.", "jazz pedal hi-hat": "....x.......x...",
              "jazz kick": "o.......o.......", "jazz snare": "....o.-.....o.-."},
        "B": {"jazz ride": "o...x.-.o...x.-.", "jazz pedal hi-hat": "....x.......x...",
              "jazz kick": "o.......-.....-.", "jazz snare": "..-...-...-.-.-."},
        "fill": {"jazz ride": "x...X.o.........", "jazz snare": "........o.-.o.x.",
                 "jazz kick": "o.............o."},
        "end": {"jazz ride": "X...............", "jazz kick": "o..............."},
    },
    "lofi": {
        "A": {"soft kick": "X.......X.o.....", "lofi snare": "....X.......X...",
              "hi-hat": "x.-.x.-.x.-.x.o-"},
        "B": {"soft kick": "X......-X.o.....", "lofi snare": "....X.......X..-",
              "hi-hat": "x.-.x.o-x.-.x.o-", "shaker": "..-...-...-...-."},
        "fill": {"soft kick": "X.......X.X.....", "lofi snare": "....X.......X.x.",
                 "hi-hat": "x.o.x.o.x......."},
        "end": {"soft kick": "X..............."},
    },
    "epic": {
        # Big-drum phrases, not a drum on every beat (four on the floor read as techno).
        "A": {"melodic tom:38": "X.....x...X.....", "melodic tom:45": "..........x.x...",
              "orchestra snare": "........X......."},
        "B": {"melodic tom:38": "X..x..x...X.x...", "melodic tom:45": "X.......X.......",
              "orchestra snare": "....X.......X...", "orchestra tom:50": "..............x."},
        "fill": {"melodic tom:38": "X.......X...X...", "orchestra snare": "........xxxxXXXX",
                 "orchestra tom:50": "........X.x.X.x."},
        "end": {"melodic tom:38": "X...............", "orchestra crash": "X...............",
                "timpani:tonic": "X..............."},
    },
    "electronic": {
        "A": {"kick": "X...X...X...X...", "clap": "....X.......X...",
              "hi-hat": "o-.-o-.-o-.-o-.-", "open hi-hat": "..o...o...o...o."},
        "B": {"kick": "X...X...X...X...", "clap": "....X.......X...",
              "hi-hat": "o-o-o-o-o-o-o-o-", "open hi-hat": "..o...o...o...o.",
              "snare": "...........-...."},
        "fill": {"kick": "X...X...X...X...", "snare": "........x.x.xxxx",
                 "riser": "X...............", "hi-hat": "o-.-o-.-........"},
        "end": {"kick": "X...............", "crash": "X..............."},
    },
    "cartoon": {
        # A pit drummer: bass drum on 1 and 3, woodblock tick-tock, a light snare on the
        # backbeat in B (a 16th-note shaker over a steady kick read as a drum machine).
        "A": {"room kick": "X.......X.......", "room woodblock:76": "x.......x.......",
              "room woodblock:77": "....x.......x..."},
        "B": {"room kick": "X.......X.......", "room woodblock:76": "x.......x.......",
              "room woodblock:77": "....x.......x...", "jazz snare": "....o.......o..."},
        "fill": {"room kick": "X.......X.......", "room woodblock:76": "........x.x.x...",
                 "room woodblock:77": ".........x.x.x..", "jazz snare": "..............x."},
        "end": {"room kick": "X...............", "room crash": "o..............."},
    },

    "acoustic": {
        "A": {"room kick": "X.......X.o.....", "room side stick": "....X.......X...",
              "room shaker": "x-o-x-o-x-o-x-o-"},
        "B": {"room kick": "X.......X.o.....", "room snare": "....X.......X...",
              "room shaker": "x-o-x-o-x-o-x-o-", "room hi-hat": "x.o.x.o.x.o.x.o."},
        "fill": {"room kick": "X.......X.......", "room snare": "..........x.x.XX",
                 "room tom:45": "........x.......", "room shaker": "x-o-x-o-........"},
        "end": {"room kick": "X...............", "room crash": "o..............."},
    },
    "rock": {
        "A": {"power kick": "X.......X.o.....", "power snare": "....X.......X...",
              "power hi-hat": "x.o.x.o.x.o.x.o."},
        "B": {"power kick": "X.o.....X.o.....", "power snare": "....X.......X...",
              "power ride": "x.o.x.o.x.o.x.o.", "power open hi-hat": "......o.......o."},
        "fill": {"power kick": "X.......X.......", "power snare": "........x.x.x.XX",
                 "power tom:50": "........X.x.....", "power tom:45": "............X.x."},
        "end": {"power kick": "X...............", "power crash": "X..............."},
    },
    "mysterious": {
        "A": {"room side stick": "....x.......x...", "room shaker": "x.o.x.o.x.o.x.o.",
              "room kick": "o.......o......."},
        "B": {"room side stick": "....x.......x..o", "room shaker": "x-o-x-o-x-o-x-o-",
              "room kick": "x.......x.......", "room tom:45": "..............o."},
        "fill": {"room side stick": "....x...........", "room tom:50": "........o...o.x.",
                 "room kick": "x.......x......."},
        "end": {"room kick": "o..............."},
    },
    "cinematic": {
        "A": {"timpani:tonic": "X.......X.......", "orchestra tom:45": "......o.......o."},
        "B": {"timpani:tonic": "X.......X.......", "melodic tom:40": "X...............",
              "orchestra tom:45": "......o.......o."},
        "fill": {"timpani:tonic": "X.......X...x.x.", "orchestra tom:50": "........o.o.x.x.",
                 "riser": "X..............."},
        "end": {"melodic tom:40": "X...............", "orchestra crash": "o...............",
                "timpani:tonic": "X..............."},
    },
    "horror": {
        # An orchestra's heartbeat: a low timpani, and a tremolo string swell into the
        # next section (a synthesised thump and noise swell read as electronic).
        "A": {"timpani:tonic": "X.......X......."},
        "B": {"timpani:tonic": "X.......X......."},
        "fill": {"timpani:tonic": "X.......X.......", "tremolo strings:tonic": "........X......."},
        "end": {"timpani:tonic": "X..............."},
    },

}


def _voice(ctx: ArrangeContext, name: str) -> tuple[str, float]:
    instrument, _, pitch = name.partition(":")
    if pitch == "tonic":
        return instrument, float(nearest_pitch(ctx.spec.key.tonic_pc, 41, 36, 48))
    return instrument, float(pitch) if pitch else float(DEFAULT_DRUM_MIDI)


def _voice_pan(instrument: str, midi: float) -> float:
    """Where a synthesised drum sits; a recorded kit ("room snare") places its own drums."""
    if instrument.partition(" ")[0] in GM_KITS:
        return 0.0
    if instrument == "tom":
        return TOM_PANS.get(int(midi), 0.0)
    return VOICE_PAN.get(instrument, 0.0)


def _bar_groove(kit: dict[str, Groove], bar: Bar, is_fill: bool) -> Groove:
    if bar.section == ENDING:
        return kit["end"]
    main = kit[SECTION_B] if bar.section == SECTION_B else kit["A"]
    if not is_fill:
        return main
    groove: Groove = {}
    for voice in sorted(set(main) | set(kit["fill"])):  # sorted: set order varies by process
        head = main.get(voice, "." * STEPS_PER_BAR)[:FILL_FROM_STEP]
        tail = kit["fill"].get(voice, "." * STEPS_PER_BAR)[FILL_FROM_STEP:]
        groove[voice] = head + tail
    return groove


def kit(ctx: ArrangeContext, part: Part, bars: list[Bar]) -> None:
    """Play the style's groove: A/B patterns, fills at section ends, crashes on arrivals."""
    style = ctx.spec.style
    if style.drum_kit is None:
        return
    grooves = GROOVES[style.drum_kit]
    # The kit's own crash (acoustic kits have theirs) marks arrivals.
    crash = next((v for g in grooves.values() for v in g if v.endswith("crash")), None)
    for bar in bars:
        if bar.section == INTRO:
            continue
        is_fill = bar.section_end and bar.section != ENDING and (
            bar.index + 1 < len(ctx.form.bars) or ctx.form.loop) and bar.phrase_pos >= 1
        groove = dict(_bar_groove(grooves, bar, is_fill))
        arrival = bar.section_start and bar.index > 0 and bar.section != ENDING
        if arrival and crash and ctx.spec.energy >= 0.3:
            groove[crash] = "o" + "." * (STEPS_PER_BAR - 1)
        for voice, line in groove.items():
            instrument, midi = _voice(ctx, voice)
            pan = _voice_pan(instrument, midi)
            for step, char in enumerate(line):
                if char not in HIT_VELOCITY:
                    continue
                t0 = ctx.form.time_s(bar, step)
                gate = (ctx.form.bar_s - step * ctx.form.step_s) if instrument in SWELLS \
                    else DRUM_GATE_S
                ctx.add(part, t0, gate, midi, HIT_VELOCITY[char], pan=pan,
                        instrument=instrument, humanize=DRUM_HUMANIZE)
