import json
import random

from rasa.core.policies.rule_policy import RulePolicy
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource

from runtime.rule_lookup import possible_rule_keys, states_summary

INTENTS = ["greet", "ask_pain", "report_emergency", "affirm"]
ACTIONS = ["action_listen", "action_answer_faq", "action_emergency", "action_clarify"]


def _state(rng: random.Random, start: bool = False) -> dict:
    state = {"user": {"intent": rng.choice(INTENTS)}}
    if not start:
        state["prev_action"] = {"action_name": rng.choice(ACTIONS)}
    if rng.random() < 0.3:
        state["slots"] = {"urgent": (1.0,)}
    return state


def _rule(rng: random.Random) -> str:
    length = rng.randint(1, 4)
    conversation_start = rng.random() < 0.2
    return json.dumps([_state(rng, start=conversation_start and index == 0) for index in range(length)])


def test_the_rules_found_are_rasas_for_conversations_of_any_length(tmp_path):
    policy = RulePolicy(
        RulePolicy.get_default_config(),
        LocalModelStorage(tmp_path),
        Resource("rules"),
        ExecutionContext(GraphSchema({}), "test"),
    )
    rng = random.Random(3)
    found = 0
    for _ in range(300):
        lookup = {_rule(rng): "action" for _ in range(rng.randint(1, 30))}
        length = rng.randint(1, 40)
        states = [_state(rng, start=index == 0) for index in range(length)]
        if rng.random() < 0.5:  # end the conversation as one of the rules does, so some match
            rule = json.loads(rng.choice(list(lookup)))
            states = (states[: max(0, length - len(rule))] + rule)[-max(length, len(rule)) :]
        expected = RulePolicy._get_possible_keys(policy, lookup, states)
        assert possible_rule_keys(policy, lookup, states) == expected
        found += bool(expected)
    assert found > 50


def test_the_summary_of_states_quotes_no_patient_words():
    summary = states_summary([{"user": {"text": "у ребёнка опустилось веко"}}, {}])
    assert "веко" not in summary and "2" in summary
