// The notification bell, live. live.js owns the page's one socket: it also follows the person's
// own stream (<body data-live-private="user:<id>">) and hands every event it receives to the page
// as a `hamgami:event` CustomEvent. This module only listens: it updates the count shown in the
// bell and, when the count rises, says so once in a polite live region; the focus never moves.
// Without JavaScript the bell is an ordinary link with the count the server rendered.

const bell = document.querySelector("[data-bell]");
const userId = document.body.dataset.userId;

if (bell && userId) {
  const numbers = new Intl.NumberFormat(document.documentElement.lang || "fa");
  const number = bell.querySelector("[data-bell-number]");
  const status = document.querySelector("[data-bell-status]");
  const own = `user:${userId}`;
  let shown = Number.parseInt(bell.dataset.bellCount || "0", 10) || 0;

  document.addEventListener("hamgami:event", (event) => {
    const message = event.detail || {};
    if (message.stream !== own || message.event !== "notifications.count") return;
    const count = Number(message.data && message.data.count);
    if (!Number.isInteger(count) || count < 0 || count === shown) return;
    if (number) {
      number.textContent = numbers.format(count);
      number.hidden = count === 0;
    }
    bell.dataset.bellCount = String(count);
    if (status && count > shown) {
      const template = count === 1 ? bell.dataset.bellOne : bell.dataset.bellMany;
      status.textContent = (template || "").replace("%(count)s", numbers.format(count));
    }
    shown = count;
  });
}
