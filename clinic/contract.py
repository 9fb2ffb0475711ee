"""The names every process shares: intents, actions, slots, message payload keys, channels.

The action server writes these, the channels, the staff console and the widget read them. A name
defined here is never written as a literal elsewhere; the widget's copy (`widget/src/contract.js`)
is checked against this module by a test, so a rename breaks a test instead of a page.
"""

from __future__ import annotations

# Intents the dialogue treats specially.
EMERGENCY_INTENT = "report_emergency"
GREETING_INTENT = "greet"
FALLBACK_INTENT = "nlu_fallback"
OUT_OF_SCOPE_INTENT = "out_of_scope"
BOOKING_INTENT = "book_appointment"
HUMAN_INTENT = "request_human"
# Messages that carry no question of their own ("hello", "thanks", "yes").
SMALL_TALK_INTENTS = frozenset({"greet", "goodbye", "thank", "affirm", "deny", "bot_challenge"})

# The custom actions (domain.yml), by what they answer.
ANSWER_ACTION = "action_answer_faq"
CLARIFY_ACTION = "action_clarify"
EMERGENCY_ACTION = "action_emergency"
CONTACT_ACTION = "action_contact_clinic"
OUT_OF_SCOPE_ACTION = "action_out_of_scope"
SMALL_TALK_ACTION = "action_small_talk"

# Slots set by the actions and read by the channels and the console.
LANGUAGE_SLOT = "language"
DISCLAIMER_SLOT = "disclaimer_shown"
URGENT_SLOT = "urgent"
BOOKING_SLOT = "booking_requested"
HANDOFF_SLOT = "handoff_requested"
FACT_IDS_SLOT = "answer_fact_ids"
FOCUS_SLOT = "answer_focus"
FEEDBACK_SLOT = "feedback"
# A phone number the patient left, with consent, for the clinic to call back.
CALLBACK_SLOT = "callback_request"
# The request each contact intent records for staff.
CONTACT_SLOTS = {BOOKING_INTENT: BOOKING_SLOT, HUMAN_INTENT: HANDOFF_SLOT}

# Keys of a bot message's custom payload (`custom` in Rasa's bot event and REST reply).
KIND_KEY = "kind"
URGENT_KEY = "urgent"
HEADING_KEY = "heading"
FACT_IDS_KEY = "fact_ids"
FOCUS_KEY = "focus"
PHONE_KEY = "phone"
EMERGENCY_NUMBERS_KEY = "emergency_numbers"
EMERGENCY_CALLS_KEY = "emergency_calls"
CONTACTS_KEY = "contacts"
SOURCE_KEY = "source"
# Message kinds (the value of KIND_KEY) that readers act on.
ANSWER_KIND = "answer"
DISCLAIMER_KIND = "disclaimer"
EMERGENCY_KIND = "emergency"
CLARIFY_KIND = "clarify"
# Written by a member of staff during a live takeover, or the notice that one joined or left.
STAFF_KIND = "staff"
STAFF_NOTICE_KIND = "staff_notice"
# In a reply's custom payload: offer the patient a callback, in this language (after a request for a
# person, a booking request or the urgent answer).
CALLBACK_KEY = "callback"
# The confirmation of a callback request.
CALLBACK_KIND = "callback"
# A bot event's metadata key naming the staff account that wrote it (never sent to the patient).
STAFF_ACCOUNT_KEY = "staff_account"
# Kinds of contact link in CONTACTS_KEY.
CALL_LINK = "call"
BOOK_LINK = "book"

# A patient's rating of one answer (web widget), stored in FEEDBACK_SLOT.
RATING_UP = "up"
RATING_DOWN = "down"
RATINGS = (RATING_UP, RATING_DOWN)
# What a patient may say was wrong with an answer rated 👎.
FEEDBACK_REASONS = ("not_my_question", "unclear", "too_long", "other")

# Input channels, as Rasa names them in the tracker.
WEB_CHANNEL = "web"
TELEGRAM_CHANNEL = "telegram"
REST_CHANNEL = "rest"

# What the channels put into a user message's metadata, read by the actions and the history.
# Synthetic turns (the greeting a new web session, a language switch or Telegram's /start asks
# for) are kept in the tracker for staff but were not typed by the patient.
GREETING_PAYLOAD = "/greet"
SYNTHETIC_KEY = "synthetic"
BUTTON_TITLE_KEY = "button_title"
LANGUAGE_HINT_KEY = "language_hint"
MEDIA_KEY = "media"
# Put before a typed message that starts with "/", so that Rasa reads it as text, not as an intent
# payload (`channels.inbound`). Invisible and not whitespace; readers of the history remove it.
TYPED_SLASH_MARKER = "\u2060"

# What the widget reads from a bot message: `widget/src/contract.js` must define exactly these.
WIDGET_CONTRACT = {
    "KIND_KEY": KIND_KEY,
    "URGENT_KEY": URGENT_KEY,
    "HEADING_KEY": HEADING_KEY,
    "CONTACTS_KEY": CONTACTS_KEY,
    "SOURCE_KEY": SOURCE_KEY,
    "PHONE_KEY": PHONE_KEY,
    "EMERGENCY_NUMBERS_KEY": EMERGENCY_NUMBERS_KEY,
    "EMERGENCY_CALLS_KEY": EMERGENCY_CALLS_KEY,
    "ANSWER_KIND": ANSWER_KIND,
    "DISCLAIMER_KIND": DISCLAIMER_KIND,
    "STAFF_KIND": STAFF_KIND,
    "STAFF_NOTICE_KIND": STAFF_NOTICE_KIND,
    "CALLBACK_KEY": CALLBACK_KEY,
    "RATING_UP": RATING_UP,
    "RATING_DOWN": RATING_DOWN,
    "FEEDBACK_REASONS": list(FEEDBACK_REASONS),
}
