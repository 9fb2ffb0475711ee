"""Returning patients: turns at messages 41-50 of a session, on a store of 100,000 conversations.

Part of `make bench-assistant`. Two of our assistants run side by side, alternating the load
as the comparison with stock Rasa does:

- *new*: new conversations of 10 messages each, on an empty store;
- *returning*: conversations that already hold 40 messages in their current session, on a
  store with 100,000 other conversations; each gets 10 more messages, the same messages in
  the same order as the new conversations (so that only the history differs).

The histories are real: 8 conversations of 40 messages are played first, and their stored rows
are copied under new conversation ids (timestamps moved to the last minutes, so that the
session is still open). The 100,000 others are copies of those conversations' first three
messages. The returning server starts after the store is filled, so the first message of each
returning conversation reads it from the database, as a patient coming back would.
"""

from __future__ import annotations

import asyncio
import json
import random
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from ops.local_stack import UNLIMITED_ADDRESS, isolated_config
from ops.stack import Stack
from scripts.load_generator import LoadResult, conversations, load_questions, play_conversations, run_load

CONCURRENCY = 8
HISTORY_MESSAGES = 40
RETURNING_MESSAGES = 10
TEMPLATES = 8
FILLER_CONVERSATIONS = 100_000
FILLER_MESSAGES = 3
RETURNING_CONVERSATIONS = 400
NEW_PORTS = (5706, 5756)
RETURNING_PORTS = (5707, 5757)
# Every message of these conversations is a real turn: the per-conversation limit is lifted.
UNLIMITED = {**UNLIMITED_ADDRESS, "CLINIC_SENDER_MESSAGES_PER_MINUTE": "1000000", "RASA_TELEMETRY_ENABLED": "false"}
COLUMNS = "sender_id, type_name, timestamp, intent_name, action_name, data"
SELECT_CONVERSATION = f"SELECT {COLUMNS} FROM events WHERE sender_id = ? ORDER BY id"
# A stored event: sender id, type, timestamp, intent, action, JSON.
Row = tuple[str, str, float, "str | None", "str | None", str]


@dataclass
class ReturningResult:
    """Throughput of new and of returning conversations, and what the store held."""

    new: LoadResult
    returning: LoadResult
    stored_conversations: int
    stored_events: int

    @property
    def share(self) -> float:
        """Returning throughput as a share of the new-conversation throughput."""
        return self.returning.throughput / self.new.throughput if self.new.throughput else 0.0


def _stack(workdir: Path, ports: tuple[int, int], model: Path) -> Stack:
    workdir.mkdir(parents=True, exist_ok=True)
    return Stack(isolated_config(workdir, *ports, model=model, site_port=None, extra_env=UNLIMITED))


def _histories(url: str) -> dict[str, str]:
    """Plays the template conversations; returns each one's sender id and language."""
    rng = random.Random(40)
    questions = load_questions()
    languages = {f"template-{index}": ("ru", "ar")[index % 2] for index in range(TEMPLATES)}
    plays = [
        (sender, [rng.choice(questions[language]) for _ in range(HISTORY_MESSAGES)])
        for sender, language in languages.items()
    ]
    result = asyncio.run(play_conversations(url, TEMPLATES, 3600, plays))
    if result.errors or len(result.latencies_ms) != TEMPLATES * HISTORY_MESSAGES:
        raise RuntimeError(f"the template conversations failed ({result.errors} errors)")
    return languages


def _copied(rows: list[Row], sender: str, shift: float) -> list[Row]:
    """Rows of a conversation under another sender id, every timestamp moved by `shift` seconds."""
    copied: list[Row] = []
    for _, type_name, timestamp, intent, action, data in rows:
        event = json.loads(data)
        event["timestamp"] = event["timestamp"] + shift
        copied.append((sender, type_name, timestamp + shift, intent, action, json.dumps(event)))
    return copied


def _first_messages(rows: list[Row], messages: int) -> list[Row]:
    user_rows = [index for index, row in enumerate(rows) if row[1] == "user"]
    return rows[: user_rows[messages]] if len(user_rows) > messages else rows


