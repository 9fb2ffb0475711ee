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

configure_rasa(7.5)
assert actions.DEFAULT_REQUEST_TIMEOUT == 7.5
store = InMemoryTrackerStore(Domain.empty())
assert Agent._create_tracker_store(store, Domain.empty()) is store, "no silent in-memory fallback wrapper"
remote = actions.RemoteAction("action_x", None)
assert remote._validate_action_result({"events": [], "responses": [{"text": "ok"}]})
from rasa.shared.core.events import Event, UserUttered, SlotSet
assert Event.resolve_by_type("user") is UserUttered and Event.resolve_by_type("slot") is SlotSet
assert Event.resolve_by_type("no such event", default=SlotSet) is SlotSet
try:
    remote._validate_action_result({"events": "not a list"})
except jsonschema.ValidationError:
    print("rejected")
"""


def test_action_timeout_tracker_store_and_response_validation():
    result = subprocess.run(
        [sys.executable, "-c", CHECK], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().endswith("rejected")
