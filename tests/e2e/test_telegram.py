"""The Telegram channel end to end, against the third-party Bot API emulator telegram-test-api.

One emulator serves two bots: one whose assistant long-polls, one whose assistant gets webhooks.
"""

from __future__ import annotations

import re
import secrets
import signal
import time
from pathlib import Path

import pytest
import requests

from ops.stack import Stack
from tests.e2e.support import ARABIC, CYRILLIC, EMULATOR_URL, TelegramUser, stack_config

POLLING_TOKEN = "1111:polling-bot"
WEBHOOK_TOKEN = "2222:webhook-bot"
WEBHOOK_SECRET = secrets.token_urlsafe(32).replace("=", "")


def start_stack(workdir: Path, rasa_port: int, action_port: int, env: dict[str, str]) -> Stack:
    stack = Stack(
        stack_config(
            workdir, rasa_port, action_port, site_port=None, extra_env={"TELEGRAM_API_URL": EMULATOR_URL, **env}
        )
    )
    stack.start()
    return stack


@pytest.fixture(scope="module")
def polling_stack(emulator, tmp_path_factory):
    stack = start_stack(tmp_path_factory.mktemp("polling"), 5205, 5255, {"TELEGRAM_BOT_TOKEN": POLLING_TOKEN})
    yield stack
    stack.stop()


@pytest.fixture(scope="module")
def webhook_stack(emulator, tmp_path_factory):
    env = {
        "TELEGRAM_BOT_TOKEN": WEBHOOK_TOKEN,
        "TELEGRAM_WEBHOOK_URL": "http://127.0.0.1:5305/webhooks/telegram/webhook",
        "TELEGRAM_WEBHOOK_SECRET": WEBHOOK_SECRET,
    }
    stack = start_stack(tmp_path_factory.mktemp("webhook"), 5305, 5355, env)
    yield stack
    stack.stop()


def tracker_events(stack: Stack, chat_id: int) -> list[dict]:
    url = f"http://localhost:{stack.config.rasa_port}/conversations/tg-{chat_id}/tracker"
    return requests.get(url, params={"token": stack.config.auth_token}, timeout=30).json()["events"]


@pytest.mark.parametrize(("language_code", "script", "other"), [("ar", ARABIC, CYRILLIC), ("ru", CYRILLIC, ARABIC)])
def test_start_greets_in_the_telegram_interface_language(polling_stack, language_code, script, other):
    patient = TelegramUser(POLLING_TOKEN, language_code)
    patient.send("/start")
    greeting = patient.reply_text()
    assert script.search(greeting) and not other.search(greeting)


def test_start_in_another_interface_language_greets_in_both(polling_stack):
    patient = TelegramUser(POLLING_TOKEN, "en")
    patient.send("/start")
    greeting = "\n".join(m["text"] for m in patient.replies(2))
    assert ARABIC.search(greeting) and CYRILLIC.search(greeting)


def test_russian_and_arabic_conversations_by_long_polling(polling_stack):
    russian = TelegramUser(POLLING_TOKEN, "en")
    russian.send("Здравствуйте, а это больно?")
    # A short greeting back, the disclaimer, then the answer.
    greeting, _, answer = (m["text"] for m in russian.replies(3))
    assert greeting == "Здравствуйте!" and "Источник" in answer
    assert all(m["parse_mode"] == "HTML" for m in russian.received)
    arabic = TelegramUser(POLLING_TOKEN, "ru")
    arabic.send("كم يدوم مفعول البوتوكس؟")
    answer = "\n".join(m["text"] for m in arabic.replies(2))
    assert "المصدر" in answer and not CYRILLIC.search(answer)


def test_a_button_press_is_answered_and_reaches_the_assistant(polling_stack):
    patient = TelegramUser(POLLING_TOKEN, "ru")
    patient.send("ыфвапролд")
    question = patient.replies(1)[0]
    keyboard = question["reply_markup"]["inline_keyboard"]
    button = keyboard[0][0]
    patient.press(question, button)
    answer = "\n".join(m["text"] for m in patient.replies(1))
    assert answer and answer != question["text"]
    user_events = [e for e in tracker_events(polling_stack, patient.chat_id) if e["event"] == "user"]
    assert user_events[-1]["text"] == button["callback_data"]
    assert user_events[-1]["metadata"]["button_title"] == button["text"]


