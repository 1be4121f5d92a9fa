// Checks the built sample site the way accessibility auditors do, on every page:
// - axe-core (WCAG 2.0/2.1 A and AA rules) in headless Chromium, in light and dark mode;
// - the Nu Html Checker (vnu) on every HTML file, inline SVG included;
// - a crawl from index.html served under a sub-path on 127.0.0.1 (every page reached, no failed
//   request) and from file:// (every link and asset resolves to a file);
// - reflow at 320 CSS px (no page-level horizontal scrolling).
// A last test injects known violations and shows each check fails on them.
//
// Run: cargo build --release && (cd tests/browser && npm ci && npm test)
// Environment: MIERUKA_BIN (default target/release/mieruka), CHROMIUM (default /usr/bin/chromium).

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../..");
const bin = process.env.MIERUKA_BIN ?? path.join(repo, "target/release/mieruka");
const chromiumPath = process.env.CHROMIUM ?? "/usr/bin/chromium";
const axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const vnuJar = path.join(path.dirname(require.resolve("vnu-jar")), "build/dist/vnu.jar");
const PREFIX = "/kpi/";
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

let tmp, site, server, base, browser;
/** Relative paths of the HTML pages the crawl reached, filled by the first test. */
let crawled = [];

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "mieruka-browser-"));
  site = path.join(tmp, "site");
  execFileSync(bin, ["build", "--root", repo, "--output", site, "--base-url", `https://www.city.example.lg.jp${PREFIX}`], {
    stdio: "inherit",
  });
  server = await serve(site, PREFIX);
  base = `http://127.0.0.1:${server.address().port}${PREFIX}`;
  browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  server?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

test("a crawl from index.html under a sub-path reaches every page, and every page passes axe", async () => {
  const { pages, problems } = await crawl(browser, `${base}index.html`, "light");
  crawled = pages.map((url) => url.slice(base.length));
  assert.deepEqual(problems, []);
  assert.deepEqual([...crawled].sort(), htmlFiles(site).sort(), "every HTML file is linked from the site");
});

test("every page passes axe in dark mode", async () => {
  assert.ok(crawled.length > 0, "runs after the crawl");
  const problems = [];
  const page = await browser.newPage({ colorScheme: "dark" });
  for (const rel of crawled) {
    await page.goto(base + rel);
    problems.push(...(await axe(page)).map((v) => `${rel}: ${v}`));
  }
  await page.close();
  assert.deepEqual(problems, []);
});

test("every page reflows at 320 CSS px without horizontal scrolling", async () => {
  assert.ok(crawled.length > 0, "runs after the crawl");
  const page = await browser.newPage({ viewport: { width: 320, height: 640 } });
  const wide = [];
  for (const rel of crawled) {
    await page.goto(base + rel);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    if (width > 320) wide.push(`${rel}: ${width}px wide`);
  }
  await page.close();
  assert.deepEqual(wide, []);
});

test("every link and asset resolves when the site is opened from disk", async () => {
  assert.deepEqual(brokenFileLinks(site), []);
  const page = await browser.newPage();
  const failed = [];
  page.on("requestfailed", (r) => failed.push(r.url()));
  await page.goto(pathToFileURL(path.join(site, "index.html")).href);
  const styled = await page.evaluate(() => getComputedStyle(document.querySelector(".site-header")).backgroundColor);
  await page.close();
  assert.deepEqual(failed, []);
  assert.notEqual(styled, "rgba(0, 0, 0, 0)", "the stylesheet loads from file://");
});

