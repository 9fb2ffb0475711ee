import pytest

from channels.inbound import as_patient_text, button_payloads, rest_sender_problem
from channels.web_session import history_from_events
from clinic.contract import TYPED_SLASH_MARKER
from staff_console.transcript import read_conversation

PAYLOADS = button_payloads(["ask_cost", "ask_pain"]) | {"/out_of_scope"}


@pytest.mark.parametrize("sender", ["p1", "e2e-abc_1.2", "A" * 80])
def test_safe_rest_ids_are_accepted(sender):
    assert rest_sender_problem(sender) is None


@pytest.mark.parametrize(
    "sender", ["", "x" * 81, "-lead", "a b", "../admin", "a/b", "\ud800", "a\x00b", "tg-1", "Web-abc", 17, None]
)
def test_unsafe_ids_and_other_channels_prefixes_are_refused(sender):
    assert rest_sender_problem(sender)


@pytest.mark.parametrize("text", ["/ask_cost", "/out_of_scope", "сколько стоит?", "", "a /restart"])
def test_button_payloads_and_plain_text_pass_unchanged(text):
    assert as_patient_text(text, PAYLOADS) == text


@pytest.mark.parametrize("text", ["/restart", " /session_start", "/ask_pain@1.0 не могу глотать", '/ask_cost{"a":1}'])
def test_any_other_slash_text_is_marked_as_text(text):
    marked = as_patient_text(text, PAYLOADS)
    assert marked == TYPED_SLASH_MARKER + text.strip() and not marked.startswith("/")


def test_readers_of_the_history_show_the_text_as_typed():
    marked = as_patient_text("/restart", PAYLOADS)
    event = {"event": "user", "text": marked, "metadata": {}}
    assert read_conversation([(1, event)]).entries[0].text == "/restart"
    assert [message["text"] for message in history_from_events([event])] == ["/restart"]
