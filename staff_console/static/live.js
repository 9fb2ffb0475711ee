// Keeps an open conversation current: when it has new events (a patient's message, a colleague's
// reply), the transcript is replaced by the server's rendering of it. Forms on the page, and what
// staff are typing, stay as they are.
"use strict";

(function () {
  const POLL_MILLISECONDS = 2000;
  const transcript = document.querySelector("ol.transcript[data-live-url]");
  if (!transcript) return;
  let lastEventId = Number(transcript.dataset.lastEventId) || 0;

  async function refresh() {
    try {
      const url = `${transcript.dataset.liveUrl}?after=${lastEventId}`;
      const answer = await fetch(url, { credentials: "same-origin", cache: "no-store" });
      if (!answer.ok) return;
      const update = await answer.json();
      if (!update.html) return;
      // The server rendered (and escaped) this markup from its own template.
      transcript.innerHTML = update.html;
      lastEventId = update.last_event_id;
      transcript.dataset.lastEventId = String(lastEventId);
      if (transcript.lastElementChild) transcript.lastElementChild.scrollIntoView({ block: "nearest" });
    } catch (error) {
      // The console may be restarting: the next round tries again.
    }
  }

  setInterval(refresh, POLL_MILLISECONDS);
})();
