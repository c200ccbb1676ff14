// Drives the `mtlint serve` editor page in headless Chromium (Debian's, via playwright-core):
//   - the page loads with no console error and makes no request outside the server;
//   - text typed into the editor is checked as one types: every finding of
//     `mtlint check --format json` on the same text is highlighted at exactly its
//     words (UTF-16 offsets, so emoji and accents before them count right), and the
//     highlight layer lays out the text exactly as the editor does;
//   - the side list shows each finding; the caret on a finding activates its entry;
//   - clicking a suggestion replaces only that finding's text, and the text is re-checked;
//     undo takes it back and redo applies it again;
//   - a long text scrolls the highlights with the editor;
//   - "Copy corrected text" puts the editor's text on the clipboard; the score is shown.
//
// usage: node check-serve.mjs URL TEXT.txt FINDINGS.json APPLY-RULE [SCREENSHOT.png]
import { chromium } from "playwright-core";
import { readFileSync } from "node:fs";

const [url, textPath, findingsPath, applyRule, screenshotPath] = process.argv.slice(2);
if (!url || !textPath || !findingsPath || !applyRule) {
  console.error("usage: node check-serve.mjs URL TEXT.txt FINDINGS.json APPLY-RULE [SCREENSHOT.png]");
  process.exit(2);
}
const CHROMIUM_FLAGS = [
  "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];
const text = readFileSync(textPath, "utf8");
const expected = JSON.parse(readFileSync(findingsPath, "utf8")).files[0].findings;
const failures = [];
const fail = (msg) => failures.push(msg);
const utf16At = (s, byteOffset) => Buffer.from(s, "utf8").subarray(0, byteOffset).toString("utf8").length;

// In the page: where each finding's marks lie in the mirror's text, and layout facts.
function measure() {
  const mirror = document.getElementById("mirror");
  const ed = document.getElementById("ed");
  const pieces = {};
  let offset = 0;
  let firstMark = null;
  for (const node of mirror.childNodes) {
    const len = node.textContent.length;
    if (node.nodeType === Node.ELEMENT_NODE && node.matches("mark")) {
      for (const n of node.dataset.f.split(" ")) (pieces[n] ||= []).push([offset, offset + len, node.textContent]);
      if (!firstMark && len) {
        const r = node.getBoundingClientRect();
        firstMark = { x: r.x, y: r.y, w: r.width, h: r.height, bg: getComputedStyle(node).backgroundColor };
      }
    }
    offset += len;
  }
  const styles = (el) => {
    const s = getComputedStyle(el);
    return ["fontFamily", "fontSize", "lineHeight", "paddingLeft", "paddingTop", "borderLeftWidth", "whiteSpace", "overflowWrap", "letterSpacing"]
      .map((k) => s[k]).join("|");
  };
  const box = ed.getBoundingClientRect();
  return {
    mirrorText: mirror.textContent.replace(/\u200b$/, ""),
    value: ed.value,
    pieces,
    firstMark,
    editor: { x: box.x, y: box.y, w: box.width, h: box.height },
    sameStyles: styles(ed) === styles(mirror),
    styles: [styles(ed), styles(mirror)],
    widths: [ed.clientWidth, mirror.clientWidth],
    heights: [ed.scrollHeight, mirror.scrollHeight],
    items: [...document.querySelectorAll("#list li")].map((li) => li.querySelector(".rule").textContent),
    status: document.getElementById("status").textContent,
    score: document.getElementById("score").textContent,
  };
}

async function settled(page, wantValue) {
  await page.waitForFunction((want) => {
    const ed = document.getElementById("ed");
    const mirror = document.getElementById("mirror");
    return ed.value === want && document.getElementById("status").textContent.startsWith("Checked")
      && mirror.textContent.replace(/\u200b$/, "") === want;
  }, wantValue, { timeout: 20000 });
  return page.evaluate(measure);
}

function checkMarks(m, currentText, findings) {
  if (m.mirrorText !== m.value) fail("the highlight layer's text differs from the editor's");
  if (!m.sameStyles) fail(`editor and highlight layer are styled differently: ${JSON.stringify(m.styles)}`);
  if (m.widths[0] !== m.widths[1] || m.heights[0] !== m.heights[1]) {
    fail(`editor and highlight layer lay out differently: widths ${m.widths}, heights ${m.heights}`);
  }
  if (m.items.length !== findings.length) fail(`list has ${m.items.length} entries, expected ${findings.length}`);
  findings.forEach((f, n) => {
    const [start, end] = [utf16At(currentText, f.start), utf16At(currentText, f.end)];
    const pieces = (m.pieces[String(n)] || []).sort((a, b) => a[0] - b[0]);
    const covered = pieces.map((p) => p[2]).join("");
    const contiguous = pieces.every((p, i) => i === 0 || p[0] === pieces[i - 1][1]);
    const at = pieces.length ? [pieces[0][0], pieces[pieces.length - 1][1]] : [];
    if (start === end) return; // an insertion point has no text to cover
    if (!contiguous || at[0] !== start || at[1] !== end || covered !== f.text) {
      fail(`${f.rule}: expected "${f.text}" at ${start}..${end}, marked ${JSON.stringify(pieces)}`);
    }
    if (!m.items[n] || !m.items[n].startsWith(f.rule)) fail(`list entry ${n} is ${m.items[n]}, expected ${f.rule}`);
  });
  const mark = m.firstMark;
  if (!mark || mark.w <= 0 || mark.bg === "rgba(0, 0, 0, 0)") fail(`first mark is not visible: ${JSON.stringify(mark)}`);
  else if (mark.x < m.editor.x || mark.y < m.editor.y || mark.x + mark.w > m.editor.x + m.editor.w) {
    fail(`first mark lies outside the editor: ${JSON.stringify(mark)} vs ${JSON.stringify(m.editor)}`);
  }
  if (!/^Score \d+\.\d\d · (pass|fail)/.test(m.score)) fail(`score not shown: ${m.score}`);
}

const browser = await chromium.launch({
  executablePath: process.env.MTLINT_CHROMIUM || "/usr/bin/chromium",
  args: CHROMIUM_FLAGS,
});
try {
  const origin = new URL(url).origin;
  const context = await browser.newContext({ viewport: { width: 1360, height: 820 } });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin });
  const page = await context.newPage();
  page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") fail(`console ${m.type()}: ${m.text()}`); });
  page.on("pageerror", (e) => fail(`page error: ${e.message}`));
  page.on("request", (r) => { if (!r.url().startsWith(origin + "/")) fail(`request outside the server: ${r.url()}`); });
  await page.goto(url, { waitUntil: "load" });

  // Type the text as a person would (one key at a time), then let the debounced check land.
  await page.click("#ed");
  const started = Date.now();
  await page.keyboard.type(text, { delay: 2 });
  const typedMs = Date.now() - started;
  const before = await settled(page, text);
  checkMarks(before, text, expected);

  // The caret inside a finding activates its list entry.
  const target = expected.findIndex((f) => f.rule === applyRule);
  if (target < 0) throw new Error(`no ${applyRule} finding in the text`);
  const f = expected[target];
  const [start, end] = [utf16At(text, f.start), utf16At(text, f.end)];
  await page.evaluate((at) => { const ed = document.getElementById("ed"); ed.focus(); ed.setSelectionRange(at, at); }, start + 1);
  await page.keyboard.press("ArrowRight");
  const active = await page.evaluate(() => document.querySelector("#list li.active .rule")?.textContent || "");
  if (!active.startsWith(applyRule)) fail(`caret in "${f.text}" should activate its entry, got "${active}"`);
  if (screenshotPath) await page.screenshot({ path: screenshotPath });

  // One click applies the first suggestion, inside the span only; then the text is re-checked.
  const replacement = f.suggestions[0];
  const after = text.slice(0, start) + replacement + text.slice(end);
  await page.click(`#list li[data-f="${target}"] button.apply`);
  const applied = await settled(page, after);
  if (applied.items.some((r) => r.startsWith(applyRule) && r.endsWith(f.text))) fail(`${applyRule} still listed after applying`);
  if (applied.items.length !== expected.length - 1) fail(`after applying: ${applied.items.length} entries, expected ${expected.length - 1}`);
  const remaining = expected.filter((_, n) => n !== target).map((x) => {
    const shift = Buffer.byteLength(replacement) - (f.end - f.start);
    return x.start >= f.end ? { ...x, start: x.start + shift, end: x.end + shift } : x;
  });
  checkMarks(applied, after, remaining);

  // The applied suggestion is one edit in the browser's undo history.
  await page.focus("#ed");
  await page.keyboard.press("Control+z");
  await settled(page, text);
  await page.keyboard.press("Control+Shift+z");
  await settled(page, after);

  // The copy button copies the corrected text.
  await page.click("#copy");
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  if (copied !== after) fail(`clipboard holds ${JSON.stringify(copied.slice(0, 60))}…, not the corrected text`);

  // A long paste scrolls: the highlight layer must scroll with the editor.
  const long = Array.from({ length: 40 }, () => after).join("\n");
  await page.fill("#ed", long);
  await settled(page, long);
  const scroll = await page.evaluate(() => {
    const ed = document.getElementById("ed");
    ed.scrollTop = ed.scrollHeight;
    ed.dispatchEvent(new Event("scroll"));
    const mirror = document.getElementById("mirror");
    return { ed: ed.scrollTop, mirror: mirror.scrollTop, heights: [ed.scrollHeight, mirror.scrollHeight] };
  });
  if (scroll.ed === 0 || scroll.ed !== scroll.mirror || scroll.heights[0] !== scroll.heights[1]) {
    fail(`highlights do not follow the editor's scrolling: ${JSON.stringify(scroll)}`);
  }
  console.log(`${expected.length} findings highlighted after typing ${text.length} characters in ${typedMs} ms; applied ${applyRule}; ${failures.length} failures`);
} finally {
  await browser.close();
}
if (failures.length) {
  for (const f of failures) console.error("FAIL " + f);
  process.exit(1);
}
