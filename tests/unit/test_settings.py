from pathlib import Path

import pytest

from clinic.settings import SettingsError, load_settings

NO_ENV_FILE = Path("/nonexistent/.env")
KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"
STRONG_SECRETS = {
    "RASA_AUTH_TOKEN": "k3Jx9-vEry-long-r4ndom-tqken",
    "CLINIC_WIDGET_SECRET": "Vb0dHq2x8Lr6mT1wZ9aKc3Np7Yf5Gs4J",
    "CLINIC_WIDGET_ORIGINS": "https://neuro-clinic.ru, https://www.neuro-clinic.ru/",
    "CLINIC_CONSOLE_SECRET": "eR4tY7uI0oP2aS5dF8gH1jK3lZ6xC9vB",
}


def test_development_runs_on_the_committed_fictional_defaults():
    settings = load_settings({}, NO_ENV_FILE)
    assert not settings.is_production
    assert settings.clinic.phone and settings.clinic.emergency_numbers["ar"]


def test_production_refuses_fictional_contacts_and_a_missing_token():
    with pytest.raises(SettingsError) as error:
        load_settings({"CLINIC_ENV": "production"}, NO_ENV_FILE)
    message = str(error.value)
    for problem in (
        "phone",
        "booking_url",
        "RASA_AUTH_TOKEN",
        "CLINIC_WIDGET_SECRET",
        "CLINIC_WIDGET_ORIGINS",
        "CLINIC_CONSOLE_SECRET",
        "clinic_guidance.yml",
    ):
        assert problem in message


@pytest.mark.parametrize("token", ["change-me", "short"])
def test_production_refuses_default_or_weak_tokens(tmp_path, token):
    knowledge = real_clinic(tmp_path)
    with pytest.raises(SettingsError, match="RASA_AUTH_TOKEN"):
        load_settings(
            {"CLINIC_ENV": "production", "CLINIC_KNOWLEDGE_DIR": str(knowledge), "RASA_AUTH_TOKEN": token}, NO_ENV_FILE
        )


def test_production_starts_with_real_contacts_and_a_strong_token(tmp_path):
    settings = load_settings(
        {"CLINIC_ENV": "production", "CLINIC_KNOWLEDGE_DIR": str(real_clinic(tmp_path)), **STRONG_SECRETS}, NO_ENV_FILE
    )
    assert settings.is_production and settings.clinic.phone == "+7 495 123-45-67"
    assert settings.widget_origins == ("https://neuro-clinic.ru", "https://www.neuro-clinic.ru")
    assert settings.guidance.confirmed


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("CLINIC_CONSOLE_SECRET", "x" * 32),
        ("CLINIC_CONSOLE_SECRET", "passwordpassword" * 2),
        ("CLINIC_WIDGET_SECRET", "ab12" * 8),
        ("CLINIC_WIDGET_SECRET", STRONG_SECRETS["CLINIC_CONSOLE_SECRET"]),  # the same secret twice
        ("RASA_AUTH_TOKEN", STRONG_SECRETS["CLINIC_WIDGET_SECRET"]),
        ("CLINIC_WIDGET_ORIGINS", " , "),
        ("CLINIC_REST_TOKEN", "rest-token"),
    ],
)
def test_production_refuses_guessable_or_shared_secrets_and_an_empty_origin_list(tmp_path, variable, value):
    environ = {"CLINIC_ENV": "production", "CLINIC_KNOWLEDGE_DIR": str(real_clinic(tmp_path)), **STRONG_SECRETS}
    with pytest.raises(SettingsError, match=variable):
        load_settings({**environ, variable: value}, NO_ENV_FILE)


def test_the_committed_safety_guidance_awaits_a_clinicians_sign_off():
    settings = load_settings({}, NO_ENV_FILE)
    assert not settings.guidance.confirmed
    assert settings.guidance.advice("ask_medications", "ru") and settings.guidance.urgent_signs["ar"]


def test_production_refuses_safety_guidance_no_clinician_confirmed(tmp_path):
    knowledge = real_clinic(tmp_path, confirmed=False)
    with pytest.raises(SettingsError) as error:
        load_settings(
            {"CLINIC_ENV": "production", "CLINIC_KNOWLEDGE_DIR": str(knowledge), **STRONG_SECRETS}, NO_ENV_FILE
        )
    message = str(error.value)
    assert "clinic_guidance.yml" in message and "clinician" in message
    assert "phone" not in message and "RASA_AUTH_TOKEN" not in message  # nothing else is wrong


def test_a_clinic_file_without_a_phone_is_a_settings_error(tmp_path):
    knowledge = real_clinic(tmp_path)
    path = knowledge / "clinic.yml"
    path.write_text(path.read_text(encoding="utf-8").replace('phone: "+7 495 123-45-67"', ""), encoding="utf-8")
    with pytest.raises(SettingsError, match="phone"):
        load_settings({"CLINIC_KNOWLEDGE_DIR": str(knowledge)}, NO_ENV_FILE)


