"""Request reference codes shown to visitors, e.g. NTX-7K3Q9.

Crockford base32 without I, L, O, U: no letters that read as 1, 0 or V over the phone.
The action server generates them (`new_reference`); the app checks them (`REFERENCE_PATTERN`).
"""

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PREFIX = "NTX-"
LENGTH = 5
REFERENCE_PATTERN = re.compile(rf"^{PREFIX}[{ALPHABET}]{{{LENGTH}}}$")


def new_reference() -> str:
    return PREFIX + "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
