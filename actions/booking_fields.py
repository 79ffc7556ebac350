"""What counts as a valid answer to each booking question, and why an answer is not.

Pure functions of the visitor's words (no Rasa types): the form's validation action,
the correction parser at the summary step and the tests all use the same rules. Each
`parse_*` returns a `Parsed` whose `error` names the response that tells the visitor why
(`utter_invalid_*` in domain.yml, English and Spanish) and whose `details` fill it: a
list of choices comes as `choices` (English) and `choices_es` (Spanish words and "o").
"""

from __future__ import annotations

import re
import unicodedata
from typing import Dict, Iterable, List, Optional

from clinic.contact_fields import (
    Parsed,
    fail,
    parse_phone,
    squash_spaces,
)

# Stored instead of None for an optional question the visitor chose to skip, so the form
# does not ask it again; the request sent to the app carries null.
SKIPPED = "skipped"

# Length limits stay below the app's columns (bot/storage/tables.py).
VISIT_REASON_MAX = 120
CARRIER_MAX = 60
MEMBER_ID_MIN, MEMBER_ID_MAX = 5, 30


def plain(text: str) -> str:
    """The text without accents ("sí" -> "si"), one character for each of the text's own
    (in NFC), so positions found in it are positions in the text."""
    return "".join(
        unicodedata.normalize("NFKD", c)[0] for c in unicodedata.normalize("NFC", text or "")
    )


# Spanish answers (issue 19) beside the English ones; the rules read text without accents.
_SKIP = re.compile(
    r"^\s*(skip( (it|this|that|this one|this question))?|none|n/?a|no( thanks?| thank you)?|nope|nah|pass|"
    r"(i'?d )?(rather|prefer) not( to)?( say| share| give it)?|"
    r"(i )?(don'?t|do not) (have|want to (say|share|give))( (one|it|an? \w+))?|"
    r"no (e-?mail|phone|number|cell|reason|id|member id|card)( \w+)?|"
    r"omitir(lo|la)?|omit[ae](lo|la)?|saltar|paso|ninguno|no,? gracias|"
    r"(yo )?no (lo )?tengo( (uno|una|correo|e-?mail|telefono|numero|celular|motivo|tarjeta))?( \w+)?|"
    r"prefiero no( (decir(lo)?|dar(lo)?|compartir(lo)?|contestar))?|"
    r"no quiero (decir(lo)?|dar(lo)?|compartir(lo)?|contestar)|"
    r"sin (correo|e-?mail|telefono|numero))\s*[.!]*\s*$",
    re.IGNORECASE,
)


def is_skip(text: str) -> bool:
    """The visitor declines to answer an optional question ("skip", "no", "I don't have one")."""
    return bool(_SKIP.match(plain(text)))


_YES = re.compile(
    r"^\s*(y|ya|yes|yeah|yep|yup|sure|ok|okay|i agree|agreed?|i do|correct|of course|absolutely|"
    r"definitely|please do|go ahead|that'?s (fine|right|correct)|fine|looks (good|right|correct)|"
    r"all (good|correct)|send( it)?|submit( it)?|confirm(ed)?|perfect|"
    r"si|claro|de acuerdo|esta bien|acepto|correcto|por supuesto|adelante|dale|vale|perfecto|"
    r"confirmo|envie(la)?|enviela|enviar(la)?|mandela|todo bien)\b",
    re.IGNORECASE,
)
_NO = re.compile(
    r"^\s*(n|no|nope|nah|i (don'?t|do not)( agree)?|don'?t|do not|i disagree|disagree|not (really|now)|"
    r"that'?s (wrong|not right|incorrect)|incorrect|wrong|para nada|esta mal)\b",
    re.IGNORECASE,
)


def parse_yes_no(text: str, intent: Optional[str] = None) -> Optional[bool]:
    """True/False for a yes/no answer (typed or the affirm/deny buttons), None otherwise."""
    if intent == "affirm":
        return True
    if intent == "deny":
        return False
    if _NO.match(plain(text)):
        return False
    if _YES.match(plain(text)):
        return True
    return None