test("the search finds words that appear only in commentary, from a sub-path and from file://", async () => {
  // Each word is in one KPI's commentary in content/sunagawa/2022.yaml, nowhere else.
  const cases = [
    ["コロナ禍前", "sunagawa/kpi/hs-local-hire-rate/index.html"],
    ["施設移設", "sunagawa/kpi/new-facility-new-hires/index.html"],
    ["実務者研修", "sunagawa/kpi/nursing-trainees/index.html"],
  ];
  const failed = [];
  for (const start of [base, pathToFileURL(site).href + "/"]) {
    // A page of its own per origin: a file:// page does not share the served one's state.
    const page = await browser.newPage();
    page.on("requestfailed", (r) => failed.push(`${r.url()}: ${r.failure()?.errorText}`));
    for (const [word, expected] of cases) {
      // The header's search box on a KPI page, as a reader would use it.
      await page.goto(`${start}ebetsu/kpi/tourist-visitors/index.html`);
      await page.getByLabel("サイト内検索").fill(word);
      await page.getByLabel("サイト内検索").press("Enter");
      await page.waitForSelector("#search-list li a");
      const first = await page.$eval("#search-list li a", (a) => a.href);
      assert.equal(first, start + expected, `${word} from ${start}`);
      const status = await page.$eval("#search-status", (e) => e.textContent);
      assert.match(status, new RegExp(`「${word}」の検索結果：\\d+件`));
      // axe reads stylesheets with requests that file:// refuses: it runs on the served site.
      if (start === base) assert.deepEqual(await axe(page), [], `axe with results for ${word}`);
    }
    await page.close();
  }
  // Searching again on the search page itself, without reloading it.
  const page = await browser.newPage();
  await page.goto(`${base}search/index.html`);
  await page.getByLabel("数値目標・KPI・事業・所見を検索").fill("施設移設");
  await page.getByRole("button", { name: "検索", exact: true }).last().click();
  await page.waitForSelector("#search-list li a");
  assert.equal(await page.$eval("#search-list li a", (a) => a.href), base + cases[1][1]);
  // Latency on this index: the mean of 100 searches for each word, in the page.
  const ms = await page.evaluate((words) => {
    const t0 = performance.now();
    for (let i = 0; i < 100; i++) for (const w of words) mierukaSearch(window.MIERUKA_SEARCH, w);
    return (performance.now() - t0) / (100 * words.length);
  }, cases.map(([w]) => w));
  console.log(`# search latency (sample, ${fs.statSync(path.join(site, "search/index.js")).size} bytes of index): ${ms.toFixed(3)} ms per query`);
  await page.close();
  assert.deepEqual(failed, []);
});

test("without JavaScript the search page lists every KPI", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  // Each edition's search page lists that edition's KPI pages.
  for (const edition of ["", "en/"]) {
    await page.goto(`${base}${edition}search/index.html?q=${encodeURIComponent("施設移設")}`);
    const links = await page.$$eval(".kpi-index a", (els) => els.map((a) => a.href));
    const kpiPages = htmlFiles(site).filter((f) => /\/kpi\/[^/]+\/index\.html$/.test(f) && f.startsWith(edition) && (edition || !f.startsWith("en/")));
    assert.ok(kpiPages.length > 40);
    for (const f of kpiPages) assert.ok(links.includes(base + f), `${f} is listed`);
    assert.ok(await page.$eval("#search-results", (e) => e.hidden), "no empty results box");
  }
  await context.close();
});

test("a published report, its edition and a correction pass axe, the Nu checker and reflow", async () => {
  // The sample has no published year: the basic fixture's 2021 report is published; correct a
  // figure so the edition, the current report and the KPI page show a 訂正履歴.
  const root = path.join(tmp, "corrected-root");
  fs.cpSync(path.join(repo, "tests/fixtures/basic"), root, { recursive: true });
  const year = path.join(root, "content/town/2021.yaml");
  const text = fs.readFileSync(year, "utf8");
  assert.ok(text.includes("published: 2022-09-30") && text.includes("    actual: 36.6\n"));
  fs.writeFileSync(
    year,
    text.replace("    actual: 36.6\n", "    actual: 38.1\n") +
      "corrections:\n  - kpi: hires\n    old: 36.6\n    new: 38.1\n    date: 2023-01-20\n    reason: 集計誤りのため訂正\n",
  );
  const out = path.join(tmp, "corrected");
  execFileSync(bin, ["build", "--root", root, "--output", out, "--base-url", `https://www.city.example.lg.jp${PREFIX}`], {
    stdio: "inherit",
  });
  const srv = await serve(out, PREFIX);
  const at = `http://127.0.0.1:${srv.address().port}${PREFIX}`;
  try {
    const { pages, problems } = await crawl(browser, `${at}index.html`, "light", at);
    const reached = pages.map((url) => url.slice(at.length));
    const kinds = ["town/2021/edition-2022-09-30/index.html", "town/2021/index.html", "town/kpi/hires/index.html"];
    for (const rel of kinds) assert.ok(reached.includes(rel), `${rel} is reached by the crawl`);
    assert.deepEqual(problems, []);
    assert.deepEqual([...reached].sort(), htmlFiles(out).sort(), "every HTML file is linked");
    const dark = await browser.newPage({ colorScheme: "dark" });
    const narrow = await browser.newPage({ viewport: { width: 320, height: 640 } });
    const found = [];
    for (const rel of kinds) {
      await dark.goto(at + rel);
      assert.match(await dark.content(), /訂正履歴/, rel);
      found.push(...(await axe(dark)).map((v) => `${rel} (dark): ${v}`));
      await narrow.goto(at + rel);
      const width = await narrow.evaluate(() => document.documentElement.scrollWidth);
      if (width > 320) found.push(`${rel}: ${width}px wide at 320`);
    }
    await dark.close();
    await narrow.close();
    assert.deepEqual(found, []);
    assert.deepEqual(brokenFileLinks(out), []);
    assert.deepEqual(vnu(htmlFiles(out).map((f) => path.join(out, f))), []);
  } finally {
    srv.close();
  }
});

