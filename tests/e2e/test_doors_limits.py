"""Every door that makes a turn or a write is rate-limited, per conversation and per address.

A stack of its own with low limits, behind a (pretend) proxy: each test speaks from an address of
its own through X-Forwarded-For, as patients behind nginx do. Rows 5 and 6 of the "harden the
doors" issue; the stack also closes REST behind a token, as a clinic without REST clients would.
"""

from __future__ import annotations

import secrets
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from ops.stack import Stack
from tests.e2e.support import SITE_ORIGIN, WidgetClient, stack_config

RATE_LIMITED = "Вы пишете очень часто"
BUSY = "Я ещё отвечаю на ваши предыдущие сообщения"
TECHNICAL_PROBLEM = "техническая проблема"
LIMITS = {
    "CLINIC_SENDER_MESSAGES_PER_MINUTE": "30",
    "CLINIC_ADDRESS_MESSAGES_PER_MINUTE": "40",
    "CLINIC_RED_FLAG_MESSAGES_PER_MINUTE": "5",
    "CLINIC_ADDRESS_SESSIONS_PER_MINUTE": "5",
}
REST_TOKEN = secrets.token_urlsafe(32)


@pytest.fixture(scope="module")
def strict_stack(tmp_path_factory):
    env = {
        **LIMITS,
        "SANIC_PROXIES_COUNT": "1",
        "CLINIC_REST_TOKEN": REST_TOKEN,
        "CLINIC_WIDGET_ORIGINS": SITE_ORIGIN,
        "CLINIC_WIDGET_SECRET": secrets.token_hex(32),
    }
    config = stack_config(tmp_path_factory.mktemp("strict"), 5705, 5755, site_port=None, extra_env=env)
    with Stack(config) as stack:
        yield stack


def say(stack, text: str, address: str, sender: str | None = None) -> str:
    body = {"sender": sender or f"limits-{uuid.uuid4().hex[:10]}", "message": text}
    headers = {"X-Forwarded-For": address, "Authorization": f"Bearer {REST_TOKEN}"}
    response = requests.post(stack.config.rest_url, json=body, headers=headers, timeout=120)
    response.raise_for_status()
    return "\n".join(message.get("text", "") for message in response.json())


def widget(stack, address: str) -> WidgetClient:
    return WidgetClient(f"http://localhost:{stack.config.rasa_port}", headers={"X-Forwarded-For": address})


def test_rest_is_limited_per_address_whatever_senders_it_claims_and_red_flags_have_a_cap(strict_stack):
    replies = [say(strict_stack, "здравствуйте", "203.0.113.1") for _ in range(45)]
    assert sum(RATE_LIMITED in reply for reply in replies) >= 4
    assert RATE_LIMITED not in say(strict_stack, "здравствуйте", "203.0.113.2")
    # A 9,000-character "red flag" is no free pass: past the limits, five per minute and address,
    # beside what the address's own bucket refills while the flood is being answered (a slow machine
    # answers it over more seconds and so lets a few more through).
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=12) as pool:
        flood = list(
            pool.map(lambda _: say(strict_stack, "после укола не могу глотать " * 320, "203.0.113.1"), range(20))
        )
    refilled = int(LIMITS["CLINIC_ADDRESS_MESSAGES_PER_MINUTE"]) * (time.monotonic() - started) / 60
    cap = int(LIMITS["CLINIC_RED_FLAG_MESSAGES_PER_MINUTE"])
    urgent = sum("103" in reply for reply in flood)
    assert all("103" in reply or RATE_LIMITED in reply for reply in flood)
    assert cap <= urgent <= cap + refilled + 1, (urgent, refilled)


def test_session_requests_and_history_resumes_are_limited_per_address(strict_stack):
    client = widget(strict_stack, "203.0.113.3")
    try:
        first = client.call("session_request", {"language": "ru"})
        resume = {"session_id": first["session_id"], "token": first["token"], "language": "ru"}
        answers = [client.call("session_request", resume) for _ in range(4)]
        answers += [client.call("session_request", {"language": "ru"}) for _ in range(4)]
        assert sum(answer.get("error") == "rate_limited" for answer in answers) >= 3
    finally:
        client.close()


@pytest.mark.parametrize(("event", "data"), [("set_language", {"language": "ar"}), ("feedback", {"rating": "up"})])
def test_language_switches_and_feedback_are_limited(strict_stack, event, data):
    client = widget(strict_stack, f"203.0.113.{10 + len(event)}")
    try:
        client.call("session_request", {"language": "ru"})
        client.wait_for_messages(1)
        answers = [client.call(event, {**data, "text": "ok"}) for _ in range(45)]
        assert sum(answer.get("error") == "rate_limited" for answer in answers) >= 5
    finally:
        client.close()


def test_a_pile_of_messages_in_one_conversation_gets_a_polite_answer_not_a_lock_error(strict_stack):
    sender = f"limits-pile-{uuid.uuid4().hex[:8]}"
    with ThreadPoolExecutor(max_workers=25) as pool:
        replies = list(
            pool.map(lambda n: say(strict_stack, f"вопрос {n}: это больно?", "203.0.113.30", sender), range(25))
        )
    assert all(replies) and not any(TECHNICAL_PROBLEM in reply for reply in replies)
    assert sum(BUSY in reply for reply in replies) >= 10
    assert sum(BUSY not in reply and RATE_LIMITED not in reply for reply in replies) >= 3


@pytest.mark.parametrize("authorization", [None, "Bearer wrong-token", f"Basic {REST_TOKEN}"])
def test_with_a_rest_token_set_rest_callers_without_it_are_refused(strict_stack, authorization):
    headers = {"Authorization": authorization} if authorization else {}
    body = {"sender": f"limits-{uuid.uuid4().hex[:8]}", "message": "здравствуйте"}
    response = requests.post(strict_stack.config.rest_url, json=body, headers=headers, timeout=30)
    assert response.status_code == 401 and "token" in response.json()["error"]
