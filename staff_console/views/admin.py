"""Admin pages: accounts, the audit log, exports and deleting a conversation."""

from __future__ import annotations

import time
from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext, lazy_gettext

from staff_console.accounts import ROLES, AccountError, generate_password
from staff_console.context import admin_only, audit, console
from staff_console.exports import export_records, to_csv, to_json_lines
from staff_console.indexer import load_conversations
from staff_console.queries import all_matching
from staff_console.transcript import Conversation, PatientMessage, speaker
from staff_console.views.conversations import current_filter

blueprint = Blueprint("admin", __name__)

EXPORT_FORMATS = {"csv": ("text/csv", to_csv), "jsonl": ("application/x-ndjson", to_json_lines)}
ACCOUNT_ERRORS = {
    "username": lazy_gettext("A username is 2-64 lower-case Latin letters, digits, “.”, “_” or “-”."),
    "password": lazy_gettext("The password is too short."),
    "role": lazy_gettext("Choose a role from the list."),
    "taken": lazy_gettext("The username %(name)s is taken."),
    "unknown": lazy_gettext("There is no account %(name)s."),
}


def account_error_text(error: AccountError, username: str) -> str:
    """Why an account could not be created or changed, in the page's language."""
    return str(ACCOUNT_ERRORS[error.reason]) % {"name": username}


@blueprint.get("/admin/accounts")
@admin_only
def accounts(created: tuple[str, str] | None = None) -> ResponseReturnValue:
    """Lists the staff accounts and the addresses locked out after failed logins."""
    store, now = console().accounts, time.time()
    return render_template(
        "accounts.html",
        accounts=store.all(),
        locked_addresses=store.locked_addresses(now),
        roles=ROLES,
        now=now,
        created=created,
    )


@blueprint.post("/admin/accounts")
@admin_only
def create_account() -> ResponseReturnValue:
    """Creates an account with a generated password, shown once."""
    username = request.form.get("username", "").strip().lower()
    password = generate_password()
    try:
        console().accounts.create(username, password, request.form.get("role", ""), time.time())
    except AccountError as error:
        flash(account_error_text(error, username), "error")
        return redirect(url_for("admin.accounts"))
    audit("create_account", username)
    # In this page only: a flash message would carry the password in the session cookie.
    return accounts(created=(username, password))


@blueprint.post("/admin/addresses/unlock")
@admin_only
def unlock_address() -> ResponseReturnValue:
    """Lets an address locked out after failed logins sign in again."""
    address = request.form.get("address", "")
    if console().accounts.unlock_address(address):
        audit("unlock_address", address)
        flash(gettext("The address %(address)s may sign in again.", address=address), "info")
    return redirect(url_for("admin.accounts"))


@blueprint.post("/admin/accounts/<username>/active")
@admin_only
def set_active(username: str) -> ResponseReturnValue:
    """Enables or disables an account; disabling signs it out everywhere."""
    active = request.form.get("active") == "1"
    try:
        console().accounts.set_active(username, active)
    except AccountError as error:
        flash(account_error_text(error, username), "error")
        return redirect(url_for("admin.accounts"))
    audit("enable_account" if active else "disable_account", username)
    return redirect(url_for("admin.accounts"))


@blueprint.get("/admin/audit")
@admin_only
def audit_log() -> ResponseReturnValue:
    """The newest entries of the audit log."""
    return render_template("audit.html", entries=console().accounts.audit_entries())


def _turns(conversation: Conversation) -> list[dict[str, Any]]:
    return [
        {
            "speaker": speaker(entry),
            "at": entry.at,
            "text": entry.text,
            "intent": entry.intent if isinstance(entry, PatientMessage) else None,
            "confidence": entry.confidence if isinstance(entry, PatientMessage) else None,
        }
        for entry in conversation.entries
    ]


@blueprint.get("/export.<extension>")
@admin_only
def export(extension: str) -> ResponseReturnValue:
    """The filtered conversations, one row per message; personal data redacted unless unticked."""
    if extension not in EXPORT_FORMATS:
        abort(404)
    service = console()
    conditions = current_filter()
    redact = request.args.get("personal_data") != "1"
    with service.console_db.connect() as connection:
        rows = list(all_matching(connection, conditions, service.zone))
    with service.tracker_db.connect() as tracker:
        loaded = load_conversations(tracker, [row["sender_id"] for row in rows])
    turns = {sender_id: _turns(conversation) for sender_id, (conversation, _) in loaded.items()}
    mimetype, render = EXPORT_FORMATS[extension]
    audit("export" if redact else "export_with_personal_data", f"{len(rows)} conversations")
    return Response(
        render(export_records(rows, turns, redact, service.zone)),
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="conversations.{extension}"'},
    )


@blueprint.post("/conversations/<sender:sender_id>/delete")
@admin_only
def delete(sender_id: str) -> ResponseReturnValue:
    """Erases a conversation everywhere (a patient's request); needs the confirmation box."""
    if request.form.get("confirm") != "1":
        flash(gettext("Tick the confirmation box to delete the conversation."), "error")
        return redirect(url_for("conversations.detail", sender_id=sender_id))
    console().index.erase([sender_id])
    audit("delete_conversation", sender_id)
    flash(gettext("The conversation was deleted."), "info")
    return redirect(url_for("conversations.list_view"))
