"""What the views need from the running app: its console, the signed-in account, auditing and roles.

The views import this module, never `staff_console.app`, so that imports point one way:
app -> views -> context. The app fills `g.console` and `g.account` before each request.
"""

from __future__ import annotations

import functools
import time
from typing import Any, Callable

from flask import abort, g, request
from flask.typing import ResponseReturnValue

from staff_console.accounts import Account
from staff_console.services import Console

SESSION_KEY = "auth"


def console() -> Console:
    """The console services of the running app."""
    service: Console = g.console
    return service


def current_account() -> Account:
    """The signed-in account (every non-public view has one)."""
    account: Account = g.account
    return account


def client_address() -> str:
    """The client's address, for login limits and the audit log."""
    return request.remote_addr or "unknown"


def audit(action: str, target: str | None = None) -> None:
    """Records an action of the signed-in account."""
    console().accounts.audit(current_account().username, action, target, client_address(), time.time())


def admin_only(view: Callable[..., ResponseReturnValue]) -> Callable[..., ResponseReturnValue]:
    """Refuses a view to reviewers (403)."""

    @functools.wraps(view)
    def guarded(*args: Any, **kwargs: Any) -> ResponseReturnValue:
        if not current_account().is_admin:
            abort(403)
        return view(*args, **kwargs)

    return guarded
