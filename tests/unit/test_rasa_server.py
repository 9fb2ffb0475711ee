"""runtime.rasa_server's changes to Rasa, checked in a separate interpreter (they change Rasa's modules)."""

import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CHECK = """
import jsonschema
import rasa.core.actions.action as actions
from rasa.core.agent import Agent
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from runtime.rasa_server import configure_rasa

import gc
import rasa.core.run
loading = rasa.core.run.load_agent_on_start
configure_rasa(7.5)
assert gc.get_threshold()[0] > 10_000 and rasa.core.run.load_agent_on_start is not loading
assert actions.DEFAULT_REQUEST_TIMEOUT == 7.5
store = InMemoryTrackerStore(Domain.empty())
assert Agent._create_tracker_store(store, Domain.empty()) is store, "no silent in-memory fallback wrapper"
remote = actions.RemoteAction("action_x", None)
assert remote._validate_action_result({"events": [], "responses": [{"text": "ok"}]})
from rasa.shared.core.events import Event, UserUttered, SlotSet
assert Event.resolve_by_type("user") is UserUttered and Event.resolve_by_type("slot") is SlotSet
assert Event.resolve_by_type("no such event", default=SlotSet) is SlotSet
from rasa.shared.core.events import ActionExecuted, BotUttered
from rasa.shared.core.trackers import DialogueStateTracker
said = [("раз", "ответ 1"), ("два", "ответ 2"), ("три", None)]
events = []
for text, answer in said:
    events += [ActionExecuted("action_listen"), UserUttered(text)]
    events += [ActionExecuted("action_x"), BotUttered(answer)] if answer else []
tracker = DialogueStateTracker.from_events("patient", events)
assert tracker.past_states(Domain.empty()) == Domain.empty().states_for_tracker_history(tracker)
assert tracker.copy().events == tracker.events and tracker.copy().latest_message == tracker.latest_message
sent = remote._action_call_format(tracker, Domain.empty())["tracker"]["events"]
kinds = [(event["event"], event.get("text") or event.get("name")) for event in sent]
expected = [("user", "раз"), ("user", "два"), ("action", "action_x"), ("bot", "ответ 2")]
assert kinds == [*expected, ("action", "action_listen"), ("user", "три")], kinds
try:
    remote._validate_action_result({"events": "not a list"})
except jsonschema.ValidationError:
    print("rejected")
"""


def test_action_timeout_tracker_store_response_validation_states_and_action_requests():
    result = subprocess.run(
        [sys.executable, "-c", CHECK], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().endswith("rejected")
