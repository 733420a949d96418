"""German line banks of the offline planner (data; see `lines_en` for the format)."""

from __future__ import annotations

BANKS: dict[str, dict[str, tuple[str, ...]]] = {
    "story": {
        "open": (
            "N: Dies ist die Geschichte über {topic}.",
            "N: Alles begann an einem gewöhnlichen {day}, mit {A} und {B}.",
            "A: {B}, hast du schon von {key} gehört?",
        ),
        "middle": (
            "B: Alle reden über {key}, {A}.",
            "A: Ich muss ständig an {topic} denken.",
            "N: {A} ging langsam weiter und dachte an {key}.",
            "B: Wenn wir das machen, {A}, dann zusammen.",
            "A: Weißt du noch, was {time} passiert ist? Es fing mit {key} an.",
            "[footsteps] B: Da kommt jemand. Schnell, hier entlang.",
            "N: Einen Moment lang sagte niemand ein Wort.",
            "A: Wir haben {num} Stunden, {B}. Mehr nicht.",
            "B: Dann lass uns keine Zeit mit Reden verlieren.",
            "N: Draußen wurde die Nacht still, als würde sie zuhören.",
            "A: Sag mir die Wahrheit über {key}, {B}.",
            "B: Die Wahrheit ist einfach: Ohne {key} wären wir nicht hier.",
        ),
        "turn": (
            "[knock] A: Es klopft an der Tür. Um diese Zeit?",
            "N: Und in diesem Moment änderte sich alles, was {A} über {key} glaubte.",
        ),
        "close": (
            "A: Was auch passiert, {B}, ich bin froh, dass du es warst.",
            "N: Und so endet unsere Geschichte über {topic}. Gute Nacht.",
        ),
        "intro": ("*: Ich bin {self}. Ich war dabei, als es passierte.",),
    },
    "news": {
        "open": (
            "N: Guten Abend. Unser Hauptthema heute: {topic}.",
            "N: Wir schalten live zu {A}. {A}, was können Sie uns sagen?",
            "A: Danke, {lead}. Hier vor Ort spricht man nur über {key}.",
        ),
        "middle": (
            "A: Die Behörden haben die Meldung über {key} heute Morgen bestätigt.",
            "N: {A}, wie reagieren die Menschen?",
            "A: Vor allem überrascht. Ich habe mit {B} gesprochen, der in der Nähe wohnt.",
            "B: Ich wohne seit {num} Jahren hier und habe so etwas noch nie gesehen.",
            "A: Seit dem Morgen kommen immer mehr Menschen hierher.",
            "N: Und wie geht es jetzt weiter?",
            "A: Eine Erklärung zu {key} wird am {day} erwartet.",
            "N: Weitere Meldungen: Die Börse schloss leicht im Plus.",
            "N: Und im Sport gewann die heimische Mannschaft {num} zu eins.",
        ),
        "turn": (
            "A: {lead}, soeben erreicht uns eine neue Entwicklung zu {key}.",
        ),
        "close": (
            "N: Danke, {A}. Das waren die Nachrichten. Einen schönen Abend.",
        ),
        "intro": ("*: Ich bin {self}. Ich wohne gleich nebenan und habe alles gesehen.",),
    },
    "podcast": {
        "open": (
            "A: Hallo und herzlich willkommen bei {show}! Ich bin {A}.",
            "B: Und ich bin {B}. Heute geht es um {topic}.",
        ),
        "middle": (
            "A: Also, {B}, wie bist du zu {key} gekommen?",
            "B: Ehrlich gesagt, {time}. Eine Freundin hat mich mitgenommen.",
            "*: Was viele an {key} nicht verstehen: Der Anfang ist ganz einfach.",
            "A: Ein Hörer hat uns zu {key} geschrieben.",
            "*: Eine Zahl: {num} Prozent der Leute haben {key} schon einmal ausprobiert.",
            "B: Das überrascht mich. Ich hätte viel weniger geschätzt.",
            "*: Meine steile These: {key} wird überschätzt.",
            "A: Das lassen wir so nicht stehen!",
            "*: Wer mit {key} anfängt, sollte es langsam angehen.",
            "B: Dazu sollten wir am {day} eine ganze Folge machen.",
        ),
        "turn": (
            "A: Und jetzt die Hörerfragen. Die erste: Lohnt sich {key}?",
        ),
        "close": (
            "A: Das war's für heute bei {show}. Danke fürs Zuhören!",
            "B: Bis nächste Woche!",
        ),
        "intro": ("*: Und ich bin {self}! Schön, dabei zu sein.",),
    },
    "advert": {
        "open": (
            "A: Ach, {B}, ich habe genug von immer demselben.",
            "N: Kommt Ihnen das bekannt vor? Dann ist es Zeit für {topic}!",
        ),
        "middle": (
            "B: Hast du schon {brand} probiert? Das hat meine Woche gerettet.",
            "N: {Brand}: mit Liebe gemacht, für Sie gemacht.",
            "A: Wow! Wo warst du mein ganzes Leben, {brand}?",
            "N: Jetzt mit {num} Prozent mehr von allem, was Sie lieben.",
            "N: Jeden Tag für Sie geöffnet, ganz in Ihrer Nähe.",
            "[register] N: Und nur diese Woche: das zweite gratis!",
        ),
        "turn": (
            "B: Im Ernst, {A}. Probier {brand}.",
        ),
        "close": (
            "[whoosh] N: {Brand}. Sie werden sich fragen, wie Sie je ohne leben konnten.",
        ),
        "intro": ("*: Ich bin {self}, und ich erzähle allen Freunden davon.",),
    },
}
NAMES_FEMALE = ("Anna", "Lena", "Marie", "Sophie", "Hanna", "Klara", "Greta", "Paula",
                "Ida", "Frieda")
NAMES_MALE = ("Jonas", "Felix", "Lukas", "Paul", "Emil", "Moritz", "Karl", "Anton",
              "Leon", "Jakob")
FILLERS: dict[str, tuple[str, ...]] = {
    "time": ("letzten Winter", "vor zehn Jahren", "heute Morgen", "um Mitternacht",
             "letzten Sommer", "vor drei Tagen", "im Morgengrauen"),
    "day": ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"),
    "num": ("zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "zehn", "zwanzig"),
    "team": ("Eintracht", "Borussia", "Union", "Fortuna", "Alemannia"),
    "show": ("Alles über {key}", "Die {key}-Stunde", "Reden wir über {key}"),
}
# A thing for story lines to be about when the subject is a speaker or the place.
KEYS: dict[str, str] = {"story": "der alte Brief"}
FALLBACK_TOPIC = "eine unerwartete Überraschung"
FALLBACK_KEY = "die Überraschung"
PLACES: dict[str, str] = {"story": "das Dorf", "news": "der Innenstadt", "podcast": "dem Studio",
                          "advert": "Ihrer Nähe"}
