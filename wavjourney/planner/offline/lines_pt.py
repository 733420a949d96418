"""Portuguese line banks of the offline planner (data; see `lines_en` for the format)."""

from __future__ import annotations

BANKS: dict[str, dict[str, tuple[str, ...]]] = {
    "story": {
        "open": (
            "N: Esta é a história de {topic}.",
            "N: Tudo começou numa {day} qualquer, com {A} e {B}.",
            "A: {B}, você ouviu falar de {key}?",
        ),
        "middle": (
            "B: Todo mundo está falando de {key}, {A}.",
            "A: Não paro de pensar em {topic}.",
            "N: {A} caminhou devagar, pensando em {key}.",
            "B: Se vamos fazer isso, {A}, fazemos juntos.",
            "A: Lembra o que aconteceu {time}? Tudo começou com {key}.",
            "[footsteps] B: Vem alguém aí. Rápido, por aqui.",
            "N: Por um momento, ninguém disse nada.",
            "A: Temos {num} horas, {B}. Só isso.",
            "B: Então não vamos perder tempo falando de {key}.",
            "N: Lá fora, a noite ficou em silêncio, como se escutasse.",
            "A: Me diga a verdade sobre {key}, {B}.",
            "B: A verdade é simples: sem {key}, não estaríamos aqui.",
        ),
        "turn": (
            "[knock] A: Estão batendo na porta. A esta hora?",
            "N: E naquele momento, tudo o que {A} pensava sobre {key} mudou.",
        ),
        "close": (
            "A: Aconteça o que acontecer, {B}, fico feliz que tenha sido você.",
            "N: E assim termina a nossa história de {topic}. Boa noite.",
        ),
        "intro": ("*: Eu sou {self}. Eu estava lá quando aconteceu.",),
    },
    "news": {
        "open": (
            "N: Boa noite. A notícia principal de hoje: {topic}.",
            "N: Vamos ao vivo falar com {A}. {A}, o que pode nos contar?",
            "A: Obrigada, {lead}. Aqui, todo mundo só fala de {key}.",
        ),
        "middle": (
            "A: As autoridades confirmaram a notícia sobre {key} hoje de manhã.",
            "N: {A}, como as pessoas estão reagindo?",
            "A: Com surpresa. Conversei com {B}, que mora aqui perto.",
            "B: Moro aqui há {num} anos e nunca vi nada parecido.",
            "A: Desde cedo, a multidão não para de crescer.",
            "N: E o que acontece agora?",
            "A: Um comunicado sobre {key} é esperado para {day}.",
            "N: Em outras notícias, a bolsa fechou em leve alta.",
            "N: E no esporte, o time da casa venceu por {num} a um.",
        ),
        "turn": (
            "A: {lead}, acaba de chegar uma novidade sobre {key}.",
        ),
        "close": (
            "N: Obrigado, {A}. Por hoje é só. Boa noite.",
        ),
        "intro": ("*: Eu sou {self}. Moro aqui perto e vi tudo.",),
    },
    "podcast": {
        "open": (
            "A: Olá e bem-vindos ao {show}! Eu sou {A}.",
            "B: E eu sou {B}. Hoje vamos falar de {topic}.",
        ),
        "middle": (
            "A: Então, {B}, quando você descobriu {key}?",
            "B: Sinceramente? {time}. Uma amiga me levou e eu me apaixonei.",
            "*: O que muita gente não entende sobre {key} é como é simples começar.",
            "A: Um ouvinte nos escreveu sobre {key}.",
            "*: Um número: {num} por cento das pessoas já experimentaram {key}.",
            "B: Isso me surpreende. Eu diria bem menos.",
            "*: Minha opinião polêmica: {key} é superestimado.",
            "A: Essa a gente não vai deixar passar!",
            "*: Se você é novo em {key}, comece devagar.",
            "B: A gente devia fazer um episódio inteiro sobre isso na {day}.",
        ),
        "turn": (
            "A: E agora, as perguntas dos ouvintes. A primeira: vale a pena {key}?",
        ),
        "close": (
            "A: Por hoje é só no {show}. Obrigado por ouvir!",
            "B: Até a semana que vem!",
        ),
        "intro": ("*: E eu sou {self}! Que bom estar aqui.",),
    },
    "advert": {
        "open": (
            "A: Ai, {B}, estou cansada de sempre a mesma coisa.",
            "N: Parece familiar? Então chegou a hora de {topic}!",
        ),
        "middle": (
            "B: Você já experimentou {brand}? Mudou a minha semana.",
            "N: {Brand}: feito com carinho, feito para você.",
            "A: Nossa! Onde você esteve a vida toda, {brand}?",
            "N: Agora com {num} por cento a mais de tudo o que você ama.",
            "N: Perto de você, aberto todos os dias.",
            "[register] N: E só nesta semana, o segundo é grátis!",
        ),
        "turn": (
            "B: Sério, {A}. Experimenta {brand}.",
        ),
        "close": (
            "[whoosh] N: {Brand}. Você vai se perguntar como viveu sem isso.",
        ),
        "intro": ("*: Eu sou {self}, e recomendo para todos os meus amigos.",),
    },
}
NAMES_FEMALE = ("Ana", "Beatriz", "Mariana", "Joana", "Inês", "Carolina", "Rita", "Sofia",
                "Luísa", "Clara")
NAMES_MALE = ("João", "Pedro", "Tiago", "Rafael", "Miguel", "Gustavo", "Bruno", "Rui",
              "André", "Lucas")
FILLERS: dict[str, tuple[str, ...]] = {
    "time": ("no inverno passado", "há dez anos", "hoje de manhã", "à meia-noite",
             "no verão passado", "há três dias", "ao amanhecer"),
    "day": ("segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira"),
    "num": ("dois", "três", "quatro", "cinco", "seis", "sete", "oito", "dez", "vinte"),
    "team": ("Estrela", "Atlético", "Sporting", "Vitória", "União"),
    "show": ("Papo sobre {key}", "A hora de {key}", "Tudo sobre {key}"),
}
# A thing for story lines to be about when the subject is a speaker or the place.
KEYS: dict[str, str] = {"story": "a velha carta"}
FALLBACK_TOPIC = "uma surpresa inesperada"
FALLBACK_KEY = "a surpresa"
PLACES: dict[str, str] = {"story": "a vila", "news": "o centro", "podcast": "o estúdio",
                          "advert": "o seu bairro"}
