"""What the channels put into a user message's metadata, read by the actions and the history.

Synthetic turns (the greeting a new web session, a language switch or Telegram's /start asks
for) are kept in the tracker for staff but were not typed by the patient.
"""

GREETING_PAYLOAD = "/greet"
SYNTHETIC_KEY = "synthetic"
BUTTON_TITLE_KEY = "button_title"
LANGUAGE_HINT_KEY = "language_hint"
MEDIA_KEY = "media"
# Put before a typed message that starts with "/", so that Rasa reads it as text, not as an intent
# payload (`channels.inbound`). Invisible and not whitespace; readers of the history remove it.
TYPED_SLASH_MARKER = "\u2060"
