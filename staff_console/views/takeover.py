"""The "Waiting for staff" queue and the live takeover: take over, write to the patient, hand back."""

from __future__ import annotations

import time
from typing import Callable

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext

from staff_console import schema
from staff_console.context import audit, console, current_account
from staff_console.indexer import load_conversations
from staff_console.queries import unread_counts, waiting_for_staff
from staff_console.takeover import MAX_STAFF_MESSAGE_CHARS, BridgeError, HeldByOther

blueprint = Blueprint("takeover", __name__)

# The queue page reloads itself this often: a new entry shows within seconds without a script.
QUEUE_REFRESH_SECONDS = 10


@blueprint.get("/queue")
def queue() -> ResponseReturnValue:
    """Conversations waiting for a person, most recent first, and the ones staff hold now."""
    service = console()
    holders = service.takeovers.holders()
    with service.console_db.connect() as connection:
        waiting = waiting_for_staff(connection)
        held = connection.execute(
            sa.select(schema.conversations).where(schema.conversations.c.sender_id.in_(list(holders)))
        ).all()
        unread = unread_counts(connection, [row.sender_id for row in [*waiting, *held]], current_account().username)
    return render_template(
        "queue.html",
        waiting=waiting,
        held=held,
        holders=holders,
        unread=unread,
        now=time.time(),
        refresh_seconds=QUEUE_REFRESH_SECONDS,
    )


def _conversation_row(sender_id: str) -> sa.Row:
    with console().console_db.connect() as connection:
        row = connection.execute(
            sa.select(schema.conversations).where(schema.conversations.c.sender_id == sender_id)
        ).first()
    if row is None:
        abort(404)
    return row


def _back(sender_id: str) -> ResponseReturnValue:
    return redirect(url_for("conversations.detail", sender_id=sender_id))


def _step(
    sender_id: str, action: str, step: Callable[[], None], refusal: Callable[[HeldByOther], str]
) -> ResponseReturnValue:
    """Runs one takeover step: audited when done; when not, staff are told why and nothing is audited."""
    try:
        step()
    except HeldByOther as held:
        flash(refusal(held), "error")
    except BridgeError:
        flash(gettext("The assistant's server did not take the change; nothing was sent. Try again."), "error")
    else:
        audit(action, sender_id)
    return _back(sender_id)


@blueprint.post("/conversations/<sender:sender_id>/takeover")
def take(sender_id: str) -> ResponseReturnValue:
    """Pauses the assistant: from now on this member of staff answers the patient."""
    service = console()
    row = _conversation_row(sender_id)
    if not service.takeover_possible(row.channel):
        flash(gettext("This conversation cannot be taken over (its channel cannot receive staff messages)."), "error")
        return _back(sender_id)
    username = current_account().username
    return _step(
        sender_id,
        "takeover",
        lambda: service.takeovers.take(sender_id, username, row.language, time.time()),
        lambda held: gettext("%(name)s has already taken over this conversation.", name=held.username),
    )


@blueprint.post("/conversations/<sender:sender_id>/say")
def say(sender_id: str) -> ResponseReturnValue:
    """Sends the typed message to the patient's chat."""
    row = _conversation_row(sender_id)
    text = request.form.get("text", "").strip()
    if not text or len(text) > MAX_STAFF_MESSAGE_CHARS:
        flash(gettext("Write a message of 1 to %(num)d characters.", num=MAX_STAFF_MESSAGE_CHARS), "error")
        return _back(sender_id)
    username = current_account().username
    return _step(
        sender_id,
        "staff_message",
        lambda: console().takeovers.say(sender_id, username, text, row.language, time.time()),
        lambda _: gettext("Take over the conversation first."),
    )


@blueprint.post("/conversations/<sender:sender_id>/hand-back")
def hand_back(sender_id: str) -> ResponseReturnValue:
    """Resumes the assistant; the conversation leaves the queue as reviewed."""
    service = console()
    row = _conversation_row(sender_id)
    holder = service.takeovers.holders([sender_id]).get(sender_id)
    account = current_account()
    if holder is None or (holder.username != account.username and not account.is_admin):
        flash(gettext("Only the member of staff who took over (or an admin) can hand back."), "error")
        return _back(sender_id)

    def hand_back_and_resolve() -> None:
        service.takeovers.hand_back(sender_id, row.language)
        service.save_triage(sender_id, account.username, time.time(), reviewed=True)
        flash(gettext("The assistant answers this conversation again."), "info")

    return _step(sender_id, "hand_back", hand_back_and_resolve, lambda _: "")


@blueprint.get("/conversations/<sender:sender_id>/live")
def live(sender_id: str) -> ResponseReturnValue:
    """The transcript, when it has events newer than `after` (polled by the open page)."""
    service = console()
    after = request.args.get("after", type=int, default=0)
    events = schema.rasa_events
    with service.tracker_db.connect() as tracker:
        newest = tracker.execute(sa.select(sa.func.max(events.c.id)).where(events.c.sender_id == sender_id)).scalar()
        if newest is None:
            abort(404)
        if newest <= after:
            return {"last_event_id": newest}
        conversation, last_event_id = load_conversations(tracker, [sender_id])[sender_id]
    service.mark_read(sender_id, current_account().username, last_event_id)
    return {"last_event_id": last_event_id, "html": render_template("_transcript.html", conversation=conversation)}
