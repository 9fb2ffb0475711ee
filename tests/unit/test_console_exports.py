import csv
import io
import json
from zoneinfo import ZoneInfo

import yaml

from staff_console.exports import NOT_A_QUESTION, export_records, nlu_training_data, to_csv, to_json_lines

ZONE = ZoneInfo("Europe/Moscow")
CONVERSATION = {"sender_id": "web-1", "channel": "web", "language": "ru", "started_at": 1_700_000_000.0}
MESSAGES = {
    "web-1": [
        {
            "speaker": "patient",
            "at": 1_700_000_001.0,
            "text": "перезвоните 8 (912) 345-67-89, a@b.ru",
            "intent": "request_human",
            "confidence": 0.8,
        },
        {"speaker": "assistant", "at": 1_700_000_002.0, "text": '=HYPERLINK("x")', "intent": None, "confidence": None},
    ]
}


def test_exports_redact_personal_data_by_default_and_keep_it_only_when_asked():
    redacted = list(export_records([CONVERSATION], MESSAGES, redact=True, zone=ZONE))
    assert redacted[0]["text"] == "перезвоните [phone], [email]"
    kept = list(export_records([CONVERSATION], MESSAGES, redact=False, zone=ZONE))
    assert "345-67-89" in kept[0]["text"]


def test_csv_has_a_header_and_neutralises_formulas():
    text = to_csv(export_records([CONVERSATION], MESSAGES, redact=True, zone=ZONE))
    # The byte-order mark makes Excel read the file as UTF-8.
    assert text.startswith("\ufeffconversation,")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert [row["speaker"] for row in rows] == ["patient", "assistant"]
    assert rows[1]["text"].startswith("'=")


def test_times_are_the_clinics_as_on_screen():
    (first, _) = export_records([CONVERSATION], MESSAGES, redact=True, zone=ZONE)
    assert first["started_at"] == "2023-11-15T01:13:20+03:00" and first["at"] == "2023-11-15T01:13:21+03:00"


def test_json_lines_keep_unicode_readable():
    lines = to_json_lines(export_records([CONVERSATION], MESSAGES, redact=True, zone=ZONE)).splitlines()
    assert len(lines) == 2 and "перезвоните" in lines[0]
    assert json.loads(lines[0])["intent"] == "request_human"


def test_corrections_become_rasa_training_data_for_one_language():
    corrections = [
        {"text": "скока стоит укол", "intent": "ask_cost", "language": "ru"},
        {"text": "скока стоит укол", "intent": "ask_cost", "language": "ru"},
        {"text": "а после\nукола можно в баню?", "intent": "ask_aftercare", "language": "ru"},
        {"text": "بكم الابرة", "intent": "ask_cost", "language": "ar"},
    ]
    document = yaml.safe_load(nlu_training_data(corrections, "ru"))
    assert document["version"] == "3.1"
    assert document["nlu"] == [
        {"intent": "ask_aftercare", "examples": "- а после укола можно в баню?\n"},
        {"intent": "ask_cost", "examples": "- скока стоит укол\n"},
    ]
    arabic = yaml.safe_load(nlu_training_data(corrections, "ar"))
    assert arabic["nlu"] == [{"intent": "ask_cost", "examples": "- بكم الابرة\n"}]


def test_the_exported_file_is_valid_rasa_nlu_data():
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

    text = nlu_training_data([{"text": "قديش بيكلف", "intent": "ask_cost", "language": "ar"}], "ar")
    reader = RasaYAMLReader()
    reader.validate(text)
    data = reader.reads(text)
    assert [(example.get("text"), example.get("intent")) for example in data.intent_examples] == [
        ("قديش بيكلف", "ask_cost")
    ]


def test_messages_marked_not_a_question_are_never_exported():
    corrections = [
        {"text": "ыфва", "intent": NOT_A_QUESTION, "language": "ru"},
        {"text": "больно?", "intent": "ask_pain", "language": "ru"},
    ]
    document = yaml.safe_load(nlu_training_data(corrections, "ru"))
    assert [entry["intent"] for entry in document["nlu"]] == ["ask_pain"]
