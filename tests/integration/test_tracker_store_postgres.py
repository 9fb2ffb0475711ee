"""The tracker store on the real PostgreSQL server: a conversation id it refuses never stops the process."""

from __future__ import annotations

import asyncio

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from clinic.settings import load_settings
from ops.postgres import PostgresUnavailable, temporary_database
from runtime.tracker_store import ClinicTrackerStore, TrackerStoreUnavailable


@pytest.fixture
def postgres_url():
    try:
        with temporary_database("clinic_doors") as url:
            yield url
    except PostgresUnavailable as error:
        pytest.fail(str(error))


@pytest.mark.parametrize("sender", ["nul\x00id", "\ud800"])
def test_an_id_postgres_refuses_fails_the_turn_and_the_store_keeps_serving(postgres_url, monkeypatch, sender):
    monkeypatch.setenv("CLINIC_TRACKER_DB_URL", postgres_url)
    store = ClinicTrackerStore(Domain.empty(), settings=load_settings())
    # Rasa's own store calls sys.exit on the driver's ValueError; SystemExit would fail this test.
    with pytest.raises(TrackerStoreUnavailable):
        asyncio.run(store.retrieve(sender))
    with pytest.raises(TrackerStoreUnavailable):
        asyncio.run(store.save(DialogueStateTracker.from_events(sender, [UserUttered("здравствуйте")])))
    asyncio.run(store.save(DialogueStateTracker.from_events("patient-ok", [UserUttered("здравствуйте")])))
    assert asyncio.run(store.retrieve("patient-ok")) is not None
    store.engine.dispose()
