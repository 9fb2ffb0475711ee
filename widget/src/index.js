// Entry point of the embeddable widget:
//   <script src="https://assistant.example/webhooks/web/widget.js" data-lang="ar" defer></script>
// The initial language comes from data-lang, else from the page's lang attribute.

import { Chat } from "./chat.js";

const LANGUAGES = ["ru", "ar"];

function start(script) {
  const server = script.dataset.server || new URL(script.src).origin;
  const pageLanguage = (document.documentElement.lang || "").slice(0, 2).toLowerCase();
  const language = [script.dataset.lang, pageLanguage].find((code) => LANGUAGES.includes(code)) || "ru";
  fetch(`${server}/webhooks/web/ui`)
    .then((response) => {
      if (!response.ok) throw new Error(`widget configuration: HTTP ${response.status}`);
      return response.json();
    })
    .then((config) => {
      const host = document.createElement("div");
      host.id = "clinic-chat-widget";
      document.body.append(host);
      const chat = new Chat({ server, language, host, config });
      if (script.dataset.open === "true") chat.view.open();
    })
    .catch((error) => console.error("clinic chat widget:", error));
}

const script = document.currentScript;
if (document.body) start(script);
else document.addEventListener("DOMContentLoaded", () => start(script));
