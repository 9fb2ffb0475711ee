"""Conversations are health data: patient text must not reach the servers' logs."""

import uuid

from tests.e2e.support import StaffClient


def test_patient_text_never_appears_in_the_logs(chat, log_dir, stack):
    marker = f"маркер{uuid.uuid4().hex[:8]}"
    chat.say(f"у меня {marker} мигрень, поможет ли ботокс?")
    chat.say(f"مرحبا {marker} هل الحقن مؤلمة؟")
    chat.say(f"не могу глотать {marker}, мой телефон +7 912 345-67-89")
    staff = StaffClient(stack.config.console_url)
    assert staff.login("admin", stack.config.extra_env["CLINIC_CONSOLE_ADMIN_PASSWORD"]).status_code == 302
    assert staff.wait_for_conversation(chat.sender).status_code == 200  # the console has read and shown it
    logs = {path.name: path.read_text(encoding="utf-8", errors="replace") for path in log_dir.glob("*.log")}
    assert set(logs) == {"action-server.log", "rasa-server.log", "demo-site.log", "staff-console.log"}
    assert all("345-67-89" not in text for text in logs.values())
    assert all(stack.config.auth_token not in text for text in logs.values())  # the API token neither
    assert all(marker not in text for text in logs.values())