test("the Nu Html Checker finds no error in any page", () => {
  assert.deepEqual(vnu(htmlFiles(site).map((f) => path.join(site, f))), []);
});

test("fixture reports of other shapes pass axe in both themes, reflow and validate", async () => {
  // The sample publishes no grades and revises no target: the fixtures with assessment axes, a
  // computed scheme, sub-values, 参考値 and revised targets carry what it lacks; `generations`
  // a city through several strategies (notices of ended strategies, the strategy list, series
  // across strategies).
  const problems = [];
  const fixtures = ["assessed", "computed", "breakdown", "reference-values", "revisions", "prefecture", "qualified", "no-project", "indicators-only", "kpi-facts", "named-texts", "budgets", "pending", "reference-period", "running-totals", "generations"];
  for (const name of fixtures) {
    const out = path.join(tmp, name);
    execFileSync(bin, ["build", "--root", path.join(repo, "tests/fixtures", name), "--output", out], { stdio: "ignore" });
    const srv = await serve(out, "/");
    const root = `http://127.0.0.1:${srv.address().port}/`;
    const pages = htmlFiles(out).filter((f) => !f.startsWith("search/"));
    for (const colorScheme of ["light", "dark"]) {
      const page = await browser.newPage({ colorScheme, viewport: { width: 320, height: 640 } });
      for (const rel of pages) {
        await page.goto(root + rel);
        problems.push(...(await axe(page)).map((v) => `${name}/${rel} (${colorScheme}): ${v}`));
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        if (width > 320) problems.push(`${name}/${rel}: ${width}px wide at 320 px`);
      }
      await page.close();
    }
    srv.close();
    problems.push(...vnu(pages.map((f) => path.join(out, f))));
  }
  assert.deepEqual(problems, []);
});

test("at 375 px the year table keeps each KPI's name and verdict on screen", async () => {
  const out = path.join(tmp, "glance");
  execFileSync(bin, ["build", "--root", path.join(repo, "tests/fixtures/assessed"), "--output", out], { stdio: "ignore" });
  const page = await browser.newPage({ viewport: { width: 375, height: 800 } });
  const offscreen = [];
  let checked = 0;
  for (const rel of ["pref/2022/index.html", "pref/index.html", ...["sunagawa/2022/index.html", "ebetsu/index.html"].map((p) => `SITE:${p}`)]) {
    const url = rel.startsWith("SITE:") ? pathToFileURL(path.join(site, rel.slice(5))).href : pathToFileURL(path.join(out, rel)).href;
    await page.goto(url);
    const result = await page.evaluate(() => {
      const bad = [];
      let n = 0;
      for (const table of document.querySelectorAll("table.year-table")) {
        const heads = [...table.querySelectorAll("thead th")].map((th) => th.textContent.trim());
        for (const row of table.querySelectorAll("tbody tr:not(.group)")) {
          const cells = [row.querySelector("th")];
          // The verdict column, when the report has one, sits after 達成率.
          const tds = [...row.querySelectorAll("td")];
          const verdict = heads.length === 6 ? tds[3] : null;
          // Each card line shows its column's name, which the table states once (--l1, …).
          tds.forEach((td, i) => {
            const label = getComputedStyle(td, "::before").content;
            if (td.textContent.trim() && label !== JSON.stringify(heads[i + 1])) bad.push(`${heads[i + 1]} shown as ${label}`);
          });
          if (verdict && verdict.textContent.trim()) cells.push(verdict);
          for (const cell of cells) {
            const r = cell.getBoundingClientRect();
            n += 1;
            if (r.left < 0 || r.right > window.innerWidth + 0.5 || r.width < 6 * 12) bad.push(`${cell.textContent.trim().slice(0, 20)}: ${Math.round(r.left)}–${Math.round(r.right)}`);
          }
        }
      }
      return { bad, n };
    });
    checked += result.n;
    offscreen.push(...result.bad.map((b) => `${rel}: ${b}`));
  }
  await page.close();
  assert.ok(checked > 50, `only ${checked} cells checked`);
  assert.deepEqual(offscreen, []);
});

