"""The frozen multi-turn dialogue sets, played over REST: floors per language, every emergency urgent.

The floors sit a little under what the sets measure today (README, "Holding a conversation"):
the first set's figures after its failures were worked on by kind, the fresh set's first run.
The issue's target is 0.90 in each language; Arabic is not there yet and is held where it stands.
"""

import pytest

from scripts.dialogue_scoring import RIGHT
from scripts.evaluate_dialogues import SETS_DIR, evaluate, per_language

FLOORS = {"ru": 0.90, "ar": 0.75}


@pytest.fixture(scope="module")
def totals(stack):
    return per_language(evaluate(stack.config.rest_url, sorted(SETS_DIR.glob("*.yml"))))


@pytest.mark.parametrize("language", sorted(FLOORS))
def test_the_frozen_dialogues_stay_above_their_floor(totals, language):
    total = totals[language]
    assert total.turns >= 150
    assert total.share(RIGHT) >= FLOORS[language], total.failures


@pytest.mark.parametrize("language", sorted(FLOORS))
def test_every_emergency_told_in_a_dialogue_gets_the_urgent_answer(totals, language):
    total = totals[language]
    assert total.urgent and total.urgent_found == total.urgent, total.failures
