// Connects the view to the assistant over socket.io and keeps the session across reloads.

import { io } from "socket.io-client";
import { loadSession, saveSession } from "./storage.js";
import { ChatView } from "./view.js";

const ACK_TIMEOUT_MS = 60000;

function format(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, key) => String(values[key] ?? ""));
}

export class Chat {
  /**
   * @param {object} options server (origin of the assistant), language ("ru"|"ar"), host (element),
   *   config (interface texts per language and the message size limit from the server).
   */
  constructor({ server, language, host, config }) {
    this.server = server;
    this.config = config;
    this.session = loadSession();
    this.language = this.session.language || language;
    this.outbox = [];
    this.pending = 0;
    this.ready = false;
    this.socket = null;
    this.view = new ChatView(host, {
      onOpen: () => this.connect(),
      onSend: (text) => this.sendText(text),
      onInput: (text) => this.view.setError(this.tooLongError(text)),
      onQuickReply: (button) => this.sendButton(button),
      onLanguage: (language) => this.switchLanguage(language),
      onFeedback: (text, rating, reason) => this.sendFeedback(text, rating, reason),
      onCallback: (phone, consent, done) => this.sendCallback(phone, consent, done),
      onTopics: () => this.view.setQuickReplies((this.config.topics || {})[this.language] || []),
    });
    this.view.setLanguage(this.language, this.strings);
  }

  get strings() {
    return this.config.strings[this.language];
  }

  /** Connects on first use, so that visitors who never open the chat create no conversation. */
  connect() {
    if (this.socket) return;
    this.socket = io(this.server, { path: this.config.socketio_path, transports: ["websocket", "polling"] });
    this.socket.on("connect", () => this.requestSession());
    this.socket.on("disconnect", () => this.goOffline());
    this.socket.on("connect_error", () => this.goOffline());
    this.socket.on("bot_uttered", (message) => this.view.addMessage({ ...message, sender: "bot" }));
  }

  goOffline() {
    this.ready = false;
    this.view.setStatus(this.strings.offline);
  }

  // Every (re)connection asks for the session by its server-issued id and token; the reply carries
  // the stored history, so replies sent while the patient was offline are shown as well.
  requestSession() {
    const request = { session_id: this.session.session_id, token: this.session.token, language: this.language };
    this.socket.timeout(ACK_TIMEOUT_MS).emit("session_request", request, (error, reply) => {
      if (error || !reply || reply.error) {
        this.view.setStatus(this.strings.offline);
        return;
      }
      this.session = { session_id: reply.session_id, token: reply.token, language: this.language };
      saveSession(this.session);
      this.view.showHistory(reply.history || []);
      this.ready = true;
      this.view.setStatus("");
      this.flush();
    });
  }

  tooLongError(text) {
    const limit = this.config.max_message_chars;
    return text.length > limit ? format(this.strings.too_long, { length: text.length, limit }) : "";
  }

  sendText(raw) {
    const text = raw.trim();
    if (!text) return;
    const error = this.tooLongError(raw);
    this.view.setError(error);
    if (error) return;
    this.view.clearInput();
    this.view.addMessage({ sender: "user", text });
    this.enqueue({ message: text }, text);
  }

  sendButton(button) {
    this.view.addMessage({ sender: "user", text: button.title });
    this.enqueue({ message: button.payload, title: button.title }, null);
  }

  enqueue(payload, restoreText) {
    this.outbox.push({ payload, restoreText });
    this.connect();
    this.flush();
  }

  flush() {
    while (this.ready && this.outbox.length) {
      const { payload, restoreText } = this.outbox.shift();
      this.emitTurn("user_uttered", payload, restoreText);
    }
  }

  // Emits one turn and shows the typing indicator until the server acknowledges the whole turn.
  emitTurn(event, payload, restoreText = null) {
    this.pending += 1;
    this.view.setTyping(true);
    this.socket.timeout(ACK_TIMEOUT_MS).emit(event, payload, (error, reply) => {
      this.pending -= 1;
      if (!this.pending) this.view.setTyping(false);
      if (error || !reply || reply.error) {
        this.view.setError(reply && reply.error === "too_long" ? this.tooLongError(restoreText || "") : this.strings.send_failed);
        if (restoreText && !this.view.input.value) this.view.input.value = restoreText;
      }
    });
  }

  switchLanguage(language) {
    if (language === this.language || !this.config.strings[language]) return;
    this.language = language;
    this.session = { ...this.session, language };
    saveSession(this.session);
    this.view.setLanguage(language, this.strings);
    if (this.ready) this.emitTurn("set_language", { language });
  }

  sendCallback(phone, consent, done) {
    if (!this.ready) return done("not_ready");
    this.socket.timeout(ACK_TIMEOUT_MS).emit("callback_request", { phone, consent }, (error, reply) => {
      done(error || !reply ? "failed" : reply.error || null);
    });
  }

  sendFeedback(text, rating, reason) {
    if (this.ready) this.socket.emit("feedback", reason ? { text, rating, reason } : { text, rating });
  }
}
