// Site search: reads the bigram index built by mieruka (src/search.rs), on the search page only:
// the site's part (search/index.js, window.MIERUKA_SEARCH: every page and its title's bigrams)
// and each city's part (<city>/search.js, window.MIERUKA_TEXT[part]: its pages' text), read as
// the search goes. Without JavaScript the page's list of every KPI remains.
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

/** Adds a city's part of the index (`[part, first page, pages]`) to the site's, numbered as
 * the site's pages. */
function mierukaAddText(index, city, text) {
  index.body ??= {};
  for (const [gram, docs] of Object.entries(text)) {
    const list = (index.body[gram] ??= []);
    for (const doc of docs) list.push(city[1] + doc);
  }
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
      const here = new Set([...(index.title[gram] ?? []), ...(index.body?.[gram] ?? [])]);
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

// A site of up to this many cities reads every city's part before it shows results (they are
// then final); a larger one shows what it has found and adds to it as the parts come in.
const MIERUKA_EAGER = 50;

if (typeof window !== "undefined" && document.getElementById("search-results")) {
  const index = window.MIERUKA_SEARCH;
  const input = document.getElementById("search-q");
  const box = document.getElementById("search-results");
  const status = document.getElementById("search-status");
  const list = document.getElementById("search-list");
  // The edition's root (the English edition's pages are in en/), and the site's (the parts).
  const root = box.dataset.root;
  const siteRoot = box.dataset.siteRoot;
  const total = index.cities.length;
  let read = 0;
  let reading = null;
  let current = "";
  // Reads every city's part, four at a time, calling `progress` after each.
  const readParts = (progress) =>
    new Promise((resolve) => {
      if (total === 0) return resolve();
      let next = 0;
      let active = 0;
      const start = () => {
        while (active < 4 && next < total) {
          const city = index.cities[next++];
          active++;
          const script = document.createElement("script");
          script.src = siteRoot + city[0];
          script.onload = script.onerror = () => {
            const text = window.MIERUKA_TEXT?.[city[0]];
            if (text) {
              mierukaAddText(index, city, text);
              delete window.MIERUKA_TEXT[city[0]];
            }
            script.remove();
            read++;
            active--;
            progress();
            if (read === total) resolve();
            else start();
          };
          document.head.append(script);
        }
      };
      start();
    });
  const render = (query) => {
    list.replaceChildren();
    const results = mierukaSearch(index, query);
    // The sentence from the locale file, with the query as typed: marked Japanese when it is,
    // in a page of another language.
    const [before, after = ""] = box.dataset.count.replace("{count}", results.length).split("{query}");
    const typed = document.createElement("span");
    typed.textContent = query;
    if (/[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]/.test(query)) typed.lang = "ja";
    const searching =
      read < total ? box.dataset.searching.replace("{done}", read).replace("{total}", total) : "";
    status.replaceChildren(before, typed, after, searching);
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
  const show = (query) => {
    current = query;
    box.hidden = false;
    if (mierukaWords(query).length === 0) {
      list.replaceChildren();
      status.textContent = box.dataset.tooShort;
      return;
    }
    // Results again every 50 parts read, and once all are.
    reading ??= readParts(() => {
      if (read < total && read % 50 !== 0) return;
      if (current && mierukaWords(current).length > 0 && (total > MIERUKA_EAGER || read === total)) render(current);
    });
    if (read === total || total > MIERUKA_EAGER) render(query);
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

if (typeof module !== "undefined") module.exports = { mierukaWords, mierukaSearch, mierukaAddText };
