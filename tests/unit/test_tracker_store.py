import asyncio
import json
import sqlite3

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, UserUttered
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


def _events_as_dicts(tracker) -> list[dict]:
    return [event.as_dict() for event in tracker.events]


def _two_servers(tmp_path, monkeypatch, **env):
    monkeypatch.setenv("CLINIC_TRACKER_DB_URL", f"sqlite:///{tmp_path / 'tracker.db'}")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return [ClinicTrackerStore(Domain.empty(), settings=load_settings()) for _ in range(2)]


async def _turn(store, sender: str, text: str, *events) -> DialogueStateTracker:
    tracker = await store.get_or_create_tracker(sender)
    for event in events or (UserUttered(text, {"name": "ask_pain", "confidence": 0.9}), BotUttered(f"ответ: {text}")):
        tracker.update(event)
    await store.save(tracker)
    return tracker


def test_a_kept_conversation_reads_as_a_fresh_read_of_the_database_does(tmp_path, monkeypatch):
    kept, fresh = _two_servers(tmp_path, monkeypatch, CLINIC_REDACT_STORED_PII="true")
    for text in ("первый", "позвоните +7 912 345-67-89", "третий"):
        asyncio.run(_turn(kept, "patient-3", text))
    from_memory = asyncio.run(kept.retrieve("patient-3"))
    from_database = asyncio.run(fresh.retrieve("patient-3"))
    assert _events_as_dicts(from_memory) == _events_as_dicts(from_database)
    patient_texts = [event.text for event in from_memory.events if isinstance(event, UserUttered)]
    assert patient_texts == ["первый", "позвоните [phone]", "третий"]
    assert kept._kept.event_count == len(from_memory.events)


def test_rows_another_server_wrote_since_are_read(tmp_path, monkeypatch):
    first, second = _two_servers(tmp_path, monkeypatch)
    asyncio.run(_turn(first, "patient-4", "раз"))
    asyncio.run(_turn(second, "patient-4", "два"))
    tracker = asyncio.run(_turn(first, "patient-4", "три"))
    texts = [event.text for event in tracker.events if isinstance(event, UserUttered)]
    assert texts == ["раз", "два", "три"]
    assert _events_as_dicts(asyncio.run(first.retrieve("patient-4"))) == _events_as_dicts(
        asyncio.run(second.retrieve("patient-4"))
    )


def test_an_erased_conversation_is_not_brought_back_from_memory(tmp_path, monkeypatch):
    store, _ = _two_servers(tmp_path, monkeypatch)
    asyncio.run(_turn(store, "patient-5", "раз"))
    with sqlite3.connect(tmp_path / "tracker.db") as connection:
        connection.execute("DELETE FROM events WHERE sender_id = 'patient-5'")
    assert asyncio.run(store.retrieve("patient-5")) is None
    tracker = asyncio.run(_turn(store, "patient-5", "снова"))
    assert [event.text for event in tracker.events if isinstance(event, UserUttered)] == ["снова"]


def test_a_new_session_leaves_the_old_one_out_as_the_database_query_does(tmp_path, monkeypatch):
    kept, fresh = _two_servers(tmp_path, monkeypatch)
    asyncio.run(_turn(kept, "patient-6", "старая сессия"))
    asyncio.run(
        _turn(
            kept,
            "patient-6",
            "",
            ActionExecuted("action_session_start"),
            SessionStarted(),
            ActionExecuted("action_listen"),
            UserUttered("новая", {"name": "ask_pain", "confidence": 0.9}),
        )
    )
    tracker = asyncio.run(kept.retrieve("patient-6"))
    assert [event.text for event in tracker.events if isinstance(event, UserUttered)] == ["новая"]
    assert _events_as_dicts(tracker) == _events_as_dicts(asyncio.run(fresh.retrieve("patient-6")))


def test_a_budget_of_zero_keeps_nothing_and_still_reads_right(tmp_path, monkeypatch):
    store, _ = _two_servers(tmp_path, monkeypatch, CLINIC_KEPT_EVENTS="0")
    asyncio.run(_turn(store, "patient-7", "раз"))
    tracker = asyncio.run(_turn(store, "patient-7", "два"))
    assert store._kept.event_count == 0
    assert [event.text for event in tracker.events if isinstance(event, UserUttered)] == ["раз", "два"]
