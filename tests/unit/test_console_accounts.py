import pytest

from staff_console.accounts import LOCKOUT_SECONDS, MAX_ACCOUNT_FAILURES, AccountError, AccountStore, LoginRefused
from staff_console.schema import accounts, create_console_tables, create_engine

NOW = 1_800_000_000.0
PASSWORD = "correct horse battery"


@pytest.fixture
def store(tmp_path) -> AccountStore:
    engine = create_engine(f"sqlite:///{tmp_path / 'console.db'}")
    create_console_tables(engine)
    created = AccountStore(engine)
    created.create("amina", PASSWORD, "reviewer", NOW)
    return created


def test_passwords_are_stored_as_argon2_hashes(store):
    with store.engine.connect() as connection:
        stored = connection.execute(accounts.select()).first().password_hash
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


def test_login_session_and_logout(store):
    account = store.authenticate("Amina", PASSWORD, "10.0.0.1", NOW)
    assert account is not None and account.role == "reviewer" and not account.is_admin
    token = store.open_session(account, NOW)
    assert store.session_account(token, NOW + 60) == account
    store.close_session(token)
    assert store.session_account(token, NOW + 61) is None


def test_sessions_expire_and_end_when_the_account_is_disabled(store):
    account = store.authenticate("amina", PASSWORD, "10.0.0.1", NOW)
    token = store.open_session(account, NOW)
    assert store.session_account(token, NOW + 9 * 3600) is None
    fresh = store.open_session(account, NOW)
    store.set_active("amina", False)
    assert store.session_account(fresh, NOW + 1) is None
    assert store.authenticate("amina", PASSWORD, "10.0.0.1", NOW + 2) is None


def test_repeated_failures_lock_the_account_even_for_the_right_password(store):
    for attempt in range(MAX_ACCOUNT_FAILURES):
        assert store.authenticate("amina", "wrong password!", f"10.0.0.{attempt}", NOW + attempt) is None
    # Refused like a wrong password: the answer must not tell that the name exists.
    assert store.authenticate("amina", PASSWORD, "10.0.1.1", NOW + 10) is None
    assert store.authenticate("amina", PASSWORD, "10.0.1.1", NOW + LOCKOUT_SECONDS + 11) is not None


def test_one_address_trying_many_names_is_refused(store):
    for attempt in range(20):
        store.authenticate(f"user{attempt}", "guess-guess-guess", "192.0.2.7", NOW + attempt)
    with pytest.raises(LoginRefused):
        store.authenticate("amina", PASSWORD, "192.0.2.7", NOW + 30)
    assert store.authenticate("amina", PASSWORD, "192.0.2.8", NOW + 31) is not None


def test_an_admin_can_unlock_a_locked_out_address(store):
    for attempt in range(20):
        store.authenticate("amina", "guess-guess-guess", "192.0.2.9", NOW + attempt)
    assert store.locked_addresses(NOW + 25) == ["192.0.2.9"]
    assert store.unlock_address("192.0.2.9") and not store.unlock_address("192.0.2.9")
    assert store.locked_addresses(NOW + 26) == []
    store.set_password("amina", PASSWORD)  # the account itself was locked too, by the same failures
    assert store.authenticate("amina", PASSWORD, "192.0.2.9", NOW + 27) is not None


@pytest.mark.parametrize(
    ("username", "password", "role"),
    [
        ("Amina Z", PASSWORD, "reviewer"),
        ("omar", "short", "reviewer"),
        ("omar", PASSWORD, "root"),
        ("amina", PASSWORD, "admin"),
    ],
)
def test_invalid_or_duplicate_accounts_are_refused(store, username, password, role):
    with pytest.raises(AccountError):
        store.create(username, password, role, NOW)
