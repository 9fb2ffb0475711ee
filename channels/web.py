"""The website chat channel: socket.io for the widget, plus the widget's script and texts.

Built on python-socketio like Rasa's own `SocketIOInput`, which it replaces because that one lets
any client join any conversation whose id it knows, never awaits its room join (so replies to a
persistent session are lost), drops replies sent while the client is offline, and has no origin
allow-list. Here the server issues the session id with a resume token, every (re)connection gets
the stored history, and the allowed origins come from the settings.
"""

from __future__ import annotations

import logging
from typing import Any, Dict

from rasa.core.channels.channel import InputChannel, OutputChannel
from rasa.core.channels.socketio import SocketBlueprint
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncRedisManager, AsyncServer

from channels.endpoint import hard_limit_bytes, hard_limit_chars, health_route, share_app
from channels.rate_limit import TokenBuckets
from channels.turns import ChannelTurns, OnNewMessage
from channels.web_events import WebChatOutput, WebChatSessions
from channels.web_session import SessionSigner, session_secret, widget_texts, widget_topics
from clinic.contract import WEB_CHANNEL
from clinic.messages import load_catalog
from clinic.settings import PROJECT_ROOT, Settings, process_settings

logger = logging.getLogger(__name__)

WIDGET_BUNDLE = PROJECT_ROOT / "widget" / "dist" / "clinic-widget.js"


class WebChatInput(InputChannel):
    """The widget's channel; configured in credentials.yml as `channels.web.WebChatInput`."""

    @classmethod
    def name(cls) -> str:
        """The channel name, also the URL prefix: /webhooks/web/."""
        return WEB_CHANNEL

    @classmethod
    def from_credentials(cls, credentials: Dict[str, Any] | None) -> InputChannel:
        """Builds the channel from credentials.yml and the project settings."""
        settings = process_settings()
        catalog = load_catalog(settings.knowledge_dir / "messages.yml", settings.knowledge_dir / "intents.yml")
        interface = load_catalog(settings.knowledge_dir / "interface.yml")
        return cls(
            settings,
            SessionSigner(session_secret(settings)),
            widget_texts(interface, catalog),
            widget_topics(catalog),
            socketio_path=(credentials or {}).get("socketio_path", "/socket.io"),
        )

    def __init__(
        self,
        settings: Settings,
        signer: SessionSigner,
        texts: Dict[str, Dict[str, str]],
        topics: Dict[str, list[Dict[str, str]]],
        socketio_path: str,
    ) -> None:
        """Keeps the configuration; the socket server is created with the blueprint."""
        self.settings = settings
        self.signer = signer
        self.texts = texts
        self.topics = topics
        self.socketio_path = socketio_path
        self.sio: AsyncServer | None = None

    def get_output_channel(self) -> OutputChannel | None:
        """The output channel for messages the server sends on its own (e.g. reminders)."""
        return WebChatOutput(self.sio) if self.sio else None

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        """The socket.io server and the HTTP routes under /webhooks/web/."""
        limit = hard_limit_chars(self.settings)
        # In a cluster, an emit to a session's room (a reply, a staff message) is published through
        # Redis and delivered by whichever server holds the patient's socket.
        shared = AsyncRedisManager(self.settings.redis_url) if self.settings.cluster else None
        sio = AsyncServer(
            async_mode="sanic",
            cors_allowed_origins=list(self.settings.widget_origins),
            max_http_buffer_size=hard_limit_bytes(limit),
            client_manager=shared,
        )
        self.sio = sio
        blueprint: Blueprint = SocketBlueprint(sio, self.socketio_path, "web_chat", __name__)
        turns = ChannelTurns(self.settings, WEB_CHANNEL)
        new_sessions = TokenBuckets(self.settings.limits.address_sessions_per_minute)
        sessions = WebChatSessions(sio, self.signer, on_new_message, limit, turns, new_sessions)
        sessions.register()

        share_app(blueprint, sessions, turns)
        blueprint.add_route(health_route(), "/", methods=["GET"])

        @blueprint.route("/ui", methods=["GET"])
        async def interface(request: Request) -> HTTPResponse:
            config = {
                "strings": self.texts,
                "max_message_chars": self.settings.max_message_chars,
                "socketio_path": self.socketio_path,
                "topics": self.topics,
            }
            return response.json(config, headers=self._cors_headers(request))

        @blueprint.route("/widget.js", methods=["GET"])
        async def widget(_: Request) -> HTTPResponse:
            if not WIDGET_BUNDLE.exists():
                return response.text("widget not built: run `make widget`", status=503)
            return await response.file(
                WIDGET_BUNDLE, mime_type="application/javascript", headers={"Cache-Control": "no-cache"}
            )

        return blueprint

    def _cors_headers(self, request: Request) -> Dict[str, str]:
        origin = request.headers.get("origin", "")
        if origin in self.settings.widget_origins:
            return {"Access-Control-Allow-Origin": origin, "Vary": "Origin"}
        return {"Vary": "Origin"}
