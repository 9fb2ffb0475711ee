"""Staff alerts end to end: an urgent answer or a request for a person reaches the staff's Telegram chat and e-mail.

The assistant, the console, the Bot API emulator (telegram-test-api) and an SMTP server (aiosmtpd)
run for real; the alert is read from the emulator as the staff chat would receive it, and from
the SMTP server as a mailbox would.
"""

from __future__ import annotations

import email
import email.message
import email.policy
import time

import pytest
import requests
from aiosmtpd.controller import Controller

from ops.stack import Stack
from tests.e2e.conftest import Chat
from tests.e2e.support import ARABIC, CYRILLIC, EMULATOR_URL, telegram_console_config

BOT_TOKEN = "3333:alerts-bot"
STAFF_CHAT_ID = 990_001
RASA_PORT, ACTION_PORT, CONSOLE_PORT = 5805, 5855, 8390
SMTP_PORT = 8525
STAFF_EMAIL = "duty-neurologist@clinic.example"
ALERT_TIMEOUT_SECONDS = 60
# The console syncs every 3 s; three rounds without an alert mean none is coming.
QUIET_SECONDS = 10


class Mailbox:
    """What the SMTP server received, as parsed e-mails."""

    def __init__(self) -> None:
        self.received: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.received.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 OK"

    def wait_for(self, sender: str) -> list[email.message.EmailMessage]:
        deadline = time.monotonic() + ALERT_TIMEOUT_SECONDS
        while not (found := [mail for mail in self.received if sender in mail.get_content()]):
            assert time.monotonic() < deadline, f"no e-mail for {sender}"
            time.sleep(0.5)
        return found


@pytest.fixture(scope="module")
def mailbox():
    box = Mailbox()
    server = Controller(box, hostname="127.0.0.1", port=SMTP_PORT)
    server.start()
    yield box
    server.stop()


@pytest.fixture(scope="module")
def stack(emulator, mailbox, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("alerts")
    config = telegram_console_config(
        workdir,
        (RASA_PORT, ACTION_PORT, CONSOLE_PORT),
        BOT_TOKEN,
        CLINIC_STAFF_ALERT_CHAT_ID=str(STAFF_CHAT_ID),
        CLINIC_CONSOLE_PUBLIC_URL="https://console.clinic.example",
        CLINIC_STAFF_ALERT_EMAILS=STAFF_EMAIL,
        CLINIC_SMTP_URL=f"smtp://127.0.0.1:{SMTP_PORT}",
    )
    with Stack(config) as running:
        yield running


class StaffChat:
    """The staff's Telegram chat as the emulator holds it: every message the bot sent there."""

    def __init__(self) -> None:
        self.received: list[str] = []

    def poll(self) -> None:
        answer = requests.post(
            f"{EMULATOR_URL}/getUpdates", json={"token": BOT_TOKEN, "chatId": STAFF_CHAT_ID}, timeout=30
        ).json()
        self.received += [update["message"]["text"] for update in answer["result"]]

    def wait_for(self, sender: str) -> list[str]:
        deadline = time.monotonic() + ALERT_TIMEOUT_SECONDS
        while not any(sender in text for text in self.received):
            assert time.monotonic() < deadline, f"no alert for {sender}; the chat got {self.received}"
            time.sleep(0.5)
            self.poll()
        return [text for text in self.received if sender in text]


@pytest.fixture(scope="module")
def staff_chat(stack) -> StaffChat:
    return StaffChat()


def test_an_urgent_answer_alerts_the_staff_chat_once_without_the_patients_words(stack, staff_chat):
    chat = Chat(stack)
    symptom = "после укола мама не может глотать и задыхается"
    assert any(message.get("custom", {}).get("urgent") for message in chat.say(symptom))
    [alert] = staff_chat.wait_for(chat.sender)
    assert CYRILLIC.search(alert) and ARABIC.search(alert)
    assert f"https://console.clinic.example/conversations/{chat.sender}" in alert
    assert "глотать" not in alert and "задыхается" not in alert
    chat.say("ей всё хуже, не может глотать")
    time.sleep(QUIET_SECONDS)
    staff_chat.poll()
    assert len(staff_chat.wait_for(chat.sender)) == 1


def test_the_urgent_answer_is_e_mailed_to_the_staff_once_without_the_patients_words(stack, mailbox):
    chat = Chat(stack)
    chat.say("после укола ребёнок поперхнулся и задыхается")
    [mail] = mailbox.wait_for(chat.sender)
    body = mail.get_content()
    assert mail["To"] == STAFF_EMAIL and "Срочно" in mail["Subject"] and "عاجل" in mail["Subject"]
    assert f"https://console.clinic.example/conversations/{chat.sender}" in body
    assert "задыхается" not in body and "поперхнулся" not in body
    chat.say("ему всё хуже")
    time.sleep(QUIET_SECONDS)
    assert len(mailbox.wait_for(chat.sender)) == 1


def test_a_request_for_a_person_alerts_the_staff_chat(stack, staff_chat):
    chat = Chat(stack)
    chat.say("أبغى أكلم أحد من العيادة الحين")
    [alert] = staff_chat.wait_for(chat.sender)
    assert "🙋" in alert and "⚠️" not in alert


def test_an_ordinary_question_alerts_nobody(stack, staff_chat):
    chat = Chat(stack)
    chat.say("сколько держится эффект ботокса?")
    time.sleep(QUIET_SECONDS)
    staff_chat.poll()
    assert not any(chat.sender in text for text in staff_chat.received)
