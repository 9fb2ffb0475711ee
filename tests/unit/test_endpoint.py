import asyncio
import json

from sanic import Blueprint, Sanic

from channels.endpoint import hard_limit_bytes, health_route, share_app


def test_the_health_route_says_ok_first_then_the_channels_details():
    plain = asyncio.run(health_route()(None))
    assert (plain.status, json.loads(plain.body)) == (200, {"status": "ok"})
    telegram = asyncio.run(health_route(mode="polling")(None))
    assert list(json.loads(telegram.body).items()) == [("status", "ok"), ("mode", "polling")]


def test_a_message_at_the_hard_limit_fits_in_the_body_limit_even_with_every_character_escaped():
    chars = 5000
    longest_sender = "s" * 80  # REST conversation ids are at most 80 characters
    body = json.dumps({"sender": longest_sender, "message": "ع" * chars})  # ASCII-escaped: \u0639, six bytes
    assert chars * 6 < len(body.encode()) <= hard_limit_bytes(chars)


class Holder:
    app = None


def test_the_app_reaches_every_user_before_the_server_starts():
    blueprint = Blueprint("share_app_test")
    first, second = Holder(), Holder()
    share_app(blueprint, first, second)
    app = Sanic("share_app_test")
    app.blueprint(blueprint)
    assert first.app is None
    for listener in blueprint.listeners["before_server_start"]:
        asyncio.run(listener(app, None))
    assert first.app is app and second.app is app
