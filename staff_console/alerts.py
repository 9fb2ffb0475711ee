"""Tells the staff's Telegram chat at once of an urgent answer or a patient's request for a person.

The console's index already knows which conversations are urgent or asked for a person, whichever
Rasa instance served them; after each sync, every such conversation not yet announced is announced
once, through the clinic's own bot. An alert names the conversation, its channel and language, and
links to it in the console: never what the patient wrote (health data stays in the console).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from urllib.parse import quote

import requests
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from clinic.settings import Settings
from staff_console import schema
from staff_console.accounts import AccountStore

logger = logging.getLogger(__name__)

URGENT = "urgent"
HANDOFF = "handoff"
# A conversation older than this when the console first sees it (a first start over an old
# database) is not announced: staff find it in the list, the chat is not flooded.
FRESH_SECONDS = 3600
MAX_ALERTS_PER_ROUND = 20
SEND_TIMEOUT_SECONDS = 10
SYSTEM_ACCOUNT = "system"
ALERT_ACTION = "staff_alert"
_HEADLINES = {
    URGENT: ("⚠️ Срочно: пациенту дан экстренный ответ", "⚠️ عاجل: أُعطي المريض رد الطوارئ"),
    HANDOFF: ("🙋 Пациент просит связаться с сотрудником", "🙋 المريض يطلب التواصل مع أحد الموظفين"),
}


@dataclass(frozen=True)
class Alert:
    """One conversation to announce, and why."""

    sender_id: str
    kind: str
    channel: str | None
    language: str | None


def alert_text(alert: Alert, console_url: str | None) -> str:
    """The alert in Russian and Arabic (staff speak one or the other), without the patient's words."""
    russian, arabic = _HEADLINES[alert.kind]
    details = f"{alert.channel or '?'} · {alert.language or '?'} · {alert.sender_id}"
    lines = [russian, arabic, details]
    if console_url:
        lines.append(f"{console_url}/conversations/{quote(alert.sender_id, safe='')}")
    return "\n".join(lines)


def pending_alerts(console_db: Engine, now: float, limit: int = MAX_ALERTS_PER_ROUND) -> list[Alert]:
    """Urgent and handoff conversations active in the last hour that the staff chat has not heard of."""
    conversations, sent = schema.conversations, schema.staff_alerts
    found: list[Alert] = []
    with console_db.connect() as connection:
        for kind, flag in ((URGENT, conversations.c.urgent), (HANDOFF, conversations.c.handoff)):
            announced = sa.exists().where(sent.c.sender_id == conversations.c.sender_id, sent.c.kind == kind)
            rows = connection.execute(
                sa.select(conversations.c.sender_id, conversations.c.channel, conversations.c.language)
                .where(flag, conversations.c.last_at >= now - FRESH_SECONDS, ~announced)
                .order_by(conversations.c.last_at)
                .limit(limit)
            )
            found += [Alert(row.sender_id, kind, row.channel, row.language) for row in rows]
    return found[:limit]


class StaffAlerter:
    """Sends pending alerts to the staff chat through the Bot API and records each one sent."""

    def __init__(self, settings: Settings, console_db: Engine, accounts: AccountStore) -> None:
        """Prepares the alerter; `enabled` says whether a staff chat is configured."""
        self._chat_id = settings.console.alert_chat_id
        self._telegram = settings.telegram
        self._console_url = settings.console.public_url or f"http://localhost:{settings.console.port}"
        self._console_db = console_db
        self._accounts = accounts

    @property
    def enabled(self) -> bool:
        """Whether the settings name a staff chat and the bot to write from."""
        return bool(self._chat_id and self._telegram)

    def send_pending(self) -> int:
        """Announces every pending conversation once; returns how many were sent.

        A failed send is logged (without content) and tried again on the next round.
        """
        if not self.enabled:
            return 0
        now = time.time()
        sent = 0
        for alert in pending_alerts(self._console_db, now):
            if not self._send(alert_text(alert, self._console_url)):
                break
            record = schema.staff_alerts.insert().values(sender_id=alert.sender_id, kind=alert.kind, at=now)
            with self._console_db.begin() as connection:
                connection.execute(record)
            self._accounts.audit(SYSTEM_ACCOUNT, f"{ALERT_ACTION}_{alert.kind}", alert.sender_id, None, now)
            sent += 1
        return sent

    def _send(self, text: str) -> bool:
        assert self._telegram is not None
        url = f"{self._telegram.api_url}/bot{self._telegram.token}/sendMessage"
        try:
            response = requests.post(url, json={"chat_id": self._chat_id, "text": text}, timeout=SEND_TIMEOUT_SECONDS)
            ok = response.status_code == 200 and bool(response.json().get("ok"))
        except (requests.RequestException, ValueError) as error:
            logger.warning("staff alert not sent: %s", type(error).__name__)
            return False
        if not ok:
            logger.warning("staff alert refused by the Bot API: HTTP %s", response.status_code)
        return ok
