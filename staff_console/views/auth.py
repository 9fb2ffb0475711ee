"""Login and logout."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext

from staff_console.context import SESSION_KEY, audit, client_address, console, current_account
from staff_console.i18n import LANGUAGE_NAMES

blueprint = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    """Only a path on this site: an open redirect would help phishing."""
    if not target or not target.startswith("/") or target.startswith("//") or urlsplit(target).netloc:
        return url_for("conversations.list_view")
    return target


@blueprint.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    """Shows the login form and signs staff in."""
    next_url = request.values.get("next", "")
    if request.method == "GET":
        return render_template("login.html", next_url=next_url)
    service = console()
    username = request.form.get("username", "").strip().lower()[:64]
    now = time.time()
    account = service.accounts.authenticate(username, request.form.get("password", ""), client_address(), now)
    if account is None:
        service.accounts.audit(username or "-", "login_failed", None, client_address(), now)
        # The same words for a locked account: the answer must not tell which names exist.
        flash(
            gettext("Wrong username or password. After five failed attempts an account is locked for 15 minutes."),
            "error",
        )
        return render_template("login.html", next_url=next_url), 401
    # A fresh cookie at login, so a session id planted before it is worthless.
    session.clear()
    session[SESSION_KEY] = service.accounts.open_session(account, now)
    session.permanent = True
    service.accounts.audit(account.username, "login", None, client_address(), now)
    return redirect(_safe_next(next_url))


@blueprint.post("/logout")
def logout() -> ResponseReturnValue:
    """Ends the session."""
    audit("logout")
    console().accounts.close_session(session.get(SESSION_KEY, ""))
    session.clear()
    flash(gettext("Signed out %(name)s.", name=current_account().username), "info")
    return redirect(url_for("auth.login"))


@blueprint.post("/language")
def set_language() -> ResponseReturnValue:
    """Saves the interface language the member of staff chose, for every later visit."""
    language = request.form.get("language", "")
    if language not in LANGUAGE_NAMES:
        abort(400)
    console().accounts.set_language(current_account(), language)
    audit("set_language", language)
    return redirect(_safe_next(request.form.get("next")))
