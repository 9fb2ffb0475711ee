"""Wires the console together: databases, accounts, the first admin and the background sync."""

from __future__ import annotations

import logging
import threading
import time
from zoneinfo import ZoneInfo

from clinic.settings import PROJECT_ROOT, Settings, development_secret
from staff_console.accounts import ADMIN, AccountStore, generate_password
from staff_console.alerts import SYSTEM_ACCOUNT, StaffAlerter
from staff_console.indexer import ConversationIndex
from staff_console.schema import create_console_tables, create_engine
from staff_console.services import Console
from staff_console.takeover import RasaBridge, Takeovers

logger = logging.getLogger(__name__)

DEVELOPMENT_SECRET_FILE = PROJECT_ROOT / "var" / "console-secret"
FIRST_ADMIN = "admin"
SYNC_INTERVAL_SECONDS = 3.0
IDLE_HAND_BACK_ACTION = "takeover_idle_hand_back"


def build_console(settings: Settings) -> Console:
    """Connects to both databases and creates the console's tables if needed.

    Args:
        settings: The validated settings.

    Returns:
        The console services.
    """
    console_db = create_engine(settings.console.database_url)
    tracker_db = create_engine(settings.tracker_url)
    create_console_tables(console_db)
    return Console(
        settings=settings,
        console_db=console_db,
        tracker_db=tracker_db,
        accounts=AccountStore(console_db),
        index=ConversationIndex(tracker_db, console_db),
        zone=ZoneInfo(settings.console.timezone),
        takeovers=Takeovers(
            console_db,
            RasaBridge(settings.console.rasa_url, settings.rasa_auth_token),
            settings.console.takeover_idle_seconds,
        ),
    )


def session_secret(settings: Settings) -> str:
    """The key that signs the console's cookies: CLINIC_CONSOLE_SECRET, or a development file."""
    return settings.console.secret or development_secret(DEVELOPMENT_SECRET_FILE)


def ensure_first_admin(console: Console) -> str | None:
    """Creates the first admin when there are no accounts yet.

    Returns:
        The generated password, to be printed once; None when accounts exist or the password
        came from CLINIC_CONSOLE_ADMIN_PASSWORD.
    """
    if console.accounts.count():
        return None
    configured = console.settings.console.admin_password
    password = configured or generate_password()
    console.accounts.create(FIRST_ADMIN, password, ADMIN, time.time())
    return None if configured else password


class SyncThread(threading.Thread):
    """Keeps the conversation index current, alerts the staff chat and hands idle takeovers back."""

    def __init__(self, console: Console, alerter: StaffAlerter, interval: float = SYNC_INTERVAL_SECONDS) -> None:
        """Prepares (does not start) the thread."""
        super().__init__(name="conversation-index-sync", daemon=True)
        self.console = console
        self.alerter = alerter
        self.interval = interval
        self.stopped = threading.Event()

    def run(self) -> None:
        """Syncs every few seconds; a failure is logged and retried, never fatal."""
        while not self.stopped.is_set():
            try:
                self.console.index.sync()
                self.alerter.send_pending()
                for sender_id in self.console.takeovers.hand_back_idle(time.time()):
                    self.console.accounts.audit(SYSTEM_ACCOUNT, IDLE_HAND_BACK_ACTION, sender_id, None, time.time())
            except Exception:
                # The tracker database may be restarting; the next round retries.
                logger.exception("conversation index sync failed")
            self.stopped.wait(self.interval)
