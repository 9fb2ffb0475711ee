"""Pure helpers of the Telegram channel: reading updates, formatting and splitting replies."""

from __future__ import annotations

import html
import re
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Dict, Mapping

from channels.feedback import parse_rating_data, rating_data
from clinic.bidi import isolate_left_to_right
from clinic.contract import (
    ANSWER_KIND,
    BUTTON_TITLE_KEY,
    CALL_LINK,
    CONTACTS_KEY,
    EMERGENCY_CALLS_KEY,
    EMERGENCY_NUMBERS_KEY,
    GREETING_PAYLOAD,
    HEADING_KEY,
    KIND_KEY,
    LANGUAGE_HINT_KEY,
    MEDIA_KEY,
    PHONE_KEY,
    RATING_DOWN,
    RATING_UP,
    SOURCE_KEY,
    STAFF_KIND,
    SYNTHETIC_KEY,
)
from clinic.history import is_urgent
from clinic.language import SUPPORTED_LANGUAGES

MAX_MESSAGE_CHARS = 4096
MAX_CALLBACK_DATA_BYTES = 64
# Commands that open with the greeting and its starter topics ("/topics" is the permanent "Topics" entry).
GREETING_COMMANDS = frozenset({"/start", "/topics", "/help"})
# Message fields that carry something other than text; the first one present names the media.
MEDIA_FIELDS = (
    "voice",
    "audio",
    "video_note",
    "video",
    "photo",
    "sticker",
    "animation",
    "document",
    "location",
    "venue",
    "contact",
    "poll",
    "dice",
)
_SENTENCE_END = re.compile(r"(?<=[.!?…؟])\s+|\n+")

RATING_ICONS = ((RATING_UP, "👍"), (RATING_DOWN, "👎"))


@dataclass(frozen=True)
class IncomingUpdate:
    """What the assistant needs from one Telegram update.

    Attributes:
        update_id: Telegram's id of the update, for de-duplication.
        kind: "text", "start", "button", "rating" (👍/👎 under an answer), "contact" (the patient's
            own number, shared for a callback), "media", or "ignored" (edits, channel posts, joins...).
        chat_id: The chat the conversation belongs to; None for ignored updates.
        text: The message text, the button's payload, or the shared phone number.
        language_code: The user's Telegram interface language, e.g. "ru".
        button_title: Title of the pressed button, for the transcript.
        callback_id: Id of the button press, which must be answered.
        media: Kind of non-text content, e.g. "voice".
    """

    update_id: int | None
    kind: str
    chat_id: int | None = None
    text: str = ""
    language_code: str | None = None
    button_title: str | None = None
    callback_id: str | None = None
    media: str | None = None

    @property
    def language_hint(self) -> str | None:
        """The interface language if the assistant speaks it ("ar-EG" counts as "ar")."""
        code = (self.language_code or "").split("-")[0].lower()
        return code if code in SUPPORTED_LANGUAGES else None


def _button_title(markup: Mapping[str, Any] | None, data: str) -> str | None:
    for row in (markup or {}).get("inline_keyboard") or []:
        for button in row:
            if button.get("callback_data") == data:
                return str(button.get("text"))
    return None


