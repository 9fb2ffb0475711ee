// The widget's DOM: launcher, panel, message log. Text is only ever set with textContent.

import { STYLES } from "./styles.js";
import { directionOf, emergencyNumbers, linkParts, telNumber } from "./text.js";

const LANGUAGE_NAMES = { ru: "Русский", ar: "العربية" };

function element(tag, attributes = {}, children = []) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "text") node.textContent = value;
    else node.setAttribute(name, value);
  }
  for (const child of children) node.append(child);
  return node;
}

function linkified(text) {
  return linkParts(text).map((part) =>
    part.href ? element("a", { href: part.href, text: part.text, target: "_blank", rel: "noopener noreferrer" }) : part.text,
  );
}

export class ChatView {
  /** Builds the widget inside a shadow root on `host`; `handlers` receive the patient's actions. */
  constructor(host, handlers) {
    this.handlers = handlers;
    this.strings = {};
    this.language = "ru";
    const shadow = host.attachShadow({ mode: "open" });
    shadow.append(element("style", { text: STYLES }));
    this.launcher = element("button", { class: "cw-launcher", type: "button", "aria-expanded": "false", "aria-controls": "cw-panel" });
    this.title = element("h2", { class: "cw-title", id: "cw-title" });
    this.langButtons = Object.entries(LANGUAGE_NAMES).map(([code, name]) =>
      element("button", { class: "cw-lang", type: "button", lang: code, dir: code === "ar" ? "rtl" : "ltr", "data-language": code, text: name }),
    );
    this.langGroup = element("div", { class: "cw-langs", role: "group" }, this.langButtons);
    this.closeButton = element("button", { class: "cw-close", type: "button", text: "×" });
    this.disclaimer = element("p", { class: "cw-disclaimer" });
    this.status = element("div", { class: "cw-status", role: "status", "aria-live": "polite" });
    this.log = element("ol", { class: "cw-log", role: "log", "aria-live": "polite" });
    this.typing = element("div", { class: "cw-typing", hidden: "" });
    this.quick = element("div", { class: "cw-quick", role: "group" });
    this.input = element("textarea", { class: "cw-input", rows: "1", autocomplete: "off" });
    this.send = element("button", { class: "cw-send", type: "submit" });
    this.error = element("p", { class: "cw-error", role: "alert" });
    this.form = element("form", { class: "cw-form" }, [this.input, this.send, this.error]);
    this.panel = element("section", { class: "cw-panel", id: "cw-panel", role: "dialog", "aria-labelledby": "cw-title", hidden: "" }, [
      element("header", { class: "cw-header" }, [this.title, this.langGroup, this.closeButton]),
      this.disclaimer, this.status, this.log, this.typing, this.quick, this.form,
    ]);
    this.root = element("div", { class: "cw-root" }, [this.launcher, this.panel]);
    shadow.append(this.root);
    this._bindEvents();
  }

