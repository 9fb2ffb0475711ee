"""`rasa` with nine of Rasa 3.6's fixed behaviours changed, for patients' sake and for speed.

    python -m runtime.rasa_server run --model ...  (the same arguments as `rasa run`)
    python -m runtime.rasa_server shell --model ...  (`make shell`: the same changes in the terminal)

1. Custom actions time out after CLINIC_ACTION_TIMEOUT_SECONDS (10 s by default) instead of
   Rasa's fixed 300 s. Rasa then logs the failed action and ends the turn without a reply, and
   the channels send the "technical problem, please call the clinic" notice: a hung action
   server costs the patient seconds, not five minutes.
2. A tracker store that fails is an error, not a silent switch to memory. Rasa wraps every
   tracker store in `FailSafeTrackerStore`, which on a database error carries on in memory and
   loses the conversation; here the error reaches the channel, which tells the patient (the
   widget and Telegram: the notice; REST: HTTP 500), and the store logs it.

3. The action server's answer is validated against Rasa's JSON schema with a validator built
   once, instead of `jsonschema.validate`, which checks the schema itself again on every call:
   that check was 59% of the Rasa server's time under load (py-spy, 8 conversations).

4. Event classes are looked up by name in a table built on first use: Rasa walks every
   subclass of `Event` for each stored event it reads back (4% of the server's time).

5. Requests to the action server reuse one HTTP session and its connections; Rasa opened a new
   session, and a new connection, for every action (5% of the server's time).

6. A conversation's past dialogue states are computed once per event, not once per policy and
   prediction (`runtime.past_states`): at message 40 Rasa's replay took a fifth of the turn. Its
   applied events likewise, once per set of events (`runtime.applied_events`), and the copy of
   the tracker Rasa makes before each action is made field by field (`runtime.tracker_copy`),
   not by replaying every event.

7. RulePolicy stops comparing states with rules past the longest rule still possible
   (`runtime.rule_lookup`), and the policies' debug summary of the states is their number, not
   the patient's words.

8. The action server is sent the conversation's last exchange and the patient's earlier
   messages (`clinic.history.events_for_actions`), not every event: encoding the whole session
   for each action grew with its length (8% of the turn at message 40).

9. Once the model is loaded, its objects are left out of garbage collection (`gc.freeze`), and
   collections run after 50,000 new objects instead of 700: every full collection walked the
   model's millions of objects again (15% more messages per second at 8 conversations).

Each is set here, before Rasa starts, and nowhere else (attributes Rasa reads at call time,
and the collector's threshold).
"""

from __future__ import annotations

import asyncio
import functools
import gc
import sys
from typing import Any, Dict

import aiohttp
import rasa.core.actions.action as rasa_actions
import rasa.core.run as rasa_run
from jsonschema import validators
from jsonschema.protocols import Validator
from rasa.core.agent import Agent
from rasa.core.policies.policy import Policy
from rasa.core.policies.rule_policy import RulePolicy
from rasa.core.tracker_store import InMemoryTrackerStore, TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.utils.common import all_subclasses
from rasa.utils.endpoints import EndpointConfig

from clinic.history import events_for_actions
from clinic.settings import process_settings
from runtime.applied_events import applied_events_once
from runtime.past_states import PastStates
from runtime.rule_lookup import possible_rule_keys, states_summary
from runtime.tracker_copy import copied


def _tracker_store_without_fallback(store: TrackerStore | None, domain: Domain) -> TrackerStore:
    """The configured tracker store itself, not wrapped in Rasa's silent in-memory fallback."""
    if store is None:
        return InMemoryTrackerStore(domain)
    store.domain = domain
    return store


@functools.lru_cache(maxsize=1)
def _action_response_validator() -> Validator:
    schema = rasa_actions.RemoteAction.action_response_format_spec()
    validator_class = validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def _validate_action_result(_: rasa_actions.RemoteAction, result: Dict[str, Any]) -> bool:
    """Rasa's check of an action server's answer, with the validator built once."""
    _action_response_validator().validate(result)
    return True


_resolve_event_class = Event.resolve_by_type


@functools.cache
def _event_class(type_name: str) -> type[Event] | None:
    return next((cls for cls in all_subclasses(Event) if cls.type_name == type_name), None)


