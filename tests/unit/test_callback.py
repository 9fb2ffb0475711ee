"""Callback requests: the number checked, offered where it helps, shared in Telegram, kept for staff."""

import pytest

from channels.telegram_callback import offer_payload
from channels.telegram_format import parse_update
from clinic.callback import normalized_phone
from clinic.replies import Turn, contact_reply, emergency_reply
from staff_console import schema
from staff_console.queries import waiting_for_staff
from staff_console.transcript import read_conversation
from tests.unit.conftest import add_conversation
from tests.unit.test_replies import MONDAY_MORNING
from tests.unit.test_telegram_format import message


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("+7 (912) 345-67-89", "+79123456789"),
        ("8 912 345 67 89", "89123456789"),
        ("٠٥٠١٢٣٤٥٦٧", "0501234567"),
        (" +966 50 123 4567 ", "+966501234567"),
        ("12345", None),
        ("+1234567890123456", None),
        ("позвоните 89123456789", None),
        ("8912345678" * 5, None),
        (None, None),
        (89123456789, None),
    ],
)
def test_only_a_phone_number_is_kept_as_digits(typed, kept):
    assert normalized_phone(typed) == kept


def test_contact_and_urgent_replies_offer_a_callback_in_the_patients_language(knowledge):
    for language in ("ru", "ar"):
        for intent in ("request_human", "book_appointment"):
            turn = Turn(text="x", intent=intent, language=language)
            (reply,) = contact_reply(turn, knowledge, MONDAY_MORNING).messages
            assert reply.custom["callback"] == language
        urgent = emergency_reply(Turn(text="x", intent="report_emergency", language=language), knowledge)
        assert urgent.messages[0].custom["callback"] == language


def test_telegram_takes_the_patients_own_shared_number_and_not_a_forwarded_contact():
    own = parse_update(message(contact={"phone_number": "+79123456789", "user_id": 7, "first_name": "A"}))
    assert (own.kind, own.text) == ("contact", "+79123456789")
    forwarded = parse_update(message(contact={"phone_number": "+79990000000", "user_id": 99, "first_name": "B"}))
    assert (forwarded.kind, forwarded.media) == ("media", "contact")


def test_the_telegram_offer_says_what_the_number_is_for_and_asks_telegram_for_it():
    offer = offer_payload("tg-42", "ru")
    assert offer["chat_id"] == 42 and "только для этого звонка" in offer["text"]
    [[button]] = offer["reply_markup"]["keyboard"]
    assert button["request_contact"] is True and offer["reply_markup"]["one_time_keyboard"] is True


def test_a_callback_request_reaches_the_summary_and_the_queue(console_db):
    slot = {"event": "slot", "timestamp": 5.0, "name": "callback_request"}
    slot["value"] = {"phone": "+79123456789", "language": "ru", "channel": "web", "at": 5.0}
    summary = read_conversation([(1, slot)]).summary
    assert (summary.callback_phone, summary.callback_at) == ("+79123456789", 5.0)
    add_conversation(console_db, "callback-only")
    add_conversation(console_db, "ordinary")
    with console_db.begin() as connection:
        connection.execute(schema.callbacks.insert().values(sender_id="callback-only", phone="+79123456789", at=5.0))
    with console_db.connect() as connection:
        [row] = waiting_for_staff(connection)
    assert (row.sender_id, row.callback_phone) == ("callback-only", "+79123456789")
