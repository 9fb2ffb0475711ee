"""Dialogue states computed once per event of a turn, not once per policy and prediction.

Rasa's policies ask for the conversation's past states several times per turn (RulePolicy
with the text and with the intent, MemoizationPolicy, after the patient's message and again
after each action), and each time Rasa replays every event of the session and builds a state
at each action: at message 40 that was a fifth of the turn. `past_states` computes the same
list as Rasa's `Domain.states_for_tracker_history`, but keeps where it got to per conversation
and continues from there while the conversation only gains events, in this turn and the next
(whose tracker is rebuilt from the store: the events are recognised by kind and timestamp, which
a JSON round trip keeps exactly). A revert, a restart, a new session or a loop event starts it
over, as does a tracker whose events are not those seen before.
"""

from __future__ import annotations

import copy
import itertools
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, Dict, List, Tuple, cast

from rasa.shared.core.constants import PREVIOUS_ACTION, USER
from rasa.shared.core.domain import Domain, State, SubState
from rasa.shared.core.events import (
    ActionExecuted,
    ActionReverted,
    ActiveLoop,
    Event,
    Restarted,
    SessionStarted,
    UserUtteranceReverted,
)
from rasa.shared.core.trackers import DialogueStateTracker

# Events after which the applied events are no longer the old ones plus the new.
_REWRITING = (Restarted, SessionStarted, ActionReverted, UserUtteranceReverted, ActiveLoop)
# Conversations in flight whose positions are kept (two per conversation: with and without rule turns).
MAX_CURSORS = 512


@dataclass
class _Cursor:
    """How far the states of one conversation were computed, for one set of options."""

    domain: Domain
    rule_only_data: Dict[str, Any] | None
    first_event: Tuple[str, float]
    consumed: int
    last_event: Tuple[str, float]
    loop_names: set[str]
    replay: DialogueStateTracker
    states: List[State] = field(default_factory=list)
    last_ml_action: SubState | None = None
    turn_was_hidden: bool = False

    def follows(self, tracker: DialogueStateTracker, domain: Domain, rule_only_data: Any) -> bool:
        """Whether `tracker` is this cursor's conversation with only events added since."""
        events = tracker.events
        return (
            self.domain is domain
            and self.rule_only_data == rule_only_data
            and len(events) >= self.consumed
            and _mark(events[0]) == self.first_event
            and _mark(events[self.consumed - 1]) == self.last_event
        )


def _mark(event: Event) -> Tuple[str, float]:
    return event.type_name, event.timestamp


class PastStates:
    """Past states of conversations, computed incrementally (see the module's docstring)."""

    def __init__(self, max_cursors: int = MAX_CURSORS) -> None:
        """Keeps the positions of at most `max_cursors` conversation and option pairs."""
        self.max_cursors = max_cursors
        # Calls that continued from a kept position instead of replaying the whole session.
        self.continued = 0
        self._cursors: OrderedDict[Tuple[str, bool, bool], _Cursor] = OrderedDict()

    def __call__(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        omit_unset_slots: bool = False,
        ignore_rule_only_turns: bool = False,
        rule_only_data: Dict[str, Any] | None = None,
    ) -> List[State]:
        """The tracker's past states, as `Domain.states_for_tracker_history` gives them."""
        if not tracker.events:
            states: List[State] = domain.states_for_tracker_history(
                tracker, omit_unset_slots, ignore_rule_only_turns, rule_only_data
            )
            return states
        key = (tracker.sender_id, omit_unset_slots, ignore_rule_only_turns)
        # Rule-only data changes nothing unless rule turns are left out (RulePolicy passes it anyway).
        rule_only_data = rule_only_data if ignore_rule_only_turns else None
        cursor = self._cursors.get(key)
        new_events = None
        if cursor is not None and cursor.follows(tracker, domain, rule_only_data):
            new_events = list(itertools.islice(tracker.events, cursor.consumed, None))
            if any(_rewrites(event, cursor.loop_names) for event in new_events):
                new_events = None
            else:
                self.continued += 1
        if cursor is None or new_events is None:
            cursor = _Cursor(
                domain,
                rule_only_data,
                _mark(tracker.events[0]),
                0,
                _mark(tracker.events[0]),
                set(),
                tracker.init_copy(),
            )
            cursor.loop_names.update(e.name for e in tracker.events if isinstance(e, ActiveLoop) and e.name)
            new_events = tracker.applied_events()
        step = _Step(domain, omit_unset_slots, ignore_rule_only_turns, rule_only_data)
        for event in new_events:
            if isinstance(event, ActionExecuted):
                step.take(cursor, hide_rule_turn=event.hide_rule_turn)
            cursor.replay.update(event)
        cursor.consumed, cursor.last_event = len(tracker.events), _mark(tracker.events[-1])
        self._remember(key, cursor)
        # The last state (after every event) is not kept: the next event changes it.
        ending = copy.copy(cursor)
        ending.states = list(cursor.states)
        step.take(ending, hide_rule_turn=False)
        # Rasa's featurizer drops the text or the intent from the states' user part in place.
        return [{**state, USER: dict(state[USER])} if USER in state else dict(state) for state in ending.states]

    def _remember(self, key: Tuple[str, bool, bool], cursor: _Cursor) -> None:
        self._cursors[key] = cursor
        self._cursors.move_to_end(key)
        while len(self._cursors) > self.max_cursors:
            self._cursors.popitem(last=False)


def _rewrites(event: Event, loop_names: set[str]) -> bool:
    return isinstance(event, _REWRITING) or (isinstance(event, ActionExecuted) and event.action_name in loop_names)


@dataclass(frozen=True)
class _Step:
    """One pass of the loop body of `Domain.states_for_tracker_history`, unchanged."""

    domain: Domain
    omit_unset_slots: bool
    ignore_rule_only_turns: bool
    rule_only_data: Dict[str, Any] | None

    def take(self, cursor: _Cursor, hide_rule_turn: bool) -> None:
        """Adds the state of `cursor.replay` before its next action (unless the turn is hidden)."""
        tracker = cursor.replay
        if self.ignore_rule_only_turns:
            if not cursor.turn_was_hidden:
                cursor.last_ml_action = self.domain._get_prev_action_sub_state(tracker)
            if not tracker.followup_action and tracker.latest_action_name != tracker.active_loop_name:
                cursor.turn_was_hidden = hide_rule_turn
            if cursor.turn_was_hidden:
                return
        state = self.domain.get_active_state(tracker, omit_unset_slots=self.omit_unset_slots)
        if self.ignore_rule_only_turns:
            self.domain._remove_rule_only_features(state, self.rule_only_data)
            if cursor.states:
                self.domain._substitute_rule_only_user_input(state, cursor.states[-1])
            if cursor.last_ml_action:
                state[PREVIOUS_ACTION] = cast(SubState, cursor.last_ml_action)
        cursor.states.append(self.domain._clean_state(state))
