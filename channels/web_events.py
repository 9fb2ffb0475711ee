"""The widget's socket.io events: sessions, messages, language switches, ratings and callback requests."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any, Awaitable, Dict

from sanic import Sanic
from socketio import AsyncServer

from channels.callback import store_callback
from channels.endpoint import client_address
from channels.feedback import store_rating
from channels.rate_limit import TokenBuckets
from channels.turns import ChannelTurns, CountingOutput, Message, OnNewMessage
from channels.web_session import SessionSigner, button_title, history_from_events, supported_language
from clinic.contract import BUTTON_TITLE_KEY, GREETING_PAYLOAD, LANGUAGE_HINT_KEY, SYNTHETIC_KEY, WEB_CHANNEL

logger = logging.getLogger(__name__)

BOT_EVENT = "bot_uttered"


class WebChatOutput(CountingOutput):
    """Sends each bot message to the session's room as one event: text, buttons and custom data."""

    def __init__(self, sio: AsyncServer) -> None:
        """Wraps the socket.io server."""
        super().__init__()
        self.sio = sio

    @classmethod
    def name(cls) -> str:
        """The channel name stored with the conversation."""
        return WEB_CHANNEL

    async def send_response(self, recipient_id: str, message: Dict[str, Any]) -> None:
        """Sends one message, keeping text, buttons and the urgent marker together."""
        buttons = [{"title": b.get("title", ""), "payload": b.get("payload", "")} for b in message.get("buttons") or []]
        payload = {"text": message.get("text") or "", "buttons": buttons, "custom": message.get("custom") or {}}
        if payload["text"] or payload["custom"]:
            await self.sio.emit(BOT_EVENT, payload, room=recipient_id)
            self.sent += 1


