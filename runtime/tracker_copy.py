"""Rasa's `DialogueStateTracker.copy`, field by field instead of replaying every event.

Rasa copies the conversation's tracker before every action it runs (so that a rejected
action's events can be thrown away) by building a new tracker and replaying all of the
session's events into it: at message 40 that is hundreds of events, for each action.
"""

from __future__ import annotations

import copy
from collections import deque

from rasa.shared.constants import DEFAULT_SENDER_ID
from rasa.shared.core.trackers import DialogueStateTracker


def copied(tracker: DialogueStateTracker) -> DialogueStateTracker:
    """A tracker in the state Rasa's `tracker.copy()` gives, built from the tracker's own state.

    The state of a tracker is a function of its events, so its fields are what a replay would
    set: the same events, slot values and latest messages; dictionaries that events change in
    place (the active loop, the latest action) are copied. As in Rasa's copy, the model and
    assistant ids are not carried over.
    """
    duplicate = DialogueStateTracker(
        tracker.sender_id or DEFAULT_SENDER_ID,
        tracker.slots.values(),
        tracker._max_event_history,
        is_rule_tracker=tracker.is_rule_tracker,
    )
    for name, slot in tracker.slots.items():
        duplicate.slots[name]._value = slot._value
        duplicate.slots[name]._has_been_set = slot._has_been_set
    duplicate.events = deque(tracker.events, tracker._max_event_history)
    duplicate._paused = tracker._paused
    duplicate.followup_action = tracker.followup_action
    duplicate.latest_action = dict(tracker.latest_action) if tracker.latest_action is not None else None
    duplicate.latest_message = tracker.latest_message
    duplicate.latest_bot_utterance = tracker.latest_bot_utterance
    duplicate.active_loop = copy.copy(tracker.active_loop)
    return duplicate
