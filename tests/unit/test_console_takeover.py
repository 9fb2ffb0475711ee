"""Live takeover in the console: the queue, who holds a conversation, and what the patient is sent.

A real SQLite console database; the Rasa bridge is a real one with its API off (no token), the
state in which the console must refuse a takeover without holding anything.
"""

import pytest

from clinic.settings import load_settings
from staff_console import schema
from staff_console.queries import unread_counts, waiting_count, waiting_for_staff
from staff_console.runtime import build_console
from staff_console.takeover import BridgeError, HeldByOther, RasaBridge, Takeovers, notice, staff_message_event
from staff_console.transcript import read_conversation, speaker
from tests.unit.conftest import NOW, add_conversation

IDLE_SECONDS = 600


@pytest.fixture
def takeovers(console_db):
    return Takeovers(console_db, RasaBridge("http://localhost:9", None), IDLE_SECONDS)


def hold(engine, sender, username, last_at=NOW):
    with engine.begin() as connection:
        connection.execute(
            schema.takeovers.insert().values(sender_id=sender, username=username, started_at=last_at, last_at=last_at)
        )


def test_the_queue_holds_unreviewed_requests_and_urgent_answers_not_taken_most_recent_first(console_db):
    add_conversation(console_db, "handoff-new", last_at=NOW - 10, handoff=True)
    add_conversation(console_db, "urgent-old", last_at=NOW - 500, urgent=True)
    add_conversation(console_db, "handoff-reviewed", handoff=True)
    add_conversation(console_db, "handoff-held", handoff=True)
    add_conversation(console_db, "ordinary")
    with console_db.begin() as connection:
        connection.execute(schema.triage.insert().values(sender_id="handoff-reviewed", reviewed=True, follow_up=False))
    hold(console_db, "handoff-held", "anna")
    with console_db.connect() as connection:
        assert [row.sender_id for row in waiting_for_staff(connection)] == ["handoff-new", "urgent-old"]
        assert waiting_count(connection) == 2


def test_without_the_rasa_api_a_takeover_is_refused_and_nothing_is_held(takeovers):
    assert not takeovers.bridge.enabled
    with pytest.raises(BridgeError):
        takeovers.take("web-1", "anna", "ru", NOW)
    assert takeovers.holders() == {}


def test_a_second_member_of_staff_is_refused_and_told_who_holds_it(takeovers, console_db):
    hold(console_db, "web-1", "anna")
    with pytest.raises(HeldByOther) as refused:
        takeovers.take("web-1", "omar", "ar", NOW)
    assert refused.value.username == "anna"
    takeovers.take("web-1", "anna", "ru", NOW)  # taking one's own again changes nothing
    with pytest.raises(HeldByOther):
        takeovers.say("web-1", "omar", "здравствуйте", "ru", NOW)
    assert takeovers.holders()["web-1"].username == "anna"


def test_an_idle_takeover_that_cannot_be_handed_back_yet_stays_held(takeovers, console_db):
    hold(console_db, "web-idle", "anna", last_at=NOW - IDLE_SECONDS - 1)
    hold(console_db, "web-busy", "omar", last_at=NOW - 5)
    assert takeovers.hand_back_idle(NOW) == []
    assert set(takeovers.holders()) == {"web-idle", "web-busy"}


def test_a_staff_message_shows_the_role_in_the_patients_language_and_keeps_the_account_out_of_sight():
    event = staff_message_event("Добрый день!", "anna.k", "ru")
    custom = event["data"]["custom"]
    assert custom == {"kind": "staff", "heading": "Сотрудник клиники"}
    assert "anna.k" not in str(event["data"]) and event["metadata"] == {"staff_account": "anna.k"}
    assert staff_message_event("أهلا", "omar", "ar")["data"]["custom"]["heading"] == "موظف العيادة"


def test_a_notice_in_an_unknown_language_is_given_in_both():
    both = notice("staff_joined", None)
    assert "сотрудник" in both and "موظفي" in both
    assert notice("staff_left_idle", "ru").count("+7") == 1
    # Inside Arabic the clinic's number reads left to right.
    assert "\u2066+7 000 000-00-00\u2069" in notice("staff_left_idle", "ar")


def test_the_transcript_and_the_export_name_the_staff_account_of_a_staff_message():
    notice_data = {"custom": {"kind": "staff_notice"}}
    joined = {"event": "bot", "timestamp": 1.0, "text": "Подключился сотрудник", "data": notice_data}
    written = {**staff_message_event("Когда вам удобно?", "anna.k", "ru"), "timestamp": 2.0}
    answer = {"event": "bot", "timestamp": 3.0, "text": "Эффект держится 3–4 месяца.", "data": {}}
    entries = read_conversation(enumerate([joined, written, answer], start=1)).entries
    assert [entry.staff_notice for entry in entries] == [True, False, False]
    assert [speaker(entry) for entry in entries] == ["assistant", "staff:anna.k", "assistant"]


def test_unread_counts_what_came_since_each_member_of_staff_last_looked(tmp_path):
    database = f"sqlite:///{tmp_path / 'console.db'}"
    environ = {"CLINIC_CONSOLE_DB_URL": database, "CLINIC_TRACKER_DB_URL": database}
    service = build_console(load_settings(environ, tmp_path / "no.env"))
    add_conversation(service.console_db, "web-1", handoff=True)
    rows = [
        {"event_id": event_id, "sender_id": "web-1", "at": NOW, "text": "?", "search_text": "?", "typed": True}
        for event_id in (3, 7, 9)
    ]
    with service.console_db.begin() as connection:
        connection.execute(schema.messages.insert(), rows)
    service.mark_read("web-1", "anna", 7)
    service.mark_read("web-1", "anna", 5)  # an older page seen later changes nothing
    with service.console_db.connect() as connection:
        assert unread_counts(connection, ["web-1"], "anna") == {"web-1": 1}
        assert unread_counts(connection, ["web-1"], "omar") == {"web-1": 3}
    service.mark_read("web-1", "anna", 9)
    with service.console_db.connect() as connection:
        assert unread_counts(connection, ["web-1"], "anna") == {}
