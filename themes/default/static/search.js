// Site search: reads the bigram index (search/index.js, window.MIERUKA_SEARCH) built by mieruka,
// on the search page only. Without JavaScript the page's list of every KPI remains.
// Text is cut as src/search.rs cuts it: runs of letters and digits, full-width ASCII folded,
// Latin letters lower-cased, pairs of characters.
"use strict";

/** The distinct bigrams of each word of a text; words of one character give none. */
function mierukaWords(text) {
  const folded = Array.from(text, (c) => {
    const code = c.codePointAt(0);
    const ascii = code >= 0xff01 && code <= 0xff5e ? String.fromCodePoint(code - 0xfee0) : c;
    return ascii.replace(/[A-Z]/g, (l) => l.toLowerCase());
  }).join("");
  const runs = folded.match(/[\p{Alphabetic}\p{N}]+/gu) ?? [];
  return runs
    .map((run) => {
      const chars = Array.from(run);
      const grams = new Set();
      for (let i = 0; i + 1 < chars.length; i++) grams.add(chars[i] + chars[i + 1]);
      return [...grams];
    })
    .filter((grams) => grams.length > 0);
}

/** Pages holding every bigram of every word, best first: title matches, then KPIs, then order. */
function mierukaSearch(index, query) {
  const words = mierukaWords(query);
  if (words.length === 0) return [];
  const scores = new Map();
  let first = true;
  for (const grams of words) {
    const found = new Map();
    let candidates = null;
    for (const gram of grams) {
      const here = new Set([...(index.title[gram] ?? []), ...(index.body[gram] ?? [])]);
      candidates = candidates === null ? here : new Set([...candidates].filter((d) => here.has(d)));
      if (candidates.size === 0) return [];
    }
    for (const doc of candidates) {
      const inTitle = grams.every((g) => (index.title[g] ?? []).includes(doc));
      found.set(doc, inTitle ? 10 : 1);
    }
    for (const [doc, score] of [...scores]) if (!found.has(doc)) scores.delete(doc);
    for (const [doc, score] of found) {
      if (first) scores.set(doc, score);
      else if (scores.has(doc)) scores.set(doc, scores.get(doc) + score);
    }
    first = false;
  }
  return [...scores]
    .sort((a, b) => b[1] - a[1] || index.docs[a[0]][3] - index.docs[b[0]][3] || a[0] - b[0])
    .map(([doc]) => index.docs[doc]);
}

if (typeof window !== "undefined" && document.getElementById("search-results")) {
  const input = document.getElementById("search-q");
  const box = document.getElementById("search-results");
  const status = document.getElementById("search-status");
  const list = document.getElementById("search-list");
  // The edition's root (the English edition's pages are in en/), from the page.
  const root = box.dataset.root;
  const show = (query) => {
    box.hidden = false;
    list.replaceChildren();
    if (mierukaWords(query).length === 0) {
      status.textContent = box.dataset.tooShort;
      return;
    }
    const results = mierukaSearch(window.MIERUKA_SEARCH, query);
    // The sentence from the locale file, with the query as typed: marked Japanese when it is,
    // in a page of another language.
    const [before, after = ""] = box.dataset.count.replace("{count}", results.length).split("{query}");
    const typed = document.createElement("span");
    typed.textContent = query;
    if (/[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]/.test(query)) typed.lang = "ja";
    status.replaceChildren(before, typed, after);
    for (const [title, href, context] of results.slice(0, 50)) {
      const item = document.createElement("li");
      // Titles and context are content, written in Japanese whatever the page's language.
      item.lang = "ja";
      const link = document.createElement("a");
      link.href = root + href;
      link.textContent = title;
      const note = document.createElement("span");
      note.className = "search-context";
      note.textContent = context;
      item.append(link, " ", note);
      list.append(item);
    }
  };
  const query = new URLSearchParams(window.location.search).get("q") ?? "";
  if (query.trim()) {
    input.value = query;
    show(query);
  }
  input.form.addEventListener("submit", (event) => {
    event.preventDefault();
    show(input.value);
    const url = new URL(window.location.href);
    url.searchParams.set("q", input.value);
    try {
      window.history.replaceState(null, "", url);
    } catch {
      // file:// may refuse; the results are shown all the same.
    }
  });
}

if (typeof module !== "undefined") module.exports = { mierukaWords, mierukaSearch };
