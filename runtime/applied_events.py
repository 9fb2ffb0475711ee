"""A tracker's applied events computed once per set of events, not once per question.

Rasa asks a tracker for its applied events (its events without the reverted ones) several
times per turn: to see whether the session is empty, to find the latest user message for the
session's expiry, to copy the tracker before each action and to compute the dialogue states.
Each time it walked the whole session again, so the cost grew with the conversation.
"""

from __future__ import annotations

from typing import Callable, List, Tuple

from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker

# Where the tracker keeps its last answer: (number of events, id of the newest), events.
_KEPT = "_clinic_applied_events"


def applied_events_once(compute: Callable[[DialogueStateTracker], List[Event]]) -> Callable[..., List[Event]]:
    """Rasa's `applied_events` (`compute`), answered from the tracker's last answer while no event was added.

    Events are only ever appended to a tracker, so its number of events and its newest event
    say whether the answer still holds. Each caller gets its own list (some edit it).
    """

    def applied_events(tracker: DialogueStateTracker) -> List[Event]:
        events = tracker.events
        mark = (len(events), id(events[-1]) if events else 0)
        kept: Tuple[Tuple[int, int], List[Event]] | None = tracker.__dict__.get(_KEPT)
        if kept is None or kept[0] != mark:
            kept = (mark, compute(tracker))
            tracker.__dict__[_KEPT] = kept
        return list(kept[1])

    return applied_events
