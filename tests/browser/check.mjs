// Check web pages as a reader's browser shows them: Debian's Chromium, driven by puppeteer-core
// (which downloads no browser), runs axe-core for WCAG 2.2 A and AA on each page, takes a
// screenshot, and plays the keyboard test: Tab to a transcript heading's time link, press Enter,
// and read where the page's player is.
//
//   node check.mjs '{"pages": [{"name": "index", "url": "http://127.0.0.1:8123/index.html"}],
//                    "keyboard": {"url": "...", "heading": "Hours"}, "screenshots": "/tmp/x"}'
//
// Prints one JSON object: {"pages": {name: {violations, incomplete}}, "keyboard": {...}}.
import { readFileSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import puppeteer from "puppeteer-core";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const options = JSON.parse(process.argv[2]);
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];

const profile = mkdtempSync(join(tmpdir(), "audionews-chromium-"));
const browser = await puppeteer.launch({
  executablePath: options.chromium || "/usr/bin/chromium",
  headless: true,
  // As root, with no network and nothing to update: what Chromium needs to start clean here.
  args: [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--autoplay-policy=no-user-gesture-required", `--user-data-dir=${profile}`,
  ],
});

function brief(results) {
  return results.map((r) => ({
    id: r.id, impact: r.impact, help: r.help,
    nodes: r.nodes.map((n) => ({ target: n.target.join(" "), summary: n.failureSummary || "" })),
  }));
}

const report = { pages: {}, keyboard: null };
try {
  for (const { name, url } of options.pages) {
    const page = await browser.newPage();
    await page.setViewport({ width: 1024, height: 900 });
    const response = await page.goto(url, { waitUntil: "load" });
    if (!response || !response.ok()) throw new Error(`${url}: HTTP ${response && response.status()}`);
    await page.addScriptTag({ content: axeSource });
    const results = await page.evaluate(async (tags) => {
      return await window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations", "incomplete"] });
    }, TAGS);
    report.pages[name] = {
      axe: results.testEngine.version,
      violations: brief(results.violations),
      incomplete: brief(results.incomplete),
      passes: results.passes.length,
    };
    if (options.screenshots) {
      await page.screenshot({ path: join(options.screenshots, `${name}.png`), fullPage: true });
    }
    await page.close();
  }

  if (options.keyboard) {
    const { url, heading } = options.keyboard;
    const page = await browser.newPage();
    await page.setViewport({ width: 1024, height: 900 });
    await page.goto(url, { waitUntil: "load" });
    await page.waitForFunction(() => document.getElementById("player").readyState >= 1, { timeout: 10000 });
    // The time link that follows the transcript heading named `heading`.
    const target = await page.evaluate((name) => {
      const found = [...document.querySelectorAll("#transcript h2, #transcript h3, #transcript h4")]
        .find((h) => h.textContent.trim() === name);
      if (!found) return null;
      const link = found.nextElementSibling.querySelector("a[data-t]");
      link.setAttribute("data-keyboard-target", "");
      return { start: parseFloat(link.getAttribute("data-t")), name: found.textContent };
    }, heading);
    if (!target) throw new Error(`no transcript heading named ${heading}`);
    let presses = 0;
    let focused = false;
    while (presses < 300) {
      await page.keyboard.press("Tab");
      presses += 1;
      focused = await page.evaluate(() => document.activeElement && document.activeElement.hasAttribute("data-keyboard-target"));
      if (focused) break;
    }
    const linkName = await page.evaluate(() => {
      // Where the player lands when the seek completes (it plays on from there).
      const player = document.getElementById("player");
      window.__landed = null;
      player.addEventListener("seeked", () => { if (window.__landed === null) window.__landed = player.currentTime; });
      return document.activeElement.textContent;
    });
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => window.__landed !== null, { timeout: 10000 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const state = await page.evaluate(() => {
      const player = document.getElementById("player");
      return { currentTime: window.__landed, after: player.currentTime, paused: player.paused, url: location.href };
    });
    report.keyboard = { heading: target.name, start: target.start, presses, focused, linkName, ...state };
    if (options.screenshots) {
      await page.screenshot({ path: join(options.screenshots, "keyboard.png") });
    }
    await page.close();
  }
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
process.stdout.write(JSON.stringify(report, null, 2) + "\n");
