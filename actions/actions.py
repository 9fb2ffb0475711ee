"""The custom actions: thin adapters between the Rasa tracker and `clinic.replies` / `clinic.answers`."""

from __future__ import annotations

import abc
import dataclasses
import logging
from typing import Any, ClassVar, Dict, Iterator, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from clinic.answers import faq_reply
from clinic.bidi import isolate_left_to_right
from clinic.clarification import NONE_OF_THEM, chosen_topic
from clinic.contract import (
    ANSWER_ACTION,
    CLARIFY_ACTION,
    CONTACT_ACTION,
    CONTACT_SLOTS,
    DISCLAIMER_SLOT,
    EMERGENCY_ACTION,
    EMERGENCY_INTENT,
    FACT_IDS_SLOT,
    FOCUS_SLOT,
    LANGUAGE_HINT_KEY,
    MEDIA_KEY,
    OUT_OF_SCOPE_ACTION,
    SMALL_TALK_ACTION,
)
from clinic.conversation import (
    follow_up_reply,
    injected_child_reply,
    several_questions_reply,
    small_talk_intent,
    still_urgent_reply,
)
from clinic.follow_up import focus_from_slot
from clinic.history import BOT_EVENT, bot_custom, is_urgent
from clinic.knowledge import Knowledge, process_knowledge, process_red_flag_rules
from clinic.language import reply_language
from clinic.question_split import QUESTIONS_KEY, classified_pieces
from clinic.replies import (
    OUT_OF_SCOPE_PAYLOAD,
    Reply,
    Turn,
    canned_reply,
    clarify_reply,
    contact_reply,
    emergency_reply,
    input_problem_reply,
    rephrase_reply,
    small_talk_reply,
)

logger = logging.getLogger(__name__)

_NOT_A_BOT_TURN = {"action_listen", "action_extract_slots", "action_session_start"}


def _previous_bot_turn(events: List[Dict[str, Any]]) -> Iterator[Dict[str, Any]]:
    """The events between the patient's last two messages, newest first."""
    seen_latest_message = False
    for event in reversed(events):
        if event.get("event") == "user":
            if seen_latest_message:
                return
            seen_latest_message = True
        elif seen_latest_message:
            yield event


def previous_bot_action(events: List[Dict[str, Any]]) -> str | None:
    """Returns the last action the bot ran before the patient's latest message.

    Args:
        events: The tracker's events, oldest first.

    Returns:
        The action name, or None at the start of a conversation.
    """
    actions = (str(event.get("name")) for event in _previous_bot_turn(events) if event.get("event") == "action")
    return next((name for name in actions if name not in _NOT_A_BOT_TURN), None)


def previous_reply_was_urgent(events: List[Dict[str, Any]]) -> bool:
    """Whether the assistant's reply before the patient's latest message was the urgent answer.

    Any action may give it (a "что делать?" right after the alarm gets it again from the clarifying
    action), so the marker in the reply is read, not the action's name.
    """
    return any(is_urgent(bot_custom(event)) for event in _previous_bot_turn(events) if event.get("event") == BOT_EVENT)


def offered_topics(events: List[Dict[str, Any]]) -> tuple[str, ...]:
    """The topics the assistant's last message before the patient's latest one offered as buttons."""
    last = next((event for event in _previous_bot_turn(events) if event.get("event") == "bot"), None)
    payloads = [str(button.get("payload") or "") for button in ((last or {}).get("data") or {}).get("buttons") or []]
    return tuple(p.removeprefix("/") for p in payloads if p.startswith("/") and p != OUT_OF_SCOPE_PAYLOAD)


def earlier_patient_texts(events: List[Dict[str, Any]]) -> tuple[str, ...]:
    """The patient's messages of the current session before the latest one, oldest first."""
    texts: list[str] = []
    for event in events:
        if event.get("event") == "session_started":
            texts = []
        elif event.get("event") == "user":
            texts.append(str(event.get("text") or ""))
    return tuple(texts[:-1])