def test_a_rating_under_an_answer_is_stored_for_staff_and_asks_nothing_of_the_assistant(polling_stack):
    patient = TelegramUser(POLLING_TOKEN, "ar")
    patient.send("كم يدوم مفعول البوتوكس؟")
    answer = next(m for m in patient.replies(2) if "👎" in str(m.get("reply_markup")))
    thumbs_down = next(b for row in answer["reply_markup"]["inline_keyboard"] for b in row if b["text"] == "👎")
    user_turns = [e for e in tracker_events(polling_stack, patient.chat_id) if e["event"] == "user"]
    patient.press(answer, thumbs_down)
    deadline = time.monotonic() + 30
    while not (ratings := [e for e in tracker_events(polling_stack, patient.chat_id) if e.get("name") == "feedback"]):
        assert time.monotonic() < deadline, "the rating never reached the conversation"
        time.sleep(0.5)
    assert ratings[-1]["value"]["rating"] == "down"
    shown = re.sub(r"<[^>]+>", "", answer["text"])
    assert ratings[-1]["value"]["bot_text"][:40] == shown[:40]
    assert [e for e in tracker_events(polling_stack, patient.chat_id) if e["event"] == "user"] == user_turns


def test_a_voice_message_gets_a_polite_request_for_text(polling_stack):
    patient = TelegramUser(POLLING_TOKEN, "ru")
    patient.send("مرحبا")
    patient.replies(1)
    patient.send(voice={"file_id": "voice-1", "duration": 3})
    reply = patient.reply_text()
    assert "أفهم النصوص فقط" in reply


@pytest.mark.parametrize(
    ("language", "message", "heading", "call", "numbers"),
    [
        ("ru", "после укола трудно глотать и дышать", "СРОЧНО", "Звоните в скорую сейчас", "☎️ Скорая 103"),
        ("ar", "ابني ما يقدر يتنفس بعد الحقنة", "عاجل", "اتصل بالإسعاف الآن", "☎️ مصر 123"),
    ],
)
def test_the_urgent_answer_reads_heading_call_why_then_labelled_numbers(
    polling_stack, language, message, heading, call, numbers
):
    patient = TelegramUser(POLLING_TOKEN, language)
    patient.send(message)
    urgent = patient.replies(1)[0]
    phone = "\u2066+7 000 000-00-00\u2069" if language == "ar" else "+7 000 000-00-00"
    lines = urgent["text"].split("\n")
    assert urgent["parse_mode"] == "HTML" and lines[0] == f"<b>⚠️ {heading}</b>"
    assert lines[1].startswith(f"<b>{call}") and urgent["text"].count(heading) == 1
    assert lines[-1].startswith(f"<b>{numbers} · ") and lines[-1].endswith(f"☎️ {phone}</b>")
    # Inside Arabic text the clinic's number of the answer itself is isolated left to right too.
    assert phone in "\n".join(lines[2:-1])


def test_webhook_conversation_through_the_emulator(webhook_stack):
    patient = TelegramUser(WEBHOOK_TOKEN, "ar")
    patient.send("/start")
    assert ARABIC.search(patient.reply_text())
    patient.send("هل الحقن مؤلمة؟")
    assert "المصدر" in "\n".join(m["text"] for m in patient.replies(2))


def update_for(chat_id: int, update_id: int, text: str) -> dict:
    chat = {"id": chat_id, "type": "private"}
    sender = {"id": chat_id, "is_bot": False, "first_name": "P"}
    return {"update_id": update_id, "message": {"message_id": 1, "date": 0, "chat": chat, "from": sender, "text": text}}