test("at 375 px chart text is at least 12 CSS px", async () => {
  const page = await browser.newPage({ viewport: { width: 375, height: 800 } });
  const small = [];
  let checked = 0;
  for (const rel of ["sunagawa/kpi/hs-local-hire-rate/index.html", "sunagawa/goal/goal-1/index.html", "ebetsu/kpi/tourist-visitors/index.html"]) {
    await page.goto(base + rel);
    // The rendered size: the text's font size in the drawing times the drawing's scale. Inline
    // charts are measured in place; a chart shown from its file with <img> by the file's font
    // sizes times the image's width over the drawing's.
    const inline = await page.$$eval("svg.chart text", (ts) => ts.filter((t) => t.textContent.trim()).map((t) => [t.textContent.trim(), parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a]));
    const images = await page.$$eval("img.chart", (imgs) => Promise.all(imgs.map(async (img) => {
      const svg = new DOMParser().parseFromString(await (await fetch(img.src)).text(), "image/svg+xml").documentElement;
      const scale = img.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      // A label's size is its own or, stated once for every label, its group's.
      return [...svg.querySelectorAll("text")].filter((t) => t.textContent.trim()).map((t) => [t.textContent.trim(), parseFloat(t.closest("[font-size]").getAttribute("font-size")) * scale]);
    })));
    assert.ok(images.length > 0, `${rel}: no chart image`);
    const sizes = inline.concat(...images);
    checked += sizes.length;
    small.push(...sizes.filter(([, h]) => h < 12).map(([t, h]) => `${rel}: ${t} ${h.toFixed(1)}px`));
  }
  await page.close();
  assert.ok(checked > 30, `only ${checked} labels checked`);
  assert.deepEqual(small, []);
});

test("the year table filters by goal and verdict and sorts by 達成率, and passes axe", async () => {
  const out = path.join(tmp, "filter");
  execFileSync(bin, ["build", "--root", path.join(repo, "tests/fixtures/assessed"), "--output", out], { stdio: "ignore" });
  const srv = await serve(out, "/");
  const root = `http://127.0.0.1:${srv.address().port}/`;
  const page = await browser.newPage();
  await page.goto(`${root}pref/2022/index.html`);
  const shown = () => page.$$eval("table.year-table tbody tr[data-goal]", (rs) => rs.filter((r) => !r.hidden).map((r) => r.querySelector("th").textContent.trim()));
  const all = await shown();
  assert.equal(all.length, 4);
  assert.match(await page.textContent(".table-filter [role=status]"), /4件中4件を表示/);
  // The headline verdict: 進捗区分 C only.
  await page.selectOption(`#yt-2022-verdict`, "C");
  assert.deepEqual(await shown(), ["宿泊者数"]);
  assert.match(await page.textContent(".table-filter [role=status]"), /4件中1件を表示/);
  await page.selectOption(`#yt-2022-verdict`, "");
  // Highest 達成率 first: the report's 129.0, then 90.0 (9,900 of 11,000), then 80.0; a KPI
  // without a 達成率 last.
  await page.selectOption(`#yt-2022-order`, "rate-desc");
  assert.deepEqual(await shown(), ["観光入込客数", "県内就業者数 数値目標", "宿泊者数", "イベント開催数"]);
  await page.selectOption(`#yt-2022-order`, "");
  assert.deepEqual(await shown(), all, "back in goal order");
  assert.deepEqual(await axe(page), []);
  await page.close();
  srv.close();
});

