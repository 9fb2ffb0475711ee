"""Tests against the real Redis and PostgreSQL servers of the machine (never mocks)."""

from __future__ import annotations

import os
import secrets

import pytest
import redis

REDIS_URL = os.environ.get("CLINIC_TEST_REDIS_URL", "redis://127.0.0.1:6379/1")
START_REDIS = (
    "redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save '' --appendonly no "
    "--dir /var/lib/redis --logfile /var/log/redis/ci.log"
)


@pytest.fixture(scope="session")
def redis_url() -> str:
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.ConnectionError as error:
        pytest.fail(f"Redis is not running at {REDIS_URL} ({error}); start it with: {START_REDIS}")
    return REDIS_URL


@pytest.fixture
def key_prefix() -> str:
    """A prefix of its own for each test, so runs never see each other's keys."""
    return f"test{secrets.token_hex(4)}"
