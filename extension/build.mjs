// Builds loadable extension folders: dist/chromium/ (manifest.json as is) and dist/firefox/ (background
// scripts instead of a service worker, a gecko id, no managed_schema). Usage: node build.mjs [outDir].
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
// What ships; tests, fixtures, scripts and node_modules stay out.
const SHIPPED = ["_locales", "icons", "src", "options.html", "managed_schema.json"];
export const GECKO_ID = "bedenktijd@bedenktijd.eu";
const FIREFOX_MIN_VERSION = "128.0";

/** The Firefox manifest derived from the Chromium one. */
export function firefoxManifest(chromium) {
  const m = structuredClone(chromium);
  const worker = m.background.service_worker;
  const workerSource = readFileSync(join(HERE, worker), "utf8");
  // The worker pulls its modules in with importScripts; Firefox loads the same files as background scripts.
  const imported = /importScripts\(([^)]*)\)/.exec(workerSource);
  const names = imported ? Array.from(imported[1].matchAll(/"([^"]+)"/g), (x) => x[1]) : [];
  const folder = dirname(worker);
  m.background = { scripts: [...names.map((n) => `${folder}/${n}`), worker] };
  m.browser_specific_settings = { gecko: { id: GECKO_ID, strict_min_version: FIREFOX_MIN_VERSION } };
  delete m.minimum_chrome_version;
  delete m.storage; // Firefox reads policies' 3rdparty values without a schema
  return m;
}

/** Every file a manifest points at (scripts, pages, icons, schema), relative to the extension root. */
export function referencedFiles(manifest) {
  const files = new Set(Object.values(manifest.icons || {}));
  if (manifest.background) {
    if (manifest.background.service_worker) files.add(manifest.background.service_worker);
    for (const s of manifest.background.scripts || []) files.add(s);
  }
  for (const cs of manifest.content_scripts || []) for (const s of cs.js || []) files.add(s);
  if (manifest.options_ui) files.add(manifest.options_ui.page);
  if (manifest.storage && manifest.storage.managed_schema) files.add(manifest.storage.managed_schema);
  return Array.from(files);
}

function writeTarget(dir, manifest) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const entry of SHIPPED) cpSync(join(HERE, entry), join(dir, entry), { recursive: true });
  writeFileSync(join(dir, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
  const missing = referencedFiles(manifest).filter((f) => !existsSync(join(dir, f)));
  if (missing.length) throw new Error(`${dir}/manifest.json points at missing files: ${missing.join(", ")}`);
}

/** Writes <outDir>/chromium and <outDir>/firefox; returns their paths. */
export function build(outDir) {
  const chromium = JSON.parse(readFileSync(join(HERE, "manifest.json"), "utf8"));
  const targets = { chromium: join(outDir, "chromium"), firefox: join(outDir, "firefox") };
  writeTarget(targets.chromium, chromium);
  writeTarget(targets.firefox, firefoxManifest(chromium));
  return targets;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const out = resolve(process.argv[2] || join(HERE, "dist"));
  const targets = build(out);
  console.log(`built ${targets.chromium}\nbuilt ${targets.firefox}`);
}
