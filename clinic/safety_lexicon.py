"""Deterministic crisis lexicon: the recall guarantee behind the statistical classifier.

Pure Python (used by Rasa's NLU component and by the action server), fast (a handful
of compiled regexes over one normalised string) and data-driven: every list below is
a pattern family with a comment saying what it catches.

How a message is read:
1. `normalise`: lower case, accents stripped, apostrophes dropped, leetspeak, letter
   runs squeezed ("diiie"), contractions and chat slang expanded ("wanna" -> "want
   to", "kms" -> "kill myself"), known typos and near-misses of key words corrected
   ("suicde", "myslef"), sentences separated by " | ".
2. Benign idioms are masked ("ketamine killed my depression", "dying to know"), so the
   rest of the message is still checked: "this traffic is killing me and I want to
   die" is a crisis.
3. Crisis patterns: suicidal ideation (direct, passive, slang, Spanish), self-harm,
   overdose and danger to others (or from others).
4. Whose crisis: each match is the visitor's own unless it is clearly about someone
   else ("my brother wants to kill himself", "quiere matarse").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, Iterable, List, Optional, Pattern, Tuple

# Key under which the NLU component stores the signal in a message's parse data
# (`tracker.latest_message[PARSE_KEY]` in actions).
PARSE_KEY = "crisis_signal"

SELF, OTHER, RESOLVE = "self", "other", "resolve"


@dataclass(frozen=True)
class CrisisSignal:
    is_crisis: bool
    # The visitor writes about someone else at risk (and not about themself).
    about_other: bool = False
    # The risk was expressed in Spanish (the reply adds 988's Spanish line).
    spanish: bool = False
    # A benign idiom with a risk word was found ("killing it", "dying to know");
    # lets the NLU component overrule a classifier that mistook it for a crisis.
    benign_idiom: bool = False


# --------------------------------------------------------------------------------------
# 1. Normalisation data
# --------------------------------------------------------------------------------------

# Whole-token rewrites: contractions (apostrophes are already gone), chat slang and
# common misspellings. Values may be several words.
TOKEN_REWRITES: Dict[str, str] = {
    # contractions without apostrophes
    "im": "i am",
    "ive": "i have",
    "id": "i would",
    "ill": "i will",
    "dont": "do not",
    "doesnt": "does not",
    "didnt": "did not",
    "havent": "have not",
    "hasnt": "has not",
    "hadnt": "had not",
    "cant": "can not",
    "cannot": "can not",
    "wont": "will not",
    "wouldnt": "would not",
    "shouldnt": "should not",
    "couldnt": "could not",
    "isnt": "is not",
    "arent": "are not",
    "wasnt": "was not",
    "werent": "were not",
    "aint": "am not",
    "hes": "he is",
    "shes": "she is",
    "theyre": "they are",
    "youre": "you are",
    "whats": "what is",
    "thats": "that is",
    "theres": "there is",
    "its": "it is",
    "lets": "let us",
    "ima": "i am going to",
    "imma": "i am going to",
    "iam": "i am",
    "u": "you",
    "ur": "your",
    "r": "are",
    "2": "to",
    "b": "be",
    "pls": "please",
    "plz": "please",
    "rn": "right now",
    "bc": "because",
    "cuz": "because",
    "coz": "because",
    "tho": "though",
    "wanna": "want to",
    "wana": "want to",
    "wnna": "want to",
    "wann": "want to",
    "gonna": "going to",
    "gona": "going to",
    "gunna": "going to",
    "finna": "going to",
    "tryna": "trying to",
    "gotta": "got to",
    "hafta": "have to",
    "kinda": "kind of",
    "wnat": "want",
    "wnt": "want",
    "watn": "want",
    "whant": "want",
    "wamt": "want",
    "waant": "want",
    "wan": "want",
    "hell": "he will",
    "theyll": "they will",
    "youll": "you will",
    "kys": "kill yourself",
    # risk words: slang, abbreviations, misspellings
    "kms": "kill myself",
    "kmys": "kill myself",
    "kmsl": "kill myself laughing",
    "kil": "kill",
    "kll": "kill",
    "kiil": "kill",
    "klil": "kill",
    "ikll": "kill",
    "kilin": "killing",
    "killin": "killing",
    "kiling": "killing",
    "kiled": "killed",
    "kild": "killed",
    "ded": "dead",
    "deaad": "dead",
    "dei": "die",
    "dieing": "dying",
    "dyin": "dying",
    "diying": "dying",
    "urself": "yourself",
    "uself": "yourself",
    "yourslf": "yourself",
    "themself": "themselves",
    "selfharm": "self harm",
    "selfharming": "self harming",
    "slef": "self",
    "hram": "harm",
    "hurtin": "hurting",
    "sewerslide": "suicide",
    "suey": "suicide",
    "unaliving": "unalive",
    "unalived": "unalive",
    "overdoze": "overdose",
    "ovrdose": "overdose",
    "overdos": "overdose",
    "nomore": "no more",
    "wakeup": "wake up",
    "everyday": "every day",
    "aliv": "alive",
    "lyfe": "life",
    "lif": "life",
    "liv": "live",
    "pils": "pills",
    # real words the letter squeeze would turn into a key word ("fell" -> "feel")
    "fell": "fell",
    "pilz": "pills",
    # Spanish chat spellings
    "q": "que",
    "k": "que",
    "xq": "porque",
    "kiero": "quiero",
    "qiero": "quiero",
    "quero": "quiero",
    "kiere": "quiere",
}

# Multi-word rewrites applied after token rewrites (joined or split spellings).
PHRASE_REWRITES: List[Tuple[str, str]] = [
    (r"\bmy self\b", "myself"),
    (r"\bmy slef\b", "myself"),
    (r"\bhim self\b", "himself"),
    (r"\bher self\b", "herself"),
    (r"\bthem ?selfs?\b", "themselves"),
    (r"\bthem selves\b", "themselves"),
    (r"\byour self\b", "yourself"),
    (r"\bun alive\b", "unalive"),
    (r"\bsewer ?slides?\b", "suicide"),
    (r"\bsui cide\b", "suicide"),
    (r"\bself delet(e|ing|ed)\b", "kill myself"),
    (r"\bk ?m ?s\b", "kill myself"),
    (r"\bover dos", "overdos"),
    (r"\bkermit suicide\b", "commit suicide"),
    (r"\bcommit (sudoku|die|toaster bath)\b", "commit suicide"),
    (r"\btoaster bath\b", "suicide"),
]

# Key words whose near-misses (Damerau-Levenshtein distance) are corrected, with the
# distance allowed. Short words are not here: "kill" is one letter from "pill".
FUZZY_KEYWORDS: Dict[str, int] = {
    "suicide": 2,
    "suicidal": 2,
    "myself": 1,
    "himself": 1,
    "herself": 1,
    "yourself": 1,
    "themselves": 1,
    "overdose": 1,
    "overdosed": 1,
    "overdosing": 1,
    "unalive": 1,
}
# Real words that sit within that distance of a key word.
FUZZY_EXCEPTIONS = frozenset({"overdoes", "overdone", "subside", "subsides"})

# Words whose doubled letters are often mistyped ("kil", "diie", "sleeep").
SQUEEZE_KEYWORDS = (
    "kill",
    "killing",
    "killed",
    "die",
    "dead",
    "dying",
    "suicide",
    "suicidal",
    "myself",
    "pills",
    "sleep",
    "alive",
    "better",
    "hurt",
    "harm",
    "cutting",
    "overdose",
    "wake",
    "want",
    "need",
    "feel",
)

# Digits and symbols used for letters inside words ("k1ll", "su1c1de", "$uicide").
LEET = str.maketrans(
    {"1": "i", "3": "e", "0": "o", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
)
# Number + unit tokens that are not leetspeak ("20mg", "3am").
NUMERIC_TOKEN = re.compile(
    r"\d+(mg|ml|g|am|pm|x|st|nd|rd|th|s|h|hr|hrs|min|mins|k|yo|yr|yrs|lbs?|kg|ish)?"
)

# --------------------------------------------------------------------------------------
# 2. Shared vocabulary for the patterns (regex fragments over normalised text)
# --------------------------------------------------------------------------------------

# Family, friends and others a visitor may worry about.
RELATION = (
    r"(?:brother|bro|sister|sis|mom|mum|mother|mommy|dad|father|daddy|parents?|son|"
    r"daughter|kids?|child|children|baby|teen|teenager|friend|bestie|bff|buddy|pal|"
    r"boyfriend|girlfriend|bf|gf|husband|hubby|wife|partner|spouse|fiance|fiancee|ex|"
    r"cousin|uncle|aunt|auntie|niece|nephew|grandma|grandmother|grandpa|grandfather|"
    r"roommate|roomie|coworker|co worker|colleague|classmate|student|neighbou?r|"
    r"stepson|stepdaughter|stepmom|stepdad|stepfather|stepmother|stepbrother|stepsister|"
    r"client|patient|loved one|family member|"
    r"boss|teacher|coach)"
)
# The same people in Spanish (after "mi" / "su").
RELACION = (
    r"(?:esposo|esposa|marido|novio|novia|pareja|ex|papa|padre|padrastro|mama|madre|madrastra|hermano|"
    r"hermana|hijo|hija|suegra|suegro|cunado|cunada|amigo|amiga|primo|prima|tio|tia|abuelo|abuela)"
)
# Whose risk, looking back from a match: the nearest subject wins.
FIRST_PERSON = r"\b(?:i|me|my|myself|we|us|our|yo)\b"
THIRD_PERSON = (
    r"\b(?:he|she|they|him|her|them|his|hers|their|someone|somebody|anyone|person|"
    r"people|guy|man|woman|girl|boy|el|ella|ellos|ellas|" + RELATION + r"s?|"
    r"(?:mi|su) " + RELACION + r")\b"
)
SUBJECT = re.compile(rf"(?P<first>{FIRST_PERSON})|(?P<third>{THIRD_PERSON})")

# Reflexive and possessive words inside a match settle whose risk it is.
SELF_IN_MATCH = re.compile(r"\b(?:myself|me|my (?:own )?life|mi vida|matarme|morirme)\b")
OTHER_IN_MATCH = re.compile(r"\b(?:himself|herself|themselves|(?:his|her|their) (?:own )?life)\b")

# Desire, intent, plan or urge, optionally followed by up to three words:
# "want to", "wish i could", "going to just", "thinking about", "ready to".
DESIRE = (
    r"\b(?:want|wants|wanted|wanting|wish|wishes|wished|wishing|hope|hopes|hoping|pray|"
    r"praying|going|plan|plans|planning|planned|ready|about to|trying|try|tries|tried|"
    r"tempted|urge|urges|need|needs|longing|desire|decided|deserve|deserves|rather|"
    r"prefer|considering|thinking about|thinking of|feel like|feels like|fantasi[sz]e|"
    r"fantasi[sz]ing|dream of|dreaming of|dream about|dreaming about|intend|intending|"
    r"afraid i|scared i|terrified i|worried i|thoughts? of|thoughts? about|urges? to|"
    r"impulses? to|temptation to|threaten|threatens|threatened|threatening)\b"
)
# A modal verb only counts with a person as its subject: "i might hurt someone", but
# not "will ketamine hurt my baby".
MODAL = r"\b(?:i|he|she|they|we) (?:will|would|could|should|might|may|must)\b"
INTENT = rf"(?:{DESIRE}|{MODAL})(?: [a-z]+){{0,3}}"
# Only small words between an intent and its verb: "want to just", "wish i could".
FILLER = r"(?: (?:to|just|i|could|would|can|simply|really|completely|finally|quietly|be able to|go and|so)){0,3}"

PEOPLE = (
    r"(?:someone|somebody|people|everyone|everybody|others|other people|him|her|them|"
    r"a (?:kid|child|person|guy|man|woman|girl|boy)|(?:the|those|these|all the) "
    r"(?:kids|children|people|students|teachers|guys)|my (?:\w+ )?" + RELATION + r"s?)"
)
PILLS = (
    r"(?:pills|meds|medication|medications|medicine|medicines|tablets|capsules|"
    r"sleeping pills|painkillers|pain killers|tylenol|advil|ibuprofen|aspirin|xanax|"
    r"oxys?|oxycodone|opioids|percocets?|insulin|lithium|antidepressants|"
    r"prescriptions?|pill bottle|benzos|sleep meds|klonopin|clonazepam|ambien|zolpidem|seroquel|"
    r"quetiapine|trazodone|valium|ativan|lorazepam|gabapentin|amitriptyline|tabs|"
    # round 14: the commonest antidepressants, stimulants and opioids by name
    r"zoloft|sertraline|prozac|fluoxetine|lexapro|escitalopram|celexa|citalopram|paxil|wellbutrin|"
    r"bupropion|effexor|venlafaxine|cymbalta|duloxetine|adderall|vicodin|norco|hydrocodone|tramadol|"
    r"morphine|fentanyl|benadryl|nyquil|tylenol pm)"
)
# Amounts of pills that signal an overdose; the past tense also takes counts
# ("took 30 pills"), the present does not ("i'm taking 12 medications").
AMOUNT = (
    r"(?:all|every one|every single one|a handful|handfuls|the rest|a (?:whole|full|entire) "
    r"bottle|(?:the|my|his|her|their) (?:whole|entire|full) bottle|a bottle|bottles|enough)"
)
AMOUNT_TAKEN = (
    rf"(?:{AMOUNT[3:-1]}|a bunch|a pile|piles|a heap|a fistful|a ton|tons|too many|way too many|too much|"
    rf"way too much|a lot|lots|\d{{2,}}(?:ish)?)"
    r"(?! (?:mg|mcg|milligrams?|ml|units?|iu)\b)"
)
CLAUSE_END = r"(?= \||$)"
# Harming oneself, in the infinitive ("amenazo con matarse si lo dejo"): a threat of that
# person's own death is a crisis for them, never danger to the visitor.
SELF_HARM_ES = (
    r"(?:matarse|suicidarse|tirarse|aventarse|quitarse la vida|colgarse|ahorcarse|cortarse|"
    r"dispararse|(?:pegarse|darse) un (?:tiro|balazo|plomazo|disparo)|hacerse dano|lastimarse|morirse)"
)
# "cutting back", "cutting carbs": not self-harm.
NOT_SKIN = (
    r"(?! (?:back|down|out|off|carbs?|sugar|calories|costs?|hair|grass|wood|paper|onions?|"
    r"class|classes|school|ties|corners|in|coupons|vegetables|meat|it close|the))"
)

# --------------------------------------------------------------------------------------
# 3. Benign idioms, masked before the crisis patterns run
# --------------------------------------------------------------------------------------
BENIGN_IDIOMS: List[str] = [
    # round 13: a car simply kept in a garage ("my car is parked in the garage, call my cell",
    # "can i park in the garage at the frisco office"), with no word of an engine, fumes,
    # dying or a time anywhere: an everyday fact, not a sign the classifier may read alone.
    # Zero-width: nothing is masked, so the lexicon still reads every word of the message.
    r"^(?!.*\b(?:running|run|engine|motor|idl\w*|exhaust|fumes?|hose|tailpipe|carbon|monoxide|tape\w*|towels?|"
    r"seal\w*|die|dying|dead|death|kill\w*|end it|sleep|asleep|wake|goodbye|pills?|rope|gun|note|never|forever|"
    r"tonight|minutes?|hours?|how long|alone|inside with|sit in|sitting in)\b)"
    r"(?=.*\b(?:park\w*|kept|keep|keeps|left|leave|leaves|sits|stays)\b(?: \w+){0,3} (?:in|inside) (?:the|my|our|"
    r"a|your|their) (?:\w+ )?garage\b)",
    # success, effort, boredom: "killing it", "kill time", "killed it on stage"
    r"\bkill(?:s|ed|ing)? (?:it|time|the time|some time)\b",
    # progressive hyperbole: "this traffic is killing me", "my feet are killing me"
    r"\b(?:is|are|was|were|be|been|keeps|kept) (?:just |literally |really |slowly )?killing (?:me|us)\b",
    # things that "will kill me": "this heat is going to kill me"
    r"\b(?:this|the|that|my|these|those) (?:heat|weather|traffic|work|job|commute|wait|waiting|"
    r"form|line|exam|exams|class|school|homework|week|day|humidity|pain|headache|cold|back|knees?|"
    r"feet|deadline|paperwork|insurance|bills?|noise|stress|suspense|shoes|heels|diet|workout|"
    r"gym|drive|flight|meeting|meetings|project|semester) (?:is |are |was |will |would )?"
    r"(?:going to |about to |literally |actually )*kill(?:ing)? (?:me|us)\b",
    # conditional hyperbole: "my mom will kill me if i'm late"
    r"\b(?:will|would|going to|got to|is going to) (?:literally |absolutely |totally |seriously |actually )?kill (?:me|us) "
    r"(?:if|when|for|once|because|after|unless)\b",
    # something that "killed" a symptom, a mood or an object
    r"\bkill(?:s|ed|ing|er)? (?:off )?(?:all )?(?:of )?(?:my|the|your|his|her|their|our|this|that|a|any|those|these)? ?"
    r"(?:own )?(?:depression|anxiety|pain|cravings?|mood|vibe|vibes|buzz|appetite|motivation|"
    r"energy|focus|concentration|productivity|budget|wallet|social life|weekend|"
    r"sleep|libido|sex drive|symptoms?|ptsd|panic|stress|migraines?|headaches?|"
    r"lights?|music|engine|process|bugs?|spiders?|flies|fly|weeds?|plants?|germs|bacteria|"
    r"virus|battery|tabs?|app|noise|conversation|deal|joke|game|boredom|suspense|"
    r"dragons?|zombies?|monsters?|enemies|boss fight|bill|proposal|idea|plan|project)\b",
    r"\b(?:would|could|i would) kill for (?:a|an|some|that|this|the)\b",
    r"\b(?:would|could) kill to (?:have|get|see|be|know)\b",
    r"\b(?:would|could) (?:literally )?die without (?:my|a|an|some|coffee|music|\w+ (?:coffee|tea))\b",
    r"\b(?:die|dye|died|dyed|dying|dyeing) (?:my|your|her|his|their|the) (?:hair|clothes|shirt|shirts|"
    r"beard|eyebrows|roots|jeans|fabric|eggs)\b",
    r"\bkill (?:them|him|her|everyone|people) with kindness\b",
    # reducing something: "cutting back on caffeine", "cut down on sugar"
    r"\bcut(?:s|ting)? (?:back|down) (?:on|a bit|a little)\b",
    r"\bkill myself laughing\b",
    # fear of a treatment's pain: "i hope the infusion doesn't hurt", "will the iv hurt"
    r"\b(?:the |an |my |this |that )?(?:treatment|infusion|needle|iv|shot|injection|procedure|"
    r"nasal spray|session)s? (?:does not|do not|will not|would not|is going to|are going to|will|would|"
    r"might|may) (?:\w+ )?hurt\b",
    # throwing away old medicine: "cleaned out the expired meds in the medicine cabinet"
    r"\b(?:clean|cleaned|cleaning|clear|cleared|clearing|throw|threw|throwing) out\b(?: \w+){0,3} "
    r"(?:medicine cabinet|meds|medicines?|medications?|pills|prescriptions)\b(?: \w+){0,3} "
    r"(?:expired|old|unused|leftover)\b|\b(?:clean|cleaned|cleaning|throw|threw|throwing) out "
    r"(?:the |my |our |all )?(?:expired|old|unused|leftover) (?:meds|medicines?|medications?|pills|"
    r"prescriptions)\b",
    # hyperbole with a trivial condition: "my boss will murder me if i miss a meeting"
    # (threats about leaving or telling are checked first: clinic/danger_from_others.py)
    r"\b(?:will|would|going to|is going to) (?:literally )?(?:murder|strangle) (?:me|us) (?:if|when)\b",
    r"\b(?:could|would|can) die happy\b",
    r"\bi could (?:literally |honestly )?sleep (?:forever|for days|for a week) (?:after|on|because|"
    r"when|lol|haha)\b",
    # a symptom put to sleep: "ketamine put my ptsd to sleep for good"
    r"\bput (?:my|the|his|her|their|that) \w+(?: \w+)? to sleep\b",
    r"\b(?:killing|kill|killed) myself (?:at|over) (?:work|the gym)\b",
    r"\bkilling myself (?:working|studying|trying to)\b",
    # eagerness and laughter: "dying to know", "died laughing", "to die for"
    r"\bdying (?:to|for) (?!die\b|end\b|kill\b)\w+",
    r"\b(?:die|died|dying|dead|death) (?:of|from|with|laughing|of laughter)? ?"
    r"(?:laughing|laughter|laugh|boredom|embarrassment|cringe|curiosity|heat|hunger|thirst|"
    r"cold|excitement|shame|jealousy|envy|cuteness)\b",
    r"\bto die for\b",
    r"\bdie ?hards?\b",
    r"\bdo or die\b",
    r"\bdying breed\b",
    r"\b(?:would|could) (?:totally |literally )?die for (?:my|him|her|them|you|a|an|some|this|that)\b",
    r"\bdie (?:if|unless) i (?:do not|can not) (?:get|have|eat|see|drink|find)\b",
    r"\b(?:does|did|will|would|should|could|may|might|do) not die\b",
    r"\bdead (?:tired|serious|set|end|ends|line|lines|on|wrong|last|centre|center|"
    r"silent|quiet|heat|ringer|beat|zone|asleep|giveaway|spot|battery)\b",
    r"\bdeadlines?\b",
    # "dead weight" stays readable: "i'm dead weight to them" is a burden statement
    # (clinic/warning_signs.py); lifting it at the gym is not a risk either way.
    r"\b(?:lift\w*|carry\w*) dead weight\b",
    r"\bdrop dead (?:gorgeous|beautiful)\b",
    r"\bover my dead body\b",
    r"\bdead to me\b",
    r"\b(?:i am|we are) dead (?:lol|lmao|haha)\b",
    r"\b(?:the )?(?:dead sea|walking dead|grateful dead|dead or alive|dead poets|evil dead)\b",
    r"\b(?:phone|battery|laptop|computer|car|plant|plants|wifi|internet|tv|remote|"
    r"batteries|charger|engine|mic|headphones|printer) (?:is |was |just |has |already |about to |going to |will |might |almost )*(?:dead|died|dying|dies|die)\b",
    r"\b(?:bored|scared|worried|tickled|frightened|sick|freezing|starving|love \w+|loved \w+) to death\b",
    r"\bdeath (?:metal|valley|star|row)\b",
    # accidents, not self-harm: "cut myself shaving", "hurt myself at the gym"
    r"\b(?:cut|cutting|burn|burned|burnt|burning|hurt|hurting|injured|scratched) myself "
    r"(?:shaving|cooking|chopping|slicing|baking|ironing|gardening|at (?:the )?(?:gym|work)|"
    r"while (?:cooking|shaving|chopping|slicing|working|playing|cleaning|gardening|fixing|opening|"
    r"running|lifting|hiking)|on (?:a|the|some) (?:broken )?(?:knife|glass|paper|can|lid|edge|tin|"
    r"fence|nail|rock|counter|table|metal|wire|mirror|bottle|plate|shelf|stove|oven|pan|iron|kettle)|"
    r"by accident|accidentally|playing|lifting|running|working out|skiing|exercising|in the kitchen)\b",
    r"\b(?:accidentally|by accident) (?:cut|burned|burnt|hurt|injured) myself\b",
    r"\bhurt (?:my|his|her|their|your) (?:feelings|back|knee|knees|leg|legs|arm|ankle|wrist|"
    r"shoulder|neck|foot|feet|hand|chances|pride|ego|eyes|ears|head)\b",
    r"\bshoot (?:me|you|us) (?:a|an) (?:text|message|email|note|line)\b",
    r"\b(?:shoot|shot|shooting) myself in the foot\b",
    # on hold with a call centre: "how much longer i can hold on" is the wait
    r"\bon hold\b(?: \w+){0,12} hold on\b",
    # Round 8: rescue told in words of death; frustration and accidents with one's head
    r"\b(?:brought|bring|brings|bringing|came|come|coming) (?:me |him |her |them |us )?back from the dead\b",
    r"\blike (?:\w+ )?(?:banging|hitting|beating) (?:my|your|our|his|her) heads? against (?:a|the) (?:brick )?wall\b|"
    r"\b(?:banging|hitting|beating) (?:my|your|our) heads? against a brick wall\b",
    r"\b(?:hit|bumped|bump|banged|smacked|whacked) my head on (?:the|a|an|my) (?:\w+ )?(?:cabinet|cupboard|"
    r"shelf|table|counter|desk|doorframe|door frame|ceiling|headboard|bunk|trunk|steering wheel|car door)\b",
    r"\b(?:me despedi|despedirme|me despido|me voy a despedir) de (?:mis |los |las |todos (?:mis|los) )?"
    r"(?:companeros|compas|colegas|vecinos|maestr[oa]s|alumnos|clientes|amigos del trabajo)\b",
    r"\bhang (?:out|in there|on|up)\b",
    r"\b(?:end|ending|ended) (?:it|things) (?:with|between)\b",
    r"\b(?:take|taking|took) (?:my|his|her|their) (?:own )?life (?:back|in|into|forward|seriously|to|away|"
    r"over|apart|for granted)\b",
    r"\b(?:forgot|forget|forgetting|remember|remembered|remind me|reminder|supposed|need|needed|have|"
    r"had|not|did) (?:to )?take (?:all )?(?:of )?my " + PILLS + r"\b",
    r"\b(?:i take|take) all (?:of )?my "
    + PILLS
    + r" (?:in the|at|every|each|with|on time|daily|together in the)\b",
    # questions about overdose risk, not an overdose
    r"\b(?:can|could) (?:you|one|people|someone|somebody|anyone|a person) (?:die|overdose)\b",
    r"\b(?:risk|risks|chance|danger|dangers|signs|symptoms|possible|possibility|likely|"
    r"likelihood|prevent|preventing) (?:of )?(?:an |a )?(?:\w+ )?overdos\w*",
    r"\boverdose (?:risk|risks|prevention|deaths?)\b",
    # denials: "i'm not suicidal", "no suicidal thoughts"
    r"\b(?:not|never|no longer) (?:been |feeling |felt |really |currently )?suicidal\b",
    r"\bno (?:suicidal|self harm) (?:thoughts|ideation|feelings|urges)\b",
    r"\bwould never (?:kill|hurt|harm) (?:myself|anyone|anybody|someone|somebody|people)\b",
    r"\b(?:not|never|no) (?:\w+ )?(?:hurt|harm|affect|damage) (?:my|the|your|a|an|her|his|him|"
    r"them|anyone|anybody|people)\b",
    # things named "suicide"; sports drills
    r"\bsuicide (?:squad|doors?|drills?|sprints?|runs?|lane|lanes|king|blonde)\b",
    r"\bsuicide (?:prevention|awareness) (?:month|week|day|walk|training|course|class|fundraiser|event)\b",
    # Spanish idioms: "me muero de hambre", "me muero por saber", "matar el tiempo"
    r"\b(?:me muero|se muere|morir|muero|muriendo) (?:de|por) (?:hambre|risa|sueno|frio|calor|"
    r"ganas|verguenza|aburrimiento|amor|saber|ver|conocer|probar|ir|verte)\b",
    r"\bmatar el (?:tiempo|rato)\b",
    r"\bcortarme el (?:pelo|cabello)\b",
    # Spanish idioms, issue 19: laughing or a fright "kills", "dos pajaros de un tiro", an
    # "overdose" of coffee, a heat wave or an exam that "will kill me", a kitchen cut.
    r"\b(?:me|nos|te|la|lo|se) (?:mato|mataste|mataron|mata|matan|va a matar|muero|mori|muere|"
    r"quiero morir|queria morir|voy a morir) (?:de|del|de la|de los) (?:risa|susto|pena|gusto|"
    r"emocion|curiosidad|ternura|nervios)\b",
    r"\bmatar dos pajaros de un tiro\b",
    # an "overdose" of a show, a snack or a drink (the English counterpart of "sobredosis de cafe")
    r"\b(?:overdos\w*|od|oded) on (?:netflix|tv|shows?|series|reality tv|true crime|anime|youtube|tiktok|"
    r"memes|podcasts|video games|coffee|caffeine|sugar|candy|chocolate|cookies|pizza|tacos|carbs|"
    r"christmas music|cheese)\b",
    r"\bsobredosis de (?:cafe|cafeina|azucar|dulce|chocolate|pan|tacos|series|tele|memes|"
    r"trabajo|estres|informacion|tarea)\b",
    r"\b(?:el|la|este|esta|ese|esa) (?:calor|frio|trafico|examen|tarea|trabajo|chamba|renta|"
    r"papeleo|tramite|espera|gimnasio|gym|dieta|semana|desvelada|cruda) (?:me|nos) "
    r"(?:va a matar|esta matando|mata)\b",
    # Round 7, look-alikes the development sets still flagged, as families:
    # - a goodbye to the clinic's people or to a place, said when moving or graduating
    r"\b(?:say|saying|said|to say|this is) goodbyes? to (?:\w+ ){0,3}(?:team|staff|doctors?|dr|nurses?|"
    r"therapist|apartment|house|city|town|office|clinic|program|coworkers|dallas|texas)\b"
    r"(?=(?: \w+){0,10} (?:move|moving|moved|relocat\w*|graduat\w*|transferring|new job)\b)|"
    r"\b(?:move|moving|moved|relocat\w*|graduat\w*)\b(?: \w+){0,10} (?:say|saying|said|to say) goodbyes? to\b|"
    r"\bdespedirme de (?:la |el |los |las |mi |mis )?(?:doctora?|enfermeras?|equipo|personal|clinica|"
    r"terapeuta)\b",
    # - a parent's or grandparent's will, executor or estate planning
    r"\b(?:parents|grandparents|in laws|abuelos|papas|padres|suegros) (?:\w+ ){0,4}(?:wills|testamentos?|"
    r"estate plan\w*|executor|albacea)\b",
    # - recovery told with the old symptom: "ketamine saved my life", "killed my depression
    #   dead", "i used to want to die, now ...", "the suicidal thoughts are gone"
    r"\b(?:ketamine|ketamina|it|this|treatment|the infusions?|spravato|you guys|you all|this clinic|"
    r"the team|me) (?:honestly |literally |truly |really |basically )?saved my life\b",
    r"\b(?:killed|knocked|knocks|kills) (?:my|the|his|her) (?:depression|anxiety|ptsd|panic|sadness)"
    r"(?: dead| out| cold)?\b",
    r"\b(?:i )?used to (?:want to (?:die|disappear|(?:stay|lie|hide) in bed (?:forever|all day|for days)|sleep forever)|feel like (?:a )?burden|"
    r"be suicidal|think about (?:dying|suicide)|say (?:i|she|he|they) wanted to die)\b(?: \w+){0,10} (?:now|and now|"
    r"but now|not anymore|anymore|not once|has not since|have not since)\b",
    r"\bsuicidal thoughts\b(?: \w+){0,7} (?:are|were|is|had|have|has) (?:just |finally |totally |all |completely )?"
    r"(?:gone|disappeared|quit|stopped|faded|lifted|went away)\b",
    r"\b(?:could not|cannot|can not) see a future\b(?: \w+){0,4} (?:now|and now|but now)\b",
    # - whether mixing ketamine or an overdose of it is safe at the clinic
    r"\b(?:dangerous|peligroso|safe|seguro) (?:to )?(?:mix|combine|mezclar|combinar) (?:la )?(?:ketamine|"
    r"ketamina|spravato) (?:with|con)\b",
    r"\b(?:overdose|overdosing|sobredosis) (?:of|on|de) (?:ketamine|ketamina|spravato)\b(?: \w+){0,6} "
    r"(?:clinic|monitored|supervised|staff|nurse|clinica|vigilad\w*)\b",
    # - Spanish hyperbole: a show, a line or an exam "killed me"; dying of shame or envy;
    #   "killing someone" with anger; throwing oneself down to sleep
    r"\b(?:la|el|esa|ese|esta|este) (?:\w+ ){0,3}(?:novela|serie|pelicula|fila|examen|final|partido|clase|"
    r"junta|reunion|dmv|trafico|chamba|tarea) (?:\w+ ){0,2}(?:me|nos) (?:mato|mataron)\b",
    r"\b(?:me|nos|te|se|lo|la) (?:quiero|va a|van a|voy a|vas a|iba a)? ?(?:morir|matar)\w* de (?:la |un |una )?"
    r"(?:verguenza|envidia|coraje|corajes|disgusto|aburrimiento|frio|calor|hambre|sueno|celos|"
    r"cansancio|emocion|gusto|risa|susto|pena)\b",
    r"\btirar(?:me)? a dormir\b|\bme (?:quiero|voy a) tirar a dormir\b",
    r"\bme (?:iba a|voy a|va a) morir del susto\b",
    # "mis hijos me van a matar si no llego a tiempo": a trivial condition
    r"\bme (?:van a|va a) matar si (?:no )?(?:llego|llegamos|voy|compro|traigo|hago|gasto|pierdo|olvido|"
    r"les|le|se entera)\b",
    # Round 10: mood and treatment words that share a word with heights: anxiety "through
    # the roof", a "window" of neuroplasticity, a "temporary high", a "high" deductible
    r"\b(?:through|thru) the roof\b|\bwindow of (?:neuroplasticity|opportunity|plasticity|time|healing)\b|"
    r"\b(?:neuroplasticity|plasticity|treatment|therapeutic) window\b|"
    r"\b(?:temporary|quick|short|brief|ketamine|natural|runners|sugar|caffeine) high\b|"
    r"\bhigh (?:deductible|blood pressure|bp|dose|doses|cholesterol|copay|costs?|prices?|school)\b",
    # round 10, Spanish: someone "me mato con tantas preguntas"; "ya no puedo mas con este calor"
    r"\bme mato con (?:tant[oa]s?|sus|su|esas?|esos?)\b|"
    r"\bya no (?:puedo|aguanto) mas con (?:este|esta|el|la|estos|estas) (?:calor|frio|trafico|trabajo|tarea|"
    r"papeleo|tos|gripa|lluvia|dolor de \w+)\b",
    # outgrown baby things given away
    r"\b(?:ropa|juguetes|cuna|carriola|clothes|toys|crib|stroller) (?:de |for |del )?(?:bebe|baby|los ninos|"
    r"kids)\b",
    # Round 14, look-alikes the development sets still flagged, as families:
    # - an everyday accident with the hand, the arm or the object named ("burned myself on the
    #   cast iron", "cut my arm on sheet metal fixing the shed"); never the wrist
    r"\b(?:cut|burn|burned|burnt|scraped|sliced|nicked|gashed) (?:myself|my (?:hand|hands|finger|fingers|thumb|"
    r"arm|leg|foot|knee|palm|shin|elbow))(?: \w+){0,2} on (?:(?:a|the|some|an|my) )?(?:\w+ )?(?:knife|glass|metal|"
    r"saw|blade|tool|fence|nail|stove|oven|pan|skillet|iron|grill|kettle|tray|wire|can|lid|mower|trimmer)\b",
    r"\bme (?:corte|queme|lastime)\b(?: \w+){0,4} (?:picando|cocinando|pelando|rebanando|en la cocina|haciendo "
    r"(?:la )?(?:cena|comida|desayuno|lonche))\b",
    r"\b(?:did not|without|almost|nearly) (?:\w+ )?electrocut\w* (?:myself|me)\b",
    # - food poisoning: "poisoned myself with bad sushi"
    r"\bpoison(?:ed|ing)? (?:myself|ourselves) (?:with|on|eating) (?:some |the |that )?(?:bad|old|expired|"
    r"undercooked|raw|spoiled|sketchy|gas station|leftover)\b",
    # - a game's character or a show's plot ("my character jumped off a cliff in zelda")
    r"\b(?:my|his|her|their|the) (?:character|avatar|sim|sims|toon|champion)\b(?: \w+){0,2} (?:jumped|jumps|fell|"
    r"falls|died|dies|drowned|drowns|got killed)\b(?: (?:off|into|from|in) (?:a |the )?\w+)?",
    # - old medicine taken to a drop-off or thrown away; a pet that got into the pills (the vet)
    r"\b(?:(?:a |the |my )?(?:whole |full |entire )?(?:bottle|bottles|bag|box) of )?(?:old|expired|unused|leftover)\b"
    r"(?: \w+){0,6} (?:drop off|drop (?:them|it) off|dispose|disposal|get rid of|turn (?:them |it )?in|take back|"
    r"takeback|throw (?:them |it )?away)\b",
    r"\b(?:my|the|our) (?:dog|cat|puppy|kitten|pup)\b(?: \w+){0,2} (?:ate|got into|swallowed|chewed)\b(?: \w+){0,6}",
    # - what the intake or a questionnaire asks ("will someone ask me about suicide at intake")
    r"\b(?:ask|asks|asked|asking) (?:me |you |patients |people )?about (?:suicide|suicidal (?:thoughts|feelings)|"
    r"self harm|hurting (?:yourself|myself|themselves)|killing (?:yourself|myself))\b(?=(?: \w+){0,6} (?:intake|"
    r"questionnaire|phq ?9|form|assessment|screening|appointment|visit|consult|expect)\b)|"
    r"\b(?:intake|questionnaire|phq ?9|form|assessment|screening)\b(?: \w+){0,4} (?:asks?|asking|questions?) "
    r"about (?:suicide|self harm|hurting (?:yourself|myself)|killing (?:yourself|myself))\b",
    # - whether the treatment itself can kill ("se puede morir uno con la ketamina")
    r"\b(?:se )?(?:puede|podria) (?:uno |alguien )?morir(?:se)? (?:uno )?(?:con|por|de) (?:la |el |una )?(?:ketamina|"
    r"tratamiento|anestesia|infusion|spravato)\b",
    # - a pool's fence or a phobia of heights ("how tall must a pool fence be", "miedo a las alturas")
    r"\b(?:pool|yard|backyard|dog|privacy|garden) (?:fence|fences|gate)\b|\bfence (?:for|around) (?:a|the|our|my) "
    r"(?:pool|yard|backyard|dog|garden)\b|\b(?:fear|afraid|scared) of heights\b|\bacrophobia\b|"
    r"\b(?:miedo|fobia|panico) (?:a|de) (?:las |la )?alturas?\b|\blimpiar (?:\w+ ){0,2}canaletas\b",
    # - a haircut, a lie-down on the bed, a pest killed, a pet's dose, a talk on prevention
    r"\b(?:me voy a |voy a |me quiero |quiero |ir a )?cortar(?:me)? (?:el|mi) (?:pelo|cabello|fleco|greña)\b",
    r"\b(?:tirar(?:me)?|me (?:quiero|voy a) tirar|aventarme) (?:en|a) (?:la cama|el sillon|el sofa|la hamaca)\b",
    r"\b(?:mate|matamos|mato|matar) (?:a )?(?:la|el|una|un|las|los) (?:cucarachas?|aranas?|moscas?|mosquitos?|ratas?|"
    r"ratones?|bichos?|alacran\w*|hormigas?|chinches?|zancudos?)\b",
    r"\bcuant\w* (?:\w+ ){0,2}le (?:doy|puedo dar|debo dar) a (?:mi|el|la) (?:perr\w*|gat\w*)\b|\bhow (?:much|many) "
    r"(?:\w+ ){0,2}(?:should|can|do) i give (?:my|our|the) (?:dog|cat|puppy|pup|kitten)\b",
    r"\b(?:platica|charla|curso|clase|taller|capacitacion|entrenamiento)\b(?: \w+){0,6} (?:prevencion del? suicidio|"
    r"sobredosis)\b",
]

# C-SSRS items 5-6 (intent with a plan; preparatory acts): any TWO of a plan made, the
# means at hand, a note written, the place chosen and the time chosen make an explicit
# statement even when no word of dying is said ("i have a plan and i have what i need");
# one alone is a warning sign (clinic/warning_signs.py).
PREPARATIONS = (  # (English, Spanish)
    # a plan made: "i have a plan", "made my plan", "ya tengo todo planeado" (not "a plan to")
    (
        r"(?:have|got|made) (?:a |my |the )?plan\b(?! (?:to|for|with|b)\b)|\bplanned (?:it|everything|it all)\b|"
        r"\bmy plan (?:is|was) to\b|\b(?:got|have) it all planned\b|"
        # round 12: a method chosen ("i have a method")
        r"\b(?:have|got|picked|chose|found) (?:a|the|my) method\b(?! (?:to|for) (?:pay|study|cook|learn))",
        r"tengo (?:un |mi )?plan\b|\btodo (?:esta |bien )?planeado\b|\bya (?:esta|lo tengo) (?:decidido|planeado)\b",
    ),
    # the means at hand: "got the pills", "the rope is ready", "compre lo que necesito"
    (
        r"(?:have|got|bought|picked up|collected|saved up|stocked up) (?:(?:what|everything|all) i need\b"
        r"(?! (?:for|to))|the (?:pills|rope|gun|bullets|razor|blades)\b|a (?:rope|noose)\b)|"
        r"\b(?:the|a|my) (?:rope|noose|gun|pills) (?:is|are) (?:ready|hidden|in my|under my)\b|"
        # round 13: a rope or noose already put up
        r"\b(?:rope|noose) (?:is|s) (?:already )?(?:up|hung|tied|set up)\b|"
        # round 11: rope without an article ("got rope")
        r"\b(?:got|have|bought) (?:some )?(?:rope|a length of rope)\b|"
        # round 12: a gas and a bag at hand
        r"\b(?:have|got|bought|ordered) (?:the |a |some )?(?:helium|nitrogen|exit bag)\b",
        r"(?:tengo|compre|consegui|junte) (?:(?:todo )?lo que necesito|(?:las|mis) (?:pastillas|pildoras)|"
        r"la (?:soga|pistola|cuerda))\b|\btodo listo\b(?: \w+){0,2} (?:la|las|el|mis) (?:soga|cuerda|pistola|"
        r"pastillas|pildoras)\b",
    ),
    # the place chosen: "found a beam that will hold me", "got the spot picked"
    (
        r"(?:picked|chose|chosen|found|scouted|know) (?:the|a|my) (?:(?!parking|camping|picnic)\w+ )?(?:spot|place|bridge|"
        r"building|beam|tree|overpass)\b"
        r"(?! (?:for|to) (?:the|our|a|my) (?:party|picnic|wedding|photos?|shoot|trip|vacation|dinner|game))|"
        r"\b(?:got|have) (?:the|a|my) (?:spot|place) (?:picked|chosen|picked out)\b|"
        # round 12: "i know where" said alone (not where something is)
        r"\bi know where(?= \||$| (?:tonight|tomorrow|and when|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b)",
        # round 11: "ya se donde lo voy a hacer"
        r"\bse (?:donde|en donde|el lugar donde) (?:lo|la) (?:voy a|vo a|pienso|va a) (?:hacer|ser)\b|"
        r"(?:escogi|elegi|encontre|ya tengo) (?:el|la|un|una) (?:lugar|puente|edificio|viga|arbol)\b"
        r"(?! (?:para|pa) (?:la|el) (?:fiesta|boda|foto|fotos|carne asada|picnic))",
    ),
    # a note written: "wrote the note", "deje las cartas" (not a letter to the clinic)
    (
        r"(?:wrote|written|finished|left) (?:the|my|all my|a) (?:goodbye |last )?(?:note|notes|letter|letters)\b"
        r"(?! (?:to|for) (?:the )?(?:clinic|office|doctor|insurance|school|work|you))",
        r"(?:escribi|deje|termine) (?:la|una|mi|las|mis) (?:carta|cartas|nota|notas)\b",
    ),
    # a time chosen: "just have to pick the time", "tonights the night", "ya escogi el dia"
    (
        r"(?:pick|picked|set|chose|choose|chosen) (?:the|a) (?:time|day|date|night)\b|"
        r"\b(?:a|the) (?:date|day) (?:picked|chosen|set)\b|"
        r"\b(?:tonight|today)(?: is|s) the (?:night|day)\b(?! (?:of|for) )|\b(?:i am|im) doing it (?:tonight|today|"
        r"tomorrow|this weekend)\b|\band the (?:time|date|day|night)\b(?! (?:for|of|to|works?|is|was)\b)|"
        r"\b(?:waiting|wait) (?:for|until|till) (?:everyone|everybody|the kids|the house|them|my \w+) (?:to )?"
        r"(?:go to sleep|fall asleep|be asleep|is asleep|are asleep|leave|go out)\b|"
        # round 11: "doing it friday"
        r"\b(?:doing|do) it (?:on )?(?:tonight|tomorrow|this weekend|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b|"
        r"(?:^|(?<=\| ))(?:tonight|this weekend|(?:mon|tues|wednes|thurs|fri|satur|sun)day) (?:when|while) (?:\w+ ){1,3}"
        r"(?:is|are|s) (?:at|out|away|gone|asleep)\b|"
        # round 12: the day said on its own after the rest ("the helium and the bag. sunday")
        r"(?<=\| )(?:tonight|tomorrow|(?:mon|tues|wednes|thurs|fri|satur|sun)day)(?: night| morning)?(?= \||$)",
        r"(?:escogi|elegi|decidi) (?:el|la) (?:dia|fecha|hora)\b|"
        # round 11: a day named with the act ("el sabado me las tomo", "el domingo lo hago")
        r"\b(?:el|este|esta) (?:lunes|martes|miercoles|jueves|viernes|sabado|domingo|fin de semana|noche) "
        r"(?:me (?:las|los|la|lo) (?:tomo|trago|tomare|aviento)|me (?:tomo|trago) (?:todo|todas|todos)|"
        r"lo (?:hago|hare|voy a hacer))\b|(?:^|(?<=\| ))(?:es|sera) (?:hoy|esta noche|manana)"
        r"(?: (?:en|por) la noche)?(?= \||$)",
    ),
)


def _any_two(families: List[str]) -> str:
    return "|".join(rf"\b(?:{a}).*\b(?:{b})" for a in families for b in families if a != b)


TWO_PREPARATIONS = _any_two([english for english, _ in PREPARATIONS])
DOS_PREPARATIVOS = _any_two([spanish for _, spanish in PREPARATIONS])


# --------------------------------------------------------------------------------------
# 4. Crisis patterns: (regex, whose risk). RESOLVE = look at reflexives and subjects.
#    Fixed-person patterns come first; a later match inside an earlier one is skipped.
# --------------------------------------------------------------------------------------
# "el domingo me tiro en paracaidas", "la idea de tirarme a la alberca": a dive, not a fall
NOT_A_DIVE = (
    r"(?! (?:a|al|en|de|del|desde) (?:la |el |un |una )?(?:alberca|piscina|agua|playa|lago|rio|cama|sillon|"
    r"pasto|sofa|paracaidas|bungee|bonji|tirolesa|clavado|trampolin|resbaladilla))"
)
# "los tacos estan pa morirse" (delicious): the word before "pa" is a form of estar or ser,
# or the words after it say how good ("pa morirse de ricos")
NOT_DELICIOUS = (
    r"(?<! es)(?<! esta)(?<! estan)(?<! estaba)(?<! estaban)(?<! esten)(?<! este)(?<! son)(?<! era)"
    r"(?<! eran)(?<! sea)"
)
NOT_DELICIOUS_AFTER = r"(?! de (?:ricos?|ricas?|risa|gusto|sabros\w*|buen\w*))"
# Found without response (someone else's overdose)
UNRESPONSIVE = (
    r"(?:unconscious|unresponsive|not waking up|(?:will|would|does|did) not wake up|not breathing|"
    r"passed out)"
)

SPANISH_PATTERNS: List[Tuple[str, str]] = [
    # "quiero morir", "me quiero matar", "ganas de morirme", "pienso en suicidarme"
    (
        r"\b(?:quiero|quisiera|deseo|desearia|ojala|necesito|prefiero|ganas de|pienso en|"
        r"voy a|me quiero|estoy pensando en|he pensado en|sigo pensando en|he estado pensando en) "
        r"(?:\w+ )?(?:morir|morirme|matarme|suicidarme|desaparecer(?! (?:estas?|estos|esos?|esas?|mis|las|los|el|la|unas?|unos)\b)|dejar de vivir|"
        r"dormir(?:me)? y no (?:volver a )?despertar(?:me)?|no despertar|quitarme la vida|acabar con (?:mi vida|todo)|estar muert[oa]|"
        r"aventarme|tirarme|pegarme un tiro|pegar un tiro|"
        r"terminar con (?:mi vida|todo)|hacerme dano|lastimarme|cortarme|matar|suicidar)\b",
        SELF,
    ),
    (
        r"\b(?:matarme|suicidarme|quitarme la vida|hacerme dano|lastimarme|cortarme|"
        r"autolesionarme|me suicido|me mato|"
        # "se me corto la llamada", "mi novio me corto por mensaje": a call dropped, a break-up
        r"(?<!se )(?<!novio )(?<!novia )(?<!pareja )me cort[oe]\b(?! (?:la (?:llamada|linea|senal|luz)|"
        r"el (?:internet|pelo|cabello)|las unas|por (?:mensaje|telefono|whatsapp|texto)))|queriendo morir(?:me)?|"
        r"me (?:estoy|sigo) haciendo dano|me (?:voy a|quiero) (?:aventar|tirar|pegar un tiro))\b",
        SELF,
    ),
    (
        r"\bno quiero (?:vivir|seguir viviendo|estar aqui|seguir aqui|existir|despertar|despertarme|"
        r"seguir(?: asi| adelante)?" + CLAUSE_END + r")",
        SELF,
    ),
    # round 12: shooting oneself ("el domingo se pega un tiro"); a whole supply already down
    (
        r"\b(?:se|me|te) (?:pega|pego|pegue|pegara|pegaria|va a pegar|voy a pegar|quiere pegar|quiero pegar) "
        r"un (?:tiro|balazo|plomazo)\b|"
        r"\b(?:ya )?me (?:trague|tome|acabe|bebi) (?:tod[oa]s? (?:el frasco|la caja|el bote|las pastillas|"
        r"mis pastillas|las pildoras|mis pildoras|las|los)|(?:el frasco|la caja|el bote) (?:complet[oa]|enter[oa]))\b",
        RESOLVE,
    ),
    # round 12 (Spanish development misses): planning one's death; pills taken or a truck
    # crashed "to die"; opened veins; "it is my / his last day"; "he says he will kill himself"
    (
        r"\b(?:planeando|planeo|planee) (?:mi|su) (?:propia )?muerte\b|\bplanning (?:my|his|her) (?:own )?death\b|"
        r"\b(?:tomar\w*|tomo|toma|trago|traga|estrellar\w*|aventar\w*|tirar\w*|cortar\w*|colgar\w*)\b(?: \w+){0,5} "
        r"(?:pa|para) morir(?:me|se)\b(?! de\b)|"
        r"\bcuant[oa]s (?:pastillas|pildoras|medicinas|\w+) (?:se necesitan|necesito|hacen falta|ocupo) "
        r"(?:pa|para) morir\b|"
        r"\b(?:se|me) (?:abrio|abri|corto|corte) las venas\b|"
        r"\b(?:es|sera|seria) (?:mi|su) ultimo dia\b(?! (?:de|en) (?:trabajo|chamba|escuela|clases|la|el)\b)|"
        r"\b(?:dice|dijo|amenaza con|amenazo con|me dice|me dijo) (?:(?:q|que) )?se (?:mata|va a matar|suicida|"
        r"va a suicidar|quita la vida)\b",
        RESOLVE,
    ),
    # round 13 (Spanish development misses): ending oneself as a decision ("pienso acabar
    # conmigo"); someone who says or shouts they will kill themselves (not "de risa", not a
    # reckless ride); an earlier attempt to be repeated; "to die once and for all"; a crash
    # or a fall staged as an accident; a weapon held to the temple or mouth; a whole supply
    # swallowed by someone else
    (
        r"\b(?:pienso|planeo|voy a|me voy a|quiero|decidi|ya decidi|estoy decidid[oa] a) acabar conmigo\b|"
        r"\bse (?:va|iba|iria) a (?:matar|suicidar|quitar la vida)\b(?! (?:de\b|con (?:esa|esta|la|el|su|tanto)\b|"
        r"manejando|corriendo|trabajando))|"
        r"\b(?:intento|lavar(?:le|me)? el estomago|lavado de estomago|sobredosis|lo (?:q|que) (?:hice|hizo))\b"
        r"(?: \w+){0,14} (?:lo (?:voy|va|vuelve|vuelvo|quiere|quiero) (?:a )?(?:repetir|hacer otra vez|volver a hacer)|"
        r"lo (?:repite|repito|repetira|repetiria|repetire))\b|"
        r"\b(?:pa|para) morir(?:me|se|te) de una vez\b|"
        r"\b(?:pa|para) (?:q|que) (?:parezca|se vea como) (?:un )?accidente\b|"
        r"\b(?:pistola|revolver|arma|cuete|fusca|escopeta|rifle)\b(?: \w+){0,6} (?:se|me) (?:l[oa] )?"
        r"(?:pone|puso|pongo|puse|apunta|apunto|pega|pego)\w* (?:en|a) la (?:sien|cabeza|boca)\b|"
        r"\bse (?:trago|tomo|acabo|bebio) (?:tod[oa]s )?(?:las|sus|mis) (?:pastillas|pildoras|medicinas)\b"
        r"(?:(?: \w+){0,4},? tod[oa]s)?(?=.*\b(?:no (?:me )?contesta|no responde|no despierta|ya no|desmaya\w*)\b)",
        RESOLVE,
    ),
    # round 11: the wish not to be here, in the conditional ("i wish i wasn't here" in Spanish)
    (
        r"\b(?:quisiera|quisiese|desearia|ojala) (?:ya )?no (?:estar|estuviera|seguir|siguiera) "
        r"(?:aqui|aca|en este mundo|viv[oa])\b(?! (?:el|este|esta|hoy|manana|ahorita|en la (?:cita|fila|junta)|"
        r"(?:lun|mart|miercol|juev|viern)es|sabado|domingo|cuando)\b)|\b(?:quisiera|desearia|ojala) (?:ya )?no (?:existir|existiera|"
        r"haber nacido|hubiera nacido|despertar|despertara)\b",
        SELF,
    ),
    (
        r"\b(?:irme|irse|ir) (?:de este mundo|para siempre)\b|\b(?:cansad[oa]s?|hart[oa]s?|fastidiad[oa]s?) de (?:vivir|la vida|existir)\b|"
        r"\bdormir para siempre\b",
        SELF,
    ),
    (r"\bmejor (?:estar |si estuviera )?muert[oa]s?\b", SELF),
    (DOS_PREPARATIVOS, SELF),
    # no wish to live; to stop existing; until breathing stops; self-harm in the present;
    # standing on a roof about to jump; a gun one has thought of using on oneself
    (
        r"\b(?:ya )?no (?:tengo|siento) ganas de (?:vivir|seguir (?:con vida|viviendo|vivo|viva|aqui))\b|"
        r"\bya no (?:quiero|kiero) (?:estar|seguir) viv[oa]\b|"
        r"\b(?:voy a|quiero|me gustaria) dejar de existir\b|"
        r"\bhasta (?:que )?(?:ya )?no (?:pueda|poder) respirar\b|"
        r"\bme (?:estoy haciendo|hago|hice|he hecho) (?:cortadas|cortaditas|cortes|heridas|rasgunos|quemaduras)\b|"
        r"\bme (?:estoy )?(?:rasgunando|rasguno|rasgune|aranando|arano|arane)\b(?: \w+){0,4} "
        r"(?:sangre|sangrar)\b|"
        r"\bme (?:golpeo|pego|doy) (?:la cabeza |de topes |topes )?contra (?:la pared|el piso|la puerta)\b|"
        r"\b(?:he pensado|pienso|estoy pensando en|quiero) (?:usarla|usarlo) contra mi\b|"
        r"\b(?:estoy|ando) (?:en|arriba de) (?:el|la) (?:techo|azotea|puente|orilla)\b(?: \w+){0,6} "
        r"(?:voy a|quiero) (?:brincar|saltar|aventarme|tirarme)\b|"
        # round 14: up on a height now, then "me aviento" / "me tiro" (any order of the two)
        r"\b(?:estoy|ando|aqui estoy|ya estoy) (?:en|arriba de|arriba del|sobre|parad[oa] en) (?:el |la )?"
        r"(?:techo|azotea|puente|orilla|barandal|edificio)\b(?: \w+){0,6} (?:ya |ahorita |ahora )?me (?:aviento|tiro|"
        r"lanzo|dejo caer)\b" + NOT_A_DIVE + r"|"
        r"\b(?:ahorita|ahora mismo|ya mero|en un rato) me (?:aviento|tiro|lanzo|cuelgo|mato)\b"
        + NOT_A_DIVE,
        SELF,
    ),
    # a shot to oneself: "me doy un balazo", "se va a dar un tiro"
    (
        r"\b(?:me doy|darme|me (?:voy a|quiero) dar|me pego|me (?:meto|voy a meter|quiero meter)|meterme) un "
        r"(?:balazo|tiro|plomazo|disparo)\b|"
        # round 10: going somewhere "to throw myself"; a time named, then "si/ya me aviento"
        r"\b(?:para|pa) (?:tirarme|aventarme|lanzarme|colgarme|matarme)\b" + NOT_A_DIVE + r"|"
        r"\b(?:hoy|manana|esta noche)(?: (?:en|por) la (?:noche|tarde|madrugada))? (?:si|ya|mejor) me (?:tiro|aviento|"
        r"lanzo|mato|cuelgo)\b" + NOT_A_DIVE,
        SELF,
    ),
    (
        r"\bse (?:da|va a dar|quiere dar|dio|mete|va a meter|quiere meter) un (?:balazo|tiro|plomazo|disparo)\b|"
        r"\b(?:hoy|manana|esta noche|ya) se (?:quita|va a quitar) la vida\b",
        OTHER,
    ),
    # "el viernes me quito la vida"; "me volvi a cortar"; "me quemo con el encendedor"
    (
        r"\bme (?:quito|quitare|quite) la vida\b|"
        r"\bme (?:volvi|vuelvo|volvere|he vuelto|volvio) a (?:cortar|quemar|lastimar|hacer dano)\b|"
        r"\bme (?:quemo|queme|quemaba)(?: \w+){0,3} (?:cigarros?|cigarrillos?|encendedor|cerillos?)\b",
        SELF,
    ),
    # issue 19: hanging, cutting, burning and the rope, said plainly
    (
        r"\b(?:colgarme|ahorcarme|me (?:voy a|quiero|pienso|iba a) (?:colgar|ahorcar))\b|"
        r"\bme (?:estoy|he estado|sigo|vuelvo a estar) (?:cortando|lastimando|quemando)\b|"
        r"\bme (?:quemo|queme|quemaba) (?:\w+ )?(?:con )?(?:cigarros?|cigarrillos?|encendedor|cerillos?)\b|"
        r"\b(?:la|una|mi) (?:soga|cuerda) (?:ya )?(?:lista|amarrada|atada|colgada)\b|"
        r"\b(?:estrellarme|chocarme|chocar|aventarme|tirarme|cortarme|quemarme|lastimarme)"
        r"(?: \w+){0,3} a proposito\b|"
        r"\bme (?:las|los) voy a (?:tomar|tragar) tod[ao]s\b|"
        r"\bme (?:tome|trague) (?:como |unas |unos |mas de )?\d+ (?:pastillas|pildoras|tabletas)\b|"
        r"\b(?:tome|trague|me empine) (?:como |unas |unos |mas de |casi )?\d{2,} (?:pastillas|pildoras|tabletas|"
        r"clonazepam|clonas|xanax|alprazolam|ambien|tafil|rivotril|tramadol)\b(?! (?:de|mg|miligramos))",
        SELF,
    ),
    (
        r"\bse (?:esta|ha estado|sigue) (?:cortando|lastimando|quemando)\b|"
        r"\bse (?:lastima|corta|quema) con (?:navajas?|cuchillos?|vidrios?|cigarros?|cigarrillos?)\b|"
        r"\b(?:hoy|esta noche|manana|ahorita|ya) se (?:mata|cuelga|ahorca)\b|"
        r"\bse (?:va a|quiere) (?:colgar|ahorcar|pegar un tiro)\b|"
        r"\bse (?:va a|quiere) (?:aventar|tirar) (?:de|desde|del|por) (?:\w+ )?(?:azotea|techo|puente|"
        r"edificio|balcon|ventana|piso|barranco|paso a desnivel)\b|"
        r"\b(?:quiere|va a|piensa) acabar con su (?:propia )?vida\b|"
        r"\b(?:usar|usarla|usarlo) contra (?:el|ella|si) mism[oa]\b",
        OTHER,
    ),
    (
        r"\b(?:no vale la pena (?:vivir|seguir(?: viviendo)?(?= \||$))|la vida no vale (?:la pena|nada)|ya no puedo mas|"
        r"no (?:tengo|hay) (?:razones|razon|motivos|motivo|nada) (?:para|por) (?:vivir|seguir))\b",
        SELF,
    ),
    (
        r"\bsobredosis\b|\b(?:tomar|tomarme|tome|me tome|tragar|tragarme|me trague) "
        r"(?:todas )?(?:las|mis) (?:pastillas|pildoras|medicinas|medicamentos)(?: de golpe| juntas)?"
        r"(?= \||$| de golpe| juntas| para)|\b(?:todas (?:las|mis) (?:pastillas|pildoras)|un frasco "
        r"(?:entero )?de (?:pastillas|pildoras))\b",
        SELF,
    ),
    # "mi hermano quiere matarse", "se quiere morir", "no quiere vivir"
    (
        r"\b(?:matarse|suicidarse|quitarse la vida|hacerse dano|lastimarse|cortarse|"
        r"autolesionarse|se quiere (?:morir|matar|suicidar)|se va a (?:matar|suicidar)|se corto|"
        r"se tomo todas (?:sus|las) (?:pastillas|pildoras|medicinas)|"
        r"quiere (?:morir|morirse)|se corta)\b",
        OTHER,
    ),
    (r"\bno quiere (?:vivir|seguir viviendo|seguir aqui|estar aqui|existir|despertar)\b", OTHER),
    (
        r"\bme (?:voy a|quiero|puedo|podria|pienso) (?:quitar la vida|matar|suicidar|morir|hacer dano|cortar)\b",
        SELF,
    ),
    (
        r"\bse (?:va a|quiere|puede|piensa) (?:quitar la vida|matar|suicidar|morir|hacer dano|cortar)\b",
        OTHER,
    ),
    (
        r"\b(?:quiero|voy a) (?:matar|lastimar|hacer dano) a (?:alguien|alguno|mi|la|el|los|mis|todos)\b",
        SELF,
    ),
    # Round 8, from the development sets' Spanish misses, as families: a wish to be dead in
    # the subjunctive ("ojala me muriera"); "mejor me mato / mejor se mata"; ending one's
    # life "today" with the life named before the verb; a gun to be used "conmigo"; a
    # heap of pills already taken
    (
        r"\bojala (?:ya )?(?:me muriera|me muera|me muriese|estuviera muert[oa])\b(?! de)|"
        r"\bojala (?:ya )?(?:no despertara|no volviera a despertar(?:me)?|no existiera|no hubiera nacido)(?= \||$| nunca| mas| ya| manana| otra vez)|"
        r"\b(?:mejor|mas vale que) me (?:mato|mate|muero|muera|suicido|quito la vida)\b"
        r"(?! de| esperando| haciendo| en la fila| jaja)|"
        r"\bmi vida\b(?: \w+){0,8} (?:voy a|quiero|pienso|ya) (?:terminarla|acabarla|quitarmela|acabar con ella|"
        r"terminar con ella)(?= \||$| hoy| esta noche| manana| ya| pronto)|"
        r"\b(?:pistola|arma|rifle|escopeta|revolver)\b(?: \w+){0,10} (?:usarla|usarlo) (?:conmigo|en mi(?= \||$)|"
        r"en mi contra)|\b(?:usarla|usarlo) (?:conmigo|en mi contra)\b(?: \w+){0,10} (?:pistola|arma|rifle|"
        r"escopeta|revolver)\b|"
        r"\bme (?:tome|trague|tomo|trago) (?:un monton|un chingo|un punado|un puno|muchas|muchisimas|varias|"
        r"un bote|un frasco|todo el frasco|todo el bote) (?:de )?(?:pastillas|pildoras|tabletas|medicinas|"
        r"medicamentos)?\b(?: \w+){0,6} (?:no despertar|morir|morirme|ya no despertar|acabar con todo|"
        r"dormir para siempre)\b",
        SELF,
    ),
    (
        r"\bmejor se (?:mata|muere|suicida|quita la vida)\b(?! de| trabajando| estudiando| en el)",
        OTHER,
    ),
    # Round 9, from the development sets' Spanish misses, as families: putting an end to
    # one's life; blowing one's head off; the thought of throwing oneself; leaving this
    # world; a day named for jumping or hanging; pills swallowed "to die" or a heap of them
    # with no response; self-harm on purpose with a blade; threatening to kill oneself
    (
        r"\b(?:poner|ponerle|pongo|le pongo|pondre|le pondre|voy a poner(?:le)?|quiero poner(?:le)?) "
        r"(?:fin|punto final) a (?:mi vida|mi existencia|mi sufrimiento|todo(?= \||$| ya| de una vez| hoy| esta noche|"
        r" esta semana| este fin| manana| pronto))|"
        r"\b(?:volarme|me (?:voy a|quiero|pienso|iba a) volar) (?:la cabeza|los sesos)\b|"
        r"\b(?:la idea|las ganas|el pensamiento|los pensamientos) de (?:tirarme|aventarme|matarme|colgarme|"
        r"suicidarme|quitarme la vida|no despertar|morirme)\b" + NOT_A_DIVE + r"|"
        r"\b(?:largarme|irme|despedirme|salirme|marcharme) (?:de este mundo|de esta vida|para siempre de aqui)\b|"
        r"\b(?:hoy|manana|esta noche|pasado manana|el (?:lunes|martes|miercoles|jueves|viernes|sabado|"
        r"domingo)) me (?:tiro|aviento|lanzo|mato|cuelgo|ahorco)\b"
        + NOT_A_DIVE
        + r"(?! (?:en el gym|estudiando|"
        r"trabajando|haciendo))|"
        r"\b(?:pastillas|pildoras|medicinas|intento|intente|tome|trague|quiero|queria)\b(?: \w+){0,5}"
        + NOT_DELICIOUS
        + r" (?:para|pa) (?:morirme|matarme|no despertar|ya no despertar|suicidarme)\b"
        + NOT_DELICIOUS_AFTER
        + r"|"
        r"\bme (?:lastimo|lastime|corto|corte|quemo|queme|hago dano|hice dano)\b(?: \w+){0,4} (?:a proposito|"
        r"con (?:una |la |unas |las )?(?:navajas?|cuchillas?|gillettes?|vidrios?|rastrillos?))\b",
        SELF,
    ),
    (
        r"\bse (?:va a|quiere|piensa) volar (?:la cabeza|los sesos)\b|"
        r"\b(?:prefiere|preferiria) (?:morirse|matarse|estar muert[oa])\b(?! (?:antes )?(?:que|q) (?!seguir|vivir))|"
        rf"\bamenaz\w* con {SELF_HARM_ES}\b|"
        # round 14: a threat of a crash or a fall "pa morirse"
        r"\bamenaz\w* con\b(?: \w+){0,8} (?:pa|para) (?:morirse|matarse|suicidarse|quitarse la vida)\b|"
        # "pa morirse" after the act or the wish, never "los tacos estan pa morirse"
        r"\b(?:pastillas|pildoras|medicinas|intento|hizo|tomo|trago|quiere|queria)\b(?: \w+){0,5}"
        + NOT_DELICIOUS
        + r" (?:para|pa) (?:morirse|matarse|no despertar|ya no despertar|suicidarse)\b"
        + NOT_DELICIOUS_AFTER
        + r"|"
        r"\bse (?:tomo|trago|empaco|echo|metio|tomaron) (?:un (?:chorro|monton|chingo|punado|puno|punito|frasco|bote)|"
        r"todas|muchas|tod[oa]s? (?:el|la|los|las|sus)) (?:de )?(?:sus |las |los )?(?:pastillas|pildoras|"
        r"medicinas|medicamentos|frasco|bote|pills|meds)\b",
        OTHER,
    ),
]

ENGLISH_PATTERNS: List[Tuple[str, str]] = [
    # -- suicide attempts, past or recent: "made an attempt", "attempted in march"
    (
        r"\b(?:made|make|survived|after) (?:an|my|another) (?:suicide )?attempt\b|\battempted "
        r"(?:again|before|twice|once|last|in|back in|\d+ times)\b|\bmy (?:last|first|suicide) attempt\b",
        RESOLVE,
    ),
    # -- round 13 (development misses): a round chambered or a gun cocked and held now; on a
    # roof or a ledge at the edge now; "won't be alive for ... , making sure of it";
    # someone who swallowed something and is turning blue or will not wake
    (
        r"\b(?:chambered|racked|cocked|loaded)\b(?: \w+){0,3} (?:and )?(?:i'?m |im |i am )?(?:holding it|"
        r"in my (?:hand|lap|mouth)|pointed at (?:me|myself|my (?:head|chest)))\b|"
        r"^(?!.*\b(?:fix\w*|repair\w*|shingles?|gutters?|install\w*|clean\w*|roofers?|antenna|lights|christmas|"
        r"solar|inspect\w*|photos?|pictures?|sunset|view|fireworks|drone)\b).*"
        r"\b(?:on|up on|onto) (?:my|the|our) (?:\w+ )?(?:roof|rooftop|ledge|balcony rail)\b(?: \w+){0,3} "
        r"(?:near|at|by|over|on) the (?:edge|ledge)\b|"
        r"\b(?:won'?t|wont|will not) (?:be )?(?:alive|around|here)\b(?: \w+){0,6} (?:making sure|make sure|"
        r"see to it|i'?ll make sure|im sure of it)\b|"
        r"\bswallowed\b(?: \w+){0,4} (?:god knows what|who knows what|something|a (?:bunch|handful|bottle))\b"
        r"(?=.*\b(?:blue|won'?t wake|wont wake|can'?t wake|cant wake|unresponsive|not breathing|passed out|"
        r"cant get (?:him|her|them) to|can'?t get (?:him|her|them) to)\b)",
        RESOLVE,
    ),
    # -- round 14 (development misses), attempts told as done: a household poison swallowed;
    # a cut gone deeper than meant, or blood soaking through after cutting; a gun to be used
    # on oneself (the person resolves whose life it is)
    (
        r"\b(?:drank|drunk|swallowed|chugged|downed|gulped) (?:some |the |a (?:cup|glass|bottle|capful|mouthful|"
        r"jug) of |half (?:a|the) (?:bottle|jug) of )?(?:bleach|antifreeze|drain cleaner|rat poison|pesticide|"
        r"weed killer|lye|roundup)\b|"
        r"\bwent (?:way |much |a lot |too )?deeper than (?:i )?(?:meant|wanted|planned|intended|usual|ever)\b"
        r"(?=.*\b(?:blood|bleed\w*|keeps coming|will not stop|wont stop|soaked)\b)|"
        r"^(?=.*\b(?:cut|cutting|sliced|razor|blade|deeper)\b).*\b(?:soaked|covered|drenched) (?:red|in blood|"
        r"with blood)\b|"
        r"\b(?:so much|all this|lots of|a lot of) blood\b(?: \w+){0,8} i (?:actually |finally |really )?did it\b|"
        r"\b(?:use|using|turn|turning|point|pointing) (?:\w+ ){0,3}(?:gun|revolver|pistol|rifle|shotgun) on "
        r"(?:myself|himself|herself|themselves)\b",
        RESOLVE,
    ),
    # -- blades and burns on the body, in any tense: "sliced my arm open"
    (
        # not a pet's scratch ("the cat scratched my arm")
        r"(?<!cat )(?<!cats )(?<!dog )(?<!kitten )(?<!puppy )(?<!bird )(?<!parrot )"
        r"\b(?:slic|carv|cut|scratch|burn|gash|stab)\w* (?:\w+ )?(?:into |open )?(?:my|his|her) "
        r"(?:wrists?|arms?|legs?|thighs?|skin|stomach|body|hips?|forearms?)\b",
        RESOLVE,
    ),
    # -- the means set up or at hand right now
    (
        r"\b(?:rope|noose|belt|cord|cable)\b(?: \w+){0,2} (?:set up|ready|tied|(?:around|round|on) my neck)\b|"
        r"\b(?:car|garage)\b(?: \w+){0,6} (?:engine (?:on|running))\b|"
        r"\b(?:on|at) (?:the|a) (?:bridge|roof|rooftop|ledge|edge|tracks)\b(?: \w+){0,2} right now\b|"
        # round 10: past the rail or at the edge of a height now; on the tracks with a train due
        r"\b(?:over|past|outside|on the (?:other|wrong) side of) (?:the|a) (?:rail|railing|guardrail|barrier)\b"
        r"(?: \w+){0,2} (?:now|right now)\b|"
        r"\b(?:at|on) the (?:very )?edge of (?:the|a|this) (?:roof|rooftop|bridge|building|ledge|cliff|overpass|"
        r"parking (?:garage|deck))\b(?: \w+){0,3} (?:now|right now)\b|"
        r"\b(?:sitting|lying|laying|standing) (?:on|across) (?:the|a) (?:train |railroad |rail )?(?:tracks|rails)\b"
        r"(?: \w+){0,3}(?: \|)? (?:now|right now|(?:the |a )?(?:next )?trains? (?:come|comes|coming|pass|passes|"
        r"is due|due))\b|"
        r"\b(?:choke|choking|strangle|strangling|suffocat\w*) (?:myself|himself|herself)\b",
        RESOLVE,
    ),
    (
        r"\b(?:jump|jumping|step|stepping|walk|walking|throw myself) (?:in front of|into|under) "
        r"(?:a|the) (?:\w+ )?(?:train|bus|car|truck|traffic|subway)\b|\bon purpose\b(?: \w+){0,2}$|"
        r"\b(?:drive|driving|crash|crashing) (?:my car )?into (?:a|the) \w+ on purpose\b",
        RESOLVE,
    ),
    (
        r"\b(?:took|taken|swallowed|downed|ate|popped) (?:(?:like|about|around|maybe|over) )?"
        r"(?:\d{2,}|all (?:of )?(?:my|his|her|the)) (?!minutes|hours|days|weeks|years|mg)\w+\b",
        RESOLVE,
    ),
    # -- the method already under way: everything swallowed, a car running in a shut garage
    (
        r"\b(?:took|taken|swallowed|downed|ate|popped) (?:\w+ )?everything in (?:the|my|his|her) "
        r"(?:medicine )?(?:cabinet|pill box|pillbox)\b|"
        r"\b(?:started|running|turned on|left on)\b(?: \w+){0,3} (?:in|inside) (?:the|a|my) (?:closed|shut) "
        r"garage\b|"
        # round 10: the garage named first, its door shut after
        r"\b(?:car|truck|engine|motor)\b(?: \w+){0,3} (?:running|on)\b(?: \w+){0,3} (?:in|inside) (?:the|a|my) "
        r"garage\b(?: \w+){0,6} (?:door|doors) (?:closed|shut|down)\b|"
        r"\b(?:on|at) (?:the|a) (?:overpass|balcony railing|railing)\b"
        r"(?: \w+){0,2} (?:right now|now)\b",
        RESOLVE,
    ),
    # Round 10, from the development sets' explicit misses, as families (places and a shut
    # garage are with their round-1 twins above): bleeding that will not stop after
    # cutting; a count of pills with a bottle of liquor; charcoal with sealed windows;
    # walking or swimming out into water not to come back; cutting again; a near attempt
    # acted on; a relative holed up with the means, or sending a goodbye with them
    (
        r"^(?=.*\b(?:cut|cutting|sliced|went)\b(?: \w+){0,3} (?:deeper|too deep|again|on purpose)\b)"
        r".*\b(?:bleeding|blood)\b(?: \w+){0,2} (?:will not|would not|does not|did not|is not|cannot|can not) "
        r"(?:stop|stopping)\b|"
        r"\b\d{2,}(?:ish)? (?!minutes|hours|days|weeks|months|years|people|guests|dollars|bucks|mg|mcg|ml|lbs|"
        r"pounds|miles)\w+ (?:and|with|plus|on top of|washed down with) (?:a |half (?:a |of a )?)?(?:whole |"
        r"entire |full )?(?:fifth|bottle|handle|pint) of (?:vodka|whiskey|whisky|wine|tequila|rum|gin|bourbon|"
        r"liquor|jack|beer)\b|"
        r"\bcharcoal\b(?: \w+){0,8} (?:tape|taped|taping|seal|sealed|sealing)\b(?: \w+){0,4} (?:windows?|doors?|"
        r"vents?|gaps?)\b|\b(?:tape|taped|seal|sealed)\b(?: \w+){0,4} (?:windows?|doors?|vents?)\b"
        r"(?: \w+){0,8} charcoal\b|"
        r"\b(?:swim|swimming|walk|walking|wade|wading) (?:out|in|into)\b(?: \w+){0,6} (?:and )?(?:not|never) "
        r"(?:come|coming) back\b|"
        r"(?:^|\bi (?:just )?)cut (?:myself )?again\b|"
        r"\balmost acted on (?:it|them|those thoughts|the thoughts)\b|"
        r"\b(?:fantasi[sz]\w*|daydream\w*) about (?:my own|my) (?:death|dying|suicide|funeral)\b",
        RESOLVE,
    ),
    (
        r"\b(?:gun|rifle|pistol|shotgun|knife|pills|rope)\b(?: \w+){0,6} (?:will not|would not) (?:come out|"
        r"open the door|unlock the door)\b|"
        r"\b(?:photo|pic|picture|video) of (?:\w+ ){0,2}(?:pills|gun|rope|knife|blade|razor)\b(?: \w+){0,8} "
        r"(?:bye|goodbye|love you|i am sorry)\b",
        OTHER,
    ),
    # Round 11, from the development sets' explicit misses, as families: pills already down
    # and taking effect; liquor with all of a sedative; a noose or rope up with the chair or
    # stool under it; a loaded gun in hand or lap; an engine on with the garage shut (either
    # order); the method and the time worked out
    (
        r"\b(?:took|taken|swallowed|downed|popped) (?:all (?:of )?(?:the|my)|every|a handful of|(?:a|the) (?:whole|full|"
        r"entire) (?:bottle|box) of|\d{2,}) (?:\w+ )?(?:pills?|tablets?|meds|capsules)\b(?: \w+| \|){0,6} (?:already|ago|nothing yet|"
        r"(?:getting|feeling|starting to feel|so) (?:sleepy|drowsy|dizzy|woozy|numb)|kicking in)\b|"
        r"\b(?:it is|its) (?:done|over)\b(?: \|)? (?:i )?(?:took|swallowed|downed) (?:the|them|all|my)\b|"
        r"\b(?:bottle|fifth|pint|handle) of \w+\b(?: \w+){0,2} (?:and|plus|with|on top of) (?:all|every one|the rest) "
        r"(?:of )?(?:my |the |her |his )?(?:\w+ )?(?:pills|xanax|klonopin|ativan|valium|ambien|sleeping pills|"
        r"meds|benzos|oxys?)\b|"
        r"\b(?:rope|noose|belt|cord)\b(?: \w+){0,2} (?:is |s )?(?:up|hanging|hung|tied)\b(?: \w+| \|){0,8} "
        r"(?:the|a|this) (?:chair|stool|ladder|step stool)\b|"
        r"^(?=.*\bloaded\b).*\b(?:gun|guns|pistol|revolver|rifle|shotgun)\b(?: \w+){0,5} (?:in|on) my "
        r"(?:hand|hands|lap|mouth)\b|"
        r"^(?=.*\b(?:engine|engines|motor|car|truck)\b(?: \w+){0,2} (?:on|running|started|idling)\b)"
        r".*\bgarage\b(?: \w+){0,2} (?:is |s )?(?:shut|closed|down|sealed)\b|"
        r"^(?=.*\bgarage\b(?: \w+){0,2} (?:is |s )?(?:shut|closed|down|sealed)\b)"
        r".*\b(?:engine|engines|motor|car|truck)\b(?: \w+){0,2} (?:on|running|started|idling)\b|"
        r"\bhow and (?:the )?when\b(?: \w+){0,3} (?:figured out|worked out|planned|sorted out|decided)\b|"
        r"\b(?:figured out|worked out|planned|decided)\b(?: \w+){0,2} (?:the )?how and (?:the )?when\b"
        r"(?! (?:of|for) )",
        SELF,
    ),
    # Round 12, from the development sets' explicit misses, as families: a plan that names
    # its method; walking or stepping into water, traffic or a train as an intent; on the
    # bridge or the ledge now, with a last word; someone shut in with the means who will
    # not open, or who says they took something; hurting oneself until it bruises or bleeds
    (
        r"(?<!insurance )(?<!payment )(?<!treatment )(?<!health )(?<!meal )(?<!care )(?<!phone )"
        r"\b(?:my |the )?plan (?:is|was)\b(?: \w+){0,6} (?:pills|meds|bottle|overdose|rope|noose|gun|pistol|"
        r"rifle|shotgun|bridge|overpass|train|tracks|garage|roof|top floor|lake|river|helium|charcoal|knife|"
        r"razor|blade|jump|jumping|hang|hanging|drown|drowning)\b|"
        r"\b(?:pills|meds|rope|noose|gun|pistol|bridge|overpass|train|tracks|garage|roof|top floor|lake|"
        r"river|helium|charcoal)\b(?: \w+| \|){0,8} (?:that is|thats|is) (?:the|my) plan\b|"
        r"\b(?:exactly )?how and when (?:he|she|they|i) (?:is |are |am )?(?:going to|gonna|will) do it\b|"
        r"\b(?:going to|gonna|will|about to|planning to|want to|wanna|is|am|are) (?:\w+ ){0,2}(?:walk|walking|"
        r"step|stepping|lie|lying|lay) (?:out )?(?:into|onto|in front of|down on) (?:the |a )?(?:\w+ )?"
        r"(?:lake|river|ocean|sea|traffic|tracks|railroad|train|freeway|highway)\b(?! (?:lol|lmao|haha|jk)\b)|"
        r"\b(?:i am|im) (?:standing |sitting )?(?:on|at) (?:the )?(?:edge of the |top of the )?(?:bridge|ledge|"
        r"overpass|railroad tracks|tracks|rooftop)\b(?: \w+| \|){0,6} (?:just wanted|tell (?:someone|"
        r"somebody|you|anyone)|goodbye|bye|sorry|nobody|no one)\b|"
        r"\b(?:room|bathroom|car|truck|garage|closet)\b(?: \w+){0,2} (?:with|and) (?:a |the |his |her |their )?"
        r"(?:gun|pistol|rifle|shotgun|knife|pills|rope)\b(?: \w+| \|){0,6} (?:do not|will not|would not) "
        r"(?:come in|open|answer|let (?:me|us|anyone) in)\b|"
        r"\blocked (?:himself|herself|themselves|themself)\b(?: \w+| \|){0,10} (?:took|swallowed|taken) "
        r"(?:something|pills|a bunch|everything|them)\b|"
        r"\b(?:said|says|told me|texted) (?:that )?(?:he|she|they) (?:took|swallowed|has taken|had taken) "
        r"(?:something|a bunch|a lot of (?:pills|meds)|too many)\b(?: \w+| \|){0,8} (?:sorry|goodbye|bye|"
        r"love|will not open|locked|wont open)\b|"
        r"\b(?:hit|hitting|punch|punched|punching|slap|slapped|slapping|beat|beating) myself\b(?: \w+){0,5} "
        r"(?:till|until|so hard) (?:it |i )?(?:bruis\w*|bled|bleed|bleeding|left marks)\b",
        RESOLVE,
    ),
    # -- a day set for it: "saturday is the day i end it"
    (
        r"\b(?:tonight|today|tomorrow|this weekend|(?:mon|tues|wednes|thurs|fri|satur|sun)day) is "
        r"(?:the|my) (?:night|day)(?: that)? (?:i|when i) (?:end it|do it|go through with it|kill myself|"
        r"die|take my life|end my life|check out)\b",
        RESOLVE,
    ),
    (
        r"\b(?:tonight|today) is the (?:night|day)\b|\b(?:end|ending) (?:everything|it all|things) "
        r"(?:tonight|today|now)\b|\b(?:going to|will|gonna) do it (?:tonight|today|now|this weekend)\b|"
        r"\bmy life ends\b",
        RESOLVE,
    ),
    (TWO_PREPARATIONS, SELF),
    # -- by one's own hand; "eat a gun" (slang for shooting oneself); cutting that cannot
    #    stop; someone who has overdosed (a medical emergency)
    (
        r"\bby (?:my|his|her|their) own hands?\b|\beats? (?:his|her|my|their|a) (?:gun|bullet)\b|"
        r"\b(?:cannot|can not) stop (?:cutting|burning|hurting)\b|"
        r"\b(?:has |just |have |had )?overdosed\b(?! on (?:netflix|tv|coffee|caffeine|sugar|chocolate|candy|"
        r"shows?|series|memes|work|anime|pizza|sun|sunshine))",
        RESOLVE,
    ),
    # -- the act under way: "already swallowed them all", "the gun is against my head"
    (
        r"\b(?:already|just) (?:took|taken|swallowed|downed|popped|ate|drank) (?:them all|all of them|"
        r"everything|it all|the (?:whole|entire) (?:bottle|box|pack|packet|thing))\b|"
        r"\b(?:took|taken|swallowed|downed) (?:them|it|the pills|everything)\b(?: \w+){0,2} \|? ?"
        r"(?:it is|its) (?:done|over|too late)\b|"
        r"\b(?:gun|pistol|barrel|knife|blade|razor)\b(?: \w+){0,3} (?:against|to|on|into) my "
        r"(?:head|temple|chest|throat|wrists?|neck|mouth)\b",
        RESOLVE,
    ),
    # -- waiting until nobody is around to carry it out: "once the kids are asleep i end it"
    (
        r"\b(?:once|when|after|as soon as) (?:\w+ ){1,5}(?:is|are|leave|leaves|go|goes) "
        r"(?:\w+ ){0,2}(?:gone|asleep|away|out|at (?:\w+ )?\w+|(?:to|for) (?:work|bed|school|sleep|the \w+))\b"
        r"(?: \w+){0,5} (?:go(?:ing)? through with it|end it|ending it|ending everything)\b",
        SELF,
    ),
    # -- others threatening the visitor: "my husband is going to kill me"
    (INTENT + r" (?:kill|hurt|harm|beat|murder|shoot|stab|strangle|choke|rape) me\b", SELF),
    # -- wanting to be killed: "someone please kill me", "kill me now"
    (
        r"\b(?:please|pls|someone|somebody|just|god|lord|can someone|could someone|"
        r"would someone) (?:please |just )?kill me\b|\bkill me (?:now|already|please)\b",
        SELF,
    ),
    # -- suicide and slang for it: "suicidal", "sewer slide", "unalive", "ctb"
    (r"\bsui?[cs]i?d(?:e|es|al|ality|ally|ing)?\b|\bunalive\b|\bctb\b|\bfinal exit\b", RESOLVE),
    # -- killing oneself by any verb: "kill myself", "off myself", "end myself"
    (
        r"\b(?:kill|killing|killed|kills|murder|murdering|off|offing|end|ending|hang|hanging|"
        r"hanged|shoot|shooting|shot|drown|drowning|drowned|poison|poisoning|poisoned|stab|"
        r"stabbing|stabbed|suffocate|suffocating|gas|gassing|electrocute|starve|starving|starved|"
        r"burn|burning|burned|burnt|cut|cutting|cuts|hurt|hurting|hurts|harm|harming|harmed|harms|"
        r"injure|injuring|injured|mutilate|mutilating|mutilated|top|"
        r"topping|neck|necking|rope|roping|delete|deleting|destroy|destroying|"
        r"unalive|punish|punishing) (?:myself|yourself|himself|herself|themselves|ourselves)\b(?! up\b)",
        RESOLVE,
    ),
    (r"\b(?:do|did|doing) (?:myself|himself|herself|themselves) in\b", RESOLVE),
    (r"\bmake (?:myself|himself|herself|themselves) bleed\b", RESOLVE),
    # -- taking or ending a life: "end my life", "take her own life"
    (
        r"\b(?:take|taking|took|taken|end|ending|ended|ends) (?:my|his|her|their|your) "
        r"(?:own )?life\b",
        RESOLVE,
    ),
    (
        r"\b(?:end|ending) (?:it all|my existence|my suffering|this life|everything for good|"
        r"it for good|it once and for all)\b|\bput an end to (?:it all|my life|everything|"
        r"my suffering|myself)\b",
        RESOLVE,
    ),
    (
        INTENT + r" (?:end|ending) (?:it|everything|things|the pain|this pain|all this|"
        r"all of this|my pain|the suffering)\b",
        RESOLVE,
    ),
    # -- dying and being dead: "want to die", "wish i was dead", "better off dead"
    (INTENT + r" (?:die\b|dye" + CLAUSE_END + r")", RESOLVE),
    (INTENT + r" (?:be )?dead\b", RESOLVE),
    (
        r"\b(?:let|make|letting) (?:me|him|her|them) die\b|\b(?:die|dead) (?:tonight|today|soon|"
        r"by (?:tomorrow|tonight|morning|the weekend|next week))\b",
        RESOLVE,
    ),
    (
        r"\bbetter off (?:dead|gone|not here|not existing|not alive|without (?:me|him|her|them))\b"
        r"|\bbetter (?:off )?without me\b|\bmight as well (?:be dead|die|not exist)\b",
        RESOLVE,
    ),
    (
        r"\b(?:wish|wished|wishes|wishing) (?:i|he|she|they) (?:was|were|had|would|could|did) (?:just |simply |"
        r"finally |already )?"
        r"(?:dead|gone|never (?:been )?born|not (?:alive|here|born|exist)|disappear|vanish|"
        r"not wake up|never wake up|stop existing|cease to exist|sleep forever|go to sleep forever)\b",
        RESOLVE,
    ),
    (
        r"\b(?:welcome|embrace|crave|craving|longing for|long for|wish for|wishing for|"
        r"pray for|praying for) death\b|\bdeath (?:would|will|sounds|seems|feels) (?:be )?"
        r"(?:a relief|better|easier|peaceful|nice|like (?:a|the) (?:relief|way out|answer))\b",
        RESOLVE,
    ),
    (
        r"\b(?:thinking|think|thought|thoughts|obsess\w*|fantasi[sz]\w*|dream\w*) (?:a lot |"
        r"constantly |always )?(?:about|of) (?:death|dying|suicide|killing myself|ending it|"
        r"ending my life|not existing|not being here|not being alive|my funeral|my own funeral)\b",
        RESOLVE,
    ),
    # -- passive ideation: "don't want to wake up", "not be here anymore"
    (
        r"\b(?:not|never|no longer) (?:feel like|feel like i want to) (?:living|being alive|existing|"
        r"going on|live|exist)\b|\bno (?:desire|will|wish|motivation|reason|want) to (?:live|go on|"
        r"keep going|be alive|exist|keep living)\b",
        RESOLVE,
    ),
    (
        r"\b(?:hope|hoping|wish|wishing|pray|praying) (?:that )?(?:i|he|she|they) (?:do not|does not|"
        r"will not|would not|never|could not) wake up\b",
        RESOLVE,
    ),
    (
        r"\b(?:not|never|no longer|no more) (?:\w+ )?(?:want|wants|wanted|wanting|care) to "
        r"(?:live(?! (?:in|at|near|with|there|close|far|on|downtown|alone|here|by|together|"
        r"like that|abroad|out))|be alive|exist|be here(?! (?:at|on|for|by|when|today|tomorrow|"
        r"early|tonight|in))|be around|wake up(?! (?:early|at|so|for|before))|breathe|"
        r"keep living|go on(?: living)?"
        + CLAUSE_END
        + r"|keep going"
        + CLAUSE_END
        + r"|be anymore|continue living|do this anymore|feel anything anymore)",
        RESOLVE,
    ),
    (
        r"\b(?:never|not) (?:to )?wake up (?:again|ever|anymore|tomorrow)\b|\bsleep forever\b|"
        r"\bgo to sleep and (?:never|not) wake\b|\bnot (?:be|being|exist|existing) "
        r"(?:here|around|alive)? ?(?:anymore|any longer|much longer|tomorrow)\b|"
        r"\bwill not be (?:here|around) (?:much longer|tomorrow|anymore|for long|by)\b|"
        r"\b(?:stop|stopped) existing\b|\bcease to exist\b",
        RESOLVE,
    ),
    (
        r"\b(?:want|wants|wanted|wish|need) (?:to |it to |just to )?(?:disappear|vanish|not exist)"
        r"(?: forever| for good)?\b(?! into| for (?:a|the) (?:while|bit|weekend|day|week|few))",
        RESOLVE,
    ),
    (
        r"\b(?:want|wants|need|needs|wish|wishing) (?:it all|everything|my life|the pain|this pain|"
        r"all of this|all this|it|the suffering) (?:to|would) (?:just )?(?:end|stop|be over|go away)"
        r"(?! (?:soon|early|quickly|so i))",
        RESOLVE,
    ),
    (
        r"\b(?:no|not any|nothing left|no more) (?:reason|reasons|point|purpose) (?:for (?:me|him|her|"
        r"them) )?(?:to|in|for) "
        r"(?:live|living|keep living|continue living|stay alive|go on|going on|keep going|be here|being here|stay|staying|life|be alive|"
        r"being alive|exist|existing|anything|wake up)\b|\bnothing (?:left )?to live for\b|"
        r"\bno point (?:anymore|any more)\b|\bno way out\b(?! of (?:the|a|this|that|your|my) (?:parking|lot|"
        r"garage|building|office|lobby|traffic|contract|lease|plan)\b)|\bno hope left\b|\bpoint (?:in|of|to) "
        r"(?:living|going on|being alive|existing|staying alive|waking up|(?:my )?life"
        + CLAUSE_END
        + r")",
        RESOLVE,
    ),
    (
        r"\b(?:life|living|my life|existence)(?: is| feels| seems)? (?:not |no longer |isnt )?"
        r"(?:worth (?:living|it anymore|nothing)|pointless|meaningless|not worth (?:it|living))\b|"
        r"\b(?:what is|whats) the point (?:of|in) (?:living|life|going on|being alive|anything anymore|"
        r"waking up|trying anymore)\b",
        RESOLVE,
    ),
    (
        r"\b(?:tired|sick|done|exhausted) (?:of|with) (?:living|being alive|life|existing|"
        r"it all)\b|\bdone living\b|\b(?:give|giving|gave|given) up on "
        r"(?:life|living|everything|myself)\b",
        RESOLVE,
    ),
    (
        r"\b(?:can not|could not|unable to) (?:(?:go on|keep going)(?: like this| anymore| any longer)?"
        + CLAUSE_END
        + r"|live like this|take (?:it|this|"
        r"the pain|much more|any more|anymore)(?: anymore| any longer| much longer)?"
        + CLAUSE_END
        + r"|do this anymore|handle (?:it|this|life) anymore|cope anymore|keep living|"
        r"live anymore|be here anymore)",
        RESOLVE,
    ),
    (
        r"\b(?:i am|feel like|i feel like) (?:just |such |only )?a burden (?:to|on) (?:everyone|"
        r"everybody|my family|them|all|people|you all)\b|\beveryone would be better\b",
        RESOLVE,
    ),
    (
        r"\b(?:want|wants|wanted) out"
        + CLAUSE_END
        + r"|\b(?:use|using|turn|turning|point|pointing) "
        r"(?:it|the gun|a gun|my gun|the knife|a knife|them) on (?:myself|himself|herself|themselves)\b",
        RESOLVE,
    ),
    (
        r"\bnot (?:going to |about to )?(?:be|being) (?:here|around|alive) (?:anymore|any longer|much "
        r"longer|for long|tomorrow|by)\b|\b(?:will not|never) (?:hear from|see) me again\b",
        RESOLVE,
    ),
    (
        r"\b(?:nobody|no one|noone|would anyone|does anyone|who would|would not|will not)\b(?: \w+){0,6} "
        r"(?:care|notice|miss|cry|matter)\b(?: \w+){0,4} if i (?:died|was gone|were gone|disappeared|"
        r"was dead|were dead|killed myself|was not (?:here|around)|were not (?:here|around))\b|"
        r"\bif i (?:died|was gone|were gone|disappeared|was dead|were dead|killed myself)\b(?: \w+){0,3} "
        r"(?:nobody|no one|noone|would anyone|who would|would not|will not)\b",
        RESOLVE,
    ),
    (
        r"\b(?:not|never) (?:mind|care about|care if i|mind if i) (?:dying|being dead|died|die|am dead|"
        r"was dead|were dead|do not wake up|did not wake up)\b",
        RESOLVE,
    ),
    (
        r"\b(?:not|never) (?:deserve|deserving|meant|supposed|worthy) (?:of |to )?(?:live|living|life|be alive|"
        r"exist|be here|still be here)\b|\bshould not (?:be alive|exist|have been born|be living|still be "
        r"here|still be alive)\b",
        RESOLVE,
    ),
    (
        r"\bso (?:that )?(?:i|he|she|they) (?:can|could|will|would|might|may) (?:just )?die\b|\b(?:drink|"
        r"drinking|starve|starving|bleed|bleeding|cut|cutting|eat|eating|use|using|smoke|smoking) "
        r"(?:\w+ ){0,2}until (?:i|he|she|they) (?:die|dies|am dead|is dead|stop breathing)\b|\b(?:drink|"
        r"drinking|starve|starving|smoke|smoking|drug|drugging|cut|cutting|bleed|bleeding) (?:myself|"
        r"himself|herself|themselves) to death\b",
        RESOLVE,
    ),
    (
        r"\b(?:planning|plan|planned|writing|wrote|written) (?:my|his|her) (?:own )?(?:funeral|"
        r"suicide|death|obituary|eulogy)\b",
        RESOLVE,
    ),
    (
        r"\b(?:dying|death|being dead|not existing|not being here|not being alive|not waking up) "
        r"(?:would|will|sounds|seems|feels|is|might) (?:be )?(?:so )?(?:much )?(?:easier|better|a relief|"
        r"peaceful|nice|the answer|the only (?:option|way|answer)|my only (?:option|way)|a way out)\b",
        RESOLVE,
    ),
    (
        INTENT
        + r" (?:be|being) gone(?: forever| for good| from (?:this|the) world)?"
        + CLAUSE_END
        + r"|"
        + INTENT
        + r" (?:go to|be in|join (?:\w+ ){1,2}in|be with (?:\w+ ){1,2}in) heaven(?: now| tonight| "
        r"today| soon| already)?" + CLAUSE_END,
        RESOLVE,
    ),
    (r"\b(?:sleep|asleep) and (?:never|not) wake(?: up)?\b|\basleep forever\b", RESOLVE),
    (
        INTENT
        + r" (?:jump|jumping)"
        + CLAUSE_END
        + "|"
        + INTENT
        + FILLER
        + r" (?:go away|leave|be gone|disappear|"
        r"sleep) (?:forever|for good|permanently)\b",
        RESOLVE,
    ),
    (
        r"\bswallow(?:ing)? (?:all|every one|every single one) of (?:them|it|these|those)\b|\bswallow "
        r"(?:them|it|these|those) all\b",
        RESOLVE,
    ),
    (
        r"\b(?:end|ending) it (?:tonight|today|now|soon|this week|this weekend|once and for all|for good)\b",
        RESOLVE,
    ),
    (
        r"\b(?:go away|disappear|vanish) (?:forever|for good)\b|\bleave this (?:world|earth|life)\b",
        RESOLVE,
    ),
    (
        r"\b(?:hope|hoping|wish|wishing|pray|praying) (?:that )?(?:i|someone|somebody|something|a \w+|the \w+) "
        r"(?:get |gets |would |will |could )?(?:hit|run over|killed|struck|hits me|kills me|runs me over|kill me)\b",
        RESOLVE,
    ),
    (
        r"\b(?:how much|how many|what amount|what dose)\b(?: \w+){0,4} (?:is |would be |are |will be )?"
        r"(?:lethal|fatal|deadly|enough to (?:die|kill))\b",
        RESOLVE,
    ),
    (r"\b(?:can not|could not) live with myself(?! if)\b", RESOLVE),
    (
        r"\b(?:pills|gun|rope|knife|means) and a plan\b|\ba plan and (?:the )?(?:pills|gun|rope|means)\b|"
        r"\b(?:have|got|made|making) a plan (?:to|for) (?:die|dying|end|ending|kill|killing|suicide|do it)\b",
        RESOLVE,
    ),
    (
        r"\b(?:see|find|have|is|there is) (?:no|any) (?:reason|point|way|purpose) (?:to|in|for) (?:live|living|"
        r"keep living|go on|going on|keep going|stay alive|be alive|being alive|exist|existing|continue living)\b",
        RESOLVE,
    ),
    (
        r"\b(?:my|his|her|their) life (?:should|needs to|has to|must|will|is going to|is about to) end\b|"
        r"\b(?:want|wants|wish|wishes) (?:my|his|her|their) life (?:to|would) end\b",
        RESOLVE,
    ),
    (
        r"\b(?:wrote|written|writing|left|leaving) (?:a|my|his|her) (?:note|letter|letters|notes) (?:for|to) "
        r"(?:my|his|her|their) (?:family|kids|wife|husband|parents|mom|dad|children|partner|loved ones)\b",
        RESOLVE,
    ),
    (
        r"\b(?:better|happier|easier|fine|relieved) (?:off )?if (?:i|he|she) (?:died|killed (?:myself|"
        r"himself|herself))\b|"
        r"\b(?:better|happier|easier|fine|relieved) (?:off )?if (?:i|he|she) (?:was|were|am|is) (?:dead|gone|"
        r"not here|not around|never born)\b|\bhappier without (?:me|him|her)\b",
        RESOLVE,
    ),
    (
        r"\b(?:can not|could not|unable to) (?:handle|stand|bear|take|tolerate) (?:being alive|living|"
        r"existing|life)\b",
        RESOLVE,
    ),
    (
        r"\b(?:knife|blade|razor|gun|pistol) (?:to|against|on) (?:my|his|her) (?:wrists?|throat|head|neck|"
        r"arms?|skin|chest|temple)\b",
        RESOLVE,
    ),
    (
        rf"{DESIRE} (?:just |really )?dying\b(?! (?:{RELATION}|pets?|dogs?|cats?|grand\w+|relatives?|"
        r"plants?|friends?)\b)",
        RESOLVE,
    ),
    (
        r"\b(?:pills|meds|tablets|bottle)\b(?: \w+){0,8} (?:take|swallow|down|pop) (?:them|it) all\b",
        RESOLVE,
    ),
    (
        r"\b(?:imagining|imagine|picturing|visuali[sz]ing|planning) (?:my|his|her) (?:own )?funeral\b|"
        r"\bmy own funeral\b",
        RESOLVE,
    ),
    (
        r"\b(?:way|ways|method|methods|how) to (?:die|kill (?:myself|yourself|oneself|someone)|end (?:my|"
        r"your|a|one s) life|commit suicide|overdose)\b|\b(?:painless|painful|quick|quickest|easiest|"
        r"fastest|least painful|easy) (?:way|ways|death|method)\b(?! to (?:get|book|pay|reach|contact|"
        r"schedule|drive|sign|find|start|see|call|apply|learn|check|make|do|set|talk))|\bhow many \w+ (?:does it take|would "
        r"it take|to) (?:to )?(?:die|kill|overdose|od)\b|\blethal dose\b",
        RESOLVE,
    ),
    (
        r"\bnot (?:\w+ ){0,3}(?:stay|keep myself|remain|survive) (?:alive|safe|another day|much longer|"
        r"the night)\b",
        RESOLVE,
    ),
    (
        INTENT
        + FILLER
        + r" (?:disappear|vanish|not exist|stop existing|cease to exist|stop living|stop "
        r"being alive|stop breathing)(?: forever| for good)?\b(?! into| for (?:a|the) (?:while|bit|"
        r"weekend|day|week|few))",
        RESOLVE,
    ),
    (
        INTENT
        + r" cut(?: tonight| again| deeper| today| now)?"
        + CLAUSE_END
        + r"|\b(?:bang|banging|"
        r"hit|hitting|punch|punching) my head (?:against|on|into)\b",
        RESOLVE,
    ),
    (INTENT + r" (?:be with|join|see) (?:my |\w+ )?(?:dead|late|deceased) \w+", RESOLVE),
    (
        r"\bwhy (?:should|would|do|must) (?:i|he|she) (?:even )?(?:keep|go on|continue|bother) "
        r"(?:living|existing|being alive|going on|waking up|trying)\b|\bwhy bother (?:living|existing|"
        r"waking up)\b|\bwhy (?:am i|is he|is she) (?:still )?alive\b",
        RESOLVE,
    ),
    (
        INTENT + r" do something (?:stupid|drastic|dangerous|permanent|terrible|bad|crazy) "
        r"(?:to myself|to me|tonight)|"
        + INTENT
        + r" do something (?:stupid|drastic|permanent)"
        + CLAUSE_END,
        RESOLVE,
    ),
    (
        r"\b(?:pills|meds|tablets|gun|knife|rope|blade|razor) (?:\w+ ){0,2}(?:in my hand|in my hands|"
        r"saved up|stockpiled|lined up|counted out)\b|\b(?:saving|saved|stockpiling|stockpiled|hoarding|"
        r"hoarded|collecting) (?:up )?(?:my |the |his |her )?(?:pills|meds|tablets)\b|\bloaded (?:the |"
        r"my |a )?gun\b|\bgun is loaded\b|\bstanding on (?:the|a) (?:ledge|edge of (?:a|the) (?:roof|"
        r"bridge|building|cliff))\b",
        RESOLVE,
    ),
    (
        r"\b(?:not|never) (?:feel )?safe (?:with|around|from) (?:myself|me)\b|\b(?:can not|could not|"
        r"unable to|not able to) (?:keep|stay) (?:myself |me )?safe\b|\b(?:i am|i feel|feel|i do not feel) "
        r"(?:not )?safe(?: right now| tonight| anymore| at home| alone| with myself)?" + CLAUSE_END,
        RESOLVE,
    ),
    # -- farewell warning signs: "this is goodbye", "giving away my things"
    (
        r"\b(?:this is|it is) (?:my )?(?:final |last )?goodbye\b(?! for now| to (?:the |my |our |y all )?(?:\w+ )?"
        r"(?:team|staff|office|clinic|nurses|doctors?))|\b(?:bye|goodbye|farewell) (?:cruel "
        r"world|forever|for good|world)\b|\b(?:goodbye|farewell|final|suicide) (?:notes?|letters?)\b|"
        r"\bmy last words\b|"
        r"\b(?:giving|gave|give) away (?:all )?(?:my|his|her) (?:things|stuff|"
        r"belongings|possessions|pets)\b|\bsaid my goodbyes\b",
        RESOLVE,
    ),
    # -- methods named with intent: "jump off a bridge", "gun to my head"
    (
        r"\b(?:jump|jumping|jumped|leap) (?:off|from) (?:the top of )?(?:a|the|that|this|my) (?:\w+ )?(?:bridge|"
        r"building|roof|rooftop|cliff|balcony|overpass|window|tower|ledge|parking garage)\b|"
        r"\b(?:jump|jumping|step|stepping|walk|walking) (?:in front of|into) (?:a|the) "
        r"(?:train|bus|car|truck|traffic|subway)\b|\bwalk into traffic\b|\bgun to my head\b|"
        r"\bblow my (?:brains|head) out\b|\bbullet (?:in|through) my (?:head|brain)\b|"
        r"\bslit (?:my|his|her) (?:wrists?|throat)\b|\bcrash my car on purpose\b|"
        r"\b(?:drive|driving) (?:my car )?(?:off|into) (?:a|the) (?:bridge|cliff|tree|wall)\b|"
        r"\bnoose\b",
        RESOLVE,
    ),
    # -- self-harm: "self harm", "cutting again", "relapsed on sh"
    (
        r"\bself (?:harm|harming|harmed|injury|injuring|injure|mutilation|mutilate|hurt|hurting|"
        r"destruct|destructive)\b",
        RESOLVE,
    ),
    (
        r"\b(?:cut|cutting|carve|carving|scratch|scratching|burn|burning|slice|slicing) "
        r"(?:my|his|her) (?:wrists?|arms?|legs?|thighs?|skin|stomach|body|hips?)\b",
        RESOLVE,
    ),
    (
        r"\b(?:relapse|relapsed|relapsing|urges?|clean from|months clean|days clean|weeks clean|"
        r"started|start|been|keep|kept|back to|again) (?:on |from |of |to |with |into )?"
        r"(?:cutting|sh|self harm)\b" + NOT_SKIN + r"|\bcutting again\b|\b(?:cutting|sh) urges\b|"
        r"\b(?:is|am|are|was|been|keeps|kept|started) (?:secretly |still )?(?:cutting|self harming)"
        + CLAUSE_END,
        RESOLVE,
    ),
    (
        r"\b(?:urge|urges|urging|impulse|impulses|temptation|craving|cravings) (?:to|of|for) "
        r"(?:cut|cutting|self harm|burn|hurt|harm|die|dying|end it)\b" + NOT_SKIN,
        RESOLVE,
    ),
    # -- overdose: "took all my pills", "going to od", "i overdosed"
    (INTENT + r" (?:overdose|overdosing|od)\b", RESOLVE),
    (
        r"\b(?:i|he|she|they|we|someone|somebody|my (?:\w+ )?" + RELATION + r") (?:just |almost |"
        r"nearly |have |has |had |already |may have |might have |think i )*(?:overdosed|od|"
        r"took an overdose|taken an overdose)\b|\boverdosing\b|\b(?:take|took|taken|taking|"
        r"had) an overdose\b",
        RESOLVE,
    ),
    (
        r"\b(?:take|taking|swallow|swallowing|down|downing|pop|popping) " + AMOUNT + r" (?:of )?"
        r"(?:my |the |his |her |these |those |their |our |your )?(?:\w+ )?" + PILLS + r"\b",
        RESOLVE,
    ),
    (
        r"\b(?:take|taking|took|swallow|swallowed|swallowing) every (?:single )?(?:pill|tablet|capsule|"
        r"med|"
        + PILLS[3:-1]
        + r")s? (?:(?:i|we|he|she|they) (?:have|has|had|own|can find|got|could find)|in the (?:house|bottle|"
        r"cabinet))\b|"
        # round 14: every pill gulped down at once; or taken out of the week's organizer or box
        r"\b(?:popped|downed|chased|gulped|chugged|swallowed|ate) every (?:single )?(?:last )?(?:pill|tablet|"
        r"capsule|med|" + PILLS[3:-1] + r")s?\b|"
        r"\b(?:took|taken|swallowed|popped|downed|ate) (?:all|every|everything)\b(?: \w+){0,3} (?:in|from|out of) "
        r"(?:my|his|her|their|the) (?:\w+ )?(?:pill ?box|pill organizer|organizer|pill case|medicine cabinet)\b",
        RESOLVE,
    ),
    (
        # not a pet's accident ("my dog ate a bunch of my pills": the vet, not 988)
        r"(?<!dog )(?<!cat )(?<!puppy )(?<!kitten )"
        r"\b(?:took|taken|swallowed|downed|chugged|popped|ate) (?:(?:like|about|around|maybe|over|almost|"
        r"probably|at least|nearly|roughly) )?" + AMOUNT_TAKEN + r" (?:of )?"
        r"(?:my |the |his |her |these |those |their |our |your )?(?:\w+ )?" + PILLS + r"\b",
        RESOLVE,
    ),
    # Round 8, families from the development sets' explicit misses (C-SSRS behaviour items):
    # - an attempt under way: a car running in a closed garage; a cut that will not stop
    (
        # not "to warm it up", not "while he waits", not with the door open
        r"(?!.*\b(?:warm\w*|wait\w* for|door (?:was |is )?(?:open|up)|open door)\b)"
        r"(?:\b(?:sitting|sat|sit|sits) (?:\w+ )?(?:in )?(?:the|my|his|her|our) (?:closed |shut )?garage\b"
        r"(?: \w+){0,5} (?:car|engine|motor|truck) (?:running|on|idling|going)\b|"
        r"\b(?:car|engine|motor|truck) (?:is |was |left )?(?:running|on|idling|going)\b(?: \w+){0,5} "
        r"(?:in (?:the|my|his|her) (?:closed|shut) garage|garage door (?:shut|closed|down))\b|"
        r"\b(?:closed|shut) (?:the )?garage door\b(?: \w+){0,6} (?:car|engine|motor|truck) (?:running|on|"
        r"idling|going)\b)",
        RESOLVE,
    ),
    (
        r"\bi (?:just )?cut (?:myself |my \w+ )?(?:\w+ )?(?:too |really |so |very )?deep\b"
        r"(?!(?: \w+){0,8} (?:chopping|cooking|slicing|kitchen|knife slipped|onions?|shaving|glass|thumb|finger|lid|paper|"
        r"accident\w*))(?: \w+){0,6} (?:not stopping|will not stop|can not stop|keeps bleeding|still bleeding)\b",
        RESOLVE,
    ),
    # - hurting oneself to bruising or bleeding, or for the pain itself; a gun held to the
    #   head of someone close
    (
        r"\b(?:i|he|she|they) (?:keep |kept |have been |always |still )?(?:hit|hits|hitting|punch|punches|"
        r"punching|slap|slaps|slapping|bang|bangs|banging|pinch|pinches|pinching|bite|bites|biting) "
        r"(?:myself|himself|herself|themselves|(?:my|his|her|their) (?:own )?(?:head|arms?|legs?|face|thighs?))\b"
        r"(?: \w+){0,4} (?:until|till|til|so hard|to the point) (?:i|he|she|it|they|there are)? ?(?:bruise|bruises|"
        r"bleed|bleeds|bled|bruised|welts?|marks?|purple|black and blue)\b|"
        # a head banged against a wall as a punishment or over and over (rounds 8 and 9)
        r"\b(?:bang|bash|slam|smash|hit)\w* (?:my|his|her) head (?:into|on|against) (?:the )?(?:floor|wall|"
        r"drywall|door|mirror)\b(?: \w+){0,6} (?:deserve|deserves|punish\w*|over and over|again and again|until|"
        r"till|til|on purpose)\b(?!(?: \w+){0,6} (?:taxes|homework|math|frame|lol|haha))",
        RESOLVE,
    ),
    (
        r"\b(?:need|needs|needed|want|crave|craves|use|uses) (?:the )?pain to feel (?:something|anything|alive|real)\b",
        RESOLVE,
    ),
    (r"\b(?:gun|pistol|revolver|handgun) to (?:his|her|their) (?:own )?head\b", OTHER),
    # Round 9, families from the development sets' explicit misses: a decision to end
    # things; found unresponsive beside pills; a ligature around someone's neck; outside the
    # rail of a bridge or roof; skin dug or scratched until it bleeds; someone admitting they
    # cut; a car driven into water with oneself inside
    (
        r"\b(?:made up my mind|decided|have decided|am decided|my decision is made) (?:\w+ ){0,2}to "
        r"(?:end (?:it|things|my life|everything|it all)|kill myself)\b(?! (?:with|at) (?:my|the|this) (?:job|lease|"
        r"relationship|gym|plan|subscription))",
        SELF,
    ),
    (
        r"(?<!almost )(?<!nearly )\b(?:"
        + UNRESPONSIVE[3:-1]
        + r"|can not wake (?:him|her|them) up)\b(?: \w+){0,8} (?:empty (?:pill |medicine )?"
        r"bottles?|pill bottles?|overdose|(?:all|a bunch|a handful|pills|bottles) (?:of )?(?:his |her |their )?"
        + PILLS
        + r"|"
        + PILLS
        + r" (?:all over|everywhere))\b|"
        r"\bempty (?:pill )?bottles?\b(?: \w+){0,8} " + UNRESPONSIVE + r"\b|"
        r"\b(?:rope|noose|belt) (?:around|round) (?:his|her|their) neck\b|\b(?:cord|cable|scarf|sheet)s? (?:tied|"
        r"wrapped|tight|knotted) (?:around|round) (?:his|her|their) neck\b",
        OTHER,
    ),
    (
        r"(?:(?:^|\| )|\b(?:standing|stood|sitting|sat|climbed|climbing|am|is|are) (?:\w+ )?)(?:outside|past|"
        r"beyond|on the wrong side of) the (?:rail|railing|guard ?rail|fence|barrier)\b(?: \w+){0,6} (?:bridge|"
        r"overpass|roof|rooftop|parking garage|garage|tower|building|deck)\b(?!(?: \w+){0,6} (?:ship|cruise|"
        r"view|photo|pics?))",
        RESOLVE,
    ),
    (
        r"^(?!.*\b(?:bites?|itch\w*|eczema|rash|mosquito\w*|hives|poison ivy)\b).*"
        r"\b(?:i|he|she|they) (?:keep |kept |always |still )?(?:scratch|dig|dug|pick|claw|gouge|tear|tore|rip)\w*\b"
        r"(?: \w+){0,4} (?:at )?(?:my|his|her|their) (?:skin|arms?|legs?|face|scalp|wrists?)\b(?: \w+){0,4} "
        r"(?:until|till|til|to the point) (?:it|they|i|he|she) (?:bleeds?|bled|bleed)\b",
        RESOLVE,
    ),
    (
        r"\b(?:admitted|admits|told me|confessed|confided) (?:that )?(?:he|she|they) (?:cuts|has been cutting|"
        r"is cutting|was cutting|burns (?:himself|herself|themselves))\b"
        + NOT_SKIN
        + r"(?! (?:gluten|dairy|bangs|his own|her own|their own|sugar|meat))",
        OTHER,
    ),
    (
        r"(?<!almost )(?<!nearly )\b(?:car|truck|suv|jeep|van) (?:goes|will go|is going|going) (?:off|into)\b"
        r"(?: \w+){0,6} (?:lake|river|water|bridge|wall|tree|pole|ramp|cliff|overpass)\b(?: \w+){0,4} "
        r"with me (?:in it|inside)\b|\bi (?:want|am going|plan|keep thinking about|think about|am thinking about) "
        r"(?:to )?(?:driv|steer|swerv|crash)\w* (?:my \w+ )?(?:into|off)\b(?: \w+){0,3} (?:the )?(?:lake|river|"
        r"bridge|wall|tree|pole|cliff|overpass|oncoming)\b",
        SELF,
    ),
    # -- danger to others: "i want to hurt someone", "voices tell me to kill"
    (
        INTENT + r" (?:kill|killing|murder|murdering|hurt|hurting|harm|harming|shoot|shooting|"
        r"stab|stabbing|strangle|strangling|choke|choking|attack|attacking|beat up|poison|"
        r"poisoning|run over|rape|torture) " + PEOPLE + r"\b",
        RESOLVE,
    ),
    (
        r"\bhomicidal\b|\b(?:voices?|something|god|the devil) (?:is |are |keeps |keep )?"
        r"(?:tell|tells|telling|told|commanding|ordering) (?:me|him|her) to (?:kill|hurt|harm|"
        r"attack|die|end|cut|jump)\b|\b(?:a )?danger to (?:myself|others|other people|someone|"
        r"people|my (?:family|kids|children|wife|husband)|himself|herself|themselves)\b|"
        r"\b(?:shoot|shooting|bomb|bombing|blow) up (?:the|my|a|our) (?:school|work|office|"
        r"workplace|church|mall|building|class|campus)\b|\b(?:plan|planning|planned) "
        r"(?:a|to) (?:shooting|massacre|attack|bombing)\b",
        RESOLVE,
    ),
]

CRISIS_PATTERNS: List[Tuple[Pattern[str], str, bool]] = [
    (re.compile(rx), person, True) for rx, person in SPANISH_PATTERNS
] + [(re.compile(rx), person, False) for rx, person in ENGLISH_PATTERNS]
BENIGN = re.compile("|".join(f"(?:{rx})" for rx in BENIGN_IDIOMS))
MASK = " ~ "  # keeps word boundaries; no pattern matches across it


# --------------------------------------------------------------------------------------
# Normalisation
# --------------------------------------------------------------------------------------
def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _damerau_within(a: str, b: str, limit: int) -> bool:
    """Optimal string alignment distance between a and b is at most `limit`."""
    if abs(len(a) - len(b)) > limit:
        return False
    prev2: List[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return False
        prev2, prev = prev, cur
    return prev[-1] <= limit


def _squeeze_all(word: str) -> str:
    return re.sub(r"([a-z])\1+", r"\1", word)


SQUEEZED = {_squeeze_all(w): w for w in SQUEEZE_KEYWORDS}


@lru_cache(maxsize=4096)
def _canonical_token(token: str) -> str:
    if (
        any(c in "0134579@$" for c in token)
        and re.search(r"[a-z]", token)
        and not NUMERIC_TOKEN.fullmatch(token)
    ):
        token = token.translate(LEET)
    token = re.sub(r"([a-z])\1{2,}", r"\1", token)  # "soooo" -> "so", "killll" -> "kil"
    if token in TOKEN_REWRITES:
        return TOKEN_REWRITES[token]
    if token in SQUEEZED.values() or token in FUZZY_KEYWORDS or len(token) < 3:
        return token
    squeezed = _squeeze_all(token)
    if squeezed in SQUEEZED:
        return SQUEEZED[squeezed]
    if token not in FUZZY_EXCEPTIONS:
        for keyword, limit in FUZZY_KEYWORDS.items():
            if token[0] == keyword[0] and _damerau_within(token, keyword, limit):
                return keyword
    return TOKEN_REWRITES.get(squeezed, token)


_PHRASES = [(re.compile(p), r) for p, r in PHRASE_REWRITES]

# Spelled-out or censored risk words: "d i e", "s u i c i d e", "k*ll".
SPELLED_OUT = re.compile(r"killmyself|wanttodie|wannadie|suicid\w*|endmylife|die|dead|kill|kms")
SPELLED_OUT_WORDS = {
    "killmyself": "kill myself",
    "wanttodie": "want to die",
    "wannadie": "want to die",
    "endmylife": "end my life",
}
CENSORABLE = (
    "kill",
    "killing",
    "die",
    "dead",
    "dying",
    "suicide",
    "suicidal",
    "myself",
    "overdose",
)


def _join_spelled_out(tokens: List[str]) -> List[str]:
    out: List[str] = []
    run: List[str] = []
    for token in tokens + ["|"]:
        if len(token) == 1 and token.isalpha():
            run.append(token)
            continue
        if len(run) >= 3:
            joined = "".join(run)
            found = SPELLED_OUT.search(joined)
            out.extend(
                SPELLED_OUT_WORDS.get(found.group(), found.group()).split() if found else run
            )
        else:
            out.extend(run)
        run = []
        if "*" in token:
            censored = re.compile(re.escape(token).replace(r"\*", "[a-z]{1,3}"))
            token = next((w for w in CENSORABLE if censored.fullmatch(w)), token.replace("*", ""))
        out.append(token)
    return out[:-1]


def normalise(text: str) -> str:
    """Lower-case, accent-free, typo-corrected words; sentences separated by ' | '."""
    text = re.sub(
        r"(?<=[a-z])I+\b|(?<=[a-z])I+(?=[a-z])", lambda m: "l" * len(m.group()), text
    )  # "kiII"
    text = _strip_accents(text).lower()
    text = re.sub(r"[\u2018\u2019\u02bc`´]", "'", text)
    text = re.sub(r"\bo\.?d'(?:d|ed|ing)\b", "overdosed", text)  # "OD'd" before apostrophes go
    text = text.replace("'", "")
    text = re.sub(r"(?<=[a-z])!(?=[a-z])", "i", text)  # "k!ll"
    text = re.sub(r"[.!?;\n\r]+", " | ", text)
    tokens = re.findall(r"[a-z0-9@$*]+|\|", text)
    words = [t if t == "|" else _canonical_token(t) for t in _join_spelled_out(tokens)]
    text = " ".join(words)
    for pattern, replacement in _PHRASES:
        text = pattern.sub(replacement, text)
    return re.sub(r"(?: \|)+ ?$|^\| ", "", text).strip()


# --------------------------------------------------------------------------------------
# Assessment
# --------------------------------------------------------------------------------------
def _whose(text: str, start: int, end: int, person: str) -> str:
    if person != RESOLVE:
        return person
    span = text[start:end]
    if SELF_IN_MATCH.search(span):
        return SELF
    if OTHER_IN_MATCH.search(span):
        return OTHER
    clause = text[:start].rsplit("|", 1)[-1]
    last: Optional[re.Match] = None
    for last in SUBJECT.finditer(clause):
        pass
    return OTHER if last is not None and last.group("third") else SELF


def _matches(text: str) -> Iterable[Tuple[str, bool]]:
    taken: List[Tuple[int, int]] = []
    for pattern, person, spanish in CRISIS_PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(s <= start < e or s < end <= e for s, e in taken):
                continue
            taken.append((start, end))
            yield _whose(text, start, end, person), spanish


def assess_crisis(text: str) -> CrisisSignal:
    """Whether the text may express suicidal ideation, self-harm, overdose or danger to
    others, and whether it is about someone else."""
    if not text:
        return CrisisSignal(False)
    normalised = normalise(text)
    masked, idioms = BENIGN.subn(MASK, normalised)
    found = list(_matches(masked))
    if not found:
        return CrisisSignal(False, benign_idiom=idioms > 0)
    people = {person for person, _ in found}
    return CrisisSignal(
        is_crisis=True,
        about_other=people == {OTHER},
        spanish=any(spanish for _, spanish in found),
        benign_idiom=idioms > 0,
    )


def detect_crisis(text: str) -> bool:
    """True when the text may express suicidal ideation, self-harm or danger to others."""
    return assess_crisis(text).is_crisis


def speaks_about_other(text: str) -> bool:
    """For a crisis the classifier found but the lexicon did not: is the message about
    someone else (a third-person subject and no first-person one)?"""
    found = {m.lastgroup for m in SUBJECT.finditer(normalise(text))}
    return found == {"third"}
