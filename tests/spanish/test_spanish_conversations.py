"""Spanish conversations through the production path (issue 19): the trained model, Rasa's
rules and forms, and the real actions in-process (tests/safety/safety_eval_harness.py), so
what is asserted is what a visitor reads: a wrong answer refused in Spanish, the summary's
Spanish field names, the questionnaire framed in Spanish around its validated English
questions; and the same turns in English for an English visitor.

Needs the trained model (`make train`). Requests are queued in a temporary outbox: the app
is unreachable on purpose, so nothing leaves the test.
"""

from __future__ import annotations

from live_visitor import Visitor, texts

from actions.assessment_scoring import load_instrument_text
from clinic.profile import load_profile

PROFILE = load_profile()
TEXT = load_instrument_text()


def test_a_spanish_booking_from_refusals_to_the_summary(production):
    visitor = Visitor(production)
    said = visitor.says("hola, quiero hacer una cita")
    assert texts(said).endswith("¿Cuál es su nombre completo?")
    said = visitor.says("Juan")
    assert said[0]["text"].startswith("Por favor indique su nombre y apellido")
    visitor.says("Juan Pérez")
    said = visitor.says("555-0100")
    assert said[0]["text"].startswith("Ese número es demasiado corto")
    said = visitor.says("214 555 0142")
    assert "correo electrónico" in texts(said)
    said = visitor.says("no tengo correo")  # a skip in Spanish
    assert texts(said) == "¿Qué oficina prefiere?"
    said = visitor.says("Frisco")
    said = visitor.says("ayer")
    assert said[0]["text"].startswith("Esa fecha ya pasó")
    visitor.says("los martes por la mañana")
    visitor.says('/inform{"booking_choice": "new"}')
    said = visitor.says("!!")
    assert "Depresión, Ansiedad, TEPT (PTSD) u Otro" in said[0]["text"]
    visitor.says('/inform{"booking_choice": "Depression"}')
    visitor.says('/inform{"booking_choice": "Insurance"}')
    said = visitor.says("123")
    assert said[0]["text"].startswith("Por favor escriba el nombre de su compañía de seguro")
    visitor.says("Aetna")
    visitor.says('/inform{"booking_choice": "skip"}')
    said = visitor.says("/affirm")  # consent
    summary = texts(said)
    for line in (
        "- Nombre: Juan Pérez",
        "- Teléfono: (214) 555-0142",
        "- Correo electrónico: no indicado",
        "- Horario preferido: los martes por la mañana (martes, mañanas)",
        "- Motivo de la visita: Depresión",
        "- Cobertura: Seguro médico: Aetna, número de miembro no indicado",
    ):
        assert line in summary
    for english in ("Name:", "Phone:", "Preferred time", "not given", "Coverage"):
        assert english not in summary
    said = visitor.says("cambia mi teléfono a 214 555 0199")
    assert "- Teléfono: (214) 555-0199" in texts(said)
    said = visitor.says("/affirm")
    assert "referencia NTX-" in texts(said)
    assert visitor.slot("language") == "es"


def test_an_english_booking_keeps_english(production):
    visitor = Visitor(production)
    visitor.says("I'd like to book an appointment")
    said = visitor.says("Madonna")
    assert said[0]["text"] == (
        "Please give your first and last name, so our team knows who to ask for."
    )
    visitor.says("Jane Doe")
    said = visitor.says("555-0100")
    assert said[0]["text"].startswith("That number is too short.")
    assert visitor.slot("language") != "es"


def test_a_spanish_call_back_refuses_in_spanish(production):
    visitor = Visitor(production)
    visitor.says("hola, necesito hablar con una persona de la oficina por favor")
    said = visitor.says("/request_callback")
    assert "¿Por quién debemos preguntar?" in texts(said)
    said = visitor.says("123")
    assert said[0]["text"].startswith("Un nombre no debe contener números")
    visitor.says("Ana López")
    said = visitor.says("12")
    assert said[0]["text"].startswith("Ese número es demasiado corto")


def test_a_spanish_questionnaire_around_its_english_questions(production):
    visitor = Visitor(production)
    said = visitor.says("hola, quiero hacer la autoevaluacion")
    assert "aparecen en inglés" in said[0]["text"]
    assert [b["title"] for b in said[-1]["buttons"]] == [
        "Depresión (PHQ-9)",
        "Ansiedad (GAD-7)",
        "No, gracias",
    ]
    said = visitor.says(said[-1]["buttons"][0]["payload"])
    phq9 = TEXT.instruments["phq9"]
    assert said[-1]["text"].startswith("PHQ-9, pregunta 1 de 9")
    assert phq9.items[0] in said[-1]["text"]  # the validated English item, untranslated
    buttons = said[-1]["buttons"]
    assert [b["title"] for b in buttons] == [o.title for o in TEXT.answer_scale]
    said = visitor.says("nunca")  # a Spanish answer
    assert said[-1]["text"].startswith("PHQ-9, pregunta 2 de 9")
    for _ in range(7):
        visitor.says(buttons[1]["payload"])  # "Several days", clicked
    said = visitor.says(buttons[0]["payload"])  # item 9: "Not at all"
    assert said[0]["text"] == "Su puntaje en el PHQ-9 es 7 de 27, en el rango leve. " + (
        TEXT.spanish.bands["phq9"][1].meaning
    )
    # The answers never switched the conversation to English.
    assert visitor.slot("language") == "es"


def test_a_positive_item_9_in_spanish_gets_the_spanish_crisis_lines(production):
    visitor = Visitor(production)
    visitor.says("hola, quiero hacer la autoevaluacion")
    visitor.says("Depression (PHQ-9)")
    for _ in range(8):
        visitor.says("0")
    said = visitor.says("1")
    text = texts(said)
    assert PROFILE.spanish.crisis.acknowledge in text and PROFILE.crisis.spanish in text
    assert "Su puntaje en el PHQ-9 es 1 de 27." in text  # no reassuring band after item 9
