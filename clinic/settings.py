"""The one place where configuration is read: environment, `.env` and the clinic's knowledge files.

The clinic's files are `knowledge/clinic.yml` (contacts) and `knowledge/clinic_guidance.yml`.

Development mode runs on the fictional defaults committed to the repository. Production mode
refuses to start while any of them is left unchanged, so a clinic cannot go live with a
placeholder phone number, without an API token, or with safety guidance no clinician signed off.
"""

from __future__ import annotations

import functools
import os
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

import yaml
from dotenv import dotenv_values

from clinic.clinic_info import ClinicGuidance, ClinicInfo, parse_clinic, parse_guidance
from clinic.console_settings import ConsoleSettings, console_settings
from clinic.fact_base import KnowledgeError
from clinic.production_checks import MIN_SECRET_CHARS, production_problems
from clinic.setting_values import PROJECT_ROOT as PROJECT_ROOT
from clinic.setting_values import TRUE_VALUES, listed, parsed
from clinic.setting_values import SettingsError as SettingsError

DEVELOPMENT = "development"
PRODUCTION = "production"
DEFAULT_MAX_MESSAGE_CHARS = 2000
# The demo clinic page that `make run` serves; a clinic lists its own site in CLINIC_WIDGET_ORIGINS.
DEFAULT_WIDGET_ORIGINS = ("http://localhost:8080", "http://127.0.0.1:8080")
TELEGRAM_API_URL = "https://api.telegram.org"
# Telegram accepts 1-256 characters of this set as a webhook secret_token.
TELEGRAM_SECRET_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,256}")
# The embedded default of `make run`: the tracker store is an SQLite file under var/ (the console's too).
DEFAULT_TRACKER_URL = f"sqlite:///{PROJECT_ROOT / 'var' / 'tracker.db'}"
# The lock store of a cluster (several Rasa servers); one Rasa server needs none.
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/1"
# Rasa 3.6 waits 300 s for a custom action; a patient should hear of a problem within seconds.
DEFAULT_ACTION_TIMEOUT_SECONDS = 10.0
# Events of recent conversations each Rasa server keeps in memory (about 2.5 KB each, ~120 MB in all).
DEFAULT_KEPT_EVENTS = 50_000


@dataclass(frozen=True)
class TelegramSettings:
    """The Telegram bot: its token, the Bot API server and, for webhook mode, the public URL."""

    token: str
    api_url: str = TELEGRAM_API_URL
    webhook_url: str | None = None
    webhook_secret: str | None = None

    @property
    def mode(self) -> str:
        """The update mode: webhook when a public URL is configured, else long polling."""
        return "webhook" if self.webhook_url else "polling"


@dataclass(frozen=True)
class TurnLimitSettings:
    """How much one conversation or one network address may send (`channels.turns`).

    Attributes:
        sender_messages_per_minute: Messages per conversation before a polite "slow down".
        address_messages_per_minute: The same per network address.
        red_flag_messages_per_minute: Red-flag messages that still pass past those limits, per address.
        address_sessions_per_minute: New or resumed widget sessions (a greeting or a history read) per address.
        turns_per_conversation: Turns of one conversation running or waiting in one Rasa server.
    """

    sender_messages_per_minute: int = 20
    address_messages_per_minute: int = 120
    red_flag_messages_per_minute: int = 10
    address_sessions_per_minute: int = 30
    turns_per_conversation: int = 4


LIMIT_VARIABLES = {
    "sender_messages_per_minute": "CLINIC_SENDER_MESSAGES_PER_MINUTE",
    "address_messages_per_minute": "CLINIC_ADDRESS_MESSAGES_PER_MINUTE",
    "red_flag_messages_per_minute": "CLINIC_RED_FLAG_MESSAGES_PER_MINUTE",
    "address_sessions_per_minute": "CLINIC_ADDRESS_SESSIONS_PER_MINUTE",
    "turns_per_conversation": "CLINIC_TURNS_PER_CONVERSATION",
}


@dataclass(frozen=True)
class Settings:
    """Validated settings of the assistant."""

    environment: str
    knowledge_dir: Path
    max_message_chars: int
    rasa_auth_token: str | None
    clinic: ClinicInfo
    guidance: ClinicGuidance
    widget_origins: tuple[str, ...] = DEFAULT_WIDGET_ORIGINS
    widget_secret: str | None = None
    telegram: TelegramSettings | None = None
    tracker_url: str = DEFAULT_TRACKER_URL
    kept_events: int = DEFAULT_KEPT_EVENTS
    redact_stored_personal_data: bool = False
    # Several Rasa servers sharing Redis: widget socket rooms, and one Telegram long-poller at a time.
    cluster: bool = False
    console: ConsoleSettings = field(default_factory=ConsoleSettings)
    redis_url: str = DEFAULT_REDIS_URL
    action_timeout_seconds: float = DEFAULT_ACTION_TIMEOUT_SECONDS
    limits: TurnLimitSettings = TurnLimitSettings()
    rest_token: str | None = None

    @property
    def is_production(self) -> bool:
        """Whether the strict production checks apply."""
        return self.environment == PRODUCTION


def development_secret(path: Path) -> str:
    """A random secret kept in an untracked file, created on first use (development mode only).

    Production reads its secrets from the environment; in development this keeps sessions valid
    across restarts without anyone choosing a secret.
    """
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(secrets.token_hex(32), encoding="utf-8")
    return path.read_text(encoding="utf-8").strip()