test("the English edition: reached from en/index.html, passes axe, and shows no Japanese interface text, scripts included", async () => {
  const en = `${base}en/`;
  const { pages, problems } = await crawl(browser, `${en}index.html`, "light");
  const reached = pages.filter((u) => u.startsWith(en)).map((u) => u.slice(base.length));
  const built = htmlFiles(site).filter((f) => f.startsWith("en/"));
  assert.deepEqual([...reached].sort(), built.sort(), "every page of the English edition is reached");
  assert.deepEqual(problems, []);
  // Japanese text the reader meets outside an element marked lang="ja": the page as rendered,
  // after its scripts ran (the year table's controls, search results and their status).
  const unmarked = (page) =>
    page.evaluate(() => {
      const japanese = /[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]/;
      const found = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement;
        if (el.closest("script, style") || el.closest("[lang]")?.lang.startsWith("ja")) continue;
        if (japanese.test(n.textContent)) found.push(n.textContent.trim());
      }
      for (const el of document.body.querySelectorAll("[aria-label], option, label")) {
        const text = el.getAttribute("aria-label") ?? el.textContent;
        if (japanese.test(text) && !el.closest("[lang]")?.lang.startsWith("ja")) found.push(text);
      }
      return found;
    });
  const page = await browser.newPage();
  const found = [];
  for (const rel of built) {
    await page.goto(`${base}${rel}`);
    found.push(...(await unmarked(page)).map((t) => `${rel}: ${t}`));
  }
  // The year table's controls exist (the script ran) and speak English.
  await page.goto(`${en}sunagawa/2022/index.html`);
  assert.match(await page.textContent(".table-filter [role=status]"), /^Showing \d+ of \d+$/);
  // A search from an English page's header finds the English KPI page.
  await page.getByLabel("Search this site").fill("施設移設");
  await page.getByLabel("Search this site").press("Enter");
  await page.waitForSelector("#search-list li a");
  assert.equal(await page.$eval("#search-list li a", (a) => a.href), `${en}sunagawa/kpi/new-facility-new-hires/index.html`);
  assert.match(await page.textContent("#search-status"), /^Results for “施設移設”: \d+$/);
  found.push(...(await unmarked(page)).map((t) => `en/search/index.html?q=施設移設: ${t}`));
  assert.deepEqual(await axe(page), [], "axe with results");
  // The scan sees interface text: the Japanese page, marked English, is full of it.
  await page.goto(`${base}sunagawa/2022/index.html`);
  await page.evaluate(() => (document.documentElement.lang = "en"));
  assert.ok((await unmarked(page)).length > 20, "the scan finds Japanese interface text");
  await page.close();
  assert.deepEqual(found, []);
});

test("the checks fail on known violations", async () => {
  const broken = path.join(tmp, "broken");
  fs.mkdirSync(path.join(broken, "assets"), { recursive: true });
  fs.copyFileSync(path.join(site, "assets/style.css"), path.join(broken, "assets/style.css"));
  const html = fs
    .readFileSync(path.join(site, "index.html"), "utf8")
    .replace(
      "</main>",
      '<img src="missing.png"><p style="color:#bbb;background:#fff">読みにくい文字</p><div><span></div></main>',
    );
  fs.writeFileSync(path.join(broken, "index.html"), html);

  const page = await browser.newPage();
  await page.goto(pathToFileURL(path.join(broken, "index.html")).href);
  const violations = await axe(page);
  await page.close();
  assert.ok(violations.some((v) => v.startsWith("image-alt")), violations.join("\n"));
  assert.ok(violations.some((v) => v.startsWith("color-contrast")), violations.join("\n"));
  assert.ok(vnu([path.join(broken, "index.html")]).length > 0, "vnu reports the stray </div>");
  assert.ok(brokenFileLinks(broken).some((l) => l.includes("missing.png")), "the link check reports missing.png");
});

/** Visits every page reachable from `start` on the same sub-path (`root`, the served site's
 * base); returns pages and problems. */
