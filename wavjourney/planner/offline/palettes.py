"""Sound palettes of the offline planner, as data: settings (ambience and effects), effect cues
that lines call for, music by mood, and the words that select them in six languages.

Descriptions use the words of the offline sound catalogue ("rain", "door knock", "crowd
cheer") so the offline sound tool finds them, and read as plain English for neural tools.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Setting:
    """A place or weather the prompt may name.

    Args:
        name: short id ("hospital").
        keywords: words that select it, any language, lower case (stems allowed: a keyword
            matches a prompt word that starts with it when it has 5 letters or more).
        ambience: the background bed, or None.
        effects: foreground one-off sounds typical of it, used now and then between lines.
        place: the setting as a phrase per language, for lines that mention it.
        music: a music description the setting suggests (used when the format has none).
    """

    name: str
    keywords: tuple[str, ...]
    ambience: str | None = None
    effects: tuple[str, ...] = ()
    place: dict[str, str] = field(default_factory=dict)
    music: str | None = None


SETTINGS: tuple[Setting, ...] = (
    Setting("hospital", ("hospital", "hôpital", "hopital", "krankenhaus", "ospedale", "clinic",
                         "clinica", "clínica", "ward"),
            "a quiet hospital corridor: air conditioning hum and distant beeps",
            ("a heart monitor beeping", "footsteps on a concrete corridor",
             "a door creaking open"),
            {"en": "the hospital", "es": "el hospital", "fr": "l'hôpital",
             "de": "das Krankenhaus", "it": "l'ospedale", "pt": "o hospital"}),
    Setting("haunted", ("haunted", "ghost", "mansion", "graveyard", "cemetery", "cementerio",
                        "fantasma", "fantôme", "gespenst", "spuk", "castle", "castillo",
                        "château", "schloss", "castello", "castelo"),
            "wind howling around an old house at night",
            ("a wooden door creaking slowly open", "slow footsteps on a wooden floor",
             "a clock ticking"),
            {"en": "the old house", "es": "la vieja casa", "fr": "la vieille maison",
             "de": "das alte Haus", "it": "la vecchia casa", "pt": "a velha casa"}),
    Setting("forest", ("forest", "rainforest", "woods", "jungle", "bosque", "selva", "forêt",
                       "foret", "wald", "bosco", "foresta", "floresta", "meadow", "garden",
                       "jardín", "park"),
            "birds singing in a quiet forest, leaves rustling in a light breeze",
            ("footsteps walking on grass", "an owl hooting in a night forest"),
            {"en": "the forest", "es": "el bosque", "fr": "la forêt", "de": "der Wald",
             "it": "il bosco", "pt": "a floresta"}),
    Setting("space", ("spaceship", "starship", "spacecraft", "space", "astronaut", "orbit",
                      "planet", "galaxy", "nave", "espacial", "espacio", "vaisseau", "espace",
                      "raumschiff", "weltraum", "spazio", "spaziale", "astronave"),
            "the low hum of a spaceship engine room with soft electronic beeps",
            ("electronic beeps from a computer console", "a whoosh of an airlock door"),
            {"en": "the ship", "es": "la nave", "fr": "le vaisseau", "de": "das Raumschiff",
             "it": "l'astronave", "pt": "a nave"},
            "upbeat electronic with a pulsing synth"),
    Setting("kitchen", ("kitchen", "cocina", "cuisine", "küche", "kuche", "cucina", "cozinha",
                        "bakery", "panadería", "boulangerie", "bäckerei", "recipe", "receta"),
            "a home kitchen: a pan sizzling softly, a fridge humming",
            ("cups and dishes clinking, a spoon stirring", "a kettle boiling and whistling",
             "a timer beeping"),
            {"en": "the kitchen", "es": "la cocina", "fr": "la cuisine", "de": "die Küche",
             "it": "la cucina", "pt": "a cozinha"}),
    Setting("cafe", ("cafe", "café", "coffee", "coffeeshop", "espresso", "bistro", "cafetería"),
            "a busy cafe: chatter, cups and spoons, espresso hiss",
            ("an espresso machine hissing and gurgling", "a shop door opening with a bell"),
            {"en": "the cafe", "es": "el café", "fr": "le café", "de": "das Café",
             "it": "il caffè", "pt": "o café"},
            "soft jazz in a cafe"),
    Setting("rain", ("rain", "rainy", "storm", "stormy", "lluvia", "tormenta", "pluie",
                     "orage", "regen", "gewitter", "pioggia", "temporale", "chuva", "downpour"),
            "steady rain falling on a window and a roof",
            ("a distant rumble of thunder",),
            {"en": "the rain", "es": "la lluvia", "fr": "la pluie", "de": "der Regen",
             "it": "la pioggia", "pt": "a chuva"}),
    Setting("sea", ("beach", "ocean", "sea", "seaside", "shore", "playa", "mar", "plage", "mer",
                    "strand", "meer", "spiaggia", "praia", "harbour", "harbor", "port",
                    "lighthouse", "island", "isla", "île", "insel", "isola", "ilha", "reef",
                    "underwater", "coral"),
            "ocean waves breaking on a sandy beach",
            ("a ship's foghorn echoing across the harbour", "seagulls and wind"),
            {"en": "the shore", "es": "la playa", "fr": "la plage", "de": "der Strand",
             "it": "la spiaggia", "pt": "a praia"}),
    Setting("city", ("city", "street", "downtown", "traffic", "ciudad", "calle", "ville", "rue",
                     "stadt", "straße", "strasse", "città", "citta", "cidade", "rua", "town"),
            "a city street: traffic passing, distant car horns",
            ("a car horn honking twice", "a siren passing in the distance"),
            {"en": "the city", "es": "la ciudad", "fr": "la ville", "de": "die Stadt",
             "it": "la città", "pt": "a cidade"}),
    Setting("night", ("night", "midnight", "noche", "nuit", "nacht", "notte", "noite", "camping",
                      "campfire", "stars", "moon"),
            "crickets chirping on a warm night",
            ("an owl hooting in the distance",),
            {"en": "the night", "es": "la noche", "fr": "la nuit", "de": "die Nacht",
             "it": "la notte", "pt": "a noite"}),
    Setting("fire", ("fireplace", "fireside", "hearth", "bonfire", "cabin", "chimenea",
                     "cheminée", "kamin", "camino", "lareira"),
            "a crackling fire with popping wood", (),
            {"en": "the fireside", "es": "la chimenea", "fr": "la cheminée", "de": "der Kamin",
             "it": "il camino", "pt": "a lareira"}),
    Setting("snow", ("snow", "wind", "windy", "winter", "blizzard", "mountain", "nieve",
                     "montaña", "neige", "montagne", "schnee", "berg", "neve", "montagna",
                     "montanha", "arctic"),
            "strong wind gusting and howling over snow",
            ("footsteps crunching in snow",),
            {"en": "the mountain", "es": "la montaña", "fr": "la montagne", "de": "der Berg",
             "it": "la montagna", "pt": "a montanha"}),
    Setting("stadium", ("stadium", "estadio", "stade", "stadion", "stadio", "estádio", "arena",
                        "pitch", "match", "partido", "partita", "derby"),
            "a stadium crowd murmuring and chanting",
            ("a crowd cheering and whistling", "a referee's whistle"),
            {"en": "the stadium", "es": "el estadio", "fr": "le stade", "de": "das Stadion",
             "it": "lo stadio", "pt": "o estádio"}),
    Setting("station", ("station", "airport", "platform", "train", "railway", "estación",
                        "aeropuerto", "gare", "aéroport", "bahnhof", "flughafen", "stazione",
                        "aeroporto", "estação", "gate", "flight"),
            "a large station hall: footsteps, rolling suitcases, murmur echoing",
            ("a two-tone announcement chime", "a train rolling in on the tracks"),
            {"en": "the station", "es": "la estación", "fr": "la gare", "de": "der Bahnhof",
             "it": "la stazione", "pt": "a estação"}),
    Setting("office", ("office", "oficina", "bureau", "büro", "buro", "ufficio", "escritório",
                       "startup", "meeting"),
            "a quiet office: keyboards typing, air conditioning hum",
            ("a phone ringing on a desk", "typing on a computer keyboard"),
            {"en": "the office", "es": "la oficina", "fr": "le bureau", "de": "das Büro",
             "it": "l'ufficio", "pt": "o escritório"}),
    Setting("school", ("school", "classroom", "class", "escuela", "école", "ecole", "schule",
                       "scuola", "escola", "university", "lesson", "lecture"),
            "a quiet classroom: chairs shuffling, pages turning",
            ("turning pages of a book", "a school bell ringing"),
            {"en": "the classroom", "es": "el aula", "fr": "la classe", "de": "das Klassenzimmer",
             "it": "l'aula", "pt": "a sala de aula"}),
    Setting("battle", ("battle", "war", "sword", "knight", "army", "batalla", "guerre",
                       "schlacht", "battaglia", "batalha"),
            "wind over an open battlefield",
            ("horse hooves galloping past", "swords clashing"),
            {"en": "the battlefield", "es": "el campo de batalla", "fr": "le champ de bataille",
             "de": "das Schlachtfeld", "it": "il campo di battaglia",
             "pt": "o campo de batalha"}),
    Setting("farm", ("farm", "granja", "ferme", "bauernhof", "fattoria", "fazenda", "barn",
                     "ranch", "horse"),
            "a farmyard: distant animals and birdsong",
            ("horse hooves trotting", "a dog barking"),
            {"en": "the farm", "es": "la granja", "fr": "la ferme", "de": "der Bauernhof",
             "it": "la fattoria", "pt": "a fazenda"}),
    Setting("home", ("house", "home", "apartment", "flat", "living", "bedroom", "casa",
                     "maison", "haus", "wohnung", "farmhouse", "cottage"),
            "a quiet living room: a clock ticking, faint room tone",
            ("a clock ticking", "three knocks on a wooden door"),
            {"en": "the house", "es": "la casa", "fr": "la maison", "de": "das Haus",
             "it": "la casa", "pt": "a casa"}),
    Setting("studio", ("studio", "estudio", "plató"),
            "quiet room tone: air and faint electrical hum", (),
            {"en": "the studio", "es": "el estudio", "fr": "le studio", "de": "das Studio",
             "it": "lo studio", "pt": "o estúdio"}),
)
SETTINGS_BY_NAME = {s.name: s for s in SETTINGS}

# Effect cues that bank lines call for with a "[cue]" prefix: the sound plays just before
# the line ("[knock] A: Someone's at the door").
CUES: dict[str, str] = {
    "knock": "three knocks on a wooden door",
    "creak": "an old door creaking open on its hinges",
    "slam": "a door slamming shut",
    "doorbell": "a ding-dong doorbell",
    "thunder": "a loud thunderclap rolling away",
    "phone": "a telephone ringing",
    "footsteps": "footsteps walking on a wooden floor",
    "heartbeat": "a slow heartbeat",
    "clock": "a clock ticking",
    "glass": "glass shattering with falling shards",
    "cheer": "a crowd cheering and whistling",
    "applause": "an audience applauding",
    "laugh": "people laughing",
    "whistle": "a referee's whistle blowing",
    "beep": "electronic beeps: beep-beep-beep",
    "chime": "a pleasant two-note announcement chime",
    "bell": "a hand bell ringing",
    "magic": "a magical shimmering sparkle",
    "whoosh": "a whoosh passing by",
    "sizzle": "a pan sizzling with hot oil",
    "kettle": "a kettle boiling and starting to whistle",
    "register": "a cash register ka-ching",
    "page": "turning pages of a book",
    "typing": "typing on a computer keyboard",
    "breath": "slow breathing in and out",
    "dog": "a dog barking",
    "cat": "a cat meowing",
    "horse": "horse hooves galloping past",
    "owl": "an owl hooting in the distance",
    "wind": "a gust of wind whistling",
    "siren": "an emergency siren wailing",
    "explosion": "a big explosion with debris",
    "static": "radio static crackling",
    "buzzer": "a game show buzzer",
    "camera": "a camera shutter click",
    "splash": "water splashing",
    "click": "a small mechanical click",
}

# Foreground effects the offline planner may add on request (edits) by word, any language.
EFFECT_WORDS: dict[str, str] = {
    "thunder": "thunder", "trueno": "thunder", "tonnerre": "thunder", "donner": "thunder",
    "tuono": "thunder", "trovão": "thunder", "door": "knock", "knock": "knock",
    "doorbell": "doorbell", "phone": "phone", "telephone": "phone", "footsteps": "footsteps",
    "steps": "footsteps", "heartbeat": "heartbeat", "clock": "clock", "glass": "glass",
    "cheer": "cheer", "cheering": "cheer", "applause": "applause", "clapping": "applause",
    "laughter": "laugh", "laughing": "laugh", "whistle": "whistle", "beep": "beep",
    "beeps": "beep", "chime": "chime", "bell": "bell", "magic": "magic", "sparkle": "magic",
    "whoosh": "whoosh", "kettle": "kettle", "typing": "typing", "dog": "dog", "bark": "dog",
    "barking": "dog", "cat": "cat", "meow": "cat", "horse": "horse", "owl": "owl",
    "siren": "siren", "explosion": "explosion", "static": "static", "buzzer": "buzzer",
    "camera": "camera", "splash": "splash",
}


@dataclass(frozen=True)
class Mood:
    """A mood the prompt may ask for, and the music that carries it."""

    name: str
    keywords: tuple[str, ...]
    music: str


MOODS: tuple[Mood, ...] = (
    Mood("tense", ("tense", "scary", "creepy", "suspense", "thriller", "eerie",
                   "terror", "miedo", "peur", "angst", "paura", "medo", "spooky"),
         "tense horror drone with low strings"),
    Mood("sad", ("sad", "sadness", "melancholy", "goodbye", "farewell", "grief", "lonely",
                 "triste", "traurig", "tristeza", "tears"),
         "sad strings, slow and tender"),
    Mood("happy", ("happy", "cheerful", "joyful", "fun", "sunny", "feliz", "alegre",
                   "heureux", "joyeux", "fröhlich", "glücklich", "felice", "allegro"),
         "cheerful ukulele and claps, light and bright"),
    Mood("calm", ("calm", "peaceful", "relaxing", "gentle", "soothing", "quiet", "tranquilo",
                  "calme", "paisible", "ruhig", "entspannend", "calmo", "tranquillo",
                  "sleepy"),
         "calm solo piano"),
    Mood("romantic", ("romantic", "romance", "love", "romántico", "romantique",
                      "romantisch", "romantico", "romântico", "amor", "amour", "liebe",
                      "amore"),
         "soft jazz in a cafe, romantic saxophone"),
    Mood("epic", ("epic", "heroic", "grand", "épico", "épique", "episch", "epico"),
         "epic orchestral adventure with drums"),
    Mood("funny", ("funny", "silly", "comic", "hilarious", "divertido", "drôle", "lustig",
                   "divertente", "engraçado"),
         "whimsical cartoon music with pizzicato and bassoon"),
    Mood("mysterious", ("mysterious", "mystery", "misterioso", "mystérieux", "geheimnisvoll",
                        "misterioso", "noir"),
         "mysterious noir jazz with a muted trumpet"),
    Mood("upbeat", ("upbeat", "energetic", "exciting", "dynamic", "enérgico", "énergique",
                    "energisch", "energico"),
         "upbeat electronic pop with a driving beat"),
)
MOODS_BY_NAME = {m.name: m for m in MOODS}
