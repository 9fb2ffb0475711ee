"""Live takeover through Telegram: a patient asks for a person and a member of staff answers in the same chat.

The assistant, the console and the Bot API emulator (telegram-test-api) run for real. Staff use
the console over HTTP as a browser does; the patient reads the bot's messages from the emulator.
The clinic of this stack has staff hours only on the day after tomorrow, so every request for a
person arrives outside them: the patient is told the hours, and the request waits in the queue.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from ops.stack import PROJECT_ROOT, Stack
from tests.e2e.support import ARABIC, StaffClient, TelegramUser, signed_in, telegram_console_config

BOT_TOKEN = "4444:takeover-bot"
RASA_PORT, ACTION_PORT, CONSOLE_PORT = 5905, 5955, 8490
IDLE_SECONDS = 8
# No reply within this long means the assistant stayed silent (a turn takes well under a second).
SILENT_SECONDS = 6
TIMEZONE = "Europe/Moscow"
HOURS = {"ru": "пн–пт 9:00–18:00", "ar": "من الاثنين إلى الجمعة، 9:00–18:00"}


def closed_clinic(workdir: Path) -> Path:
    """A copy of the knowledge whose staff work only on the day after tomorrow."""
    knowledge = workdir / "knowledge"
    shutil.copytree(PROJECT_ROOT / "knowledge", knowledge)
    clinic = yaml.safe_load((knowledge / "clinic.yml").read_text(encoding="utf-8"))
    today = dt.datetime.now(ZoneInfo(TIMEZONE)).isoweekday()
    clinic["staff_hours"] = {"days": [(today + 1) % 7 + 1], "from": "09:00", "to": "18:00"}
    (knowledge / "clinic.yml").write_text(yaml.safe_dump(clinic, allow_unicode=True), encoding="utf-8")
    return knowledge


@pytest.fixture(scope="module")
def stack(emulator, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("takeover")
    config = telegram_console_config(
        workdir,
        (RASA_PORT, ACTION_PORT, CONSOLE_PORT),
        BOT_TOKEN,
        CLINIC_TAKEOVER_IDLE_SECONDS=str(IDLE_SECONDS),
        CLINIC_KNOWLEDGE_DIR=str(closed_clinic(workdir)),
        CLINIC_TIMEZONE=TIMEZONE,
    )
    with Stack(config) as running:
        yield running


@pytest.fixture(scope="module")
def admin(stack) -> StaffClient:
    return signed_in(stack)


@pytest.fixture(scope="module")
def colleague(stack, admin) -> StaffClient:
    return signed_in(stack, "reviewer")


def asks_for_a_person(patient: TelegramUser, text: str, staff: StaffClient, language: str) -> str:
    """The patient asks for a person (out of hours); returns the conversation id once the queue shows it."""
    patient.send(text)
    # Without the bidi isolates the Arabic text puts around numbers.
    reply = re.sub("[\u2066-\u2069]", "", whole_reply(patient))
    assert HOURS[language] in reply and ("не на связи" in reply or "غير متاحين" in reply)
    sender = f"tg-{patient.chat_id}"
    assert staff.wait_for_conversation(sender).status_code == 200
    deadline = time.monotonic() + 30
    while f"/conversations/{sender}" not in staff.get("/queue").text:
        assert time.monotonic() < deadline, "the request for a person never reached the queue"
        time.sleep(0.5)
    return sender


def whole_reply(patient: TelegramUser) -> str:
    """Every message of the bot's next reply (an answer may follow its disclaimer), joined."""
    first = patient.replies(1)
    time.sleep(1)
    return "\n".join(message["text"] for message in first + patient.poll())


