from rasa.shared.core.events import ActionExecuted, SessionStarted, UserUttered

from runtime.kept_sessions import KeptSessions, StoredEvent, latest_session


def _session(first_id: int, count: int) -> list[StoredEvent]:
    return [StoredEvent(first_id + index, UserUttered(f"m{index}", timestamp=100 + index)) for index in range(count)]


def test_the_least_recently_used_conversation_goes_first_when_the_budget_is_spent():
    kept = KeptSessions(max_events=10)
    kept.keep("a", _session(1, 4))
    kept.keep("b", _session(10, 4))
    assert kept.get("a") is not None  # "a" is now the most recently used
    kept.keep("c", _session(20, 4))
    assert kept.get("b") is None and kept.get("a") is not None and kept.get("c") is not None
    assert kept.event_count == 8


def test_a_conversation_larger_than_the_budget_is_not_kept():
    kept = KeptSessions(max_events=3)
    kept.keep("a", _session(1, 4))
    assert kept.get("a") is None and kept.event_count == 0


def test_extending_adds_rows_to_a_kept_conversation_only():
    kept = KeptSessions(max_events=100)
    kept.extend("unknown", _session(1, 2))
    assert kept.get("unknown") is None
    kept.keep("a", _session(1, 2))
    kept.extend("a", _session(3, 2))
    assert [stored.row_id for stored in kept.get("a")] == [1, 2, 3, 4]
    kept.forget("a")
    assert kept.get("a") is None and kept.event_count == 0


def test_the_latest_session_starts_at_the_last_session_start_by_time():
    old = _session(1, 3)
    start = [
        StoredEvent(4, ActionExecuted("action_session_start", timestamp=200)),
        StoredEvent(5, SessionStarted(timestamp=200)),
        StoredEvent(6, UserUttered("new", timestamp=201)),
    ]
    # As Rasa's query: by timestamp, so an event stamped as the start itself is in.
    assert [stored.row_id for stored in latest_session([*old, *start])] == [4, 5, 6]
    assert latest_session(old) == old
