"""What the channels' endpoints share: the health route, the Sanic app, the hard size limit, the client address."""

from __future__ import annotations

from typing import Any, Callable, Coroutine, Protocol

from sanic import Blueprint, Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from clinic.settings import Settings

# Past the polite "too long" answer the assistant gives, a message is refused without storing it.
HARD_LIMIT_FACTOR = 5
# JSON may escape every character as \uXXXX: six bytes each, plus the framing.
BYTES_PER_ESCAPED_CHAR = 6
FRAMING_BYTES = 4096

HealthRoute = Callable[[Request], Coroutine[Any, Any, HTTPResponse]]


class UsesApp(Protocol):
    """Reaches Rasa's agent through the Sanic app, which exists only once the server starts."""

    app: Sanic | None


def health_route(**details: str) -> HealthRoute:
    """The handler of a channel's GET /: {"status": "ok"} followed by the channel's `details`."""

    async def health(_: Request) -> HTTPResponse:
        return response.json({"status": "ok", **details})

    return health


def share_app(blueprint: Blueprint, *users: UsesApp) -> None:
    """Hands the Sanic app to `users` before the server starts."""

    async def remember_app(app: Sanic, _: Any) -> None:
        for user in users:
            user.app = app

    blueprint.listener("before_server_start")(remember_app)


def hard_limit_chars(settings: Settings) -> int:
    """The longest message a channel takes at all, in characters."""
    return settings.max_message_chars * HARD_LIMIT_FACTOR


def hard_limit_bytes(chars: int) -> int:
    """The largest request body that a message of at most `chars` characters needs."""
    return chars * BYTES_PER_ESCAPED_CHAR + FRAMING_BYTES


def client_address(request: Request | None) -> str | None:
    """The client's address; behind a proxy, the forwarded one when Sanic is told to trust it."""
    return (request.remote_addr or request.ip) if request is not None else None