def test_staff_take_over_write_and_hand_back_in_telegram(stack, admin, colleague):
    patient = TelegramUser(BOT_TOKEN, "ru")
    sender = asks_for_a_person(patient, "хочу поговорить с живым человеком из клиники", admin, "ru")

    assert admin.post(f"/conversations/{sender}/takeover", token_from=f"/conversations/{sender}").status_code == 302
    joined = whole_reply(patient)
    assert "подключился сотрудник" in joined

    # A second member of staff is refused and sees who holds the conversation.
    colleague.post(f"/conversations/{sender}/takeover", token_from=f"/conversations/{sender}")
    page = colleague.get(f"/conversations/{sender}").text
    assert "admin" in page and "has already taken over" in page

    admin.post(
        f"/conversations/{sender}/say",
        {"text": "Здравствуйте! Я администратор, чем помочь?"},
        token_from=f"/conversations/{sender}",
    )
    [staff_message] = patient.replies(1)
    assert "Здравствуйте! Я администратор" in staff_message["text"]
    assert "Сотрудник клиники" in staff_message["text"]

    # The assistant is silent while staff hold the conversation; the patient's words reach the console.
    patient.send("спасибо, а можно прийти в четверг после обеда?")
    time.sleep(SILENT_SECONDS)
    assert patient.poll() == []
    live = admin.get(f"/conversations/{sender}/live", params={"after": 0}).json()
    assert "в четверг после обеда" in live["html"]

    # A red flag still gets the urgent answer at once.
    patient.send("после укола ребёнок не может глотать и задыхается")
    assert "103" in whole_reply(patient)

    admin.post(f"/conversations/{sender}/hand-back", token_from=f"/conversations/{sender}")
    assert "снова отвечает автоматический помощник" in whole_reply(patient)
    patient.send("сколько держится эффект ботокса?")
    # The assistant answers again: the disclaimer (its first answer), then the answer.
    disclaimer, answer = patient.replies(2)
    assert "общая информация" in disclaimer["text"] and "эффект" in answer["text"].lower()

    transcript = admin.get(f"/conversations/{sender}").text
    assert "Здравствуйте! Я администратор" in transcript and "Staff" in transcript
    exported = list(csv.DictReader(io.StringIO(admin.get("/export.csv").text.lstrip("\ufeff"))))
    staff_rows = [row for row in exported if row["conversation"] == sender and row["speaker"] == "staff:admin"]
    assert [row["text"] for row in staff_rows] == ["Здравствуйте! Я администратор, чем помочь?"]
    audit = admin.get("/admin/audit").text
    for action in ("takeover", "staff_message", "hand_back"):
        assert action in audit


def test_an_idle_takeover_goes_back_to_the_assistant(stack, admin):
    patient = TelegramUser(BOT_TOKEN, "ar")
    sender = asks_for_a_person(patient, "أبغى أكلم موظف من العيادة", admin, "ar")
    admin.post(f"/conversations/{sender}/takeover", token_from=f"/conversations/{sender}")
    assert ARABIC.search(patient.reply_text())
    # Nobody writes: after the idle time (and one sync round) the patient is told, in Arabic.
    idle_notice = patient.reply_text()
    assert "المساعد الآلي" in idle_notice
    assert "takeover_idle_hand_back" in admin.get("/admin/audit").text
    patient.send("كم يدوم مفعول البوتوكس؟")
    disclaimer, answer = patient.replies(2)
    assert disclaimer["text"].startswith("ℹ️") and "أشهر" in answer["text"]
    assert f"/conversations/{sender}" not in admin.get("/queue").text.split("Taken over now")[1]


def test_a_number_shared_for_a_callback_reaches_the_queue_and_stays_out_of_redacted_exports(stack, admin):
    patient = TelegramUser(BOT_TOKEN, "ru")
    patient.send("соедините меня с администратором клиники")
    *_, offer = patient.replies(2)
    [[button]] = offer["reply_markup"]["keyboard"]
    assert button["request_contact"] is True and "только для этого звонка" in offer["text"]

    patient.send(contact={"phone_number": "+79123456789", "user_id": patient.chat_id, "first_name": "Patient"})
    [confirmation] = patient.replies(1)
    assert "+79123456789" in confirmation["text"] and confirmation["reply_markup"] == {"remove_keyboard": True}

    sender = f"tg-{patient.chat_id}"
    deadline = time.monotonic() + 30
    while "+79123456789" not in admin.get("/queue").text:
        assert time.monotonic() < deadline, "the callback number never reached the queue"
        time.sleep(0.5)
    redacted = admin.get("/export.csv").text
    assert sender in redacted and "79123456789" not in redacted
    assert "+79123456789" in admin.get("/export.csv", params={"personal_data": "1"}).text
