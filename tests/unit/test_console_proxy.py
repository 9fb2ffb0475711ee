"""The console behind a reverse proxy: forwarded addresses believed from the trusted proxy only."""

from pathlib import Path

import pytest
import sqlalchemy as sa

from clinic.settings import load_settings
from staff_console import schema
from staff_console.app import create_app
from staff_console.proxy import TrustedProxies
from staff_console.runtime import build_console

NO_ENV_FILE = Path("/nonexistent/.env")
PROXY = "10.0.0.5"


def seen_address(environ: dict) -> str:
    seen: dict = {}

    def app(environ: dict, start_response):
        seen["address"] = environ["REMOTE_ADDR"]
        start_response("200 OK", [])
        return [b""]

    list(TrustedProxies(app, [PROXY])(environ, lambda *args: None))
    return seen["address"]


def test_the_forwarded_address_counts_only_when_the_trusted_proxy_sends_it():
    forwarded = {"HTTP_X_FORWARDED_FOR": "198.51.100.1, 203.0.113.7"}
    assert seen_address({"REMOTE_ADDR": PROXY, **forwarded}) == "203.0.113.7"
    assert seen_address({"REMOTE_ADDR": "192.0.2.44", **forwarded}) == "192.0.2.44"
    assert seen_address({"REMOTE_ADDR": PROXY}) == PROXY


@pytest.fixture
def console_app(tmp_path):
    settings = load_settings(
        {
            "CLINIC_CONSOLE_DB_URL": f"sqlite:///{tmp_path / 'console.db'}",
            "CLINIC_TRACKER_DB_URL": f"sqlite:///{tmp_path / 'tracker.db'}",
            "CLINIC_CONSOLE_TRUSTED_PROXIES": f" {PROXY} , 10.0.0.6",
        },
        NO_ENV_FILE,
    )
    console = build_console(settings)
    return console, create_app(console, "test secret")


def failed_login_from(app, remote: str, forwarded: str) -> None:
    client = app.test_client()
    environ = {"REMOTE_ADDR": remote}
    headers = {"X-Forwarded-For": forwarded}
    page = client.get("/login", environ_base=environ, headers=headers).get_data(as_text=True)
    token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    form = {"csrf_token": token, "username": "nobody", "password": "wrong", "next": ""}
    client.post("/login", data=form, environ_base=environ, headers=headers)


def test_failed_logins_are_counted_against_the_patient_facing_address_not_the_proxy(console_app):
    console, app = console_app
    failed_login_from(app, PROXY, "203.0.113.7")
    failed_login_from(app, "192.0.2.44", "203.0.113.8")
    with console.console_db.connect() as connection:
        addresses = set(connection.execute(sa.select(schema.login_failures.c.address)).scalars())
    assert addresses == {"203.0.113.7", "192.0.2.44"}
