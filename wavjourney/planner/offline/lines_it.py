"""Italian line banks of the offline planner (data; see `lines_en` for the format)."""

from __future__ import annotations

BANKS: dict[str, dict[str, tuple[str, ...]]] = {
    "story": {
        "open": (
            "N: Questa è la storia di {topic}.",
            "N: Tutto cominciò un {day} qualunque, con {A} e {B}.",
            "A: {B}, hai sentito di {key}?",
        ),
        "middle": (
            "B: Tutti parlano di {key}, {A}.",
            "A: Non smetto di pensare a {topic}.",
            "N: {A} camminava piano, pensando a {key}.",
            "B: Se lo facciamo, {A}, lo facciamo insieme.",
            "A: Ti ricordi cosa è successo {time}? Tutto è cominciato con {key}.",
            "[footsteps] B: Arriva qualcuno. Presto, di qua.",
            "N: Per un momento, nessuno disse una parola.",
            "A: Abbiamo {num} ore, {B}. Non di più.",
            "B: Allora non perdiamo tempo a parlare di {key}.",
            "N: Fuori, la notte si fece silenziosa, come se ascoltasse.",
            "A: Dimmi la verità su {key}, {B}.",
            "B: La verità è semplice: senza {key} non saremmo qui.",
        ),
        "turn": (
            "[knock] A: Bussano alla porta. A quest'ora?",
            "N: E in quel momento, tutto ciò che {A} credeva su {key} cambiò.",
        ),
        "close": (
            "A: Qualunque cosa accada, {B}, sono felice che sia stato tu.",
            "N: E così finisce la nostra storia di {topic}. Buonanotte.",
        ),
        "intro": ("*: Sono {self}. Ero lì quando è successo.",),
    },
    "news": {
        "open": (
            "N: Buonasera. La notizia principale di stasera: {topic}.",
            "N: Andiamo in diretta da {A}. {A}, cosa ci puoi dire?",
            "A: Grazie, {lead}. Qui non si parla d'altro che di {key}.",
        ),
        "middle": (
            "A: Le autorità hanno confermato la notizia su {key} questa mattina.",
            "N: {A}, come sta reagendo la gente?",
            "A: Con sorpresa. Ho parlato con {B}, che abita qui vicino.",
            "B: Vivo qui da {num} anni e non ho mai visto niente del genere.",
            "A: Da stamattina la folla continua a crescere.",
            "N: E adesso cosa succederà?",
            "A: Un comunicato su {key} è atteso per {day}.",
            "N: Nelle altre notizie, la borsa ha chiuso in leggero rialzo.",
            "N: E nello sport, la squadra locale ha vinto {num} a uno.",
        ),
        "turn": (
            "A: {lead}, ci arriva proprio ora una novità su {key}.",
        ),
        "close": (
            "N: Grazie, {A}. È tutto per questa edizione. Buonasera.",
        ),
        "intro": ("*: Sono {self}. Abito qui vicino e ho visto tutto.",),
    },
    "podcast": {
        "open": (
            "A: Ciao e benvenuti a {show}! Io sono {A}.",
            "B: E io sono {B}. Oggi parliamo di {topic}.",
        ),
        "middle": (
            "A: Allora, {B}, quando hai scoperto {key}?",
            "B: Sinceramente? {time}. Un'amica mi ci ha portato e mi sono appassionato.",
            "*: Quello che molti non capiscono di {key} è quanto sia semplice iniziare.",
            "A: Un ascoltatore ci ha scritto a proposito di {key}.",
            "*: Un dato: il {num} per cento delle persone ha provato {key} almeno una volta.",
            "B: Mi sorprende. Avrei detto molti di meno.",
            "*: La mia opinione scomoda: {key} è sopravvalutato.",
            "A: Questa non te la lasciamo passare!",
            "*: Se sei nuovo, con {key} inizia con calma.",
            "B: Dovremmo farci un episodio intero {day}.",
        ),
        "turn": (
            "A: E ora le domande degli ascoltatori. La prima: vale la pena {key}?",
        ),
        "close": (
            "A: È tutto per oggi a {show}. Grazie per averci ascoltato!",
            "B: Alla prossima settimana!",
        ),
        "intro": ("*: E io sono {self}! Felice di essere qui.",),
    },
    "advert": {
        "open": (
            "A: Uffa, {B}, sono stanca della solita cosa.",
            "N: Ti suona familiare? Allora è il momento di {topic}!",
        ),
        "middle": (
            "B: Hai provato {brand}? Mi ha cambiato la settimana.",
            "N: {Brand}: fatto con cura, fatto per te.",
            "A: Incredibile! Dov'eri finito per tutta la vita, {brand}?",
            "N: Ora con il {num} per cento in più di tutto ciò che ami.",
            "N: Lo trovi vicino a te, aperto tutti i giorni.",
            "[register] N: E solo per questa settimana, il secondo è in regalo!",
        ),
        "turn": (
            "B: Davvero, {A}. Prova {brand}.",
        ),
        "close": (
            "[whoosh] N: {Brand}. Ti chiederai come hai fatto a vivere senza.",
        ),
        "intro": ("*: Sono {self}, e lo consiglio a tutti i miei amici.",),
    },
}
NAMES_FEMALE = ("Giulia", "Chiara", "Francesca", "Sara", "Elena", "Marta", "Alessia",
                "Sofia", "Anna", "Laura")
NAMES_MALE = ("Marco", "Luca", "Matteo", "Giorgio", "Paolo", "Andrea", "Davide", "Pietro",
              "Tommaso", "Enzo")
FILLERS: dict[str, tuple[str, ...]] = {
    "time": ("l'inverno scorso", "dieci anni fa", "stamattina", "a mezzanotte",
             "l'estate scorsa", "tre giorni fa", "all'alba"),
    "day": ("lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica"),
    "num": ("due", "tre", "quattro", "cinque", "sei", "sette", "otto", "dieci", "venti"),
    "team": ("Virtus", "Sporting", "Atletico", "Pro Vercelli", "Unione"),
    "show": ("Parliamo di {key}", "L'ora di {key}", "Tutto su {key}"),
}
# A thing for story lines to be about when the subject is a speaker or the place.
KEYS: dict[str, str] = {"story": "la vecchia lettera"}
FALLBACK_TOPIC = "una sorpresa inaspettata"
FALLBACK_KEY = "la sorpresa"
PLACES: dict[str, str] = {"story": "il paese", "news": "il centro", "podcast": "lo studio",
                          "advert": "il tuo quartiere"}
