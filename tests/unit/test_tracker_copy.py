import random

import pytest
from rasa.shared.core.events import (
    ActionExecuted,
    ActionExecutionRejected,
    ActionReverted,
    ActiveLoop,
    BotUttered,
    ConversationPaused,
    ConversationResumed,
    FollowupAction,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity

from runtime.tracker_copy import copied
from tests.unit.test_past_states import TEST_DOMAIN

KINDS = [
    lambda rng: [ActionExecuted("action_listen"), UserUttered("текст", {"name": rng.choice(["greet", "ask_pain"])})],
    lambda rng: [ActionExecuted(rng.choice(["action_answer", "callback_form"]))],
    lambda rng: [BotUttered("ответ", {"custom": {"n": rng.random()}})],
    lambda rng: [SlotSet(rng.choice(["topic", "answered", "phone"]), rng.choice(["pain", True, None, ["a"]]))],
    lambda rng: [rng.choice([ActiveLoop("callback_form"), ActiveLoop(None), ActionExecutionRejected("callback_form")])],
    lambda rng: [rng.choice([ConversationPaused(), ConversationResumed(), FollowupAction("action_answer")])],
    lambda rng: [rng.choice([UserUtteranceReverted(), ActionReverted(), Restarted(), SessionStarted()])],
]


def _state(tracker: DialogueStateTracker) -> tuple:
    slots = {name: (slot.value, slot._has_been_set) for name, slot in tracker.slots.items()}
    return (
        tracker.current_state(EventVerbosity.ALL),
        slots,
        tracker._paused,
        tracker.followup_action,
        tracker.latest_action,
        tracker.active_loop,
        tracker.latest_message,
        tracker.latest_bot_utterance,
        tracker.model_id,
        type(tracker.slots),
    )


@pytest.mark.parametrize("seed", range(20))
def test_a_copy_is_in_the_state_rasas_replaying_copy_is(seed):
    rng = random.Random(seed)
    tracker = DialogueStateTracker.from_events(f"patient-{seed}", [], TEST_DOMAIN.slots if seed % 2 else None)
    tracker.model_id = "model"
    for _ in range(80):
        for event in rng.choice(KINDS)(rng):
            tracker.update(event, TEST_DOMAIN)
        duplicate = copied(tracker)
        assert _state(duplicate) == _state(tracker.copy())
        # Changing the copy, as a rejected action's events do, leaves the original alone.
        duplicate.update(ActionExecutionRejected(tracker.active_loop_name or "callback_form"))
        duplicate.update(SlotSet("topic", "cost"))
        duplicate.update(ActiveLoop("callback_form"))
        assert _state(copied(tracker)) == _state(tracker.copy())
