// "Quote" on a post (issue 20). Without this module the link opens the thread at ?quote=post-N#reply
// and the server fills the reply box with the quote. With it, the quote (Markdown, in the reader's
// language, carrying the original when they read a translation) comes from /posts/N/quote/ and is
// put at the caret of the reply box on this page, so what was already typed stays.

const section = document.querySelector("#reply[data-quote-url]");
const box = section ? section.querySelector("textarea[name=body]") : null;

async function insertQuote(link) {
  const url = section.dataset.quoteUrl.replace("/0/", `/${encodeURIComponent(link.dataset.quote)}/`);
  const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "text/plain" } });
  if (!response.ok) throw new Error(String(response.status));
  const quote = await response.text();
  const start = box.selectionStart ?? box.value.length;
  const end = box.selectionEnd ?? start;
  const before = box.value.slice(0, start);
  const lead = before && !before.endsWith("\n\n") ? (before.endsWith("\n") ? "\n" : "\n\n") : "";
  const text = `${lead}${quote.trimEnd()}\n\n`;
  box.setRangeText(text, start, end, "end");
  box.dispatchEvent(new Event("input", { bubbles: true }));
  box.focus();
  box.scrollIntoView({ block: "center" });
}

if (box) {
  // Delegated: posts that arrive live have the link too.
  document.addEventListener("click", (event) => {
    const link = event.target instanceof Element ? event.target.closest("a.quote-post-link[data-quote]") : null;
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    insertQuote(link).catch(() => {
      window.location.href = link.href; // the server says why (or fills the box itself)
    });
  });
}
