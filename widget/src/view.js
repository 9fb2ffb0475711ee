// The widget's DOM: launcher, panel, message log. Text is only ever set with textContent.

import { answerBubbles, callbackForm, plainBubble, urgentBubble } from "./bubbles.js";
import { ANSWER_KIND, CALLBACK_KEY, DISCLAIMER_KIND, KIND_KEY, URGENT_KEY } from "./contract.js";
import { element } from "./dom.js";
import { STYLES } from "./styles.js";
import { directionOf } from "./text.js";

const LANGUAGE_NAMES = { ru: "Русский", ar: "العربية" };
// Space kept above a long answer's first line when the log scrolls to it.
const SCROLL_MARGIN_PX = 8;

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
    this.topicsButton = element("button", { class: "cw-topics", type: "button" });
    this.input = element("textarea", { class: "cw-input", rows: "1", autocomplete: "off" });
    this.send = element("button", { class: "cw-send", type: "submit" });
    this.error = element("p", { class: "cw-error", role: "alert" });
    this.form = element("form", { class: "cw-form" }, [this.topicsButton, this.input, this.send, this.error]);
    // The first bubble of the assistant's reply to the patient's latest message.
    this.replyStart = null;
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
    this.topicsButton.addEventListener("click", () => this.handlers.onTopics());
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
    this.topicsButton.textContent = `☰ ${s.topics_button}`;
  }

  /** Replaces the log with the conversation as stored on the server. */
  showHistory(messages) {
    this.log.replaceChildren();
    this.setQuickReplies([]);
    for (const message of messages) this.addMessage(message, { quickReplies: false, live: false });
    const last = messages[messages.length - 1];
    if (last && last.sender === "bot") this.setQuickReplies(last.buttons || []);
    this.replyStart = null;
    this._scrollToEnd();
  }

  /**
   * Appends one message: {sender: "user"|"bot", text, buttons, custom, rating}. The disclaimer
   * is not repeated as a bubble: the banner under the header shows it.
   */
  addMessage(message, { quickReplies = true, live = true } = {}) {
    const custom = message.custom || {};
    const bot = message.sender === "bot";
    if (bot && custom[KIND_KEY] === DISCLAIMER_KIND) return null;
    let bubbles;
    if (bot && custom[URGENT_KEY] === true) bubbles = urgentBubble(message, this.strings, this.language);
    else if (bot && custom[KIND_KEY] === ANSWER_KIND) bubbles = answerBubbles(message, this.strings, this.language, this.handlers.onFeedback);
    else bubbles = plainBubble(message, this.language);
    // Offered live only: a reloaded history shows the conversation, not old forms.
    if (bot && custom[CALLBACK_KEY] && live) bubbles[bubbles.length - 1].append(callbackForm(this.strings, this.handlers.onCallback));
    this.log.append(...bubbles);
    if (quickReplies) this.setQuickReplies(bot ? message.buttons || [] : []);
    if (!bot) this.replyStart = null;
    else if (!this.replyStart) this.replyStart = bubbles[0];
    this._scrollToReply();
    return bubbles[0];
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
    if (visible) this._scrollToReply();
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

  // A reply taller than the log opens at its first line, not at its end.
  _scrollToReply() {
    const start = this.replyStart;
    if (start && this.log.scrollHeight - start.offsetTop > this.log.clientHeight) {
      this.log.scrollTop = start.offsetTop - SCROLL_MARGIN_PX;
    } else {
      this._scrollToEnd();
    }
  }
}
