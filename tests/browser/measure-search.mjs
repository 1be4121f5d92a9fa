// Measures the search on built sites: node measure-search.mjs SITE_DIR...  (CHROMIUM as in site.test.mjs)
// Prints, per site, the time from opening search/index.html?q=… from file:// to the first result
// (median of 5) and the mean time of one search in the page (300 searches).
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
const b = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
const p = await b.newPage();
const words = ["コロナ禍前", "施設移設", "実務者研修"];
for (const site of process.argv.slice(2)) {
  const loads = [];
  for (let i = 0; i < 5; i++) {
    const t0 = Date.now();
    await p.goto(`${pathToFileURL(path.resolve(site)).href}/search/index.html?q=${encodeURIComponent(words[i % 3])}`);
    await p.waitForSelector("#search-list li a");
    loads.push(Date.now() - t0);
  }
  const ms = await p.evaluate((ws) => { const t0 = performance.now(); for (let i = 0; i < 100; i++) for (const w of ws) mierukaSearch(window.MIERUKA_SEARCH, w); return (performance.now() - t0) / 300; }, words);
  loads.sort((a, b) => a - b);
  console.log(site, "page load to first results (median of 5):", loads[2], "ms; search:", ms.toFixed(3), "ms/query");
}
await b.close();
