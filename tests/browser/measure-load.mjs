// Times how long headless Chromium takes to load an mtlint report and to open
// one article: node measure-load.mjs REPORT.html [RUNS]. Prints milliseconds.
import { chromium } from "playwright-core";
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";

const [reportPath, runsArg] = process.argv.slice(2);
const runs = Number(runsArg || 3);
const browser = await chromium.launch({
  executablePath: process.env.MTLINT_CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const url = pathToFileURL(resolve(reportPath)).href;
const rows = [];
for (let i = 0; i < runs; i++) {
  const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  const t0 = Date.now();
  await page.goto(url, { waitUntil: "load" });
  const wall = Date.now() - t0;
  const nav = await page.evaluate(() => {
    const n = performance.getEntriesByType("navigation")[0];
    return { dcl: Math.round(n.domContentLoadedEventEnd), load: Math.round(n.loadEventEnd) };
  });
  // Open the last article and wait for it to be painted.
  const t1 = Date.now();
  await page.evaluate(() => {
    const all = document.querySelectorAll("details.article");
    const last = all[all.length - 1];
    last.open = true;
    last.scrollIntoView();
    return new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  });
  const open = Date.now() - t1;
  const counts = await page.evaluate(() => ({
    articles: document.querySelectorAll("details.article").length,
    marks: document.querySelectorAll("mark.m:not(.cont)").length,
  }));
  rows.push({ wall, ...nav, open, ...counts, errors: errors.length });
  await page.close();
}
await browser.close();
for (const r of rows) {
  console.log(`load ${r.wall} ms (DOMContentLoaded ${r.dcl} ms, load event ${r.load} ms); ` +
    `open last article ${r.open} ms; ${r.articles} articles, ${r.marks} marks, ${r.errors} page errors`);
}
