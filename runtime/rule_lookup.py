"""RulePolicy's rule matching, stopping where Rasa's own loop stops learning anything.

Rasa's RulePolicy compares every state of the conversation, newest first, with every rule
still possible; a rule of n states is satisfied by any state older than its n-th, so past the
longest rule still possible every comparison says yes. At message 40 the conversation has over
a hundred states against rules of a few, and the useless comparisons grew with it.
"""

from __future__ import annotations

from typing import Any, Dict, List, Set

from rasa.core.policies.rule_policy import RulePolicy
from rasa.shared.core.domain import State


def possible_rule_keys(policy: RulePolicy, lookup: Dict[str, Any], states: List[State]) -> Set[str]:
    """The rules of `lookup` that the conversation's `states` satisfy, as `RulePolicy._get_possible_keys`."""
    possible_keys = set(lookup.keys())
    lengths = {key: len(policy._rule_key_to_state(key)) for key in possible_keys}
    for turn_index, state in enumerate(reversed(states)):
        if turn_index >= max((lengths[key] for key in possible_keys), default=0):
            break
        possible_keys = {key for key in possible_keys if policy._is_rule_applicable(key, turn_index, state)}
    return possible_keys


def states_summary(states: List[Dict[str, Any]]) -> str:
    """What Rasa's policies write to the debug log for a conversation's states: their number only.

    Rasa's own summary quotes the patient's messages (never written to a log here) and cost a
    pass over every state of the conversation on each prediction, logged or not.
    """
    return f"{len(states)} dialogue states"
