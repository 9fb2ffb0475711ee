"""When the assistant cannot answer (here: its action server is unreachable), patients are told so.

Rasa logs a failed action and carries on without a reply; the channels notice the silent turn and
send a localised "technical problem" message with the clinic's phone instead.
"""

from __future__ import annotations

import secrets
import uuid

import pytest
import requests

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


def _stored_as_urgent(stack, sender: str) -> bool:
    url = f"http://localhost:{stack.config.rasa_port}/conversations/{sender}/tracker"
    tracker = requests.get(url, params={"token": stack.config.auth_token}, timeout=30).json()
    urgent_answers = [
        e for e in tracker["events"] if e["event"] == "bot" and (e.get("data") or {}).get("custom", {}).get("urgent")
    ]
    return bool(urgent_answers) and tracker["slots"].get("urgent") is True


def test_a_red_flag_gets_the_urgent_answer_over_rest_without_the_action_server(broken_stack):
    """Doors row 2: the patient got only "technical problem": no emergency numbers, no urgent marker."""
    sender = f"faults-{uuid.uuid4().hex[:8]}"
    response = requests.post(
        broken_stack.config.rest_url, json={"sender": sender, "message": "после укола не могу глотать"}, timeout=60
    )
    messages = response.json()  # Rasa's REST output sends the text and the custom data apart
    (urgent,) = [message["custom"] for message in messages if message.get("custom", {}).get("urgent")]
    assert "103" in "".join(message.get("text", "") for message in messages) and urgent["emergency_numbers"]
    assert _stored_as_urgent(broken_stack, sender)


def test_a_red_flag_gets_the_urgent_answer_in_the_widget_and_telegram_without_the_action_server(broken_stack):
    client = WidgetClient(f"http://localhost:{broken_stack.config.rasa_port}")
    try:
        session = client.call("session_request", {"language": "ar"})
        client.wait_for_messages(1)
        client.call("user_uttered", {"message": "ابني ما يقدر يتنفس بعد الحقنة"})
        urgent = client.wait_for_messages(2)[-1]
        assert urgent["custom"]["urgent"] and "997" in urgent["text"]
        assert _stored_as_urgent(broken_stack, session["session_id"])
    finally:
        client.close()
    patient = TelegramUser(BROKEN_TOKEN, "ru")
    patient.send("после укола ребёнок задыхается")
    assert "103" in patient.reply_text()


def test_an_advance_question_about_a_red_flag_gets_the_notice_not_the_alarm(broken_stack):
    response = requests.post(
        broken_stack.config.rest_url,
        json={"sender": f"faults-{uuid.uuid4().hex[:8]}", "message": "может ли после укола быть трудно глотать?"},
        timeout=60,
    )
    (notice,) = response.json()
    assert "техническая проблема" in notice["text"] and not notice.get("custom")
