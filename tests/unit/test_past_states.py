import random
from pathlib import Path

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActionReverted,
    ActiveLoop,
    BotUttered,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from runtime.past_states import PastStates

TEST_DOMAIN = Domain.from_yaml(
    """
version: "3.1"
intents: [greet, ask_pain, ask_cost, affirm]
entities: [drug]
slots:
  topic:
    type: categorical
    values: [pain, cost]
    mappings: [{type: custom}]
  answered:
    type: bool
    initial_value: false
    mappings: [{type: custom}]
  phone:
    type: text
    mappings: [{type: custom}]
forms:
  callback_form:
    required_slots: [phone]
responses:
  utter_greet: [{text: hi}]
actions: [action_answer, action_clarify]
"""
)
RULE_ONLY = {"rule_only_slots": ["answered"], "rule_only_loops": ["callback_form"]}


def _random_event(rng: random.Random, allow_rewrites: bool):
    roll = rng.random()
    if roll < 0.3:
        intent = rng.choice(["greet", "ask_pain", "ask_cost", "affirm"])
        entities = [{"entity": "drug", "value": "botox"}] if rng.random() < 0.3 else []
        return [ActionExecuted("action_listen"), UserUttered(f"text {intent}", {"name": intent}, entities)]
    if roll < 0.6:
        return [
            ActionExecuted(
                rng.choice(["action_answer", "utter_greet", "action_clarify"]), hide_rule_turn=rng.random() < 0.3
            )
        ]
    if roll < 0.75:
        return [SlotSet(rng.choice(["topic", "answered", "phone"]), rng.choice(["pain", "cost", True, None]))]
    if roll < 0.8:
        return [BotUttered("ответ")]
    if not allow_rewrites:
        return [ActionExecuted("action_answer")]
    return [
        rng.choice(
            [
                UserUtteranceReverted(),
                ActionReverted(),
                ActiveLoop("callback_form"),
                ActiveLoop(None),
                ActionExecuted("callback_form"),
                SessionStarted(),
                Restarted(),
            ]
        )
    ]


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("allow_rewrites", [False, True])
def test_states_equal_rasas_after_every_event(seed, allow_rewrites):
    rng = random.Random(seed)
    past_states = PastStates()
    tracker = DialogueStateTracker.from_events(f"patient-{seed}", [], TEST_DOMAIN.slots)
    for step in range(60):
        for event in _random_event(rng, allow_rewrites):
            tracker.update(event, TEST_DOMAIN)
        if step % 5 == 4:  # the next turn: the tracker is rebuilt from the store's JSON
            stored = [event.as_dict() for event in tracker.events]
            tracker = DialogueStateTracker.from_dict(tracker.sender_id, stored, TEST_DOMAIN.slots)
        for ignore_rule_only_turns in (False, True):
            rule_only = RULE_ONLY if ignore_rule_only_turns else None
            expected = TEST_DOMAIN.states_for_tracker_history(tracker, False, ignore_rule_only_turns, rule_only)
            got = past_states(tracker, TEST_DOMAIN, False, ignore_rule_only_turns, rule_only)
            assert got == expected
            for state in got:  # as Rasa's featurizer does; must not reach the kept states
                state.get("user", {}).pop("intent", None)
                state.pop("slots", None)
    if not allow_rewrites:
        assert past_states.continued >= 2 * 60 - 2


def test_another_tracker_of_the_same_conversation_starts_over():
    domain = Domain.load(Path(__file__).resolve().parents[2] / "domain.yml")
    events = [
        ActionExecuted("action_listen"),
        UserUttered("боль?", {"name": "ask_pain"}),
        ActionExecuted("action_answer"),
    ]
    past_states = PastStates()
    tracker = DialogueStateTracker.from_events("patient", events, domain.slots)
    past_states(tracker, domain)
    other = DialogueStateTracker.from_events("patient", events[:2], domain.slots)
    assert past_states(other, domain) == domain.states_for_tracker_history(other)
    assert past_states(tracker, domain) == domain.states_for_tracker_history(tracker)
