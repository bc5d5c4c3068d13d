import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { load, SRC } from "./dom_fixture.mjs";

const strings = load("strings");
const EXT = join(SRC, "..");

function placeholders(text) {
  return Array.from(text.matchAll(/\{(\w+)\}/g), (m) => m[1]).sort();
}

test("nl and en have the same keys, none empty, with the same placeholders", () => {
  const nl = strings.MESSAGES.nl;
  const en = strings.MESSAGES.en;
  assert.deepEqual(Object.keys(nl).sort(), Object.keys(en).sort());
  for (const key of Object.keys(en)) {
    assert.ok(nl[key].trim() && en[key].trim(), `empty text for ${key}`);
    assert.deepEqual(placeholders(nl[key]), placeholders(en[key]), `placeholders differ for ${key}`);
  }
});

test("every risk category of the core model has a label", () => {
  const model = readFileSync(join(EXT, "..", "rules", "model.py"), "utf8");
  const block = /CATEGORIES[^=]*=\s*\(([^)]*)\)/.exec(model)[1];
  const categories = Array.from(block.matchAll(/"(\w+)"/g), (m) => m[1]);
  assert.equal(categories.length, 12);
  for (const c of categories) assert.ok(strings.MESSAGES.en[`category_${c}`], `no label for category ${c}`);
});

test("every key the code and the options page use exists", () => {
  const used = new Set();
  for (const file of readdirSync(SRC)) {
    const code = readFileSync(join(SRC, file), "utf8");
    for (const m of code.matchAll(/\bt\(\s*\w+\s*,\s*"(\w+)"/g)) used.add(m[1]);
  }
  const page = readFileSync(join(EXT, "options.html"), "utf8");
  for (const m of page.matchAll(/data-i18n="(\w+)"/g)) used.add(m[1]);
  assert.ok(used.size > 20);
  for (const key of used) assert.ok(key in strings.MESSAGES.en, `missing string ${key}`);
});

test("language: configured wins, else the browser's (nl* is Dutch), else English", () => {
  assert.equal(strings.pickLanguage("en", "nl-NL"), "en");
  assert.equal(strings.pickLanguage("nl", "en-US"), "nl");
  assert.equal(strings.pickLanguage("auto", "nl-BE"), "nl");
  assert.equal(strings.pickLanguage(undefined, "NL"), "nl");
  assert.equal(strings.pickLanguage("auto", "fr-BE"), "en");
  assert.equal(strings.pickLanguage("de", undefined), "en");
});

test("t fills placeholders and falls back to English, then the key", () => {
  assert.equal(strings.t("nl", "confirmPostAnyway"), "Toch plaatsen");
  assert.equal(strings.t("en", "confirmEdit"), "Edit");
  assert.equal(strings.t("nl", "policyLinkClause", { clause: "3.2" }), "Lees artikel 3.2 van het protocol");
  assert.equal(strings.t("fr", "confirmEdit"), "Edit");
  assert.equal(strings.t("en", "noSuchKey"), "noSuchKey");
  assert.equal(strings.findingsCount("nl", 1), "1 aandachtspunt");
  assert.equal(strings.findingsCount("en", 3), "3 points to reconsider");
});

test("a finding's texts come in the asked language, English as fallback", () => {
  assert.equal(strings.localized({ nl: "Let op", en: "Careful" }, "nl"), "Let op");
  assert.equal(strings.localized({ en: "Careful" }, "nl"), "Careful");
  assert.equal(strings.localized(undefined, "nl"), "");
});

test("the manifest's name and description exist in both _locales", () => {
  const manifest = JSON.parse(readFileSync(join(EXT, "manifest.json"), "utf8"));
  const refs = Array.from(JSON.stringify(manifest).matchAll(/__MSG_(\w+)__/g), (m) => m[1]);
  assert.ok(refs.length >= 2);
  const nl = JSON.parse(readFileSync(join(EXT, "_locales", "nl", "messages.json"), "utf8"));
  const en = JSON.parse(readFileSync(join(EXT, "_locales", "en", "messages.json"), "utf8"));
  assert.deepEqual(Object.keys(nl).sort(), Object.keys(en).sort());
  for (const r of refs) {
    assert.ok(nl[r] && nl[r].message.trim(), `nl lacks ${r}`);
    assert.ok(en[r] && en[r].message.trim(), `en lacks ${r}`);
  }
  assert.notEqual(nl.extDescription.message, en.extDescription.message);
});
