// Pure text helpers: writing direction by script, and safe linkification.

const ARABIC = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/gu;
const CYRILLIC = /[\u0400-\u04FF]/gu;

/** Returns "ar" or "ru" by the script with more letters, or null when neither appears. */
export function scriptLanguage(text) {
  const arabic = (text.match(ARABIC) || []).length;
  const cyrillic = (text.match(CYRILLIC) || []).length;
  if (!arabic && !cyrillic) return null;
  return arabic > cyrillic ? "ar" : "ru";
}

/** Direction of a message: by its own script, else the interface language's. */
export function directionOf(text, fallbackLanguage) {
  return (scriptLanguage(text) || fallbackLanguage) === "ar" ? "rtl" : "ltr";
}

// URLs, e-mail addresses and phone numbers of at least 7 digits; trailing punctuation is not part of a link.
const LINK = /(https?:\/\/[^\s<>"«»]+[^\s<>"«».,;:!?)\]،؛])|([\w.+-]+@[\w-]+\.[\w.-]*\w)|(\+?\d[\d\s()-]{5,}\d)/gu;

/** Splits text into plain and link parts: [{text}, {text, href}]. */
export function linkParts(text) {
  const parts = [];
  let last = 0;
  for (const match of text.matchAll(LINK)) {
    const [whole, url, email, phone] = match;
    if (phone && phone.replace(/\D/g, "").length < 7) continue;
    if (match.index > last) parts.push({ text: text.slice(last, match.index) });
    const href = url ? url : email ? `mailto:${email}` : `tel:${telNumber(phone)}`;
    parts.push({ text: whole, href });
    last = match.index + whole.length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}

/** The dialable form of a phone number: digits with a leading plus kept. */
export function telNumber(phone) {
  const digits = phone.replace(/[^\d]/g, "");
  return phone.trim().startsWith("+") ? `+${digits}` : digits;
}

/** Emergency numbers ("103 или 112", "997") as separate dialable numbers. */
export function emergencyNumbers(text) {
  return (text || "").match(/\d{2,}/g) || [];
}
