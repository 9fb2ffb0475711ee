"""The doors hold: what one outsider's request sends never stops the server or reaches another patient.

Each test sends, over the real REST channel, what an attacker or a confused patient did send
(the rows of the "harden the doors" issue named in each docstring).
"""

from __future__ import annotations

import json
import uuid
from typing import Iterator

import pytest
import requests

from tests.e2e.conftest import Chat

URGENT_RU = "103"


def post(stack, body: bytes | dict | Iterator[bytes], **options) -> requests.Response:
    data = json.dumps(body).encode() if isinstance(body, dict) else body
    headers = {"Content-Type": "application/json", **options.pop("headers", {})}
    return requests.post(stack.config.rest_url, data=data, headers=headers, timeout=60, **options)


def server_answers(stack) -> bool:
    return requests.get(f"http://localhost:{stack.config.rasa_port}/", timeout=10).ok


@pytest.mark.parametrize("sender", ["\ud800", "a\x00b", "", "x" * 81, "../admin/accounts", "tg-700001", "WEB-abc"])
def test_a_sender_id_of_an_unsafe_form_or_another_channel_is_refused_and_the_server_lives(stack, sender):
    """Rows 1 and 4: a lone surrogate or a NUL made Rasa exit; tg-/web- ids wrote into other patients' chats."""
    response = post(stack, {"sender": sender, "message": "здравствуйте"})
    assert response.status_code == 400 and "sender" in response.json()["error"]
    assert server_answers(stack)


def test_the_rasa_api_survives_a_nul_in_a_conversation_id(stack):
    """Row 1, through the token-protected HTTP API (which takes any id the URL carries)."""
    url = f"http://localhost:{stack.config.rasa_port}/conversations/nul%00id/tracker"
    requests.get(url, params={"token": stack.config.auth_token}, timeout=30)
    assert server_answers(stack)


def test_a_body_past_the_hard_limit_is_refused_before_it_is_read(stack, knowledge):
    """Row 3: a 1.8 MB body froze every conversation for 14 s and was written to the database."""
    sender = f"e2e-huge-{uuid.uuid4().hex[:8]}"
    huge = json.dumps({"sender": sender, "message": "боль " * 400_000}).encode()
    assert post(stack, huge).status_code == 413
    limit = knowledge.settings.max_message_chars * 5
    assert post(stack, {"sender": sender, "message": "б" * (limit + 1)}).status_code == 413
    chunked = post(stack, iter([huge[i : i + 65536] for i in range(0, len(huge), 65536)]))
    assert chunked.status_code == 413
    chat = Chat(stack)
    chat.sender = sender
    assert not [event for event in chat.tracker()["events"] if event["event"] == "user"]
    assert "анестези" in Chat(stack).reply("больно ли колоть ботокс?")


def test_client_metadata_never_reaches_the_conversation(stack):
    """Row 4: a forged button title (with a link) showed in the widget's history and the console."""
    chat = Chat(stack)
    forged = {"button_title": '<a href="https://evil.example">Позвоните нам</a>', "synthetic": "greeting"}
    post(stack, {"sender": chat.sender, "message": "/ask_cost", "metadata": forged}).raise_for_status()
    (user,) = [event for event in chat.tracker()["events"] if event["event"] == "user"]
    assert "button_title" not in (user.get("metadata") or {}) and "synthetic" not in (user.get("metadata") or {})


def test_a_typed_payload_with_a_red_flag_still_gets_the_urgent_answer(chat):
    """Row 11: `/ask_pain@1.0 <red flag>` skipped the red-flag override."""
    replies = chat.say("/ask_pain@1.0 после укола ребёнок не может глотать")
    assert any(message.get("custom", {}).get("urgent") for message in replies)


@pytest.mark.parametrize("command", ["/restart", "/session_start"])
def test_a_typed_restart_neither_resets_the_conversation_nor_reports_a_problem(chat, knowledge, command):
    """Row 12: a patient typing /restart got a false "technical problem" notice and a reset tracker."""
    chat.reply("больно ли колоть ботокс?")
    reply = chat.reply(command)
    assert reply and knowledge.say("technical_problem", "ru") not in reply
    events = chat.tracker()["events"]
    assert not [event for event in events if event["event"] == "restart"]
    assert "больно ли колоть ботокс?" in [event.get("text") for event in events if event["event"] == "user"]


def test_a_typed_payload_is_never_written_to_the_log(chat, log_dir):
    """Row 7: Rasa's payload parser logged any "/..." message whole, at WARNING."""
    marker = f"мой номер 8912{uuid.uuid4().int % 10**7:07d}"
    chat.say(f'/ask_cost{{"note": "{marker}"')
    chat.say(f"/inform@0.9 {marker}")
    logs = "".join(path.read_text(encoding="utf-8", errors="replace") for path in log_dir.glob("*.log"))
    assert marker not in logs and "Failed to parse arguments" not in logs
