"""French line banks of the offline planner (data; see `lines_en` for the format)."""

from __future__ import annotations

BANKS: dict[str, dict[str, tuple[str, ...]]] = {
    "story": {
        "open": (
            "N: Voici l'histoire de {topic}.",
            "N: Tout a commencé un {day} ordinaire, avec {A} et {B}.",
            "A: {B}, tu as entendu parler de {key} ?",
        ),
        "middle": (
            "B: Tout le monde parle de {key}, {A}.",
            "A: Je n'arrête pas de penser à {topic}.",
            "N: {A} marchait lentement, en pensant à {key}.",
            "B: Si on le fait, {A}, on le fait ensemble.",
            "A: Tu te souviens de ce qui s'est passé {time} ? Tout a commencé avec {key}.",
            "[footsteps] B: Quelqu'un arrive. Vite, par ici.",
            "N: Pendant un instant, personne ne dit un mot.",
            "A: Nous avons {num} heures, {B}. Pas une de plus.",
            "B: Alors ne perdons pas de temps à parler de {key}.",
            "N: Dehors, la nuit se fit silencieuse, comme si elle écoutait.",
            "A: Dis-moi la vérité sur {key}, {B}.",
            "B: La vérité est simple : sans {key}, nous ne serions pas là.",
        ),
        "turn": (
            "[knock] A: On frappe à la porte. À cette heure-ci ?",
            "N: Et à cet instant, tout ce que {A} croyait savoir sur {key} changea.",
        ),
        "close": (
            "A: Quoi qu'il arrive, {B}, je suis content que ce soit toi.",
            "N: Ainsi se termine notre histoire de {topic}. Bonne nuit.",
        ),
        "intro": ("*: Je suis {self}. J'étais là quand c'est arrivé.",),
    },
    "news": {
        "open": (
            "N: Bonsoir. À la une ce soir : {topic}.",
            "N: Nous retrouvons {A} en direct. {A}, que pouvez-vous nous dire ?",
            "A: Merci, {lead}. Je suis à {place}, où {key} est sur toutes les lèvres.",
        ),
        "middle": (
            "A: Les autorités ont confirmé la nouvelle concernant {key} ce matin.",
            "N: {A}, comment les habitants réagissent-ils ?",
            "A: Avec surprise. J'ai parlé avec {B}, qui habite tout près.",
            "B: J'habite ici depuis {num} ans et je n'ai jamais vu ça.",
            "A: Depuis ce matin, la foule ne cesse de grandir.",
            "N: Et quelle est la suite ?",
            "A: Un communiqué sur {key} est attendu {day}.",
            "N: Dans l'actualité économique, la bourse a terminé en légère hausse.",
            "N: Et en sport, l'équipe locale a gagné {num} à un.",
        ),
        "turn": (
            "A: {lead}, on m'annonce à l'instant du nouveau concernant {key}.",
        ),
        "close": (
            "N: Merci, {A}. C'est la fin de ce journal. Bonne soirée.",
        ),
        "intro": ("*: Je m'appelle {self}. J'habite juste à côté, j'ai tout vu.",),
    },
    "podcast": {
        "open": (
            "A: Bonjour et bienvenue dans {show} ! Je suis {A}.",
            "B: Et moi, c'est {B}. Aujourd'hui, on parle de {topic}.",
        ),
        "middle": (
            "A: Alors, {B}, comment as-tu découvert {key} ?",
            "B: Honnêtement ? {time}. Une amie m'a emmené et j'ai adoré.",
            "*: Ce que les gens ne comprennent pas sur {key}, c'est que c'est simple au début.",
            "A: Un auditeur nous a écrit au sujet de {key}.",
            "*: Un chiffre : {num} pour cent des gens ont déjà essayé {key}.",
            "B: Ça me surprend. J'aurais dit beaucoup moins.",
            "*: Mon avis tranché : {key} est surestimé.",
            "A: Ah non, on ne va pas laisser passer ça !",
            "*: Si vous débutez avec {key}, commencez doucement.",
            "B: On devrait faire un épisode entier là-dessus {day}.",
        ),
        "turn": (
            "A: Place aux questions des auditeurs. La première : {key}, ça vaut le coup ?",
        ),
        "close": (
            "A: C'est tout pour aujourd'hui dans {show}. Merci de nous avoir écoutés !",
            "B: À la semaine prochaine !",
        ),
        "intro": ("*: Et moi, c'est {self} ! Ravi d'être là.",),
    },
    "advert": {
        "open": (
            "A: Pff, {B}, j'en ai assez de toujours la même chose.",
            "N: Ça vous parle ? Alors c'est le moment de découvrir {topic} !",
        ),
        "middle": (
            "B: Tu as essayé {brand} ? Ça a changé ma semaine.",
            "N: {Brand} : fait avec soin, fait pour vous.",
            "A: Incroyable ! Où étais-tu pendant tout ce temps, {brand} ?",
            "N: Maintenant avec {num} pour cent de plaisir en plus.",
            "N: Retrouvez-le près de chez vous, ouvert tous les jours.",
            "[register] N: Et cette semaine seulement, le deuxième est offert !",
        ),
        "turn": (
            "B: Sérieusement, {A}. Essaie {brand}.",
        ),
        "close": (
            "[whoosh] N: {Brand}. Vous vous demanderez comment vous avez pu vous en passer.",
        ),
        "intro": ("*: Je suis {self}, et j'en parle à tous mes amis.",),
    },
}
NAMES_FEMALE = ("Camille", "Léa", "Chloé", "Manon", "Inès", "Julie", "Claire", "Sophie",
                "Margaux", "Lucie")
NAMES_MALE = ("Louis", "Hugo", "Jules", "Lucas", "Paul", "Antoine", "Étienne", "Marc",
              "Théo", "Nicolas")
FILLERS: dict[str, tuple[str, ...]] = {
    "time": ("l'hiver dernier", "il y a dix ans", "ce matin", "à minuit", "l'été dernier",
             "il y a trois jours", "à l'aube"),
    "day": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    "num": ("deux", "trois", "quatre", "cinq", "six", "sept", "huit", "dix", "vingt"),
    "team": ("Olympique", "Racing Club", "Stade Nord", "AS Rivière", "FC Étoile"),
    "show": ("Parlons {key}", "L'heure de {key}", "Tout sur {key}"),
}
# A thing for story lines to be about when the subject is a speaker or the place.
KEYS: dict[str, str] = {"story": "la vieille lettre"}
FALLBACK_TOPIC = "une surprise inattendue"
FALLBACK_KEY = "la surprise"
PLACES: dict[str, str] = {"story": "le village", "news": "le centre-ville",
                          "podcast": "le studio", "advert": "votre quartier"}
