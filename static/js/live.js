// Live updates for Hamgami (protocol: docs/live.md). One socket per page; no build step.
//
// The page works without this file. With it, the streams named in <body data-live-streams> are
// followed from the sequence numbers in data-live-since; fragments arrive rendered by the server
// (the same partials the page uses) and are parsed with a <template>, never built from strings.
// Every text shown comes from data attributes the templates translated.

const body = document.body;
const lang = document.documentElement.lang || "fa";
// data-live-private: the signed-in person's own streams (user:<id>, the bell), followed on the same
// socket on every page; their events reach other modules as `hamgami:event` (see bell.js).
const streams = `${body.dataset.liveStreams || ""} ${body.dataset.livePrivate || ""}`.split(/\s+/).filter(Boolean);
const last = new Map(); // stream -> last seq applied
for (const pair of (body.dataset.liveSince || "").split(/\s+/)) {
  const at = pair.lastIndexOf("=");
  const seq = Number.parseInt(pair.slice(at + 1), 10);
  if (at > 0 && Number.isFinite(seq)) last.set(pair.slice(0, at), seq);
}

// --- text from the page ----------------------------------------------------------------------

const numbers = new Intl.NumberFormat(lang);
function text(name, count) {
  const value = body.dataset[name] || "";
  return count === undefined ? value : value.replace("%(count)s", numbers.format(count));
}

// --- status notice: discreet, in the page's live region ----------------------------------------

const status = document.getElementById("live-status");
let statusTimer = null;
function showStatus(message, { reload = false, delay = 0 } = {}) {
  if (!status || !message) return; // a page with only private streams carries no status texts
  clearTimeout(statusTimer);
  statusTimer = setTimeout(() => {
    status.replaceChildren(document.createTextNode(message));
    if (reload) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "link-button live-reload";
      button.textContent = text("liveReload");
      button.addEventListener("click", () => window.location.reload());
      status.append(" ", button);
    }
    status.hidden = false;
  }, delay);
}
function clearStatus() {
  clearTimeout(statusTimer);
  if (status && !status.querySelector(".live-reload")) {
    status.hidden = true;
    status.replaceChildren();
  }
}

// --- fragments into lists ----------------------------------------------------------------------

function fragment(html) {
  const template = document.createElement("template");
  template.innerHTML = html; // trusted: rendered by our server from our partial templates
  return template.content.firstElementChild;
}

function listsFor(stream, kind) {
  return [...document.querySelectorAll("[data-live-list]")].filter((list) =>
    kind === "post" ? list.dataset.stream === stream : !list.dataset.stream || list.dataset.stream === stream,
  );
}

const unseen = new Set();
const announcer = document.getElementById("live-announce");
const observer =
  "IntersectionObserver" in window
    ? new IntersectionObserver((entries) => {
        for (const entry of entries) {
          if (entry.isIntersecting) {
            unseen.delete(entry.target);
            observer.unobserve(entry.target);
          }
        }
        updateMarkers();
      })
    : null;

function markNew(item) {
  item.classList.add("live-new");
  if (!observer) return;
  unseen.add(item);
  observer.observe(item);
  updateMarkers();
}

function updateMarkers() {
  for (const marker of document.querySelectorAll("[data-new-items]")) {
    const list = marker.parentElement && marker.parentElement.querySelector("[data-live-list]");
    const items = [...unseen].filter((item) => item.isConnected && list && list.contains(item));
    const button = marker.querySelector("[data-show-new]");
    if (!items.length || !button) {
      marker.hidden = true;
      marker.dataset.announced = "0";
      continue;
    }
    const isPost = list.dataset.stream !== undefined && list.dataset.stream.startsWith("thread:");
    const [one, many] = isPost ? ["liveNewPost", "liveNewPosts"] : ["liveNewThread", "liveNewThreads"];
    button.textContent = items.length === 1 ? text(one) : text(many, items.length);
    marker.hidden = false;
    // Screen readers hear of arrivals politely, once per increase; the focus stays where it is.
    if (announcer && items.length > Number(marker.dataset.announced || 0)) announcer.textContent = button.textContent;
    marker.dataset.announced = String(items.length);
  }
}