@pytest.mark.parametrize("header", [None, "wrong-secret"])
def test_webhook_calls_without_the_secret_are_refused_and_change_nothing(webhook_stack, header):
    chat_id = 990_001 if header else 990_002
    url = f"http://localhost:{webhook_stack.config.rasa_port}/webhooks/telegram/webhook"
    headers = {"X-Telegram-Bot-Api-Secret-Token": header} if header else {}
    response = requests.post(
        url, json=update_for(chat_id, 50_000 + chat_id, "Это больно?"), headers=headers, timeout=10
    )
    assert response.status_code == 403
    time.sleep(1)
    assert not [event for event in tracker_events(webhook_stack, chat_id) if event["event"] in ("user", "bot")]


def test_a_redelivered_update_is_processed_once(webhook_stack):
    chat_id = 990_003
    url = f"http://localhost:{webhook_stack.config.rasa_port}/webhooks/telegram/webhook"
    headers = {"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET}
    for _ in range(2):
        response = requests.post(
            url, json=update_for(chat_id, 77_777, "Сколько держится эффект?"), headers=headers, timeout=10
        )
        assert response.status_code == 200
    patient = TelegramUser(WEBHOOK_TOKEN)
    patient.chat_id = chat_id
    patient.replies(2)
    time.sleep(2)
    user_events = [e for e in tracker_events(webhook_stack, chat_id) if e["event"] == "user"]
    assert [e["text"] for e in user_events] == ["Сколько держится эффект?"]


def test_edited_messages_are_acknowledged_and_deliberately_ignored(webhook_stack):
    chat_id = 990_004
    url = f"http://localhost:{webhook_stack.config.rasa_port}/webhooks/telegram/webhook"
    edited = update_for(chat_id, 88_888, "Это больно?")
    edited["edited_message"] = edited.pop("message")
    headers = {"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET}
    assert requests.post(url, json=edited, headers=headers, timeout=10).status_code == 200
    health = requests.get(f"http://localhost:{webhook_stack.config.rasa_port}/webhooks/telegram/", timeout=10)
    assert health.json() == {"status": "ok", "mode": "webhook"}
    time.sleep(1)
    assert not [event for event in tracker_events(webhook_stack, chat_id) if event["event"] in ("user", "bot")]


def test_patient_text_stays_out_of_the_logs(polling_stack):
    marker = f"маркер{secrets.token_hex(4)}"
    patient = TelegramUser(POLLING_TOKEN, "ru")
    patient.send(f"у меня {marker} мигрень, поможет ли ботокс?")
    patient.replies(1)
    logs = list(polling_stack.config.log_dir.glob("*.log"))
    assert logs and all(marker not in log.read_text(encoding="utf-8", errors="replace") for log in logs)


def test_an_acknowledged_update_is_answered_after_the_server_crashes(webhook_stack):
    """Doors row 8: an update acknowledged with 200 and lost in a crash was never answered nor stored."""
    chat_id = 990_005
    actions = next(process for name, process in webhook_stack.processes() if name == "action-server")
    rasa = next(process for name, process in webhook_stack.processes() if name == "rasa-server")
    actions.send_signal(signal.SIGSTOP)  # the turn now waits for the action server
    try:
        url = f"http://localhost:{webhook_stack.config.rasa_port}/webhooks/telegram/webhook"
        headers = {"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET}
        update = update_for(chat_id, 99_999, "Сколько держится эффект?")
        assert requests.post(url, json=update, headers=headers, timeout=10).status_code == 200
        time.sleep(1)
        rasa.kill()  # mid-turn, after the 200: Telegram will not send this update again
        rasa.wait()
    finally:
        actions.send_signal(signal.SIGCONT)
    webhook_stack.stop()
    webhook_stack.start()
    patient = TelegramUser(WEBHOOK_TOKEN)
    patient.chat_id = chat_id
    answer = "\n".join(message["text"] for message in patient.replies(2))
    assert "месяц" in answer and "техническая проблема" not in answer
    assert "Сколько держится эффект?" in [event.get("text") for event in tracker_events(webhook_stack, chat_id)]
