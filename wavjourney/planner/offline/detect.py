"""Reading a prompt: language, format, genre, speakers, names, length, setting, mood and subject.

Everything here is rules over words; `analyse` gathers it into a `Brief` the writer works
from.

Example:
    >>> b = analyse("A 30-second radio advert for a bakery called Crumbs")
    >>> b.format, b.duration_s, b.brand, b.language
    ('advert', 30.0, 'Crumbs', 'en')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from wavjourney.planner.offline.formats import (
    DEFAULT_FORMAT,
    DEFAULT_GENRE,
    FORMATS,
    FORMATS_BY_NAME,
    GENRES,
    Format,
)
from wavjourney.planner.offline.palettes import MOODS, SETTINGS, Mood, Setting

WRITTEN_LANGUAGES = ("en", "es", "fr", "de", "it", "pt")
WEATHER_SETTINGS = frozenset(("rain", "night", "snow"))
MAX_SETTINGS = 2
MAX_GROUP = 8  # speakers asked for by count ("twenty contestants" is capped)
MAX_KEY_WORDS = 4
STEM_MIN_LETTERS = 5  # a setting keyword this long also matches its inflections
_STEM_SUFFIXES = frozenset(("s", "es", "y", "ing", "ed", "er", "e", "n", "en"))

# Frequent short words per language; distinctive ones (only in one list) weigh double.
_STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset("the a an and of about with in on is for to who his her two three "
                    "story their where at by from into this that set".split()),
    "es": frozenset("el la los las un una de del sobre con y en que por para es cuento dos "
                    "tres su sus al historia niños noche".split()),
    "fr": frozenset("le la les un une des du de sur avec et en dans qui pour est histoire "
                    "deux trois au aux sa son ses".split()),
    "de": frozenset("der die das ein eine einen und mit über von im in für ist zwei drei "
                    "den dem des geschichte eines einer".split()),
    "it": frozenset("il lo la gli le un una di del della su con e in che per è storia due "
                    "tre nel nella sul sulla dei".split()),
    "pt": frozenset("o a os as um uma de do da sobre com e em que para é história dois "
                    "três no na dos das".split()),
}
_LETTER_HINTS: dict[str, str] = {"ñ": "es", "¿": "es", "¡": "es", "ã": "pt", "õ": "pt",
                                 "ß": "de", "ä": "de", "ö": "de", "ü": "de", "ì": "it",
                                 "ò": "it", "è": "it", "œ": "fr", "ê": "fr", "û": "fr"}
# Scripts that tell a language on their own (for the "I write English" note).
_SCRIPTS: tuple[tuple[str, str], ...] = (
    ("\u0400-\u04ff", "ru"), ("\u0370-\u03ff", "el"), ("\u0590-\u05ff", "he"),
    ("\u0600-\u06ff", "ar"), ("\u0900-\u097f", "hi"), ("\u3040-\u30ff", "ja"),
    ("\uac00-\ud7af", "ko"), ("\u4e00-\u9fff", "zh"), ("\u0e00-\u0e7f", "th"),
)
_OTHER_LATIN: dict[str, frozenset[str]] = {
    "nl": frozenset("het een de en van over met is voor verhaal twee".split()),
    "pl": frozenset("i w na z o jest się nie że historia dwóch".split()),
    "sv": frozenset("och en ett att det är om med för berättelse två".split()),
}

_NUMBERS: dict[str, int] = {
    "one": 1, "a": 1, "an": 1, "single": 1, "two": 2, "couple": 2, "pair": 2, "three": 3,
    "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "ninety": 90,
    "uno": 1, "una": 1, "un": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6,
    "siete": 7, "ocho": 8, "diez": 10, "quince": 15, "veinte": 20, "treinta": 30,
    "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7, "huit": 8,
    "dix": 10, "quinze": 15, "vingt": 20, "trente": 30, "soixante": 60,
    "ein": 1, "eine": 1, "einer": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5,
    "sechs": 6, "sieben": 7, "acht": 8, "zehn": 10, "fünfzehn": 15, "zwanzig": 20,
    "dreißig": 30, "sechzig": 60,
    "due": 2, "tre": 3, "quattro": 4, "cinque": 5, "sei": 6, "sette": 7, "otto": 8,
    "dieci": 10, "quindici": 15, "venti": 20, "trenta": 30,
    "um": 1, "uma": 1, "dois": 2, "duas": 2, "três": 3, "quatro": 4, "dez": 10,
    "vinte": 20, "trinta": 30,
}
_SECOND_UNITS = ("s", "sec", "secs", "second", "seconds", "segundo", "segundos", "seconde",
                 "secondes", "sekunde", "sekunden", "secondo", "secondi")
_MINUTE_UNITS = ("min", "mins", "minute", "minutes", "minuto", "minutos", "minuten", "minuti")
_HOUR_UNITS = ("h", "hour", "hours", "hora", "horas", "heure", "heures", "stunde", "stunden",
               "ora", "ore")
_NUMBER_WORDS = "|".join(sorted((re.escape(w) for w in _NUMBERS if len(w) > 1),
                                key=len, reverse=True))
_UNITS = "|".join(sorted(_SECOND_UNITS + _MINUTE_UNITS + _HOUR_UNITS, key=len, reverse=True))
_DURATION = re.compile(
    rf"(?<![\w-])(?P<num>\d+(?:[.,]\d+)?|(?:{_NUMBER_WORDS})(?:[- ](?:{_NUMBER_WORDS}))?)"
    rf"[- ]?(?P<unit>{_UNITS})\b(?P<half>\s+and\s+a\s+half)?", re.IGNORECASE)
_HALF_MINUTE = re.compile(r"\b(?:half a minute|medio minuto|une demi-minute|"
                          r"eine halbe minute|mezzo minuto|meio minuto)\b", re.IGNORECASE)
_A_MINUTE = re.compile(r"\b(?:a minute(?! and)|one minute)\b", re.IGNORECASE)

# People and creatures the prompt may cast: word → (kind in English, gender, age).
_PEOPLE: dict[str, tuple[str, str | None, str | None]] = {}
for _words, _kind, _gender, _age in (
    ("mother mom mum mummy madre mère mutter mãe", "mother", "female", "adult"),
    ("father dad daddy padre père vater pai", "father", "male", "adult"),
    ("son hijo fils sohn figlio filho", "son", "male", "child"),
    ("daughter hija fille tochter figlia filha", "daughter", "female", "child"),
    ("grandpa grandfather granddad abuelo grand-père opa nonno avô", "grandpa", "male",
     "elderly"),
    ("grandma grandmother granny abuela grand-mère oma nonna avó", "grandma", "female",
     "elderly"),
    ("boy niño garçon junge ragazzo menino", "boy", "male", "child"),
    ("girl niña fille mädchen ragazza menina", "girl", "female", "child"),
    ("detective detektiv détective detetive", "detective", "male", "adult"),
    ("dragon dragón drache drago dragão", "dragon", "male", None),
    ("cat gato chat katze gatto kitten", "cat", "female", None),
    ("dog perro chien hund cane cachorro cão puppy", "dog", "male", None),
    ("fox zorro renard fuchs volpe raposa", "fox", "male", None),
    ("owl búho hibou eule gufo coruja", "owl", "female", "elderly"),
    ("bear oso ours bär orso urso", "bear", "male", None),
    ("rabbit bunny conejo lapin hase coniglio coelho", "rabbit", "female", "young"),
    ("mouse ratón souris maus topo rato", "mouse", "female", "child"),
    ("robot robots android robô", "robot", None, None),
    ("astronaut astronauta astronaute", "astronaut", None, "adult"),
    ("captain capitán capitaine kapitän capitano capitão", "captain", "female", "adult"),
    ("king rey roi könig re rei", "king", "male", "elderly"),
    ("queen reina reine königin regina rainha", "queen", "female", "adult"),
    ("princess princesa princesse prinzessin principessa", "princess", "female", "young"),
    ("prince príncipe prinz principe", "prince", "male", "young"),
    ("knight caballero chevalier ritter cavaliere cavaleiro", "knight", "male", "young"),
    ("wizard mago sorcier zauberer", "wizard", "male", "elderly"),
    ("witch bruja sorcière hexe strega bruxa", "witch", "female", "elderly"),
    ("pirate pirata pirat", "pirate", "male", "adult"),
    ("ghost fantasma fantôme gespenst", "ghost", None, None),
    ("alien alienígena extraterrestre", "alien", None, None),
    ("doctor médico médecin arzt ärztin dottore", "doctor", "female", "adult"),
    ("nurse enfermera infirmière krankenschwester infermiera enfermeira", "nurse",
     "female", "young"),
    ("patient paciente patient patientin paziente", "patient", "male", "elderly"),
    ("teacher maestra professeur lehrer insegnante professora", "teacher", "female", "adult"),
    ("student estudiante étudiant schüler studente aluno", "student", None, "young"),
    ("chef cocinero cuisinier koch cuoco", "chef", "male", "adult"),
    ("farmer granjero fermier bauer contadino fazendeiro", "farmer", "male", "adult"),
    ("fisherman pescador pêcheur fischer pescatore", "fisherman", "male", "elderly"),
    ("keeper guardián gardien wärter guardiano", "keeper", "male", "elderly"),
    ("soldier soldado soldat soldato", "soldier", "male", "young"),
    ("scientist científica scientifique wissenschaftlerin scienziata cientista",
     "scientist", "female", "adult"),
    ("witness testigo témoin zeuge testimone testemunha", "witness", "female", "adult"),
    ("suspect sospechoso suspect verdächtiger sospettato suspeito", "suspect", None, None),
    ("husband esposo mari ehemann marito marido", "husband", "male", "adult"),
    ("wife esposa femme ehefrau moglie", "wife", "female", "adult"),
    ("man hombre homme mann uomo homem", "man", "male", "adult"),
    ("woman mujer femme frau donna mulher", "woman", "female", "adult"),
    ("friend amigo amiga ami amie freund freundin amico amica", "friend", None, "young"),
    ("sister hermana sœur schwester sorella irmã", "sister", "female", "young"),
    ("brother hermano frère bruder fratello irmão", "brother", "male", "young"),
    ("couple pareja", "couple", None, None),
    ("host hosts presentador animateur moderator conduttore apresentador", "host", None,
     "adult"),
    ("guest invitado invité gast ospite convidado", "guest", None, "adult"),
    ("contestant concursante candidat kandidat concorrente", "contestant", None, "young"),
    ("commentator comentarista commentateur kommentator telecronista", "commentator", None,
     "adult"),
):
    for _w in _words.split():
        _PEOPLE.setdefault(_w, (_kind, _gender, _age))
# Plurals the count pattern meets ("five suspects", "dos presentadores").
_PLURALS = {"es": "", "s": "", "en": "", "i": "o", "e": "a", "n": ""}
_NOT_PEOPLE = frozenset(_SECOND_UNITS + _MINUTE_UNITS + _HOUR_UNITS) | frozenset(
    "percent days years times weeks months nights chapters episodes questions rounds "
    "ways steps things words".split())
_NAME_STOP = frozenset(
    "I A An The In On At And Or But With About For Of To My Our Its It This That He She "
    "They We You Once Story Chapter Radio Podcast Monday Tuesday Wednesday Thursday Friday "
    "Saturday Sunday English Spanish French German Italian Portuguese Un Una Une Le La El "
    "Il Lo Der Die Das Ein Eine O Os As Um Uma Les Los Las Gli Mars Earth Moon".split())
_PLACE_PREPOSITIONS = frozenset(
    "in at to from near into through across a à en nach aus von di da em no na per".split())
_NAMED = re.compile(r"\b(?:named|called|llamad[oa]|appelée?|nommée?|namens|genannt|"
                    r"chiamat[oa]|chamad[oa])\s+(?P<name>[A-ZÀ-Ý][\w'-]+)")
_TEAMS = re.compile(r"\b(?P<a>[A-Z][\w]+(?:\s[A-Z][\w]+)?)\s+(?:vs\.?|versus|against|v|"
                    r"contra|contre|gegen)\s+(?P<b>[A-Z][\w]+(?:\s[A-Z][\w]+)?)")
_BETWEEN = re.compile(r"\bbetween\s+(?P<a>[A-Z][\w]+(?:\s[A-Z][\w]+)?)\s+and\s+"
                      r"(?P<b>[A-Z][\w]+(?:\s[A-Z][\w]+)?)")
# Words that introduce the subject, per language: strong ones ("about") win wherever they
# are; then the weak ones ("for", "of") in this order.
_SUBJECT_MARKERS: dict[str, tuple[str, ...]] = {
    "en": ("about", "on the topic of", "discussing", "covering", "exploring", "reviewing",
           "featuring", "makes", "making", "cooks", "bakes"),
    "es": ("sobre", "acerca de"),
    "fr": ("sur", "à propos de", "au sujet de"),
    "de": ("über",),
    "it": ("su", "sul", "sulla", "sullo"),
    "pt": ("sobre",),
}
_WEAK_MARKERS: dict[str, tuple[str, ...]] = {
    "en": ("on", "for", "of"), "es": ("para", "de"), "fr": ("pour", "de"),
    "de": ("für", "von"), "it": ("per", "di"), "pt": ("para", "de", "do", "da"),
}
# Where a subject phrase ends: a following clause about the cast, length or setting.
_SUBJECT_END = re.compile(
    r"(?:[,.;:!?]|\s(?:with|featuring|lasting|in\s+(?:english|spanish|french|german)|con|"
    r"avec|mit|com|told by|narrated by|hosted by|read by|between)\s|\s(?:for|of|in|de|"
    rf"en)\s+(?:about\s+)?(?:\d+|{_NUMBER_WORDS})[- ](?:{_UNITS})\b|$)", re.IGNORECASE)
# Where a head noun phrase ends (a relative clause, a place, a time).
_KEY_END = re.compile(r"\s(?:who|that|which|where|while|when|as|in|at|on|with|from|by|to|"
                      r"called|named|and|y|et|und|e|hits|finds|makes|tells|meets|opens|"
                      r"loses|wins|takes|gets|falls|goes|comes|is|are|was|has|que|qui|quien|der|die|das|che|dans|en|im|"
                      r"am|nel|"
                      r"nella|na|no|con|avec|mit|com|para|pour|für|per)\s", re.IGNORECASE)
_INDEFINITE_TO_DEFINITE: dict[str, dict[str, str]] = {
    "en": {"a": "the", "an": "the", "some": "the", "one": "the"},
    "es": {"un": "el", "una": "la", "unos": "los", "unas": "las"},
    "fr": {"un": "le", "une": "la", "des": "les"},
    "it": {"un": "il", "uno": "lo", "una": "la", "un'": "l'"},
    "pt": {"um": "o", "uma": "a", "uns": "os", "umas": "as"},
    "de": {},
}
_LEADING = re.compile(
    r"^(?:please\s+)?(?:(?:generate|create|make|write|produce|compose|give me|tell|i want|"
    r"record|escribe|crea|écris|crée|schreib|erstelle|scrivi|crea|escreva|crie)\s+(?:me\s+)?)?",
    re.IGNORECASE)


@dataclass(frozen=True)
class Speaker:
    """A speaker the prompt asks for.

    Args:
        kind: English noun ("host", "suspect", "mother"); "" for a bare name.
        gender, age: hints for casting, None when unknown.
        name: a name given in the prompt, or None.
        word: the word as written (for descriptions in the prompt's language).
    """

    kind: str
    gender: str | None = None
    age: str | None = None
    name: str | None = None
    word: str = ""


@dataclass
class Brief:
    """What the prompt asks for, as the offline planner understood it.

    Args:
        prompt: the prompt as given.
        language: the language to write in (one of WRITTEN_LANGUAGES).
        detected_language: what detection found ("en", "es", ... "ru", or "" unknown).
        format: a `formats.Format` name.
        genre: a story genre name, or "drama".
        duration_s: target length in seconds.
        duration_source: "argument", "prompt" or "default".
        speakers: the speakers asked for, in prompt order (counts expanded).
        counted: kind → count for speakers asked for by number ("hosts": 2).
        settings: settings named, at most MAX_SETTINGS.
        place: the setting as a phrase for lines ("the abandoned hospital").
        mood: a `palettes.Mood` name, or None.
        topic: the subject as a noun phrase ("a dragon who is afraid of the dark").
        key: its head with a definite article ("the dragon").
        subject_words: content words of the subject (tests look for them in the lines).
        brand: a product or business name (adverts), or None.
        teams: two team names (sports), or None.
        notes: things the user should know (language fallback, format fallback).
    """

    prompt: str
    language: str = "en"
    detected_language: str = "en"
    format: str = DEFAULT_FORMAT
    genre: str = DEFAULT_GENRE
    duration_s: float = 45.0
    duration_source: str = "default"
    speakers: list[Speaker] = field(default_factory=list)
    counted: dict[str, int] = field(default_factory=dict)
    settings: list[Setting] = field(default_factory=list)
    place: str = ""
    mood: str | None = None
    topic: str = ""
    key: str = ""
    subject_words: list[str] = field(default_factory=list)
    brand: str | None = None
    teams: tuple[str, str] | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def spec(self) -> Format:
        return FORMATS_BY_NAME[self.format]


def words_of(text: str) -> list[str]:
    """Lower-case words, accents kept, apostrophes split ("l'hôpital" → "l", "hôpital")."""
    return re.findall(r"[a-zà-ÿß0-9]+(?:-[a-zà-ÿ]+)*", text.lower())


def tokenize(text: str) -> frozenset[str]:
    """Lower-case words of `text` plus simple stems ("rainy" → "rain", "barking" → "bark")."""
    words = words_of(text)
    out = set(words)
    for w in words:
        for suffix in ("ies", "ing", "es", "s", "y"):
            if w.endswith(suffix) and len(w) - len(suffix) >= 3:
                out.add(w[: -len(suffix)])
    return frozenset(out)


def detect_language(text: str) -> str:
    """The prompt's language: one of WRITTEN_LANGUAGES, another code ("ru", "nl") when the
    script or common words tell it, or "" when nothing does (then English is assumed)."""
    for span, code in _SCRIPTS:
        if len(re.findall(f"[{span}]", text)) >= 2:
            return code
    words = words_of(text)
    counts = {lang: 0.0 for lang in _STOPWORDS}
    for w in words:
        owners = [lang for lang, stop in _STOPWORDS.items() if w in stop]
        for lang in owners:
            counts[lang] += 2.0 if len(owners) == 1 else 1.0 / len(owners)
    for letter, lang in _LETTER_HINTS.items():
        if letter in text.lower():
            counts[lang] += 1.5
    for lang, stop in _OTHER_LATIN.items():
        hits = sum(2.0 for w in words if w in stop and not any(
            w in s for s in _STOPWORDS.values()))
        if hits >= 4 and hits > max(counts.values()):
            return lang
    best = max(counts, key=lambda lang: (counts[lang], lang == "en"))
    return best if counts[best] > 0 else ""


def _phrase_in(phrase: str, text: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", text) is not None


def _subject_start(lowered: str, language: str) -> int:
    """Where the subject begins ("... about <subject>"), or the end of the text."""
    markers = (_SUBJECT_MARKERS.get(language, _SUBJECT_MARKERS["en"])
               + _WEAK_MARKERS.get(language, _WEAK_MARKERS["en"]))
    starts = [m.start() for marker in markers
              for m in [re.search(rf"(?<![\w-]){re.escape(marker)}\s", lowered)] if m]
    return min(starts, default=len(lowered))


def detect_format(text: str, language: str) -> str:
    """The format whose keyword phrase (in `language` or English) matches best: before the
    subject first ("a podcast about football" is a podcast), then longest."""
    lowered = text.lower()
    head = lowered[:_subject_start(lowered, language)]
    best, best_score = DEFAULT_FORMAT, (False, 0)
    for spec in FORMATS:
        for lang in dict.fromkeys((language, "en")):
            for phrase in spec.keywords.get(lang, ()):
                if not _phrase_in(phrase, lowered):
                    continue
                score = (_phrase_in(phrase, head), len(phrase))
                if score > best_score:
                    best, best_score = spec.name, score
    return best


def detect_genre(text: str) -> str:
    """The story genre with the most keyword hits (first listed wins ties), or "drama"."""
    lowered = text.lower()
    tokens = tokenize(text)
    best, best_hits = DEFAULT_GENRE, 0
    for genre in GENRES:
        hits = sum(1 for k in genre.keywords
                   if (k in tokens if " " not in k and "-" not in k else _phrase_in(k, lowered)))
        if hits > best_hits:
            best, best_hits = genre.name, hits
    return best


def detect_duration_s(text: str) -> float | None:
    """A length the prompt asks for ("30-second", "two minutes", "1.5 min"), or None."""
    if _HALF_MINUTE.search(text):
        return 30.0
    match = _DURATION.search(text)
    if match:
        value = _number(match.group("num"))
        if value is not None and value > 0:
            unit = match.group("unit").lower()
            if match.group("half"):
                value += 0.5
            if unit in _MINUTE_UNITS:
                return value * 60.0
            if unit in _HOUR_UNITS:
                return value * 3600.0
            return value
    if _A_MINUTE.search(text):
        return 60.0
    return None


def _number(text: str) -> float | None:
    text = text.lower().replace(",", ".")
    try:
        return float(text)
    except ValueError:
        pass
    parts = re.split(r"[- ]", text)
    values = [_NUMBERS.get(p) for p in parts]
    if any(v is None for v in values):
        return None
    return float(sum(v for v in values if v is not None))


def detect_settings(text: str) -> list[Setting]:
    """Settings whose keywords the prompt uses, in prompt order, at most MAX_SETTINGS."""
    words = words_of(text)
    found: list[tuple[int, int, Setting]] = []
    for order, setting in enumerate(SETTINGS):
        positions = [k for k, w in enumerate(words) for keyword in setting.keywords
                     if w == keyword or (len(keyword) >= STEM_MIN_LETTERS and w.startswith(
                         keyword) and w[len(keyword):] in _STEM_SUFFIXES)]
        if positions:
            found.append((min(positions), order, setting))
    # In prompt order: "a rainy cafe" puts the rain first.
    return [s for _, _, s in sorted(found, key=lambda t: t[:2])][:MAX_SETTINGS]


def detect_mood(text: str) -> str | None:
    mood = mood_named_in(tokenize(text))
    return mood.name if mood else None


def mood_named_in(tokens: frozenset[str]) -> Mood | None:
    """The mood whose words `tokens` mention most (first wins ties), if any."""
    best, best_hits = None, 0
    for mood in MOODS:
        hits = len(set(mood.keywords) & tokens)
        if hits > best_hits:
            best, best_hits = mood, hits
    return best


def _singular(word: str) -> str | None:
    """The lexicon entry for a (possibly plural) word."""
    if word in _PEOPLE:
        return word
    for suffix, replacement in _PLURALS.items():
        if word.endswith(suffix) and word[: -len(suffix)] + replacement in _PEOPLE:
            return word[: -len(suffix)] + replacement
    return None


def detect_speakers(text: str) -> tuple[list[Speaker], dict[str, int]]:
    """Speakers the prompt asks for: counted groups ("five suspects"), people and creature
    words ("a mother and her son"), and names ("called Crumbs" excluded)."""
    words = words_of(text)
    speakers: list[Speaker] = []
    counted: dict[str, int] = {}
    used: set[int] = set()
    for i, w in enumerate(words[:-1]):
        count = _NUMBERS.get(w) if not w.isdigit() else int(w)
        if not count or count < 2 or w in ("a", "an", "un", "une", "uno", "una", "um", "uma"):
            continue
        nxt = i + 1
        # "two young hosts": allow one adjective in between.
        if nxt + 1 < len(words) and _singular(words[nxt]) is None and _singular(
                words[nxt + 1]) is not None:
            nxt += 1
        target = words[nxt]
        if target in _NOT_PEOPLE or target in _SECOND_UNITS + _MINUTE_UNITS:
            continue
        entry = _singular(target)
        if entry is None and not target.endswith("s"):
            continue
        kind, gender, age = _PEOPLE.get(entry or "", (target.rstrip("s"), None, None))
        count = min(count, MAX_GROUP)
        counted[kind] = counted.get(kind, 0) + count
        speakers += [Speaker(kind, gender, age, word=target) for _ in range(count)]
        used.update({i, nxt})
    for i, w in enumerate(words):
        if i in used or w not in _PEOPLE:
            continue
        kind, gender, age = _PEOPLE[w]
        if kind == "couple":
            speakers += [Speaker("partner", "male", "young", word=w),
                         Speaker("partner", "female", "young", word=w)]
            continue
        if any(s.kind == kind and not counted.get(kind) for s in speakers):
            continue  # "the detective ... the detective" is one person
        if kind in counted:
            continue
        speakers.append(Speaker(kind, gender, age, word=w))
    return speakers, counted


def detect_names(prompt: str, brand: str | None) -> list[str]:
    """Capitalised words that read as names (not the first word, not common words)."""
    names: list[str] = []
    for sentence in re.split(r"[.!?:;]\s+", prompt):
        tokens = re.findall(r"[\wÀ-ÿ'-]+", sentence)
        for k, token in enumerate(tokens):
            if k > 0 and tokens[k - 1].lower() in _PLACE_PREPOSITIONS:
                continue  # "in Riverton", "a Milano": a place, not a speaker
            if (k > 0 and token[:1].isupper() and not token.isupper()
                    and token not in _NAME_STOP and token != brand
                    and token.lower() not in _PEOPLE and token not in names):
                names.append(token)
    return names


def _place_phrase(prompt: str, settings: list[Setting], language: str) -> str:
    if not settings:
        return ""
    # A place ("the city") reads better in lines than the weather ("the rain").
    setting = next((s for s in settings if s.name not in WEATHER_SETTINGS), settings[0])
    if language == "en":
        keys = "|".join(re.escape(k) for k in setting.keywords)
        match = re.search(rf"\b(?:in|at|on|inside|aboard|near|by|into|through|under)\s+"
                          rf"(?:(?:the|a|an|my|our|their)\s+)?(?P<adj>(?:[a-z-]+\s+){{0,2}}?)"
                          rf"(?P<noun>(?:{keys})\w*)\b", prompt, re.IGNORECASE)
        if match:
            return f"the {match.group('adj')}{match.group('noun')}".lower().replace("  ", " ")
    return setting.place.get(language) or setting.place.get("en", "")


def _strip_format_words(text: str, language: str, *, genres: bool = False) -> str:
    lowered = text
    phrases = [p for spec in FORMATS for lang in dict.fromkeys((language, "en"))
               for p in spec.keywords.get(lang, ())]
    if genres:
        phrases += [k for g in GENRES for k in g.keywords if k not in _PEOPLE]
    for phrase in sorted(phrases, key=len, reverse=True):
        if True:
            if True:
                lowered = re.sub(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", " ", lowered,
                                 flags=re.IGNORECASE)
    return " ".join(lowered.split())


def detect_subject(prompt: str, language: str, place: str) -> tuple[str, str]:
    """(topic, key): the subject as a noun phrase, and its head with a definite article."""
    text = " ".join(prompt.strip().split())
    text = _LEADING.sub("", text, count=1)
    topic = ""
    lowered = text.lower()
    strong = _SUBJECT_MARKERS.get(language, _SUBJECT_MARKERS["en"])
    weak = _WEAK_MARKERS.get(language, _WEAK_MARKERS["en"])
    found = []
    for rank, group in enumerate((strong, weak)):
        for order, marker in enumerate(group):
            match = re.search(rf"(?<![\w-]){re.escape(marker)}\s+(?!\d|(?:{_NUMBER_WORDS})"
                              rf"[- ](?:{_UNITS})\b)", lowered)
            if match:
                found.append(((rank, order), match))
    for _, match in sorted(found, key=lambda t: t[0]):
            rest = text[match.end():]
            end = _SUBJECT_END.search(" " + rest)
            candidate = rest[: max(0, end.start() - 1)] if end else rest
            if len(words_of(candidate)) >= 1:
                topic = candidate.strip()
                break
    if not topic:
        remains = _DURATION.sub(" ", text)
        remains = re.sub(rf"\b(?:\d+|{_NUMBER_WORDS})\s+[\w-]+s\b|\blong\b", " ", remains,
                         flags=re.IGNORECASE)
        remains = _strip_format_words(remains, language, genres=True)
        remains = re.sub(r"^\W*(?:(?:a|an|the)\s*)?[:;,.-]+\s*", "", remains,
                         flags=re.IGNORECASE)
        # Articles and conjunctions left dangling ("tells a by the fireplace").
        remains = re.sub(r"\b(?:a|an|the)\s+(?=(?:by|in|at|on|with|of|for|and)\b)", "",
                         remains, flags=re.IGNORECASE)
        remains = re.sub(r"(?:\s*\b(?:and|y|et|und|e)\b)?[\s,]*$", "", remains,
                         flags=re.IGNORECASE)
        remains = " ".join(remains.split()).strip(" ,.:;-")
        bare = re.sub(r"^(?:(?:a|an|the|un|una|une|ein|eine|um|uma|el|la|le|il|o)\s+)+", "",
                      remains, flags=re.IGNORECASE)
        starts_oddly = re.match(r"(?:with|set|in|at|on|where|con|avec|mit|com|con)\b", bare,
                                re.IGNORECASE)
        if place and (starts_oddly or len(words_of(bare)) < 2):
            topic = place
        elif starts_oddly:
            topic = re.sub(r"^(?:with|set in|where|con|avec|mit|com)\s+", "", bare,
                           flags=re.IGNORECASE) or place
        else:
            topic = remains
    topic = topic.strip(" ,.:;-")
    content = [w for w in words_of(topic) if w not in _CONTENT_STOP and w not in _NUMBERS]
    if not content:
        return place, place  # only cast and length words: the lines need a real subject
    if topic[:1].isupper() and not (len(topic) > 1 and topic[1].isupper()) and language != "de":
        first = topic.split()[0]
        if first not in _NAME_STOP or first in ("A", "An", "The"):
            topic = topic[0].lower() + topic[1:]
    head = _KEY_END.split(" " + topic + " ", maxsplit=1)[0].strip()
    head_words = head.split()
    if not head_words:
        return topic, topic
    if language == "en":
        # "the couple dating" → "the couple": a gerund after the noun starts a clause.
        for k in range(2, len(head_words)):
            if head_words[k].endswith("ing") and head_words[k - 1].lower() not in (
                    "the", "a", "an", "of"):
                head_words = head_words[:k]
                break
    articles = _INDEFINITE_TO_DEFINITE.get(language, {})
    first = head_words[0].lower()
    if first in articles:
        head_words[0] = articles[first]
        if (language in ("fr", "it") and head_words[0] in ("le", "la", "lo")
                and len(head_words) > 1 and head_words[1][:1].lower() in "aeiouhàâéèêîôû"):
            head_words[:2] = ["l'" + head_words[1]]
    if len(head_words) > MAX_KEY_WORDS + 1:
        # "the last minutes of a football final" → "the football final".
        lowered_words = [w.lower() for w in head_words]
        if "of" in lowered_words[1:-1] and language == "en":
            tail = head_words[len(lowered_words) - lowered_words[::-1].index("of"):]
            head_words = (["the"] + tail[1:] if tail[0].lower() in ("a", "an", "the")
                          else ["the"] + tail)
        head_words = head_words[:MAX_KEY_WORDS + 1]
    return topic, " ".join(head_words)


_CONTENT_STOP = frozenset().union(*_STOPWORDS.values()) | frozenset(
    "story tale podcast show about very little big new old short long minute minutes "
    "second seconds".split())


def analyse(prompt: str, *, duration_s: float | None = None, language: str | None = None
            ) -> Brief:
    """Everything the offline planner reads from a prompt.

    Args:
        prompt: the request.
        duration_s: a length from the caller; it wins over one in the prompt.
        language: a language from the caller; it wins over detection.
    """
    detected = detect_language(prompt)
    wanted = (language or detected or "en").split("-")[0].lower()
    notes: list[str] = []
    if wanted not in WRITTEN_LANGUAGES:
        name = wanted or "this language"
        notes.append(f"the offline planner writes {', '.join(WRITTEN_LANGUAGES)} only, not "
                     f"{name!r}, so this script is in English; for other languages configure "
                     "an LLM (--llm provider:model, WAVJOURNEY_LLM or the config file)")
        wanted = "en"
    form = detect_format(prompt, detected if detected in WRITTEN_LANGUAGES else "en")
    genre = detect_genre(prompt) if form in ("story", "audiobook") else DEFAULT_GENRE
    from_prompt = detect_duration_s(prompt)
    if duration_s:
        target, source = float(duration_s), "argument"
    elif from_prompt:
        target, source = from_prompt, "prompt"
    else:
        target, source = FORMATS_BY_NAME[form].default_duration_s, "default"
    speakers, counted = detect_speakers(prompt)
    named = _NAMED.search(prompt)
    brand = named.group("name") if named and form in ("advert", "announcement") else None
    names = detect_names(prompt, brand) if detected != "de" else [
        m.group("name") for m in _NAMED.finditer(prompt) if m.group("name") != brand]
    teams_match = _TEAMS.search(prompt) or _BETWEEN.search(prompt)
    teams = (teams_match.group("a"), teams_match.group("b")) if teams_match else None
    if teams:
        names = [n for n in names if n not in " ".join(teams).split()]
    speakers = _attach_names(speakers, names)
    settings = detect_settings(prompt if not teams else
                               prompt.replace(teams[0], " ").replace(teams[1], " "))
    place = _place_phrase(prompt, settings, wanted)
    topic, key = detect_subject(prompt, detected if detected in WRITTEN_LANGUAGES else "en",
                                place)
    if brand is None and form == "advert":
        brand = key
    subject_words = [w for w in words_of(topic) if w not in _CONTENT_STOP and len(w) >= 3]
    return Brief(prompt=prompt, language=wanted, detected_language=detected, format=form,
                 genre=genre, duration_s=target, duration_source=source, speakers=speakers,
                 counted=counted, settings=settings, place=place, mood=detect_mood(prompt),
                 topic=topic, key=key, subject_words=subject_words, brand=brand, teams=teams,
                 notes=notes)


def _attach_names(speakers: list[Speaker], names: list[str]) -> list[Speaker]:
    """Give the prompt's names to its speakers in order; extra names are extra speakers."""
    out = []
    pending = list(names)
    for s in speakers:
        if pending and s.kind not in ("host", "contestant", "suspect"):
            out.append(Speaker(s.kind, s.gender, s.age, pending.pop(0), s.word))
        else:
            out.append(s)
    out += [Speaker("", None, None, name, name) for name in pending]
    return out
