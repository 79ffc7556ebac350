"""Reading the answer to the screening question (issue 17).

Only a clear "no" lets the conversation continue as before; anything else (yes, maybe,
"sometimes", a question, silence broken by something unrelated) is answered with the
crisis reply. So this module recognises clear denials and nothing more: when in doubt,
it is not a "no".
"""

from __future__ import annotations

import re

from clinic.risk_tiers import assess_risk
from clinic.safety_lexicon import normalise

# A denial, optionally repeated or followed by a short reassurance.
DENIAL = (
    r"(?:no|nope|nah|no no|never|not at all|definitely not|absolutely not|of course not|"
    r"no i have not|no i do not|no i am not|i have not|i do not|i am not|no way|"
    r"para nada|nunca|no no|claro que no|no gracias)"
)
REASSURANCE = (
    r"(?:i am (?:ok|okay|fine|safe|good|alright|all right)|i am not suicidal|"
    r"not like that|nothing like that|i was (?:just )?asking|just asking|just curious|"
    r"i was (?:just )?(?:joking|curious)|thank you|thanks|gracias|estoy bien|"
    r"no he pensado en eso|no es eso|solo preguntaba)"
)
CLEAR_NO = re.compile(rf"^(?:{DENIAL})(?: \| | )?(?:(?:{DENIAL}|{REASSURANCE})(?: \| | )?){{0,3}}$")
# Words that turn a "no" into "not exactly": these get the crisis reply.
HEDGE = re.compile(
    r"\b(?:but|sometimes|maybe|kind of|sort of|not really|not sure|i do not know|idk|"
    r"a little|a bit|lately|used to|occasionally|not anymore|not right now|not today|"
    r"pero|a veces|tal vez|quizas|no se)\b"
)


def is_clear_no(text: str) -> bool:
    norm = normalise(text or "")
    norm = re.sub(r"[^a-z| ]", " ", norm)
    norm = re.sub(r"\s+", " ", norm).strip(" |")
    if not norm or HEDGE.search(norm) or assess_risk(text).tier:
        return False
    return bool(CLEAR_NO.fullmatch(norm))
