"""Plays realistic bilingual patient conversations against a Rasa REST channel and times each reply.

A conversation is 2-5 messages in one language: questions from the held-out evaluation sets
(colloquial, dialectal, with typos), now and then gibberish (a "did you mean" or fallback) or
a red-flag symptom (the urgent answer). N workers each run one conversation at a time, so N is
the number of patients talking at once.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent
EVALUATION_SETS = PROJECT_ROOT / "tests" / "nlu_eval"
GIBBERISH = {"ru": ["ыва пролд жэ", "ну это самое как его"], "ar": ["شو هاد يعني", "كخ كخ"]}
EMERGENCY = {"ru": ["после укола трудно глотать"], "ar": ["بعد الحقنة صار عندي صعوبة بالبلع"]}
REQUEST_TIMEOUT_SECONDS = 120


def load_questions() -> dict[str, list[str]]:
    """Every example of the held-out evaluation sets, per language."""
    questions: dict[str, list[str]] = {}
    for language in ("ru", "ar"):
        document = yaml.safe_load((EVALUATION_SETS / f"{language}.yml").read_text(encoding="utf-8"))
        questions[language] = [
            line[2:].strip()
            for block in document["nlu"]
            for line in block["examples"].splitlines()
            if line.startswith("- ")
        ]
    return questions


def conversations(
    seed: int, lengths: tuple[int, int] = (2, 5), count: int = 5000, language: str | None = None
) -> list[list[str]]:
    """A reproducible list of conversations (more than any run uses).

    Args:
        seed: Chooses the conversations.
        lengths: The fewest and most questions in one conversation.
        count: How many conversations.
        language: "ru" or "ar" for every conversation; by default each is one or the other.
    """
    rng = random.Random(seed)
    questions = load_questions()
    made = []
    for _ in range(count):
        chosen = rng.choice(("ru", "ar"))
        chosen = language or chosen
        turns = rng.sample(questions[chosen], rng.randint(*lengths))
        roll = rng.random()
        if roll < 0.1:
            turns.insert(rng.randrange(len(turns)), rng.choice(GIBBERISH[chosen]))
        elif roll < 0.15:
            turns.append(rng.choice(EMERGENCY[chosen]))
        made.append(turns)
    return made


@dataclass
class LoadResult:
    """Latencies and errors of one run."""

    concurrency: int
    seconds: float
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    empty: int = 0

    @property
    def throughput(self) -> float:
        """Answered messages per second."""
        return len(self.latencies_ms) / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        """A latency percentile in milliseconds (share 0.5 is the median)."""
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]

    @classmethod
    def combined(cls, parts: list[LoadResult]) -> LoadResult:
        """One result of several runs at the same concurrency (rounds of one level)."""
        combined = cls(parts[0].concurrency, sum(part.seconds for part in parts))
        for part in parts:
            combined.latencies_ms += part.latencies_ms
            combined.errors += part.errors
            combined.empty += part.empty
        return combined

    @property
    def median(self) -> float:
        """The median latency in milliseconds."""
        return statistics.median(self.latencies_ms) if self.latencies_ms else float("nan")


async def _worker(
    session: aiohttp.ClientSession, url: str, queue: list[tuple[str, list[str]]], deadline: float, result: LoadResult
) -> None:
    while time.monotonic() < deadline and queue:
        sender, texts = queue.pop()
        for text in texts:
            if time.monotonic() >= deadline:
                return
            started = time.perf_counter()
            try:
                async with session.post(url, json={"sender": sender, "message": text}) as response:
                    body = await response.json(content_type=None)
                    ok = response.status == 200
            except (aiohttp.ClientError, asyncio.TimeoutError, ValueError):
                ok, body = False, None
            if not ok:
                result.errors += 1
                continue
            result.latencies_ms.append((time.perf_counter() - started) * 1000)
            result.empty += not body


async def run_load(
    url: str, concurrency: int, seconds: float, seed: int = 1, lengths: tuple[int, int] = (2, 5)
) -> LoadResult:
    """Runs `concurrency` simultaneous new conversations against `url` for `seconds`.

    Args:
        url: The REST channel's webhook URL.
        concurrency: Conversations in flight at once.
        seconds: How long to keep sending.
        seed: Chooses the conversations; the same seed plays the same ones.
        lengths: The fewest and most questions in one conversation.

    Returns:
        Latency of every answered message, errors and empty answers.
    """
    tag = uuid.uuid4().hex[:6]
    plays = [(f"load-{tag}-{uuid.uuid4().hex[:10]}", texts) for texts in conversations(seed, lengths)]
    return await play_conversations(url, concurrency, seconds, plays)


async def play_conversations(
    url: str, concurrency: int, seconds: float, plays: list[tuple[str, list[str]]]
) -> LoadResult:
    """Plays the given conversations, `concurrency` at once, for `seconds` (or until none is left).

    Args:
        url: The REST channel's webhook URL.
        concurrency: Conversations in flight at once.
        seconds: How long to keep sending.
        plays: Each conversation's sender id and messages, taken from the end of the list as
            they are played (a conversation cut off by the deadline is not played again).

    Returns:
        Latency of every answered message, errors and empty answers.
    """
    result = LoadResult(concurrency, seconds)
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_SECONDS)
    connector = aiohttp.TCPConnector(limit=concurrency)
    started = time.monotonic()
    deadline = started + seconds
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
        await asyncio.gather(*(_worker(session, url, plays, deadline, result) for _ in range(concurrency)))
    result.seconds = time.monotonic() - started
    return result
