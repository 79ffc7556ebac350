"""Danger from someone else: threats or violence from a partner or family member.

These messages need 911 and the National Domestic Violence Hotline, not the suicide
crisis reply, and must never be read as an idiom: "he said he'll kill me if I leave" is
a threat, "my mom will kill me if I'm late" is not. What separates them is the shape of
the sentence, not the words: reported speech or a threat verb ("said", "threatened",
"yelling"), a condition about leaving or telling, physical violence done to the visitor
(hit, choked, shoved), a weapon shown, hiding, being followed.

Runs over `normalise()`d text (clinic/safety_lexicon.py) BEFORE idiom masking.
"""

from __future__ import annotations

import re

from clinic.safety_lexicon import RELATION

# Who: a person close to the visitor, or a pronoun standing for one.
PERSON = rf"(?:he|she|they|my (?:\w+ )?{RELATION}s?|(?:mi|su) (?:\w+ )?(?:esposo|esposa|marido|novio|novia|pareja|ex|papa|padre|padrastro|mama|madre|hermano|hermana|hijo|hija|suegra|suegro))"
HARM = r"(?:kill|murder|hurt|shoot|stab|strangle|choke|beat|burn|end)"
VIOLENCE_DONE = (
    r"(?:hit|hits|hitting|beat|beats|beating|choked|chokes|choking|strangled|strangles|"
    r"(?:throws|threw|throwing) (?:\w+ )?(?:things|stuff|plates|dishes) at|"
    r"strangling|punched|punches|shoved|shoves|pushed|slapped|slaps|kicked|kicks|raped|"
    r"attacked|put (?:his|her|their) hands on|came at)"
)

