"""Warning signs of suicide risk that are not an explicit statement (issue 17).

The explicit lexicon (clinic/safety_lexicon.py) answers "I want to die" with the crisis
reply. These families catch what published warning-sign lists describe without those
words, so the assistant asks the screening question (with the crisis lines) instead of
answering literally:
- 988 Lifeline / AFSP / NIMH warning signs: looking for a way or means (heights,
  medication amounts or lethality, firearms, painless or quick methods, how long
  something takes), saying goodbye, giving possessions away, putting affairs in order
  (will, insurance, pets), stockpiling pills, feeling a burden, feeling trapped,
  hopelessness, wanting to disappear or sleep for good;
- C-SSRS preparatory behaviour ("collecting pills, getting a gun, giving valuables away,
  or writing a suicide note") and still wanting to die when treatment fails.

Most families need two things in one message: a TOPIC (a means, a possession, a loss)
and a CUE that turns it personal (lethality, finality, secrecy, rumination, "for me").
That pairing is what separates "which floor is high enough" from "what floor is the
clinic on". Patterns run over `normalise()`d text (lower case, no accents, contractions
expanded: "im" -> "i am", "dont" -> "do not"), English and Spanish side by side.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import List, Optional, Pattern, Tuple

from clinic.safety_lexicon import normalise


def _rx(*alternatives: str) -> Pattern[str]:
    return re.compile("|".join(f"(?:{a})" for a in alternatives))


# --------------------------------------------------------------------------------------
# Shared cues
# --------------------------------------------------------------------------------------
# Death, lethality and not surviving, in either language.
LETHAL = (
    r"\b(?:lethal|fatal|deadly|mortal|mortales?|kill|kills|killing|die|dies|dying|death|dead|"
    r"survive|survives|surviving|survivable|unsurvivable|sobreviv\w*|morir|muere|muera|muero|moriria|"
    r"morire|(?:ya )?no se (?:levanta|despierta)|"
    r"morirse|instant|"
    r"instantly|instantaneo|(?:not|never|no) (?:to )?wake up|no despertar|ya no despertar|"
    r"stop (?:my |the |your |their )?(?:breathing|heart)|be over|its over|it is over|"
    r"(?:can not|could not) come back|too late|no (?:quede|quedes|quedar|quedaria) viv[oa]|quedar viv[oa])\b"
)
# Thinking about it again and again, noticing oneself, asking "seriously".
RUMINATION = (
    r"\b(?:keep|keeps|kept|been|am|catch myself|cannot stop|can not stop|always) "
    r"(?:\w+ )?(?:thinking|looking|reading|googling|searching|researching|checking|asking|"
    r"wondering|imagining|driving|going|standing|sitting)\b|\bon my mind\b|"
    r"\bthinking (?:a lot )?(?:about|of)\b|\b(?:asking|pregunto) (?:seriously|en serio|for (?:me|myself)|por mi)\b|"
    r"\bno (?:dejo|paro) de pensar\b|\b(?:he estado|estoy|ando|sigo) buscando\b|\b(?:pense|pienso|pensando) en\b|\b(?:lately|ultimamente)\b|"
    r"\bnot (?:for )?a story\b|\bdo not (?:lecture|judge) me\b|\b(?:want|need) to know for (?:sure|real)\b"
)
# Someone close, and the visitor worried about what it means.
WORRY = (
    r"\b(?:stomach dropped|i am (?:so )?(?:scared|worried|afraid|terrified)(?! of)|scared me|"
    r"(?:she|he|they) (?:will not|would not|wont) (?:say|tell me) why|what (?:do|should|can) i do|"
    r"i do not know what to do|changed the subject|(?:says|said) (?:it was|it is) "
    r"(?:a joke|for a book|just curious|from a show)|not a writer|"
    r"(?:has|have|is|are|been) (?:been )?(?:really |so |very )?(?:low|down|depressed|hopeless|"
    r"not (?:doing )?(?:great|well|good))|tired (?:\w+ ){0,3}of (?:everything|it all|life|living)|"
    r"since the divorce|"
    r"me dio miedo|tengo miedo(?! (?:a|de) (?:las|los) )|estoy preocupad[oa]|anda (?:muy )?(?:rar[oa]|deprimid[oa]|triste)|"
    r"ya no aguanta|no se (?:por que|porque) te lo (?:cuento|digo)|(?:not sure|no idea) why i am (?:telling|saying))\b"
)
# Gone, later, after me: the visitor imagines the world without them.
AFTER_ME = (
    r"\b(?:after|when|once) (?:i am|i have|i will be|im) (?:gone|not (?:here|around)|dead)\b|"
    r"\b(?:after|when) i (?:die|go|am no longer)\b|\bwhen i go\b|\bbefore i go\b|\bafter me\b|"
    r"\bafter(?= \||$)|\bif i die\b|\b(?:if|when) i (?:was|were|am) (?:not|no longer) (?:here|around)\b|"
    r"\b(?:before|in case) (?:anything|something) happens to me\b|\bwhere i am (?:going|headed)\b|"
    r"\b(?:cuando|para cuando|despues de que) (?:yo )?(?:ya )?(?:no (?:este|estoy)|me vaya|me muera|falte)\b|"
    r"\bsi me muero\b|\bpor si (?:acaso|no (?:sirve|funciona))\b|\bjust in case\b|"
    r"\bya no (?:me )?(?:va|van) a tener(?: a mi)?\b|"
    r"\b(?:will not|wont|not going to) be (?:needing|around|here)\b|\bmuch longer\b|"
    r"\bya no (?:los|las|lo|la|le|les) (?:voy a necesitar|necesito|hacen falta|hace falta|necesita)\b|"
    r"\b(?:i|he|she) (?:will not|do not|does not|does not) need (?:them|it) (?:anymore|where)\b|"
    r"\b(?:will not|do not|does not) (?:be )?need(?:ing)? (?:it|them|any of it)(?= \||$| anymore| where)"
)
# Finality and getting affairs in order.
FINAL = (
    r"\b(?:forever|for good|permanently|para siempre|one last time|last thing|loose ends|"
    r"settled|wrapped up|in order|en orden|taken care of|no time (?:to waste|left)|"
    r"everything(?:s| is) (?:handled|sorted|arranged)|(?:me queda|i have|there is) (?:poco|little|not much) "
    r"(?:tiempo|time)(?: (?:aqui|left))?|(?:do not|dont) have (?:much|a lot of) time left|"
    r"before the (?:weekend|end|holidays)|by the end of|this week|by friday|right time|"
    r"antes del (?:lunes|martes|miercoles|jueves|viernes|sabado|domingo|fin de semana)|"
    r"clean everything up|(?:nobody|no one) (?:has|will have|would have) to (?:deal with|clean up|"
    r"sort out|go through)|"
    r"lo unico que (?:me )?faltaba|only (?:thing|one|reason) (?:keeping|that keeps) me (?:here|going)|"
    r"(?:can not|will not|would not) (?:explain|say|tell me) why|de repente|suddenly|"
    r"everything i own|all my (?:stuff|things)|antes de que (?:me )?pase (?:algo|nada)|"
    r"ya no (?:voy a poder|puedo)|"
    r"(?:does not|do not) know why|without (?:them|him|her) knowing|thinks? i am moving|"
    r"need (?:it|them) soon|enjoy (?:them|it) now|(?:should|can|could) have (?:it|them) now|so whatever)\b"
)
MEDS = (
    r"\b(?:pills?|meds|medication|medications|medicine|medicines|tablets?|capsules?|dose|doses|"
    r"prescriptions?|scripts?|bottles?|sleeping pills|painkillers|pain meds|heart pills|"
    r"tylenol|acetaminophen|paracetamol|advil|ibuprofen|aspirin|benadryl|xanax|klonopin|"
    r"clonazepam|ativan|valium|ambien|zolpidem|seroquel|quetiapine|trazodone|sertraline|zoloft|"
    r"lexapro|prozac|wellbutrin|amitriptyline|lamotrigine|lamictal|lithium|gabapentin|insulin|"
    r"oxy\w*|opioids?|percocet|fentanyl|tramadol|norco|vicodin|muscle relaxers?|adderall|adhd meds|ketamine|"
    r"melatonin|gummies|"
    r"(?:pastillas|pills|las|medicina) (?:de|para) la presion|"
    # generic names by their drug-class endings: lorazepam, alprazolam, zolpidem,
    # olanzapine, fluoxetine, imipramine, hydrocodone, phenobarbital
    r"\w+(?:azepam|azolam|pidem|apine|oxetine|pramine|triptyline|codone|morphone|barbital)|"
    r"pastillas?|pildoras?|medicinas?|medicamentos?|frascos?|dosis)\b"
)
# The clinic's own medicine left out (see means_medication).
MEDS_NOT_KETAMINE = r"(?!ketamine\b)" + MEDS
GUNS = (
    r"\b(?:guns?|pistols?|handguns?|sidearms?|revolvers?|rifles?|shotguns?|firearms?|bullets?|shells|ammo|"
    r"ammunition|arma|armas|pistola|escopeta|balas?)\b"
)
# A gun one could hold, without ammunition, hunting rifles or the verb "se arma".
HANDGUNS = (
    r"\b(?:guns?|pistols?|handguns?|sidearms?|revolvers?|shotguns?|firearms?|pistola|escopeta|"
    r"(?:el|la|mi|su|una) arma)\b"
)
# Pharmacies named in North Texas, for the same prescription filled at two of them.
PHARMACIES = r"(?:cvs|walgreens|walmart|kroger|heb|costco|tom thumb)"
# A death made to look accidental, in a conditional ("if it looks like", "que parezca").
MADE_TO_LOOK_ACCIDENTAL = (
    r"(?:if it (?:looks|looked|seems|seemed)|make it look|si parece|si pareciera|que parezca)(?: like)? "
    r"(?:an? |un )?(?:accident\w*|car wreck|crash)\b"
)
HEIGHTS = (
    r"\b(?:bridges?|overpass(?:es)?|buildings?|roofs?|rooftops?|garages?|towers?|balcony|"
    r"balcon|ledge|edge|cliffs?|floors?|stor(?:e)?y|stories|windows?|deck|high|higher|highest|"
    r"tall|taller|tallest|how far down|puente|edificio|azotea|techo|pisos?|alto|altura)\b"
)
FALL = (
    r"\b(?:fall|falls|fell|falling|drop|jump|jumped|jumping|leap|brincar|saltar|tirarme|aviento|avente|brinco|"
    r"aventarme|caida|caer|cae|got out|pulled over)\b"
)
# Methods named (C-SSRS "method" items), for questions about how they feel or how long they take.
METHODS = (
    r"\b(?:drown\w*|hang\w*|carbon monoxide|exhaust fumes|overdos\w*|bleed\w* out|jump\w*|"
    r"freez\w*|hypothermia|gunshot|shooting (?:yourself|myself|oneself)|suffocat\w*|starv\w*|"
    r"ahogar\w*|ahorcar\w*|desangrar\w*)\b"
)
# Treatments a visitor may say they are on or have had (for "still ... despite treatment").
TREATMENT = (
    r"\b(?:ssris?|snris?|lexapro|zoloft|prozac|paxil|celexa|wellbutrin|effexor|cymbalta|abilify|"
    r"trintellix|spravato|ketamine|ketamina|infusions?|infusiones|sessions?|sesiones|series|treatments?|"
    r"tratamientos?|meds|medications?|medicamentos?|antidepressants?|antidepresivos?|therapy|terapia|"
    r"ect|tms)\b"
)
# Quantities and whole supplies of a medicine.
AMOUNT = (
    r"\b(?:how many|how much|what (?:dose|amount)|which (?:of my )?(?:meds|pills|dose)|maximum|max|"
    r"at what point|before it (?:becomes|gets|is)|"
    r"cuantas|cuantos|cuanto|que (?:dosis|cantidad)|too (?:many|much)|way too (?:many|much)|"
    r"big amounts?|a lot of|whole|entire|full|half (?:a|the)|all at once|at once|de una vez|todo el|"
    r"todas (?:mis|las)|\d{2,}|mixed|mix|mezcl\w*)\b"
)
SOFT_HARM = r"\b(?:dangerous|peligros[oa]s?|enough|suficientes?|too many|too much|safe to take|demasiad[oa]s?)\b"
# Weapons and the means that C-SSRS lists as preparation.
WEAPONS = GUNS[:-3] + r"|knife|knives|blades?|razor blades?|rope|soga|cuchillo|navaja)\b"
ACQUIRE = (
    r"\b(?:bought|buy|buying|got|get|getting|picked up|borrowed|have|has|own|found|compre|"
    r"compro|consegui|conseguir|tengo|tiene|keep|keeps|hid|hides|esconde)\b"
)
NOT_FOR_USUAL = (
    r"\b(?:not for (?:cooking|protection|intruders|hunting|the range|shaving|self defense)|"
    r"not (?:going to|gonna) (?:shave|cook)|does not hunt|no es cazador|"
    r"(?:it is|its) for me|for myself|(?:la|lo) quiero para mi|para mi mism[oa]|"
    r"i know what (?:it is|its) for|(?:ya )?se para que (?:es|son)|told (?:him|her|them) it was for|"
    r"(?:next to|beside|under) my (?:bed|pillow)|in my (?:nightstand|room|car)|en (?:mi|su) cuarto|"
    r"just to (?:hold|look at|touch) it|without (?:anyone|anybody|my \w+) (?:knowing|asking|noticing|"
    r"finding out)|no questions asked|(?:do not|does not) want (?:anyone|anybody) "
    r"to know|sin que nadie|for my own (?:use|personal use)|para mi propio uso|every night|cada noche|"
    r"(?:la|lo) (?:saco|agarro|tomo) y (?:la|lo) (?:veo|miro))\b"
)

# --------------------------------------------------------------------------------------
# Families: (name, [patterns that suffice alone], [(topic, cue) pairs])
# --------------------------------------------------------------------------------------
Family = Tuple[str, List[str], List[Tuple[str, str]]]

FAMILIES: List[Family] = [
    (
        "means_heights",
        [
            # round 11: getting onto a roof or the top level, or a height without a fence, asked
            # about on its own (not the clinic's own office floor or parking)
            r"^(?!.*\b(?:office|suite|clinic|elevator|appointment|park my|parking spot|parking space|patients|tenants|"
            r"visitors|customers)\b).*"
            r"\b(?:roof|rooftop|top level|top deck|top floor|upper deck)\b(?: \w+){0,6} (?:open|unlocked|accessible|"
            r"locked|gated|access)\b|\b(?:get|go|get up|climb) (?:up )?(?:to|onto|on) the (?:roof|rooftop|top level|"
            r"top deck)\b(?: \w+){0,6} (?:at night|after dark|after hours|alone|without)\b|"
            r"\b(?:overpass|bridge|garage|deck|roof|rooftop|balcony)\b(?: \w+){0,5} (?:no|without (?:a|any)) "
            r"(?:fence|fences|railing|barrier|nets?|cameras?)\b(?! for (?:bikes?|cyclists?|pedestrians|kids|walkers|dogs))",
            rf"{FALL}(?: \w+){{0,4}} (?:is |be )?(?:certain|guaranteed|a sure thing|for sure)\b",
            # round 9: whether a number of floors or feet is enough, asked as 'enough or not', 'enough to'
            r"\b(?:\d+|top|high|tall)\b(?: \w+){0,2} (?:floor|floors|stories|story|feet|ft|foot|pisos?)\b(?: \w+){0,6} "
            r"(?<!old )(?<!big )(?<!grande )(?<!comfy )(?<!wide )(?<!large )(?<!good )(?<!strong )(?<!long )(?:high |tall |far )?enough(?: or (?:not|nah|no|do|would|will|is)| to (?:die|kill|end|not survive|be sure)|(?= \||$))",
            # a fall and whether one survives it
            rf"{FALL}(?: \w+){{0,8}} {LETHAL}|{LETHAL}(?: \w+){{0,8}} {FALL}",
            # how high is high enough
            r"\b(?:high|tall|alto|far down|deep|profundo) enough\b|\b(?:which|what|cuantos) (?:floor|pisos?|"
            r"overpass(?:es)?|bridges?|buildings?)\b(?: \w+){0,4} (?:high enough|enough|highest|"
            r"tallest|para no)\b",
            r"\b(?:biggest|highest|longest|steepest|sheer|big|long) drop\b",
            # how high something has to be
            r"\bhow (?:high|tall|far)\b(?: \w+){0,5} (?:have|has|need|needs) to be\b",
            # how high a roof or bridge is, and getting up there
            r"\bhow (?:high|tall) (?:up )?(?:is |are )?(?:the|that|this|those) (?:\w+ )?(?:roofs?|rooftops?|"
            r"bridges?|ledges?|tops?|overpass(?:es)?)\b|\b(?:highest|tallest)\b(?: \w+){0,6} (?:roof|rooftop|"
            r"top floor|top level)\b|\b(?:easiest|easy|open|unlocked) (?:roof|rooftop|top level) access\b|"
            r"\baccess to the (?:roof|rooftop|top level)\b",
            # barriers and open windows up high
            r"\b(?:fences?|railings?|barriers?|gaps)\b(?: \w+){0,6} (?:deck|roof|bridge|tower|"
            r"balcony)\b|\b(?:deck|roof|bridge|tower|balcony)\b(?: \w+){0,8} (?:fences?|"
            r"railings?|barriers?|gaps)\b|\bwindows?\b(?: \w+){0,4} (?:open|opens)\b",
            # sitting or standing at an edge, looking down
            r"\b(?:sitting|sit|sat|standing|stood|stand|parad[oa]|sentad[oa])\b(?: \w+){0,4} "
            r"(?:edge|ledge|orilla|borde)\b|\b(?:mirando|looking) (?:hacia )?(?:abajo|down)\b",
        ],
        [
            (HEIGHTS, RUMINATION),
            (HEIGHTS, r"\b(?:survive|survives|sobrevive|sobrevivir|fatal|lethal|mortal|instant)\b"),
            (HEIGHTS, WORRY),
            # Round 8: the highest place asked for right after a loss
            (
                r"\b(?:how (?:tall|high) (?:is|are)|(?:what|which) (?:is )?the (?:tallest|highest)|whats the "
                r"(?:tallest|highest)|que tan alt[oa]|cual es (?:el|la) (?:\w+ ){0,2}mas alt[oa])\b(?: \w+){0,6} "
                r"(?:bridges?|buildings?|dam|towers?|parking garage|puente|edificio|presa|torre)\b|"
                r"\bcual es (?:el|la) (?:puente|edificio|presa|torre) mas alt[oa]\b",
                r"\b(?:fired|laid off|let go|left me|(?:wife|husband|girlfriend|boyfriend|partner) left|"
                r"dumped|divorce|me corrieron|me despidieron|me dejo|perdi mi)\b",
            ),
            (
                r"\b(?:top of (?:the|a|one)|to the top|up there|azotea|en el puente)\b",
                RUMINATION + "|" + WORRY + r"|\bat night\b|\bfor (?:\d+|two|three) hours\b",
            ),
        ],
    ),
    (
        "means_medication",
        [
            # round 14: families from the development sets' misses
            r"\b(?:q|que) (?:pasa|pasaria) si (?:uno|alguien|me|se) (?:se )?(?:toma|tomo|tomara|traga|trago)\b(?: \w+){0,2} "
            r"(?:todas|todo el frasco|el frasco|un frasco|un bote)\b|"
            r"\b(?:full|whole|entire) bottle of \w+ (?:swallowed|taken|downed) (?:at once|in one go|all at once)\b",
            # round 13: which dose or amount kills ("q dosis de ... mata")
            r"\b(?:dosis|cantidad|cuant[oa]s)\b(?: \w+){0,4} (?:mata|matan|es mortal|es letal|te mata|lo mata)\b"
            r"(?! (?:el|la|los|las) (?:dolor|infeccion|bacterias?|virus|piojos|hongos|gripa|gripe|fiebre|bichos)\b)",
            # round 12: how much it "takes" (not to work or to feel it)
            r"\bhow (?:much|many) (?:does it|would it|(?:do|would) (?:you|i) need to) take\b"
            r"(?! (?:to (?:work|feel|kick|help|start|notice|see|get)|effect|for (?:it|the)))",
            # round 11: what a coroner or a toxicology screen would find "after"
            r"\b(?:coroner|medical examiner|autopsy)\b(?: \w+){0,6} (?:find|found|detect|show|see|tell)\b|"
            r"\b(?:tox|toxicology|drug) (?:screen|report|test)\b(?: \w+){0,3} (?:afterwards|after (?:i am|im|you are) "
            r"(?:gone|dead)|after you know)\b",
            # round 10: how much to take not to wake up
            r"\b(?:tomar|tomarme|tomarse|tomo|me tomo)\b(?: \w+){0,4} (?:para|pa) (?:que|q) (?:ya )?no (?:despierte|"
            r"vuelva a despertar|amanezca)\b",
        ],
        [
            # the clinic's own medicine with a word of death is mostly a safety question about
            # the treatment ("can you overdose on ketamine at a clinic"): ketamine needs a word
            # of lethality itself
            (
                MEDS_NOT_KETAMINE,
                # round 12: not the booster doses a plan needs ("cuantas dosis de refuerzo se necesitan")
                LETHAL
                + r"|\boverdos\w*|\bsobredosis\b|\bwould it take\b|^(?!.*\b(?:refuerzo|booster)).*\bse necesitan\b",
            ),
            (
                r"\bketamin[ae]\b",
                r"\b(?:lethal|fatal|deadly|mortal|letal)\b|\bstops? (?:my |your |the |their )?(?:breathing|heart)\b",
            ),
            (MEDS, AMOUNT + r"(?: \w+){0,6} " + SOFT_HARM),
            (MEDS, SOFT_HARM + r"(?: \w+){0,6} " + AMOUNT),
            (
                MEDS,
                r"\b(?:take|taking|took|tomar|tomo|tome) (?:way )?(?:too (?:much|many)|demasiad[oa]s?)\b",
            ),
            (
                MEDS,
                r"\b(?:took|take|swallow\w*) (?:them|it) all\b|\b(?:most|enough|serious) damage\b",
            ),
            (
                MEDS,
                r"\b(?:all at once|at once|de una vez|whole bottle|entire bottle|todo el frasco|"
                r"whole (?:\w+ )?supply|fall asleep and (?:that is|thats) (?:it|all))\b",
            ),
        ],
    ),
    (
        "means_firearm",
        [
            # round 14: families from the development sets' misses
            r"\b(?:rent|rents|renting)\b(?: \w+){0,2} (?:guns?|pistols?|handguns?)\b(?=.*\b(?:alone|by myself|no one "
            r"watching|nobody watching|unsupervised)\b)|"
            r"\b(?:le|me|te) (?:venden|vende|venderian|venderan) (?:un|una) (?:arma|pistola|rifle)\b(?=.*\b(?:psiquiatric\w*|"
            r"internad\w*|depresion)\b)|\b(?:can|could|will) (?:i|someone|a person|they) (?:still )?(?:buy|get|purchase) "
            r"(?:a )?(?:gun|firearm|pistol|handgun)\b(?=.*\b(?:psych\w*|hospitali[sz]ed|committed|mental health)\b)",
            # round 9: a calibre or gun word aimed at the head or heart, and whether one lives
            r"^(?!.*\b(?:dentist|vaccine|game|headshot|like a shot)\b).*\b(?:millimeter|mm|9mm|caliber|calibre|bullet|round|"
            r"shotgun blast|gun|pistol|shotgun|rifle|revolver)\b(?: \w+){0,3} (?:to|in|into|through) (?:the|your|my|his|her) "
            r"(?:head|temple|heart|mouth|chest)\b(?: \w+){0,8} (?:live|lives|survive\w*|instant\w*|painless|quick|die|dies|kill|"
            r"kills|sobrevive)\b",
            r"\b(?:shot|shoot|bullet)\b(?: \w+){0,4} (?:head|chest|temple|mouth)\b(?: \w+){0,6} "
            r"(?:work|works|better|instant|quick)\b|\bwhere to aim\b",
            r"\b(?:gun|shotgun|pistol|disparo)\b(?: \w+){0,6} (?:only way|works? (?:the )?first time|"
            r"always work|is it instant|it instant|rapido)\b",
            r"\b(?:only|just) need (?:one|1)(?: or (?:two|2))?\b(?! (?:rounds?|sessions?|infusions?|treatments?|"
            r"visits?|appointments?|consults?|doses?|series|boosters?))",
            GUNS + r"(?: \w+){0,3} (?:faster|quicker|surer|more reliable|more certain) than\b",
            # round 7: where to aim and whether it is sure; one round loaded; a gun as "the solution"
            r"\bwhere (?:on (?:your|my|the) (?:body|head) )?(?:do|should|would|does) (?:you|i|one|someone) aim\b|"
            r"\b(?:caliber|calibre)\b(?: \w+){0,6} (?:reliable|sure|mistake|no chance|certain)\b",
            r"\b(?:one|a single|1) (?:round|bullet|shell) (?:in|left in|loaded in)\b",
            GUNS + r"(?: \w+){0,6} (?:like )?(?:a|the) (?:solution|answer|way out)\b",
            # Round 8: a shot to the head and whether it hurts or is sure, in Spanish; a service
            # weapon that "looks like" the solution
            r"\b(?:balazo|disparo|un tiro|se dispara|dispararse|dispararme)\b(?: \w+){0,6} (?:cabeza|sien|boca|"
            r"pecho|duele|rapido|seguro|instantaneo)\b",
            r"\b(?:sidearm|service weapon|duty weapon|work glock|glock|9mm)\b(?: \w+){0,6} (?:solution|answer|"
            r"way out|fix everything|tempting|calling)\b",
        ],
        [
            (GUNS, NOT_FOR_USUAL),
            (GUNS, RUMINATION + r"|\baccess to\b"),
            (GUNS, WORRY + r"|\b(?:be|are) (?:fine|better|ok) without me\b"),
            # Round 8: a gun weighed against treatment as the other option
            (
                HANDGUNS,
                r"\b(?:my|mi) (?:other|otra|only|unica|last|ultima) (?:option|opcion|resort|salida)\b|"
                r"\btorn between\b|\b(?:plan (?:b|be)|backup plan)\b",
            ),
            (
                GUNS,
                r"\b(?:psych|inpatient|hospitali[sz]ed|waiting period|"
                r"ketamine treatment|ya no siento (?:nada|nothing)|(?:ya )?no me (?:importa|interesa))\b",
            ),
        ],
    ),
    (
        "means_painless",
        [
            # round 12: a method named, then how it feels or whether it is quick or peaceful
            r"\b(?:drown\w*|freez\w*|hypothermia|co poisoning|carbon monoxide|helium|nitrogen|exhaust)\b"
            r"(?: \w+| \|){0,6} (?:painful|peaceful|painless|dozing off|doze off|feel warm|is it (?:long|quick|fast) or)\b|"
            r"\b(?:helium|nitrogen|exit bag)\b(?: \w+| \|){0,4} (?:really )?works?\b",
            # round 11: a gas asked about as a way to pass out
            r"\b(?:helium|nitrogen|inert gas|exit bag)\b(?: \w+){0,4} (?:pass out|knock (?:you|me) out|painless|"
            r"how (?:fast|long|quick)|quick|fall asleep)\b",
            # round 10: poison asked about as painful or quick
            r"\b(?:rat poison|antifreeze|bleach|poison)\b(?: \w+){0,4} (?:painful|hurt|quick|fast|lethal|deadly)\b",
            r"\b(?:painless|peaceful|gentle|gentlest|least (?:painful|scary)|quickest|quick|"
            r"fastest|easiest|calmest|menos dolorosa|mas rapida)\b(?: \w+){0,2} "
            r"(?:way|ways|method|methods|exit|forma|manera)\b(?= \||$| to (?:go|die|end|leave|exit|do it|"
            r"not wake|sleep)\b| out\b| (?:for|that|which|if|without|like|so|de|para)\b)",
            r"\b(?:forma|manera|metodo) (?:mas |menos )?(?:dolorosa|rapida|facil)\b(?= \||$| de (?:morir|"
            r"irse|irme|matarse|dejar|acabar|hacerlo)| sin | para (?:morir|irse))",
            r"\b(?:methods?|ways?|something|algo|forma|manera|metodo)\b(?: \w+){0,3} (?:that|which|que) (?:do not|does not|"
            r"will not|no) (?:hurt|duela|duelan)\b|\bwhich method\b",
            r"\b(?:is|would) (?!there\b)\w+(?: \w+)? painless(?= \||$| or\b| if\b)|\bno (?:pain|mess)\b(?: \w+){0,2} no (?:pain|mess|blood)\b|"
            r"\b(?:without|sin) "
            r"(?:pain|dolor|sufrir)\b",
            METHODS + r"(?: \w+){0,3} (?:painless|peaceful|quick|instant|hurt|hurts|gentle)\b",
            r"\b(?:method|methods|way|ways)\b(?: \w+){0,4} (?:does not|do not|will not|would not|no) "
            r"leave (?:a |any )?(?:mess|trace|marks?)\b",
            # "chickened out halfway" (an attempt stopped), not "halfway through the form"
            r"\b(?:whoever|who|quien) finds? me\b|\bchicken(?:ed)? out\b|"
            r"\b(?:stopped|backed out|gave up|quit|me arrepenti|me detuve)(?: \w+){0,2} (?:halfway|a medias)\b|"
            # not wanting to be found before it is over
            r"\b(?:do not|not) want (?:to be|anyone to) (?:found|find me)\b(?! (?:out|by (?:my|the) (?:boss|parents|work)))",
            r"\b(?:way|manera|forma) (?:to|de) (?:go|leave|irse|morir|end things|"
            r"not wake up)\b(?! (?:to|from|there|home|back|in|into|through|around))",
            r"\b(?:fall asleep|dormirme|dormir)\b(?: \w+){0,6} (?:permanently|forever|para siempre|"
            r"nunca mas|never wake)\b",
            # Round 8: painless exits; the least painful or least messy method; "maneras que no
            # duelan"; "whoever finds you"; helium or nitrogen named as painless
            r"\b(?:painless|peaceful) (?:exits|ways out|endings)\b|"
            r"\b(?:metodos?|formas?|maneras?)\b(?! de (?:pagar|inyect\w*|ponerse|quitar\w*|depil\w*|tatu\w*))"
            r"(?: \w+){0,3} (?:menos doloros[oa]s?|que no (?:duela|duelan|lastime|lastimen))\b|"
            r"\bwhoever finds (?:me|you)\b(?! a| an| the| some)|"
            r"\b(?:helium|nitrogen|carbon monoxide|charcoal)\b(?: \w+){0,3} (?:painless|peaceful|gentle)\b",
        ],
        [
            (
                r"\bleast messy\b",
                r"\b(?:find|finds|found|whoever|painless|method|way to go|(?:have|has|having) to (?:see|clean))\b",
            ),
        ],
    ),
    (
        "means_duration",
        [
            # round 14: families from the development sets' misses
            r"\b(?:how (?:many|much|long)|cuant\w*)\b(?: \w+){0,6} (?:once|after|if|si|cuando) (?:the |a |your |my |la |las )?"
            r"(?:wrist|wrists|vein|veins|muneca|venas?)\b(?: \w+){0,2} (?:is |are |esta |estan )?(?:opened|cut|slit|"
            r"abiert\w*|cortad\w*)|\bcuant\w* (?:minutos|tiempo|segundos)\b(?: \w+){0,3} (?:aguanta|dura|resiste|vive) "
            r"(?:uno|una persona|alguien) sin (?:aire|respirar|oxigeno)\b",
            # round 12: how long organ failure, not eating and drinking, or too much of a medicine takes
            r"\b(?:liver|kidney|organ) failure\b(?: \w+| \|){0,6} how (?:long|many (?:days|hours))\b|"
            r"\b(?:quit|quitting|stop|stopped|stopping) (?:eating and drinking|drinking and eating)\b(?: \w+| \|){0,6} "
            r"how long\b|\b(?:cuanto|en cuanto) (?:rato|tiempo)\b(?: \w+){0,3} (?:tomar|tomarse|tomarme) de mas\b|"
            r"\b(?:tomar|tomarse|tomarme) de mas\b(?: \w+){0,4} (?:cuanto|en cuanto) (?:rato|tiempo)\b",
            # round 9: how long drowning, bleeding out or hanging takes; how long alone before someone is back (Spanish)
            r"\bcuanto (?:tarda|tiempo tarda|se tarda|dura)\b(?: \w+){0,3} (?:en )?(?:ahogarse|ahogarme|desangrarse|"
            r"desangrarme|asfixiarse|asfixiarme|ahorcarse|ahorcarme)\b|"
            r"\bcuanto (?:tiempo )?(?:tengo|tendria|me queda|hay)(?: a solas| sol[oa])? antes de (?:que|q) (?:alguien|nadie|"
            r"regrese|vuelva|llegue)\b(?!(?: \w+){0,3} (?:resultados|cobren|cobro|laboratorio|cita|paquete))",
            r"\b(?:how long|how many (?:seconds|minutes|hours|days)|cuanto (?:tiempo )?(?:tarda|se tarda)|"
            r"en cuanto tiempo)\b(?: \w+){0,10} (?:bleed out|bleeding out|desangrar\w*|to die|se "
            r"muere|morir|pass out|lose consciousness|drown|underwater|shut down|overdose|sobredosis|its over|it is "
            r"over|(?:can not|could not) come back|(?:before|until) (?:they are|you are|i am|he is|she is|"
            r"someone is) (?:gone|dead)|hypothermia|skip(?:ping)? (?:my |your )?insulin|pills? (?:to |take "
            r"to )?(?:work|kick in))\b",
            r"\bhow long\b(?: \w+){0,8} (?:to death\b|" + METHODS[2:] + ")",
            r"\b(?:would it|will it|ya) (?:be over|estaria)\b|\bbefore morning\b|\bpara la manana\b",
            r"\b(?:quick|fast|rapido)\b(?: \w+){0,3} (?:or|o) (?:\w+ ){0,2}"
            r"(?:suffer|sufre|sufren)\b",
            r"\b(?:si lo hago|if i (?:do|did) it)\b(?: \w+){0,8} (?:nadie|no one|nobody) (?:me )?(?:va a |would |will )?"
            r"(?:encontrar|find)\w*\b",
            r"\b(?:quickest|fastest|mas rapido)\b(?: \w+){0,4} (?:found|halfway)\b",
            # a named method and whether it takes long
            r"\b(?:carbon monoxide|exhaust|engine running|hypothermia|freez\w*|drown\w*|underwater|"
            r"starv\w*|hang\w*|bleed\w* out|desangr\w*)\b(?: \w+){0,3} (?:take|takes|tarda|tardan) "
            r"(?:long|mucho)\b",
            # Round 8: how long until nobody can help, save or bring a person back; how long a
            # body lasts without insulin, food or air
            r"\b(?:how (?:long|fast|quick|quickly|soon)|hw long|what is (?:the )?timeline|timeline|cuanto tiempo|"
            r"cuant[oa]s (?:minutos|horas|dias|segundos)|after how many (?:minutes|hours|days))\b(?: \w+){0,12} "
            r"(?:(?:bring|brings) (?:you|someone|a person|them|me|him|her) back(?= \||$| to life)|(?:save|saves|"
            r"revive) (?:you|someone|a person|them|me|him|her)(?= \||$| in time| anymore)|"
            r"salv(?:en|ar|arte|arlo|arla|arme)\b|too late (?:for (?:anyone|paramedics|doctors|the (?:er|hospital)) "
            r"to|to (?:save|revive|bring))|muy tarde para (?:que te|salv)|no one can (?:help|save)|(?:someone|somebody|"
            r"anyone) (?:has|needs|would need) to find|hundirse|ahogarse|"
            r"(?:a person|someone|alguien|una persona|a body|the body|un cuerpo|a human) (?:\w+ ){0,3}(?:aguanta|"
            r"dura|lasts?|survives?|can go|go) (?:\w+ ){0,3}(?:sin|without) (?:su |his |her |their |my |your )?"
            r"(?:insulin|insulina|food|comida|comer|eating|water|agua|air|aire))\b"
            r"(?!(?: \w+){0,4} (?:before|antes de) (?:the|my|an|la|mi) (?:infusion|session|appointment|sesion|cita))",
            r"\b(?:how (?:long|fast|quick|quickly|soon)|hw long)\b(?: \w+){0,6} (?:hanging|hang myself|"
            r"hang yourself|drown|drowning|drowns|suffocat\w*|freez\w* to death)\b",
        ],
        [],
    ),
    (
        "preparation_goodbye",
        [
            # round 13: thanks or hugs given "as if saying goodbye"
            r"^(?!.*\b(?:viaje|trip|vacation|vacaciones|mudanza|se muda|moving|deploy\w*|college|universidad)\b).*"
            r"\b(?:como si|as if|like) (?:se|me|te|he|she|they|i) (?:despidiera|despidieran|estuviera despidiendo|"
            r"(?:was|were) saying goodbye|(?:was|were) saying (?:their|his|her|my) goodbyes)\b",
            # round 12: someone said they would disappear and asked forgiveness; that one will not be seen again
            r"\b(?:desaparecer|desaparezco|irse lejos|irme lejos)\b(?: \w+){0,4} (?:perdon\w*|perdonara|perdonen|adios)\b|"
            r"\b(?:dijo|dice|escribio|mando decir)\b(?: \w+){0,6} (?:q|que) ya no (?:lo|la|me|nos) (?:iba|ibas|iban|vas|"
            r"van|va) a (?:volver a )?ver\b",
            # round 12: a message set to arrive after one is gone
            r"\b(?:texts?|messages?|emails?|letters?|videos?|notes?)\b(?: \w+| \|){0,12} (?:for|meant for|to "
            r"(?:arrive|send|go out)) after (?:i am|im) (?:gone|dead)\b",
            # round 12: a farewell to everything ("ya mejor me despido de todo")
            r"\bme despido de todo\b(?!s)|\bmejor me despido\b(?! (?:de ustedes|por hoy|gracias))",
            # round 11: thanks or goodbye to everyone, then the phone or location sharing off
            r"\b(?:thank you|thanks|thanking|goodbye|farewell|love you)\b(?: \w+){0,8} (?:everyone|everybody|"
            r"all of you|each of us|each of them)\b(?: \w+| \|){0,12} (?:turned|switched|shut) (?:off )?"
            r"(?:my |her |his |their )?(?:phone|location)\b|"
            r"\b(?:thank you|thanks|thanking|goodbye|farewell)\b(?: \w+){0,8} (?:everyone|everybody|all of you|"
            r"each of us)\b(?: \w+| \|){0,12} location (?:sharing )?(?:went |was |is )?off\b",
            r"\b(?:my|saying|said|say|to say|their|his|her) goodbyes?\b(?! (?:to (?:the chat|you)|for now))|"
            r"\bgoodbyes? (?:letters?|messages?|notes?|videos?|posts?|texts?|to (?:everyone|all|my))\b|"
            r"\b(?:texting|telling|told|texted|calling|called|messaging) (?:everyone|everybody|all of them|"
            r"my (?:\w+ )?(?:family|friends|kids|parents)) goodbye\b|"
            # "farewell" alone is also an ordinary sign-off: only a farewell to people counts.
            r"\b(?:my|final|last) farewells?\b|\bfarewells? (?:to|letters?|notes?|messages?)\b|"
            r"\bdespidiendo(?:se|me) de (?:la gente|todos|todo el mundo|la familia)\b|"
            r"\bdespedida\b|\bdespedirme\b|\bme despedi de (?:todos|todo el mundo|mis)\b",
            r"\b(?:template|example|how to write|help (?:me )?(?:write|writing)) (?:for |of )?(?:a |my )?"
            r"(?:final|last|goodbye|farewell) (?:message|letter|note|email)\b",
            r"\bemails?\b(?: \w+){0,10} (?:after (?:i am|i have|i) (?:gone|died|die)|when (?:i am|im) not (?:here|around)|"
            r"for when i am gone)\b",
            r"\b(?:letters?|notes?|videos?|messages?|texts?|posts?)\b(?: \w+){0,6} (?:after|for "
            r"when|when (?:she|he|they) (?:finds?|reads?)|para cuando|despues de)\b",
            r"\bone last time\b|\b(?:my|the) (?:last|final) (?:post|message|text|words)\b(?: \w+){0,3} "
            r"(?:tonight|ever|forever|before i go|goodbye)\b|"
            r"\blast (?:thing|one|person) i (?:talk\w*|spoke|said)|\bwhen (?:you|u) (?:read|find|see) "
            r"(?:this|these|it)\b|\b(?:thank you|thanks|gracias) for (?:being|having been) (?:in|part of) "
            r"my life\b|\b(?:it is|its) not (?:her|his|your|their) fault\b",
            r"\b(?:finished|wrote|written|writing) (?:my|a) (?:letter|note)\b(?: \w+){0,8} "
            r"(?:pick|choose|set) (?:the|a) (?:day|date)\b",
            r"\b(?:escribi|escribir|dejar|dejarle|deje) (?:una |un |mi )?(?:carta|cartas|video|"
            r"mensaje)\b(?: \w+){0,6} (?:cuando|despues|para que (?:lo|la|los) (?:vea|vean|lean))\b",
            r"\bwriting letters to (?:each of )?my\b",
            r"\b(?:letters?|notes?|videos?)\b(?: \w+){0,6} for (?:my \w+|them|her|him|everyone) to "
            r"(?:find|read|watch)\b",
            r"\b(?:letters|notes|videos) (?:to|for) (?:everyone|everybody|each of|all of|my (?:kids|children|"
            r"family|parents|wife|husband|mom|dad|sister|brother))\b|\b(?:letter|note|video) (?:to|for) "
            r"(?:everyone|everybody)\b",
            # Round 8: a goodbye "as if" never to meet again (not "like the last time": a first
            # day of school, a child leaving for college)
            r"\b(?:adios|goodbye|bye|se despidio|me dijo adios|said goodbye)\b(?: \w+){0,4} (?:como si|like|as "
            r"if) (?:\w+ ){0,5}(?:nunca mas|never (?:see|again)|for(?:ever| good))\b",
        ],
        [],
    ),
    (
        "preparation_giving_away",
        [
            # round 14: families from the development sets' misses
            r"\b(?:repartio|regalo|reparti|regale|esta regalando|anda regalando|anda repartiendo)\b(?: \w+){0,2} (?:todas|todos) "
            r"(?:sus|mis) (?:joyas|cosas|herramientas|discos|armas|pertenencias)\b",
            # round 12: most or all of one's things given away, not for a move
            r"^(?!.*\b(?:move|moving|moved|downsiz\w*|mudanza|me mude|nos mudamos|apartment|dorm)\b).*"
            r"\b(?:gave|given|giving) (?:most|all|almost all|half) (?:of )?my (?:things|stuff|belongings|possessions)"
            r" away\b",
            r"\b(?:give|giving|gave|given) away (?:all |most )?(?:of )?(?:my|his|her|everything)\b",
            r"\b(?:donated|selling|sold|handing out|regale|regalando|regalo|le di)\b(?: \w+){0,3} "
            r"(?:all|everything|todas?|casi todas|sus|mis)\b",
            r"\b(?:giv\w*|gave|handing|handed)\b(?: \w+){0,2} (?:my|her|his|all my) (?:favorite|favourite|"
            r"prized|most important|special) (?:things|stuff|possessions|belongings)\b",
            r"\bsomething of (?:mine|his|hers)\b|\bneed (?:it|them) more than (?:me|i do)\b",
            r"\b(?:can have|handing out|handed|handing over)\b(?: \w+){0,3} (?:my|her|his) (?:\w+ )?"
            r"(?:jewelry|watch|guitar|car|books|things|stuff|clothes|savings|belongings|possessions|"
            r"photo albums|tools|valuables)\b(?: \w+){0,8} (?:why|now|over|whatever|everyone)\b",
            # Round 8: who gets each of one's things, written down
            r"\b(?:deje|dejo|tengo|ya) (?:escrito|anotado|apuntado)\b(?: \w+){0,3} (?:a )?quien (?:le toca|se "
            r"queda con|le dejo) (?:cada|mis|mi|cual de mis)\b|\b(?:wrote|written|making|made) (?:a |the )?list "
            r"(?:of )?who (?:gets|will get|should get) (?:my|each of my)\b",
        ],
        [
            (
                r"\b(?:gave|give|giving|handing|handed|signing|signed|donated|regalo|regalando|regale|"
                r"le di|dio|clearing out|cleaning out|emptied|emptying|getting rid of|"
                r"(?:que hagan|hacer|hagan) con mis cosas)\b",
                AFTER_ME + "|" + FINAL + "|" + WORRY,
            ),
        ],
    ),
    (
        "preparation_will_insurance",
        [
            # round 10: one's things put in order
            r"\bmy (?:stuff|things|affairs) (?:is|are) (?:all )?in order\b",
            # round 9: whether a life policy pays if the insured harms himself
            r"\bsi (?:yo )?(?:mism[oa] )?me hago algo(?= \||$| yo mism[oa]| a proposito| mi (?:esposa|esposo|familia)| "
            r"(?:mis|los) hijos| (?:el|mi) seguro)|\b(?:life insurance|life policy|poliza de vida|seguro de vida)\b"
            r"(?: \w+){0,12} (?:suicide|suicidio|if i (?:do it|harm myself|kill myself))\b",
            r"\b(?:life insurance|seguro de vida)\b(?: \w+){0,10} (?:pay(?:s)? ?out|payout|cover "
            r"anything|self inflicted|own life|own hand|quita la vida|paga si|pays? if (?:i|he|she|"
            r"someone) (?:die|dies|kill\w*))\b",
            r"\b(?:life insurance|seguro de vida)\b(?: \w+){0,12} (?:my (?:kids|family|children) "
            r"(?:covered|get|taken care)|quieren?|queden bien)\b",
            # Round 8: whether insurance pays for a death that looks accidental or was on purpose;
            # the policy's two-year clause
            r"\b(?:life insurance|seguro de vida|payout|pay out|pays out|policy pay\w*|my (?:family|kids|wife|husband) "
            r"(?:still )?get)\b(?: \w+){0,12} (?:look(?:s|ed)? (?:like )?(?:an )?accident\w*|seemed? accidental|"
            r"parece (?:un )?accidente|parezca (?:un )?accidente|intentional|on purpose|a proposito|was not natural|"
            r"not natural|i did (?:it|this|that) myself)\b",
            rf"\b{MADE_TO_LOOK_ACCIDENTAL}(?: \w+){{0,8}} (?:insurance|seguro|policy|poliza|pay|paga)\b|"
            rf"\b(?:insurance|seguro|policy|poliza)\b(?: \w+){{0,8}} {MADE_TO_LOOK_ACCIDENTAL}",
            r"\b(?:policy|poliza|life insurance|seguro de vida)\b(?: \w+){0,8} (?:two|2|dos) (?:year|yr|ano)s? "
            r"(?:mark|clause|period|exclusion|old)\b",
        ],
        [
            (
                # "will" the document, not the verb: "my will", "a simple will"
                r"\b(?:(?:my|a|the|his|her|their|simple|new) will(?! be| have| go| take| need| call| you)|"
                r"testament|testamento|beneficiar(?:y|ies)|executor|401k|passwords?|"
                r"contrasenas|cuentas|account info|accounts|(?:her|his|my) (?:own )?funeral|"
                r"papeles del seguro|"
                r"in my \w+ name|a mi nombre|a su nombre|paid out|pay out|payout)\b",
                AFTER_ME
                + "|"
                + FINAL
                + r"|\beverything\b|\bgets it all\b|\bpaid for ahead\b|\bwant it handled\b|"
                r"\binstructions\b|\bya\b|\b(?:suddenly|young|healthy)\b|\b(?:so|really) (?:down|low)\b",
            ),
        ],
    ),
    (
        "preparation_pets",
        [],
        [
            (
                r"\b(?:rehome|rehoming|new home|good home|new family|find(?:ing)? (?:a )?(?:home|family)|"
                r"(?:a|new|good) home for (?:my|his|her)|(?:anyone|someone|somebody) (?:want|take|adopt) my "
                r"(?:\w+ )?(?:dogs?|cats?|birds?|bunn(?:y|ies)|rabbits?|pupp(?:y|ies)|kittens?|pets?)|"
                r"found (?:a )?(?:home|family)|give (?:her|him|them) up|keeping (?:him|her|them) (?:for good|"
                r"forever)|drop(?:ping)? (?:off )?my (?:\w+ )?(?:dogs?|cats?|birds?|pets?)|(?:take|keep) (?:my|in my) (?:\w+ )?"
                r"(?:dogs?|cats?|birds?|parrot|fish|bunn(?:y|ies)|rabbits?|hamsters?|horses?|pupp(?:y|ies)|kittens?|pets?)|for adoption|whoever gets|"
                r"(?:(?:take|taking) care of|look(?:ing)? after|car(?:e|ing) for) (?:my|his|her)|cuidara|se (?:quede|quedara) con (?:mi|mis)|"
                r"casa a mis?|regalo a su|gave her dog|(?:anyone|anybody|someone|somebody) (?:want|take|adopt)\w* "
                r"(?:a|my) (?:\w+ ){0,3}(?:dogs?|cats?|birds?|kitty|puppy|kitten|pets?)|"
                r"(?:shelters?|rescues?)(?: \w+){0,3} (?:that|who|which) (?:take|takes|accept)|(?:need|needs) a home|"
                r"surrender\w* (?:my|his|her|our)|new homes|se queda con (?:mi|mis)|"
                r"gave his dog|goes to someone)\b",
                AFTER_ME + "|" + FINAL + "|" + WORRY + r"|\bsoon\b|\bquickly\b|\bneed gone\b|"
                r"\bstopped answering\b|\bcan not (?:do|handle|manage) (?:it|this) anymore\b|\bbefore i go\b|"
                r"\bsi (?:yo )?(?:me voy|me muero|falto|ya no estoy)\b|\bno voy a (?:regresar|volver)\b(?! (?:hasta|en|el|por|sino|antes))|"
                r"\b(?:will not|not) be coming back\b|\band i (?:definitely |surely |probably )?will not(?= \||$)",
            ),
        ],
    ),
    (
        "stockpiling",
        [
            # round 14: families from the development sets' misses
            r"\b(?:refills?|prescriptions?|scripts?)\b(?: \w+){0,5} early\b(?: \w+){0,4} (?:before|without) (?:the )?"
            r"(?:pharmacy|pharmacist|doctor|insurance|anyone) (?:notices|noticing|finds out|finding out|catches on)\b",
            r"\b(?:saving|saved|save|collecting|collected|hoarding|hoarded|stash|stashed|set aside|"
            r"hiding|hidden|guardando|guardadas?|juntando|escondidas?)\b(?: \w+){0,6} " + MEDS,
            MEDS + r"(?: \w+){0,6} (?:saved|set aside|hidden|hiding|stash|in a jar|into one bag|"
            r"escondidas?|guardadas?)\b",
            r"\b(?:keep\w*|kept|stor\w*|box|drawer|jar|bag)\b(?: \w+){0,4} (?:leftover|left over|unused|"
            r"extra|spare)\b(?: \w+)? " + MEDS,
            r"\b(?:refill\w* (?:my )?prescriptions? early|(?:2|two|different) (?:different )?"
            r"doctors for|different (?:stores|pharmacies)|diferentes farmacias|varios frascos|"
            r"instead of taking|not taking them|en (?:vez|lugar) de (?:tomarlas|tomarlos))\b",
            r"\b(?:shoebox|ziploc|drawer|bag|jar|caja)\b(?: \w+){0,3} (?:of|full of|de)\b(?: \w+){0,2} "
            + MEDS,
            # Round 8: claiming a lost prescription to get more; the same prescription at two
            # pharmacies "without a flag"; part of every refill kept back; refills before
            # anyone notices
            r"\b(?:pretend\w*|claim\w*|(?:keep|kept) (?:telling|saying)|going to (?:say|tell))\b(?: \w+){0,3} "
            r"(?:i|that i|que|my) (?:lost|perdi|bottle fell|pills fell)\b",
            r"\b(?:tell|told|telling|say|said|saying|decir|dije|digo) (?:\w+ ){0,3}(?:i|that i|que) (?:lost|perdi) "
            r"(?:my |mi |the |la )?(?:script|prescription|pills|meds|medication|receta|pastillas)\b(?: \w+){0,6} "
            r"(?:so (?:i|they|theyd|id) (?:can |could |will |would )?(?:get|give|write|have|fill)|to get (?:more|another|extra)|para (?:que|q) me (?:den|surtan)|"
            r"i (?:still )?have (?:it|them|the (?:first|other|old)))\b",
            r"\b(?:keep|kept|keeping|save|saving|guardo|guardando|set|setting|put|putting|hold|holding) "
            r"(?:back |aside |away )?(?:a few|some|half|la mitad|unas|unos|parte|part|a couple) (?:\w+ )?"
            r"(?:of |de |from )?(?:each|every|cada)\b(?: \w+){0,2} (?:refill|receta|prescription|bottle|frasco|"
            r"script)\b",
        ],
        [
            # Round 8: the same prescription at two pharmacies, so nobody notices the pile
            (
                r"\b(?:fill|filled|filling|surtir|surto|refill\w*)\b(?: \w+){0,10} (?:at |en )?(?:(?:two|2|dos|both|"
                r"another|otra|different|diferentes|second) (?:\w+ )?(?:pharmac\w*|farmacias?|stores?)|"
                rf"{PHARMACIES}\b(?: \w+){{0,3}} (?:and|y|plus|or|o) (?:at |en )?{PHARMACIES})\b",
                r"\b(?:flag\w*|notice\w*|collecting (?:them|more|pills)|juntar|junto|se (?:dan|den) cuenta|a bunch|"
                r"stock ?pil\w*|catch\w* on|more than (?:i|one) (?:need|should))\b",
            ),
            (
                r"\b(?:refills?|fill it|get more|90 day supply)\b(?: \w+){0,8} (?:before|without) (?:insurance|"
                r"the pharmacy|the doctor|anyone|they|it) (?:\w+ )?(?:flags?|notices?|catches?|finds out)\b",
                r"\b(?:saved|a bunch|stock\w*|pile|collect\w*|backup supply|extra)\b",
            ),
        ],
    ),
    (
        "burden",
        [
            # round 14: families from the development sets' misses
            r"\b(?:me quito|quitarme|me hago a un lado|hacerme a un lado|me aparto)\b(?: \w+){0,2} del camino\b(?: \w+){0,4} "
            r"(?:pa|para) (?:q|que) (?:descansen|esten mejor|esten tranquil\w*|vivan (?:en paz|tranquil\w*))\b|"
            r"\bget out of (?:everyones?|everybodys?|their|every one s) way (?:for good|forever|permanently)\b",
            # round 13: being one too many at home or in the world ("yo sobro aqui")
            r"\b(?:yo )?(?:sobro|estoy de mas|salgo sobrando|ando de sobra)\b(?: \w+){0,2} (?:aqui|aca|en (?:esta|mi|la) "
            r"(?:casa|familia|vida)|en este mundo)\b",
            # round 9: the family better off without the visitor; life 'minus me'
            r"\bsin mi\b(?: \w+){0,3} (?:les|le|todos|estarian|estaria|iria|irian|seria|serian|vivirian|viviria)\b(?: \w+){0,3} "
            r"(?:mejor|tranquil\w*|en paz|feliz\w*)\b|\b(?:ends|end|turns out|would be) (?:better|easier|happier) "
            r"(?:minus|without) me\b",
            r"\b(?:burden|carga|dead weight|a weight on|estorb\w*|drain people|drain on)\b",
            # round 10: a child better off with another parent
            r"\bbetter off with (?:a different|another|a new|a better) (?:mom|mother|dad|father|parent|wife|husband|"
            r"mama|papa)\b",
            # round 10: the family better off if one were missing; "you won't have to put up with me"
            r"\b(?:estarian|estariamos|estarias|estaria|vivirian|viviriamos) (?:\w+ )?mejor si (?:yo |el |ella )?"
            r"(?:faltara|no estuviera|me muriera|se muriera|no existiera|(?:me|se) fuera para siempre)\b|"
            r"\bya no (?:me|le|lo|la) (?:van|vamos|vas|va) a tener (?:que|q) (?:batallar|aguantar|cargar|soportar|mantener)\b",
            r"\b(?:no one|nobody|noone|nadie) (?:would|will|is going to|va a|me) (?:really |even )?"
            r"(?:miss me|extranar(?:ia)?|notice (?:if|when) i (?:was|were|am) (?:gone|not here|dead)|notice if i "
            r"(?:disappeared|died|stopped|was not))\b",
            # said of someone else: "dice que estamos mejor sin el"; "se van a librar de mi"
            r"\b(?:dice|dijo|piensa|cree|siente|says|said|thinks) (?:que |q |that )?(?:\w+ ){0,3}(?:mejor|mas "
            r"feliz|mas felices|mas tranquil[oa]s?|better off|happier) sin (?:el|ella)\b|"
            r"\b(?:van a|se van a|se podran|podran) librar(?:se)? de mi\b",
            r"\b(?:better|easier|lighter|happier|fine|relieved|less stress|recover faster|"
            r"mas tranquil[oa]s?|mejor|mas facil|descansaria|un alivio|move on)\b(?: \w+){0,6} "
            r"(?:without (?:me|him|her)|sin mi|if (?:i|he|she) (?:just )?(?:was|were) (?:not|gone|dead)|"
            r"if (?:i|he|she) (?:died|did not exist)|"
            r"si (?:yo )?(?:ya )?no (?:estuviera|existiera)|losing me|si (?:yo )?me (?:fuera|muriera)|"
            r"(?:her|him|me) not being (?:here|around)|(?:was|were|am) (?:not|no longer) in the "
            r"picture)\b",
            r"\b(?:by|just by|for) (?:existing|being alive)\b|\bapologi[sz]\w* for being alive\b|"
            r"\btake up space\b|\b(?:just|always|only|(?:feel like )?i am) (?:just )?in (?:everyones?|"
            r"everybodys?|their|every one s|my family s) way\b(?! in| at)|\bdeserves? better than (?:me|carrying me|having me)\b|"
            r"\b(?:should not|do not) (?:have to )?(?:deal with|take care of|put up with) me\b|"
            r"\bruin\w* (?:every ?ones?|their|everybody s)? ?li(?:fe|ves)\b|\barruino la vida\b|"
            r"\b(?:would not|will not|not) (?:have to )?(?:take care of|pay for|paying for|look after) "
            r"me\b|\bif (?:i|he|she) (?:was|were) (?:gone|dead)\b|"
            r"\b(?:doing|do) (?:them|everyone|my family|everybody) a favou?r\b|"
            r"\bmake (?:\w+ )?li(?:fe|ves) harder for (?:everyone|everybody|them|my)\b",
        ],
        [],
    ),
    (
        "trapped_no_way_out",
        [
            # round 12: no way out seen (Spanish)
            r"\bno (?:le )?veo (?:pa|para|por) donde\b(?! (?:queda|esta|es|llegar|ir a la))|\bno (?:le )?veo salida\b",
            r"\b(?:no|zero|without|not a single|sin|ninguna|not any) (?:\w+ )?(?:exit|exits|door|"
            r"doors|way out|way through|way forward|escape|salida|surface|key)\b(?! (?:on|at|in|from) )(?! of (?:the|a|this|that|your|my) "
            r"(?:parking|lot|garage|building|office|lobby|traffic)\b)",
            r"\b(?:only|one|otra|una) (?:way|exit|escape|key|door|option|opcion)\b(?: \w+){0,3} "
            r"(?:left|out|permanent|mas que|except|to (?:make (?:it|this|the pain) (?:stop|end)|end (?:it|"
            r"this)))\b|\bexcept one way\b|\bsolo una\b|"
            r"\bonly (?:one )?(?:way|exit|escape|key|door)(?: out| left|(?= \||$))\b|\bonly (?:escape|exit) is\b",
            r"\bout of (?:moves|options)\b|\b(?:every|each|all) (?:option|door|road|path)s? (?:is|are) "
            r"(?:closed|shut|blocked)\b|\bends badly\b|"
            r"\bno (?:hay )?(?:manera|forma) de salir\b|\bno veo (?:ninguna )?salida\b|"
            r"\b(?:tried|intente) (?:everything|todo)\b|\bnothing left (?:for (?:him|her|me) )?to try\b|"
            r"\b(?:my|the) (?:other|last|only|final) (?:exit|way out|option)\b|"
            r"\b(?:done|tired of|gave up) (?:looking for|searching for|trying) (?:solutions|answers|"
            # round 12: not stuck in traffic, a line or a job ("atrapada en el trafico")
            r"a way out)\b|\bacorralad[oa]\b|\batrapad[oa]\b(?! en (?:el|la|un|una) (?:trafico|trafic|fila|cola|"
            r"elevador|trabajo|chamba|junta|tienda))",
            r"\b(?:trapped|cornered|boxed in|caged|stuck|dead ends?)\b(?: \w+){0,10} (?:no (?:way|exit|door|escape|"
            r"options?|future|hope|surface)|nothing (?:left|works|changes|i do)|only (?:one|way|exit|escape|"
            r"key)|except|permanent)\b",
        ],
        [],
    ),
    (
        "hopeless_after_loss",
        [
            # round 14: families from the development sets' misses
            r"\b(?:can not|cannot|can t|do not|could not) (?:picture|imagine|see) (?:any|a) (?:kind of )?future\b"
            r"(?! (?:in|at|with|for) (?:this|that|the|my) (?:job|company|team|career|school|field|role))|"
            r"\b(?:i have|i got|i ve got|there is|no tengo) no (?:fight|fuerzas?) left\b|\bnothing means anything\b|"
            r"\bno point (?:in )?(?:trying|going on|living)\b(?: \w+){0,2} (?:anymore|any more)\b",
            # round 12: what is the point of fighting on (Spanish)
            r"\bde (?:q|que) sirve seguir (?:luchando|viviendo|intentando|aqui)\b",
            # round 12: not bearing to be alive; a last chance before giving up; nothing has meaning
            r"\bno (?:aguanto|soporto) (?:estar viv[oa]|vivir|seguir viv[oa]|la vida)\b|"
            r"\bultima (?:chance|oportunidad|esperanza)\b(?: \w+){0,3} antes de (?:rendir\w*|darme por vencid[oa]|"
            r"dejarlo todo)\b|\blast (?:chance|hope|shot) before (?:i give up|giving up) on (?:life|everything|living)\b|"
            r"\bno le (?:hallo|encuentro|veo) (?:caso|sentido) a (?:nada|la vida|vivir|seguir)\b",
            # round 10: nothing that makes tomorrow wanted
            r"\b(?:want|wanting) tomorrow to (?:happen|come)\b",
            # round 10, Spanish: praying not to see another morning; tired of fighting and giving up on
            # everything; nothing matters any more
            r"\b(?:rezo|le rezo|pido|le pido|ruego)\b(?: \w+){0,3} (?:para|pa) (?:que|q) (?:ya )?no (?:me toque|ver|"
            r"despertar|amanecer|llegue) (?:otra|otro|a la|al)? ?(?:manana|dia|amanecer)\b|"
            r"\b(?:hart[oa]|cansad[oa]) de luchar\b(?! (?:con|contra) (?:el|la|los|las) (?:seguro|aseguranza|banco|"
            r"sistema|trafico|papeleo))|\bme rindo con todo\b|"
            r"\b(?:ya nada (?:me |le )?importa|nada (?:me |le )?importa ya)\b(?! (?:lo que|lo q|el que|que digan))",
            # round 9: what for, to go on or drag it out; no hope it ever improves; not caring whether one wakes
            r"^(?!.*\b(?:me siento|ando|estoy|esta|va) (?:\w+ )?mejor\b)(?!.*\bya (?:funciono|sirvio)\b).*"
            r"\b(?:(?:para|pa) (?:que|q)|de (?:que|q) sirve) (?:alargarlo|alargar(?:lo)? mas|seguirle|luchar|pelear|aguantar|vivir|"
            r"seguir(?: luchando| viviendo)?)(?= \||$| ya no| no tiene| si nada)|"
            r"\b(?:sin|no tengo|perdi la|ya no tengo|no hay) (?:ninguna )?esperanza de (?:que|q) (?:esto|mi vida|yo|"
            r"algo) (?:\w+ )?(?:mejore|cambie|se componga)\b|"
            r"\b(?:me da igual|me da lo mismo|me vale|no me importa) si (?:manana )?(?:amanezco|despierto|vivo|muero|me muero|"
            r"sigo viv[oa]|abro los ojos)(?: o no| o (?:me )?muero|(?= \||$))|\bni (?:yo )?mism[oa] me importo\b|"
            r"\bme pregunto si vale la pena seguir(?= \||$| asi| viviendo| aqui)",
            r"\b(?:do not|can not|could not) see (?:a|any) (?:\w+ ){0,3}(?:future|reason)\b|"
            r"\bno (?:future|tomorrow) for\b|\bno (?:veo|tengo|hay) futuro\b|\b(?:i am|im) finished\b|"
            r"\bnothing (?:really )?matters(?: anymore)?(?= \||$)|\btired of (?:everything|it all)(?= \||$)|"
            r"\bno reason (?:left|to (?:live|stay|keep|go on|continue|be here|get up|try|wake)|for (?:me|"
            r"living))\b|\bno reason(?= \||$)|\bno point (?:in (?:anything|living|trying|going on|being)|"
            r"to (?:anything|living|trying|me)|anymore|being here)\b|\bno point(?= \||$)|\bpoint of (?:me|my life)\b|\bnothing (?:has a|has any|makes) "
            r"(?:point|sense)\b|"
            r"\bwhy (?:i am|am i) still (?:here|alive|around)\b|\b(?:not|never)\b(?: \w+){0,3} "
            r"(?:come back|recover) from (?:this|it)\b|"
            r"\bwhat (?:is|else is) (?:even )?left\b|\bnot (?:going to )?wait(?:ing)? for (?:it|the "
            r"disease)\b|\bon (?:my|his|her) own terms\b|\bwaiting for (?:her|his|my) turn\b|"
            r"\bno (?:le )?(?:encuentro|veo|tiene) sentido\b|"
            r"\bno (?:tengo|tiene) (?:por que|caso) seguir\b|\bprefiere acabar\b|"
            r"\b(?:irme|ir) con (?:el|ella)\b(?! (?:doctora?|medico|psiquiatra|terapeuta|dentista|especialista|"
            r"consejero|psicologo|enfermer[oa]))|\b(?:anyone|nobody|no one) (?:would|will) (?:miss|notice) "
            r"(?:me|him|her|them)\b|\bnothing (?:is )?left (?:for me|to live for|of me)\b|"
            r"\b(?:come|go|show up|cry) (?:to|at) my funeral\b|\bmy (?:own )?funeral\b(?! home| director)|"
            r"\bnot sure (?:i|if i) can (?:keep going|go on|hold on|make it(?! to (?:the|my|your|a|an|class|work|school)|"
            r" on time| in time| there| by| today| tomorrow| this| that| back| in))\b|\b(?:i feel|feeling|i am) "
            r"(?:so |completely )?hopeless\b|\b(?:nobody|no one|anyone)\b(?: \w+){0,3} (?:care|notice|miss)"
            r"\w*\b(?: \w+){0,3} if i (?:did not|never) (?:show up|wake up|come back|make it)\b|"
            r"\bnot that (?:it|anything) matters\b|\bnot sure i (?:even )?care what happens\b|"
            r"\b(?:do not|does not|not) want to (?:be|stay) (?:around|here)\b|\bsin (?:el|ella) no tiene "
            r"caso\b",
            # Round 8: not lasting much longer, something that cannot be undone, the only door
            # one sees, the one thing still holding one here, disappointed to wake up
            r"\bhow much longer (?:i|he|she) can (?:hold on|take|keep going|go on|last|do this)\b|"
            r"\bnot sure (?:if )?i (?:will|would|am going|can) (?:to )?(?:make it|last|hold on) (?:that long|"
            r"much longer)\b|\bhow many more days i can (?:do this|take (?:it|this)|keep going)\b|\bno se cuanto (?:tiempo )?mas (?:voy a |pueda |puedo )?aguantar\b|"
            r"\b(?:before|afraid|scared|worried|terrified|might|going to|will)(?: \w+){0,2} (?:do|doing) something "
            r"(?:i|you|he|she) (?:can not|could not|(?:will|would) not be (?:able) to) (?:take back|undo)\b|"
            r"\b(?:antes de|miedo de|a que) (?:que )?(?:haga|hacer) (?:algo|una locura) (?:de lo que|que) (?:ya )?no (?:hay|tenga|pueda) "
            r"(?:vuelta atras|regresar)\b",
            r"\b(?:la unica (?:puerta|salida|opcion) que (?:veo|me queda)|the only (?:way out|door|exit) "
            r"(?:i|he|she) (?:can )?see)\b",
            r"\b(?:es|era|eres|son) lo unico (?:que|q) me (?:detiene|detenia|mantiene aqui|mantenia aqui|"
            r"mantiene viv[oa]|mantenia viv[oa]|ata aqui|ataba aqui|tiene aqui|tienen aqui)\b(?! (?:para|de|a) )|"
            r"\b(?:the )?only (?:reason|thing) (?:i am|im) still (?:here|alive|around)\b",
            r"\b(?:disappointed|sad|upset|angry|annoyed|mad|decepcionad[oa]) (?:that )?(?:i|he|she) "
            r"(?:woke|wake|still woke) up(?= \||$| again| at all| this morning| every (?:day|morning))|\b(?:me decepciona|me da coraje|me da tristeza) (?:despertar|"
            r"seguir vivo|seguir viva|amanecer)\b",
        ],
        [
            (
                r"\b(?:died|passed|gone|lost|laid off|fired|divorce|diagnos\w*|biopsy|miscarriage|"
                r"murio|fallecio|perdi|me corrieron|me dejo|diagnosticaron)\b",
                r"\bwants? to be with (?:her|him)\b|\bno one left\b|\bi have nobody\b|\bsee no point\b",
            ),
        ],
    ),
    (
        "disappear_sleep_forever",
        [
            # round 14: families from the development sets' misses
            r"\b(?:rezo|reza|pido|pide|le pido|le pide|ruego|ruega)\b(?: \w+){0,3} (?:no amanecer|ya no amanecer|no despertar"
            r"(?! temprano| tan| a las| antes))\b|\b(?:dios|diosito|el senor|mi senor|la virgen) (?:me|se) (?:lleve|recoja|"
            r"llevara|recogiera)\b|\b(?:pray\w*|asking|beg\w*) (?:that )?(?:god|the lord|jesus) (?:to )?(?:takes?|will take|"
            r"would take|calls?|call) me (?:home|away|in my sleep)?\b|"
            r"\b(?:hop\w*|wish\w*|pray\w*) (?:that )?(?:the )?(?:morning|tomorrow|sunrise) (?:skips me|never comes|does not "
            r"come|will not come|passes me by)\b|"
            r"\b(?:imaginarme|me imagino|pensarme|picturing|imagining) (?:myself |me )?(?:muert[oa]|dead)\b(?: \w+){0,6} "
            r"(?:calm\w*|peace|relief|tranquiliza|paz|calma|alivio|comfort\w*|only thing|lo unico)\b|"
            r"\b(?:me gustaria|quisiera|ojala|quiero) (?:q|que) (?:todo|mi vida) (?:ya )?(?:se )?(?:terminara|acabara|"
            r"termine|acabe)\b(?: \w+){0,2} (?:de una vez|para siempre|pa siempre)\b|"
            r"\b(?:quiere|queria|quisiera|quiero) desaparecer y no (?:regresar|volver) (?:nunca|jamas)\b",
            # round 13: wanting the pain to end, any way at all
            r"\b(?:q|que) (?:se )?(?:acabe|termine) (?:este|el|mi|todo este) (?:dolor|sufrimiento)\b(?: \w+){0,3} "
            r"(?:como sea|de una vez|para siempre|pa siempre|de cualquier forma|de cualquier manera)\b|"
            r"\b(?:the|this|my) pain to (?:end|stop)\b(?: \w+){0,3} (?:whatever it takes|any way|one way or another|"
            r"for good)\b",
            # round 12: praying for an accident or for God to take one (a passive wish to die)
            r"\b(?:rezo|pido|le pido a (?:dios|diosito)|ruego|ojala) (?:pa |para )?(?:q|que) (?:un accidente|dios|algo|la muerte) "
            r"(?:me|se) (?:lleve|recoja|llevara)\b|\bpray(?:ing)? (?:that )?(?:an accident|god|something|death) "
            r"(?:takes|will take|would take) me\b",
            # round 9: no tomorrow wished for; wanting to go to a dead parent or spouse; "soon you
            # won't see me any more" (Spanish development misses the round-9 classifier no longer scored)
            r"\b(?:quiero|quisiera|ojala)\b(?: \w+){0,3} (?:q|que) ya no (?:haya|exista|llegue) (?:manana|otro dia)\b(?! de\b)(?!(?: \w+){0,3} (?:jaja\w*|lol))|"
            r"^(?=.*\b(?:en paz descanse|descanse en paz|difunt\w*|fallecid\w*|que (?:se )?murio|en el cielo)\b).*"
            r"\b(?:se quiere|me quiero|quiere|quiero) (?:ir|irse|irme|estar|reunir(?:se|me)) con (?:mi|su) (?:\w+ )?"
            r"(?:papa|mama|esposo|esposa|marido|hijo|hija|abuel[oa]|herman[oa])\b|"
            r"^(?!.*\b(?:me mudo|se muda|nos mudamos|cambio de trabajo|renunci\w*|vacaciones|de viaje)\b).*"
            r"\b(?:pronto )?ya no (?:me|la|lo|nos) (?:van|vamos|vas|va) a (?:ver|volver a ver)(?= \||$| y| nunca)",
            # round 9: done with being alive; the wish not to exist that stays; a relative wanting to disappear
            r"\b(?:done|over|sick of|tired of) being (?:human|alive)\b|\b(?:do not care|idc|could not care less) (?:if|whether) "
            r"i (?:wake up|live|die|make it)\b|\bdone being a person(?= \||$)|\b(?:deseo|ganas|idea) de (?:ya )?no existir\b|"
            r"\b(?:quiere|queria|quisiera) desaparecer(?= \||$| de este mundo| para siempre| y ya)|"
            r"\bno querer (?:vivir|estar aqui|seguir aqui|existir|despertar(?! temprano| tan temprano| a las))\b|"
            r"\b(?:i|you|someone like me|people like me) (?:should|should not) (?:just )?(?:not )?exist(?= \||$| anymore| at all)|"
            r"\bno (?:quiero|quisiera|quiere) (?:ni )?abrir los ojos\b(?! (?:de sueno|temprano|de lo))",
            r"\b(?:wish\w*|want\w*|would|if i could|quisiera|quiero|ojala|keep wishing)\b"
            r"(?: \w+){0,4} (?:fade out|fade away|vanish|disappear|desaparecer|desaparezca|evaporate|"
            r"not exist|stop existing|go dark)\b(?! into| for (?:a|the) (?:while|bit|weekend|day|week|few))"
            # round 12: not a transitive "make disappear" ("desaparecer estas ojeras")
            r"(?! (?:estas?|estos|esos?|esas?|mis|las|los|el|la|unas?|unos)\b)",
            r"\b(?:not|never|no) (?:have to )?(?:open my eyes|abrirlos|amaneciera|amanezca|come back)\b",
            r"\b(?:nap|sleep|rest)\b(?: \w+){0,3} (?:lasts|last) forever\b|\bthe permanent kind\b|"
            r"\bpermanent (?:nap|sleep|rest)\b",
            r"\b(?:sleep|bed|lie down|close my eyes|asleep|dormir|dormirme)\b(?: \w+){0,6} "
            r"(?:forever|for good|permanently|para siempre|sin despertar)\b|\b(?:do not|never|not) "
            r"(?:come back|get up again) from\b|\bkind you (?:do not|never) (?:come back|wake up)\b",
            r"\b(?:lie down|sleep|close my eyes)\b(?: \w+){0,3} (?:and )?(?:not|never) (?:get up|wake up|open "
            r"them)\b",
            r"\b(?:go|die|pass away|slip away) (?:peacefully )?in (?:my|his|her) sleep\b",
            r"\b(?:go to sleep|fall asleep|sleep) and (?:stay|remain) asleep\b",
            r"\b(?:fall asleep|go to sleep|close my eyes)\b(?: \w+){0,6} (?:ever again|never again|forever)\b",
            r"\b(?:hope|hoping|wish|wishing|pray\w*) (?:that )?i (?:get|got|would get|will get) (?:in|into) "
            r"(?:a|an) (?:\w+ )?(?:accident|crash|wreck)\b",
            r"\b(?:okay|ok|fine|happy|at peace|relieved|glad) if (?:i|he|she) (?:never|did not|do not) "
            r"(?:woke|wake) up\b|\bnever (?:woke|wake) up again\b",
            r"\b(?:truck|car|bus) (?:took|takes|hit|hits) me\b|\b(?:was|were) not (?:around|here) "
            r"(?:when|by)\b|\b(?:somewhere|place) (?:nobody|no one) (?:can|could|will) find me\b",
        ],
        [],
    ),
    (
        "weapon_acquired",
        [
            # round 9: a new gun bought by someone who never hunted or will not say why (no stated purpose)
            r"^(?!.*\b(?:deer|season|hunting|skeet|clays|range|class|lessons|teaching|target practice|trap shooting)\b).*"
            r"(?:\b(?:new|bought (?:a|an)|got (?:a|an)|came home with (?:a|an)|walked in with (?:a|an)) (?:new )?"
            r"(?:ar|ar15|ar 15|gun|pistol|rifle|shotgun|handgun)\b(?: \w+){0,12} (?:never (?:hunted|shot|owned)|"
            r"not a hunter|does not hunt|no reason|will not (?:say|explain|tell))\b|"
            r"\b(?:never (?:hunted|shot a gun|owned a gun)|not a hunter)\b(?: \w+){0,10} (?:came home with|bought|got|"
            r"walked in with) (?:a|an) (?:new )?(?:gun|pistol|rifle|shotgun|handgun|ar)\b)",
            # waiting to be alone
            r"\bwait\w* (?:for|until) (?:the house|everyone|them|my \w+) (?:to be (?:empty|gone|asleep)|"
            r"to (?:leave|go)|is empty|leaves?|goes)\b|\b(?:espero|esperando) a que se (?:vayan|vaya|"
            r"duerman)\b",
            r"\b(?:it is|its) loaded\b|\bloaded and\b",
            r"\bpractic\w* (?:tying|to tie) (?:a )?(?:knots?|nooses?)\b",
            r"\bya (?:tengo|compre|consegui) (?:la|una|el|mi) (?:soga|cuerda|pistola|arma|navaja)\b",
            r"\bfinally (?:bought|got|picked up|have) (?:a |the |my |some )?(?:rope|gun|pistol|handgun|"
            r"shotgun|rifle|blades?|razor blades?|knife|pills)\b",
            # round 10: sitting with a loaded gun or a gun in one's lap
            r"\bloaded (?:my|the|his|her) (?:gun|rifle|pistol|shotgun|revolver)\b(?: \w+){0,6} (?:sat|sit|sitting|held|"
            r"holding) with it\b|\b(?:revolver|gun|pistol|rifle|shotgun)\b(?: \w+){0,3} in my lap\b",
            # round 10: the rope already bought; in the car with a hose
            r"\b(?:the|a|my) (?:rope|noose|cord) (?:is|was) (?:already )?(?:bought|ready|tied|hung|up)\b|"
            r"\b(?:carro|coche|troca|car|truck)\b(?: \w+){0,4} (?:con la|con una|with the|with a) (?:manguera|hose)\b",
            # Round 8: the means in hand, only the day left to choose
            r"\b(?:have|got|tengo|ya tengo) (?:the means|everything i need(?! for| to| from)|con (?:que|q) hacerlo)\b"
            r"(?: \w+){0,8} (?:pick|choose|"
            r"decide|escoger|elegir|falta|set) (?:when|the day|the date|cuando|el dia|la fecha)\b",
            r"\b(?:background check|waiting period)\b(?: \w+){0,10} (?:(?:and )?then (?:i am|it is|that is) "
            r"(?:done|over|it)|y ya|y se acabo)(?= \||$)",
        ],
        [
            (
                WEAPONS,
                NOT_FOR_USUAL + r"|\bbought shells\b|\bfirst time owning\b|\bhid\w*\b|"
                r"\besconde\b|\bpara que es\b|\bla tengo\b|\bnot (?:going to|gonna) shave\b",
            ),
            (
                r"\b(?:bought|buy|got|picked up|borrowed|compre|compro|consegui)\b",
                WEAPONS
                + r"(?: \w+){0,8} (?:today|this weekend|last week|for me|tired of everything|"
                r"is not (?:a )?(?:cazador|hunter)|does not hunt)\b",
            ),
            (
                r"\b(?:bought|buy|got|picked up|borrowed|compre|compro|consegui)\b(?: \w+){0,3} "
                + WEAPONS,
                WORRY + "|" + FINAL,
            ),
        ],
    ),
    (
        # C-SSRS items 4-5 (intent, plan) said without the words: "i have a plan now".
        # Only as a whole sentence, so "i have a plan with aetna" stays ordinary; after an
        # earlier warning sign the screening action turns this into the crisis reply.
        "plan_or_decision",
        [
            # round 12: a calm or a relief with knowing what to do, everything sorted, peace made
            r"\b(?:calm|calmer|at peace|peaceful|relieved|en paz|tranquil[oa])\b(?: \w+| \|){0,8} "
            r"(?:i know what (?:i am|i) (?:going to|gonna|will) do|ya decidi|(?:x|por) fin se (?:que|lo que) (?:hacer|voy a hacer)|"
            r"got (?:it )?all figured out|(?:its|it is) all sorted)\b|"
            r"\b(?:i know what (?:i am|i) (?:going to|gonna|will) do|got (?:it )?all figured out|ya decidi)\b(?: \w+| \|){0,8} "
            r"(?:calm|calmer|at peace|peaceful|relieved|en paz|tranquil[oa])\b|"
            r"\bmade (?:my )?peace with (?:it all|everything)(?= \||$)",
            # round 12: "if it comes back i already know what i will do"; not eating, on purpose
            r"\bif\b(?: \w+){1,10} (?:i )?(?:already )?know (?:exactly )?what i (?:will|am going to|am gonna) "
            r"do\b|"
            r"\b(?:have not|not) (?:eaten|eating)\b(?: \w+){0,4} (?:and|&) (?:do not|not) (?:plan|intend|want|going) "
            r"to\b",
            # round 11: a sudden calm or peace since a decision (not a decision to try or book something)
            r"\b(?:calm|calmer|at peace|peaceful|relieved|lighter|weight (?:lifted|came off|off my shoulders))\b"
            r"(?: \w+){0,5} (?:since|now that|because|after) (?:i )?(?:finally )?(?:decided|made (?:a|the|my) decision|"
            r"made up my mind|know when)\b(?! (?:to|on|about|that|which|what|between|against|where to)\b)",
            r"(?:^|\| )(?:\w+ ){0,2}i (?:have|got|made|have got|have made) (?:a|my|the) plan"
            r"(?: now| already| ready| for (?:it|tonight|this weekend))?(?= \||$)",
            r"(?:^|\| )(?:\w+ ){0,2}(?:i have|i) (?:decided|made up my mind)(?: now| already)?(?= \||$)",
            r"\b(?:have|got) everything (?:ready|set|in place|planned) for (?:tonight|tomorrow|the weekend|"
            r"it)(?= \||$)|\bmy mind is made up(?= \||$)|\b(?:tonight|today|this weekend) is the "
            r"(?:night|day|time)\b",
            r"(?:^|\| )(?:\w+ ){0,2}i (?:have )?(?:already )?(?:picked|chose|chosen|set) (?:a|the) "
            r"(?:date|day|time)(?= \||$)",
            # round 10: the calm of finally knowing when; how to do it already thought out
            r"\bfinally know (?:when|how)(?= \||$)|"
            r"\bya (?:pense|planee|tengo pensado|tengo planeado) como (?:hacerlo|lo (?:voy|iba) a hacer)\b",
        ],
        [],
    ),
    (
        "treatment_not_working",
        [
            # round 12: still wanting to check out or be gone
            r"\bstill (?:want|wanting|wanna) to (?:check out|not be here|disappear|not wake up|be gone)\b",
            # round 9: still sorry to wake despite treatment; last time this low ended in hospital; whether to keep going at all
            r"\b(?:bummed|sad|upset|angry|mad|disappointed|annoyed)\b(?: \w+){0,2} (?:that )?i (?:opened my eyes|"
            r"am still (?:here|alive|breathing)(?= \||$| again| every)|did not die|survived the night)\b|"
            r"\blast time i (?:felt|was|got|have been) (?:this|that) (?:\w+ )?(?:way|empty|low|bad|dark|hopeless|numb)\b(?: \w+){0,3} "
            r"(?:i )?(?:ended up in (?:the )?(?:er|icu|hospital|psych ward|emergency room)|tried|almost (?:died|did it)|"
            r"overdosed|was hospitalized|attempted)\b|"
            r"\b(?:whether (?:to|i should|i want to) (?:keep going|go on|keep living|stick around|continue living)|"
            r"(?:keep going|go on|carry on) at all)(?= \||$| at all)(?!(?: \w+){0,6} (?:sessions?|infusions?|treatments?|"
            r"boosters?|therapy|appointments?|monthly|weekly))",
            r"\b(?:last (?:try|resort|chance|hope)|ultima (?:opcion|esperanza))\b",
            r"\bif (?:this|it|ketamine|spravato|treatment) (?:does not|do not|will not|(?:is )?not going "
            r"to) (?:work|fix|help)\w*\b(?: \w+){0,6} (?:i am out|im out|done|nothing|over)\b",
            r"\b(?:done|tired of) (?:fighting|trying to live)\b|\b(?:tired of|done) (?:waiting|trying|"
            r"hoping) to (?:feel|want) (?:like )?(?:living|alive)\b|\bdone trying\b|"
            r"\bya me (?:quiero|voy a) ir\b|\bnada mas (?:que|por) (?:intentar|hacer)\b",
            # giving up for good: "before i stop trying altogether", "rendirme por completo"
            r"\b(?:give|giving) up (?:on (?:life|living|everything)|for good|completely|altogether)\b|"
            r"\bstop trying (?:altogether|for good|completely|to live)\b|"
            r"\b(?:rendirme|me rindo|me voy a rendir) (?:por completo|del todo|para siempre|de una vez)\b",
            r"\b(?:i am|im) ready to stop(?= \||$)|\bganas de (?:ya )?no (?:estar aqui|seguir aqui|existir)\b",
            r"\b(?:ready|want|waiting) to (?:join|be with) (?:him|her|them)(?: again| soon| now)?(?= \||$)",
            # Round 8: the wish to be gone back after treatment; planning an exit
            r"\b(?:urge|urges|wish|desire|wanting) to be gone\b|\b(?:dark|bad|those) thoughts (?:are |came )?"
            r"back\b(?: \w+){0,3} (?:worse|again|stronger)\b|"
            r"\bplanning (?:my|an|the) (?:exit|way out)(?= \||$| even| again| anyway)|\bback to planning(?= \||$)",
        ],
        [
            # round 11: a treatment named, and the wish to die still there (issue 17's "still
            # wanting to die despite treatment"): wanting it all to end or run out, the option
            # kept open, the dark thoughts unchanged
            (
                TREATMENT,
                r"\b(?:want|wants|wanting|wish|wishing|hope|hoping)(?: for)? (?:it all|everything|it|my life|"
                r"the whole thing|all of it) to (?:end|be over|stop|run out)\b(?! (?:soon|quickly|faster) so)|"
                r"\b(?:keep|keeps|keeping|kept) (?:the|that|an) option open\b|"
                r"\b(?:dark|suicidal|death|(?:those|the) (?:dark|suicidal)) (?:stuff|thoughts|urges|wishes|feelings)\b(?: \w+){0,3} "
                r"(?:is |are )?(?:still (?:there|here|around|the same)|(?:have|has) not (?:moved|changed|budged|gone))\b|"
                r"\bpart of (?:me|myself) (?:that )?(?:wants|wanting|wishes|still wants) (?:to die|everything|it all|"
                r"to not|to be gone|out)\b|"
                r"\b(?:todavia|aun|sigo con|siguen) (?:las )?(?:ganas de (?:morir|no estar|desaparecer)|"
                r"(?:pensamientos|ideas) (?:de muerte|de morir|oscur\w+|feos))\b",
            ),
        ],
    ),
    (
        # Round 7: not expecting to be alive for long, said in passing (often beside a
        # clinic question); PHQ-9 item 9 answered yes; fear of what one might do; a means
        # weighed as an "option"; wanting the highest place.
        "not_being_around",
        [
            # round 14: families from the development sets' misses
            r"^(?!.*\b(?:surgery|surgical|accident|tattoos?|acne|stretch|c section|eczema|psoriasis|bites?)\b).*"
            r"\b(?:hide|hiding|cover|covering|conceal\w*)\b(?: \w+){0,2} (?:my |the |these |those )?(?:cuts|scars|burns)\b"
            r"(?: \w+){0,4} (?:from (?:my |the )?(?:doctor|wife|husband|mom|dad|parents|family|everyone|nurse)|before "
            r"(?:a|the|my)|so (?:nobody|no one))\b|"
            r"\b(?:the|my) (?:cutting|burning|self harm)\b(?: \w+){0,3} (?:is |are )?on (?:my )?(?:upper |inner )?"
            r"(?:thighs?|arms?|stomach|hips?|wrists?|ribs)\b",
            # round 12: wounds said to be self-made; scars not all old; a blade hidden in a bag
            r"\b(?:burns|cuts|scars|marks|wounds)\b(?: \w+| \|){0,10} (?:self made|self inflicted|i did (?:them|it) "
            r"myself|on purpose)\b|"
            r"\bscars\b(?: \w+| \|){0,8} (?:not all old|some are (?:new|fresh)|still fresh)\b|"
            r"\b(?:sharpener blade|razor blade|razor blades)\b(?: \w+){0,3} (?:tucked|hidden|hiding|stashed) ",
            # round 12: unsure of still being around by a coming date
            r"\b(?:not sure|unsure|doubt|no idea if|do not know (?:if|whether)) (?:that )?(?:i am|im|i will|ill|i will still) "
            r"(?:gonna |going to |still )?be (?:around|here|alive)\b(?! (?:for|at) (?:the|my|your) "
            r"(?:appointment|appt|call|office|consult))",
            # round 11: no need for a future appointment, no point booking ahead, not around for a
            # coming holiday (not because of travel)
            r"^(?!.*\b(?:travel\w*|trip|vacation|out of town|visiting|moving|flying|deployed|away)\b).*(?:"
            r"\b(?:will not|wont|not going to|not gonna) (?:be )?(?:need|needing)\b(?: \w+){0,2} (?:that|the|my|a|any) "
            r"(?:follow ?up|next appointment|refills?|booster|appointment)\b(?!(?: \w+){0,4} (?:if|unless|because|since|"
            r"anymore|any more))|"
            r"\bno (?:point|use|sense) (?:in )?(?:booking|scheduling|making|planning)\b(?!.*\b(?:since|because|cause|"
            r"until|insurance|deductible)\b)(?: \w+){0,3} (?:next|for next|"
            r"in (?:the )?(?:spring|summer|fall|new year))\b|"
            r"\b(?:do not|dont) think (?:i will|ill|i am (?:going to|gonna)|im gonna) be (?:around|here|alive) "
            r"(?:for|by|at|in|on|next)\b)",
            # round 9: no me by a near date; a relative's day picked to 'do it'; forums of people wanting to die;
            # letting go of the wheel; a gun loaded then put away; a handful of pills kept; an engine left running in a
            # closed garage; thanking the team for trying before giving up
            r"\b(?:there is|there will be|there will not be|there is going to be) (?:no (?:more )?me|a me)\b(?! time)|"
            r"\b(?:he|she|they|my (?:\w+ )?(?:wife|husband|fiancee?|son|daughter|brother|sister|friend|mom|dad|partner|"
            r"boyfriend|girlfriend)) (?:has |have )?(?:already )?(?:picked|chose|chosen|set|decided on) (?:a |the )?"
            r"(?:day|date)\b(?: \w+){0,3} to do it\b|"
            r"\b(?:foros?|grupos?|paginas?|videos?|forums?)\b(?: \w+){0,4} (?:de|donde|where) (?:gente|personas|people)\b"
            r"(?: \w+){0,3} (?:que )?(?:ya )?(?:se quieren? (?:morir|matar)|se quieren? ir(?! (?:a|de|pa|para) (?!siempre))|"
            r"quieren? morir|se (?:mato|mataron|suicid\w*)|want to die|plan (?:to die|their deaths?))\b|"
            r"^(?!.*\b(?:autopilot|piloto automatico|tesla)\b).*\b(?:(?:idea|ganas|tentacion) de (?:soltar el volante|"
            r"dar(?:le)? un volantazo|meterme al carril contrario|estrellarme)|(?:want|wish i could|urge|tempted) to "
            r"(?:let go of|take my hands off) (?:the|my) (?:steering )?wheel)\b|"
            r"\b(?:loaded|cocked) (?:the|my|his|her|my \w+) (?:gun|pistol|rifle|shotgun|revolver)\b(?: \w+){0,8} "
            r"(?:unloaded|put it (?:back|away)|locked it (?:back|up))\b|\bloaded it\b(?: \w+){0,6} unloaded it\b|"
            r"^(?!.*\b(?:vencidas|caducadas|expiradas|tirarlas|desecharlas)\b).*\b(?:ya )?(?:tenia|tuve) (?:el|un) "
            r"(?:punado|puno|monton) de pastillas\b|"
            r"\b(?:had|left|kept|with) (?:the |my |his |her )?(?:\w+ )?(?:running|engine on|idling)\b(?: \w+){0,4} (?:with )?"
            r"(?:the )?garage (?:door )?(?:closed|shut|down)\b|"
            r"\bthanks? (?:\w+ ){0,3}for (?:trying|everything you tried|all you tried)\b(?: \w+){0,8} (?:tapping out|"
            r"giving up|checking out|signing off)(?! for (?:today|now|the night|tonight|the day|the weekend))",
            r"\b(?:not|never|no) (?:really )?(?:plan|planning|expect|expecting) (?:on |to )?(?:be |being )?"
            r"(?:around|here) (?:long|for long|much longer|that long|long term)\b|"
            r"\b(?:will not|wont|not going to) (?:last|be around|be here) (?:much|very|that) (?:longer|long)\b|"
            r"\bno voy a (?:durar|estar aqui|aguantar) (?:mucho|tanto|mucho tiempo|mas tiempo)\b",
            r"\b(?:in case|if) (?:it is|its|this is|today is|tomorrow is) my (?:final|last) (?:day|night)\b|"
            r"\b(?:por si|en caso de que) (?:es|sea|fuera) mi ultimo dia\b",
            # PHQ-9 item 9 (thoughts of being better off dead or of self-harm) answered yes
            r"\b(?:answered|answer|put|marked|said|circled|checked|clicked|picked|conteste|puse|marque)\b"
            r"(?: \w+){0,2} (?:yes|si|nearly every day|more than half)\b(?: \w+){0,4} (?:the )?"
            r"(?:last|ninth|9th|final|number 9|ultima|novena) (?:question|one|item|pregunta)\b|"
            r"\b(?:last|ninth|9th|number 9|ultima|novena) (?:question|item|pregunta)\b(?: \w+){0,2} "
            r"(?:yes|si)\b(?: \w+){0,2} (?:every day|most days|todos los dias)\b",
            # fear of what one might do (first person): "me da miedo lo que pueda hacer"
            r"\b(?:scared|afraid|terrified) of what i (?:might|could|would|will|am going to) do\b"
            r"(?! (?:wrong|on|with|at|if|to (?:him|her|them)))|"
            r"\bmiedo (?:de )?lo que (?:yo )?(?:pueda|podria|vaya a|valla a) hacer(?:me)?\b(?! (?:a|con) )",
            # a means weighed as the cheaper or only option
            GUNS[:-3] + r"|rope|bridge|pills)\b(?: \w+){0,6} (?:cheaper|easier|faster|quicker|"
            r"better|only|real) (?:option|way out|solution|answer)\b",
            r"\b(?:floors?|buildings?|roofs?|bridges?|stor(?:e)?y|stories|pisos?|edificio|puente)\b"
            r"(?: \w+){0,8} (?:the (?:higher|taller) the better|lo mas alto (?:posible|que se pueda))\b",
            # not expecting to live to a date; "what do i go on for"; crossing without looking
            r"\bno creo (?:que|q) (?:llegue|vaya a llegar|aguante) (?:a|hasta) (?:navidad|ano nuevo|fin de ano|"
            r"mi cumpleanos|el verano|la primavera|diciembre|enero)\b|\b(?:do not|dont) think i (?:will )?"
            r"(?:make it|last|be here|be around) (?:to|until|till|through|past) (?:christmas|the holidays|new year|"
            r"my birthday|summer|spring|next (?:week|month|year))\b",
            r"\b(?:pa|para) (?:q|que) sigo\b(?! (?:con el|con la|el|la|los|las|viniendo|pagando))",
            r"\bcruz(?:ar|o|ando|e)(?:me)? la calle sin (?:ver|voltear|fijarme|mirar)\b",
            # round 11: cut or burn marks to hide or cover, arms or wrists checked at a visit
            r"^(?!.*\b(?:surgery|surgical|accident|tattoos?|acne|stretch|c section|eczema|psoriasis|bites?)\b)"
            r".*\b(?:hide|hiding|cover|covering|cover up|conceal)\b(?: \w+){0,2} (?:the )?(?:cut|cuts|burn|burns|scars?|"
            r"self harm) ?(?:marks|scars)?\b(?: \w+){0,2} (?:on )?(?:my|your|her|his) (?:arms?|wrists?|thighs?|legs?|"
            r"stomach|hips?)\b|\b(?:check|look at|see|inspect|examine) (?:your|my) (?:wrists|arms|forearms|thighs)\b"
            r"(?!(?: \w+){0,4} (?:veins?|iv|blood pressure|pulse|rash|for (?:a|the) (?:vein|iv)))"
            r"(?: \w+){0,5} (?:visit|consult|consultation|intake|appointment|first|infusion)\b|"
            r"\b(?:revisan|checan|ven|miran) (?:los|mis|tus) brazos\b(?!(?: \w+){0,4} (?:vena|venas|suero))|"
            r"\bpa(?:ra)? (?:q|que) no (?:vean|me vean) (?:mis|los) brazos\b|"
            # signs of self-harm seen on someone: long sleeves in the heat, marks or cuts
            r"\b(?:long sleeves|mangas largas)\b(?: \w+){0,10} (?:marks|cuts|scars|marcas|cortadas|cortes|"
            r"cicatrices)\b|\b(?:marks|cuts|scars|marcas|cortadas|cicatrices)\b(?: \w+){0,10} (?:long sleeves|"
            r"mangas largas)\b",
            # round 10: a relapse to the blade, walls hit until the knuckles split, cigarette burns on
            # someone who does not smoke
            r"\brelaps\w*\b(?: \w+){0,12} (?:blade|razor|cutting|self harm)\b|"
            r"\b(?:punch|punched|punching|hit|hitting) (?:the )?(?:wall|walls|drywall)\b(?: \w+){0,4} (?:till|until) "
            r"(?:my )?(?:knuckles|hands?|fists?) (?:bleed|bled|split|broke|cracked)\b|"
            r"\b(?:quemaduras de cigarr\w*|cigarette burns)\b",
        ],
        [],
    ),
]


# C-SSRS item 5 (details worked out, with intent to carry them out): a means, a method or a
# preparation together with the time named for it is a plan, not a warning sign to ask
# about ("the helium and the bag. sunday"): clinic/risk_tiers.py gives it the crisis reply.
PLAN_FAMILIES = frozenset(
    {
        "means_heights",
        "means_medication",
        "means_firearm",
        "means_painless",
        "means_duration",
        "preparation_goodbye",
        "preparation_giving_away",
        "preparation_will_insurance",
        "preparation_pets",
        "stockpiling",
        "weapon_acquired",
        "plan_or_decision",
    }
)
WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
DIA = r"(?:lunes|martes|miercoles|jueves|viernes|sabado|domingo)"
# A time named for the act: a day or a night ahead, a moment waited for, minutes ago.
WHEN_RX = (
    r"\b(?:tonight|tonite|2nite|tomorrow|tmrw|tmr|2morrow|this (?:morning|afternoon|evening|weekend)|"
    rf"(?<!every )(?<!on )(?<!on a ){WEEKDAY}(?: (?:morning|night|afternoon|evening))?(?!s)|"
    r"before (?:sunrise|dawn|the sun comes up|morning)|at midnight|in (?:an|a few|\d+) hours?|"
    r"(?:once|after|when|while) (?:everyone|everybody|the kids|the house|they|my \w+)(?: is| are|s)? "
    r"(?:leaves?|gone|asleep|at|out|away|goes to (?:sleep|bed)|go to (?:sleep|bed)|falls? asleep)|"
    r"(?:a|the) (?:date|day|time) (?:picked|set|chosen)|\d+ (?:min|mins|minutes|hours|hrs) ago|"
    r"esta noche|hoy (?:en la noche|mismo)|(?<!la )(?<!las )manana(?! (?:temprano|en la))|"
    rf"(?:el|este|esta|antes del|para el) {DIA}|este fin(?: de semana)?|antes (?:del|de que) (?:amanecer|amanezca)|"
    r"(?:cuando|en cuanto|esperando (?:a )?(?:q|que)) (?:todos |los ninos |se )?(?:se )?(?:vayan|duerman|salgan)|"
    r"hace (?:\d+|un|una) (?:rato|ratito|hora|horas|minutos?)|"
    # round 14: the act under way now, or a little while ago, or on a dated day
    r"right now|as we speak|ahorita(?! (?:que|q|en la|con la|con el))|ahora mismo|en este momento|"
    r"(?:a|an|one|a few|few|a couple of|couple of|couple) (?:min|mins|minutes|hour|hours|hrs) ago|"
    r"(?:on|by|before) the \d{1,2}(?:st|nd|rd|th)(?! (?:floor|story|storey|level|deck|grade|street|st|ave|avenue)\b))\b"
)
# ... but not the time of the visit asked for ("can i book for friday", "saturday openings?").
APPOINTMENT_WORDS = (
    r"\b(?:book|booking|appt|appointment|appointments|opening|openings|available|availability|slots?|"
    r"consult|consultation|schedule|get in|come in|cita|citas|consulta|agendar|disponible)\b"
)
APPOINTMENT_TIME = re.compile(
    rf"{APPOINTMENT_WORDS}(?: \w+){{0,4}} {WHEN_RX}|{WHEN_RX}(?: \w+){{0,3}} {APPOINTMENT_WORDS}"
)
WHEN = re.compile(WHEN_RX)


def names_a_time(normalised: str) -> bool:
    """Whether the text names a time for the act (not for the appointment it asks for)."""
    return bool(WHEN.search(APPOINTMENT_TIME.sub(" ~ ", normalised)))


@dataclass(frozen=True)
class WarningSign:
    family: str
    spanish: bool


_COMPILED: List[Tuple[str, List[Pattern[str]], List[Tuple[Pattern[str], Pattern[str]]]]] = [
    (name, [re.compile(a) for a in alone], [(re.compile(t), re.compile(c)) for t, c in pairs])
    for name, alone, pairs in FAMILIES
]
SPANISH_WORDS = re.compile(
    r"\b(?:que|quiero|mi|mis|estoy|tengo|para|pero|ya|como|esta|con|una|los|las|del|por|"
    r"cuando|cuantas|porque|seria|siento|no se)\b"
)


def warning_sign(text: str, normalised: Optional[str] = None) -> Optional[WarningSign]:
    """The first warning-sign family the text belongs to, or None."""
    norm = normalised if normalised is not None else normalise(text)
    if not norm:
        return None
    for name, alone, pairs in _COMPILED:
        if any(p.search(norm) for p in alone) or any(
            t.search(norm) and c.search(norm) for t, c in pairs
        ):
            return WarningSign(name, spanish=len(SPANISH_WORDS.findall(norm)) >= 2)
    return None
