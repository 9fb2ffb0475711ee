"""Dashboard figures and the geometry of its charts, drawn as inline SVG by the templates.

Server-side SVG needs no script and no chart library in the browser, which keeps the console's
content-security policy strict (no scripts at all).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Sequence
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.engine import Connection

from staff_console import schema

DAYS = 30
TICK_DAYS = 7
UNKNOWN = "unknown"
TOP_INTENTS = 10
CHART_WIDTH = 600
CHART_HEIGHT = 160


@dataclass(frozen=True)
class Bar:
    """One stacked segment of a bar chart."""

    x: float
    y: float
    width: float
    height: float
    series: int
    label: str
    query: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Point:
    """A day's value on a line chart, linking to that day's conversations."""

    x: float
    y: float
    label: str
    query: Mapping[str, str]


@dataclass(frozen=True)
class Chart:
    """A chart over days: stacked bars, or a line when `segments` is set (a day without data is a gap)."""

    title: str
    days: list[dt.date]
    series: dict[str, list[float | None]]
    bars: list[Bar] = field(default_factory=list)
    segments: list[str] = field(default_factory=list)
    points: list[Point] = field(default_factory=list)
    maximum: float = 0.0
    percent: bool = False

    @property
    def ticks(self) -> list[tuple[float, str]]:
        """Date labels along the axis: the last day, and every `TICK_DAYS` days before it."""
        slot = CHART_WIDTH / max(1, len(self.days))
        shown = sorted(range(len(self.days) - 1, -1, -TICK_DAYS))
        return [(index * slot + slot / 2, self.days[index].strftime("%d.%m")) for index in shown]


def day_query(day: dt.date, filters: Mapping[str, str]) -> dict[str, str]:
    """The conversation list's query for one day and a chart's filter."""
    return {"date_from": day.isoformat(), "date_to": day.isoformat(), **filters}


def stacked_bars(
    title: str,
    days: list[dt.date],
    series: Mapping[str, Sequence[float]],
    filters: Mapping[str, str] | None = None,
    series_filter: str | None = None,
) -> Chart:
    """Lays out a stacked bar chart: one bar per day, one segment per series.

    Each segment links to the list of that day's conversations under the chart's `filters`,
    and with `series_filter` (e.g. "channel") set to the segment's series.
    """
    totals = [sum(values[index] for values in series.values()) for index in range(len(days))]
    maximum = max(totals, default=0) or 1
    slot = CHART_WIDTH / max(1, len(days))
    bars: list[Bar] = []
    for index, day in enumerate(days):
        bottom = float(CHART_HEIGHT)
        for number, (name, values) in enumerate(series.items()):
            height = CHART_HEIGHT * values[index] / maximum
            if height:
                bottom -= height
                label = f"{day.isoformat()} {name}: {values[index]:g}"
                extra = {series_filter: name} if series_filter and name != UNKNOWN else {}
                query = day_query(day, {**(filters or {}), **extra})
                bars.append(Bar(index * slot + 1, bottom, slot - 2, height, number, label, query))
    return Chart(title, days, {k: list(v) for k, v in series.items()}, bars=bars, maximum=float(maximum))


def line(
    title: str, days: list[dt.date], name: str, values: Sequence[float | None], filters: Mapping[str, str]
) -> Chart:
    """Lays out a line chart of shares (0-1) per day; a day without conversations (None) breaks the line."""
    slot = CHART_WIDTH / max(1, len(days))
    points: list[Point] = []
    segments: list[list[str]] = [[]]
    for index, value in enumerate(values):
        if value is None:
            segments.append([])
            continue
        x, y = index * slot + slot / 2, CHART_HEIGHT - CHART_HEIGHT * value
        points.append(Point(x, y, f"{days[index].isoformat()}: {value:.0%}", day_query(days[index], filters)))
        segments[-1].append(f"{x:.1f},{y:.1f}")
    lines = [" ".join(segment) for segment in segments if len(segment) > 1]
    return Chart(title, days, {name: list(values)}, segments=lines, points=points, maximum=1.0, percent=True)


def _day(timestamp: float, zone: ZoneInfo) -> dt.date:
    return dt.datetime.fromtimestamp(timestamp, zone).date()


def daily_charts(rows: Iterable[Mapping[str, Any]], today: dt.date, zone: ZoneInfo) -> list[Chart]:
    """The dashboard's charts over the last `DAYS` days.

    Args:
        rows: Conversation index rows (started_at, channel, language, fallback, urgent, handoff, booking).
        today: The last day shown.
        zone: The clinic's time zone.

    Returns:
        Conversations by channel and by language, fallback rate, urgent answers and handoff requests.
    """
    days = [today - dt.timedelta(days=offset) for offset in range(DAYS - 1, -1, -1)]
    position = {day: index for index, day in enumerate(days)}
    by_channel: dict[str, list[float]] = {}
    by_language: dict[str, list[float]] = {}
    totals, fallbacks, urgent, handoff = ([0.0] * DAYS for _ in range(4))
    for row in rows:
        index = position.get(_day(row["started_at"], zone))
        if index is None:
            continue
        by_channel.setdefault(row["channel"] or UNKNOWN, [0.0] * DAYS)[index] += 1
        by_language.setdefault(row["language"] or UNKNOWN, [0.0] * DAYS)[index] += 1
        totals[index] += 1
        fallbacks[index] += bool(row["fallback"])
        urgent[index] += bool(row["urgent"])
        handoff[index] += bool(row["handoff"] or row["booking"])
    rate = [fallbacks[index] / totals[index] if totals[index] else None for index in range(DAYS)]
    fallback_title = _('Fallback rate (conversations with a "did you mean" or fallback)')
    return [
        stacked_bars(_("Conversations per day by channel"), days, dict(sorted(by_channel.items())), {}, "channel"),
        stacked_bars(_("Conversations per day by language"), days, dict(sorted(by_language.items())), {}, "language"),
        line(fallback_title, days, _("fallback rate"), rate, {"low_confidence": "1", "threshold": "0"}),
        stacked_bars(_("Urgent (emergency) answers"), days, {_("urgent"): urgent}, {"urgent": "1"}),
        stacked_bars(_("Handoff or booking requests"), days, {_("handoff or booking"): handoff}, {"handoff": "1"}),
    ]


def dashboard_data(connection: Connection, today: dt.date, zone: ZoneInfo) -> dict[str, Any]:
    """Everything the dashboard shows, read from the conversation index."""
    c, m = schema.conversations, schema.messages
    since = dt.datetime.combine(today - dt.timedelta(days=DAYS - 1), dt.time.min, tzinfo=zone).timestamp()
    columns = (c.c.started_at, c.c.channel, c.c.language, c.c.fallback, c.c.urgent, c.c.handoff, c.c.booking)
    rows = [dict(row._mapping) for row in connection.execute(sa.select(*columns).where(c.c.started_at >= since))]
    count = sa.func.count().label("count")
    intents = connection.execute(
        sa.select(m.c.intent, count)
        .where(m.c.at >= since, m.c.intent.is_not(None))
        .group_by(m.c.intent)
        .order_by(count.desc())
        .limit(TOP_INTENTS)
    ).all()
    feedback = Counter(
        {
            "helpful": connection.execute(
                sa.select(sa.func.count()).where(c.c.started_at >= since, c.c.positive_feedback.is_(True))
            ).scalar_one(),
            "not helpful": connection.execute(
                sa.select(sa.func.count()).where(c.c.started_at >= since, c.c.negative_feedback.is_(True))
            ).scalar_one(),
        }
    )
    top = [(intent, int(number)) for intent, number in intents]
    return {
        "charts": daily_charts(rows, today, zone),
        "top_intents": top,
        "top_maximum": max((number for _, number in top), default=1),
        "feedback": feedback,
        "total": len(rows),
    }