def _telegram(values: Mapping[str, str], production: bool) -> TelegramSettings | None:
    token = values.get("TELEGRAM_BOT_TOKEN")
    if not token:
        return None
    webhook_url = values.get("TELEGRAM_WEBHOOK_URL") or None
    secret = values.get("TELEGRAM_WEBHOOK_SECRET") or None
    if webhook_url:
        if not secret or not TELEGRAM_SECRET_PATTERN.fullmatch(secret):
            raise SettingsError("TELEGRAM_WEBHOOK_SECRET (letters, digits, _ and -) is required with a webhook URL")
        if production and (len(secret) < MIN_SECRET_CHARS or not webhook_url.startswith("https://")):
            raise SettingsError(
                f"production needs an https TELEGRAM_WEBHOOK_URL and a {MIN_SECRET_CHARS}+ character webhook secret"
            )
    api_url = (values.get("TELEGRAM_API_URL") or TELEGRAM_API_URL).rstrip("/")
    return TelegramSettings(token, api_url, webhook_url, secret)


def _origins(value: str | None) -> tuple[str, ...]:
    if value is None:
        return DEFAULT_WIDGET_ORIGINS
    origins = tuple(origin.rstrip("/") for origin in listed(value))
    if not origins:
        # An empty list means "any origin" to engineio, not "none".
        raise SettingsError("CLINIC_WIDGET_ORIGINS lists no origin; leave it unset for the demo page's")
    for origin in origins:
        if not origin.startswith(("http://", "https://")) or origin.count("/") != 2:
            raise SettingsError(f"CLINIC_WIDGET_ORIGINS: '{origin}' is not an origin like https://clinic.example")
    return origins


def _kept_events(values: Mapping[str, str]) -> int:
    kept = parsed(values, "CLINIC_KEPT_EVENTS", int, 0)
    return DEFAULT_KEPT_EVENTS if kept is None else int(kept)


def _limits(values: Mapping[str, str]) -> TurnLimitSettings:
    defaults = TurnLimitSettings()
    return TurnLimitSettings(
        **{field: parsed(values, name, int, 1) or getattr(defaults, field) for field, name in LIMIT_VARIABLES.items()}
    )


def load_settings(environ: Mapping[str, str] | None = None, env_file: Path | None = None) -> Settings:
    """Loads and validates the settings.

    Values come from the process environment, which wins over the untracked `.env` file.

    Args:
        environ: Environment to read; the process environment by default.
        env_file: Path of the optional `.env` file; `<project>/.env` by default.

    Returns:
        The validated settings.

    Raises:
        SettingsError: if a value is invalid, or if production mode finds a default secret,
            a fictional clinic contact or safety guidance no clinician has confirmed.
    """
    file_values = dotenv_values(env_file or PROJECT_ROOT / ".env")
    values: dict[str, str] = {k: v for k, v in file_values.items() if v is not None}
    values.update(os.environ if environ is None else environ)

    environment = values.get("CLINIC_ENV", DEVELOPMENT)
    if environment not in (DEVELOPMENT, PRODUCTION):
        raise SettingsError(f"CLINIC_ENV must be '{DEVELOPMENT}' or '{PRODUCTION}', not '{environment}'")
    knowledge_dir = Path(values.get("CLINIC_KNOWLEDGE_DIR") or PROJECT_ROOT / "knowledge")
    max_chars = parsed(values, "CLINIC_MAX_MESSAGE_CHARS", int, 100) or DEFAULT_MAX_MESSAGE_CHARS
    try:
        clinic = parse_clinic(yaml.safe_load((knowledge_dir / "clinic.yml").read_text(encoding="utf-8")))
        guidance = parse_guidance(yaml.safe_load((knowledge_dir / "clinic_guidance.yml").read_text(encoding="utf-8")))
    except KnowledgeError as error:
        raise SettingsError(str(error)) from error
    token = values.get("RASA_AUTH_TOKEN") or None
    if values.get("CLINIC_STAFF_ALERT_CHAT_ID") and not values.get("TELEGRAM_BOT_TOKEN"):
        raise SettingsError("CLINIC_STAFF_ALERT_CHAT_ID needs TELEGRAM_BOT_TOKEN: the clinic's bot sends the alerts")
    if environment == PRODUCTION:
        problems = production_problems(clinic, guidance, token, values)
        if problems:
            raise SettingsError("refusing to start in production mode: " + "; ".join(problems))
    return Settings(
        environment,
        knowledge_dir,
        max_chars,
        token,
        clinic,
        guidance,
        widget_origins=_origins(values.get("CLINIC_WIDGET_ORIGINS")),
        widget_secret=values.get("CLINIC_WIDGET_SECRET") or None,
        telegram=_telegram(values, environment == PRODUCTION),
        tracker_url=values.get("CLINIC_TRACKER_DB_URL") or DEFAULT_TRACKER_URL,
        kept_events=_kept_events(values),
        redact_stored_personal_data=values.get("CLINIC_REDACT_STORED_PII", "").lower() in TRUE_VALUES,
        cluster=values.get("CLINIC_CLUSTER", "").lower() in TRUE_VALUES,
        console=console_settings(values),
        redis_url=values.get("CLINIC_REDIS_URL") or DEFAULT_REDIS_URL,
        action_timeout_seconds=parsed(values, "CLINIC_ACTION_TIMEOUT_SECONDS", float, 1)
        or DEFAULT_ACTION_TIMEOUT_SECONDS,
        limits=_limits(values),
        rest_token=values.get("CLINIC_REST_TOKEN") or None,
    )


@functools.cache
def process_settings() -> Settings:
    """The settings of this process, loaded once on first use and shared by every component in it."""
    return load_settings()
