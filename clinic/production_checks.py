"""What production mode refuses: demo contacts, unsigned safety guidance, guessable or shared secrets.

Development runs on the fictional values committed to the repository; a clinic must not go live
with a placeholder phone number, without an API token, with a secret anyone could guess, or with
an empty list of widget origins (which engineio reads as "any origin").
"""

from __future__ import annotations

import re
from typing import Mapping

from clinic.clinic_info import ClinicGuidance, ClinicInfo

# Parts of the committed demo contacts; production refuses any value that contains one.
FICTIONAL_MARKERS = ("000 000-00-00", "clinic.example")
MIN_SECRET_CHARS = 32
# A random 32-character secret has about 20 distinct characters; 10 rejects "aaaa...", "abab...".
MIN_DISTINCT_SECRET_CHARS = 10
REPEATED_CHUNK = re.compile(r"(.+?)\1+", re.DOTALL)
COMMON_SECRET_WORDS = ("password", "secret", "changeme", "change-me", "qwerty", "123456", "token", "admin")
SECRET_VARIABLES = (
    "RASA_AUTH_TOKEN",
    "CLINIC_WIDGET_SECRET",
    "CLINIC_CONSOLE_SECRET",
    "TELEGRAM_WEBHOOK_SECRET",
    "CLINIC_REST_TOKEN",
)


def production_problems(
    clinic: ClinicInfo, guidance: ClinicGuidance, token: str | None, values: Mapping[str, str]
) -> list[str]:
    """Everything that keeps the settings from going live, as sentences for the operator.

    Args:
        clinic: The clinic's contacts.
        guidance: The clinic's safety guidance.
        token: RASA_AUTH_TOKEN, if set.
        values: The environment (and `.env`) values.

    Returns:
        The problems; empty when production may start.
    """
    problems = [
        f"clinic {field} is still the fictional demo value"
        for field, value in (("phone", clinic.phone), ("email", clinic.email), ("booking_url", clinic.booking_url))
        if any(marker in value for marker in FICTIONAL_MARKERS)
    ]
    if not guidance.confirmed:
        problems.append("a clinician must sign off the safety guidance in clinic_guidance.yml (confirmed: true)")
    if not token or len(token) < 16 or weak_secret(token):
        problems.append("RASA_AUTH_TOKEN must be set to a random secret of at least 16 characters")
    for name in ("CLINIC_WIDGET_SECRET", "CLINIC_CONSOLE_SECRET"):
        if len(values.get(name, "")) < MIN_SECRET_CHARS or weak_secret(values[name]):
            problems.append(f"{name} must be a random secret of at least {MIN_SECRET_CHARS} characters")
    rest_token = values.get("CLINIC_REST_TOKEN")
    if rest_token and (len(rest_token) < MIN_SECRET_CHARS or weak_secret(rest_token)):
        problems.append(
            f"CLINIC_REST_TOKEN, when set, must be a random secret of at least {MIN_SECRET_CHARS} characters"
        )
    if not any(origin.strip() for origin in values.get("CLINIC_WIDGET_ORIGINS", "").split(",")):
        problems.append("CLINIC_WIDGET_ORIGINS must list the clinic website's origins")
    named = [values.get(name) for name in SECRET_VARIABLES if values.get(name)]
    if len(set(named)) < len(named):
        problems.append(f"{', '.join(SECRET_VARIABLES)} must all differ")
    return problems


def weak_secret(value: str) -> bool:
    """Whether a secret is guessable: few distinct characters, a repeated chunk or a common word.

    Args:
        value: The secret as configured.
    """
    lowered = value.lower()
    return (
        len(set(value)) < MIN_DISTINCT_SECRET_CHARS
        or REPEATED_CHUNK.fullmatch(value) is not None
        or any(word in lowered for word in COMMON_SECRET_WORDS)
    )
