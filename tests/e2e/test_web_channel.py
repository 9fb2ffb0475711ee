"""The website channel over real socket.io connections (python-socketio's client)."""

from __future__ import annotations

import uuid

import pytest
import requests
import socketio

from tests.e2e.support import SITE_ORIGIN, WidgetClient


@pytest.fixture
def server(stack) -> str:
    return f"http://localhost:{stack.config.rasa_port}"


@pytest.fixture
def clients(server):
    opened: list[WidgetClient] = []

    def open_client(**kwargs) -> WidgetClient:
        client = WidgetClient(server, **kwargs)
        opened.append(client)
        return client

    yield open_client
    for client in opened:
        client.close()


def tracker_events(stack, session_id: str) -> list[dict]:
    url = f"http://localhost:{stack.config.rasa_port}/conversations/{session_id}/tracker"
    response = requests.get(url, params={"token": stack.config.auth_token}, timeout=30)
    response.raise_for_status()
    return response.json()["events"]


def test_a_new_session_is_greeted_in_the_language_the_page_asked_for(clients):
    client = clients()
    session = client.call("session_request", {"language": "ar"})
    assert session["is_new"] and session["session_id"].startswith("web-") and session["history"] == []
    greeting = client.wait_for_messages(1)[0]["text"]
    assert any("\u0600" <= char <= "\u06ff" for char in greeting)
    assert not any("\u0400" <= char <= "\u04ff" for char in greeting)


def test_a_second_client_cannot_join_or_write_into_another_session(clients, stack):
    patient = clients()
    session = patient.call("session_request", {"language": "ru"})
    patient.wait_for_messages(1)
    intruder = clients()
    stolen = intruder.call(
        "session_request", {"session_id": session["session_id"], "token": "guessed", "language": "ru"}
    )
    assert stolen["session_id"] != session["session_id"] and stolen["history"] == []
    intruder.wait_for_messages(1)
    assert intruder.call("user_uttered", {"message": "Сколько держится эффект?", "session_id": session["session_id"]})[
        "ok"
    ]
    assert patient.call("user_uttered", {"message": "Это больно?"})["ok"]
    patient_texts = [m["text"] for m in patient.wait_for_messages(2)]
    intruder_texts = [m["text"] for m in intruder.wait_for_messages(2)]
    assert patient_texts[-1] != intruder_texts[-1]
    assert patient_texts[-1] not in intruder_texts and intruder_texts[-1] not in patient_texts
    patient_user_texts = [e["text"] for e in tracker_events(stack, session["session_id"]) if e["event"] == "user"]
    assert "Сколько держится эффект?" not in patient_user_texts and "Это больно?" in patient_user_texts


def test_resuming_with_the_token_returns_the_stored_history(clients, stack):
    first = clients()
    session = first.call("session_request", {"language": "ru"})
    first.wait_for_messages(1)
    assert first.call("user_uttered", {"message": "Сколько действует ботокс?"})["ok"]
    live = first.wait_for_messages(2)
    first.close()
    again = clients()
    resumed = again.call("session_request", {"session_id": session["session_id"], "token": session["token"]})
    assert resumed["session_id"] == session["session_id"] and not resumed["is_new"]
    stored_bot_texts = [e["text"] for e in tracker_events(stack, session["session_id"]) if e["event"] == "bot"]
    assert [m["text"] for m in resumed["history"] if m["sender"] == "bot"] == stored_bot_texts
    assert [m["text"] for m in live] == stored_bot_texts
    assert [m["text"] for m in resumed["history"] if m["sender"] == "user"] == ["Сколько действует ботокс?"]


def test_replies_reach_every_open_tab_of_the_session(clients):
    tab = clients()
    session = tab.call("session_request", {"language": "ru"})
    tab.wait_for_messages(1)
    other_tab = clients()
    other_tab.call("session_request", {"session_id": session["session_id"], "token": session["token"]})
    assert tab.call("user_uttered", {"message": "Какие есть препараты?"})["ok"]
    turn = tab.wait_for_messages(3)[1:]
    assert [m["text"] for m in other_tab.wait_for_messages(len(turn))] == [m["text"] for m in turn]


def test_origins_outside_the_allow_list_cannot_connect(server):
    with pytest.raises(socketio.exceptions.ConnectionError):
        WidgetClient(server, origin="https://evil.example")


def test_over_long_messages_are_refused_and_nothing_is_stored(clients, stack):
    client = clients()
    session = client.call("session_request", {"language": "ru"})
    client.wait_for_messages(1)
    assert client.call("user_uttered", {"message": "а" * 10_001}) == {"error": "too_long"}
    assert client.call("user_uttered", {"message": None}) == {"error": "invalid"}
    user_events = [e for e in tracker_events(stack, session["session_id"]) if e["event"] == "user"]
    assert [e["text"] for e in user_events] == ["/greet"]


def test_messages_before_a_session_are_refused(clients):
    assert clients().call("user_uttered", {"message": "Здравствуйте"}) == {"error": "no_session"}


def test_feedback_is_stored_in_the_conversation(clients, stack):
    client = clients()
    session = client.call("session_request", {"language": "ru"})
    client.wait_for_messages(1)
    client.call("user_uttered", {"message": "Больно ли делать уколы?"})
    answer = client.wait_for_messages(2)[-1]["text"]
    assert client.call("feedback", {"text": answer, "rating": "down"}) == {"ok": True}
    assert client.call("feedback", {"text": "something the bot never said", "rating": "up"}) == {"error": "invalid"}
    feedback = [e["value"] for e in tracker_events(stack, session["session_id"]) if e.get("name") == "feedback"]
    assert len(feedback) == 1 and feedback[0]["rating"] == "down" and feedback[0]["bot_text"] == answer


def test_the_interface_texts_allow_only_listed_origins(server):
    allowed = requests.get(f"{server}/webhooks/web/ui", headers={"Origin": SITE_ORIGIN}, timeout=10)
    assert allowed.headers["Access-Control-Allow-Origin"] == SITE_ORIGIN
    assert allowed.json()["strings"]["ar"]["disclaimer"] and allowed.json()["max_message_chars"] == 2000
    other = requests.get(f"{server}/webhooks/web/ui", headers={"Origin": "https://evil.example"}, timeout=10)
    assert "Access-Control-Allow-Origin" not in other.headers


def test_patient_text_stays_out_of_the_logs(clients, stack):
    marker = f"маркер{uuid.uuid4().hex[:8]}"
    client = clients()
    client.call("session_request", {"language": "ar"})
    client.wait_for_messages(1)
    assert client.call("user_uttered", {"message": f"هل الحقن مؤلمة {marker}؟"})["ok"]
    logs = list(stack.config.log_dir.glob("*.log"))
    assert logs and all(marker not in log.read_text(encoding="utf-8", errors="replace") for log in logs)
