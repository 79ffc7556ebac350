"""The optional second factor: TOTP codes (RFC 6238, pyotp), 30-second steps, 6 digits.

A code is accepted for its own step and one step either side (clock drift), and only for
a step later than the last one accepted, so an overheard code cannot be used again.
"""

from __future__ import annotations

from datetime import datetime
from typing import Optional

import pyotp

ISSUER = "Clinic staff console"
DRIFT_STEPS = 1


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, username: str) -> str:
    """What an authenticator app scans (or the secret is typed in)."""
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=ISSUER)


def accepted_step(secret: str, code: str, last_step: Optional[int], now: datetime) -> Optional[int]:
    """The time step `code` belongs to, if it is valid now and newer than `last_step`."""
    code = "".join(code.split())
    if not (code.isdigit() and len(code) == 6):
        return None
    otp = pyotp.TOTP(secret)
    current = otp.timecode(now)
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if (last_step is None or step > last_step) and pyotp.utils.strings_equal(
            otp.generate_otp(step), code
        ):
            return step
    return None


def code_at(secret: str, moment: datetime) -> str:
    """The code an authenticator shows at `moment` (tests, and `staff totp --check`)."""
    return pyotp.TOTP(secret).at(moment)
