// Reading shortcuts for long threads (listed on /help/keyboard/; issue 9). No build step.
//
//   j / k   next / previous post (focus moves to it, so Tab continues inside that post)
//   r       reply: the focused post's reply link, or the caret into the reply box
//   u       the first unread post, when the page marks it with [data-first-unread]
//   ?       the help page (the footer link marked [data-keys-help])
//   Esc     closes the <details> disclosure holding the focus and returns the focus to its summary
//
// Never while typing (inputs, text areas, selects, contenteditable), never with Ctrl, Alt or Meta
// (they belong to the browser and to screen readers), never during IME composition. The page works
// the same without this file: every action here is a link or a field the keyboard reaches anyway.

const POSTS = ".posts > .post";

function typing(target) {
  if (!(target instanceof Element)) return false;
  if (target.isContentEditable) return true;
  const field = target.closest("input, textarea, select, [contenteditable=''], [contenteditable='true']");
  if (!field) return false;
  if (field.tagName !== "INPUT") return true;
  return !["button", "submit", "reset", "checkbox", "radio", "range", "color", "file", "image"].includes(field.type);
}

function focusOn(element, { block = "start" } = {}) {
  if (!element) return;
  if (!element.hasAttribute("tabindex") && !element.matches("a[href], button, input, select, textarea, summary")) {
    element.setAttribute("tabindex", "-1");
  }
  element.focus({ preventScroll: true });
  element.scrollIntoView({ block }); // instant: no smooth scrolling to respect or to wait for
}

function currentPost(posts) {
  const active = document.activeElement;
  const holder = active && active !== document.body ? active.closest(POSTS) : null;
  return holder ? posts.indexOf(holder) : -1;
}

function move(step) {
  const posts = [...document.querySelectorAll(POSTS)];
  if (!posts.length) return false;
  let at = currentPost(posts);
  if (at < 0) {
    // Nothing focused yet: start from what is on screen, so j after scrolling goes on from there.
    const top = 8;
    if (step > 0) at = posts.findIndex((post) => post.getBoundingClientRect().top >= top) - 1;
    else at = posts.findIndex((post) => post.getBoundingClientRect().bottom > top);
    if (step > 0 && at < -1) at = posts.length - 1; // every post is above the screen
    if (step < 0 && at < 0) at = posts.length;
  }
  const next = Math.min(posts.length - 1, Math.max(0, at + step));
  focusOn(posts[next]);
  return true;
}

function replyBox() {
  return document.querySelector("#reply textarea[name=body]");
}

function reply() {
  const posts = [...document.querySelectorAll(POSTS)];
  const at = currentPost(posts);
  const link = at >= 0 ? posts[at].querySelector(".reply-link[href]") : null;
  if (link) {
    link.click(); // ?reply_to=N#reply: the server fills the form; the caret lands there on load
    return true;
  }
  const box = replyBox();
  if (box) {
    focusOn(box, { block: "center" });
    return true;
  }
  const section = document.getElementById("reply");
  if (section) {
    focusOn(section, { block: "center" }); // says how to take part (log in, join an organization)
    return true;
  }
  return false;
}

function firstUnread() {
  const mark = document.querySelector("[data-first-unread]");
  if (!mark) return false;
  if (mark.matches("a[href]")) mark.click();
  else focusOn(mark.closest(POSTS) || mark);
  return true;
}

function help() {
  const link = document.querySelector("a[data-keys-help]");
  if (!link) return false;
  window.location.assign(link.href);
  return true;
}

function closeDisclosure(target) {
  const open = target instanceof Element ? target.closest("details[open]") : null;
  if (!open) return false;
  open.open = false;
  const summary = open.querySelector(":scope > summary");
  if (summary) summary.focus();
  return true;
}

const ACTIONS = { j: () => move(1), k: () => move(-1), r: reply, u: firstUnread, "?": help };

document.addEventListener("keydown", (event) => {
  if (event.defaultPrevented || event.isComposing || event.ctrlKey || event.altKey || event.metaKey) return;
  if (event.key === "Escape") {
    if (closeDisclosure(event.target)) event.preventDefault();
    return;
  }
  if (typing(event.target)) return;
  const action = Object.hasOwn(ACTIONS, event.key) ? ACTIONS[event.key] : null;
  if (action && action()) event.preventDefault();
});

// Arriving from a reply link (…?reply_to=N#reply, with or without JavaScript before): the caret
// goes straight into the reply box, which the server has already pointed at that post.
if (window.location.hash === "#reply") {
  const box = replyBox();
  if (box) box.focus();
}

// A form sent back with problems: the summary (role=alert, with links to each field) takes the
// focus, so keyboard and screen reader users start from the list of what to correct.
const problems = document.querySelector("main .form-errors[role=alert]");
if (problems && window.location.hash !== "#reply") focusOn(problems, { block: "center" });
