"""The dashboard: conversations, fallbacks, urgent answers, handoffs and feedback over 30 days."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

from staff_console.context import console
from staff_console.dashboard import CHART_HEIGHT, CHART_WIDTH, dashboard_data

blueprint = Blueprint("dashboard", __name__)


@blueprint.get("/dashboard")
def dashboard() -> ResponseReturnValue:
    """Charts over the last 30 days in the clinic's time zone."""
    service = console()
    with service.console_db.connect() as connection:
        data = dashboard_data(connection, service.today(), service.zone)
    return render_template("dashboard.html", width=CHART_WIDTH, height=CHART_HEIGHT, **data)
