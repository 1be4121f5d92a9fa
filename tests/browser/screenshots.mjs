// Screenshots of the pages a resident reads, at 375 and 1280 CSS px, light and dark, for review
// (issue 12). Not a test and not committed output: run it and look at the PNGs.
//
//   cargo run --release -- build --output /dev/shm/site
//   (cd tests/browser && npm ci && node screenshots.mjs /dev/shm/site /dev/shm/shots)
//
// Debian's Chromium (Playwright cannot download browsers here).
import { chromium } from "playwright-core";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [site, out = "/dev/shm/mieruka-screenshots"] = process.argv.slice(2);
if (!site) {
  console.error("usage: node screenshots.mjs SITE_DIR [OUT_DIR]");
  process.exit(2);
}
const pages = {
  overview: "sunagawa/index.html",
  goal: "sunagawa/goal/goal-1/index.html",
  kpi: "sunagawa/kpi/hs-local-hire-rate/index.html",
  year: "sunagawa/2022/index.html",
};
fs.mkdirSync(out, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
for (const width of [375, 1280]) {
  for (const colorScheme of ["light", "dark"]) {
    const page = await browser.newPage({ viewport: { width, height: 900 }, colorScheme });
    for (const [name, rel] of Object.entries(pages)) {
      await page.goto(pathToFileURL(path.join(site, rel)).href);
      const file = path.join(out, `${name}-${width}-${colorScheme}.png`);
      await page.screenshot({ path: file, fullPage: true });
      console.log(file);
    }
    await page.close();
  }
}
await browser.close();
