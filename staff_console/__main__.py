"""Command line of the staff console.

python -m staff_console serve                    # the web console (make run starts it)
python -m staff_console create-account NAME --role reviewer
python -m staff_console set-password NAME
python -m staff_console enable NAME / disable NAME
python -m staff_console unlock-address ADDRESS   # after too many failed logins from it
python -m staff_console sync                     # update the conversation index once
python -m staff_console retention [--days N]     # erase conversations older than N days
"""

from __future__ import annotations

import argparse
import getpass
import logging
import sys
import time

from clinic.settings import SettingsError, load_settings
from staff_console.accounts import ROLES, AccountError, generate_password
from staff_console.alerts import StaffAlerter
from staff_console.app import create_app
from staff_console.runtime import SyncThread, build_console, ensure_first_admin, session_secret
from staff_console.services import Console


def _serve(console: Console, arguments: argparse.Namespace) -> int:
    from waitress import serve

    password = ensure_first_admin(console)
    if password:
        print(f"First start: created the account 'admin' with the password {password}", flush=True)
        print("It is shown only this once; sign in and create an account for each member of staff.", flush=True)
    console.index.sync()
    SyncThread(console, StaffAlerter(console.settings, console.console_db, console.accounts)).start()
    port = arguments.port or console.settings.console.port
    print(f"Staff console on http://localhost:{port}/", flush=True)
    serve(create_app(console, session_secret(console.settings)), host=arguments.host, port=port, threads=8, ident="")
    return 0


def _read_password(arguments: argparse.Namespace) -> str:
    if arguments.generate:
        password = generate_password()
        print(f"Password (shown once): {password}")
        return password
    password = getpass.getpass("Password (12+ characters): ")
    if password != getpass.getpass("Repeat: "):
        raise AccountError("the passwords differ", "password")
    return password


def _accounts(console: Console, arguments: argparse.Namespace) -> int:
    store = console.accounts
    if arguments.command == "create-account":
        store.create(arguments.username, _read_password(arguments), arguments.role, time.time())
    elif arguments.command == "set-password":
        store.set_password(arguments.username, _read_password(arguments))
    else:
        store.set_active(arguments.username, arguments.command == "enable")
    print(f"{arguments.command}: {arguments.username}: done")
    return 0


def _retention(console: Console, arguments: argparse.Namespace) -> int:
    days = arguments.days or console.settings.console.retention_days
    if not days:
        print("error: give --days or set CLINIC_RETENTION_DAYS", file=sys.stderr)
        return 2
    erased = console.index.erase_older_than(days, time.time())
    print(f"Erased {erased} conversations with no activity in the last {days} days.")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m staff_console", description="Staff console of the assistant")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the web console")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, help="default: CLINIC_CONSOLE_PORT or 8090")
    for name in ("create-account", "set-password"):
        command = commands.add_parser(name, help=f"{name.replace('-', ' ')} (prompts for the password)")
        command.add_argument("username")
        command.add_argument("--generate", action="store_true", help="generate a password and print it once")
        if name == "create-account":
            command.add_argument("--role", choices=ROLES, default="reviewer")
    for name in ("enable", "disable"):
        commands.add_parser(name, help=f"{name} an account").add_argument("username")
    commands.add_parser("unlock-address", help="let an address sign in again after failed logins").add_argument(
        "address"
    )
    commands.add_parser("sync", help="update the conversation index from the tracker store once")
    retention = commands.add_parser("retention", help="erase conversations older than the retention period")
    retention.add_argument("--days", type=int, help="default: CLINIC_RETENTION_DAYS")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Runs one command."""
    arguments = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s - %(message)s")
    try:
        console = build_console(load_settings())
        if arguments.command == "serve":
            return _serve(console, arguments)
        if arguments.command == "sync":
            print(f"Indexed {console.index.sync()} conversations.")
            return 0
        if arguments.command == "retention":
            return _retention(console, arguments)
        if arguments.command == "unlock-address":
            unlocked = console.accounts.unlock_address(arguments.address)
            console.accounts.audit("cli", "unlock_address", arguments.address, "cli", time.time())
            print(f"unlock-address: {arguments.address}: {'done' if unlocked else 'it was not locked'}")
            return 0
        return _accounts(console, arguments)
    except (SettingsError, AccountError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
