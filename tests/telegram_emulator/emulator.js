// Starts telegram-test-api (a third-party Telegram Bot API emulator) on 127.0.0.1:<port>.
//   node emulator.js <port>
// Real Telegram sends the webhook's secret_token in the X-Telegram-Bot-Api-Secret-Token header;
// the emulator stores the secret but does not send it, so its webhook call is extended to do so.
"use strict";

const axios = require("axios");
const TelegramServer = require("telegram-test-api");

const port = Number(process.argv[2] || 9000);
const server = new TelegramServer({ port, host: "127.0.0.1", storeTimeout: 600 });
const deliverWithoutWebhook = server.addUserUpdate.bind(server);

server.addUserUpdate = async function addUserUpdate(update) {
  const webhook = this.webhooks[update.botToken];
  if (!webhook) {
    return deliverWithoutWebhook(update);
  }
  const headers = webhook.secret_token ? { "X-Telegram-Bot-Api-Secret-Token": webhook.secret_token } : {};
  const reply = await axios({
    url: webhook.url,
    method: "POST",
    data: TelegramServer.formatUpdate(update),
    headers,
    validateStatus: () => true,
  });
  if (reply.status > 204) {
    throw new Error(`webhook answered HTTP ${reply.status}`);
  }
  this.updateId++;
  return undefined;
};

server.start().then(() => console.log(`telegram-test-api listening on 127.0.0.1:${port}`));
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => server.stop().then(() => process.exit(0)));
}