document.addEventListener("click", (event) => {
  const button = event.target.closest && event.target.closest("[data-show-new]");
  if (!button) return;
  const list = button.closest("[data-new-items]").parentElement.querySelector("[data-live-list]");
  const first = [...unseen].filter((item) => list.contains(item)).sort(
    (a, b) => a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1,
  )[0];
  if (first) {
    first.scrollIntoView({ block: "center" });
    first.setAttribute("tabindex", "-1");
    first.focus({ preventScroll: true });
  }
});

function placePost(list, node) {
  const id = Number(node.dataset.post);
  const existing = document.getElementById(node.id);
  if (existing) {
    existing.replaceWith(node);
    return null;
  }
  const items = [...list.querySelectorAll(":scope > [data-post]")];
  const after = items.find((item) => Number(item.dataset.post) > id);
  if (after) {
    list.insertBefore(node, after);
  } else {
    // Beyond this page's last post when a later page exists: it belongs there, not here.
    if (document.querySelector('.pagination a[rel="next"]')) return null;
    list.append(node);
  }
  return node;
}

function placeThreadRow(list, node) {
  const existing = list.querySelector(`:scope > #${CSS.escape(node.id)}`);
  if (node.hasAttribute("data-removed")) {
    // The thread left the lists (merged into another): its row goes, nothing takes its place.
    if (existing) existing.remove();
    return null;
  }
  if (existing) existing.remove();
  else if (document.querySelector('.pagination a[rel="prev"]')) return null; // not the first page
  for (const empty of list.querySelectorAll(":scope > .empty")) empty.remove();
  // Updated rows go to the top, below pinned ones (unless pinned themselves).
  const firstUnpinned = node.classList.contains("pinned")
    ? list.firstElementChild
    : [...list.children].find((row) => !row.classList.contains("pinned"));
  list.insertBefore(node, firstUnpinned || null);
  return existing ? null : node;
}

// Debate parts (phase, positions, ledger, summary) are replaced whole: the fragment carries the
// id of the section it replaces, and the same partial renders it on page load.
function replaceSection(message) {
  const node = fragment(message.html);
  const existing = node && node.id && document.getElementById(node.id);
  if (!existing) return;
  existing.replaceWith(node);
  refreshTimes(node);
}

// A post fragment is rendered once per audience, not per person: it carries the controls for its
// author (data-own-only) and for everyone else (data-others-only); keep the ones for this reader.
function fitControls(node) {
  const own = body.dataset.userId && node.dataset.authorId === body.dataset.userId;
  for (const control of node.querySelectorAll(own ? "[data-others-only]" : "[data-own-only]")) control.remove();
  for (const control of node.querySelectorAll("[data-own-only]")) control.hidden = false;
  // "Translate": the post's author and volunteer translators (data-translator on the body)
  for (const control of node.querySelectorAll("[data-translators-only]")) {
    if (own || body.dataset.translator) control.hidden = false;
    else control.remove();
  }
}

// The thread's header counts its replies; a live post (or its hiding) changes the count.
function updateReplyCount(data) {
  const replies = data && data.replies;
  if (!Number.isInteger(replies)) return;
  for (const count of document.querySelectorAll("[data-reply-count]")) {
    const template = replies === 1 ? count.dataset.one : count.dataset.many;
    if (template) count.textContent = template.replace("%(count)s", numbers.format(replies));
  }
}

// An item of a review queue's section (a flagged translation) takes its own place again, or joins
// its section's list; the page's item has the forms, a live one links back to the page.
function placeQueueItem(message) {
  const node = fragment(message.html);
  if (!node || !node.id) return;
  const existing = document.getElementById(node.id);
  if (existing) {
    existing.replaceWith(node);
  } else {
    const section = String((message.data && message.data.section) || "");
    const list = document.querySelector(`[data-live-queue="${CSS.escape(section)}"]`);
    if (!list) return;
    for (const empty of list.querySelectorAll(":scope > .empty")) empty.remove();
    list.append(node);
    markNew(node);
  }
  refreshTimes(node);
}

