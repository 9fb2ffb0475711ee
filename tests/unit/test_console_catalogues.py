"""The console's catalogues: every text the templates and views use is translated, placeholders kept."""

import re
from pathlib import Path

import pytest
import yaml
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "staff_console" / "translations"
METHODS = [("**/templates/**.html", "jinja2"), ("**.py", "python")]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def used_texts() -> set[str]:
    """Every msgid the console's code and templates ask for, extracted the way `make translations-extract` does."""
    found = extract_from_dir(str(ROOT / "staff_console"), METHODS, KEYWORDS)
    return {message if isinstance(message, str) else message[0] for _, _, message, _, _ in found}


def test_the_extraction_finds_the_console_texts():
    texts = used_texts()
    assert {"Conversations", "Sign in", "%(num)d conversation.", "Urgent (emergency) answers"} <= texts


@pytest.mark.parametrize("language", ["ru", "ar"])
def test_every_text_the_console_uses_is_translated_with_its_placeholders(language):
    with (TRANSLATIONS / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalogue = read_po(handle, locale=language)
    translated = {message.id if isinstance(message.id, str) else message.id[0]: message for message in catalogue}
    missing = sorted(text for text in used_texts() if text not in translated)
    assert not missing, f"{language}: untranslated, run `make translations-extract` and translate: {missing}"
    for text in used_texts():
        message = translated[text]
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert not message.fuzzy and all(strings), (language, text)
        assert all(set(PLACEHOLDER.findall(s)) == set(PLACEHOLDER.findall(text)) for s in strings), (language, text)


def test_every_intent_has_a_name_in_each_staff_language(domain):
    names = yaml.safe_load((ROOT / "knowledge" / "intents.yml").read_text(encoding="utf-8"))
    for intent in [*domain["intents"], "nlu_fallback"]:
        assert all(str(names[intent].get(language) or "").strip() for language in ("ru", "ar", "en")), intent