def read_turn(tracker: Tracker) -> Turn:
    """Collects what the replies need from the tracker."""
    message = tracker.latest_message or {}
    text = message.get("text") or ""
    metadata = message.get("metadata") or {}
    intent = (message.get("intent") or {}).get("name")
    previous_action = previous_bot_action(tracker.events)
    return Turn(
        text=text,
        intent=intent,
        ranking=tuple(
            (entry["name"], float(entry.get("confidence") or 0.0)) for entry in message.get("intent_ranking") or []
        ),
        entities=tuple((entity["entity"], str(entity.get("value"))) for entity in message.get("entities") or []),
        language=reply_language(text, tracker.get_slot("language"), metadata.get(LANGUAGE_HINT_KEY)),
        disclaimer_shown=bool(tracker.get_slot(DISCLAIMER_SLOT)),
        after_clarification=previous_action == CLARIFY_ACTION,
        red_flags=tuple(message.get("red_flags") or ()),
        earlier_texts=earlier_patient_texts(tracker.events),
        media=metadata.get(MEDIA_KEY),
        previous_fact_ids=tuple(tracker.get_slot(FACT_IDS_SLOT) or ()) if previous_action == ANSWER_ACTION else (),
        offered_topics=offered_topics(tracker.events) if previous_action == CLARIFY_ACTION else (),
        entity_spans=tuple(
            (entity["entity"], str(entity.get("value")), int(entity.get("start") or 0), int(entity.get("end") or 0))
            for entity in message.get("entities") or []
        ),
        focus=focus_from_slot(tracker.get_slot(FOCUS_SLOT)),
        pieces=classified_pieces(message.get(QUESTIONS_KEY)),
        after_emergency=previous_reply_was_urgent(tracker.events),
    )


def reply_to_picked_topic(turn: Turn, knowledge: Knowledge) -> Reply | None:
    """The reply when the patient answered "did you mean...?" in words ("да", "второе", "нет"), if they did."""
    choice = None if turn.red_flags else chosen_topic(turn.text, turn.offered_topics)
    if choice is None:
        return None
    if choice == NONE_OF_THEM:
        return rephrase_reply(turn, knowledge)
    picked = dataclasses.replace(turn, intent=choice, after_clarification=False)
    if choice == EMERGENCY_INTENT:
        return emergency_reply(picked, knowledge)
    if choice in CONTACT_SLOTS:
        return contact_reply(picked, knowledge)
    return faq_reply(picked, knowledge)


def reported_after_injection(turn: Turn, knowledge: Knowledge) -> Reply | None:
    """The urgent answer for a red flag asked about after the patient said the injection was given.

    "А может ли быть трудно глотать?" the day after the injection is taken for a report, whatever
    the message was classified as and however many questions it holds: when in doubt, the alarm wins.
    Only a question that says it asks ahead ("заранее", "может ли такое быть, что станет...") is not.
    """
    rules = process_red_flag_rules()
    if turn.red_flags and not rules.asks_ahead(turn.text) and rules.mentions_injection_done(turn.earlier_texts):
        return emergency_reply(turn, knowledge)
    return None


def waiting_after_alarm(turn: Turn, knowledge: Knowledge) -> Reply | None:
    """The urgent answer again when, right after it, the patient asks whether they may wait or stay home."""
    if turn.after_emergency and process_red_flag_rules().asks_to_wait(turn.text):
        return emergency_reply(turn, knowledge)
    return None


def conversation_reply(turn: Turn, knowledge: Knowledge) -> Reply | None:
    """The reply that the conversation decides, whatever the message alone was classified as, if any."""
    return (
        reported_after_injection(turn, knowledge)
        or waiting_after_alarm(turn, knowledge)
        or still_urgent_reply(turn, knowledge)
        or reply_to_picked_topic(turn, knowledge)
        or follow_up_reply(turn, knowledge)
        or several_questions_reply(turn, knowledge)
        or injected_child_reply(turn, knowledge)
    )


