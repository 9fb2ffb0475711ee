"""The console on PostgreSQL: Rasa's tracker store and the console's tables in a real database.

The same assistant, the same code paths as on SQLite; conversations are made over REST, then
listed, filtered and opened in the console.
"""

from __future__ import annotations

import secrets

import pytest
import sqlalchemy as sa

from ops.postgres import PostgresUnavailable, temporary_database
from ops.stack import Stack
from tests.e2e.conftest import conversations
from tests.e2e.support import StaffClient, stack_config

RASA_PORT, ACTION_PORT, CONSOLE_PORT = 5505, 5555, 8290


@pytest.fixture(scope="module")
def database():
    try:
        with temporary_database("clinic_e2e") as url:
            yield url
    except PostgresUnavailable as error:
        pytest.fail(str(error))


@pytest.fixture(scope="module")
def pg_stack(tmp_path_factory, database):
    password = secrets.token_urlsafe(18)
    env = {
        "CLINIC_TRACKER_DB_URL": database,
        "CLINIC_CONSOLE_DB_URL": database,
        "CLINIC_CONSOLE_ADMIN_PASSWORD": password,
        "CLINIC_CONSOLE_SECRET": secrets.token_hex(32),
    }
    config = stack_config(
        tmp_path_factory.mktemp("postgres"),
        RASA_PORT,
        ACTION_PORT,
        site_port=None,
        console_port=CONSOLE_PORT,
        extra_env=env,
    )
    with Stack(config) as running:
        yield running


@pytest.fixture(scope="module")
def senders(pg_stack) -> dict[str, str]:
    scripts = {"urgent": ["не могу глотать после инъекции ботокса"], "arabic": ["مرحبا", "هل الحقن مؤلمة؟"]}
    return conversations(pg_stack, "pg", scripts)


def test_conversations_in_postgres_are_listed_filtered_and_opened(pg_stack, database, senders):
    admin = StaffClient(pg_stack.config.console_url)
    assert admin.login("admin", pg_stack.config.extra_env["CLINIC_CONSOLE_ADMIN_PASSWORD"]).status_code == 302
    for sender in senders.values():
        assert admin.wait_for_conversation(sender).status_code == 200
    assert set(senders.values()) <= admin.listed()
    assert admin.listed(urgent="1") & set(senders.values()) == {senders["urgent"]}
    assert admin.listed(language="ar", text="مؤلمه") & set(senders.values()) == {senders["arabic"]}
    page = admin.get(f"/conversations/{senders['arabic']}").text
    assert 'dir="rtl" lang="ar">هل الحقن مؤلمة؟' in page and "ask_pain" in page

    # Rasa's events really are in PostgreSQL, next to the console's own tables.
    engine = sa.create_engine(database, future=True)
    with engine.connect() as connection:
        tables = set(sa.inspect(connection).get_table_names())
        stored = connection.execute(
            sa.text("SELECT count(*) FROM events WHERE sender_id = :sender AND type_name = 'user'"),
            {"sender": senders["arabic"]},
        ).scalar_one()
    engine.dispose()
    assert {"events", "console_conversations", "console_accounts", "console_audit_log"} <= tables
    assert stored == 2