def fill_store(store: Path, languages: dict[str, str]) -> dict[str, str]:
    """Copies the template conversations in `store` into the returning conversations and the 100,000 others.

    Returns:
        The returning conversations' sender ids and languages.
    """
    returning: dict[str, str] = {}
    with sqlite3.connect(store) as database:
        database.execute("PRAGMA journal_mode=WAL")
        templates = {sender: database.execute(SELECT_CONVERSATION, (sender,)).fetchall() for sender in languages}
        senders = list(templates)
        insert = f"INSERT INTO events ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)"
        fillers = [_first_messages(templates[sender], FILLER_MESSAGES) for sender in senders]
        for index in range(FILLER_CONVERSATIONS):
            database.executemany(insert, ((f"filler-{index}", *row[1:]) for row in fillers[index % TEMPLATES]))
        now = time.time()
        for index in range(RETURNING_CONVERSATIONS):
            rows = templates[senders[index % TEMPLATES]]
            sender = f"returning-{index}"
            database.executemany(insert, _copied(rows, sender, now - 60 - rows[-1][2]))
            returning[sender] = languages[senders[index % TEMPLATES]]
    return returning


def _returning_plays(returning: dict[str, str], seed: int) -> list[tuple[str, list[str]]]:
    """Ten more messages for each returning conversation, drawn as the new conversations' are."""
    length = (RETURNING_MESSAGES, RETURNING_MESSAGES)
    drawn = {language: conversations(seed, length, len(returning), language) for language in ("ru", "ar")}
    return [(sender, drawn[language].pop()) for sender, language in returning.items()]


def _count(database: Path) -> tuple[int, int]:
    with sqlite3.connect(database) as connection:
        conversations, events = connection.execute("SELECT count(DISTINCT sender_id), count(*) FROM events").fetchone()
    return int(conversations), int(events)


def measure_returning(workdir: Path, model: Path, seconds: float, rounds: int = 4) -> ReturningResult:
    """Runs both servers and alternates new and returning conversations between them.

    Args:
        workdir: Where both servers' stores and logs go.
        model: Our trained model.
        seconds: Load per kind, in all.
        rounds: Alternations.

    Returns:
        Both loads and the size of the returning server's store.
    """
    new_stack = _stack(workdir / "new", NEW_PORTS, model)
    returning_stack = _stack(workdir / "returning", RETURNING_PORTS, model)
    returning_stack.start()
    languages = _histories(returning_stack.config.rest_url)
    returning_stack.stop()
    store = workdir / "returning" / "tracker.db"
    returning = fill_store(store, languages)
    stored = _count(store)
    plays = _returning_plays(returning, seed=41)
    # The new conversations say the same things in the same order: only their history differs.
    new_plays = [(f"new-{index}", texts) for index, (_, texts) in enumerate(plays)]
    new_parts, returning_parts = [], []
    with new_stack, returning_stack:
        asyncio.run(run_load(new_stack.config.rest_url, 4, 3, seed=99))  # warm-up, as for the comparison
        for _ in range(rounds):
            new_parts.append(
                asyncio.run(play_conversations(new_stack.config.rest_url, CONCURRENCY, seconds / rounds, new_plays))
            )
            returning_parts.append(
                asyncio.run(play_conversations(returning_stack.config.rest_url, CONCURRENCY, seconds / rounds, plays))
            )
    return ReturningResult(LoadResult.combined(new_parts), LoadResult.combined(returning_parts), *stored)


def returning_report(result: ReturningResult) -> tuple[list[str], list[str]]:
    """The returning-patients table (markdown lines) and the targets missed."""
    met = result.share >= 0.85
    new, returning = result.new, result.returning
    return [
        "",
        f"Returning patients (ours alone, {CONCURRENCY} conversations at once, two servers side by side, the load "
        "alternating between them in four rounds). *New*: new 10-message conversations on an empty store. "
        "*Returning*: the same messages, in the same order, as "
        f"messages {HISTORY_MESSAGES + 1}-{HISTORY_MESSAGES + RETURNING_MESSAGES} of conversations "
        f"whose session already holds {HISTORY_MESSAGES} messages, on a store of {result.stored_conversations:,} "
        f"conversations ({result.stored_events:,} events), read from the database at each one's first message.",
        "",
        "| measure | new, empty store | returning, full store | returning / new | target |",
        "|---|---:|---:|---:|---|",
        f"| throughput | {new.throughput:.1f} msg/s | {returning.throughput:.1f} msg/s | {result.share:.2f} "
        f"| ≥ 0.85: {'met' if met else 'MISSED'} |",
        f"| p50 latency | {new.median:.1f} ms | {returning.median:.1f} ms | | |",
        f"| p95 latency | {new.percentile(0.95):.1f} ms | {returning.percentile(0.95):.1f} ms | | |",
        f"| errors / empty answers | {new.errors} / {new.empty} | {returning.errors} / {returning.empty} | | |",
    ], ([] if met else ["returning patients"])
