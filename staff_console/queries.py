"""The conversation list: filters from the query string, one page of results, the export set."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, fields, replace
from typing import Any, Iterator, Mapping
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.sql import Select

from clinic.contract import REST_CHANNEL, TELEGRAM_CHANNEL, WEB_CHANNEL
from clinic.normalization import normalize_text
from staff_console import schema

PAGE_SIZE = 50
MAX_QUERY_CHARS = 200
CHANNELS = (WEB_CHANNEL, TELEGRAM_CHANNEL, REST_CHANNEL)
LANGUAGES = ("ru", "ar")
REVIEW_STATES = ("reviewed", "unreviewed", "follow_up")


@dataclass(frozen=True)
class ConversationFilter:
    """What staff asked to see; every field is optional."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    channel: str | None = None
    language: str | None = None
    intent: str | None = None
    urgent: bool = False
    handoff: bool = False
    low_confidence: bool = False
    threshold: float = 0.5
    negative_feedback: bool = False
    review: str | None = None
    tag: str | None = None
    text: str | None = None

    def as_query(self, **changes: Any) -> dict[str, str]:
        """The filter as query-string parameters (for links that keep it), with some changes."""
        changed = replace(self, **changes)
        query: dict[str, str] = {}
        for item in fields(changed):
            value = getattr(changed, item.name)
            if value in (None, False, "") or (item.name == "threshold" and not changed.low_confidence):
                continue
            query[item.name] = "1" if value is True else str(value)
        return query

    @property
    def active(self) -> bool:
        """Whether anything is filtered."""
        return bool(self.as_query())


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _choice(value: str | None, allowed: tuple[str, ...]) -> str | None:
    return value if value in allowed else None


def parse_filter(args: Mapping[str, str], intents: tuple[str, ...], default_threshold: float) -> ConversationFilter:
    """Reads a filter from query parameters; unknown or malformed values are ignored.

    Args:
        args: The query string.
        intents: The intents of the domain (the only ones accepted).
        default_threshold: The low-confidence threshold from the settings.

    Returns:
        The filter.
    """
    try:
        threshold = min(1.0, max(0.0, float(args.get("threshold", default_threshold))))
    except ValueError:
        threshold = default_threshold
    text = (args.get("text") or "").strip()[:MAX_QUERY_CHARS] or None
    tag = (args.get("tag") or "").strip().lower()[:40] or None
    return ConversationFilter(
        date_from=_date(args.get("date_from")),
        date_to=_date(args.get("date_to")),
        channel=_choice(args.get("channel"), CHANNELS),
        language=_choice(args.get("language"), LANGUAGES),
        intent=_choice(args.get("intent"), (*intents, "nlu_fallback")),
        urgent=args.get("urgent") == "1",
        handoff=args.get("handoff") == "1",
        low_confidence=args.get("low_confidence") == "1",
        threshold=threshold,
        negative_feedback=args.get("negative_feedback") == "1",
        review=_choice(args.get("review"), REVIEW_STATES),
        tag=tag,
        text=text,
    )


def _day_start(day: dt.date, zone: ZoneInfo) -> float:
    return dt.datetime.combine(day, dt.time.min, tzinfo=zone).timestamp()


def filtered_conversations(conditions: ConversationFilter, zone: ZoneInfo) -> Select:
    """The SELECT of the conversations a filter lets through, newest first.

    Args:
        conditions: The filter.
        zone: The clinic's time zone, in which the dates are meant.

    Returns:
        A query over the conversation index joined with the triage state.
    """
    c, t, m = schema.conversations, schema.triage, schema.messages
    query = (
        sa.select(c, t.c.reviewed, t.c.follow_up)
        .select_from(c.outerjoin(t, t.c.sender_id == c.c.sender_id))
        .order_by(c.c.started_at.desc(), c.c.sender_id)
    )
    if conditions.date_from:
        query = query.where(c.c.started_at >= _day_start(conditions.date_from, zone))
    if conditions.date_to:
        query = query.where(c.c.started_at < _day_start(conditions.date_to + dt.timedelta(days=1), zone))
    for column, value in ((c.c.channel, conditions.channel), (c.c.language, conditions.language)):
        if value:
            query = query.where(column == value)
    if conditions.urgent:
        query = query.where(c.c.urgent.is_(True))
    if conditions.handoff:
        query = query.where(sa.or_(c.c.handoff.is_(True), c.c.booking.is_(True)))
    if conditions.low_confidence:
        query = query.where(sa.or_(c.c.fallback.is_(True), c.c.min_confidence < conditions.threshold))
    if conditions.negative_feedback:
        query = query.where(c.c.negative_feedback.is_(True))
    if conditions.review == "reviewed":
        query = query.where(t.c.reviewed.is_(True))
    elif conditions.review == "unreviewed":
        query = query.where(sa.or_(t.c.reviewed.is_(None), t.c.reviewed.is_(False)))
    elif conditions.review == "follow_up":
        query = query.where(t.c.follow_up.is_(True))
    if conditions.tag:
        tagged = sa.select(schema.tags.c.sender_id).where(schema.tags.c.tag == conditions.tag)
        query = query.where(c.c.sender_id.in_(tagged))
    if conditions.intent:
        with_intent = sa.select(m.c.sender_id).where(m.c.intent == conditions.intent)
        query = query.where(c.c.sender_id.in_(with_intent))
    if conditions.text:
        matching = sa.select(m.c.sender_id).where(messages_containing(conditions.text))
        query = query.where(c.c.sender_id.in_(matching))
    return query


