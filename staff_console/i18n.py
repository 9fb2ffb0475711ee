"""The console in Russian, Arabic (right to left) and English, through Flask-Babel's catalogues.

The language is the one the member of staff chose (saved with their account), else the best
match of the browser's Accept-Language. Names of intents come from `knowledge/intents.yml`, the
table the widget's topic buttons use too; the few other value labels are catalogue strings.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Mapping

from flask import Flask, g, request
from flask_babel import Babel, get_locale, lazy_gettext

from clinic.contract import REST_CHANNEL, TELEGRAM_CHANNEL, WEB_CHANNEL
from clinic.messages import Localized

TRANSLATIONS = Path(__file__).parent / "translations"
LANGUAGE_NAMES = {"ru": "Русский", "ar": "العربية", "en": "English"}
DEFAULT_LANGUAGE = "en"
RIGHT_TO_LEFT = frozenset({"ar"})
FEEDBACK_REASONS = {
    "not_my_question": lazy_gettext("not my question"),
    "unclear": lazy_gettext("unclear"),
    "too_long": lazy_gettext("too long"),
    "other": lazy_gettext("something else"),
}
AUDIT_ACTIONS = {
    "login": lazy_gettext("signed in"),
    "login_failed": lazy_gettext("failed sign-in"),
    "logout": lazy_gettext("signed out"),
    "view_conversation": lazy_gettext("opened a conversation"),
    "triage": lazy_gettext("changed the review state"),
    "tag": lazy_gettext("added a tag"),
    "untag": lazy_gettext("removed a tag"),
    "note": lazy_gettext("added a note"),
    "correct_intent": lazy_gettext("corrected an intent"),
    "export": lazy_gettext("exported conversations"),
    "export_with_personal_data": lazy_gettext("exported conversations with personal data"),
    "export_training_data": lazy_gettext("exported training data"),
    "create_account": lazy_gettext("created an account"),
    "enable_account": lazy_gettext("enabled an account"),
    "disable_account": lazy_gettext("disabled an account"),
    "unlock_address": lazy_gettext("unlocked an address"),
    "delete_conversation": lazy_gettext("deleted a conversation"),
    "set_language": lazy_gettext("chose the console language"),
    "takeover": lazy_gettext("took over a conversation"),
    "staff_message": lazy_gettext("wrote to a patient"),
    "hand_back": lazy_gettext("handed a conversation back to the assistant"),
    "takeover_idle_hand_back": lazy_gettext("handed an idle takeover back to the assistant"),
    "staff_alert_urgent": lazy_gettext("alerted the staff chat: urgent answer"),
    "staff_alert_handoff": lazy_gettext("alerted the staff chat: request for a person"),
    "staff_alert_urgent-email": lazy_gettext("e-mailed staff: urgent answer"),
    "staff_alert_handoff-email": lazy_gettext("e-mailed staff: request for a person"),
}
VALUE_LABELS = {
    WEB_CHANNEL: lazy_gettext("website"),
    TELEGRAM_CHANNEL: lazy_gettext("Telegram"),
    REST_CHANNEL: lazy_gettext("REST"),
    "ru": lazy_gettext("Russian"),
    "ar": lazy_gettext("Arabic"),
    "other": lazy_gettext("other language"),
    "unknown": lazy_gettext("unknown"),
    "admin": lazy_gettext("admin"),
    "reviewer": lazy_gettext("reviewer"),
}


def console_language() -> str:
    """The language of this request's pages: the account's choice, else the browser's."""
    account = g.get("account")
    if account is not None and account.language in LANGUAGE_NAMES:
        return str(account.language)
    return request.accept_languages.best_match(LANGUAGE_NAMES) or DEFAULT_LANGUAGE


def intent_labeller(names: Mapping[str, Localized]) -> Callable[[str | None], str]:
    """A function that names an intent in the page's language (its id when it has no name)."""

    def label(intent: str | None) -> str:
        name = names.get(intent or "") or {}
        return str(name.get(str(get_locale())) or name.get(DEFAULT_LANGUAGE) or intent or "")

    return label


def value_label(value: str | None) -> str:
    """A channel, language or role in the page's language."""
    return str(VALUE_LABELS.get(value or "", value or ""))


def install(app: Flask, intent_names: Mapping[str, Localized]) -> None:
    """Adds the catalogues, the language choice and the label helpers to the app's templates."""
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(TRANSLATIONS)
    Babel(app, locale_selector=console_language)
    app.jinja_env.globals.update(
        intent_label=intent_labeller(intent_names),
        channel_label=value_label,
        language_label=value_label,
        role_label=value_label,
        series_label=value_label,
        feedback_reason_label=lambda reason: str(FEEDBACK_REASONS.get(reason, reason)),
        audit_action_label=lambda action: str(AUDIT_ACTIONS.get(action, action)),
        console_languages=tuple(LANGUAGE_NAMES.items()),
    )

    @app.context_processor
    def page_language() -> dict[str, str]:
        language = str(get_locale() or DEFAULT_LANGUAGE)
        return {"console_language": language, "console_direction": "rtl" if language in RIGHT_TO_LEFT else "ltr"}
