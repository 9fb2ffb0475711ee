"""`make run`: starts the assistant on its embedded defaults and stops it on Ctrl-C."""

from __future__ import annotations

import sys

from sqlalchemy.engine import make_url

from clinic.settings import PROJECT_ROOT, Settings, development_secret, process_settings
from ops.entry_point import run_entry_point
from ops.stack import Stack, StackConfig, serve_in_foreground
from staff_console.runtime import build_console, ensure_first_admin

DEVELOPMENT_API_TOKEN_FILE = PROJECT_ROOT / "var" / "rasa-api-token"


def _telegram_status(settings: Settings) -> str:
    if settings.telegram is None:
        return "off (set TELEGRAM_BOT_TOKEN to connect the clinic's bot; see README)"
    return f"{settings.telegram.mode} via {settings.telegram.api_url}"


def _first_admin(password: str | None) -> str:
    if password is None:
        return "(sign in with your staff account)"
    return f"(first start: user 'admin', password {password}, shown only now)"


def _serve() -> int:
    settings = process_settings()
    # The staff console's live takeover writes through Rasa's HTTP API, which needs a token; in
    # development one is kept in an untracked file (production sets RASA_AUTH_TOKEN).
    token = settings.rasa_auth_token or development_secret(DEVELOPMENT_API_TOKEN_FILE)
    config = StackConfig(auth_token=token, console_port=settings.console.port)
    # Created here rather than by the console process, so the password is printed in this terminal.
    first_admin_password = ensure_first_admin(build_console(settings))
    return serve_in_foreground(
        Stack(config),
        "Starting the action server, the Rasa server, the demo site and the staff console (about 15 s)...",
        lambda: (
            "\nThe assistant is running:\n"
            f"  clinic page    {config.site_url} (Russian) and {config.site_url}ar.html (Arabic): the chat widget\n"
            f"  widget script  http://localhost:{config.rasa_port}/webhooks/web/widget.js\n"
            f"  REST channel   POST {config.rest_url}\n"
            f'                 e.g. curl -s {config.rest_url} -d \'{{"sender":"me","message":"Здравствуйте"}}\'\n'
            f"  action server  http://localhost:{config.action_port}/health\n"
            f"  staff console  {config.console_url} {_first_admin(first_admin_password)}\n"
            f"  Telegram       {_telegram_status(settings)}\n"
            f"  tracker store  {make_url(settings.tracker_url).render_as_string(hide_password=True)}\n"
            f"  logs           {config.log_dir}\n"
            f"  mode           {settings.environment}\n"
            "Press Ctrl-C to stop."
        ),
    )


def main() -> int:
    """Starts the stack, prints where everything is, waits for Ctrl-C."""
    return run_entry_point(_serve)


if __name__ == "__main__":
    sys.exit(main())
