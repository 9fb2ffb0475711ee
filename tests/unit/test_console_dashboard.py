"""The dashboard's chart geometry: gaps for empty days, links to the list, readable dates."""

import datetime as dt
from zoneinfo import ZoneInfo

from staff_console.dashboard import DAYS, daily_charts

ZONE = ZoneInfo("Europe/Moscow")
TODAY = dt.date(2026, 11, 29)


def row(day: dt.date, **flags):
    at = dt.datetime.combine(day, dt.time(12), tzinfo=ZONE).timestamp()
    base = {"channel": "web", "language": "ru", "fallback": False, "urgent": False, "handoff": False, "booking": False}
    return {"started_at": at, **base, **flags}


def test_a_day_without_conversations_is_a_gap_in_the_fallback_rate_not_zero():
    rows = [row(TODAY - dt.timedelta(days=2), fallback=True), row(TODAY - dt.timedelta(days=1)), row(TODAY)]
    rate = daily_charts(rows, TODAY, ZONE)[2]
    values = next(iter(rate.series.values()))
    assert values[-3:] == [1.0, 0.0, 0.0] and values[0] is None
    assert len(rate.points) == 3 and len(rate.segments) == 1
    rows.append(row(TODAY - dt.timedelta(days=10)))
    assert len(daily_charts(rows, TODAY, ZONE)[2].segments) == 1  # a lone day is a dot, not a line


def test_bars_and_dots_link_to_that_days_conversations_under_the_charts_filter():
    charts = daily_charts([row(TODAY, channel="telegram", urgent=True, fallback=True)], TODAY, ZONE)
    by_channel, _, rate, urgent, _ = charts
    assert by_channel.bars[0].query == {"date_from": "2026-11-29", "date_to": "2026-11-29", "channel": "telegram"}
    assert urgent.bars[0].query["urgent"] == "1"
    assert rate.points[0].query == {
        "date_from": "2026-11-29",
        "date_to": "2026-11-29",
        "low_confidence": "1",
        "threshold": "0",
    }


def test_the_date_axis_labels_today_and_each_week_before_it():
    ticks = daily_charts([], TODAY, ZONE)[0].ticks
    assert [label for _, label in ticks] == ["01.11", "08.11", "15.11", "22.11", "29.11"]
    assert len(daily_charts([], TODAY, ZONE)[0].days) == DAYS
