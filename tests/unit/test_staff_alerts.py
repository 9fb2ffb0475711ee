"""Staff alerts: which conversations are announced, once, and what an alert says (a real SQLite console DB)."""

from pathlib import Path

import pytest
import sqlalchemy as sa

from clinic.settings import SettingsError, load_settings
from staff_console import schema
from staff_console.accounts import AccountStore
from staff_console.alerts import FRESH_SECONDS, HANDOFF, URGENT, Alert, StaffAlerter, alert_text, pending_alerts
from tests.unit.conftest import NOW, add_conversation

NO_ENV_FILE = Path("/nonexistent/.env")


def test_fresh_urgent_and_handoff_conversations_are_pending_until_announced(console_db):
    add_conversation(console_db, "urgent-now", urgent=True)
    add_conversation(console_db, "urgent-and-handoff", urgent=True, handoff=True)
    add_conversation(console_db, "handoff-now", handoff=True)
    add_conversation(console_db, "urgent-long-ago", last_at=NOW - FRESH_SECONDS - 60, urgent=True)
    add_conversation(console_db, "ordinary")
    with console_db.begin() as connection:
        connection.execute(schema.staff_alerts.insert().values(sender_id="urgent-now", kind=URGENT, at=NOW))
    pending = {(alert.sender_id, alert.kind) for alert in pending_alerts(console_db, NOW)}
    assert pending == {("urgent-and-handoff", URGENT), ("urgent-and-handoff", HANDOFF), ("handoff-now", HANDOFF)}


def test_an_alert_speaks_both_staff_languages_links_the_conversation_and_never_quotes_the_patient():
    text = alert_text(Alert("web-a/b", URGENT, "telegram", "ar"), "https://console.example")
    assert "Срочно" in text and "عاجل" in text
    assert "telegram · ar · web-a/b" in text
    assert text.endswith("https://console.example/conversations/web-a%2Fb")
    assert "глотает" not in alert_text(Alert("x", HANDOFF, None, None), None)


def test_without_a_staff_chat_nothing_is_sent_or_recorded(console_db):
    add_conversation(console_db, "urgent-now", urgent=True)
    alerter = StaffAlerter(load_settings({}, NO_ENV_FILE), console_db, AccountStore(console_db))
    assert not alerter.enabled and alerter.send_pending() == 0
    with console_db.connect() as connection:
        assert connection.execute(sa.select(sa.func.count()).select_from(schema.staff_alerts)).scalar() == 0


def test_a_staff_chat_needs_the_bot_that_writes_to_it():
    with pytest.raises(SettingsError, match="TELEGRAM_BOT_TOKEN"):
        load_settings({"CLINIC_STAFF_ALERT_CHAT_ID": "-100123"}, NO_ENV_FILE)
    settings = load_settings({"CLINIC_STAFF_ALERT_CHAT_ID": "-100123", "TELEGRAM_BOT_TOKEN": "1:x"}, NO_ENV_FILE)
    assert settings.console.alert_chat_id == "-100123"


def test_staff_e_mail_alerts_need_an_smtp_server():
    emails = {"CLINIC_STAFF_ALERT_EMAILS": "duty@clinic.example, head@clinic.example"}
    with pytest.raises(SettingsError, match="CLINIC_SMTP_URL"):
        load_settings(emails, NO_ENV_FILE)
    with pytest.raises(SettingsError, match="CLINIC_SMTP_URL"):
        load_settings({**emails, "CLINIC_SMTP_URL": "http://mail.clinic.example"}, NO_ENV_FILE)
    settings = load_settings({**emails, "CLINIC_SMTP_URL": "smtps://alerts:pw@mail.clinic.example:465"}, NO_ENV_FILE)
    assert settings.console.alert_emails == ("duty@clinic.example", "head@clinic.example")
