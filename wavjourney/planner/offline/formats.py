"""The formats the offline planner writes, as data: the words that select each, its cast, its
default length, music, ambience and opening jingle; story genres likewise.

A format's cast has a *lead* (the narrator, anchor, quizmaster: role ``N`` in the line banks)
and a *group* (characters, hosts, contestants: roles ``A``, ``B`` and ``*``). The group's size
comes from the prompt ("three hosts") or the format's default.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Role:
    """A kind of speaker.

    Args:
        kind: the noun, in English ("host", "reporter"); it is the character's description
            head, so casting and tests can find it.
        description: the rest of the character description (voice hints for casting).
        names: display names per language (the first that is free is used); empty means the
            speaker gets a first name from the name pool.
    """

    kind: str
    description: str
    names: dict[str, str] | None = None


@dataclass(frozen=True)
class Format:
    """One kind of audio piece.

    Args:
        name: id, also the line bank key.
        keywords: phrases per language that select it (lower case; the longest match wins).
        lead: the ``N`` speaker, or None.
        group: the default group roles, in order (``A`` is the first).
        group_kind: the role of extra group members asked for by count ("three hosts").
        default_duration_s: length when neither the prompt nor the caller gives one.
        music: background music description (None: no music bed).
        ambience: default bed when the prompt names no setting (None: none).
        jingle: a short foreground music sting at the start (None: none).
        effect_every_s: one setting effect per this much speech (0: none).
    """

    name: str
    keywords: dict[str, tuple[str, ...]]
    lead: Role | None
    group: tuple[Role, ...]
    group_kind: Role | None = None
    default_duration_s: float = 45.0
    music: str | None = "calm solo piano"
    ambience: str | None = None
    jingle: str | None = None
    effect_every_s: float = 18.0


_NARRATOR = Role("narrator", "a calm storyteller, adult narrator",
                 {"en": "Narrator", "es": "Narradora", "fr": "Narrateur", "de": "Erzähler",
                  "it": "Narratore", "pt": "Narrador"})
_HOST = Role("host", "a friendly podcast host, adult")
_STUDIO = "quiet radio studio room tone: air and faint electrical hum"
_CHARACTER = Role("character", "a character in the story, adult")

FORMATS: tuple[Format, ...] = (
    Format("news", {
        "en": ("news", "newscast", "bulletin", "headlines", "breaking news", "news report",
               "newsroom", "evening news"),
        "es": ("noticias", "noticiero", "boletín", "telediario", "informativo"),
        "fr": ("journal", "actualités", "infos", "bulletin d'information", "flash info"),
        "de": ("nachrichten", "tagesschau", "meldung", "nachrichtensendung"),
        "it": ("notizie", "telegiornale", "notiziario", "giornale radio"),
        "pt": ("notícias", "noticias", "telejornal", "noticiário", "boletim")},
        Role("news anchor", "a formal news anchor, adult", {"en": "Anchor",
             "es": "Presentadora", "fr": "Présentateur", "de": "Sprecher",
             "it": "Conduttrice", "pt": "Apresentador"}),
        (Role("reporter", "a field reporter, adult, energetic"),
         Role("witness", "a local witness")),
        music="uplifting newsroom music", jingle="a short news jingle with a bright synth sting",
        ambience="a busy newsroom: keyboards typing, distant phones",
        effect_every_s=25.0),
    Format("sports", {
        "en": ("sports commentary", "commentary", "commentator", "football match",
               "soccer match", "match", "play-by-play", "sports", "final", "derby", "race"),
        "es": ("comentario deportivo", "partido", "narración deportiva", "fútbol", "futbol"),
        "fr": ("commentaire sportif", "match", "football"),
        "de": ("sportkommentar", "fußballspiel", "fussballspiel", "spiel", "fußball"),
        "it": ("telecronaca", "cronaca sportiva", "partita", "calcio"),
        "pt": ("narração esportiva", "jogo de futebol", "partida", "futebol")},
        None,
        (Role("commentator", "an excited sports commentator, adult male, energetic"),
         Role("co-commentator", "a calm expert co-commentator, adult woman")),
        Role("commentator", "a sports commentator"),
        music=None, ambience="a stadium crowd murmuring and chanting", effect_every_s=12.0),
    Format("podcast", {
        "en": ("podcast", "talk show", "radio show", "chat show", "hosts", "episode"),
        "es": ("podcast", "programa de radio", "tertulia"),
        "fr": ("podcast", "émission de radio", "talk-show"),
        "de": ("podcast", "radiosendung", "talkshow"),
        "it": ("podcast", "programma radio", "talk show"),
        "pt": ("podcast", "programa de rádio", "bate-papo")},
        None, (_HOST, _HOST), _HOST,
        music="lo-fi hip hop, relaxed", jingle="a short upbeat podcast intro jingle",
        ambience=_STUDIO,
        effect_every_s=0.0),
    Format("interview", {
        "en": ("interview", "interviews", "q&a", "conversation with"),
        "es": ("entrevista",), "fr": ("interview", "entretien", "entrevue"),
        "de": ("interview", "gespräch mit"), "it": ("intervista",), "pt": ("entrevista",)},
        None,
        (Role("interviewer", "a curious radio interviewer, adult"),
         Role("guest", "the interview guest, adult")),
        Role("guest", "a guest"), music="calm lo-fi background", ambience=_STUDIO,
        effect_every_s=0.0),
    Format("advert", {
        "en": ("advert", "advertisement", "ad", "commercial", "promo", "radio spot", "jingle",
               "promotion"),
        "es": ("anuncio", "publicidad", "comercial", "cuña"),
        "fr": ("publicité", "pub", "spot publicitaire", "réclame"),
        "de": ("werbung", "werbespot", "reklame", "werbeanzeige"),
        "it": ("pubblicità", "spot", "annuncio pubblicitario"),
        "pt": ("anúncio", "propaganda", "publicidade", "comercial")},
        Role("voiceover", "an upbeat advertising voice-over, adult, energetic",
             {"en": "Voiceover", "es": "Locutor", "fr": "Voix off", "de": "Sprecher",
              "it": "Speaker", "pt": "Locutor"}),
        (Role("customer", "a happy customer, young woman"),
         Role("customer", "a curious customer, man")),
        Role("customer", "a customer"),
        default_duration_s=30.0, music="upbeat electronic pop with a driving beat",
        effect_every_s=0.0),
    Format("documentary", {
        "en": ("documentary", "nature documentary", "docu", "history of", "narration about"),
        "es": ("documental",), "fr": ("documentaire",), "de": ("dokumentation", "doku"),
        "it": ("documentario",), "pt": ("documentário",)},
        Role("narrator", "a warm documentary narrator, deep adult voice",
             _NARRATOR.names),
        (), Role("expert", "an expert, adult"),
        default_duration_s=60.0, music="slow cinematic strings, wonder and awe",
        ambience="a gentle breeze with distant birdsong",
        effect_every_s=20.0),
    Format("meditation", {
        "en": ("meditation", "guided meditation", "mindfulness", "relaxation", "breathing",
               "sleep meditation", "body scan"),
        "es": ("meditación", "relajación", "mindfulness"),
        "fr": ("méditation", "relaxation", "pleine conscience"),
        "de": ("meditation", "entspannung", "achtsamkeit"),
        "it": ("meditazione", "rilassamento"), "pt": ("meditação", "relaxamento")},
        Role("guide", "a soft, calm meditation guide, woman, gentle and slow",
             {"en": "Guide", "es": "Guía", "fr": "Guide", "de": "Anleiterin", "it": "Guida",
              "pt": "Guia"}),
        (), None, default_duration_s=60.0, music="calm ambient pads, slow and warm",
        ambience="soft wind chimes in a gentle breeze",
        effect_every_s=0.0),
    Format("lecture", {
        "en": ("lecture", "lesson", "class on", "explainer", "explain", "tutorial on",
               "teach", "seminar", "talk on"),
        "es": ("clase", "lección", "conferencia", "explicación"),
        "fr": ("cours", "leçon", "conférence"), "de": ("vorlesung", "lektion", "unterricht"),
        "it": ("lezione", "conferenza"), "pt": ("aula", "lição", "palestra")},
        Role("lecturer", "a clear, warm teacher, adult",
             {"en": "Professor", "es": "Profesora", "fr": "Professeur", "de": "Professorin",
              "it": "Professore", "pt": "Professora"}),
        (Role("student", "a curious young student"),), Role("student", "a student"),
        default_duration_s=60.0, music="light inspiring piano, soft", effect_every_s=30.0),
    Format("cooking", {
        "en": ("cooking", "cooking show", "recipe", "how to make", "how-to", "how to",
               "baking", "bake", "chef", "diy"),
        "es": ("cocina", "receta", "cómo hacer", "programa de cocina"),
        "fr": ("cuisine", "recette", "comment faire", "émission culinaire"),
        "de": ("kochen", "kochshow", "rezept", "anleitung"),
        "it": ("cucina", "ricetta", "come fare"), "pt": ("culinária", "receita", "como fazer")},
        Role("chef", "a cheerful TV chef and host, adult",
             {"en": "Chef", "es": "Chef", "fr": "Chef", "de": "Koch", "it": "Chef",
              "pt": "Chef"}),
        (Role("assistant", "a helpful kitchen assistant, young"),), Role("guest", "a guest"),
        music="cheerful ukulele and claps, light and bright",
        ambience="a home kitchen: a pan sizzling softly, a fridge humming",
        effect_every_s=14.0),
    Format("audiobook", {
        "en": ("audiobook", "audio book", "reading of", "chapter", "read aloud", "novel"),
        "es": ("audiolibro", "capítulo", "lectura"), "fr": ("livre audio", "chapitre", "lecture"),
        "de": ("hörbuch", "kapitel", "lesung"), "it": ("audiolibro", "capitolo", "lettura"),
        "pt": ("audiolivro", "capítulo", "leitura")},
        Role("reader", "a warm audiobook reader, adult narrator", _NARRATOR.names),
        (_CHARACTER,), _CHARACTER, default_duration_s=60.0,
        music="soft reflective piano and strings",
        ambience="a quiet room: a clock ticking softly", effect_every_s=25.0),
    Format("quiz", {
        "en": ("quiz", "game show", "quiz show", "trivia", "gameshow", "contestants"),
        "es": ("concurso", "quiz", "trivia"), "fr": ("jeu télévisé", "quiz", "jeu radio"),
        "de": ("quiz", "quizshow", "gameshow", "ratespiel"), "it": ("quiz", "gioco a premi"),
        "pt": ("quiz", "programa de perguntas", "concurso")},
        Role("quizmaster", "an energetic game show host, adult man",
             {"en": "Quizmaster", "es": "Presentador", "fr": "Animateur", "de": "Quizmaster",
              "it": "Conduttore", "pt": "Apresentador"}),
        (Role("contestant", "a quiz contestant, young woman"),
         Role("contestant", "a quiz contestant, man")),
        Role("contestant", "a quiz contestant"),
        music="upbeat game show music with brass stabs",
        ambience="a studio audience murmuring",
        jingle="a bright game show fanfare", effect_every_s=0.0),
    Format("weather", {
        "en": ("weather", "forecast", "weather report", "weather forecast"),
        "es": ("el tiempo", "pronóstico", "meteorología", "clima"),
        "fr": ("météo", "prévisions"), "de": ("wetter", "wetterbericht", "wettervorhersage"),
        "it": ("meteo", "previsioni del tempo"), "pt": ("previsão do tempo", "meteorologia")},
        Role("weather presenter", "a bright, friendly weather presenter, woman",
             {"en": "Presenter", "es": "Presentadora", "fr": "Présentatrice",
              "de": "Moderatorin", "it": "Presentatrice", "pt": "Apresentadora"}),
        (), None, default_duration_s=30.0, music="light breezy pop, gentle",
        effect_every_s=0.0),
    Format("traffic", {
        "en": ("traffic report", "traffic update", "travel news", "road report",
               "traffic news"),
        "es": ("tráfico", "estado de las carreteras"), "fr": ("info trafic", "circulation"),
        "de": ("verkehrsbericht", "verkehrsmeldung", "verkehr"),
        "it": ("traffico", "viabilità"), "pt": ("trânsito",)},
        Role("traffic reporter", "a brisk radio traffic reporter, man",
             {"en": "Traffic Desk", "es": "Tráfico", "fr": "Info Trafic", "de": "Verkehr",
              "it": "Viabilità", "pt": "Trânsito"}),
        (), None, default_duration_s=30.0, music="driving pulse, light electronic",
        ambience="a city street: traffic passing, distant car horns", effect_every_s=0.0),
    Format("announcement", {
        "en": ("announcement", "announcer", "public address", "tannoy", "boarding call",
               "platform announcement", "airport announcement", "station announcement"),
        "es": ("anuncio en", "aviso", "megafonía"), "fr": ("annonce", "message en gare"),
        "de": ("durchsage", "ansage", "bahnhofsdurchsage"), "it": ("annuncio", "avviso"),
        "pt": ("aviso", "anúncio no")},
        Role("announcer", "a clear, formal public address announcer, woman",
             {"en": "Announcer", "es": "Megafonía", "fr": "Annonce", "de": "Ansage",
              "it": "Annuncio", "pt": "Aviso"}),
        (), None, default_duration_s=20.0, music=None,
        ambience="a large station hall: footsteps, rolling suitcases, murmur echoing",
        effect_every_s=0.0),
    Format("soundscape", {
        "en": ("soundscape", "ambience", "ambient sounds", "sounds of", "no speech",
               "no dialogue", "atmosphere", "sound bath", "field recording"),
        "es": ("paisaje sonoro", "ambiente sonoro", "sonidos de"),
        "fr": ("paysage sonore", "ambiance sonore", "sons de"),
        "de": ("klanglandschaft", "geräuschkulisse", "geräusche"),
        "it": ("paesaggio sonoro", "suoni di"), "pt": ("paisagem sonora", "sons de")},
        None, (), None, default_duration_s=45.0, music=None, effect_every_s=8.0),
    Format("story", {
        "en": ("story", "radio drama", "drama", "radio play", "tale", "audio drama", "scene",
               "sketch", "play about", "fairy tale", "adventure"),
        "es": ("cuento", "historia", "relato", "radionovela", "drama", "aventura"),
        "fr": ("histoire", "conte", "récit", "pièce radiophonique", "aventure"),
        "de": ("geschichte", "märchen", "hörspiel", "erzählung", "abenteuer"),
        "it": ("storia", "racconto", "fiaba", "radiodramma", "favola", "avventura"),
        "pt": ("história", "historia", "conto", "radionovela", "aventura")},
        _NARRATOR, (_CHARACTER, _CHARACTER), _CHARACTER),
)
FORMATS_BY_NAME = {f.name: f for f in FORMATS}
DEFAULT_FORMAT = "story"


@dataclass(frozen=True)
class Genre:
    """A story genre: words that select it, its music, its default bed."""

    name: str
    keywords: tuple[str, ...]
    music: str
    ambience: str | None = None


GENRES: tuple[Genre, ...] = (
    Genre("bedtime", ("bedtime", "lullaby", "goodnight", "sleep", "children", "kids", "child",
                      "dormir", "infantil", "niños", "enfants", "coucher", "kinder",
                      "gute nacht", "gutenacht", "bambini", "buonanotte", "crianças",
                      "ninar", "nana", "berceuse"),
          "gentle music box lullaby", "crickets chirping softly on a calm night"),
    Genre("horror", ("horror", "scary", "creepy", "haunted", "ghost", "terror", "zombie",
                     "monster", "spooky", "miedo", "terreur", "horreur", "grusel",
                     "fantasma", "fantasmas", "fantasmi", "fantôme", "fantômes", "gespenst",
                     "orrore", "paura", "medo"),
          "tense horror drone with low strings", "wind howling around an old house at night"),
    Genre("mystery", ("mystery", "detective", "murder", "whodunit", "suspects", "suspect",
                      "crime", "clue", "misterio", "detective", "policíaco", "mystère",
                      "enquête", "krimi", "detektiv", "giallo", "mistério"),
          "mysterious noir jazz with a muted trumpet"),
    Genre("scifi", ("sci-fi", "scifi", "science fiction", "spaceship", "robot", "alien",
                    "astronaut", "future", "space", "ciencia ficción", "science-fiction",
                    "fantascienza", "ficção científica"),
          "upbeat electronic with a pulsing synth"),
    Genre("fantasy", ("fantasy", "wizard", "witch", "knight", "quest", "kingdom", "magic",
                      "elf", "fairy", "dragon", "dragón", "drache", "drago", "dragão",
                      "fantasía", "fantasie", "fantasia", "magia", "magie"),
          "epic orchestral adventure with harp and horns"),
    Genre("romance", ("romance", "romantic", "love", "date", "dating", "couple", "first date",
                      "amor", "amour", "liebe", "amore", "romántica"),
          "soft jazz in a cafe, romantic saxophone"),
    Genre("comedy", ("comedy", "funny", "sketch", "silly", "hilarious", "comic", "comedia",
                     "comédie", "komödie", "commedia", "comédia"),
          "whimsical cartoon music with pizzicato and bassoon"),
)
GENRES_BY_NAME = {g.name: g for g in GENRES}
DEFAULT_GENRE = "drama"
DRAMA_MUSIC = "calm solo piano"