def parse_phone_answer(text: str) -> Parsed:
    """The answer to the form's phone question: a number, or SKIPPED."""
    return Parsed(SKIPPED) if is_skip(text) else parse_phone(text)


# --- choices -----------------------------------------------------------------------------


def _squash(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


_TELEHEALTH_WORDS = {
    "telehealth",
    "online",
    "virtual",
    "video",
    "telemedicine",
    "remote",
    "remotely",
    "zoom",
}


def matching_locations(text: str, locations: Iterable[str]) -> List[str]:
    """Locations named in the text ("the dallas one", "mc kinney"), as the profile spells them."""
    tokens = re.findall(r"[a-z]+", (text or "").lower())
    grams = {"".join(tokens[i : i + n]) for n in (1, 2, 3) for i in range(len(tokens) - n + 1)}
    found = []
    for location in locations:
        named = _squash(location) in grams
        if location == "Telehealth" and _TELEHEALTH_WORDS & set(tokens):
            named = True
        if named:
            found.append(location)
    return found


def choice_list(options: List[str], conjunction: str = "or") -> str:
    if len(options) <= 1:
        return "".join(options)
    return ", ".join(options[:-1]) + f" {conjunction} " + options[-1]


def choice_list_es(options: List[str], labels: Optional[Dict[str, str]] = None) -> str:
    """The options in Spanish (clinic.yml `spanish.labels` where they differ), joined with
    "o", which becomes "u" before a word starting with the sound o ("TEPT u Otro")."""
    shown = [(labels or {}).get(option, option) for option in options]
    last = unicodedata.normalize("NFKD", shown[-1].lower()) if shown else ""
    return choice_list(shown, "u" if re.match(r"h?o", last) else "o")


def choices(options: List[str], labels: Optional[Dict[str, str]] = None) -> Dict[str, str]:
    """A response's {choices} and {choices_es}."""
    return {"choices": choice_list(options), "choices_es": choice_list_es(options, labels)}


# An office turned down in the same breath: "mckinney, not dallas", "frisco instead of allen",
# "en vez de dallas, frisco".
_TURNED_DOWN = re.compile(
    r"\b(?:not|no|instead of|rather than|en vez de|en lugar de)\s+((?:\w+\s*){1,3})", re.IGNORECASE
)


def kept_locations(text: str, locations: Iterable[str]) -> List[str]:
    """The offices a message names, less those it turns down (all of them if it turns down
    every one it names)."""
    found = matching_locations(text, locations)
    refused = {
        location
        for match in _TURNED_DOWN.finditer(text or "")
        for location in matching_locations(match.group(1), locations)
    }
    return [location for location in found if location not in refused] or found


def parse_location(text: str, locations: List[str]) -> Parsed:
    found = kept_locations(text, locations)
    if len(found) == 1:
        return Parsed(found[0])
    if found:
        return fail("utter_invalid_location_several", **choices(found))
    return fail("utter_invalid_location_unknown", **choices(locations))


_RETURNING_NEGATED = re.compile(
    r"\bnot (a |an )?(new|first[- ]time)\b|\bno (soy|es) (paciente )?nuev[oa]\b|\bno es (la )?primera vez\b"
)
_NEW_NEGATED = re.compile(
    r"\b(not (a |an )?(returning|existing|current)|never|haven'?t (been|seen|visited)|not been|"
    r"nunca|no (soy|he sido) paciente|no me han (atendido|visto))\b"
)
_NEW = re.compile(
    r"\b(new|first[- ]?time|first visit|first appointment|(?<!de )nuev[oa]|"
    r"primera (vez|cita|consulta|visita))\b"
)
_RETURNING = re.compile(
    r"\b(returning|return|existing|current|established|former|previous|been (there|here|before|seen)|seen (you|by|there|before)|come back|coming back|again|"
    r"ya (soy|fui|he sido|era) paciente|ya me (han )?(atendieron|atendido|vieron|visto)|regres\w*|"
    r"vuelvo|de nuevo|otra vez|ya (he|habia) (ido|venido|estado)|paciente (actual|existente|establecid[oa])|"
    r"(came|been|went) (to (you|yall|y'?all|u|your (office|clinic|practice))|here|there) (before|previously)|"
    # "i was a patient there in 2022", "was a patient before", "used to be a patient"
    r"used to be (a |your )?patient|(was|were) (a |your )?patients? (of yours|there|here|before|previously|"
    r"with (you|yall|y'?all|u|dr \w+)|in \d{4}|\w+ years? ago|at (your|the) \w+ (office|clinic|location)))\b"
)
# A booking message that states the status in passing ("a previous patient", "never been
# seen", "first time"): the word patient or a first visit must be there, so "new to the
# area" or "again" alone are not read as a status.
_STATUS_STATED = re.compile(
    r"\b(patients?|pacientes?|returning(?! (from|to|my|your|a|the|home|calls?)\b)|first[- ]?time(r)?|"
    r"first (visit|appointment)|never been (seen|there|here|in|to)|primera (vez|cita|consulta|visita)|"
    # round 14: "was seen before", "came to yall previously"
    r"(was|were|been) seen (there |here |by (you|yall|y'?all|u) )?(before|previously)|"
    r"(came|been|went) (to (you|yall|y'?all|u|your (office|clinic|practice))|here|there) (before|previously))\b"
)


def status_in_passing(text: str) -> Optional[str]:
    """The patient status a booking message states beside other facts, if it states one."""
    if not _STATUS_STATED.search(plain(text).lower()):
        return None
    parsed = parse_patient_status(text)
    return parsed.value if parsed.ok else None


def parse_patient_status(text: str) -> Parsed:
    low = plain(text).lower()
    if _RETURNING_NEGATED.search(low):
        return Parsed("returning")
    if _NEW_NEGATED.search(low):
        return Parsed("new")
    new, returning = bool(_NEW.search(low)), bool(_RETURNING.search(low))
    if new != returning:
        return Parsed("new" if new else "returning")
    return fail("utter_invalid_patient_status")


def parse_visit_reason(
    text: str, reasons: List[str], labels: Optional[Dict[str, str]] = None
) -> Parsed:
    """One of the profile's reasons (any case), or a short description in the visitor's words;
    `labels` are the reasons' Spanish names (clinic.yml), for the Spanish message."""
    reason = squash_spaces(text).strip(" .!")
    if is_skip(reason):
        return Parsed(SKIPPED)
    for option in reasons:
        if reason.lower() in (option.lower(), (labels or {}).get(option, option).lower()):
            return Parsed(option)
    if not re.search(r"[^\W\d_]", reason):
        return fail("utter_invalid_visit_reason_no_words", **choices(reasons, labels))
    if len(reason) > VISIT_REASON_MAX:
        return fail("utter_invalid_visit_reason_too_long", max_length=VISIT_REASON_MAX)
    return Parsed(reason)


_SELF_PAY = re.compile(
    r"\b(self[- ]?pay(ing)?|cash|out[- ]of[- ]pocket|pay (it )?(myself|privately|directly)|private(ly)? pay|"
    r"no insurance|not insured|uninsured|(don'?t|do not) have (any )?insurance|without insurance|"
    r"pago (por mi cuenta|yo mism[oa]|de mi bolsillo|en efectivo|particular|directo)|efectivo|"
    r"por mi cuenta|sin seguro|sin aseguranza|no tengo (ningun )?(seguro|aseguranza)|"
    r"pagar(lo|e)? (yo|por mi cuenta))\b"
)
_NOT_SURE = re.compile(
    r"\b(not sure|unsure|(don'?t|do not) know|dunno|idk|no idea|not certain|maybe|check for me|"
    r"no (lo )?se|no estoy segur[oa]|quizas?|tal vez|ni idea)\b"
)
_INSURED = re.compile(
    r"\b(insurance|insured|insurer|i have|through (my|our)|my plan|coverage|covered|"
    r"seguro( medico)?|aseguranza|aseguradora|tengo|cobertura|mi plan)\b"
)


def parse_coverage(text: str) -> Parsed:
    """insurance, self_pay or not_sure (staff verify later)."""
    low = plain(text).lower()
    if _SELF_PAY.search(low):
        return Parsed("self_pay")
    if _NOT_SURE.search(low):
        return Parsed("not_sure")
    if _INSURED.search(low):
        return Parsed("insurance")
    return fail("utter_invalid_coverage")


# How they will pay, said beside other facts: "ill pay myself", "not sure about payment
# yet", "idk whether my insurance applies", "unsure if my plan covers this".
_SELF_PAY_IN_PASSING = re.compile(
    r"\b(((i'?ll|i will|gonna|going to|can|will) )?pay(ing)? (for )?(it |this |that )?(myself|out of pocket|"
    r"in cash|cash|privately))\b"
)
_UNSURE_PAYING = re.compile(
    r"\b(not sure|unsure|(don'?t|do not) know|dunno|idk|no idea|not certain|no (lo )?se|no estoy segur[oa])\b"
    r"( \w+){0,5} (insurance|pay|paying|payment|plan covers?|my plan|coverage|covers?|covered|self pay|seguro|"
    r"aseguranza|pago|pagar|cobertura)\b"
)


def coverage_in_passing(text: str) -> Optional[str]:
    """The coverage a booking message states beside other facts, if it states one."""
    low = plain(text).lower()
    if _SELF_PAY.search(low) or _SELF_PAY_IN_PASSING.search(low):
        return "self_pay"
    if _UNSURE_PAYING.search(low):
        return "not_sure"
    return None


def is_unsure(text: str) -> bool:
    return bool(_NOT_SURE.search(plain(text).lower()))


_CARRIER_PREFIX = re.compile(
    r"^\s*(my (insurance |health )?(carrier|insurance|insurer|plan|provider|company) is|it'?s|it is|i have|i've got|we have|through|"
    r"mi (seguro( m[eé]dico)?|aseguranza|aseguradora|compa[nñ][ií]a( de seguros?)?|plan) es|es|tengo|tenemos)\s+",
    re.IGNORECASE,
)


def parse_insurance_carrier(text: str) -> Parsed:
    carrier = squash_spaces(_CARRIER_PREFIX.sub("", text or "")).strip(" .!")
    if not re.search(r"[^\W\d_]", carrier):
        return fail("utter_invalid_carrier_no_name")
    if len(carrier) > CARRIER_MAX:
        return fail("utter_invalid_carrier_too_long", max_length=CARRIER_MAX)
    return Parsed(carrier)


_MEMBER_ID_PREFIX = re.compile(
    r"^\s*((my )?(member|policy|subscriber|insurance)?\s*(id|number|no\.?|#)( number)?( is|:)?|it'?s|it is|"
    r"(mi )?n[uú]mero( de (miembro|p[oó]liza|afiliado))?( es|:)?|es)\s+",
    re.IGNORECASE,
)


def parse_member_id(text: str) -> Parsed:
    """The member ID from the insurance card (letters and digits), upper-cased, or SKIPPED."""
    if is_skip(text):
        return Parsed(SKIPPED)
    raw = squash_spaces(_MEMBER_ID_PREFIX.sub("", text or "")).strip(" .!")
    compact = re.sub(r"[\s-]", "", raw)
    if not re.fullmatch(r"[A-Za-z0-9]+", compact) or not re.search(r"\d", compact):
        return fail("utter_invalid_member_id_characters")
    if not MEMBER_ID_MIN <= len(compact) <= MEMBER_ID_MAX:
        return fail(
            "utter_invalid_member_id_length", min_length=MEMBER_ID_MIN, max_length=MEMBER_ID_MAX
        )
    return Parsed(re.sub(r"\s+", "", raw).upper())


# --- facts stated without being asked (issue 16) -------------------------------------------

RELATIONSHIP_MAX = 40
_ROLE_WORDS = {
    "psychiatrist": ("psychiatrist", "md", "doctor", "dr"),
    "nurse practitioner": ("np", "pmhnp", "nurse practitioner", "nurse"),
}


def matching_providers(text: str, providers: Iterable) -> List[str]:
    """Providers the words name: a first or last name, or the role ("the psychiatrist")."""
    tokens = set(re.findall(r"[a-z]+", (text or "").lower()))
    low = " ".join(re.findall(r"[a-z]+", (text or "").lower()))
    found = []
    for provider in providers:
        names = {part for part in re.findall(r"[a-z]+", provider.name.lower()) if len(part) > 2}
        names.discard("dr")
        role = provider.role.lower()
        roles = next((words for key, words in _ROLE_WORDS.items() if key in role), ())
        named = bool(names & tokens) or any(re.search(rf"\b{w}\b", low) for w in roles)
        if named:
            found.append(provider.name)
    return found


def parse_provider(text: str, providers: List) -> Parsed:
    """One of clinic.yml's providers, as the profile names them."""
    found = matching_providers(text, providers)
    if len(found) == 1:
        return Parsed(found[0])
    return fail("utter_invalid_provider", **choices([p.name for p in providers]))


def parse_relationship(text: str) -> Parsed:
    """Who the patient is to the person writing ("son", "mother"), in one or two words."""
    value = squash_spaces(text).strip(" .,!").lower()
    if not re.fullmatch(r"[a-z]+(?:[ -][a-z]+)?", value) or len(value) > RELATIONSHIP_MAX:
        return fail("utter_invalid_relationship")
    return Parsed(value)


def capitalised_name(name: str) -> str:
    """A name typed all in lower case, as the person would write it ("megan fox-hale" -> "Megan Fox-Hale")."""
    return name.title() if name == name.lower() else name


# Words next to a name that are never part of it ("im [dana] lee", "[chen] here").
_NOT_NAME_NEIGHBOURS = set(
    """i im i'm my me mine name names name's is this its it's and or here calling for the a an at
    in to with hi hey hello yo book booking want wants need needs would like id i'd can could
    please pls new patient returning appt appointment consult consultation office clinic
    location on from by of but so he she his her hes shes he's she's they their we our us
    mom dad son daughter wife husband brother sister partner mother father email phone number
    cell text call am be thanks dr doctor monday tuesday wednesday thursday friday saturday
    sunday mornings morning afternoons afternoon evenings evening weekdays weekends asap
    allen mckinney frisco dallas insurance self pay cash new pt""".split()
    # Spanish (issue 19), without accents: compared with the word's plain form.
    + """soy me llamo mi nombre es y yo hola buenas buenos buen dia tardes noches habla aqui
    de parte con el la los las un una del al en para por favor porfa quiero quisiera necesito
    ocupo busco cita consulta oficina clinica paciente nuevo nueva cel celular tel telefono
    numero correo manana tarde lunes martes miercoles jueves viernes sabado domingo seguro
    hijo hija esposo esposa mama papa hermano hermana su que""".split()
)
_NAME_WORD = r"[^\W\d_][\w'’-]*"


def completed_name(text: str, start: int, end: int) -> str:
    """A name the model found only in part ("[dana] lee", "amy [chen]"): a one-word find
    takes the next word, else the previous one, when that word can belong to a name."""
    found = text[start:end]
    if len(found.split()) >= 2:
        return found
    right = re.match(rf"\s+({_NAME_WORD})", text[end:])
    if right and plain(right.group(1)).lower() not in _NOT_NAME_NEIGHBOURS:
        return f"{found} {right.group(1)}"
    left = re.search(rf"({_NAME_WORD})\s+$", text[:start])
    if left and plain(left.group(1)).lower() not in _NOT_NAME_NEIGHBOURS:
        return f"{left.group(1)} {found}"
    return found
