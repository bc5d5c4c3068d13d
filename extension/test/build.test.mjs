import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build, GECKO_ID, referencedFiles } from "../build.mjs";
import { SRC } from "./dom_fixture.mjs";

const EXT = join(SRC, "..");
const out = mkdtempSync(join(tmpdir(), "bedenktijd-build-"));
const targets = build(out);
const read = (dir) => JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
const chromium = read(targets.chromium);
const firefox = read(targets.firefox);
test.after(() => rmSync(out, { recursive: true, force: true }));

// The modules a classic script asks for with need("name").
function needs(file) {
  const code = readFileSync(join(EXT, file), "utf8");
  return Array.from(code.matchAll(/\bneed\("(\w+)"\)/g), (m) => `src/${m[1]}.js`);
}

function assertLoadOrder(list, where) {
  list.forEach((file, i) => {
    for (const dep of needs(file)) {
      const at = list.indexOf(dep);
      assert.ok(at >= 0 && at < i, `${where}: ${file} needs ${dep}, which must be listed before it`);
    }
  });
}

test("Chromium: MV3 service worker, the agreed permissions, loopback host permissions, managed schema", () => {
  assert.equal(chromium.manifest_version, 3);
  assert.equal(chromium.background.service_worker, "src/background.js");
  for (const p of ["storage", "notifications"]) assert.ok(chromium.permissions.includes(p), p);
  for (const h of [
    "http://127.0.0.1/*",
    "http://localhost/*",
    "*://*.x.com/*",
    "*://*.linkedin.com/*",
    "*://*.facebook.com/*",
  ]) {
    assert.ok(chromium.host_permissions.includes(h), h);
  }
  assert.equal(chromium.storage.managed_schema, "managed_schema.json");
  assert.equal(chromium.default_locale, "en");
});

test("every file either manifest points at exists in its build", () => {
  for (const [dir, manifest] of [
    [targets.chromium, chromium],
    [targets.firefox, firefox],
  ]) {
    const files = referencedFiles(manifest);
    assert.ok(files.length > 10);
    for (const f of files) assert.ok(existsSync(join(dir, f)), `${dir}: missing ${f}`);
    assert.ok(existsSync(join(dir, "_locales", "nl", "messages.json")));
  }
});

test("content scripts load each module after the modules it needs, content.js last", () => {
  const [cs] = chromium.content_scripts;
  assertLoadOrder(cs.js, "content_scripts");
  assert.equal(cs.js[cs.js.length - 1], "src/content.js");
  const shipped = readdirSync(SRC)
    .filter((f) => f.endsWith(".js"))
    .map((f) => `src/${f}`);
  const notContent = ["src/background.js", "src/companion_client.js", "src/sse_parser.js", "src/options.js"];
  for (const f of shipped)
    if (!notContent.includes(f)) assert.ok(cs.js.includes(f), `${f} is not loaded as a content script`);
});

test("Firefox: background scripts in dependency order instead of a service worker, a gecko id, no schema", () => {
  assert.equal(firefox.background.service_worker, undefined);
  const scripts = firefox.background.scripts;
  assert.equal(scripts[scripts.length - 1], "src/background.js");
  assertLoadOrder(scripts, "background.scripts");
  assert.ok(scripts.includes("src/companion_client.js"));
  assert.equal(firefox.browser_specific_settings.gecko.id, GECKO_ID);
  assert.equal(firefox.storage, undefined);
  assert.equal(firefox.minimum_chrome_version, undefined);
  assert.deepEqual(firefox.content_scripts, chromium.content_scripts);
});

test("the managed schema follows Chrome's rules: object at the top, no additionalProperties there, one type each", () => {
  const schema = JSON.parse(readFileSync(join(targets.chromium, "managed_schema.json"), "utf8"));
  assert.equal(schema.type, "object");
  assert.equal(schema.additionalProperties, undefined);
  const walk = (node, path) => {
    assert.ok(typeof node.type === "string" || typeof node.$ref === "string", `${path} needs a type`);
    for (const [k, v] of Object.entries(node.properties || {})) walk(v, `${path}.${k}`);
    if (node.items) walk(node.items, `${path}[]`);
  };
  walk(schema, "schema");
});

test("sources are classic scripts (no import/export), and tests or node_modules never ship", () => {
  for (const f of readdirSync(SRC)) {
    const code = readFileSync(join(SRC, f), "utf8");
    assert.doesNotMatch(code, /^\s*(import|export)\s/m, `${f} must stay a classic script`);
  }
  for (const dir of [targets.chromium, targets.firefox]) {
    for (const name of readdirSync(dir))
      assert.ok(!["test", "node_modules", "package.json", "build.mjs"].includes(name), `${name} shipped`);
  }
});
