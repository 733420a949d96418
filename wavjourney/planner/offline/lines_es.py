"""Spanish line banks of the offline planner (data; see `lines_en` for the format)."""

from __future__ import annotations

BANKS: dict[str, dict[str, tuple[str, ...]]] = {
    "story": {
        "open": (
            "N: Esta es la historia de {topic}.",
            "N: Todo empezó en {place}, un {day} cualquiera, con {A} y {B}.",
            "A: {B}, ¿has oído lo que pasa con {key}?",
        ),
        "middle": (
            "B: Todo el mundo habla de {key}, {A}.",
            "A: No dejo de pensar en {topic}.",
            "N: {A} caminó despacio, pensando en {key}.",
            "B: Si vamos a hacerlo, {A}, lo hacemos juntos.",
            "A: ¿Te acuerdas de lo que pasó {time}? Todo empezó con {key}.",
            "[footsteps] B: Viene alguien. Rápido, por aquí.",
            "N: Durante un momento, nadie en {place} dijo nada.",
            "A: Tenemos {num} horas, {B}. Nada más.",
            "B: Entonces no perdamos el tiempo hablando de {key}.",
            "N: Fuera, la noche se quedó en silencio, como si escuchara.",
            "A: Dime la verdad sobre {key}, {B}.",
            "B: La verdad es sencilla: sin {key}, no estaríamos aquí.",
        ),
        "turn": (
            "[knock] A: Llaman a la puerta. ¿A estas horas?",
            "N: Y en ese momento, todo lo que {A} creía sobre {key} cambió.",
        ),
        "close": (
            "A: Pase lo que pase, {B}, me alegro de que fueras tú.",
            "N: Y así termina nuestra historia de {topic}. Buenas noches.",
        ),
        "intro": ("*: Soy {self}. Yo estaba allí cuando ocurrió.",),
    },
    "news": {
        "open": (
            "N: Buenas noches. Nuestra noticia principal: {topic}.",
            "N: Conectamos en directo con {A}. {A}, ¿qué nos puedes contar?",
            "A: Gracias, {lead}. Estoy en {place}, donde {key} es el tema del día.",
        ),
        "middle": (
            "A: Las autoridades confirmaron la noticia sobre {key} a primera hora.",
            "N: {A}, ¿cómo está reaccionando la gente?",
            "A: Con sorpresa. He hablado con {B}, que vive cerca.",
            "B: Llevo {num} años aquí y nunca había visto algo así.",
            "A: Desde esta mañana, cientos de personas se han acercado a {place}.",
            "N: ¿Y qué pasará ahora?",
            "A: Se espera un comunicado sobre {key} el {day}.",
            "N: En otras noticias, la bolsa cerró con ligeras subidas.",
            "N: Y en deportes, el equipo local ganó {num} a uno.",
        ),
        "turn": (
            "A: {lead}, nos llega ahora mismo una novedad sobre {key}.",
        ),
        "close": (
            "N: Gracias, {A}. Esto ha sido todo. Buenas noches.",
        ),
        "intro": ("*: Soy {self}. Vivo aquí al lado y lo vi todo.",),
    },
    "podcast": {
        "open": (
            "A: ¡Hola y bienvenidos a {show}! Soy {A}.",
            "B: Y yo soy {B}. Hoy hablamos de {topic}.",
        ),
        "middle": (
            "A: A ver, {B}, ¿cuándo empezaste con {key}?",
            "B: Sinceramente, {time}. Una amiga me llevó y me enganché.",
            "*: Lo que casi todo el mundo no entiende de {key} es lo sencillo que es empezar.",
            "A: Nos ha escrito un oyente desde {place} sobre {key}.",
            "*: Un dato: el {num} por ciento de la gente ha probado {key} alguna vez.",
            "B: Me sorprende. Yo habría dicho muchos menos.",
            "*: Mi opinión polémica: {key} está sobrevalorado.",
            "A: ¡Eso no te lo vamos a dejar pasar!",
            "*: Si eres nuevo en {key}, empieza poco a poco.",
            "B: Deberíamos hacer un episodio entero sobre eso el {day}.",
        ),
        "turn": (
            "A: Y ahora, las preguntas de los oyentes. La primera: ¿merece la pena {key}?",
        ),
        "close": (
            "A: Esto es todo por hoy en {show}. ¡Gracias por escucharnos!",
            "B: ¡Hasta la semana que viene!",
        ),
        "intro": ("*: ¡Y yo soy {self}! Encantada de estar aquí.",),
    },
    "advert": {
        "open": (
            "A: Uf, {B}, estoy harta de lo mismo de siempre.",
            "N: ¿Te suena? Entonces es el momento de {topic}.",
        ),
        "middle": (
            "B: ¿Has probado {brand}? Me ha cambiado la semana.",
            "N: {Brand}: hecho con cariño, hecho para ti.",
            "A: ¡Vaya! ¿Dónde has estado toda mi vida, {brand}?",
            "N: Ahora con un {num} por ciento más de todo lo que te gusta.",
            "N: Encuéntralo en {place}, abierto todos los días.",
            "[register] N: Y solo esta semana, ¡el segundo gratis!",
        ),
        "turn": (
            "B: En serio, {A}. Prueba {brand}.",
        ),
        "close": (
            "[whoosh] N: {Brand}. No sabrás cómo has vivido sin él.",
        ),
        "intro": ("*: Soy {self} y se lo recomiendo a todos mis amigos.",),
    },
}
NAMES_FEMALE = ("Lucía", "Carmen", "Elena", "Sofía", "Marta", "Paula", "Isabel", "Rosa",
                "Julia", "Alba")
NAMES_MALE = ("Pablo", "Javier", "Diego", "Mateo", "Andrés", "Luis", "Carlos", "Hugo",
              "Marcos", "Tomás")
FILLERS: dict[str, tuple[str, ...]] = {
    "time": ("el invierno pasado", "hace diez años", "esta mañana", "a medianoche",
             "el verano pasado", "hace tres días", "al amanecer"),
    "day": ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
    "num": ("dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "diez", "veinte"),
    "team": ("Real Unión", "Atlético Norte", "Deportivo Sur", "Racing", "Sporting"),
    "show": ("Hablemos de {Key}", "La hora de {key}", "Todo sobre {key}"),
}
# A thing for story lines to be about when the subject is a speaker or the place.
KEYS: dict[str, str] = {"story": "la vieja carta"}
FALLBACK_TOPIC = "una sorpresa inesperada"
FALLBACK_KEY = "la sorpresa"
PLACES: dict[str, str] = {"story": "el pueblo", "news": "el centro", "podcast": "el estudio",
                          "advert": "tu barrio"}
