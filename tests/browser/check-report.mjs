// Loads an mtlint HTML report in headless Chromium (Debian's, via playwright-core)
// and checks it against the JSON findings of the same inputs:
//   - no console error, no page error, no request leaving the file;
//   - each article's text is the input text, exactly;
//   - every finding is marked at its exact span (its pieces cover exactly its
//     text), visibly (a box and a background), and nothing else is marked;
//   - focusing a mark shows its message in the tooltip and activates its list item.
// Optionally writes a screenshot with one finding focused.
//
// usage: node check-report.mjs REPORT.html FINDINGS.json [SCREENSHOT.png FOCUS-ID]
// Run from the folder the JSON paths are relative to. Exit 0 when all hold.
import { chromium } from "playwright-core";
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";

const [reportPath, findingsPath, screenshotPath, focusId] = process.argv.slice(2);
if (!reportPath || !findingsPath) {
  console.error("usage: node check-report.mjs REPORT.html FINDINGS.json [SCREENSHOT.png FOCUS-ID]");
  process.exit(2);
}
const CHROMIUM_FLAGS = [
  "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];
const expected = JSON.parse(readFileSync(findingsPath, "utf8"));
const failures = [];
const fail = (msg) => failures.push(msg);

// UTF-16 offset of a UTF-8 byte offset in `text`.
function utf16At(text, byteOffset) {
  return Buffer.from(text, "utf8").subarray(0, byteOffset).toString("utf8").length;
}

// In the page: every text node of the article's text, and where each mark's pieces lie.
function measureArticle(index) {
  const details = document.getElementById("a-" + index);
  if (details) details.open = true;
  const root = document.getElementById("t-" + index);
  if (!root) return null;
  const pieces = {};
  let offset = 0;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  const open = new Map(); // mark element -> start offset
  const finish = (el) => {
    (pieces[el.dataset.f] ||= []).push([open.get(el), offset]);
    open.delete(el);
  };
  // Depth-first walk; a mark ends when the walk leaves it.
  const stack = [];
  for (let node = walker.currentNode; node; node = walker.nextNode()) {
    while (stack.length && !stack[stack.length - 1].contains(node)) finish(stack.pop());
    if (node.nodeType === Node.TEXT_NODE) offset += node.data.length;
    else if (node !== root && node.matches("mark.m")) { open.set(node, offset); stack.push(node); }
  }
  while (stack.length) finish(stack.pop());
  const primaries = {};
  for (const mark of root.querySelectorAll("mark.m:not(.cont)")) {
    const box = mark.getBoundingClientRect();
    const style = getComputedStyle(mark);
    primaries[mark.id] = {
      box: box.width > 0 && box.height > 0,
      background: style.backgroundColor !== "rgba(0, 0, 0, 0)" && style.backgroundColor !== "transparent",
      underline: style.textDecorationLine.includes("underline"),
      focusable: mark.tabIndex === 0,
      described: !!document.getElementById(mark.getAttribute("aria-describedby")),
    };
  }
  return { text: root.textContent, pieces, primaries };
}

function checkArticle(index, file, measured) {
  const name = `${file.path} (article ${index})`;
  if (!measured) return fail(`${name}: no text element t-${index}`);
  const text = readFileSync(file.path, "utf8").replace(/\r\n?/g, "\n");
  if (measured.text !== text) fail(`${name}: the page text differs from the input text`);
  const expectedIds = new Set();
  file.findings.forEach((f, k) => {
    const id = `f-${index}-${k + 1}`;
    expectedIds.add(id);
    const [start, end] = [utf16At(text, f.start), utf16At(text, f.end)];
    const parts = (measured.pieces[id] || []).sort((a, b) => a[0] - b[0]);
    const covered = parts.map(([s, e]) => text.slice(s, e)).join("");
    const contiguous = parts.every((p, i) => i === 0 || p[0] === parts[i - 1][1]);
    const where = parts.length ? [parts[0][0], parts[parts.length - 1][1]] : null;
    if (!where || where[0] !== start || where[1] !== end || !contiguous || covered !== f.text) {
      fail(`${name}: ${f.rule} should mark ${JSON.stringify(f.text)} at ${start}..${end}, ` +
        `marks ${JSON.stringify(covered)} at ${JSON.stringify(parts)}`);
    }
    const p = measured.primaries[id];
    if (!p) return fail(`${name}: ${f.rule}: no focusable mark ${id}`);
    const nonEmpty = f.start !== f.end;
    if (!p.focusable || !p.described || (nonEmpty && !(p.box && p.background && p.underline))) {
      fail(`${name}: ${f.rule}: mark ${id} not visible or not accessible: ${JSON.stringify(p)}`);
    }
  });
  for (const id of Object.keys(measured.pieces)) {
    if (!expectedIds.has(id)) fail(`${name}: unexpected mark ${id}`);
  }
}

async function checkFocus(page, id, message) {
  await page.focus("#" + id);
  const tip = await page.evaluate((id) => {
    const tip = document.getElementById("tip");
    const mark = document.getElementById(id);
    const item = document.getElementById(mark.getAttribute("aria-describedby"));
    return { hidden: tip.hidden, text: tip.textContent, active: item.classList.contains("active") };
  }, id);
  if (tip.hidden || !tip.text.includes(message) || !tip.active) {
    fail(`focusing ${id} should show ${JSON.stringify(message)}: ${JSON.stringify(tip)}`);
  }
}

const browser = await chromium.launch({
  executablePath: process.env.MTLINT_CHROMIUM || "/usr/bin/chromium",
  args: CHROMIUM_FLAGS,
});
try {
  const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") fail(`console ${m.type()}: ${m.text()}`); });
  page.on("pageerror", (e) => fail(`page error: ${e.message}`));
  page.on("request", (r) => { if (!r.url().startsWith("file:")) fail(`external request: ${r.url()}`); });
  const started = Date.now();
  await page.goto(pathToFileURL(resolve(reportPath)).href, { waitUntil: "load" });
  const loadMs = Date.now() - started;
  let marks = 0;
  for (const [i, file] of expected.files.entries()) {
    const measured = await page.evaluate(measureArticle, i + 1);
    checkArticle(i + 1, file, measured);
    marks += file.findings.length;
  }
  const first = expected.files.findIndex((f) => f.findings.length > 0);
  if (first >= 0) await checkFocus(page, `f-${first + 1}-1`, expected.files[first].findings[0].message);
  if (screenshotPath && focusId) {
    await page.evaluate(() => document.querySelectorAll("details.article").forEach((d) => { d.open = false; }));
    await page.evaluate((id) => { location.hash = id; }, focusId);
    await page.focus("#" + focusId);
    await page.evaluate((id) => document.getElementById(id).closest("details").scrollIntoView({ block: "start" }), focusId);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await page.focus("#" + focusId);
    await page.screenshot({ path: screenshotPath });
  }
  console.log(`${expected.files.length} articles, ${marks} findings checked; load ${loadMs} ms; ${failures.length} failures`);
} finally {
  await browser.close();
}
if (failures.length) {
  for (const f of failures) console.error("FAIL " + f);
  process.exit(1);
}