class ClinicAction(Action, metaclass=abc.ABCMeta):
    """Base class: reads the turn, guards against unusable input, sends the reply.

    Abstract, so that the action server registers only the concrete actions below.
    """

    action_name: ClassVar[str]
    checks_input: ClassVar[bool] = True
    # Whatever the classifier made of the whole message, "да" or "второе" after "did you mean...?"
    # picks a topic, "а у детей?" follows the previous answer up, and several questions get each answered.
    reads_conversation: ClassVar[bool] = True

    def name(self) -> str:
        """Returns the action's name as listed in the domain."""
        return self.action_name

    @abc.abstractmethod
    def reply(self, turn: Turn, knowledge: Knowledge) -> Reply:
        """Builds the reply for this action."""

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]) -> List[EventType]:
        """Runs the action: one reply, then the slots whose value it changes."""
        knowledge = process_knowledge()
        turn = read_turn(tracker)
        reply = (
            (self.checks_input and input_problem_reply(turn, knowledge))
            or (self.reads_conversation and conversation_reply(turn, knowledge))
            or self.reply(turn, knowledge)
        )
        logger.info("%s: intent=%s language=%s", self.action_name, turn.intent, turn.language)
        for message in reply.messages:
            buttons = [
                {"title": isolate_left_to_right(button.title), "payload": button.payload} for button in message.buttons
            ]
            text = isolate_left_to_right(message.text)
            dispatcher.utter_message(text=text, buttons=buttons or None, json_message=message.custom)
        # An unchanged value adds an event and nothing else (every stored event is read back and replayed each turn).
        return [SlotSet(slot, value) for slot, value in reply.slots.items() if tracker.get_slot(slot) != value]


class ActionAnswerFaq(ClinicAction):
    """Answers questions about the treatment from the fact base."""

    action_name = ANSWER_ACTION

    def reply(self, turn: Turn, knowledge: Knowledge) -> Reply:
        """See `ClinicAction.reply`."""
        return faq_reply(turn, knowledge)


class ActionEmergency(ClinicAction):
    """Gives the urgent answer; never blocked by the input checks."""

    action_name = EMERGENCY_ACTION
    checks_input = False
    reads_conversation = False

    def reply(self, turn: Turn, knowledge: Knowledge) -> Reply:
        """See `ClinicAction.reply`."""
        return emergency_reply(turn, knowledge)


class ActionContactClinic(ClinicAction):
    """Gives the clinic's contacts for booking or for a human."""

    action_name = CONTACT_ACTION

    def reply(self, turn: Turn, knowledge: Knowledge) -> Reply:
        """See `ClinicAction.reply`."""
        return contact_reply(turn, knowledge)


class ActionClarify(ClinicAction):
    """Asks "did you mean...?" when the classifier is unsure."""

    action_name = CLARIFY_ACTION

    def reply(self, turn: Turn, knowledge: Knowledge) -> Reply:
        """See `ClinicAction.reply`."""
        return clarify_reply(turn, knowledge)


class ActionOutOfScope(ClinicAction):
    """Says politely what the assistant can help with; after "something else", offers a way on."""

    action_name = OUT_OF_SCOPE_ACTION

    def reply(self, turn: Turn, knowledge: Knowledge) -> Reply:
        """See `ClinicAction.reply`."""
        if turn.text.strip() == OUT_OF_SCOPE_PAYLOAD:
            return rephrase_reply(turn, knowledge)
        return canned_reply(turn, knowledge, "out_of_scope")


class ActionSmallTalk(ClinicAction):
    """Greets, thanks, says goodbye and answers "are you a bot?"."""

    action_name = SMALL_TALK_ACTION

    def reply(self, turn: Turn, knowledge: Knowledge) -> Reply:
        """See `ClinicAction.reply`."""
        return small_talk_reply(turn, knowledge, small_talk_intent(turn))
