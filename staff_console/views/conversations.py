"""The conversation list, the transcript and triage (reviewed, follow-up, tags, notes)."""

from __future__ import annotations

import re
import time

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext

from staff_console import schema
from staff_console.context import audit, console, current_account
from staff_console.indexer import load_conversations
from staff_console.queries import CHANNELS, LANGUAGES, ConversationFilter, conversation_page, parse_filter, tags_of

blueprint = Blueprint("conversations", __name__)

TAG_PATTERN = re.compile(r"[\w-]{1,40}")
MAX_NOTE_CHARS = 2000


def current_filter() -> ConversationFilter:
    """The filter in the query string."""
    service = console()
    return parse_filter(request.args, service.intents, service.settings.console.low_confidence)


@blueprint.get("/conversations")
def list_view() -> ResponseReturnValue:
    """Newest conversations first, filtered and paginated."""
    service = console()
    conditions = current_filter()
    try:
        number = int(request.args.get("page", "1"))
    except ValueError:
        number = 1
    with service.console_db.connect() as connection:
        page = conversation_page(connection, conditions, service.zone, number)
    today = service.today()
    return render_template(
        "conversations.html",
        page=page,
        conditions=conditions,
        channels=CHANNELS,
        languages=LANGUAGES,
        intents=service.intents,
        today=today,
    )


def _known(sender_id: str) -> None:
    with console().console_db.connect() as connection:
        exists = connection.execute(
            sa.select(schema.conversations.c.sender_id).where(schema.conversations.c.sender_id == sender_id)
        ).first()
    if not exists:
        abort(404)


@blueprint.get("/conversations/<sender:sender_id>")
def detail(sender_id: str) -> ResponseReturnValue:
    """The whole conversation, turn by turn; the view is recorded in the audit log."""
    service = console()
    _known(sender_id)
    with service.tracker_db.connect() as tracker:
        loaded = load_conversations(tracker, [sender_id])
    if sender_id not in loaded:
        abort(404)
    conversation, last_event_id = loaded[sender_id]
    with service.console_db.connect() as connection:
        state = connection.execute(sa.select(schema.triage).where(schema.triage.c.sender_id == sender_id)).first()
        notes = connection.execute(
            sa.select(schema.notes).where(schema.notes.c.sender_id == sender_id).order_by(schema.notes.c.at)
        ).all()
        tags = tags_of(connection, [sender_id]).get(sender_id, [])
    audit("view_conversation", sender_id)
    service.mark_read(sender_id, current_account().username, last_event_id)
    return render_template(
        "conversation.html",
        sender_id=sender_id,
        conversation=conversation,
        state=state,
        notes=notes,
        tags=tags,
        typed_tag=request.args.get("tag", "")[:80],
        last_event_id=last_event_id,
        holder=service.takeovers.holders([sender_id]).get(sender_id),
        can_take_over=service.takeover_possible(conversation.summary.channel),
    )


def _back(sender_id: str) -> ResponseReturnValue:
    return redirect(url_for("conversations.detail", sender_id=sender_id))


@blueprint.post("/conversations/<sender:sender_id>/triage")
def triage(sender_id: str) -> ResponseReturnValue:
    """Marks a conversation reviewed or not, and flags it for follow-up or not."""
    _known(sender_id)
    console().save_triage(
        sender_id,
        current_account().username,
        time.time(),
        reviewed=request.form.get("reviewed") == "1",
        follow_up=request.form.get("follow_up") == "1",
    )
    audit("triage", sender_id)
    flash(gettext("Saved."), "info")
    return _back(sender_id)


@blueprint.post("/conversations/<sender:sender_id>/tags")
def add_tag(sender_id: str) -> ResponseReturnValue:
    """Adds a tag (letters, digits, - and _)."""
    _known(sender_id)
    typed = request.form.get("tag", "")
    # "нужен звонок" becomes "нужен-звонок": staff type tags as words.
    tag = "-".join(typed.lower().split())
    if not TAG_PATTERN.fullmatch(tag):
        flash(gettext("A tag is 1-40 letters, digits, “-” or “_”; spaces become “-”."), "error")
        # What was typed comes back in the field, so nothing is lost.
        return redirect(url_for("conversations.detail", sender_id=sender_id, tag=typed[:80]))
    with console().console_db.begin() as connection:
        exists = connection.execute(
            sa.select(schema.tags.c.tag).where(schema.tags.c.sender_id == sender_id, schema.tags.c.tag == tag)
        ).first()
        if not exists:
            connection.execute(schema.tags.insert().values(sender_id=sender_id, tag=tag))
    audit("tag", sender_id)
    return _back(sender_id)


@blueprint.post("/conversations/<sender:sender_id>/tags/remove")
def remove_tag(sender_id: str) -> ResponseReturnValue:
    """Removes a tag."""
    with console().console_db.begin() as connection:
        connection.execute(
            schema.tags.delete().where(
                schema.tags.c.sender_id == sender_id, schema.tags.c.tag == request.form.get("tag")
            )
        )
    audit("untag", sender_id)
    return _back(sender_id)


@blueprint.post("/conversations/<sender:sender_id>/notes")
def add_note(sender_id: str) -> ResponseReturnValue:
    """Adds a note for colleagues."""
    _known(sender_id)
    text = request.form.get("text", "").strip()[:MAX_NOTE_CHARS]
    if text:
        with console().console_db.begin() as connection:
            connection.execute(
                schema.notes.insert().values(
                    sender_id=sender_id, author=current_account().username, at=time.time(), text=text
                )
            )
        audit("note", sender_id)
    return _back(sender_id)
