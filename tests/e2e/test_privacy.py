"""Conversations are health data: patient text must not reach the servers' logs."""

import uuid


def test_patient_text_never_appears_in_the_logs(chat, log_dir):
    marker = f"маркер{uuid.uuid4().hex[:8]}"
    chat.say(f"у меня {marker} мигрень, поможет ли ботокс?")
    chat.say(f"مرحبا {marker} هل الحقن مؤلمة؟")
    chat.say(f"не могу глотать {marker}")
    logs = {path.name: path.read_text(encoding="utf-8", errors="replace") for path in log_dir.glob("*.log")}
    assert set(logs) == {"action-server.log", "rasa-server.log", "demo-site.log"}
    assert all(marker not in text for text in logs.values())
