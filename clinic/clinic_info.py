"""The clinic's own files: its contacts, emergency numbers and safety guidance."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Mapping

from clinic.fact_base import KnowledgeError, Localized, localized
from clinic.language import SUPPORTED_LANGUAGES


@dataclass(frozen=True)
class EmergencyCall:
    """One emergency number as a call button: "Egypt 123"."""

    label: str
    number: str


@dataclass(frozen=True)
class ClinicGuidance:
    """The clinic's own safety advice beyond the sources, always shown after its label.

    Attributes:
        confirmed: Whether a clinician of the clinic has signed the texts off.
        label: Introduces every such text ("The clinic's guidance, not in our sources:").
        urgent_signs: Warning signs for the urgent answer besides those the sources name.
        answers: Advice added to the answer of an intent, by intent.
    """

    confirmed: bool
    label: Localized
    urgent_signs: Localized
    answers: Mapping[str, Localized]

    def advice(self, intent: str, language: str) -> str | None:
        """Returns the labelled advice for an intent's answer, if the clinic gives any."""
        text = self.answers.get(intent)
        return f"{self.label[language]} {text[language]}" if text else None

    def placeholders(self, language: str) -> dict[str, str]:
        """Returns the values message templates may use, in one language."""
        return {"guidance_label": self.label[language], "urgent_signs": self.urgent_signs[language]}


@dataclass(frozen=True)
class StaffHours:
    """When a member of staff can answer the chat: weekdays (1 = Monday) and a daily time span."""

    days: frozenset[int]
    opens: dt.time
    closes: dt.time

    def is_open(self, moment: dt.datetime) -> bool:
        """Whether staff are at work at `moment` (a time in the clinic's time zone)."""
        return moment.isoweekday() in self.days and self.opens <= moment.time() < self.closes


@dataclass(frozen=True)
class ClinicInfo:
    """Contacts and emergency numbers shown to patients (`clinic.yml`)."""

    name: Localized
    phone: str
    email: str
    booking_url: str
    hours: Localized
    emergency_numbers: Localized
    emergency_calls: Mapping[str, tuple[EmergencyCall, ...]]
    # None: the clinic does not say, and the assistant never says it is closed.
    staff_hours: StaffHours | None = None

    def placeholders(self, language: str) -> dict[str, str]:
        """Returns the values message templates may use, in one language."""
        return {
            "clinic_name": self.name[language],
            "phone": self.phone,
            "email": self.email,
            "booking_url": self.booking_url,
            "hours": self.hours[language],
            "emergency_numbers": self.emergency_numbers[language],
        }


def parse_clinic(document: Mapping[str, Any]) -> ClinicInfo:
    """Validates the parsed `clinic.yml`.

    Args:
        document: The parsed YAML mapping.

    Returns:
        The clinic information.

    Raises:
        KnowledgeError: if a field is missing or lacks a language.
    """
    for key in ("phone", "email", "booking_url"):
        if not str(document.get(key) or "").strip():
            raise KnowledgeError(f"clinic.yml: '{key}' is required")
    numbers = localized(document.get("emergency_numbers"), "clinic.yml emergency_numbers")
    calls = _emergency_calls(document, numbers)
    return ClinicInfo(
        name=localized(document.get("name"), "clinic.yml name"),
        phone=str(document["phone"]),
        email=str(document["email"]),
        booking_url=str(document["booking_url"]),
        hours=localized(document.get("hours"), "clinic.yml hours"),
        emergency_numbers=numbers,
        emergency_calls=calls,
        staff_hours=_staff_hours(document.get("staff_hours")),
    )


def _staff_hours(entry: Any) -> StaffHours | None:
    """The optional `staff_hours` of clinic.yml: `{days: [1, 2, 3, 4, 5], from: "09:00", to: "18:00"}`."""
    if entry is None:
        return None
    try:
        days = frozenset(int(day) for day in entry["days"])
        opens, closes = dt.time.fromisoformat(str(entry["from"])), dt.time.fromisoformat(str(entry["to"]))
    except (KeyError, TypeError, ValueError) as error:
        raise KnowledgeError("clinic.yml: staff_hours needs days (1 = Monday) and from/to as HH:MM") from error
    if not days or not days <= set(range(1, 8)) or opens >= closes:
        raise KnowledgeError("clinic.yml: staff_hours days are 1-7 and 'from' comes before 'to'")
    return StaffHours(days, opens, closes)


def _emergency_calls(document: Mapping[str, Any], numbers: Localized) -> dict[str, tuple[EmergencyCall, ...]]:
    """The call buttons per language; they must offer exactly the numbers the text names."""
    entries = document.get("emergency_calls")
    if not isinstance(entries, Mapping):
        raise KnowledgeError("clinic.yml: 'emergency_calls' is required, per language")
    calls: dict[str, tuple[EmergencyCall, ...]] = {}
    for language in SUPPORTED_LANGUAGES:
        calls[language] = tuple(
            EmergencyCall(str(entry["label"]), str(entry["number"])) for entry in entries.get(language) or ()
        )
        offered = sorted(call.number for call in calls[language])
        if offered != sorted(re.findall(r"\d{2,}", numbers[language])):
            raise KnowledgeError(f"clinic.yml: emergency_calls.{language} and emergency_numbers.{language} differ")
    return calls


def parse_guidance(document: Mapping[str, Any]) -> ClinicGuidance:
    """Builds and validates the clinic's safety guidance from its parsed YAML document.

    Args:
        document: The parsed `clinic_guidance.yml`.

    Returns:
        The guidance; `confirmed` only when it is set to true and names who signed it off.

    Raises:
        KnowledgeError: if a text lacks a language, or it is confirmed without a signatory.
    """
    confirmed = document.get("confirmed") is True
    if confirmed and not str(document.get("signed_off_by") or "").strip():
        raise KnowledgeError("clinic guidance: `confirmed: true` needs `signed_off_by`")
    answers = document.get("answers") or {}
    return ClinicGuidance(
        confirmed=confirmed,
        label=localized(document.get("label"), "guidance label"),
        urgent_signs=localized(document.get("urgent_signs"), "guidance urgent_signs"),
        answers={intent: localized(text, f"guidance answer {intent}") for intent, text in answers.items()},
    )