  _bindEvents() {
    this.launcher.addEventListener("click", () => this.open());
    this.closeButton.addEventListener("click", () => this.close());
    this.panel.addEventListener("keydown", (event) => {
      if (event.key === "Escape") this.close();
    });
    this.input.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.form.requestSubmit();
      }
    });
    this.input.addEventListener("input", () => this.handlers.onInput(this.input.value));
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.handlers.onSend(this.input.value);
    });
    for (const button of this.langButtons) {
      button.addEventListener("click", () => this.handlers.onLanguage(button.dataset.language));
    }
  }

  get isOpen() {
    return !this.panel.hidden;
  }

  open() {
    this.panel.hidden = false;
    this.launcher.setAttribute("aria-expanded", "true");
    this.input.focus();
    this._scrollToEnd();
    this.handlers.onOpen();
  }

  close() {
    this.panel.hidden = true;
    this.launcher.setAttribute("aria-expanded", "false");
    this.launcher.focus();
  }

  /** Switches the interface texts and direction to `language`. */
  setLanguage(language, strings) {
    this.language = language;
    this.strings = strings;
    const s = strings;
    this.root.setAttribute("lang", language);
    this.root.setAttribute("dir", language === "ar" ? "rtl" : "ltr");
    this.launcher.textContent = `💬 ${s.launcher}`;
    this.launcher.setAttribute("aria-label", s.open);
    this.title.textContent = s.title;
    this.langGroup.setAttribute("aria-label", s.language);
    for (const button of this.langButtons) button.setAttribute("aria-pressed", String(button.dataset.language === language));
    this.closeButton.setAttribute("aria-label", s.close);
    this.disclaimer.textContent = s.disclaimer;
    this.log.setAttribute("aria-label", s.messages);
    this.typing.textContent = s.typing;
    this.quick.setAttribute("aria-label", s.suggestions);
    this.input.setAttribute("placeholder", s.placeholder);
    this.input.setAttribute("aria-label", s.placeholder);
    this.send.textContent = s.send;
  }

  /** Replaces the log with the conversation as stored on the server. */
  showHistory(messages) {
    this.log.replaceChildren();
    this.setQuickReplies([]);
    for (const message of messages) this.addMessage(message, { quickReplies: false });
    const last = messages[messages.length - 1];
    if (last && last.sender === "bot") this.setQuickReplies(last.buttons || []);
  }

  /** Appends one message: {sender: "user"|"bot", text, buttons, custom}. */
  addMessage(message, { quickReplies = true } = {}) {
    const custom = message.custom || {};
    const urgent = message.sender === "bot" && custom.urgent === true;
    const classes = ["cw-msg", message.sender === "bot" ? "cw-bot" : "cw-user"];
    if (urgent) classes.push("cw-urgent");
    const text = message.text || "";
    const dir = directionOf(text, this.language);
    const item = element("li", { class: classes.join(" "), dir, lang: dir === "rtl" ? "ar" : "ru", "data-sender": message.sender });
    if (urgent) {
      item.setAttribute("role", "alert");
      item.append(element("strong", { class: "cw-urgent-label", text: `⚠ ${this.strings.urgent}` }));
    }
    item.append(element("span", { class: "cw-text" }, linkified(text)));
    if (urgent) item.append(this._callLinks(custom));
    if (custom.kind === "answer") item.append(this._feedback(text, message.rating));
    this.log.append(item);
    if (quickReplies) this.setQuickReplies(message.sender === "bot" ? message.buttons || [] : []);
    this._scrollToEnd();
    return item;
  }

  _callLinks(custom) {
    const numbers = [...emergencyNumbers(custom.emergency_numbers), custom.phone].filter(Boolean);
    const links = numbers.map((number) => element("a", { class: "cw-call", href: `tel:${telNumber(number)}`, dir: "ltr", text: `📞 ${number}` }));
    return element("div", { class: "cw-calls" }, links);
  }

  _feedback(text, rating) {
    const buttons = [["up", "👍", this.strings.helpful], ["down", "👎", this.strings.not_helpful]].map(([value, icon, label]) => {
      const button = element("button", { type: "button", "aria-label": label, title: label, "aria-pressed": String(rating === value), "data-rating": value, text: icon });
      button.addEventListener("click", () => {
        for (const other of buttons) other.setAttribute("aria-pressed", String(other === button));
        this.handlers.onFeedback(text, value);
      });
      return button;
    });
    return element("div", { class: "cw-feedback" }, buttons);
  }

  setQuickReplies(buttons) {
    this.quick.replaceChildren(
      ...buttons.map((button) => {
        const node = element("button", { type: "button", dir: directionOf(button.title, this.language), text: button.title });
        node.addEventListener("click", () => this.handlers.onQuickReply(button));
        return node;
      }),
    );
  }

  setTyping(visible) {
    this.typing.hidden = !visible;
    if (visible) this._scrollToEnd();
  }

  setStatus(text) {
    this.status.textContent = text || "";
  }

  setError(text) {
    this.error.textContent = text || "";
  }

  setSendEnabled(enabled) {
    this.send.disabled = !enabled;
  }

  clearInput() {
    this.input.value = "";
  }

  _scrollToEnd() {
    this.log.scrollTop = this.log.scrollHeight;
  }
}
