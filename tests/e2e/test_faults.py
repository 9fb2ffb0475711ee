"""When the assistant cannot answer (here: its action server is unreachable), patients are told so.

Rasa logs a failed action and carries on without a reply; the channels notice the silent turn and
send a localised "technical problem" message with the clinic's phone instead.
"""

from __future__ import annotations

import secrets

import pytest

from ops.stack import Stack
from tests.e2e.support import ARABIC, CYRILLIC, EMULATOR_URL, SITE_ORIGIN, TelegramUser, WidgetClient, stack_config

BROKEN_TOKEN = "3333:broken-bot"
UNREACHABLE_ACTIONS = "http://localhost:5499/webhook"


@pytest.fixture(scope="module")
def broken_stack(emulator, tmp_path_factory):
    env = {
        "TELEGRAM_BOT_TOKEN": BROKEN_TOKEN,
        "TELEGRAM_API_URL": EMULATOR_URL,
        "CLINIC_WIDGET_ORIGINS": SITE_ORIGIN,
        "CLINIC_WIDGET_SECRET": secrets.token_hex(32),
    }
    config = stack_config(
        tmp_path_factory.mktemp("broken"), 5405, 5455, action_url=UNREACHABLE_ACTIONS, site_port=None, extra_env=env
    )
    with Stack(config) as stack:
        yield stack


def test_the_widget_says_there_is_a_technical_problem(broken_stack):
    client = WidgetClient(f"http://localhost:{broken_stack.config.rasa_port}")
    try:
        client.call("session_request", {"language": "ru"})
        greeting = client.wait_for_messages(1)[0]["text"]
        assert "техническая проблема" in greeting and "+7 000 000-00-00" in greeting
        assert client.call("user_uttered", {"message": "هل الحقن مؤلمة؟"}) == {"ok": True, "answered": False}
        notice = client.wait_for_messages(2)[-1]["text"]
        assert "مشكلة تقنية" in notice and not CYRILLIC.search(notice)
    finally:
        client.close()


def test_the_telegram_bot_says_there_is_a_technical_problem(broken_stack):
    patient = TelegramUser(BROKEN_TOKEN, "ar")
    patient.send("/start")
    notice = patient.reply_text()
    assert "مشكلة تقنية" in notice and ARABIC.search(notice) and not CYRILLIC.search(notice)
