"""Exports: filtered conversations as CSV or JSON Lines, accepted corrections as Rasa NLU data."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any, Iterable, Iterator, Mapping, Sequence
from zoneinfo import ZoneInfo

import yaml

from clinic.redaction import redact_personal_data

EXPORT_COLUMNS = (
    "conversation",
    "channel",
    "language",
    "started_at",
    "at",
    "speaker",
    "text",
    "intent",
    "confidence",
)
# Spreadsheet programs run a cell that starts with one of these as a formula.
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Excel reads a CSV file as UTF-8 (Cyrillic and Arabic intact) only when it starts with this mark.
BYTE_ORDER_MARK = "\ufeff"


def export_records(
    conversations: Iterable[Mapping[str, Any]],
    messages_by_sender: Mapping[str, Sequence[Mapping[str, Any]]],
    redact: bool,
    zone: ZoneInfo,
) -> Iterator[dict[str, Any]]:
    """One record per message of the exported conversations.

    Args:
        conversations: Rows of the conversation index.
        messages_by_sender: Each conversation's turns (`speaker`, `at`, `text`, `intent`, `confidence`).
        redact: Whether to replace phone numbers and e-mail addresses.
        zone: The clinic's time zone: times are written in it, with their offset, as on screen.

    Yields:
        Flat records with the columns of `EXPORT_COLUMNS`.
    """
    for conversation in conversations:
        started = dt.datetime.fromtimestamp(conversation["started_at"], zone).isoformat(timespec="seconds")
        for message in messages_by_sender.get(conversation["sender_id"], ()):
            text = str(message.get("text") or "")
            yield {
                "conversation": conversation["sender_id"],
                "channel": conversation.get("channel"),
                "language": conversation.get("language"),
                "started_at": started,
                "at": dt.datetime.fromtimestamp(message["at"], zone).isoformat(timespec="seconds"),
                "speaker": message["speaker"],
                "text": redact_personal_data(text) if redact else text,
                "intent": message.get("intent"),
                "confidence": message.get("confidence"),
            }


def _spreadsheet_safe(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_PREFIXES):
        return "'" + value
    return value


def to_csv(records: Iterable[Mapping[str, Any]]) -> str:
    """CSV for spreadsheets: a byte-order mark, a header row, and formulas neutralised."""
    buffer = io.StringIO()
    buffer.write(BYTE_ORDER_MARK)
    writer = csv.DictWriter(buffer, fieldnames=EXPORT_COLUMNS)
    writer.writeheader()
    for record in records:
        writer.writerow({key: _spreadsheet_safe(value) for key, value in record.items()})
    return buffer.getvalue()


def to_json_lines(records: Iterable[Mapping[str, Any]]) -> str:
    """One JSON object per line, UTF-8 text kept readable."""
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)


class _LiteralText(str):
    """A block of examples, written as a YAML literal like the files under data/nlu/."""


def _literal(dumper: yaml.SafeDumper, value: _LiteralText) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")


def _nlu_dumper() -> type[yaml.SafeDumper]:
    class NluDumper(yaml.SafeDumper):
        """A safe dumper that writes example blocks as literals, leaving PyYAML's global dumper as it is."""

    NluDumper.add_representer(_LiteralText, _literal)
    return NluDumper


# The NLU inbox's choice for a message that is no question at all: recorded, never exported.
NOT_A_QUESTION = "not_a_question"


def nlu_training_data(corrections: Iterable[Mapping[str, Any]], language: str) -> str:
    """Accepted corrections of one language as a Rasa 3 NLU training-data file.

    Args:
        corrections: Rows with `text`, `intent` and `language`.
        language: "ru" or "ar".

    Returns:
        YAML ready to be saved under `data/nlu/<language>/`.
    """
    by_intent: dict[str, list[str]] = {}
    for correction in corrections:
        if correction["language"] != language or correction["intent"] == NOT_A_QUESTION:
            continue
        # One example per line: line breaks inside a message would split it.
        text = " ".join(str(correction["text"]).split())
        if text and text not in by_intent.setdefault(correction["intent"], []):
            by_intent[correction["intent"]].append(text)
    document = {
        "version": "3.1",
        "nlu": [
            {"intent": intent, "examples": _LiteralText("".join(f"- {text}\n" for text in texts))}
            for intent, texts in sorted(by_intent.items())
            if texts
        ],
    }
    dumper = _nlu_dumper()
    header = f"# Corrections accepted in the staff console ({language}); review, then add under data/nlu/{language}/.\n"
    return header + yaml.dump(document, Dumper=dumper, allow_unicode=True, sort_keys=False)
