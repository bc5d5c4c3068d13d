import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { load, SRC } from "./dom_fixture.mjs";

const config = load("config");

test("only loopback http addresses with a port are accepted for the companion", () => {
  assert.equal(config.normaliseCompanionUrl("http://127.0.0.1:8765"), "http://127.0.0.1:8765");
  assert.equal(config.normaliseCompanionUrl(" http://LOCALHOST:8765/ "), "http://localhost:8765");
  for (const bad of [
    "https://127.0.0.1:8765",
    "http://127.0.0.1",
    "http://10.0.0.5:8765",
    "http://127.0.0.1.evil.example:80",
    "http://127.0.0.1:8765/api",
    "http://user@127.0.0.1:8765",
    "http://127.0.0.1:0",
    "http://127.0.0.1:70000",
    "",
    null,
  ]) {
    assert.equal(config.normaliseCompanionUrl(bad), null, String(bad));
  }
});

test("managed values win over local ones, which win over the defaults", () => {
  const { settings, managedKeys, problems } = config.resolve(
    { companionUrl: "http://127.0.0.1:9000", language: "nl" },
    { companionUrl: "http://127.0.0.1:8000", token: " abc ", language: "en", enabledNetworks: ["x"] },
  );
  assert.deepEqual(settings, {
    companionUrl: "http://127.0.0.1:9000",
    token: "abc",
    language: "nl",
    enabledNetworks: ["x"],
    debounceMs: 400,
    timeoutMs: 300,
  });
  assert.deepEqual(managedKeys.sort(), ["companionUrl", "language"]);
  assert.deepEqual(problems, []);
  assert.equal(config.isUsable(settings), true);
});

test("nothing configured: defaults, all networks, not usable", () => {
  const { settings } = config.resolve(undefined, {});
  assert.deepEqual(settings.enabledNetworks, ["x", "linkedin", "facebook"]);
  assert.equal(settings.language, "auto");
  assert.equal(config.isUsable(settings), false);
});

test("a non-loopback companion address is dropped and named, so the token never goes there", () => {
  const { settings, problems } = config.resolve(
    { companionUrl: "https://collector.example.org:443" },
    { token: "t" },
  );
  assert.equal(settings.companionUrl, "");
  assert.equal(config.isUsable(settings), false);
  assert.match(problems[0], /companionUrl in managed storage/);
});

test("wrongly typed values are ignored: unknown networks and languages, non-string tokens", () => {
  const { settings } = config.resolve({ enabledNetworks: ["x", "myspace"], language: "de", token: 42 }, {});
  assert.deepEqual(settings.enabledNetworks, ["x"]);
  assert.equal(settings.language, "auto");
  assert.equal(settings.token, "");
});

test("the companion's timings are used within bounds; its language only when ours is auto", () => {
  const base = config.resolve({}, { language: "auto" }).settings;
  const out = config.withCompanionTimings(base, { debounce_ms: 250, timeout_ms: 99999, language: "nl" });
  assert.equal(out.debounceMs, 250);
  assert.equal(out.timeoutMs, 1000);
  assert.equal(out.language, "nl");
  const fixed = config.withCompanionTimings(
    { ...base, language: "en" },
    { language: "nl", debounce_ms: "x" },
  );
  assert.equal(fixed.language, "en");
  assert.equal(fixed.debounceMs, 400);
  assert.deepEqual(config.withCompanionTimings(base, null), base);
});

test("the managed schema declares exactly the keys the extension reads", () => {
  const schema = JSON.parse(readFileSync(join(SRC, "..", "managed_schema.json"), "utf8"));
  assert.deepEqual(Object.keys(schema.properties).sort(), [...config.KEYS].sort());
  assert.deepEqual(schema.properties.language.enum, ["nl", "en", "auto"]);
  assert.deepEqual(schema.properties.enabledNetworks.items.enum, config.NETWORKS);
});