def _resolve_by_type(type_name: str, default: type[Event] | None = None) -> type[Event] | None:
    """Rasa's `Event.resolve_by_type`, with the classes found once per name."""
    return _event_class(type_name) or _resolve_event_class(type_name, default)


_new_session = EndpointConfig.session


class _KeptAliveSession:
    """One HTTP session per endpoint and event loop, left open by `async with` for reuse."""

    def __init__(self, endpoint: EndpointConfig) -> None:
        self.endpoint = endpoint
        self.session: aiohttp.ClientSession | None = None
        self.loop: asyncio.AbstractEventLoop | None = None

    async def __aenter__(self) -> aiohttp.ClientSession:
        loop = asyncio.get_running_loop()
        if self.session is None or self.session.closed or self.loop is not loop:
            self.session, self.loop = _new_session(self.endpoint), loop
        return self.session

    async def __aexit__(self, *exc_info: object) -> None:
        return None


def _kept_alive_session(endpoint: EndpointConfig) -> _KeptAliveSession:
    kept: _KeptAliveSession | None = endpoint.__dict__.get("_kept_alive_session")
    if kept is None:
        kept = endpoint.__dict__["_kept_alive_session"] = _KeptAliveSession(endpoint)
    return kept


_rasa_action_call_format = rasa_actions.RemoteAction._action_call_format


def _action_call_with_recent_events(
    action: rasa_actions.RemoteAction, tracker: DialogueStateTracker, domain: Domain
) -> Dict[str, Any]:
    """Rasa's request to the action server, with only the events the actions read."""
    request: Dict[str, Any] = _rasa_action_call_format(action, tracker, domain)
    request["tracker"]["events"] = events_for_actions(request["tracker"]["events"])
    return request


# Objects allocated (less freed) between two collections of the youngest generation; Python's is 700.
GC_THRESHOLD = 50_000
_rasa_load_agent_on_start = rasa_run.load_agent_on_start


async def _load_agent_then_freeze(*args: Any, **kwargs: Any) -> Any:
    """Rasa's model loading at server start, then the loaded objects kept out of collections."""
    agent = await _rasa_load_agent_on_start(*args, **kwargs)
    gc.collect()
    gc.freeze()
    return agent


def _tracker_method(past_states: PastStates) -> Any:
    """`past_states` as a method of Rasa's tracker, taking the tracker as `self`."""

    def method(tracker: DialogueStateTracker, domain: Domain, *args: Any, **kwargs: Any) -> Any:
        return past_states(tracker, domain, *args, **kwargs)

    return method


def configure_rasa(action_timeout_seconds: float) -> None:
    """Applies the changes (see the module docstring).

    Args:
        action_timeout_seconds: How long one custom action may take.
    """
    rasa_actions.DEFAULT_REQUEST_TIMEOUT = action_timeout_seconds  # type: ignore[attr-defined]
    Agent._create_tracker_store = staticmethod(_tracker_store_without_fallback)  # type: ignore[method-assign]
    rasa_actions.RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]
    Event.resolve_by_type = staticmethod(_resolve_by_type)  # type: ignore[method-assign,assignment]
    EndpointConfig.session = _kept_alive_session  # type: ignore[method-assign,assignment]
    DialogueStateTracker.past_states = _tracker_method(PastStates())  # type: ignore[method-assign]
    DialogueStateTracker.applied_events = applied_events_once(  # type: ignore[method-assign]
        DialogueStateTracker.applied_events
    )
    rasa_actions.RemoteAction._action_call_format = _action_call_with_recent_events  # type: ignore[method-assign]
    DialogueStateTracker.copy = copied  # type: ignore[method-assign]
    rasa_run.load_agent_on_start = _load_agent_then_freeze
    gc.set_threshold(GC_THRESHOLD)
    RulePolicy._get_possible_keys = possible_rule_keys  # type: ignore[method-assign]
    Policy.format_tracker_states = staticmethod(states_summary)  # type: ignore[method-assign,assignment]


def main() -> None:
    """Configures Rasa, then hands the command line to Rasa's own entry point."""
    from rasa.__main__ import main as rasa_main

    configure_rasa(process_settings().action_timeout_seconds)
    sys.argv = ["rasa", *sys.argv[1:]]
    rasa_main()


if __name__ == "__main__":
    main()