PATTERNS = [
    # reported or shouted threats: "he said he will kill me", "threatening to shoot me"
    rf"\b(?:said|says|saying|told me|tells me|yelling|yelled|screaming|screamed|threaten\w*|"
    rf"keeps saying)\b(?: \w+){{0,8}} {HARM}\w* (?:me|us|the kids|my)\b",
    rf"\bthreaten\w* (?:to )?{HARM}\w*\b(?! (?:himself|herself|themselves|myself))|\bthreatened me\b|"
    r"\bmake me pay\b",
    # conditions about leaving or telling: "kill me if i leave", "i'll disappear if i tell"
    rf"\b(?:{HARM}\w* (?:me|us)|disappear)\b(?: \w+){{0,4}} if i (?:try to )?(?:leave|go|tell|call|"
    rf"report|talk)\b|\b(?:said|says|threaten\w*) (?:\w+ ){{0,5}}(?:follow|find|come after) me\b|\bif i (?:try to )?(?:leave|tell anyone|go to (?:the police|therapy))\b(?: \w+){{0,6}} "
    rf"(?:{HARM}|disappear|make it|alive|hurt)\w*\b",
    r"\b(?:would not|will not|never) make it (?:to \w+ \w+ )?alive\b|"
    r"\bnobody would (?:ever )?find (?:my body|me)\b|\b(?:burn|blow|crash)\w*(?: \w+){0,4} with (?:me|us|the kids) "
    r"(?:in|inside)\b",
    # violence done to the visitor or their children ("he slaps and shoves me")
    rf"\b{PERSON} (?:\w+ ){{0,3}}{VIOLENCE_DONE} (?:and \w+ )?(?:me|my (?:mom|kids|children|son|daughter)|us)\b",
    # injuries with nowhere safe to go; retaliation for seeking help; a weapon sent or shown
    r"\b(?:bruises|bruised|black eye|marks on my)\b(?: \w+){0,6} (?:nowhere (?:to go|safe)|no where to go|"
    r"from (?:him|her)|(?:he|she) (?:did|gave me|left))\b",
    r"\bif (?:he|she|they|my \w+) (?:ever )?(?:finds? out|sees?|knew|knows|catches me)\b(?: \w+){0,8} "
    r"(?:pay for it|hurt me|beat me|hit me)\b",
    r"\b(?:sent|texted|showed|shows) me (?:a )?(?:picture|photo|pic|video) of (?:his|her|a|their) "
    r"(?:gun|knife|pistol|rifle)\b",
    rf"\b{PERSON} (?:\w+ ){{0,2}}(?:keeps|kept|started) (?:hitting|beating|hurting|choking) \w+",
    rf"\b{PERSON} (?:\w+ ){{0,2}}(?:broke|fractured|bruised|cut|burned) my (?:arm|nose|ribs?|wrist|jaw|"
    rf"fingers?|leg|face|hand)\b",
    r"\b(?:scared|afraid|terrified) of (?:my )?(?:husband|wife|boyfriend|girlfriend|partner|ex|fiance|"
    r"dad|father|stepdad|stepfather|him|her)\b(?! (?:finding|knowing|seeing|reading|judging|being))",
    # a weapon shown, being locked in, hiding, followed, at the door
    r"\b(?:came at me|threatened me)\b|\b(?:put|pulled|pointed|held|showed)\w* (?:a|his|her|the) (?:gun|knife|pistol)\b(?! (?:to|against) (?:his|her|their) (?:own )?(?:head|temple|chest))|\bwith a (?:knife|gun)\b(?: \w+){0,4} "
    r"(?:fight|at me|threaten)|\blocked me in\b|\bhiding (?:in|from)\b(?!(?: \w+){0,10} (?:lol|haha|peace|quiet)\b)|\b(?:scared|afraid|terrified) (?:to|of) (?:go|going|return\w*) (?:back )?(?:home|there)\b",
    r"\b(?:outside|at) my (?:apartment|house|door|work|job)\b(?: \w+){0,4} (?:banging|right now|"
    r"again|showing up)\b|\b(?:show\w* up|waiting|parked) (?:at|outside) my (?:work|house|job|apartment|door)\b",
    rf"\b{PERSON}\b(?: \w+){{0,3}} (?:is )?(?:going to|will|gonna) (?:kill|hurt|murder) me(?! if)\b",
    # not safe at home: the standard partner-violence screening question ("do you feel safe
    # at home?") answered no. The reply carries 988 too, for the rarer self-directed sense.
    r"\b(?:(?:not|never|no longer) (?:feel |been |be |think (?:i am|we are|it is) |feel like (?:i am|we are) )?(?:really |fully |totally )?safe|unsafe) (?:at|in|inside) (?:my |our |the )?(?:own )?"
    r"(?:home|house|apartment)\b(?! (?:alone|by myself) with my (?:thoughts|mind))",
    r"\b(?:my|our) (?:home|house|apartment) (?:is not|does not feel|no longer feels|is no longer) "
    r"(?:\w+ )?safe\b|\b(?:my|our) (?:home|house|apartment) (?:is|feels) (?:\w+ )?(?:unsafe|dangerous)\b",
    rf"\b(?:not|never|no longer) (?:\w+ )?safe (?:with|around|near) (?:him|her|{PERSON})\b",
    rf"\b(?:scared|afraid|terrified) (?:of )?what (?:{PERSON}) (?:will|might|could|is going to|would|is gonna) "
    r"do(?! to (?:himself|herself|themselves))\b",
    r"\bno (?:me siento|estoy|estamos|nos sentimos) (?:segur[oa]s?|a salvo|tranquil[oa]s?) "
    r"(?:en|dentro de) (?:mi |la |nuestra )?casa\b|\b(?:mi|nuestra) casa (?:ya )?no es (?:segura|un lugar seguro)\b",
    r"\bno (?:me siento|estoy) (?:segur[oa]|a salvo) (?:con|cerca de) (?:el|ella|mi \w+)\b|"
    r"\bmiedo (?:de )?(?:lo )?que (?:el |ella |mi \w+ )?me (?:pueda|vaya a|valla a|quiera) hacer\b",
    # Spanish
    # "me va a matar" is a threat from a person ("mi esposo dice que me va a matar", "él me
    # quiere matar"), an idiom from anything else ("el calor me va a matar").
    rf"(?:(?:\b{PERSON}|\b(?:dice|dijo|grita|grito|amenaza|amenazo))(?: \w+){{0,4}}|\bel|\bella) me "
    r"(?:quiere|va a) matar\b(?! si| de (?:un |una )?(?:coraje|corajes|susto|risa|disgusto|verguenza|pena|"
    r"gusto|emocion))",
    # ... and from anyone, when it hangs on leaving or telling ("me va a matar si lo dejo").
    r"\bme (?:quiere|va a) matar si (?:(?:lo|la|los) (?:dejo|denuncio)|me voy|me separo|le digo|"
    r"les digo|hablo|llamo|lo cuento)\b",
    r"\bme (?:pega|golpea|golpeo(?! (?:la cabeza|yo|contra))|amenazo|ahorco|ahorca|empujo|"
    r"(?:va a|quiere) (?:hacer dano|lastimar)|esta siguiendo|sigue)\b|\bsi (?:lo|la) (?:dejo|denuncio) me (?:mata|pega)\b|\ble pega a (?:mi|mis)\b|"
    r"^(?!.*\bsi lo hago\b).*\bnadie (?:me )?(?:va a|podra|podria) encontrar\w*\b|\bestoy escondid[oa]\b|\bmiedo de (?:regresar|volver)\b|"
    r"\bamenazo con\b|\bme pega cuando\b",
    # threats to break a bone ("he swore he will break my arm"); afraid to go back home
    # ("me da miedo regresar a la casa"); fighting heard at home while the visitor hides
    # with the children; a drunk relative smashing things
    r"\b(?:said|says|told me|tells me|threaten\w*|swore|swears)\b(?: \w+){0,6} (?:break|snap|smash)\w* "
    r"(?:my|your|her|his) (?:legs?|arms?|neck|face|jaw|nose|ribs|bones|hands?|fingers?|teeth)\b",
    r"\b(?:miedo|panico|terror) (?:de )?(?:regresar|volver|llegar|ir)\b(?: \w+){0,2} (?:a )?(?:la |mi )?casa\b",
    r"\b(?:screaming|yelling|shouting|glass breaking|breaking (?:glass|things|dishes)|throwing things|"
    r"things (?:breaking|flying))\b(?: \w+){0,8} (?:with (?:my|the) (?:kids|children|baby)|"
    r"hiding (?:in|from)|locked (?:in|myself))\b(?!(?: \w+){0,6} (?:lol|haha|peace|quiet))",
    r"\b(?:llego|llega|esta|anda|viene) (?:bien |muy )?(?:borracho|borracha|tomado|tomada|drogado|drogada)\b"
    r"(?: \w+){0,4} (?:rompiendo|aventando|gritando|golpeando|pegando)\b",
    # round 7: a threat quoted at the visitor ("texting me i'll kill you if..."); warned
    # they will regret leaving; knows where the family lives; afraid to go in or home
    # while the person waits; hurt by the people they live with; looking for somewhere
    # safe to sleep; locked in a room with the children while someone bangs on the door
    rf"\b(?:said|says|saying|told me|tells me|texting|texted|texts|yelled|yelling|screamed|screaming)\b"
    rf"(?: \w+){{0,4}} (?:i will|ill|(?:i am|im) (?:going to|gonna)) {HARM} you\b",
    r"\b(?:told|tells|telling|texted|texts|said|says|warned) me\b(?: \w+){0,8} regret\b|"
    r"\bknows where (?:i|we|my \w+) (?:live|lives|work|works|stay|stays|sleep)\b(?: \w+){0,8} "
    r"(?:regret|pay|threat\w*|come after|find me|show up|hurt|kill)\w*\b",
    r"\b(?:i am|i) (?:too |so )?(?:afraid|scared|terrified) to go (?:back )?(?:inside|in)(?: (?:the |my |our )?(?:house|home|"
    r"apartment))?(?= \||$)|\b(?:afraid|scared|terrified|do not want) to go (?:back )?(?:home|inside|"
    r"to the house)\b(?: \w+){0,6} (?:he|she|they) (?:is|are|will be) (?:waiting|there|home|inside)\b",
    r"\b(?:people|person|family|roommates?) i live with (?:\w+ )?(?:hurt|hit|hits|beat|beats|abuse|"
    r"abuses|threaten)\w*\b",
    r"\bsomewhere (?:safe|else) (?:i|we) (?:can|could) (?:go|stay|sleep)\b(?: \w+){0,2} (?:tonight|"
    r"things at home|home)\b|\b(?:can|could) (?:i|we) sleep somewhere else\b",
    r"\bme encerre con (?:los|mis) (?:ninos|hijos|bebes?|nenes)\b|"
    r"\b(?:esta|anda|sigue) (?:golpeando|pateando|tumbando) la puerta\b",
    r"\bme (?:va a|quiere|amenaza con|amenazo con) romper (?:la|las|el|los) (?:piernas?|brazos?|cara|"
    r"madre|huesos?|costillas?)\b",
]
_PATTERN = re.compile("|".join(f"(?:{p})" for p in PATTERNS))


def danger_from_others(normalised: str) -> bool:
    """True when the (normalised) message says someone threatens or hurts the visitor."""
    return bool(_PATTERN.search(normalised))
