// The bubbles of one assistant message: an answer's lead and details, the urgent answer with its
// call buttons, contact links, and the feedback that asks what was wrong.

import {
  CONTACTS_KEY, EMERGENCY_CALLS_KEY, EMERGENCY_NUMBERS_KEY, FEEDBACK_REASONS, HEADING_KEY, KIND_KEY, PHONE_KEY, RATING_DOWN, RATING_UP, SOURCE_KEY, STAFF_KIND, STAFF_NOTICE_KIND,
} from "./contract.js";
import { element, linkified } from "./dom.js";
import { directionOf, emergencyNumbers, telNumber } from "./text.js";

const BULLET = "• ";

/** Paragraphs and bulleted lists of a text: lines starting with "• " become list items. */
export function textBlocks(text) {
  const blocks = [];
  let list = null;
  for (const line of text.split("\n")) {
    if (line.startsWith(BULLET)) {
      if (!list) blocks.push((list = element("ul", { class: "cw-list" })));
      list.append(element("li", {}, linkified(line.slice(BULLET.length))));
    } else if (line.trim()) {
      list = null;
      blocks.push(element("p", { class: "cw-para" }, linkified(line)));
    }
  }
  return blocks;
}

function bubble(classes, text, language, sender = "bot") {
  const dir = directionOf(text, language);
  return element("li", { class: ["cw-msg", sender === "bot" ? "cw-bot" : "cw-user", ...classes].join(" "), dir, lang: dir === "rtl" ? "ar" : "ru", "data-sender": sender });
}

function contactLinks(custom) {
  const links = (custom[CONTACTS_KEY] || []).filter((link) => /^(tel:\+?\d+|https:\/\/)/.test(link.href || ""));
  if (!links.length) return [];
  const anchors = links.map((link) => element("a", { class: `cw-contact cw-contact-${link[KIND_KEY]}`, href: link.href, target: "_blank", rel: "noopener noreferrer", text: link.title }));
  return [element("div", { class: "cw-contacts" }, anchors)];
}

function callButtons(custom, strings) {
  const calls = Array.isArray(custom[EMERGENCY_CALLS_KEY]) && custom[EMERGENCY_CALLS_KEY].length
    ? custom[EMERGENCY_CALLS_KEY]
    : emergencyNumbers(custom[EMERGENCY_NUMBERS_KEY]).map((number) => ({ label: number, number }));
  const links = calls.map((call) => element("a", { class: "cw-call", href: `tel:${telNumber(call.number)}`, text: `📞 ${call.label}` }));
  const phone = custom[PHONE_KEY];
  if (phone) {
    const clinic = element("a", { class: "cw-call cw-call-clinic", href: `tel:${telNumber(phone)}` }, [`🏥 ${strings.clinic_phone} `, element("bdi", { dir: "ltr", text: phone })]);
    links.push(clinic);
  }
  return element("div", { class: "cw-calls" }, links);
}

/** The urgent answer: one heading, the text (its first line the call to make), then the call buttons. */
export function urgentBubble(message, strings, language) {
  const custom = message.custom || {};
  const item = bubble(["cw-urgent"], message.text || "", language);
  item.setAttribute("role", "alert");
  item.append(element("strong", { class: "cw-urgent-label", text: custom[HEADING_KEY] || `⚠️ ${strings.urgent}` }));
  item.append(element("div", { class: "cw-text" }, textBlocks(message.text || "")), callButtons(custom, strings));
  return [item];
}

/** An answer: the lead alone in the first bubble, then the details, source and contact links. */
export function answerBubbles(message, strings, language, onFeedback) {
  const custom = message.custom || {};
  const [lead, ...rest] = (message.text || "").split("\n");
  const first = bubble(["cw-lead"], lead, language);
  first.append(element("div", { class: "cw-text" }, linkified(lead)));
  const bubbles = [first];
  if (rest.some((line) => line.trim())) {
    const details = bubble(["cw-details"], rest.join("\n"), language);
    details.append(element("div", { class: "cw-text" }, textBlocks(rest.join("\n"))));
    bubbles.push(details);
  }
  const last = bubbles[bubbles.length - 1];
  if (custom[SOURCE_KEY]) last.append(element("small", { class: "cw-source", text: custom[SOURCE_KEY] }));
  last.append(...contactLinks(custom));
  last.append(feedbackControls(message, strings, onFeedback));
  return bubbles;
}