def messages_containing(text: str) -> sa.ColumnElement[bool]:
    """The condition on indexed patient messages that they contain `text` (any case, spelling folded)."""
    pattern = "%" + _escape_like(normalize_text(text)) + "%"
    return schema.messages.c.search_text.like(pattern, escape="\\")


def urgent_unreviewed(connection: Connection) -> int:
    """How many urgent conversations nobody has marked reviewed yet."""
    c, t = schema.conversations, schema.triage
    query = (
        sa.select(sa.func.count())
        .select_from(c.outerjoin(t, t.c.sender_id == c.c.sender_id))
        .where(c.c.urgent.is_(True), sa.or_(t.c.reviewed.is_(None), t.c.reviewed.is_(False)))
    )
    return int(connection.execute(query).scalar_one())


def _waiting_query() -> Select:
    """Conversations that asked for a person or a callback or got the urgent answer, not reviewed, not held."""
    c, t, held, calls = schema.conversations, schema.triage, schema.takeovers, schema.callbacks
    return (
        sa.select(c, calls.c.phone.label("callback_phone"))
        .select_from(
            c.outerjoin(t, t.c.sender_id == c.c.sender_id).outerjoin(calls, calls.c.sender_id == c.c.sender_id)
        )
        .where(
            sa.or_(c.c.urgent.is_(True), c.c.handoff.is_(True), calls.c.phone.is_not(None)),
            sa.or_(t.c.reviewed.is_(None), t.c.reviewed.is_(False)),
            ~sa.exists().where(held.c.sender_id == c.c.sender_id),
        )
    )


def waiting_for_staff(connection: Connection, limit: int = 100) -> list[Any]:
    """The queue: conversations waiting for a person, with the callback number when the patient left one.

    Most recent first: a patient who wrote a minute ago may still be in the chat, and a backlog
    of old requests must not push a new one off the page (the page shows each one's waiting time).
    """
    query = _waiting_query().order_by(schema.conversations.c.last_at.desc()).limit(limit)
    return list(connection.execute(query).all())


def waiting_count(connection: Connection) -> int:
    """How many conversations the queue holds (the menu's badge on every page)."""
    return int(connection.execute(sa.select(sa.func.count()).select_from(_waiting_query().subquery())).scalar_one())


def unread_counts(connection: Connection, sender_ids: list[str], username: str) -> dict[str, int]:
    """Patient messages each conversation received since `username` last saw it."""
    m, r = schema.messages, schema.reads
    seen = (
        sa.select(r.c.last_event_id)
        .where(r.c.sender_id == m.c.sender_id, r.c.username == username)
        .scalar_subquery()
    )
    query = (
        sa.select(m.c.sender_id, sa.func.count())
        .where(m.c.sender_id.in_(sender_ids), m.c.event_id > sa.func.coalesce(seen, 0))
        .group_by(m.c.sender_id)
    )
    return {sender_id: int(count) for sender_id, count in connection.execute(query)}


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@dataclass(frozen=True)
class Page:
    """One page of the conversation list."""

    rows: list[dict[str, Any]]
    number: int
    total: int

    @property
    def pages(self) -> int:
        """How many pages the filtered list has."""
        return max(1, math.ceil(self.total / PAGE_SIZE))


def conversation_page(connection: Connection, conditions: ConversationFilter, zone: ZoneInfo, number: int) -> Page:
    """One page of the filtered list, with each conversation's tags.

    Args:
        connection: A connection to the console's database.
        conditions: The filter.
        zone: The clinic's time zone.
        number: The page, from 1.

    Returns:
        The page; a number past the end gives the last page.
    """
    query = filtered_conversations(conditions, zone)
    total = connection.execute(sa.select(sa.func.count()).select_from(query.order_by(None).subquery())).scalar_one()
    number = max(1, min(number, max(1, math.ceil(total / PAGE_SIZE))))
    rows = [dict(row._mapping) for row in connection.execute(query.limit(PAGE_SIZE).offset((number - 1) * PAGE_SIZE))]
    tags_by_sender = tags_of(connection, [row["sender_id"] for row in rows])
    for row in rows:
        row["tags"] = tags_by_sender.get(row["sender_id"], [])
    return Page(rows, number, total)


def tags_of(connection: Connection, sender_ids: list[str]) -> dict[str, list[str]]:
    """The tags of some conversations, alphabetical."""
    if not sender_ids:
        return {}
    table = schema.tags
    found: dict[str, list[str]] = {}
    query = sa.select(table.c.sender_id, table.c.tag).where(table.c.sender_id.in_(sender_ids)).order_by(table.c.tag)
    for sender_id, tag in connection.execute(query):
        found.setdefault(sender_id, []).append(tag)
    return found


def all_matching(connection: Connection, conditions: ConversationFilter, zone: ZoneInfo) -> Iterator[dict[str, Any]]:
    """Every conversation the filter lets through (for exports), newest first."""
    for row in connection.execute(filtered_conversations(conditions, zone)):
        yield dict(row._mapping)
