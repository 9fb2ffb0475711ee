"""Tells the staff at once of an urgent answer or a patient's request for a person: in their Telegram chat, by e-mail.

The console's index already knows which conversations are urgent or asked for a person, whichever
Rasa instance served them; after each sync, every such conversation not yet announced is announced
once on each configured way: through the clinic's own bot to the staff chat, and by e-mail through
the clinic's SMTP server. An alert names the conversation, its channel and language, and links to
it in the console: never what the patient wrote (health data stays in the console).
"""

from __future__ import annotations

import logging
import smtplib
import time
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Protocol
from urllib.parse import quote, unquote, urlsplit

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


def pending_alerts(console_db: Engine, now: float, way: str = "", limit: int = MAX_ALERTS_PER_ROUND) -> list[Alert]:
    """Urgent and handoff conversations active in the last hour not yet announced this way ("" is Telegram)."""
    conversations, sent = schema.conversations, schema.staff_alerts
    found: list[Alert] = []
    with console_db.connect() as connection:
        for kind, flag in ((URGENT, conversations.c.urgent), (HANDOFF, conversations.c.handoff)):
            announced = sa.exists().where(
                sent.c.sender_id == conversations.c.sender_id, sent.c.kind == kind + way
            )
            rows = connection.execute(
                sa.select(conversations.c.sender_id, conversations.c.channel, conversations.c.language)
                .where(flag, conversations.c.last_at >= now - FRESH_SECONDS, ~announced)
                .order_by(conversations.c.last_at)
                .limit(limit)
            )
            found += [Alert(row.sender_id, kind, row.channel, row.language) for row in rows]
    return found[:limit]


class AlertWay(Protocol):
    """One way of reaching the staff: the suffix its records carry, and how to send."""

    record_suffix: str

    def send(self, text: str) -> bool:
        """Sends one alert; whether it was accepted."""


class TelegramChat:
    """The staff's Telegram chat, through the clinic's bot (Bot API sendMessage)."""

    record_suffix = ""

    def __init__(self, settings: Settings) -> None:
        """Binds the chat id and the bot from the settings; requires both."""
        assert settings.telegram is not None and settings.console.alert_chat_id
        self._url = f"{settings.telegram.api_url}/bot{settings.telegram.token}/sendMessage"
        self._chat_id = settings.console.alert_chat_id

    def send(self, text: str) -> bool:
        """Posts the alert to the chat."""
        try:
            payload = {"chat_id": self._chat_id, "text": text}
            response = requests.post(self._url, json=payload, timeout=SEND_TIMEOUT_SECONDS)
            ok = response.status_code == 200 and bool(response.json().get("ok"))
        except (requests.RequestException, ValueError) as error:
            logger.warning("staff alert not sent: %s", type(error).__name__)
            return False
        if not ok:
            logger.warning("staff alert refused by the Bot API: HTTP %s", response.status_code)
        return ok


class EmailInbox:
    """Staff e-mail addresses, through the clinic's SMTP server (smtp://, smtp+starttls:// or smtps://)."""

    record_suffix = "-email"

    def __init__(self, settings: Settings) -> None:
        """Binds the recipients, the sender and the server from the settings; requires an SMTP URL."""
        assert settings.console.smtp_url
        self._server = urlsplit(settings.console.smtp_url)
        self._recipients = settings.console.alert_emails
        self._sender = settings.console.alert_sender

    def send(self, text: str) -> bool:
        """Sends the alert as a plain-text e-mail whose subject is its first two lines (Russian, Arabic)."""
        message = EmailMessage()
        message["Subject"] = " / ".join(text.split("\n")[:2])
        message["From"], message["To"] = self._sender, ", ".join(self._recipients)
        message.set_content(text)
        server = self._server
        connect = smtplib.SMTP_SSL if server.scheme == "smtps" else smtplib.SMTP
        try:
            with connect(server.hostname or "localhost", server.port or 0, timeout=SEND_TIMEOUT_SECONDS) as smtp:
                if server.scheme == "smtp+starttls":
                    smtp.starttls()
                if server.username:
                    smtp.login(unquote(server.username), unquote(server.password or ""))
                smtp.send_message(message)
        except (OSError, smtplib.SMTPException) as error:
            logger.warning("staff alert e-mail not sent: %s", type(error).__name__)
            return False
        return True


class StaffAlerter:
    """Sends pending alerts every configured way and records each one sent."""

    def __init__(self, settings: Settings, console_db: Engine, accounts: AccountStore) -> None:
        """Prepares the alerter; `enabled` says whether any way of alerting is configured."""
        self._ways: list[AlertWay] = []
        if settings.console.alert_chat_id and settings.telegram:
            self._ways.append(TelegramChat(settings))
        if settings.console.alert_emails:
            self._ways.append(EmailInbox(settings))
        self._console_url = settings.console.public_url or f"http://localhost:{settings.console.port}"
        self._console_db = console_db
        self._accounts = accounts

    @property
    def enabled(self) -> bool:
        """Whether the settings name a staff chat (and the bot to write from) or staff e-mail addresses."""
        return bool(self._ways)

    def send_pending(self) -> int:
        """Announces every pending conversation once each way; returns how many alerts were sent.

        A failed send is logged (without content) and tried again on the next round.
        """
        now = time.time()
        sent = 0
        for way in self._ways:
            for alert in pending_alerts(self._console_db, now, way.record_suffix):
                if not way.send(alert_text(alert, self._console_url)):
                    break
                kind = alert.kind + way.record_suffix
                record = schema.staff_alerts.insert().values(sender_id=alert.sender_id, kind=kind, at=now)
                with self._console_db.begin() as connection:
                    connection.execute(record)
                self._accounts.audit(SYSTEM_ACCOUNT, f"{ALERT_ACTION}_{kind}", alert.sender_id, None, now)
                sent += 1
        return sent
