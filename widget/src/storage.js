// Remembers the patient's session in this browser, so a reload continues the same conversation.

const KEY = "clinic-chat-session";

export function loadSession() {
  try {
    const value = JSON.parse(window.localStorage.getItem(KEY) || "null");
    return value && typeof value === "object" ? value : {};
  } catch {
    return {};
  }
}

export function saveSession(session) {
  try {
    window.localStorage.setItem(KEY, JSON.stringify(session));
  } catch {
    // Private mode or a full quota: the chat still works, it just will not survive a reload.
  }
}