def test_confirmed_safety_guidance_must_name_who_signed_it_off(tmp_path):
    knowledge = real_clinic(tmp_path)
    path = knowledge / "clinic_guidance.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("Dr. A. Tester", ""), encoding="utf-8")
    with pytest.raises(SettingsError, match="signed_off_by"):
        load_settings({"CLINIC_KNOWLEDGE_DIR": str(knowledge)}, NO_ENV_FILE)


def test_environment_wins_over_the_env_file(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("CLINIC_MAX_MESSAGE_CHARS=500\nRASA_AUTH_TOKEN=from-file\n")
    settings = load_settings({"CLINIC_MAX_MESSAGE_CHARS": "700"}, env_file)
    assert settings.max_message_chars == 700 and settings.rasa_auth_token == "from-file"


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("CLINIC_ENV", "staging"),
        ("CLINIC_MAX_MESSAGE_CHARS", "many"),
        ("CLINIC_MAX_MESSAGE_CHARS", "10"),
        ("CLINIC_RETENTION_DAYS", "0"),
        ("CLINIC_RETENTION_DAYS", "a week"),
        ("CLINIC_CONSOLE_LOW_CONFIDENCE", "high"),
        ("CLINIC_WIDGET_ORIGINS", "neuro-clinic.ru"),
        ("CLINIC_WIDGET_ORIGINS", "https://neuro-clinic.ru/chat"),
        ("CLINIC_WIDGET_ORIGINS", " , "),
    ],
)
def test_invalid_values_are_rejected(variable, value):
    with pytest.raises(SettingsError):
        load_settings({variable: value}, NO_ENV_FILE)


def real_clinic(tmp_path, confirmed=True):
    """A knowledge dir with real contacts and, unless told otherwise, guidance a clinician signed off."""
    text = (KNOWLEDGE / "clinic.yml").read_text(encoding="utf-8").replace("+7 000 000-00-00", "+7 495 123-45-67")
    (tmp_path / "clinic.yml").write_text(text.replace("clinic.example", "neuro-clinic.ru"), encoding="utf-8")
    guidance = (KNOWLEDGE / "clinic_guidance.yml").read_text(encoding="utf-8")
    if confirmed:
        guidance = guidance.replace("confirmed: false", "confirmed: true")
        guidance = guidance.replace('signed_off_by: ""', 'signed_off_by: "Dr. A. Tester"')
    (tmp_path / "clinic_guidance.yml").write_text(guidance, encoding="utf-8")
    return tmp_path


def test_telegram_is_off_without_a_token_and_polls_by_default():
    assert load_settings({}, NO_ENV_FILE).telegram is None
    telegram = load_settings(
        {"TELEGRAM_BOT_TOKEN": "123:abc", "TELEGRAM_API_URL": "http://127.0.0.1:9000/"}, NO_ENV_FILE
    ).telegram
    assert telegram is not None and telegram.mode == "polling" and telegram.api_url == "http://127.0.0.1:9000"


@pytest.mark.parametrize("secret", [None, "has spaces", "ü" * 10])
def test_a_webhook_needs_a_valid_secret(secret):
    values = {
        "TELEGRAM_BOT_TOKEN": "123:abc",
        "TELEGRAM_WEBHOOK_URL": "https://bot.neuro-clinic.ru/webhooks/telegram/webhook",
    }
    if secret:
        values["TELEGRAM_WEBHOOK_SECRET"] = secret
    with pytest.raises(SettingsError, match="TELEGRAM_WEBHOOK_SECRET"):
        load_settings(values, NO_ENV_FILE)


def test_webhook_mode_with_a_secret():
    values = {
        "TELEGRAM_BOT_TOKEN": "123:abc",
        "TELEGRAM_WEBHOOK_URL": "https://bot.neuro-clinic.ru/webhooks/telegram/webhook",
        "TELEGRAM_WEBHOOK_SECRET": "s3cr3t_-token",
    }
    telegram = load_settings(values, NO_ENV_FILE).telegram
    assert telegram is not None and telegram.mode == "webhook" and telegram.webhook_secret == "s3cr3t_-token"


def test_console_and_tracker_defaults_are_local_sqlite_files():
    settings = load_settings({}, NO_ENV_FILE)
    assert settings.tracker_url.startswith("sqlite:///") and settings.tracker_url.endswith("var/tracker.db")
    assert settings.console.database_url.endswith("var/console.db")
    assert settings.console.retention_days is None and not settings.redact_stored_personal_data


def test_console_settings_come_from_the_environment():
    settings = load_settings(
        {
            "CLINIC_TRACKER_DB_URL": "postgresql://rasa@db/rasa",
            "CLINIC_CONSOLE_DB_URL": "postgresql://console@db/console",
            "CLINIC_CONSOLE_PORT": "9000",
            "CLINIC_RETENTION_DAYS": "365",
            "CLINIC_CONSOLE_LOW_CONFIDENCE": "0.7",
            "CLINIC_REDACT_STORED_PII": "true",
        },
        NO_ENV_FILE,
    )
    assert settings.tracker_url == "postgresql://rasa@db/rasa"
    assert settings.console.database_url == "postgresql://console@db/console"
    assert (settings.console.port, settings.console.retention_days, settings.console.low_confidence) == (9000, 365, 0.7)
    assert settings.redact_stored_personal_data
