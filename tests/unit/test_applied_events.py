from rasa.shared.core.events import ActionExecuted, BotUttered, UserUtteranceReverted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from runtime.applied_events import applied_events_once


def test_the_answer_is_computed_once_per_set_of_events_and_follows_every_new_event():
    calls = []

    def rasas(tracker):
        calls.append(len(tracker.events))
        return DialogueStateTracker.applied_events(tracker)

    applied_events = applied_events_once(rasas)
    tracker = DialogueStateTracker.from_events("patient", [ActionExecuted("action_listen"), UserUttered("раз")])
    first = applied_events(tracker)
    first.clear()  # a caller editing its list changes nobody else's
    assert applied_events(tracker) == DialogueStateTracker.applied_events(tracker)
    assert calls == [2]
    for event in (BotUttered("ответ"), UserUtteranceReverted()):
        tracker.update(event)
        assert applied_events(tracker) == DialogueStateTracker.applied_events(tracker)
    assert calls == [2, 3, 4]
    assert [type(event).__name__ for event in applied_events(tracker)] == []
