// The names the widget shares with the assistant (clinic/contract.py); a test checks that both agree.

export const KIND_KEY = "kind";
export const URGENT_KEY = "urgent";
export const HEADING_KEY = "heading";
export const CONTACTS_KEY = "contacts";
export const SOURCE_KEY = "source";
export const PHONE_KEY = "phone";
export const EMERGENCY_NUMBERS_KEY = "emergency_numbers";
export const EMERGENCY_CALLS_KEY = "emergency_calls";
export const ANSWER_KIND = "answer";
export const DISCLAIMER_KIND = "disclaimer";
export const STAFF_KIND = "staff";
export const STAFF_NOTICE_KIND = "staff_notice";
export const CALLBACK_KEY = "callback";
export const RATING_UP = "up";
export const RATING_DOWN = "down";
export const FEEDBACK_REASONS = ["not_my_question", "unclear", "too_long", "other"];
