"""The frozen multi-turn dialogue sets, played over REST: floors per set and language, every emergency urgent.

Each floor sits a little under what its set measures today (README, "Holding a conversation"). The
issue's target is 0.90 of turns right in each language; the older sets, whose failures were worked on
by kind, reach it in Russian and come near it in Arabic; set 6, whose failures are not read (except
its two missed emergencies), is far from it in Arabic; so is set 12 (blind except its one missed
emergency) in Russian, and set 16 (blind except its three missed emergencies) in both languages.
Each is held where it stands.
"""

import pytest

from scripts.dialogue_scoring import RIGHT
from scripts.evaluate_dialogues import SETS_DIR, evaluate, per_language

FLOORS = {
    ".": {"ru": 0.93, "ar": 0.87},
    "fresh": {"ru": 0.90, "ar": 0.88},
    "set4": {"ru": 0.89, "ar": 0.89},
    "set5": {"ru": 0.88, "ar": 0.81},
    "set6": {"ru": 0.84, "ar": 0.75},
    "set7": {"ru": 0.85, "ar": 0.86},
    "set8": {"ru": 0.84, "ar": 0.85},
    "set9": {"ru": 0.96, "ar": 0.87},
    "set10": {"ru": 0.90, "ar": 0.87},
    "set11": {"ru": 0.92, "ar": 0.87},
    "set12": {"ru": 0.86, "ar": 0.89},
    "set13": {"ru": 0.86, "ar": 0.79},
    "set14": {"ru": 0.90, "ar": 0.89},
    "set15": {"ru": 0.87, "ar": 0.81},
    "set16": {"ru": 0.87, "ar": 0.89},
    "set17": {"ru": 0.89, "ar": 0.83},
    "set18": {"ru": 0.87, "ar": 0.80},
}


@pytest.fixture(scope="module")
def totals(stack):
    return {
        name: per_language(evaluate(stack.config.rest_url, sorted((SETS_DIR / name).glob("*.yml")))) for name in FLOORS
    }


@pytest.mark.parametrize(("name", "language"), [(name, language) for name in FLOORS for language in ("ru", "ar")])
def test_each_frozen_dialogue_set_stays_above_its_floor(totals, name, language):
    total = totals[name][language]
    assert total.turns >= 70
    assert total.share(RIGHT) >= FLOORS[name][language], total.failures


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_every_emergency_told_in_a_dialogue_gets_the_urgent_answer(totals, name):
    for language, total in totals[name].items():
        assert total.urgent_found == total.urgent, (language, total.failures)
