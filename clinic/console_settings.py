"""The staff console's settings: its database, secrets, time zone, staff alerts and live takeover."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from clinic.setting_values import PROJECT_ROOT, SettingsError, listed, parsed

# The embedded default of `make run`: an SQLite file under var/.
DEFAULT_CONSOLE_DATABASE_URL = f"sqlite:///{PROJECT_ROOT / 'var' / 'console.db'}"
DEFAULT_CONSOLE_PORT = 8090
DEFAULT_LOW_CONFIDENCE = 0.5
# Dates in the console ("yesterday's conversations") are the clinic's dates.
DEFAULT_TIMEZONE = "Europe/Moscow"
SMTP_SCHEMES = ("smtp://", "smtp+starttls://", "smtps://")


@dataclass(frozen=True)
class ConsoleSettings:
    """The staff console: its own database, session secret, port and data-retention period."""

    database_url: str = DEFAULT_CONSOLE_DATABASE_URL
    secret: str | None = None
    port: int = DEFAULT_CONSOLE_PORT
    # The first admin's password; when unset, one is generated and printed once.
    admin_password: str | None = None
    retention_days: int | None = None
    low_confidence: float = DEFAULT_LOW_CONFIDENCE
    timezone: str = DEFAULT_TIMEZONE
    # The staff's Telegram chat that hears at once of an urgent answer or a request for a person.
    alert_chat_id: str | None = None
    # The console's address as staff open it, for links in those alerts.
    public_url: str | None = None
    # Reverse proxies in front of the console whose X-Forwarded-For is believed.
    trusted_proxies: tuple[str, ...] = ()
    # The Rasa server a live takeover writes through (its HTTP API, with RASA_AUTH_TOKEN).
    rasa_url: str = "http://localhost:5005"
    # A takeover with no staff message for this long goes back to the assistant.
    takeover_idle_seconds: int = 900
    # Staff e-mail addresses alerted like the Telegram chat, through this SMTP server and sender.
    alert_emails: tuple[str, ...] = ()
    smtp_url: str | None = None
    alert_sender: str = "clinic-assistant@localhost"


def console_settings(values: Mapping[str, str]) -> ConsoleSettings:
    """The console's settings from the environment values (CLINIC_CONSOLE_*, CLINIC_TIMEZONE, ...)."""
    low_confidence = parsed(values, "CLINIC_CONSOLE_LOW_CONFIDENCE", float, 0)
    timezone = values.get("CLINIC_TIMEZONE") or DEFAULT_TIMEZONE
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise SettingsError(f"CLINIC_TIMEZONE: '{timezone}' is not a time zone such as Europe/Moscow") from error
    alert_emails = listed(values.get("CLINIC_STAFF_ALERT_EMAILS"))
    smtp_url = values.get("CLINIC_SMTP_URL") or None
    if alert_emails and not (smtp_url and smtp_url.startswith(SMTP_SCHEMES)):
        raise SettingsError("CLINIC_STAFF_ALERT_EMAILS needs CLINIC_SMTP_URL (smtp://, smtp+starttls:// or smtps://)")
    return ConsoleSettings(
        database_url=values.get("CLINIC_CONSOLE_DB_URL") or DEFAULT_CONSOLE_DATABASE_URL,
        secret=values.get("CLINIC_CONSOLE_SECRET") or None,
        port=parsed(values, "CLINIC_CONSOLE_PORT", int, 1) or DEFAULT_CONSOLE_PORT,
        admin_password=values.get("CLINIC_CONSOLE_ADMIN_PASSWORD") or None,
        retention_days=parsed(values, "CLINIC_RETENTION_DAYS", int, 1),
        low_confidence=DEFAULT_LOW_CONFIDENCE if low_confidence is None else low_confidence,
        timezone=timezone,
        alert_chat_id=values.get("CLINIC_STAFF_ALERT_CHAT_ID") or None,
        public_url=(values.get("CLINIC_CONSOLE_PUBLIC_URL") or "").rstrip("/") or None,
        trusted_proxies=listed(values.get("CLINIC_CONSOLE_TRUSTED_PROXIES")),
        rasa_url=(values.get("CLINIC_RASA_URL") or ConsoleSettings.rasa_url).rstrip("/"),
        takeover_idle_seconds=parsed(values, "CLINIC_TAKEOVER_IDLE_SECONDS", int, 1)
        or ConsoleSettings.takeover_idle_seconds,
        alert_emails=alert_emails,
        smtp_url=smtp_url,
        alert_sender=values.get("CLINIC_ALERT_SENDER") or ConsoleSettings.alert_sender,
    )
