"""What an instruction asks for, read offline: element kinds, tasks, language, constraints.

Word lists, not a model: they cover the requests people actually make of an audio tool
("narrate it in Japanese", "a dog barking far away", "the same melody but orchestral", "a
two-hour audiobook on my laptop", "for commercial use") and recognise the ones no tool here
can serve (pictures, transcription, separating stems ...), so the selector can say
``unknown`` with a reason instead of guessing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from wavjourney.selection.attachments import AudioFacts

VOICE_CLONING = "voice-cloning"
MELODY_MUSIC = "melody-conditioned-music"
BASE_TASKS = {"speech": "text-to-speech", "music": "text-to-music",
              "sound_effect": "text-to-audio"}
LONG_REQUEST_S = 20 * 60.0   # "long" work: speed on the user's hardware starts to matter

# Requests no audio tool serves: (pattern, reason). Checked before anything else, but a
# request that also asks for audio ("music that fits this photo") is not unknown.
UNSUPPORTED: tuple[tuple[str, str], ...] = (
    (r"\b(transcri\w*|speech[- ]to[- ]text|write down what|what (?:does|did) (?:he|she|it|"
     r"they) say|caption(?:s)? (?:for|from) (?:this|the) (?:recording|audio)|subtitle\w* "
     r"(?:for|from) (?:this|the) (?:recording|audio|video))",
     "transcribing audio to text is speech recognition; no tool here listens to speech"),
    (r"\b(separat\w+|isolat\w+|extract\w*|remov\w+|strip\w*|split\w*) (?:the |out )?(?:vocals?|"
     r"voice|drums|stems?|instruments?|background noise|noise)\b|\bkaraoke version\b|"
     r"\bstem separation\b",
     "separating or removing parts of an existing recording is source separation; the tools "
     "here only generate new audio"),
    (r"\b(denois\w*|de-nois\w*|clean up (?:this|the|my) (?:\w+ )?(?:recording|audio|voice)|"
     r"restore (?:this|the|my) (?:\w+ )?(?:recording|audio|tape)|remove (?:the )?(?:hiss|hum|"
     r"clicks))",
     "repairing a recording (denoising, restoration) is not generation; no tool here does it"),
    (r"\b(what song is this|identify (?:this|the) (?:song|track|bird|sound|speaker)|which "
     r"(?:song|bird|instrument|speaker) is (?:this|that)|recogni[sz]e (?:this|the) "
     r"(?:song|track|speaker|bird)|who is speaking|shazam)",
     "identifying what a recording contains is recognition; the tools here only generate"),
    (r"\b(sing|sings|singing|singer|sung|a cappella|lyrics|rap(?:s|ping)? (?:about|over|"
     r"the))\b",
     "no tool here sings: speech tools speak words, music tools make instrumental music"),
    (r"\b(translat\w+) (?:this|the|my) (?:text|document|email|sentence|letter|page)\b",
     "translating text is a language task; the tools here only make audio"),
    (r"\b(summari[sz]\w*|write (?:me )?(?:an? )?(?:poem|essay|email|story|article|code|"
     r"script for)|chat with me)\b",
     "writing or summarising text is a language task; the tools here only make audio"),
    (r"\b(change|shift|lower|raise|autotune|auto-tune) (?:the )?(?:pitch|key|tempo|speed) of "
     r"(?:my|this|the) (?:recording|song|track|voice|audio)|\bautotune\b",
     "editing an existing recording (pitch, tempo) is not generation; no tool here does it"),
    (r"\b(?:what(?:'s| is)|tell me|detect|measure|find) (?:the )?(?:bpm|tempo|key|loudness|"
     r"length) (?:of|in) |\bhow (?:loud|long|fast) is (?:this|the attached)\b|\banaly[sz]e\b",
     "analysing a recording is not generation; no tool here answers questions about audio"),
)
ANIMAL_SONG = re.compile(r"\b(birds?|whales?|crickets?|frogs?|cicadas?) (?:sing\w*)\b")
# Things that are not audio; asked for on their own they are unknown.
NON_AUDIO_OUTPUT = re.compile(
    r"\b(draw|paint|sketch|render|generate|make|create|design|produce|give me)\b[^.]*?\b("
    r"picture|image|photo\w*|drawing|painting|illustration|logo|icon|wallpaper|portrait|"
    r"poster|meme|3d model|video|animation|gif|cartoon|website|spreadsheet|pdf)s?\b")
NON_AUDIO_REASON = {
    "video": "no tool here makes video or animation; WavJourney makes audio (a soundtrack "
             "for a video is possible)",
}
DEFAULT_NON_AUDIO_REASON = ("WavJourney makes audio only; no tool here generates images or "
                            "other media")

KIND_WORDS: dict[str, tuple[str, ...]] = {
    "speech": (
        r"narrat\w*", r"read\w*", r"say\w*", r"said", r"speak\w*", r"spoken", r"speech",
        r"voice\w*", r"voice-?over", r"audiobook\w*", r"podcast\w*", r"dialog\w*",
        r"conversation", r"announc\w*", r"tts", r"tell\w*", r"stor(?:y|ies)", r"pronounc\w*",
        r"lines?", r"interview\w*", r"news ?(?:anchor|reader|bulletin|cast)", r"presenter",
        r"host", r"recit\w*", r"lecture", r"sermon", r"monologue", r"talk\w*", r"words?",
        r"sentences?", r"greeting", r"voicemail", r"ivr", r"phone menu", r"accent",
        r"characters?", r"radio drama", r"commentary", r"whisper\w*", r"shout\w*",
    ),
    "music": (
        r"music\w*", r"songs?", r"melod\w*", r"tunes?", r"beats?", r"soundtrack", r"score",
        r"jingle", r"theme", r"piano", r"guitar\w*", r"orchestr\w*", r"jazz\w*", r"rock",
        r"techno", r"lo-?fi", r"hip[- ]?hop", r"bpm", r"chords?", r"symphon\w*", r"drums?",
        r"bass ?line", r"instrumental", r"ballad", r"waltz", r"synth\w*", r"edm", r"ambient",
        r"classical", r"cinematic", r"violin", r"cello", r"strings", r"track", r"loop\w*",
        r"backing", r"intro music", r"outro", r"lullaby", r"march", r"funk\w*", r"reggae",
        r"country", r"folk", r"blues", r"disco", r"house", r"trance", r"dubstep", r"anthem",
        r"fanfare", r"hum(?:med|ming)?", r"whistl\w*", r"arrang\w*", r"remix\w*",
    ),
    "sound_effect": (
        r"sound effects?", r"sfx", r"foley", r"noises?", r"ambien(?:ce|t sound\w*)",
        r"soundscape", r"sounds? of", r"bark\w*", r"dogs?", r"cats?", r"meow\w*", r"rain\w*",
        r"thunder\w*", r"storm", r"footsteps?", r"doors?", r"explosion\w*", r"birds?",
        r"wind", r"waves?", r"ocean", r"traffic", r"crowd\w*", r"applause", r"clapping",
        r"engine\w*", r"gunshots?", r"knock\w*", r"creak\w*", r"sirens?", r"bells?",
        r"clock", r"ticking", r"typing", r"glass", r"splash\w*", r"fire", r"crackl\w*",
        r"whoosh", r"beep\w*", r"notification", r"alarm", r"horse\w*", r"cows?", r"crickets",
        r"frogs?", r"owls?", r"wolf|wolves", r"lion", r"roar\w*", r"helicopter", r"train",
        r"airplane|plane", r"car", r"horn", r"forest", r"jungle", r"city", r"street",
        r"kitchen", r"cafe", r"restaurant", r"stream|river|waterfall", r"heartbeat",
        r"breathing", r"laughter|laughing", r"keyboard", r"dripping|drip", r"kettle",
        r"punch\w*", r"sword\w*", r"spaceship|laser\w*", r"monster", r"zombie\w*", r"ui",
        r"click\w*", r"chimes?", r"buzz\w*", r"insects?", r"bees?", r"rumbl\w*", r"crash\w*",
    ),
}
# Words that would otherwise pull a request to the wrong kind ("voice of a dog" is a bark).
KIND_OVERRIDES = (
    (re.compile(r"\bsound effects?\b|\bsfx\b|\bfoley\b"), "sound_effect"),
    (re.compile(r"\b(?:background|theme|intro|outro) music\b|\bmusic bed\b"), "music"),
)

VOICE_CLONING_WORDS = re.compile(
    r"\b(?:in|with) (?:the|my|his|her|their|this|that) (?:own )?voice\b|\bmy (?:own )?voice\b|"
    r"\bclon\w*|\bsounds? like (?:me|him|her)\b|\bsame voice\b|"
    r"\bvoice (?:of|from|in) (?:the|this) (?:attached|recording|clip|sample|file)\b|"
    r"\bimpersonat\w*|\bvoice like (?:this|the|that)\b|\blike (?:this|the attached) "
    r"(?:recording|speaker|person|sample|voice)\b|\bmimic\w*|\bvoice sample\b")
MELODY_WORDS = re.compile(
    r"\b(?:this|that|same|the attached|my|the) (?:melody|tune|riff|motif|hook|humm\w*|"
    r"whistl\w*|theme|song|track|recording)\b|\bfollow\w* (?:the|this) (?:melody|tune)\b|"
    r"\b(?:re-?)?arrang\w*\b|\bremix\w*|\bcover of\b|\bbased on (?:this|the attached|my)\b|"
    r"\bhumm\w*|\bwhistl\w*|\bmelody (?:of|from)\b")
REFERS_TO_ATTACHMENT = re.compile(
    r"\b(?:this|attached|these|that|the attached|the recording|uploaded|my recording|"
    r"like it|like this)\b")

LANGUAGES = {
    "english": "en", "french": "fr", "german": "de", "spanish": "es", "italian": "it",
    "portuguese": "pt", "polish": "pl", "turkish": "tr", "russian": "ru", "dutch": "nl",
    "czech": "cs", "arabic": "ar", "chinese": "zh", "mandarin": "zh", "cantonese": "yue",
    "japanese": "ja", "hungarian": "hu", "korean": "ko", "hindi": "hi", "swedish": "sv",
    "norwegian": "nb", "danish": "da", "finnish": "fi", "greek": "el", "hebrew": "he",
    "vietnamese": "vi", "thai": "th", "indonesian": "id", "ukrainian": "uk", "welsh": "cy",
    "irish": "ga", "swahili": "sw", "romanian": "ro", "bengali": "bn", "tamil": "ta",
    "persian": "fa", "farsi": "fa", "catalan": "ca", "basque": "eu", "icelandic": "is",
    "latin": "la", "esperanto": "eo", "klingon": "tlh", "elvish": "qya",
}
LANGUAGE_ALIASES = {"zh": ("zh", "zh-cn", "cmn", "cmn-latn-pinyin"), "nb": ("nb", "no")}

CPU_WORDS = re.compile(
    r"\b(?:laptop|notebook|cpu|no gpu|without (?:a )?gpu|raspberry|old (?:pc|computer|"
    r"machine)|low[- ]memory|little memory|offline|without (?:the )?internet|on my (?:pc|"
    r"computer|machine|phone|mac)|small (?:machine|computer|server)|locally)\b")
FAST_WORDS = re.compile(
    r"\b(?:fast|quick\w*|realtime|real-time|real time|instant\w*|low latency|asap|"
    r"right now|in seconds|hundreds of|thousands of|batch of|lots of|many)\b")
COMMERCIAL_WORDS = re.compile(
    r"\b(?:commercial\w*|for (?:a |my )?clients?|sell\w*|monetis\w*|monetiz\w*|"
    r"advert\w*|(?:an? )?ads?\b|(?:tv|radio) spot|paid (?:product|app|game)|my business|"
    r"our (?:company|brand|product)|royalty[- ]free|brand\w*)")
QUALITY_WORDS = re.compile(
    r"\b(?:best|highest|high[- ]quality|realistic\w*|natural\w*|studio[- ]quality|"
    r"human[- ]like|lifelike|expressive|professional|broadcast|convincing)\b")
DURATION = re.compile(
    r"\b(\d+(?:\.\d+)?|a|an|one|two|three|four|five|ten|twenty|thirty|half an?)[- ]?"
    r"(hours?|hrs?|h|minutes?|mins?|seconds?|secs?|s)\b(?:[- ]long)?")
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
                "ten": 10, "twenty": 20, "thirty": 30, "half a": 0.5, "half an": 0.5}
UNIT_S = {"h": 3600.0, "hour": 3600.0, "hr": 3600.0, "minute": 60.0, "min": 60.0,
          "second": 1.0, "sec": 1.0, "s": 1.0}
LONG_FORM = re.compile(r"\b(?:audiobook|whole book|entire book|novel|hours? of)\b")
LONG_FORM_S = 3600.0


@dataclass
class Intent:
    """What an instruction asks for.

    Args:
        kinds: element kinds wanted, the main one first.
        tasks: tasks wanted beyond the plain ones (voice cloning, melody conditioning).
        language: spoken language asked for (None: not said).
        duration_s: length asked for (None: not said).
        wants_cpu: must run on ordinary hardware (a laptop, no GPU, offline).
        wants_fast: speed matters more than quality.
        wants_commercial: output will be used commercially (licence must allow it).
        wants_quality: quality matters most.
        unknown: why no audio tool serves the request (None: some might).
        categories: sound categories named (words), for per-category quality.
        notes: what was read from the attachments, for the reasons.
    """

    kinds: list[str] = field(default_factory=list)
    tasks: set[str] = field(default_factory=set)
    language: str | None = None
    duration_s: float | None = None
    wants_cpu: bool = False
    wants_fast: bool = False
    wants_commercial: bool = False
    wants_quality: bool = False
    unknown: str | None = None
    words: set[str] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)


def read_intent(instruction: str, audio: AudioFacts | None = None,
                has_image: bool = False) -> Intent:
    """Read what `instruction` (and its attachments) asks for.

    Args:
        instruction: the request, in English.
        audio: facts about an attached recording, if any.
        has_image: an image is attached (the offline reader cannot look at it).
    """
    text = " ".join(instruction.lower().split())
    intent = Intent(words=set(re.findall(r"[a-z]+", text)))
    intent.language = _language(text)
    intent.duration_s = _duration_s(text)
    intent.wants_cpu = bool(CPU_WORDS.search(text))
    intent.wants_fast = bool(FAST_WORDS.search(text))
    intent.wants_commercial = bool(COMMERCIAL_WORDS.search(text))
    intent.wants_quality = bool(QUALITY_WORDS.search(text))

    scores = _kind_scores(text)
    for pattern, kind in KIND_OVERRIDES:
        if pattern.search(text):
            scores[kind] = scores.get(kind, (0, 0))[0] + 5, -1
    # Birds and whales sing without lyrics: that is a sound effect, not a singer.
    text = ANIMAL_SONG.sub(r"\1 calling", text)
    for regex, reason in UNSUPPORTED:
        if re.search(regex, text):
            intent.unknown = reason
            return intent
    found = NON_AUDIO_OUTPUT.search(text)
    if found and not _asks_for_audio(text, scores):
        intent.unknown = NON_AUDIO_REASON.get(found.group(2).rstrip("s"),
                                              DEFAULT_NON_AUDIO_REASON)
        return intent

    refers = bool(REFERS_TO_ATTACHMENT.search(text))
    if VOICE_CLONING_WORDS.search(text) or (audio is not None and audio.content == "speech"
                                            and refers and "speech" in scores):
        intent.tasks.add(VOICE_CLONING)
        scores["speech"] = scores.get("speech", (0, 0))[0] + 3, -1
    if audio is not None and audio.content == "music" and (MELODY_WORDS.search(text)
                                                           or refers):
        intent.tasks.add(MELODY_MUSIC)
        scores["music"] = scores.get("music", (0, 0))[0] + 3, -1
    elif MELODY_WORDS.search(text) and "music" in scores and re.search(
            r"\b(?:melody|tune|humm\w*|whistl\w*|riff|motif)\b", text):
        intent.tasks.add(MELODY_MUSIC)
    if audio is not None:
        intent.notes.append(f"the attached recording is {audio.describe()}")
        if not scores:  # "make more like this": the recording says which kind
            kind = {"speech": "speech", "music": "music"}.get(audio.content, "sound_effect")
            scores[kind] = (1, 0)
            if kind == "speech":
                intent.tasks.add(VOICE_CLONING)
            elif kind == "music":
                intent.tasks.add(MELODY_MUSIC)
    if LONG_FORM.search(text) and intent.duration_s is None:
        intent.duration_s = LONG_FORM_S
    intent.kinds = [k for k, _ in sorted(scores.items(), key=lambda kv: (-kv[1][0], kv[1][1]))]
    if not intent.kinds:
        intent.unknown = ("the request asks for no speech, music or sound effects"
                          + ("; the offline selector cannot look at the image" if has_image
                             else ""))
    return intent


def _kind_scores(text: str) -> dict[str, tuple[int, int]]:
    """kind -> (number of its words in the text, position of the first)."""
    scores = {}
    for kind, words in KIND_WORDS.items():
        hits = [m.start() for w in words for m in re.finditer(rf"\b(?:{w})\b", text)]
        if hits:
            scores[kind] = (len(hits), min(hits))
    return scores


def _asks_for_audio(text: str, scores: dict[str, tuple[int, int]]) -> bool:
    """Whether a request that names a picture or video also asks for audio for it."""
    return bool(re.search(r"\b(?:music|sound\w*|audio|soundtrack|narrat\w*|voice\w*|"
                          r"jingle|song|sfx|ambien\w*|score)\b", text)) and bool(scores)


def _language(text: str) -> str | None:
    for name, code in LANGUAGES.items():
        if re.search(rf"\b{name}\b", text):
            return code
    return None


def _duration_s(text: str) -> float | None:
    longest = None
    for number, unit in DURATION.findall(text):
        value = NUMBER_WORDS.get(number)
        if value is None:
            try:
                value = float(number)
            except ValueError:
                continue
        unit = unit.rstrip("s") or "s"
        seconds = value * UNIT_S.get(unit, UNIT_S.get(unit[:3], 1.0))
        longest = seconds if longest is None else max(longest, seconds)
    return longest


def speaks(languages: tuple[str, ...], language: str) -> bool:
    """Whether a tool listing `languages` speaks `language` (``"zh"`` matches ``"zh-cn"``
    and ``"cmn"``; ``"pt"`` matches ``"pt-br"``)."""
    wanted = LANGUAGE_ALIASES.get(language, (language,))
    listed = {code.split("-")[0] for code in languages} | set(languages)
    return any(code in listed for code in wanted)
