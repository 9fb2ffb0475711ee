"""The NLU inbox: confirm or correct the intent of patient messages, export them as training data."""

from __future__ import annotations

import time

import sqlalchemy as sa
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext

from staff_console import schema
from staff_console.context import admin_only, audit, console, current_account
from staff_console.exports import NOT_A_QUESTION, nlu_training_data
from staff_console.queries import LANGUAGES, messages_containing

blueprint = Blueprint("inbox", __name__)

INBOX_PAGE_SIZE = 50
STATES = ("pending", "corrected")


@blueprint.get("/inbox")
def inbox() -> ResponseReturnValue:
    """Typed patient messages, least confident first; pending ones unless asked otherwise."""
    service = console()
    language = request.args.get("language") if request.args.get("language") in LANGUAGES else None
    state = request.args.get("state") if request.args.get("state") in STATES else "pending"
    m, fix = schema.messages, schema.corrections
    query = (
        sa.select(
            m.c.event_id,
            m.c.sender_id,
            m.c.text,
            m.c.language,
            m.c.intent,
            m.c.confidence,
            fix.c.intent.label("corrected"),
        )
        .select_from(m.outerjoin(fix, fix.c.event_id == m.c.event_id))
        .where(m.c.typed.is_(True))
    )
    if language:
        query = query.where(m.c.language == language)
    text = request.args.get("text", "").strip()[:200]
    if text:
        query = query.where(messages_containing(text))
    query = query.where(fix.c.event_id.is_(None) if state == "pending" else fix.c.event_id.is_not(None))
    order = (m.c.confidence.is_(None).desc(), m.c.confidence, m.c.event_id.desc())
    with service.console_db.connect() as connection:
        rows = connection.execute(query.order_by(*order).limit(INBOX_PAGE_SIZE)).all()
        exported = sa.select(fix.c.language, sa.func.count()).where(fix.c.intent != NOT_A_QUESTION)
        accepted = dict(connection.execute(exported.group_by(fix.c.language)).all())
    return render_template(
        "inbox.html",
        rows=rows,
        language=language,
        state=state,
        intents=service.intents,
        accepted=accepted,
        skip_choice=NOT_A_QUESTION,
        text=text,
    )


@blueprint.post("/inbox/<int:event_id>")
def correct(event_id: int) -> ResponseReturnValue:
    """Accepts the predicted intent of a message, or a corrected one."""
    service = console()
    intent = request.form.get("intent", "")
    back = redirect(
        url_for(
            "inbox.inbox",
            language=request.args.get("language"),
            state=request.args.get("state"),
            text=request.args.get("text") or None,
        )
    )
    if not intent:
        flash(gettext("Choose an intent, or “skip: not a question”."), "error")
        return back
    if intent not in service.intents and intent != NOT_A_QUESTION:
        abort(400)
    m, fix = schema.messages, schema.corrections
    with service.console_db.begin() as connection:
        message = connection.execute(sa.select(m).where(m.c.event_id == event_id, m.c.typed.is_(True))).first()
        if message is None:
            abort(404)
        connection.execute(fix.delete().where(fix.c.event_id == event_id))
        connection.execute(
            fix.insert().values(
                event_id=event_id,
                sender_id=message.sender_id,
                text=message.text,
                language=message.language if message.language in LANGUAGES else "ru",
                predicted_intent=message.intent,
                intent=intent,
                author=current_account().username,
                at=time.time(),
            )
        )
    audit("correct_intent", message.sender_id)
    if intent == NOT_A_QUESTION:
        flash(gettext("Marked as not a question: it is not exported."), "info")
    else:
        flash(gettext("Saved as “%(intent)s”.", intent=service.intent_label(intent)), "info")
    return back


@blueprint.get("/inbox/export/<language>.yml")
@admin_only
def export_training_data(language: str) -> ResponseReturnValue:
    """The accepted corrections of one language as a Rasa NLU file."""
    if language not in LANGUAGES:
        abort(404)
    with console().console_db.connect() as connection:
        rows = [dict(row._mapping) for row in connection.execute(sa.select(schema.corrections))]
    audit("export_training_data", language)
    return Response(
        nlu_training_data(rows, language),
        mimetype="application/x-yaml",
        headers={"Content-Disposition": f'attachment; filename="console-corrections-{language}.yml"'},
    )