async function crawl(browser, start, colorScheme, root = base) {
  const page = await browser.newPage({ colorScheme });
  const failures = [];
  page.on("requestfailed", (r) => failures.push(`request failed: ${r.url()}`));
  page.on("response", (r) => r.status() >= 400 && failures.push(`${r.status()}: ${r.url()}`));
  const seen = new Set([start]);
  const queue = [start];
  const pages = [];
  const problems = [];
  while (queue.length > 0) {
    const url = queue.shift();
    const response = await page.goto(url);
    if (!response?.ok()) {
      problems.push(`${url}: ${response?.status()}`);
      continue;
    }
    pages.push(url);
    problems.push(...(await axe(page)).map((v) => `${url.slice(root.length)}: ${v}`));
    // The canonical link is the page's published address (the base URL), not a link to follow.
    const canonical = await page.$$eval('link[rel="canonical"]', (els) => els.map((e) => e.href));
    const expected = `https://www.city.example.lg.jp${PREFIX}${url.slice(root.length)}`;
    if (canonical.length !== 1 || canonical[0] !== expected) problems.push(`${url}: canonical ${canonical} is not ${expected}`);
    const links = await page.$$eval('a[href], link[href]:not([rel="canonical"])', (els) => els.map((e) => e.href));
    for (const link of links) {
      const target = link.split("#")[0];
      if (target.startsWith(root) && target.endsWith(".html") && !seen.has(target)) {
        seen.add(target);
        queue.push(target);
      } else if (!target.startsWith(root) && target.startsWith("http")) {
        problems.push(`${url}: link outside the site: ${link}`);
      }
    }
  }
  await page.close();
  return { pages, problems: problems.concat(failures) };
}

/** axe-core's WCAG A/AA violations on the open page, as `rule: help (targets)` lines. */
async function axe(page) {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async (tags) => {
    const result = await window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
  }, AXE_TAGS);
}

/** The Nu Html Checker's errors for some files, as `file:line: message` lines. */
function vnu(files) {
  const run = spawnSync("java", ["-jar", vnuJar, "--errors-only", "--format", "json", ...files], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.error) throw run.error;
  const { messages } = JSON.parse(run.stderr || run.stdout);
  return messages
    .filter((m) => m.type === "error" || m.subType === "fatal")
    .map((m) => `${decodeURIComponent(m.url ?? "").replace(/^file:/, "")}:${m.lastLine}: ${m.message}`);
}

/** Links (href, src) in the site's HTML that do not resolve to a file on disk. */
function brokenFileLinks(dir) {
  const broken = [];
  for (const rel of htmlFiles(dir)) {
    const file = path.join(dir, rel);
    const html = fs.readFileSync(file, "utf8");
    for (const [, link] of html.matchAll(/\s(?:href|src)="([^"]*)"/g)) {
      if (/^(https?:|mailto:|#)/.test(link)) continue;
      const target = path.resolve(path.dirname(file), decodeURIComponent(link.split("#")[0]));
      if (!fs.existsSync(target) || !fs.statSync(target).isFile()) broken.push(`${rel}: ${link}`);
    }
  }
  return broken;
}

/** Every HTML file under `dir`, relative, with forward slashes. */
function htmlFiles(dir) {
  return fs
    .readdirSync(dir, { recursive: true })
    .filter((f) => f.endsWith(".html"))
    .map((f) => f.split(path.sep).join("/"));
}

/** Serves `dir` under `prefix` on 127.0.0.1 with an ephemeral port; nothing outside it. */
function serve(dir, prefix) {
  const types = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".csv": "text/csv", ".json": "application/json", ".svg": "image/svg+xml" };
  const root = path.resolve(dir);
  const srv = http.createServer((req, res) => {
    const url = new URL(req.url, "http://127.0.0.1");
    const rel = decodeURIComponent(url.pathname);
    const file = path.resolve(root, "." + rel.slice(prefix.length - 1));
    if (!rel.startsWith(prefix) || !file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end("not found");
      return;
    }
    res.writeHead(200, { "content-type": types[path.extname(file)] ?? "application/octet-stream" });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => srv.listen(0, "127.0.0.1", () => resolve(srv)));
}