def parse_update(update: Mapping[str, Any]) -> IncomingUpdate:
    """Classifies a Telegram update.

    Args:
        update: The update object as Telegram sends it.

    Returns:
        The parsed update; unknown or malformed updates come back with kind "ignored".
    """
    update_id = update.get("update_id") if isinstance(update.get("update_id"), int) else None
    query = update.get("callback_query")
    if isinstance(query, Mapping):
        message = query.get("message") or {}
        data = str(query.get("data") or "")
        return IncomingUpdate(
            update_id,
            "rating" if parse_rating_data(data) else "button" if data else "ignored",
            chat_id=(message.get("chat") or {}).get("id") or (query.get("from") or {}).get("id"),
            text=data,
            language_code=(query.get("from") or {}).get("language_code"),
            button_title=_button_title(message.get("reply_markup"), data),
            callback_id=str(query.get("id")) if query.get("id") is not None else None,
        )
    message = update.get("message")
    if not isinstance(message, Mapping) or not isinstance((message.get("chat") or {}).get("id"), int):
        return IncomingUpdate(update_id, "ignored")
    chat_id = message["chat"]["id"]
    language_code = (message.get("from") or {}).get("language_code")
    text = message.get("text")
    if isinstance(text, str):
        command = text.strip().split(maxsplit=1)[0].split("@")[0] if text.strip() else ""
        kind = "start" if command in GREETING_COMMANDS else "text"
        return IncomingUpdate(update_id, kind, chat_id, text, language_code)
    contact = message.get("contact")
    if isinstance(contact, Mapping) and contact.get("user_id") == (message.get("from") or {}).get("id"):
        # The patient's own number, shared for a callback (a forwarded contact stays "media").
        return IncomingUpdate(update_id, "contact", chat_id, str(contact.get("phone_number") or ""), language_code)
    media = next((field for field in MEDIA_FIELDS if field in message), "other")
    return IncomingUpdate(update_id, "media", chat_id, "", language_code, media=media)


def sender_id(chat_id: int) -> str:
    """The conversation id of a Telegram chat."""
    return f"tg-{chat_id}"


def chat_id_of(sender: str) -> int:
    """The Telegram chat id of a conversation id made by `sender_id`."""
    return int(sender.removeprefix("tg-"))


def split_text(text: str, limit: int = MAX_MESSAGE_CHARS) -> list[str]:
    """Splits a text into parts of at most `limit` characters, at sentence ends where possible.

    A sentence longer than the limit is cut at a space, or hard at the limit if it has none.
    """
    parts: list[str] = []
    current = ""
    for sentence in _sentences(text):
        while len(sentence) > limit:
            cut = sentence.rfind(" ", 0, limit)
            cut = cut if cut > 0 else limit
            if current:
                parts.append(current)
                current = ""
            parts.append(sentence[:cut].rstrip())
            sentence = sentence[cut:].lstrip()
        candidate = f"{current}{sentence}" if current else sentence
        if len(candidate) <= limit:
            current = candidate
        else:
            parts.append(current.rstrip())
            current = sentence
    if current.strip():
        parts.append(current.rstrip())
    return parts or [""]


def _sentences(text: str) -> list[str]:
    # Keeps each separator with the sentence before it, so joining the parts restores the text.
    pieces: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        pieces.append(text[start : match.end()])
        start = match.end()
    if start < len(text):
        pieces.append(text[start:])
    return pieces


def render_html(text: str, custom: Mapping[str, Any] | None = None, limit: int = MAX_MESSAGE_CHARS) -> list[str]:
    """A bot message as Telegram HTML messages of at most `limit` characters each.

    The text is split at sentence ends before escaping, so no tag or entity is ever cut. The
    urgent answer opens with its one heading and ends with its labelled emergency and clinic
    numbers on a line of their own; a staff member's message opens with who wrote it; an
    answer's first line (its lead) is bold, its source follows in italics and, where it has
    them, the clinic's phone line.
    """
    custom = custom or {}
    urgent = is_urgent(custom)
    # The urgent answer's heading, or who wrote a staff message during a live takeover.
    heading_text = custom.get(HEADING_KEY) if urgent or custom.get(KIND_KEY) == STAFF_KIND else None
    heading = f"<b>{html.escape(str(heading_text), quote=False)}</b>\n" if heading_text else ""
    suffix = "".join(f"\n\n{line}" for line in _closing_lines(custom))
    budget = limit - len(heading) - len(suffix) - len("<b></b>")
    escaped = [piece for part in split_text(text, budget) for piece in _escaped_within(part, budget)]
    first_line = html.escape(text.split("\n", 1)[0], quote=False)
    if (urgent or custom.get(KIND_KEY) == ANSWER_KIND) and escaped[0].startswith(first_line):
        escaped[0] = f"<b>{first_line}</b>{escaped[0][len(first_line) :]}"
    escaped[0] = heading + escaped[0]
    escaped[-1] += suffix
    return escaped


