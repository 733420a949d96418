"""The offline planner: a sensible script from the prompt alone, with no LLM.

It reads scene words (rain, cafe, forest, news, ...) and role words (couple, grandpa,
detective, ...) from the prompt, and writes a narrator introducing the scene, a short
dialogue between two cast characters templated from the scene, ambience beds spanning the
scene, background music matching the mood and an occasional foreground effect. The length
follows the target duration. Everything is deterministic: the same prompt gives the same
script.

It also performs a few simple edits without an LLM: ``add <sound>``, ``remove <id or
word>``, ``make the <music|speech|...> quieter/louder``; anything else raises
`PlanningError` saying an LLM is needed.

Example:
    >>> s = plan_offline("A couple dating in a rainy cafe")
    >>> sorted({e.type for e in s.elements})
    ['music', 'sound_effect', 'speech']
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from wavjourney.constants import (
    DEFAULT_MUSIC_BACKGROUND_LUFS,
    DEFAULT_SFX_BACKGROUND_LUFS,
    MAX_TARGET_LUFS,
    MIN_TARGET_LUFS,
)
from wavjourney.exceptions import PlanningError
from wavjourney.script import AudioScript, parse_script
from wavjourney.tools.base import VoicePreset

DEFAULT_DURATION_S = 45.0
MIN_DURATION_S = 10.0
MAX_SPEECH_LINES = 400
# Speech-time estimate for sizing the script (the real length comes from the voices).
WORDS_PER_S = 2.6
LINE_OVERHEAD_S = 0.3
LINE_GAP_S = 0.3
EFFECT_DURATION_S = 3.0
EFFECT_SPACING_S = 20.0  # at most one foreground effect per this much speech
MUSIC_FADE_IN_S = 2.0
MUSIC_FADE_OUT_S = 3.0
AMBIENCE_FADE_S = 1.5
SECOND_AMBIENCE_OFFSET_DB = 3.0
MAX_AMBIENCES = 2
EDIT_STEP_DB = 6.0
EDIT_SMALL_STEP_DB = 3.0
EDIT_BIG_STEP_DB = 10.0
OFFLINE_LANGUAGE = "en"

Pair = tuple[str, str]


@dataclass(frozen=True)
class Scene:
    """A place or sound the prompt may mention.

    Args:
        name: short name ("rain").
        keywords: words (and simple stems) that select it.
        ambience: a background bed description, if it is a place or weather.
        effect: a foreground effect description, if it has a typical one-off sound.
        lines: dialogue pairs that mention the scene.
        effect_lines: a dialogue pair reacting to the effect.
    """

    name: str
    keywords: frozenset[str]
    ambience: str | None = None
    effect: str | None = None
    lines: tuple[Pair, ...] = ()
    effect_lines: Pair | None = None


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


SCENES: tuple[Scene, ...] = (
    Scene("rain", _words("rain rainy raining rainfall drizzle downpour storm stormy shower"),
          ambience="steady rain falling on a window and a roof",
          effect="a distant rumble of thunder",
          lines=(("Listen to that rain. It hasn't stopped all evening.",
                  "I don't mind. It makes everything feel slower, in a good way."),),
          effect_lines=("Did you hear that thunder?", "It sounds close. I'm glad we're inside.")),
    Scene("thunder", _words("thunder thunderstorm lightning"),
          effect="a loud thunderclap rolling away",
          effect_lines=("That one was close!", "Stay near me until the storm passes.")),
    Scene("cafe", _words("cafe café coffee coffeehouse coffeeshop espresso bistro latte"),
          ambience="a busy cafe: soft chatter, cups and spoons",
          effect="an espresso machine hissing and gurgling",
          lines=(("This place smells of fresh coffee.",
                  "It's my favourite cafe in town. The espresso here is the best."),),
          effect_lines=("Two more coffees are on the way.",
                        "Good. I'm not ready to leave yet.")),
    Scene("restaurant", _words("restaurant dinner kitchen diner bar pub"),
          ambience="a busy restaurant: people chatting indistinctly, cutlery on plates",
          effect="water poured into a glass",
          lines=(("Everything on this menu looks wonderful.",
                  "Let's share a few plates and try a little of everything."),),
          effect_lines=("There you go.", "Thank you. To many more evenings like this.")),
    Scene("ocean", _words("ocean sea beach waves wave shore seaside coast surf harbor harbour"),
          ambience="ocean waves breaking on a sandy beach",
          lines=(("The waves are so loud tonight.", "I could listen to the sea for hours."),)),
    Scene("forest", _words("forest woods wood jungle park garden trees meadow hike hiking"),
          ambience="birds singing in a quiet forest, leaves rustling in a light breeze",
          effect="footsteps walking on grass",
          lines=(("Listen to the birds.", "It's so peaceful out here among the trees."),),
          effect_lines=("Someone's coming.", "Just another hiker. Nothing to worry about.")),
    Scene("night", _words("night midnight camping camp tent summer"),
          ambience="crickets chirping on a warm summer night",
          effect="an owl hooting in the distance",
          lines=(("Look how many stars are out tonight.",
                  "Out here, away from the lights, you can see all of them."),)),
    Scene("fire", _words("fire campfire fireplace fireside hearth bonfire cabin"),
          ambience="a crackling campfire with popping wood",
          lines=(("Come closer to the fire, it's warm.",
                  "I love the sound of the wood crackling."),)),
    Scene("wind", _words("wind windy blizzard snow snowy mountain desert winter"),
          ambience="strong wind gusting and howling",
          lines=(("That wind is freezing.", "Pull your scarf tighter. We're almost there."),)),
    Scene("city", _words("city street streets downtown traffic town rooftop"),
          ambience="a city street: traffic passing, distant car horns",
          effect="a car horn honking twice",
          lines=(("This city never sleeps.",
                  "There's always somewhere to go, and someone to meet."),)),
    Scene("train", _words("train railway station subway metro platform"),
          ambience="a train rumbling steadily along the tracks",
          effect="a train whistle blowing in the distance",
          lines=(("How long until the next station?", "About an hour. We have time."),)),
    Scene("office", _words("office meeting workplace desk startup company"),
          ambience="a quiet office: keyboards typing, air conditioning hum",
          effect="a phone ringing on a desk",
          lines=(("Busy day at the office?", "Busy week, honestly. But it's going well."),)),
    Scene("crowd", _words("party crowd concert market festival stadium celebration"),
          ambience="a lively crowd murmuring and cheering in the distance",
          lines=(("It's so lively here tonight.", "Everyone came out for the celebration."),)),
    Scene("space", _words("space spaceship starship spacecraft astronaut planet galaxy "
                          "station orbit alien aliens"),
          ambience="the low hum of a spaceship engine room with soft electronic beeps",
          effect="a computer console beeping three times",
          lines=(("Look at all those stars.",
                  "Billions of them, and here we are among them."),),
          effect_lines=("What does that signal mean?", "Incoming message. Let me check.")),
    Scene("haunted", _words("haunted ghost ghosts horror creepy scary mansion castle "
                            "graveyard cemetery spooky"),
          ambience="wind howling around an old house at night",
          effect="a wooden door creaking slowly open",
          lines=(("Did you hear that? Something moved upstairs.",
                  "It's just the old house settling. I hope."),),
          effect_lines=("Who opened that door?", "Not me. I've been here the whole time.")),
    Scene("door", _words("door knock knocking visitor doorbell"),
          effect="three knocks on a wooden door",
          effect_lines=("Someone's at the door.", "At this hour? I'll go and see.")),
    Scene("dog", _words("dog dogs puppy bark barking"), effect="a dog barking",
          effect_lines=("Hey there, buddy!", "He likes you. He never barks at strangers like "
                        "that.")),
    Scene("cat", _words("cat cats kitten meow"), effect="a cat meowing",
          effect_lines=("Is that your cat?", "She wants her dinner. She always does.")),
    Scene("horse", _words("horse horses ride riding cowboy ranch"),
          effect="horse hooves galloping past",
          effect_lines=("Riders, coming this way!", "Get off the road, quickly.")),
    Scene("battle", _words("battle war fight sword swords knight knights army soldier "
                           "soldiers"),
          ambience="wind over an open battlefield",
          effect="horse hooves galloping past",
          lines=(("Hold the line! They're coming.", "We stand together, whatever happens."),)),
)

MOODS: tuple[tuple[str, frozenset[str]], ...] = (
    ("soft jazz in a cafe", _words("cafe café coffee date dating romantic romance couple "
                                   "love lovers bar restaurant dinner wine lounge jazz")),
    ("tense horror drone", _words("horror scary ghost ghosts haunted creepy dark monster "
                                  "zombie fear nightmare murder mystery detective crime "
                                  "suspense spooky graveyard cemetery")),
    ("uplifting newsroom music", _words("news newsroom broadcast report reporter anchor "
                                        "headline headlines announcement bulletin")),
    ("calm solo piano", _words("calm peaceful quiet memory memories grandpa grandma "
                               "grandfather grandmother bedtime reflective gentle "
                               "nostalgic")),
    ("lo-fi hip hop", _words("study studying chill lofi lo-fi relax relaxing homework "
                             "late")),
    ("epic orchestral battle", _words("battle war fight epic dragon hero heroes adventure "
                                      "knight knights army sword quest castle")),
    ("sad strings", _words("sad sadness funeral goodbye farewell loss breakup tears lonely "
                           "grief crying")),
    ("whimsical cartoon", _words("cartoon funny silly kids children magic fairy cat dog "
                                 "animal animals circus toy playful comedy puppy")),
    ("upbeat electronic", _words("space robot robots future futuristic sci-fi scifi tech "
                                 "technology game party dance club spaceship cyber neon")),
)
DEFAULT_MOOD = "calm solo piano"


@dataclass(frozen=True)
class RoleSet:
    """Two characters and how their conversation opens, goes on and closes."""

    keywords: frozenset[str]
    characters: tuple[tuple[str, str], tuple[str, str]]
    opening: Pair
    closing: Pair
    middle: tuple[Pair, ...] = ()


ROLE_SETS: tuple[RoleSet, ...] = (
    RoleSet(_words("couple date dating romantic romance lovers love anniversary honeymoon"),
            (("Tom", "a young man on a date, warm and a little nervous"),
             ("Anna", "a young woman on a date, cheerful and curious")),
            ("I'm really glad you said yes to tonight.",
             "Me too. I almost didn't come, but I'm happy I did."),
            ("Shall we stay a little longer?", "Just a little. Then you can walk me home."),
            (("Tell me something nobody else knows about you.",
              "When I was a kid, I wanted to be a lighthouse keeper."),
             ("You have a lovely laugh, you know.", "You keep making me use it."))),
    RoleSet(_words("news newsroom broadcast report reporter anchor headline headlines "
                   "bulletin"),
            (("News Anchor", "a formal male news anchor, adult"),
             ("Reporter", "a female field reporter, adult, energetic")),
            ("Good evening. We go live now to our reporter on the scene.",
             "Thank you. I'm here where the story is unfolding right now."),
            ("Thank you for that report.", "You're welcome. Back to you in the studio."),
            (("What are people telling you?",
              "Most say they have never seen anything like it."),
             ("And what happens next?", "Officials will share more details tomorrow morning."))),
    RoleSet(_words("grandpa grandfather grandma grandmother granny grandparent grandchild "
                   "grandson granddaughter"),
            (("Grandpa", "an old man, gentle storyteller"),
             ("Lily", "his little granddaughter, a curious girl")),
            ("Come and sit by me, little one. I have a story for you.",
             "Is it the one about when you were young?"),
            ("And that is how it happened, a long time ago.",
             "Will you tell me another one tomorrow, Grandpa?"),
            (("Were you scared?", "A little. But being brave means being scared and going on "
              "anyway."),)),
    RoleSet(_words("detective mystery crime murder police suspect investigation witness"),
            (("Detective", "a gruff middle-aged male detective"),
             ("Witness", "a nervous young woman")),
            ("Where were you at eight o'clock last night?",
             "At home. I swear I didn't see anything."),
            ("If you remember anything else, call me.", "I will, detective. I promise."),
            (("Then why was your car outside the building?",
              "I lent it to a friend. I can give you his name."),)),
    RoleSet(_words("space spaceship starship astronaut astronauts planet galaxy orbit alien "
                   "aliens"),
            (("Captain", "a calm female spaceship captain"),
             ("Robot", "the ship's robot assistant, a synthetic voice")),
            ("Status report, please.", "All systems are normal, Captain. We are on course."),
            ("Set a course for home.", "Course set. Engaging now."),
            (("How long until we reach the planet?", "Three hours and twelve minutes, Captain."),)),
    RoleSet(_words("robot robots android ai machine"),
            (("Robot", "a friendly robot, synthetic voice"),
             ("Maya", "a young woman engineer")),
            ("Good morning. All my circuits are ready to help.",
             "Good morning. Let's see what you learned overnight."),
            ("Shall I switch to rest mode now?", "Yes. You've earned it."),
            (("Why do humans laugh?", "Because sometimes the world surprises us, in a good "
              "way."),)),
    RoleSet(_words("doctor hospital nurse patient clinic"),
            (("Doctor", "a calm female doctor"), ("Patient", "an elderly man, patient")),
            ("How are you feeling today?", "Better than yesterday, doctor."),
            ("Rest now. I'll come back this evening.", "Thank you, doctor."),
            (("Any pain when you breathe?", "Only a little, when I climb the stairs."),)),
    RoleSet(_words("teacher school class classroom lesson student students pupil"),
            (("Teacher", "a warm female teacher"), ("Max", "a curious little boy, student")),
            ("Good morning, class. Who can tell me what we learned yesterday?",
             "Me! We learned why the sky is blue."),
            ("Well done. That's all for today.", "Can we do this again tomorrow?"),
            (("And why is that?", "Because the air scatters the blue light the most!"),)),
    RoleSet(_words("haunted ghost ghosts horror creepy scary spooky graveyard cemetery"),
            (("Sam", "a frightened young man"), ("Ella", "a brave young woman")),
            ("Are you sure this place is empty?",
             "That's what the sign says. Stay close to me."),
            ("Let's get out of here.", "Right behind you. Don't look back."),
            (("Did that door just close by itself?", "It was the wind. It must have been."),)),
    RoleSet(_words("knight knights dragon king queen kingdom quest battle war"),
            (("Knight", "a brave young man, a knight"), ("King", "an old king, wise")),
            ("Your Majesty, I have returned from the north.",
             "Rise, brave knight. What news do you bring?"),
            ("I will ride again at dawn.", "Go with my blessing."),
            (("The enemy gathers beyond the river.",
              "Then we must be ready before the winter."),)),
    RoleSet(_words("pirate pirates ship sailor sailors treasure island"),
            (("Captain", "a gruff old pirate captain, male"),
             ("Sailor", "a young female sailor")),
            ("Land ahoy! Do you see it, Captain?", "Aye. That's the island on the map."),
            ("Raise the anchor. We sail at sunrise.", "Aye aye, Captain."),
            (("Is the treasure really there?", "Only one way to find out."),)),
)
DEFAULT_ROLES = RoleSet(
    frozenset(),
    (("Alex", "a young man, friendly"), ("Mia", "a young woman, thoughtful")),
    ("It's good to see you again.", "It's been too long. I'm glad we finally made time."),
    ("Let's do this again soon.", "Definitely. Next time, it's my treat."),
)
GENERIC_PAIRS: tuple[Pair, ...] = (
    ("Do you ever think about how fast time goes?",
     "All the time. That's why I try to enjoy moments like this."),
    ("What was the best part of your week?", "Honestly? This. Right now."),
    ("It's funny how we ended up here.", "Funny, but I wouldn't change a thing."),
    ("What do you think happens next?", "I don't know. But I'm curious to find out."),
    ("Can I ask you something?", "Of course. Anything."),
    ("I didn't expect today to turn out like this.", "Neither did I. Isn't that the best part?"),
    ("Remember the first time we came here?", "How could I forget? Everything was new."),
    ("Are you warm enough?", "I'm fine, thank you. This is perfect."),
)
NARRATOR = ("Narrator", "a calm storyteller, adult narrator")
_LEADING = re.compile(
    r"^(?:please\s+)?(?:(?:generate|create|make|write|produce|compose|give me|tell)\s+)?"
    r"(?:(?:a|an|the)\s+(?:(?:short|little|brief|long)\s+)?"
    r"(?:audio|story|scene|drama|play|podcast|piece|sketch|soundscape|radio play)\s+"
    r"(?:about|of|with|where|in which)\s+)?", re.IGNORECASE)
_LOCATION = re.compile(r"\b((?:in|at|on|inside|near|by|aboard)\s+(?:the|a|an|an old|my|our)\s+"
                       r"[a-z][a-z' -]*)$", re.IGNORECASE)


# Planning -----------------------------------------------------------------------------------
def plan_offline(prompt: str, *, voices: Sequence[VoicePreset] = (),
                 duration_s: float | None = None, language: str = "en") -> AudioScript:
    """A script for `prompt` built from templates (no LLM).

    Args:
        prompt: what the piece is about.
        voices: voice presets to cast the characters with (none: left to the engine).
        duration_s: rough target length in seconds (default 45); longer means more lines.
        language: accepted for symmetry; the offline planner writes English.
    """
    from wavjourney.planner.casting import cast

    if not prompt or not prompt.strip():
        raise PlanningError("the prompt is empty: describe the audio piece you want")
    target_s = max(MIN_DURATION_S, float(duration_s or DEFAULT_DURATION_S))
    tokens = tokenize(prompt)
    scenes = [s for s in SCENES if s.keywords & tokens]
    roles = next((r for r in ROLE_SETS if r.keywords & tokens), DEFAULT_ROLES)
    extra_beds, extra_effects = _catalogue_sounds(tokens, scenes)
    (a_name, a_desc), (b_name, b_desc) = roles.characters

    elements: list[dict[str, Any]] = []
    counters: dict[str, int] = {}

    def add(kind: str, **fields: Any) -> str:
        counters[kind] = counters.get(kind, 0) + 1
        element_id = f"{kind}-{counters[kind]}"
        elements.append({"type": kind, "id": element_id, **fields})
        return element_id

    def say(character: str, text: str, gap_s: float = LINE_GAP_S) -> str:
        return add("speech", character=character, text=text, gap_s=gap_s)

    phrase = scene_phrase(prompt)
    intro = say(NARRATOR[0], _intro_line(phrase), gap_s=0.0)
    budget_s = target_s - _estimate(_outro_line(phrase)) - _pair_s(roles.closing)
    spent_s = _estimate(elements[0]["text"])
    first_line = say(a_name, roles.opening[0], gap_s=0.8)
    say(b_name, roles.opening[1])
    spent_s += _pair_s(roles.opening)
    since_effect_s = EFFECT_SPACING_S / 2  # the first effect may come early
    for effect, pair, reaction in _beats(scenes, roles, extra_effects):
        if spent_s >= budget_s or counters.get("speech", 0) >= MAX_SPEECH_LINES:
            break
        if effect and since_effect_s >= EFFECT_SPACING_S / 2:
            add("sound_effect", description=effect, duration_s=EFFECT_DURATION_S, gap_s=0.2)
            spent_s += EFFECT_DURATION_S
            since_effect_s = -EFFECT_SPACING_S / 2
        elif effect and reaction:
            continue  # no reaction to an effect that was left out
        if pair:
            say(a_name, pair[0])
            say(b_name, pair[1])
            spent_s += _pair_s(pair)
            since_effect_s += _pair_s(pair)
    say(a_name, roles.closing[0])
    last_line = say(b_name, roles.closing[1])
    outro = say(NARRATOR[0], _outro_line(phrase), gap_s=0.8)

    beds = [s.ambience for s in scenes if s.ambience] + extra_beds
    for k, description in enumerate(beds[:MAX_AMBIENCES]):
        add("sound_effect", layer="background", description=description,
            start_at=first_line, end_at=last_line,
            target_lufs=DEFAULT_SFX_BACKGROUND_LUFS - k * SECOND_AMBIENCE_OFFSET_DB,
            fade_in_s=AMBIENCE_FADE_S, fade_out_s=AMBIENCE_FADE_S)
    add("music", layer="background", description=music_mood(tokens), start_at=intro,
        end_at=outro, target_lufs=DEFAULT_MUSIC_BACKGROUND_LUFS,
        fade_in_s=MUSIC_FADE_IN_S, fade_out_s=MUSIC_FADE_OUT_S)

    script = parse_script({
        "title": _title(prompt),
        "language": OFFLINE_LANGUAGE,
        "characters": [{"name": n, "description": d}
                       for n, d in (NARRATOR, (a_name, a_desc), (b_name, b_desc))],
        "elements": _background_last(elements),
    })
    return cast(script, voices)


def tokenize(text: str) -> frozenset[str]:
    """Lower-case words of `text` plus simple stems ("rainy" → "rain", "barking" → "bark")."""
    words = re.findall(r"[a-zà-ÿ]+(?:-[a-z]+)?", text.lower())
    out = set(words)
    for w in words:
        for suffix in ("ies", "ing", "es", "s", "y"):
            if w.endswith(suffix) and len(w) - len(suffix) >= 3:
                out.add(w[: -len(suffix)])
    return frozenset(out)


def music_mood(tokens: frozenset[str]) -> str:
    """The music description whose mood words the prompt mentions most (first wins ties)."""
    best, best_hits = DEFAULT_MOOD, 0
    for description, keywords in MOODS:
        hits = len(keywords & tokens)
        if hits > best_hits:
            best, best_hits = description, hits
    return best


def scene_phrase(prompt: str) -> str:
    """The prompt as a noun phrase: "Generate a story about a couple ..." → "a couple ..."."""
    text = " ".join(prompt.strip().rstrip(".!?").split())
    rest = _LEADING.sub("", text, count=1) or text
    if len(rest) > 1 and not rest[1].isupper():
        rest = rest[0].lower() + rest[1:]
    return rest


def _intro_line(phrase: str) -> str:
    return f"Picture this: {phrase}."


def _outro_line(phrase: str) -> str:
    match = _LOCATION.search(phrase)
    if match:
        return f"And so, {match.group(1)}, our story comes to a quiet end."
    return "And so our story comes to a quiet end."


def _title(prompt: str) -> str:
    text = " ".join(prompt.split()).rstrip(".")
    return (text[:1].upper() + text[1:])[:80]


def _estimate(text: str) -> float:
    return len(text.split()) / WORDS_PER_S + LINE_OVERHEAD_S + LINE_GAP_S


def _pair_s(pair: Pair) -> float:
    return _estimate(pair[0]) + _estimate(pair[1])


def _beats(scenes: Sequence[Scene], roles: RoleSet, extra_effects: Sequence[str]
           ) -> Iterator[tuple[str | None, Pair | None, bool]]:
    """(effect or None, dialogue pair or None, the pair reacts to the effect) in order;
    cycles the general pairs (with the scene's effects now and then) forever."""
    scene_lines = [(None, pair, False) for s in scenes for pair in s.lines]
    reactions = [(s.effect, s.effect_lines, True) for s in scenes if s.effect]
    reactions += [(e, None, True) for e in extra_effects]
    # Interleave: a scene line, then an effect with its reaction, ...
    for k in range(max(len(scene_lines), len(reactions))):
        if k < len(scene_lines):
            yield scene_lines[k]
        if k < len(reactions):
            yield reactions[k]
    for pair in roles.middle:
        yield None, pair, False
    effects = [e for e, _, _ in reactions]
    k = 0
    while True:
        for pair in GENERIC_PAIRS:
            yield (effects[(k // 2) % len(effects)] if effects and k % 2 else None), pair, False
            k += 1


def _background_last(elements: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return ([e for e in elements if e.get("layer", "foreground") == "foreground"]
            + [e for e in elements if e.get("layer") == "background"])


def _catalogue_sounds(tokens: frozenset[str], scenes: Sequence[Scene]
                      ) -> tuple[list[str], list[str]]:
    """Ambiences and effects from the offline sound catalogue that the prompt names and the
    scene table does not already cover."""
    covered = set().union(*(s.keywords for s in scenes)) if scenes else set()
    beds: list[str] = []
    effects: list[str] = []
    for category in sound_categories():
        if category.named_in(tokens) and not set(category.parts) & covered:
            (beds if category.is_ambience else effects).append(category.phrase)
    return beds, effects


_AMBIENCE_HINTS = _words("bed ambience ambient babble chatter traffic tone birdsong surf brook "
                         "creek chirping croaking waves")


@dataclass(frozen=True)
class SoundCategory:
    """A sound the offline sound-effect tool knows (from its catalogue)."""

    name: str
    description: str

    @property
    def parts(self) -> tuple[str, ...]:
        return tuple(self.name.lower().split("_"))

    def named_in(self, tokens: frozenset[str]) -> bool:
        """Every word of the name is in `tokens` ("dog_bark" needs "dog" and "bark")."""
        return all(part in tokens for part in self.parts)

    @property
    def is_ambience(self) -> bool:
        return bool(tokenize(self.description) & _AMBIENCE_HINTS)

    @property
    def phrase(self) -> str:
        """The description's head, usable as an element description."""
        head = re.split(r"[;(:]", self.description, maxsplit=1)[0].strip()
        return head or self.name.replace("_", " ")


def sound_categories() -> list[SoundCategory]:
    """The offline sound catalogue (``categories()`` of the offline sfx tool), or [] while it
    is not installed."""
    try:
        from wavjourney.tools.offline.sfx import categories
    except ImportError:
        return []
    try:
        listing = categories()
    except Exception:  # a broken catalogue must not stop planning
        return []
    items = listing.items() if isinstance(listing, dict) else listing
    return [SoundCategory(str(name), str(description)) for name, description in items]


# Editing ------------------------------------------------------------------------------------
_SPLIT = re.compile(r"\s*(?:;|,|\band then\b|\bthen\b|\band also\b|\balso\b|\band\b)\s*")
_LOUDNESS = (
    re.compile(r"^(?:make|turn|set|bring|have)\s+(?:the\s+|all\s+)?(?P<target>.+?)\s+"
               r"(?P<amount>a\s+(?:bit|little)\s+|a\s+lot\s+|much\s+|way\s+|slightly\s+|even\s+)?"
               r"(?P<dir>quieter|softer|lower|louder|stronger|higher)\b.*$"),
    re.compile(r"^(?:turn|bring)\s+(?P<dir>down|up)\s+(?:the\s+)?(?P<target>.+?)"
               r"(?P<amount>\s+a\s+(?:bit|little)|\s+a\s+lot)?$"),
    re.compile(r"^(?:turn|bring)\s+(?:the\s+)?(?P<target>.+?)\s+(?P<dir>down|up)"
               r"(?P<amount>\s+a\s+(?:bit|little)|\s+a\s+lot)?$"),
    re.compile(r"^(?P<dir>lower|raise)\s+(?:the\s+)?(?P<target>.+?)(?:\s+volume)?"
               r"(?P<amount>\s+a\s+(?:bit|little)|\s+a\s+lot)?$"),
)
_ADD = re.compile(r"^(?:add|insert|include|put\s+in|put)\s+(?P<what>.+?)"
                  r"(?:\s+(?P<where>in the background|as (?:a )?background|to the background|"
                  r"at the (?:start|beginning|end)|in the middle))?$")
_REMOVE = re.compile(r"^(?:remove|delete|drop|cut|mute|get rid of|take out)\s+"
                     r"(?:the\s+|all\s+(?:the\s+)?|any\s+)?(?P<target>.+)$")
_ARTICLES = re.compile(r"^(?:some|a|an|the|more|another|few|a few)\s+")
_QUIETER = {"quieter", "softer", "lower", "down"}
_AMBIENT_WORDS = _words("ambience ambient background atmosphere bed")
# How to get an LLM, on the command line; the web app shows its Settings tab instead.
CONFIGURE_LLM_HINT = "configure an LLM (--llm, WAVJOURNEY_LLM or the config file)"
UNSUPPORTED_HINT = ("the offline planner understands only 'add <sound>', 'remove <id or word>' "
                    "and 'make the <music|speech|effects|word> quieter/louder'; "
                    f"{CONFIGURE_LLM_HINT} for other edits")


def edit_offline(script: AudioScript, instruction: str, *,
                 voices: Sequence[VoicePreset] = ()) -> AudioScript:
    """Apply a simple edit instruction without an LLM.

    Raises:
        PlanningError: the instruction is not one of the simple forms (the message says
            an LLM is needed), or it names nothing in the script.
    """
    from wavjourney.planner.casting import cast

    clauses = [c for c in _SPLIT.split(_clean(instruction)) if c]
    if not clauses:
        raise PlanningError(f"empty instruction; {UNSUPPORTED_HINT}")
    data = script.model_dump(mode="json", exclude_none=True)
    for clause in clauses:
        _apply(data, clause)
    edited = parse_script(data)
    return cast(edited, voices, previous={c.name: c.voice for c in script.characters
                                          if c.voice})


def _clean(text: str) -> str:
    text = " ".join(text.lower().replace("’", "'").split())
    text = re.sub(r"^(?:please|can you|could you|now)\s+", "", text)
    return text.rstrip(".!? ")


def _apply(data: dict[str, Any], clause: str) -> None:
    clause = re.sub(r"^(?:please|and|also|then)\s+", "", clause).strip()
    for pattern in _LOUDNESS:
        m = pattern.match(clause)
        if m:
            amount = (m.group("amount") or "").strip()
            step = (EDIT_SMALL_STEP_DB if amount in ("a bit", "a little", "slightly")
                    else EDIT_BIG_STEP_DB if amount in ("a lot", "much", "way") else EDIT_STEP_DB)
            sign = -1.0 if m.group("dir") in _QUIETER else 1.0
            for e in _select(data, m.group("target")):
                level = e.get("target_lufs", -23.0) + sign * step
                e["target_lufs"] = max(MIN_TARGET_LUFS, min(MAX_TARGET_LUFS, level))
            return
    m = _REMOVE.match(clause)
    if m:
        _remove(data, {e["id"] for e in _select(data, m.group("target"))})
        return
    m = _ADD.match(clause)
    if m:
        _add(data, m.group("what"), m.group("where") or "")
        return
    raise PlanningError(f"cannot apply {clause!r} without an LLM: {UNSUPPORTED_HINT}")


def _select(data: dict[str, Any], target: str) -> list[dict[str, Any]]:
    """Elements named by `target`: an id, a kind, a character, or a description word."""
    target = _ARTICLES.sub("", target.strip().strip("'\""))
    elements = data["elements"]
    by_id = [e for e in elements if e["id"].lower() == target]
    if by_id:
        return by_id
    words = tokenize(target)
    if words & _words("music song songs soundtrack score tune"):
        chosen = [e for e in elements if e["type"] == "music"]
    elif words & _words("speech voice voices dialogue dialog talking lines narration"):
        chosen = [e for e in elements if e["type"] == "speech"]
    elif words & _words("effect effects sfx"):
        chosen = [e for e in elements if e["type"] == "sound_effect"
                  and e.get("layer", "foreground") == "foreground"]
    elif words & _AMBIENT_WORDS:
        chosen = [e for e in elements if e["type"] == "sound_effect"
                  and e.get("layer") == "background"]
    else:
        names = {c["name"].lower() for c in data.get("characters", [])}
        chosen = [e for e in elements if e["type"] == "speech"
                  and e["character"].lower() in ({target} & names)]
        if not chosen:
            content = {w for w in words if len(w) >= 3} - _words("the and sound sounds noise")
            matches = [e for e in elements if e["type"] != "speech"
                       and content & tokenize(e["description"])]
            # "remove the cafe" means the cafe ambience, not "soft jazz in a cafe".
            chosen = [e for e in matches if e["type"] == "sound_effect"] or matches
    if not chosen:
        ids = ", ".join(e["id"] for e in elements)
        raise PlanningError(f"nothing in the script matches {target!r} (ids: {ids}); "
                            f"{UNSUPPORTED_HINT}")
    return chosen


def _remove(data: dict[str, Any], ids: set[str]) -> None:
    elements = data["elements"]
    foreground = [e["id"] for e in elements if e.get("layer", "foreground") == "foreground"]
    remaining = [i for i in foreground if i not in ids]
    if not remaining:
        raise PlanningError("that would remove every foreground element; a script needs at "
                            "least one")
    kept = []
    for e in elements:
        if e["id"] in ids:
            continue
        if e.get("layer") == "background":
            span = foreground[foreground.index(e["start_at"]):foreground.index(e["end_at"]) + 1]
            span = [i for i in span if i not in ids]
            if not span:
                continue  # everything it covered is gone
            e["start_at"], e["end_at"] = span[0], span[-1]
        kept.append(e)
    data["elements"] = kept


def _add(data: dict[str, Any], what: str, where: str) -> None:
    what = _ARTICLES.sub("", what.strip())
    what = re.sub(r"\s+(?:sound|sounds|noise|noises)$", "", what) or what
    words = tokenize(what)
    elements = data["elements"]
    foreground = [e for e in elements if e.get("layer", "foreground") == "foreground"]
    scene = next((s for s in SCENES if s.keywords & words), None)
    if words & _words("music song soundtrack tune score"):
        description = what if len(words) > 1 else music_mood(tokenize(data.get("title", "")))
        music = [e for e in elements if e["type"] == "music" and e.get("layer") == "background"]
        if music:  # one music at a time: restyle it
            music[0]["description"] = description
            return
        elements.append({"type": "music", "id": _next_id(elements, "music"),
                         "layer": "background", "description": description,
                         "start_at": foreground[0]["id"], "end_at": foreground[-1]["id"],
                         "target_lufs": DEFAULT_MUSIC_BACKGROUND_LUFS})
        return
    if scene is not None:
        # A place or weather (rain, cafe) is a bed; a one-off sound (thunder, dog) an effect.
        background = scene.ambience is not None or "background" in where
        named = not (words - scene.keywords - _AMBIENT_WORDS)
        description = ((scene.ambience if background else scene.effect) if named else None) or what
    else:
        category = next((c for c in sound_categories() if c.named_in(words)), None)
        background = ("background" in where or bool(words & _AMBIENT_WORDS)
                      or (category is not None and category.is_ambience))
        description = what
    element_id = _next_id(elements, "sound_effect")
    if background:
        beds = [e for e in elements if e["type"] == "sound_effect"
                and e.get("layer") == "background"]
        elements.append({"type": "sound_effect", "id": element_id, "layer": "background",
                         "description": description, "start_at": foreground[0]["id"],
                         "end_at": foreground[-1]["id"],
                         "target_lufs": DEFAULT_SFX_BACKGROUND_LUFS
                         - (SECOND_AMBIENCE_OFFSET_DB if beds else 0.0),
                         "fade_in_s": AMBIENCE_FADE_S, "fade_out_s": AMBIENCE_FADE_S})
        return
    new = {"type": "sound_effect", "id": element_id, "description": description,
           "duration_s": EFFECT_DURATION_S, "gap_s": 0.2}
    if "start" in where or "beginning" in where:
        anchor = elements.index(foreground[0])
    elif "end" in where:
        anchor = elements.index(foreground[-1]) + 1
    else:
        anchor = elements.index(foreground[len(foreground) // 2])
    if anchor == elements.index(foreground[0]):
        new["gap_s"] = 0.0
        _retarget(elements, foreground[0]["id"], element_id, "start_at")
    elif anchor > elements.index(foreground[-1]):
        _retarget(elements, foreground[-1]["id"], element_id, "end_at")
    elements.insert(anchor, new)


def _retarget(elements: list[dict[str, Any]], old: str, new: str, field: str) -> None:
    """Background beds that began (ended) at the old edge now cover the new element too."""
    for e in elements:
        if e.get("layer") == "background" and e.get(field) == old:
            e[field] = new


def _next_id(elements: list[dict[str, Any]], kind: str) -> str:
    taken = {e["id"] for e in elements}
    n = sum(1 for e in elements if e["type"] == kind) + 1
    while f"{kind}-{n}" in taken:
        n += 1
    return f"{kind}-{n}"