function apply(message) {
  const kind = message.event.split(".")[0];
  if (kind === "queue") return placeQueueItem(message);
  if (kind === "post" && message.stream.startsWith("thread:")) updateReplyCount(message.data);
  if (kind === "debate" || kind === "statement" || kind === "gathering") return replaceSection(message);
  if (message.event === "thread.retitled") return replaceSection(message); // the thread page's heading
  if (kind !== "post" && kind !== "thread") return;
  const lists = listsFor(message.stream, kind);
  for (const list of lists) {
    const node = fragment(message.html);
    if (!node || !node.id) continue;
    if (kind === "post") fitControls(node);
    const added = kind === "post" ? placePost(list, node) : placeThreadRow(list, node);
    if (added) {
      refreshTimes(added);
      markNew(added);
    }
  }
}

// --- the socket ---------------------------------------------------------------------------------

let socket = null;
let attempts = 0;
let stopped = false;

function connect() {
  if (!streams.length || stopped || !("WebSocket" in window)) return;
  const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
  socket = new WebSocket(`${scheme}//${window.location.host}${body.dataset.wsPath || "/ws/"}`);
  socket.addEventListener("open", () => {
    attempts = 0;
    clearStatus();
    for (const stream of streams) {
      const message = { type: "subscribe", stream, lang };
      if (last.has(stream)) message.since = last.get(stream);
      socket.send(JSON.stringify(message));
    }
  });
  socket.addEventListener("message", (event) => {
    let message;
    try {
      message = JSON.parse(event.data);
    } catch {
      return;
    }
    if (message.type === "event") {
      if (message.seq <= (last.get(message.stream) ?? 0)) return; // already applied
      last.set(message.stream, message.seq);
      apply(message);
      document.dispatchEvent(new CustomEvent("hamgami:event", { detail: message }));
    } else if (message.type === "subscribed") {
      last.set(message.stream, Math.max(last.get(message.stream) ?? 0, message.seq));
    } else if (message.type === "reset") {
      last.set(message.stream, message.seq);
      showStatus(text("liveMissed"), { reload: true });
    } else if (message.type === "error" && message.stream) {
      const at = streams.indexOf(message.stream);
      if (at >= 0 && message.code === "forbidden") streams.splice(at, 1);
    }
  });
  socket.addEventListener("close", (event) => {
    socket = null;
    if (event.code === 4001) {
      stopped = true;
      showStatus(text("liveEnded"), { reload: true });
      return;
    }
    attempts += 1;
    // Exponential backoff with jitter: 1 s, 2 s, 4 s … up to a minute, each between half and all.
    const ceiling = Math.min(60000, 1000 * 2 ** Math.min(attempts - 1, 6)) * (event.code === 4029 ? 4 : 1);
    const delay = ceiling / 2 + (Math.random() * ceiling) / 2;
    showStatus(text("liveOffline"), { delay: attempts === 1 ? 1500 : 0 });
    setTimeout(connect, delay);
  });
}

// Reconnect at once when the network or the tab comes back, rather than waiting out the backoff.
function nudge() {
  if (!socket && !stopped && document.visibilityState !== "hidden") {
    attempts = 0;
    connect();
  }
}
window.addEventListener("online", nudge);

// --- relative times: text only, the element stays ------------------------------------------------

const relative = "RelativeTimeFormat" in Intl ? new Intl.RelativeTimeFormat(lang, { numeric: "auto" }) : null;
const UNITS = [
  ["day", 86400],
  ["hour", 3600],
  ["minute", 60],
];

function refreshTimes(root = document) {
  if (!relative) return;
  const now = Date.now();
  for (const time of root.querySelectorAll('time[data-relative="1"]')) {
    const at = Date.parse(time.getAttribute("datetime"));
    if (Number.isNaN(at)) continue;
    const seconds = Math.max(0, Math.round((now - at) / 1000));
    if (seconds >= 30 * 86400) continue; // the server shows a calendar date for these
    let label = relative.format(0, "second");
    for (const [unit, size] of UNITS) {
      if (seconds >= size) {
        label = relative.format(-Math.floor(seconds / size), unit);
        break;
      }
    }
    if (time.textContent !== label) time.textContent = label;
  }
}

setInterval(refreshTimes, 30000);
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "visible") {
    refreshTimes();
    nudge();
  }
});

connect();