def _closing_lines(custom: Mapping[str, Any]) -> list[str]:
    lines = []
    if is_urgent(custom):
        calls = [f"{call.get('label')}" for call in custom.get(EMERGENCY_CALLS_KEY) or [] if isinstance(call, Mapping)]
        numbers = calls or [str(custom.get(EMERGENCY_NUMBERS_KEY) or "")]
        numbers.append(str(custom.get(PHONE_KEY) or ""))
        phones = " · ".join(f"☎️ {html.escape(number, quote=False)}" for number in numbers if number)
        lines.append(f"<b>{isolate_left_to_right(phones)}</b>")
    if custom.get(SOURCE_KEY):
        lines.append(f"<i>{html.escape(str(custom[SOURCE_KEY]), quote=False)}</i>")
    for link in _contact_links(custom, CALL_LINK):
        number = str(link.get("href")).removeprefix("tel:")
        lines.append(isolate_left_to_right(html.escape(f"{link.get('title')}: {number}", quote=False)))
    return lines


def _contact_links(custom: Mapping[str, Any], kind: str) -> list[Mapping[str, Any]]:
    links = custom.get(CONTACTS_KEY) or []
    return [link for link in links if isinstance(link, Mapping) and link.get(KIND_KEY) == kind and link.get("href")]


def _escaped_within(part: str, budget: int) -> list[str]:
    escaped = html.escape(part, quote=False)
    if len(escaped) <= budget:
        return [escaped]
    # Escaping lengthened the part ("&" becomes "&amp;"): split it smaller and try again.
    smaller = max(1, budget * len(part) // len(escaped))
    return [piece for sub in split_text(part, smaller) for piece in _escaped_within(sub, budget)]


def inline_keyboard(
    buttons: list[Mapping[str, Any]], custom: Mapping[str, Any] | None = None, text: str = ""
) -> dict[str, Any] | None:
    """Buttons as an inline keyboard, one per row; payloads too long for Telegram are dropped.

    The clinic's booking link, where a message offers it, comes first as a link button (Telegram
    opens only web links from buttons, so the call link stays a line of the text). An answer
    (`text`) ends with 👍 and 👎, as in the widget.
    """
    rows = [
        [{"text": str(link.get("title")), "url": str(link.get("href"))}]
        for link in _contact_links(custom or {}, "book")
        if str(link.get("href")).startswith("https://")
    ]
    rows += [
        [{"text": str(button.get("title", "")), "callback_data": str(button.get("payload", ""))}]
        for button in buttons
        if 0 < len(str(button.get("payload", "")).encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES
    ]
    if (custom or {}).get(KIND_KEY) == ANSWER_KIND and text:
        rows.append([{"text": icon, "callback_data": rating_data(rating, text)} for rating, icon in RATING_ICONS])
    return {"inline_keyboard": rows} if rows else None


class RecentIds:
    """Remembers the most recent update ids, so that a redelivered update is processed once."""

    def __init__(self, capacity: int = 10_000) -> None:
        """Keeps at most `capacity` ids."""
        self.capacity = capacity
        self._seen: OrderedDict[int, None] = OrderedDict()

    def first_time(self, update_id: int | None) -> bool:
        """Records the id; False if it was seen before. Updates without an id always pass."""
        if update_id is None:
            return True
        if update_id in self._seen:
            return False
        self._seen[update_id] = None
        if len(self._seen) > self.capacity:
            self._seen.popitem(last=False)
        return True


def message_for(update: IncomingUpdate) -> tuple[str, Dict[str, Any]]:
    """The text and metadata the assistant gets for an update."""
    if update.kind == "start":
        # Telegram's interface language is the only hint before the patient writes anything.
        return GREETING_PAYLOAD, {SYNTHETIC_KEY: "greeting", LANGUAGE_HINT_KEY: update.language_hint}
    if update.kind == "button":
        return update.text, {BUTTON_TITLE_KEY: update.button_title} if update.button_title else {}
    if update.kind == "media":
        return "", {MEDIA_KEY: update.media}
    return update.text, {}
