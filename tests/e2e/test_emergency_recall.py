"""Every emergency of every frozen evaluation set gets the urgent answer over REST, end to end.

Benign symptom mentions (a bruise, mild soreness, a question asked in advance) must not: at
most 2% of them per set and language may raise the alarm. The assistant runs with the address
rate limit lifted and a new conversation per message, so that every message of the burst is a
real turn (a refusal would pass the benign test for the wrong reason).
"""

from __future__ import annotations

import uuid

import pytest
import requests

from ops.stack import Stack
from scripts.evaluation_sets import BENIGN, EMERGENCY, LANGUAGES, available_sets, load_set
from tests.e2e.support import stack_config

RASA_PORT, ACTION_PORT = 5405, 5455
MAX_FALSE_ALARMS = 0.02


@pytest.fixture(scope="module")
def say(tmp_path_factory):
    """Sends one message as a new patient and returns the reply."""
    config = stack_config(
        tmp_path_factory.mktemp("recall"),
        RASA_PORT,
        ACTION_PORT,
        site_port=None,
        console_port=None,
        extra_env={"CLINIC_ADDRESS_MESSAGES_PER_MINUTE": "1000000"},
    )
    with Stack(config) as running:

        def send(text: str) -> list[dict]:
            body = {"sender": f"recall-{uuid.uuid4().hex[:12]}", "message": text}
            response = requests.post(running.config.rest_url, json=body, timeout=60)
            response.raise_for_status()
            replies = response.json()
            assert replies, "the assistant sent no reply"
            return replies

        yield send


def is_urgent(replies: list[dict]) -> bool:
    """Whether a REST reply carries the urgent answer's marker."""
    return any((message.get("custom") or {}).get("urgent") for message in replies)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", available_sets())
def test_every_emergency_gets_the_urgent_answer(say, name, language):
    emergencies = [item.text for item in load_set(name, language) if item.kind == EMERGENCY]
    missed = [text for text in emergencies if not is_urgent(say(text))]
    assert not missed, f"{len(missed)} of {len(emergencies)} emergencies without the urgent answer"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", available_sets())
def test_benign_symptom_mentions_rarely_raise_the_alarm(say, name, language):
    benign = [item.text for item in load_set(name, language) if item.kind == BENIGN]
    alarms = [text for text in benign if is_urgent(say(text))]
    assert len(alarms) <= MAX_FALSE_ALARMS * len(benign), f"{len(alarms)} of {len(benign)} benign mentions alarmed"
