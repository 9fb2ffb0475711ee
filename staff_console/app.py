"""The staff console's Flask application: login, security headers, error pages and the views."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from urllib.parse import quote

from flask import Flask, Response, abort, flash, g, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext, lazy_gettext
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.routing import PathConverter

from staff_console import i18n
from staff_console.accounts import LoginRefused
from staff_console.context import SESSION_KEY, console
from staff_console.display import reveal, reveal_answer
from staff_console.proxy import TrustedProxies
from staff_console.queries import urgent_unreviewed, waiting_count
from staff_console.services import Console
from staff_console.views import admin, auth, conversations, dashboard, inbox, takeover

PUBLIC_ENDPOINTS = {"auth.login", "static", "health"}


def _security_headers(response: Response) -> Response:
    # The console's own script file is the only one that runs (it keeps a live conversation
    # current); patient text can never become a script.
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self' data:; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Frame-Options"] = "DENY"
    if request.endpoint != "static":
        response.headers["Cache-Control"] = "no-store"
    return response


def _require_login() -> ResponseReturnValue | None:
    g.account = None
    token = session.get(SESSION_KEY)
    if token:
        g.account = console().accounts.session_account(token, time.time())
    if g.account is None and request.endpoint not in PUBLIC_ENDPOINTS:
        if request.method == "GET":
            return redirect(url_for("auth.login", next=request.full_path if request.query_string else request.path))
        abort(401)
    return None


class SenderConverter(PathConverter):
    """A conversation id in a URL: in links every reserved character and dot is escaped.

    Ids come from outside (REST callers choose theirs): unescaped, "../admin/accounts" would make
    a link to another page.
    """

    def to_url(self, value: str) -> str:
        """The id escaped into one path segment."""
        return quote(value, safe="").replace(".", "%2E")


def create_app(service: Console, secret_key: str) -> Flask:
    """Builds the console application.

    Args:
        service: Databases, accounts and settings.
        secret_key: Signs the session cookie (CSRF token and session token).

    Returns:
        The Flask app.
    """
    app = Flask(__name__, template_folder=str(Path(__file__).parent / "templates"))
    app.wsgi_app = TrustedProxies(app.wsgi_app, service.settings.console.trusted_proxies)  # type: ignore[method-assign]
    app.url_map.converters["sender"] = SenderConverter
    app.config.update(
        SECRET_KEY=secret_key,
        SESSION_COOKIE_NAME="clinic_console",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=service.settings.is_production,
        PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=8),
        WTF_CSRF_TIME_LIMIT=None,
        MAX_CONTENT_LENGTH=64 * 1024,
    )
    i18n.install(app, service.intent_names)
    app.jinja_env.filters["reveal"] = reveal
    app.jinja_env.filters["reveal_answer"] = reveal_answer
    app.jinja_env.globals.update(
        zone=service.zone,
        fromtimestamp=dt.datetime.fromtimestamp,
        timedelta=dt.timedelta,
        low_confidence=service.settings.console.low_confidence,
    )

    @app.before_request
    def bind() -> ResponseReturnValue | None:
        g.console = service
        return _require_login()

    @app.context_processor
    def urgent_waiting() -> dict[str, int]:
        # On every page, so that no urgent conversation or request for a person waits unseen.
        if g.get("account") is None:
            return {}
        with service.console_db.connect() as connection:
            return {
                "urgent_unreviewed": urgent_unreviewed(connection),
                "waiting_count": waiting_count(connection),
            }

    # After the login check, so that a stranger's POST is refused as unauthenticated (401).
    CSRFProtect(app)

    app.after_request(_security_headers)

    @app.errorhandler(CSRFError)
    def csrf_failed(error: CSRFError) -> ResponseReturnValue:
        message = gettext("The form has expired. Go back, reload and try again.")
        return render_template("error.html", code=400, message=message), 400

    @app.errorhandler(LoginRefused)
    def refused(error: LoginRefused) -> ResponseReturnValue:
        flash(
            gettext(
                "Login refused: too many failed attempts from this address. "
                "Try again in 15 minutes or ask an admin to unlock this address."
            ),
            "error",
        )
        return render_template("login.html", next_url=""), 429

    for code, message in (
        (401, lazy_gettext("Please sign in.")),
        (403, lazy_gettext("Only admins may do this.")),
        (404, lazy_gettext("Not found.")),
    ):
        app.register_error_handler(
            code,
            lambda _error, code=code, message=message: (
                render_template("error.html", code=code, message=message),
                code,
            ),
        )

    @app.get("/health")
    def health() -> ResponseReturnValue:
        return {"status": "ok"}

    @app.get("/")
    def home() -> ResponseReturnValue:
        return redirect(url_for("conversations.list_view"))

    blueprints = (auth, conversations, takeover, inbox, dashboard, admin)
    for blueprint in (module.blueprint for module in blueprints):
        app.register_blueprint(blueprint)
    return app
