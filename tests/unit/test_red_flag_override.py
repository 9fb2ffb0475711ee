from pathlib import Path

from rasa.shared.nlu.training_data.message import Message

from clinic.red_flags import load_rules
from clinic_nlu.red_flag_override import RedFlagOverride

RULES = load_rules(Path(__file__).resolve().parents[2] / "knowledge" / "red_flags.yml")


def classified(text: str, intent: str, confidence: float) -> Message:
    ranking = [{"name": intent, "confidence": confidence}, {"name": "ask_side_effects", "confidence": 0.05}]
    return Message(data={"text": text, "intent": ranking[0], "intent_ranking": ranking})


def intent_of(text: str, intent: str = "ask_pain", confidence: float = 0.9) -> str:
    [message] = RedFlagOverride(RULES, classifier_emergency_threshold=0.75).process(
        [classified(text, intent, confidence)]
    )
    return str(message.get("intent")["name"])


def test_a_reported_red_flag_is_an_emergency_whatever_the_classifier_says():
    assert intent_of("сын не может глотать после укола", "ask_side_effects", 0.99) == "report_emergency"
    assert intent_of("ابني مش قادر يبلع", "greet", 0.99) == "report_emergency"


def test_a_question_in_advance_gets_the_side_effects_answer_with_its_red_flags():
    [message] = RedFlagOverride(RULES, 0.75).process([classified("может ли опуститься веко?", "ask_side_effects", 0.6)])
    assert message.get("intent")["name"] == "ask_side_effects"
    assert message.get("red_flags") == ["eyelid"]
    assert message.get("classified_intent")["name"] == "ask_side_effects"


def test_the_classifier_alone_raises_the_alarm_only_above_its_threshold():
    assert intent_of("мне что-то совсем нехорошо после процедуры", "report_emergency", 0.9) == "report_emergency"
    assert intent_of("небольшой синяк после процедуры", "report_emergency", 0.4) == "nlu_fallback"


def test_the_classifier_alone_raises_no_alarm_when_the_injection_is_still_to_come():
    assert intent_of("а потом плохо не станет? колоть собираются в шею", "report_emergency", 0.9) == ("nlu_fallback")
    assert intent_of("после укола в шею мне совсем нехорошо", "report_emergency", 0.9) == "report_emergency"


def test_the_classifier_alone_raises_no_alarm_for_the_injected_part_getting_weaker():
    assert intent_of("нога, в которую кололи, стала слабее, так и должно быть?", "report_emergency", 0.9) == (
        "nlu_fallback"
    )
    assert intent_of("رجله اللي انحقنت صارت ارخى شوي", "report_emergency", 0.9) == "nlu_fallback"
    # A rule's red flag still wins: weakness in a part that was not injected.
    assert intent_of("рука, в которую кололи, слабее, и вторая тоже ослабла", "ask_side_effects", 0.5) == (
        "report_emergency"
    )
