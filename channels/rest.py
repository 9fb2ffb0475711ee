"""The REST channel (POST /webhooks/rest/webhook) with the same guarantees as the other channels.

Rasa's own REST channel answers a failed turn with an empty list, writes the patient's text to
its error log, takes any conversation id and passes the caller's metadata on. This one answers
like the widget and Telegram do (`channels.turns`), refuses a body past the widget's hard size
limit before reading it whole, takes conversation ids of a safe form that no other channel uses
(so a caller cannot write into a Telegram or widget patient's conversation), drops the caller's
metadata, and limits callers per address as well as per conversation. With CLINIC_REST_TOKEN set
(a clinic whose patients use only the widget and Telegram), callers must present it as a bearer
token.
"""

from __future__ import annotations

import hmac
import json
import logging
from typing import Any, Dict

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.endpoint import client_address, hard_limit_bytes, hard_limit_chars, health_route, share_app
from channels.inbound import rest_sender_problem
from channels.turns import ChannelTurns, Message, OnNewMessage
from clinic.contract import REST_CHANNEL
from clinic.settings import Settings, process_settings

logger = logging.getLogger(__name__)



class RestOutput(CollectingOutputChannel):
    """Collects the turn's messages for the HTTP response, counting them."""

    @property
    def sent(self) -> int:
        """How many messages the turn produced so far."""
        return len(self.messages)


def _error(message: str, status: int) -> HTTPResponse:
    return response.json({"error": message}, status=status)


async def _body_within(request: Request, max_bytes: int) -> bytes | None:
    """The request body, or None as soon as it is known to exceed `max_bytes`."""
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > max_bytes):
        return None
    stream = request.stream
    if stream is None:  # Sanic read the body already
        return request.body if len(request.body) <= max_bytes else None
    body = bytearray()
    while (chunk := await stream.read()) is not None:
        body += chunk
        if len(body) > max_bytes:
            return None
    return bytes(body)


class ClinicRestInput(RestInput):
    """Configured in credentials.yml as `channels.rest.ClinicRestInput`, in place of `rest`."""

    @classmethod
    def name(cls) -> str:
        """The channel name, also the URL prefix: /webhooks/rest/."""
        return REST_CHANNEL

    @classmethod
    def from_credentials(cls, credentials: Dict[str, Any] | None) -> InputChannel:
        """Builds the channel from the settings."""
        return cls(process_settings())

    def __init__(self, settings: Settings) -> None:
        """Keeps the limits (per conversation and per address)."""
        self.turns = ChannelTurns(settings, REST_CHANNEL)
        self.max_chars = hard_limit_chars(settings)
        self.token = settings.rest_token

    def _authorised(self, request: Request) -> bool:
        if not self.token:
            return True
        presented = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
        return hmac.compare_digest(presented.encode(), self.token.encode())

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        """The health route and the webhook."""
        blueprint = Blueprint("clinic_rest", __name__)
        turns = self.turns
        share_app(blueprint, turns)
        blueprint.add_route(health_route(), "/", methods=["GET"])

        @blueprint.route("/webhook", methods=["POST"], stream=True)
        async def receive(request: Request) -> HTTPResponse:
            if not self._authorised(request):
                return _error("this channel needs the clinic's REST token (Authorization: Bearer ...)", 401)
            raw = await _body_within(request, hard_limit_bytes(self.max_chars))
            if raw is None:
                return _error(f"message too long: at most {self.max_chars} characters", 413)
            try:
                body = json.loads(raw)
            except ValueError:
                body = None
            sender, text = (body.get("sender"), body.get("message")) if isinstance(body, dict) else (None, None)
            if not isinstance(text, str):
                return _error("expected {'sender': str, 'message': str}", 400)
            if len(text) > self.max_chars:
                return _error(f"message too long: at most {self.max_chars} characters", 413)
            problem = rest_sender_problem(sender)
            if problem:
                return _error(problem, 400)
            output = RestOutput()
            message = Message(text, str(sender), {}, address=client_address(request))
            await turns.run(on_new_message, message, output)
            return response.json(output.messages)

        return blueprint
