"""The Bot API client against a real local HTTP server that answers like Telegram's."""

import asyncio
import time

import pytest
from aiohttp import web

from channels.telegram_api import BotApi, TelegramApiError


async def serve(answers):
    """Starts a server that gives the queued (status, body) answers in turn; returns it and its requests."""
    received = []

    async def handle(request):
        received.append((request.path, await request.json()))
        status, body = answers.pop(0)
        return web.json_response(body, status=status)

    app = web.Application()
    app.router.add_post("/{path:.*}", handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    return runner, f"http://127.0.0.1:{port}", received


def test_flood_control_is_retried_after_the_time_telegram_names():
    async def scenario():
        too_many = (429, {"ok": False, "error_code": 429, "parameters": {"retry_after": 1}})
        runner, url, received = await serve([too_many, (200, {"ok": True, "result": {"message_id": 5}})])
        api = BotApi(url, "TOKEN")
        started = time.monotonic()
        try:
            result = await api.call("sendMessage", {"chat_id": 1, "text": "hi"})
        finally:
            await api.close()
            await runner.cleanup()
        return result, received, time.monotonic() - started

    result, received, elapsed = asyncio.run(scenario())
    assert result == {"message_id": 5}
    assert [path for path, _ in received] == ["/botTOKEN/sendMessage"] * 2
    assert elapsed >= 1.0


def test_other_errors_and_endless_flood_control_are_raised():
    async def scenario(answers, retries):
        runner, url, _ = await serve(answers)
        api = BotApi(url, "TOKEN", max_retries=retries)
        try:
            await api.call("sendMessage", {})
        finally:
            await api.close()
            await runner.cleanup()

    with pytest.raises(TelegramApiError, match="HTTP 400"):
        asyncio.run(scenario([(400, {"ok": False, "description": "Bad Request: can't parse entities"})], 3))
    flood = (429, {"ok": False, "parameters": {"retry_after": 0}})
    with pytest.raises(TelegramApiError, match="429"):
        asyncio.run(scenario([flood, flood], 1))


def test_an_unreachable_server_is_reported():
    async def scenario():
        api = BotApi("http://127.0.0.1:9", "TOKEN")
        try:
            await api.call("getMe")
        finally:
            await api.close()

    with pytest.raises(TelegramApiError, match="getMe"):
        asyncio.run(scenario())