class WebChatSessions:
    """The socket.io event handlers: sessions, messages, language switches, feedback and callbacks."""

    def __init__(
        self,
        sio: AsyncServer,
        signer: SessionSigner,
        on_new_message: OnNewMessage,
        limit: int,
        turns: ChannelTurns,
        new_sessions: TokenBuckets,
    ) -> None:
        """Binds the handlers to one socket.io server.

        Args:
            sio: The socket.io server.
            signer: Issues and checks session tokens.
            on_new_message: Rasa's message handler.
            limit: The hard size limit of a message, in characters.
            turns: Runs the turns, with the per-patient and per-address limits.
            new_sessions: Session requests (new or resumed) per address.
        """
        self.sio = sio
        self.signer = signer
        self.on_new_message = on_new_message
        self.limit = limit
        self.turns = turns
        self.new_sessions = new_sessions
        self.app: Sanic | None = None
        self._background: set[asyncio.Task[None]] = set()

    def register(self) -> None:
        """Registers the event handlers with the socket.io server."""
        self.sio.on("session_request", self.session_request)
        self.sio.on("user_uttered", self.user_uttered)
        self.sio.on("set_language", self.set_language)
        self.sio.on("feedback", self.feedback)
        self.sio.on("callback_request", self.callback_request)

    async def _session(self, sid: str) -> Dict[str, Any]:
        session: Dict[str, Any] = await self.sio.get_session(sid)
        return session

    async def session_request(self, sid: str, data: Any) -> Dict[str, Any]:
        """Resumes the session whose token the client presents, or issues a new one."""
        data = data if isinstance(data, dict) else {}
        address = self._address(sid)
        if address is not None and not await self.new_sessions.take(address, time.monotonic()):
            logger.info("web chat session request refused by the rate limit")
            return {"error": "rate_limited"}
        language = supported_language(data.get("language"))
        previous = (await self._session(sid)).get("session_id")
        if previous:
            await self.sio.leave_room(sid, previous)
        resumed = self.signer.verify(data.get("session_id"), data.get("token"))
        if resumed:
            session_id, token = str(data["session_id"]), str(data["token"])
        else:
            session_id, token = self.signer.issue()
        await self.sio.save_session(sid, {"session_id": session_id, "language": language})
        # Awaited: Rasa 3.6's channel forgets to, and the room is then never joined.
        await self.sio.enter_room(sid, session_id)
        history = await self._history(session_id) if resumed else []
        if not resumed:
            self._in_background(self._greet(session_id, language))
        logger.info("web chat session %s (%s)", "resumed" if resumed else "started", language or "no language")
        return {"session_id": session_id, "token": token, "history": history, "is_new": not resumed}

    async def user_uttered(self, sid: str, data: Any) -> Dict[str, Any]:
        """Passes the patient's message to the assistant; answers once the whole turn is done."""
        session = await self._session(sid)
        session_id = session.get("session_id")
        if not session_id:
            return {"error": "no_session"}
        text = data.get("message") if isinstance(data, dict) else None
        if not isinstance(text, str):
            return {"error": "invalid"}
        if len(text) > self.limit:
            return {"error": "too_long"}
        metadata: Dict[str, Any] = {}
        title = button_title(data.get("title"))
        if title and text in self.turns.payloads:
            metadata[BUTTON_TITLE_KEY] = title
        return await self._turn(text, session_id, metadata, session.get("language"), self._address(sid))

    def _address(self, sid: str) -> str | None:
        """The address of the socket's client, from the request that opened it."""
        return client_address(self.sio.get_environ(sid).get("sanic.request"))

    async def set_language(self, sid: str, data: Any) -> Dict[str, Any]:
        """Switches the conversation's language: the assistant greets in the new one."""
        session = await self._session(sid)
        language = supported_language(data.get("language") if isinstance(data, dict) else None)
        if not session.get("session_id") or not language:
            return {"error": "invalid"}
        if not await self.turns.limits.admit("", session["session_id"], self._address(sid), time.monotonic()):
            return {"error": "rate_limited"}
        session["language"] = language
        await self.sio.save_session(sid, session)
        await self._greet(session["session_id"], language)
        return {"ok": True}

    async def feedback(self, sid: str, data: Any) -> Dict[str, Any]:
        """Stores the patient's rating of an answer in the conversation, for staff."""
        session_id = (await self._session(sid)).get("session_id")
        if not session_id or not isinstance(data, dict) or self.app is None:
            return {"error": "invalid"}
        if not await self.turns.limits.admit("", session_id, self._address(sid), time.monotonic()):
            return {"error": "rate_limited"}
        record = await store_rating(self.app, session_id, data.get("text"), data.get("rating"), data.get("reason"))
        if record is None:
            return {"error": "invalid"}
        logger.info("web chat feedback stored: %s %s", record["rating"], record.get("reason", ""))
        return {"ok": True}

    async def callback_request(self, sid: str, data: Any) -> Dict[str, Any]:
        """Keeps the phone number the patient left for a callback, only with their explicit consent."""
        session = await self._session(sid)
        session_id = session.get("session_id")
        if not session_id or not isinstance(data, dict) or self.app is None:
            return {"error": "invalid"}
        if data.get("consent") is not True:
            return {"error": "consent"}
        if not await self.turns.limits.admit("", session_id, self._address(sid), time.monotonic()):
            return {"error": "rate_limited"}
        message = await store_callback(self.app, session_id, data.get("phone"), session.get("language"), WEB_CHANNEL)
        if message is None:
            return {"error": "invalid_phone"}
        logger.info("web chat callback request stored")
        await WebChatOutput(self.sio).send_response(session_id, message)
        return {"ok": True}

    async def _greet(self, session_id: str, language: str | None) -> None:
        metadata = {SYNTHETIC_KEY: "greeting", LANGUAGE_HINT_KEY: language}
        await self._turn(GREETING_PAYLOAD, session_id, metadata, language, None)

    async def _turn(
        self, text: str, session_id: str, metadata: Dict[str, Any], language: str | None, address: str | None
    ) -> Dict[str, Any]:
        message = Message(text, session_id, metadata, language, address)
        answered = await self.turns.run(self.on_new_message, message, WebChatOutput(self.sio))
        return {"ok": True} if answered else {"ok": True, "answered": False}

    async def _history(self, session_id: str) -> list[Dict[str, Any]]:
        if self.app is None:
            return []
        tracker = await self.app.ctx.agent.tracker_store.retrieve_full_tracker(session_id)
        return history_from_events(event.as_dict() for event in tracker.events) if tracker else []

    def _in_background(self, work: Awaitable[None]) -> None:
        task = asyncio.ensure_future(work)
        self._background.add(task)
        task.add_done_callback(self._background.discard)
