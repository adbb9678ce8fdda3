// @mention completion in post boxes (issue 19). Progressive enhancement: without this module a
// post box is a plain textarea and "@handle" typed in full still mentions and links.
//
// Typing "@" and a few letters asks /mentions/complete/?q=… (JSON, rate-limited, people and
// admitted organizations only) and shows a list under the box. Up and down arrows choose, Enter or
// Tab inserts, Escape closes; the textarea keeps the focus and points at the chosen option
// (aria-activedescendant; a textarea takes no aria-expanded), and the count of suggestions is said in the page's polite live region.
// The list is built with DOM nodes and textContent only: no HTML from strings.

const ENDPOINT = "/mentions/complete/";
const BOXES = "textarea[name=body], textarea[name=statement], textarea[name=bio], textarea[name=text]";
const TRIGGER = /(?:^|[^\w@/])@([A-Za-z0-9_.\-\u0600-\u06FF\u200c]{1,40})$/u;
let counter = 0;

function announce(text) {
  const region = document.getElementById("live-announce");
  if (region) region.textContent = text;
}

function enhance(box) {
  if (box.dataset.mentionsReady) return;
  box.dataset.mentionsReady = "1";
  const id = `mention-list-${++counter}`;
  const list = document.createElement("ul");
  list.id = id;
  list.className = "mention-list";
  list.setAttribute("role", "listbox");
  list.hidden = true;
  box.insertAdjacentElement("afterend", list);
  box.setAttribute("aria-autocomplete", "list");
  box.setAttribute("aria-controls", id);

  let results = [];
  let active = -1;
  let asked = "";
  let timer = null;
  let messages = {};

  function close() {
    list.hidden = true;
    list.replaceChildren();
    results = [];
    active = -1;
    box.removeAttribute("aria-activedescendant");
  }

  function highlight(index) {
    active = index;
    list.querySelectorAll("[role=option]").forEach((option, i) => {
      option.setAttribute("aria-selected", i === index ? "true" : "false");
    });
    if (index >= 0) box.setAttribute("aria-activedescendant", `${id}-${index}`);
  }

  function prefixAtCaret() {
    if (box.selectionStart !== box.selectionEnd) return null;
    const match = TRIGGER.exec(box.value.slice(0, box.selectionStart));
    return match ? match[1] : null;
  }

  function insert(index) {
    const chosen = results[index];
    const prefix = prefixAtCaret();
    if (!chosen || prefix === null) return close();
    const caret = box.selectionStart;
    const start = caret - prefix.length;
    const text = `${chosen.name} `;
    box.setRangeText(text, start, caret, "end");
    box.dispatchEvent(new Event("input", { bubbles: true }));
    close();
    announce((messages.inserted || "").replace("%(name)s", `@${chosen.name}`));
  }

  function show(data) {
    results = data.results || [];
    messages = data.messages || messages;
    list.replaceChildren();
    if (!results.length) {
      close();
      announce(messages.none || "");
      return;
    }
    results.forEach((item, index) => {
      const option = document.createElement("li");
      option.id = `${id}-${index}`;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.dataset.name = item.name;
      const handle = document.createElement("span");
      handle.className = "mention-handle";
      handle.dir = "ltr";
      handle.textContent = `@${item.name}`;
      const label = document.createElement("span");
      label.className = "mention-label";
      label.dir = "auto";
      label.textContent = item.label;
      option.append(handle, " ", label);
      option.addEventListener("mousedown", (event) => {
        event.preventDefault(); // keep the focus in the box
        insert(index);
      });
      list.append(option);
    });
    list.hidden = false;
    highlight(0);
    announce((messages.count || "").replace("%(count)s", String(results.length)));
  }

  async function ask(prefix) {
    asked = prefix;
    try {
      const response = await fetch(`${ENDPOINT}?q=${encodeURIComponent(prefix)}`, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (!response.ok) return close();
      const data = await response.json();
      if (asked === prefix && prefixAtCaret() === prefix) show(data);
    } catch {
      close();
    }
  }

  box.addEventListener("input", () => {
    const prefix = prefixAtCaret();
    clearTimeout(timer);
    if (!prefix) return close();
    timer = setTimeout(() => ask(prefix), 120);
  });

  box.addEventListener("keydown", (event) => {
    if (list.hidden || !results.length) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      highlight((active + step + results.length) % results.length);
    } else if (event.key === "Enter" || event.key === "Tab") {
      if (active < 0) return;
      event.preventDefault();
      insert(active);
    } else if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      close();
    }
  });
  box.addEventListener("blur", () => setTimeout(close, 150));
}

document.querySelectorAll(BOXES).forEach(enhance);
document.addEventListener("focusin", (event) => {
  if (event.target instanceof HTMLTextAreaElement && event.target.matches(BOXES)) enhance(event.target);
});
