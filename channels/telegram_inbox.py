"""Telegram updates received but not yet answered, kept in the tracker store's database.

Telegram does not redeliver an update the bot acknowledged (HTTP 200 to the webhook, or a later
getUpdates offset). The update is written here before it is acknowledged and deleted once its
turn is over; a Rasa server that starts finds the updates a crashed one left and answers them.
The primary key also refuses an update that another server (or an earlier life of this one)
already took.
"""

from __future__ import annotations

import json
import logging
import secrets
import time
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

logger = logging.getLogger(__name__)

_metadata = sa.MetaData()
pending_updates = sa.Table(
    "telegram_pending_updates",
    _metadata,
    sa.Column("bot", sa.String(32), primary_key=True),
    sa.Column("update_id", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("owner", sa.String(32), nullable=False),
    sa.Column("received_at", sa.Float, nullable=False),
)


class TelegramInbox:
    """The unanswered updates of one bot (identified by the id part of its token)."""

    def __init__(self, database_url: str, bot_token: str) -> None:
        """Connects to the database and creates the table if needed.

        Args:
            database_url: The tracker store's SQLAlchemy URL.
            bot_token: The bot's token; only the bot id before the colon is stored.
        """
        self.engine = sa.create_engine(database_url, future=True)
        self.bot = bot_token.split(":", 1)[0][:32]
        # Which process took an update: a restarted server takes over those of earlier owners.
        self.owner = secrets.token_hex(8)
        try:
            _metadata.create_all(self.engine)
        except SQLAlchemyError:
            # Another server of the cluster created the table at the same moment.
            _metadata.create_all(self.engine)

    def add(self, update_id: int, update: dict[str, Any]) -> bool:
        """Keeps an update before it is acknowledged; False if it is already kept (a redelivery).

        A database error is logged and the update is still answered, just not kept.
        """
        row = {
            "bot": self.bot,
            "update_id": update_id,
            "body": json.dumps(update, ensure_ascii=False),
            "owner": self.owner,
            "received_at": time.time(),
        }
        try:
            with self.engine.begin() as connection:
                connection.execute(pending_updates.insert().values(**row))
        except IntegrityError:
            return False
        except SQLAlchemyError as error:
            logger.error("Telegram update not kept (%s): it is answered, but not after a crash", type(error).__name__)
        return True

    def done(self, update_id: int) -> None:
        """Forgets an answered update."""
        table = pending_updates
        try:
            with self.engine.begin() as connection:
                connection.execute(table.delete().where(table.c.bot == self.bot, table.c.update_id == update_id))
        except SQLAlchemyError as error:
            logger.error("answered Telegram update not cleared (%s)", type(error).__name__)

    def take_over(self) -> list[dict[str, Any]]:
        """The updates earlier owners left unanswered, now this process's, oldest first."""
        table = pending_updates
        taken = []
        with self.engine.begin() as connection:
            rows = connection.execute(
                sa.select(table.c.update_id, table.c.body, table.c.owner)
                .where(table.c.bot == self.bot, table.c.owner != self.owner)
                .order_by(table.c.update_id)
            ).all()
            for update_id, body, owner in rows:
                # Conditional on the old owner: of two servers starting at once, one takes it.
                claimed = connection.execute(
                    table.update()
                    .where(table.c.bot == self.bot, table.c.update_id == update_id, table.c.owner == owner)
                    .values(owner=self.owner)
                )
                if claimed.rowcount == 1:
                    taken.append(json.loads(body))
        return taken

    def close(self) -> None:
        """Closes the database connections."""
        self.engine.dispose()
