"""The REST channel (POST /webhooks/rest/webhook) with the same guarantees as the other channels.

Rasa's own REST channel answers a failed turn with an empty list and writes the patient's text
to its error log. This one answers like the widget and Telegram do: the "technical problem"
notice when the assistant could not answer (or could not store the conversation), a polite
"please slow down" past the per-patient limit, and never a message text in the logs.
"""

from __future__ import annotations

import logging
import time
from typing import Any, Dict

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from actions.settings import load_settings
from channels.rate_limit import TurnLimits
from channels.turns import OnNewMessage, answer_or_apologise, notice_text, turn_limits

logger = logging.getLogger(__name__)

CHANNEL_NAME = "rest"


class RestOutput(CollectingOutputChannel):
    """Collects the turn's messages for the HTTP response, counting them."""

    @property
    def sent(self) -> int:
        """How many messages the turn produced so far."""
        return len(self.messages)


class ClinicRestInput(RestInput):
    """Configured in credentials.yml as `channels.rest.ClinicRestInput`, in place of `rest`."""

    @classmethod
    def name(cls) -> str:
        """The channel name, also the URL prefix: /webhooks/rest/."""
        return CHANNEL_NAME

    @classmethod
    def from_credentials(cls, credentials: Dict[str, Any] | None) -> InputChannel:
        """Builds the channel with the rate limits from the settings."""
        return cls(turn_limits(load_settings()))

    def __init__(self, limits: TurnLimits) -> None:
        """Keeps the limits (per sender: REST callers often share one address)."""
        self.limits = limits

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        """The health route and the webhook."""
        blueprint = Blueprint("clinic_rest", __name__)

        @blueprint.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @blueprint.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            body = request.json if isinstance(request.json, dict) else {}
            sender, text = body.get("sender"), body.get("message")
            if not isinstance(sender, str) or not sender or not isinstance(text, str):
                return response.json({"error": "expected {'sender': str, 'message': str}"}, status=400)
            output = RestOutput()
            if not self.limits.admit(text, sender, None, time.monotonic()):
                logger.info("REST message refused by the rate limit")
                await output.send_text_message(sender, notice_text("rate_limited", text, None))
                return response.json(output.messages)
            metadata = body.get("metadata")
            metadata = metadata if isinstance(metadata, dict) else {}
            await answer_or_apologise(on_new_message, text, output, sender, CHANNEL_NAME, metadata, None)
            return response.json(output.messages)

        return blueprint
