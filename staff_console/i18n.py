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

from actions.messages import Localized

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
VALUE_LABELS = {
    "web": lazy_gettext("website"),
    "telegram": lazy_gettext("Telegram"),
    "rest": lazy_gettext("REST"),
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
        console_languages=tuple(LANGUAGE_NAMES.items()),
    )

    @app.context_processor
    def page_language() -> dict[str, str]:
        language = str(get_locale() or DEFAULT_LANGUAGE)
        return {"console_language": language, "console_direction": "rtl" if language in RIGHT_TO_LEFT else "ltr"}
