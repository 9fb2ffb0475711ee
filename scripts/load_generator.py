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


def conversations(seed: int) -> list[list[str]]:
    """A reproducible list of conversations (more than any run uses)."""
    rng = random.Random(seed)
    questions = load_questions()
    made = []
    for _ in range(5000):
        language = rng.choice(("ru", "ar"))
        turns = rng.sample(questions[language], rng.randint(2, 5))
        roll = rng.random()
        if roll < 0.1:
            turns.insert(rng.randrange(len(turns)), rng.choice(GIBBERISH[language]))
        elif roll < 0.15:
            turns.append(rng.choice(EMERGENCY[language]))
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

    @property
    def median(self) -> float:
        """The median latency in milliseconds."""
        return statistics.median(self.latencies_ms) if self.latencies_ms else float("nan")


async def _worker(
    session: aiohttp.ClientSession, url: str, queue: list[list[str]], deadline: float, result: LoadResult, tag: str
) -> None:
    while time.monotonic() < deadline and queue:
        sender = f"load-{tag}-{uuid.uuid4().hex[:10]}"
        for text in queue.pop():
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


async def run_load(url: str, concurrency: int, seconds: float, seed: int = 1) -> LoadResult:
    """Runs `concurrency` simultaneous conversations against `url` for `seconds`.

    Args:
        url: The REST channel's webhook URL.
        concurrency: Conversations in flight at once.
        seconds: How long to keep sending.
        seed: Chooses the conversations; the same seed plays the same ones.

    Returns:
        Latency of every answered message, errors and empty answers.
    """
    queue = conversations(seed)
    result = LoadResult(concurrency, seconds)
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_SECONDS)
    connector = aiohttp.TCPConnector(limit=concurrency)
    started = time.monotonic()
    deadline = started + seconds
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
        tag = uuid.uuid4().hex[:6]
        await asyncio.gather(*(_worker(session, url, queue, deadline, result, tag) for _ in range(concurrency)))
    result.seconds = time.monotonic() - started
    return result
