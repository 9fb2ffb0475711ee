import asyncio
from pathlib import Path

from channels.rate_limit import TokenBuckets, TurnLimits
from clinic.red_flags import load_rules

RULES = load_rules(Path(__file__).resolve().parents[2] / "knowledge" / "red_flags.yml")


class Guard:
    """The limits of one process, asked one message at a time."""

    def __init__(self, limits: TurnLimits) -> None:
        self.limits = limits

    def admit(self, text: str, sender: str, address: str | None, now: float) -> bool:
        return asyncio.run(self.limits.admit(text, sender, address, now))


def limits(per_sender: int = 3, per_address: int = 5, red_flags: int = 10) -> Guard:
    return Guard(TurnLimits(TokenBuckets(per_sender), TokenBuckets(per_address), TokenBuckets(red_flags), RULES))


def test_a_burst_beyond_the_limit_is_refused_and_refills_with_time():
    guard = limits()
    assert [guard.admit("это больно?", "p1", None, 0.0) for _ in range(4)] == [True, True, True, False]
    assert not guard.admit("это больно?", "p1", None, 10.0)  # 3 per minute: one more after 20 s
    assert guard.admit("это больно?", "p1", None, 20.5)


def test_one_patient_flooding_does_not_affect_another():
    guard = limits()
    for _ in range(10):
        guard.admit("спам", "flooder", None, 0.0)
    assert guard.admit("это больно?", "p2", None, 0.0)


def test_one_address_is_limited_across_its_conversations():
    guard = limits(per_sender=100, per_address=5)
    admitted = [guard.admit("вопрос", f"session-{n}", "203.0.113.9", 0.0) for n in range(7)]
    assert admitted == [True] * 5 + [False] * 2
    assert guard.admit("вопрос", "session-x", "203.0.113.10", 0.0)


def test_an_emergency_goes_through_the_limits():
    guard = limits(per_sender=1)
    guard.admit("привет", "p3", "198.51.100.1", 0.0)
    assert not guard.admit("привет", "p3", "198.51.100.1", 0.0)
    assert guard.admit("после укола трудно глотать", "p3", "198.51.100.1", 0.0)
    assert guard.admit("ما بقدر ابلع بعد الحقنة", "p3", "198.51.100.1", 0.0)


def test_red_flag_messages_past_the_limits_have_a_cap_of_their_own_per_address():
    guard = limits(per_sender=1, per_address=1, red_flags=3)
    guard.admit("привет", "p4", "198.51.100.2", 0.0)
    flood = [guard.admit("после укола трудно глотать " * 300, f"p{n}", "198.51.100.2", 0.0) for n in range(5)]
    assert flood == [True, True, True, False, False]
    assert guard.admit("после укола трудно глотать", "p9", "198.51.100.3", 0.0)  # another address


def test_past_the_limits_only_the_beginning_of_a_huge_message_is_searched_for_a_red_flag():
    guard = limits(per_sender=1)
    guard.admit("привет", "p5", "198.51.100.4", 0.0)
    assert guard.admit("после укола трудно глотать " + "а" * 3000, "p5", "198.51.100.4", 0.0)
    assert not guard.admit("а" * 3000 + " после укола трудно глотать", "p5", "198.51.100.4", 0.0)
