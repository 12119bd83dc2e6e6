// Drives the editor page in Debian's chromium: fixes the known misalignment of the
// inserted-sentence article with the keyboard, confirms, realigns, reloads, and writes the README
// screenshots. Run by tests/editor_browser.rs as: node edit.cjs URL SCREENSHOT_DIR
// with PLAYWRIGHT_DIR naming the folder where playwright-core is installed.
"use strict";
const path = require("path");
const fs = require("fs");
const os = require("os");
const { chromium } = require(path.join(process.env.PLAYWRIGHT_DIR, "node_modules", "playwright-core"));

const [url, shots] = process.argv.slice(2);

function fail(message) {
  console.error("FAIL: " + message);
  process.exit(1);
}

async function beads(page) {
  return page.$$eval("#beads tbody tr", (rows) =>
    rows.map((r) => ({ s: r.dataset.source, t: r.dataset.target, c: r.classList.contains("confirmed") })),
  );
}

// A bead as the rows show it: "[1]:[1, 2]".
function text(b) {
  const list = (r) => {
    const [a, z] = r.split("-").map(Number);
    return Array.from({ length: z - a }, (_, i) => a + i).join(", ");
  };
  return "[" + list(b.s) + "]:[" + list(b.t) + "]";
}

(async () => {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "tmforge-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
    viewport: { width: 1500, height: 900 },
  });
  const page = context.pages()[0] || (await context.newPage());
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push("console: " + m.text()); });
  page.on("pageerror", (e) => errors.push("page error: " + e.message));
  page.on("response", (r) => { if (r.status() >= 400) errors.push(r.status() + " " + r.url()); });

  await page.goto(url);
  if (page.url().includes("token=")) fail("the token stayed in the address: " + page.url());
  await page.waitForSelector("#beads tbody tr");
  const before = (await beads(page)).map(text);
  console.log("automatic: " + before.join(" "));
  if (before.slice(0, 4).join(" ") === "[0]:[0] [1]:[1] [2]:[2] []:[3]") {
    fail("the automatic alignment is already right; the test needs a known error");
  }
  await page.screenshot({ path: path.join(shots, "editor-before.png") });

  // The aligner left English sentence 1 alone ([]:[1]) and shifted every pair after it.
  const press = async (...keys) => { for (const k of keys) await page.keyboard.press(k); };
  const settled = async () => page.waitForFunction((v) => Number(document.body.dataset.version) > v,
    Number(await page.evaluate(() => document.body.dataset.version)));
  const act = async (...keys) => {
    const wait = settled();
    await press(...keys);
    await wait;
  };
  await press("j");                         // bead 2: []:[1]
  await act("m");                           // join with the next: [1]:[1, 2]
  await press("Tab", "Tab", "Tab");         // choose English sentence 2
  await act("]");                           // move it down: [1]:[1] and [2]:[2, 3]; the
  await press("Tab");                       // choice follows it; English sentence 3
  await act("x");                           // no counterpart: [2]:[2] and []:[3]
  await press("k", "k");                    // back to the headline
  await act("Enter");                       // confirm it
  await act("r");                           // realign the rest around the confirmed beads
  const fixed = await beads(page);
  const got = fixed.map(text).join(" ");
  console.log("fixed:     " + got);
  const gold = fs.readFileSync(process.env.GOLD, "utf8").trim().split("\n").join(" ");
  if (got !== gold) fail("after the fix and realign: " + got + "\n  expected " + gold);
  if (fixed.slice(0, 4).some((b) => !b.c)) fail("the first four beads are not all confirmed");
  await page.click('tr[data-bead="5"] td:nth-child(2)');
  await page.screenshot({ path: path.join(shots, "editor.png") });

  await page.reload();
  await page.waitForSelector("#beads tbody tr");
  const again = (await beads(page)).map(text).join(" ");
  if (again !== gold) fail("after a reload: " + again);
  const confirmed = await page.$eval("#counts", (p) => Number(p.dataset.confirmed));
  if (confirmed !== 4) fail("after a reload " + confirmed + " beads are confirmed, not 4");

  await context.close();
  if (errors.length) fail("errors while the page was open:\n  " + errors.join("\n  "));
  console.log("ok");
})().catch((e) => fail(e.stack || String(e)));
