"""The shared names: the widget's copy agrees with the assistant's, and the domain declares what the code uses."""

import json
import re
from pathlib import Path

import yaml

from clinic import contract

ROOT = Path(__file__).resolve().parents[2]
EXPORT = re.compile(r"^export const (\w+) = (.+);$")


def widget_contract() -> dict:
    lines = (ROOT / "widget" / "src" / "contract.js").read_text(encoding="utf-8").splitlines()
    return {match[1]: json.loads(match[2]) for match in map(EXPORT.match, lines) if match}


def test_the_widget_defines_exactly_the_names_and_values_of_the_contract():
    assert widget_contract() == contract.WIDGET_CONTRACT


def test_the_widget_reads_payload_keys_only_through_the_contract():
    sources = {path.name: path.read_text(encoding="utf-8") for path in (ROOT / "widget" / "src").glob("*.js")}
    for name, source in sources.items():
        if name == "contract.js":
            continue
        assert not re.search(r"custom\.\w+", source), f"{name} reads a payload key by literal"
        for key in ("kind", "urgent", "emergency_calls", "emergency_numbers", "not_my_question"):
            assert f'"{key}"' not in source, f"{name} writes {key!r} as a literal"


def test_every_intent_action_and_slot_the_contract_names_is_in_the_domain():
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    intents = set(domain["intents"])
    intents_named = {
        contract.EMERGENCY_INTENT,
        contract.GREETING_INTENT,
        contract.OUT_OF_SCOPE_INTENT,
        contract.BOOKING_INTENT,
        contract.HUMAN_INTENT,
        *contract.SMALL_TALK_INTENTS,
    }
    assert intents_named <= intents
    actions = {
        contract.ANSWER_ACTION,
        contract.CLARIFY_ACTION,
        contract.EMERGENCY_ACTION,
        contract.CONTACT_ACTION,
        contract.OUT_OF_SCOPE_ACTION,
        contract.SMALL_TALK_ACTION,
    }
    assert actions <= set(domain["actions"])
    slots = {
        contract.LANGUAGE_SLOT,
        contract.DISCLAIMER_SLOT,
        contract.URGENT_SLOT,
        contract.BOOKING_SLOT,
        contract.HANDOFF_SLOT,
        contract.FACT_IDS_SLOT,
        contract.FOCUS_SLOT,
        contract.FEEDBACK_SLOT,
        contract.CALLBACK_SLOT,
    }
    assert slots <= set(domain["slots"])