/** Any other assistant message: its text, and contact links when it has them. */
export function plainBubble(message, language) {
  const custom = message.custom || {};
  const fromStaff = message.sender === "bot" && custom[KIND_KEY] === STAFF_KIND;
  const notice = message.sender === "bot" && custom[KIND_KEY] === STAFF_NOTICE_KIND;
  const item = bubble(fromStaff ? ["cw-staff"] : notice ? ["cw-staff-notice"] : [], message.text || "", language, message.sender);
  // A person, not the assistant, wrote this: the patient sees who (a name or a role, never a login).
  if (fromStaff && custom[HEADING_KEY]) item.append(element("strong", { class: "cw-staff-label", text: custom[HEADING_KEY] }));
  item.append(element("span", { class: "cw-text" }, linkified(message.text || "")));
  item.append(...contactLinks(message.custom || {}));
  return [item];
}

function feedbackControls(message, strings, onFeedback) {
  const box = element("div", { class: "cw-feedback" });
  const thanks = element("p", { class: "cw-feedback-thanks", role: "status" });
  const reasons = element("div", { class: "cw-reasons", role: "group", "aria-label": strings.feedback_question, hidden: "" }, [
    element("span", { class: "cw-reasons-question", text: strings.feedback_question }),
    ...FEEDBACK_REASONS.map((reason) => {
      const button = element("button", { type: "button", "data-reason": reason, text: strings[`reason_${reason}`] });
      button.addEventListener("click", () => {
        onFeedback(message.text, RATING_DOWN, reason);
        reasons.hidden = true;
        thanks.textContent = strings.feedback_thanks;
      });
      return button;
    }),
  ]);
  const ratings = [[RATING_UP, "👍", strings.helpful], [RATING_DOWN, "👎", strings.not_helpful]].map(([value, icon, label]) => {
    const button = element("button", { type: "button", class: "cw-rate", "aria-label": label, title: label, "aria-pressed": String(message.rating === value), "data-rating": value, text: icon });
    button.addEventListener("click", () => {
      for (const other of ratings) other.setAttribute("aria-pressed", String(other === button));
      onFeedback(message.text, value, null);
      reasons.hidden = value !== RATING_DOWN;
      thanks.textContent = value === RATING_UP ? strings.feedback_thanks : "";
    });
    return button;
  });
  box.append(...ratings, reasons, thanks);
  return box;
}

/** Under a request for a person, a booking request or the urgent answer: a number to call back, with consent. */
export function callbackForm(strings, onCallback) {
  const open = element("button", { type: "button", class: "cw-callback-open", text: `📞 ${strings.callback_open}` });
  const phone = element("input", { type: "tel", class: "cw-callback-phone", autocomplete: "tel", inputmode: "tel", dir: "ltr", maxlength: "40", "aria-label": strings.callback_phone, placeholder: strings.callback_phone });
  const consent = element("input", { type: "checkbox", class: "cw-callback-consent" });
  const problem = element("p", { class: "cw-callback-error", role: "alert" });
  const form = element("form", { class: "cw-callback", hidden: "" }, [
    phone,
    element("label", { class: "cw-callback-label" }, [consent, ` ${strings.callback_consent}`]),
    problem,
    element("button", { type: "submit", class: "cw-callback-submit", text: strings.callback_submit }),
  ]);
  const box = element("div", { class: "cw-callback-box" }, [open, form]);
  open.addEventListener("click", () => {
    open.hidden = true;
    form.hidden = false;
    phone.focus();
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    // Consent is asked of the patient here and checked again by the server.
    if (!consent.checked) {
      problem.textContent = strings.callback_consent_needed;
      return;
    }
    onCallback(phone.value, true, (error) => {
      const known = { invalid_phone: strings.callback_invalid_phone, consent: strings.callback_consent_needed };
      if (error) problem.textContent = known[error] || strings.send_failed;
      else box.remove();
    });
  });
  return box;
}
