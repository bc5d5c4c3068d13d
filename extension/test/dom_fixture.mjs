// Test support (not a test): loads the fixture HTML files into jsdom and the extension's classic modules.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { JSDOM } from "jsdom";

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "fixtures");
export const SRC = join(dirname(fileURLToPath(import.meta.url)), "..", "src");
const require = createRequire(import.meta.url);

/** One extension module from src/ (CommonJS side of the classic scripts). */
export function load(name) {
  return require(join(SRC, `${name}.js`));
}

/** A jsdom window for fixtures/<file>, at `url` (so location.hostname looks like the network). */
export function fixture(file, url, options = {}) {
  const html = readFileSync(join(FIXTURES, file), "utf8");
  const dom = new JSDOM(html, { url: url || "https://www.example.com/", ...options });
  return dom.window;
}

/** Waits `ms` milliseconds. */
export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` until it returns a truthy value or `ms` pass; returns the value (or throws). */
export async function until(check, ms = 2000, what = "condition") {
  const end = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}
