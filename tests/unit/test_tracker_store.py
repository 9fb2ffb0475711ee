import asyncio
import json
import sqlite3

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from clinic.settings import load_settings
from runtime.tracker_store import ClinicTrackerStore

TEXT = "перезвоните на +7 912 345-67-89 или ivan@mail.ru"


def store_and_read(tmp_path, monkeypatch, redact: bool) -> list[dict]:
    database = tmp_path / "nested" / "tracker.db"
    monkeypatch.setenv("CLINIC_TRACKER_DB_URL", f"sqlite:///{database}")
    monkeypatch.setenv("CLINIC_REDACT_STORED_PII", "true" if redact else "false")
    store = ClinicTrackerStore(Domain.empty(), settings=load_settings())
    tracker = DialogueStateTracker.from_events(
        "patient-1",
        [
            UserUttered(TEXT, {"name": "request_human", "confidence": 0.9}),
            BotUttered("Позвоните нам: +7 495 000-00-00"),
        ],
    )
    asyncio.run(store.save(tracker))
    with sqlite3.connect(database) as connection:
        return [json.loads(row[0]) for row in connection.execute("SELECT data FROM events ORDER BY id")]


def test_the_setting_redacts_patient_messages_before_they_are_written(tmp_path, monkeypatch):
    stored = store_and_read(tmp_path, monkeypatch, redact=True)
    user = next(event for event in stored if event["event"] == "user")
    assert user["text"] == "перезвоните на [phone] или [email]"
    assert "345-67" not in json.dumps(stored, ensure_ascii=False).replace("000-00-00", "")
    assert user["parse_data"]["intent"]["name"] == "request_human"
    # The clinic's own number in the assistant's answer is not the patient's data.
    assert next(event for event in stored if event["event"] == "bot")["text"].endswith("+7 495 000-00-00")


def test_without_the_setting_messages_are_stored_as_sent(tmp_path, monkeypatch):
    stored = store_and_read(tmp_path, monkeypatch, redact=False)
    assert next(event for event in stored if event["event"] == "user")["text"] == TEXT


@pytest.mark.parametrize("redact", [True, False])
def test_the_store_reads_back_what_it_wrote(tmp_path, monkeypatch, redact):
    store_and_read(tmp_path, monkeypatch, redact)
    store = ClinicTrackerStore(Domain.empty(), settings=load_settings())
    tracker = asyncio.run(store.retrieve("patient-1"))
    assert tracker is not None and tracker.latest_message.intent["name"] == "request_human"


def test_turns_saved_after_a_read_and_without_one_store_each_event_once(tmp_path, monkeypatch):
    monkeypatch.setenv("CLINIC_TRACKER_DB_URL", f"sqlite:///{tmp_path / 'tracker.db'}")
    store = ClinicTrackerStore(Domain.empty(), settings=load_settings())

    async def turn(text: str, read_first: bool, tracker=None):
        if read_first:
            tracker = await store.get_or_create_tracker("patient-2")
        tracker.update(UserUttered(text, {"name": "ask_pain", "confidence": 0.9}))
        tracker.update(BotUttered(f"ответ на {text}"))
        await store.save(tracker)
        return tracker

    tracker = asyncio.run(turn("первый", read_first=True))
    asyncio.run(turn("второй", read_first=False, tracker=tracker))  # no read: the count comes from the database
    asyncio.run(turn("третий", read_first=True))
    with sqlite3.connect(tmp_path / "tracker.db") as connection:
        texts = [json.loads(row[0]).get("text") for row in connection.execute("SELECT data FROM events ORDER BY id")]
    assert [text for text in texts if text] == [
        "первый",
        "ответ на первый",
        "второй",
        "ответ на второй",
        "третий",
        "ответ на третий",
    ]


@pytest.mark.parametrize("sender", ["\ud800", "patient\ud83d"])
def test_a_conversation_id_the_driver_refuses_fails_the_turn_not_the_process(tmp_path, monkeypatch, sender):
    monkeypatch.setenv("CLINIC_TRACKER_DB_URL", f"sqlite:///{tmp_path / 'tracker.db'}")
    store = ClinicTrackerStore(Domain.empty(), settings=load_settings())
    tracker = DialogueStateTracker.from_events(sender, [UserUttered("здравствуйте")])
    # Rasa's own store calls sys.exit here (SystemExit is not an Exception: it would pass this).
    with pytest.raises(Exception) as refused:
        asyncio.run(store.save(tracker))
        asyncio.run(store.retrieve(sender))
    assert not isinstance(refused.value, SystemExit)
